import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { type MoneyOperation, messages } from './messages.js';
import { checkMoney, moneyResult } from './money.js';
import type { Money } from './types.js';

/** Throws CURRENCY_MISMATCH when the two currencies differ. Internal. */
export function checkSameCurrency(
  left: Money,
  right: Money,
  operation: MoneyOperation,
  path: readonly PathSegment[] = [],
): void {
  if (left.currency !== right.currency) {
    throw new LoyaltyError('CURRENCY_MISMATCH', 'Currency mismatch', [
      {
        code: 'currency_mismatch',
        path,
        message: messages.mismatch(operation, left.currency, right.currency),
      },
    ]);
  }
}

/**
 * Adds two amounts of the same currency.
 *
 * @param left - the first amount
 * @param right - the amount to add, in the same currency
 * @returns `left + right`
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the currencies differ ("Cannot add CNY to USD: convert first")
 * @throws {LoyaltyError} INVALID_AMOUNT when the sum leaves the safe integer range, or an argument is not money
 * @example addMoney(money(19990, 'CNY'), money(10, 'CNY')) //=> { amount: 20000, currency: 'CNY' }
 */
export function addMoney(left: Money, right: Money): Money {
  checkMoney(left, ['left']);
  checkMoney(right, ['right']);
  checkSameCurrency(left, right, 'add');
  return moneyResult(left.amount + right.amount, left.currency, 'addMoney');
}

/**
 * Subtracts an amount from another of the same currency.
 *
 * @param left - the amount to subtract from
 * @param right - the amount to subtract, in the same currency
 * @returns `left - right` (may be negative)
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the currencies differ
 * @throws {LoyaltyError} INVALID_AMOUNT when the difference leaves the safe integer range, or an argument is not money
 * @example subtractMoney(money(500, 'USD'), money(700, 'USD')) //=> { amount: -200, currency: 'USD' }
 */
export function subtractMoney(left: Money, right: Money): Money {
  checkMoney(left, ['left']);
  checkMoney(right, ['right']);
  checkSameCurrency(left, right, 'subtract');
  return moneyResult(left.amount - right.amount, left.currency, 'subtractMoney');
}

/**
 * Sums a list of amounts, all in `currency`. The empty list sums to zero. The total is checked once
 * at the end (partial sums may exceed the safe range as long as the total does not).
 *
 * @param amounts - the amounts, all in `currency`
 * @param currency - the currency of the total (so that an empty list has one)
 * @returns the total
 * @throws {LoyaltyError} CURRENCY_MISMATCH when an amount is in another currency (path: its index)
 * @throws {LoyaltyError} INVALID_AMOUNT when the total leaves the safe integer range
 * @throws {LoyaltyError} UNKNOWN_CURRENCY when `currency` is unknown
 * @example sumMoney([money(100, 'EUR'), money(250, 'EUR')], 'EUR') //=> { amount: 350, currency: 'EUR' }
 */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  const total = moneyResult(0, currency, 'sumMoney');
  checkMoney(total, []);
  let sum = 0n;
  amounts.forEach((m, i) => {
    checkMoney(m, [i]);
    checkSameCurrency(total, m, 'sum', [i]);
    sum += BigInt(m.amount);
  });
  return moneyResult(sum, currency, 'sumMoney');
}

/**
 * The opposite amount: `-m`. Useful to turn a purchase into its refund.
 *
 * @param value - the amount
 * @returns the amount with the sign flipped (zero stays `0`, never `-0`)
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not well-formed money
 * @example negateMoney(money(19990, 'CNY')) //=> { amount: -19990, currency: 'CNY' }
 */
export function negateMoney(value: Money): Money {
  checkMoney(value, []);
  return moneyResult(-value.amount, value.currency, 'negateMoney');
}
