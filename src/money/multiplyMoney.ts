import { LoyaltyError } from '../errors/index.js';
import {
  checkRoundingMode,
  Dec,
  decToSafeInteger,
  isSafeIntegerDec,
  roundToInteger,
  toDec,
} from './decimal.js';
import { messages } from './messages.js';
import { checkMoney } from './money.js';
import type { DecimalInput, Money, RoundingMode } from './types.js';

/**
 * Multiplies money by a decimal rate and rounds the exact product once, to whole minor units, with
 * an explicit rounding mode. The product is computed exactly in decimal (never in floating point):
 * `"0.05"` is exactly five hundredths.
 *
 * @param value - the amount
 * @param rate - a decimal string (`"0.05"`, `"1.5"`, `"-1"`) or a finite number (read at its
 *   shortest decimal form), at most 40 significant digits
 * @param mode - how to round the exact product to minor units (see {@link RoundingMode})
 * @returns the rounded product, in the same currency
 * @throws {LoyaltyError} INVALID_ARGUMENT when `rate` is not a decimal or `mode` is not a rounding mode
 * @throws {LoyaltyError} INVALID_AMOUNT when the result leaves the safe integer range, or `value` is not money
 * @example multiplyMoney(money(19990, 'CNY'), '0.05', 'halfEven') //=> { amount: 1000, currency: 'CNY' } (999.5 -> 1000)
 * @example multiplyMoney(money(-333, 'USD'), '0.5', 'floor') //=> { amount: -167, currency: 'USD' }
 */
export function multiplyMoney(value: Money, rate: DecimalInput, mode: RoundingMode): Money {
  checkMoney(value, ['value']);
  const r = toDec(rate, 'rate', 'INVALID_ARGUMENT', ['rate']);
  const m = checkRoundingMode(mode, ['mode']);
  const rounded = roundToInteger(new Dec(value.amount).times(r), m);
  if (!isSafeIntegerDec(rounded)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Amount out of range', [
      { code: 'amount_overflow', path: [], message: messages.overflow('multiplyMoney', value.currency) },
    ]);
  }
  return Object.freeze({ amount: decToSafeInteger(rounded), currency: value.currency });
}
