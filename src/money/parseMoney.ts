import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { currencyExponent } from './currencyExponent.js';
import { numberToPlainString, splitDecimal } from './decimal.js';
import { messages } from './messages.js';
import type { Money } from './types.js';

/** Options of {@link parseMoney}. */
export interface ParseMoneyOptions {
  /** Where the amount sits in the caller's input, for errors, e.g. `['lines', 2, 'price']`. */
  readonly path?: readonly PathSegment[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a major-unit amount (`"199.90"`) into {@link Money} in minor units, exactly.
 *
 * Strings: an optional `-` or `+`, digits, and optionally one `.` followed by at most as many
 * decimals as the currency has (`"199.9"` and `"199.90"` are both 19990 fen; `"199.901"` is
 * refused). No thousands separators, spaces, exponent notation, `".5"` or `"5."`: they are refused
 * with a message saying what to change, because `"1,234"` means 1.234 in half of the world's
 * locales. Strings never go through floating point.
 *
 * Numbers: any finite number, read at its shortest round-trip decimal form (`199.9` is `"199.9"`),
 * then the string rules apply. So `0.1 + 0.2` (`0.30000000000000004`) is refused for CNY instead of
 * silently becoming 30 fen.
 *
 * @param input - the amount in major units, e.g. `"199.90"`, `"-5"`, `1234.5`
 * @param currency - an ISO 4217 code in upper case
 * @param options - `path` for errors
 * @returns the amount as `{ amount, currency }` in minor units (`-0` becomes `0`)
 * @throws {LoyaltyError} INVALID_AMOUNT when the input is not a decimal, has more decimals than the
 *   currency, or is outside the safe integer range of minor units
 * @throws {LoyaltyError} UNKNOWN_CURRENCY when the currency is not a known ISO 4217 code
 * @example parseMoney('199.90', 'CNY') //=> { amount: 19990, currency: 'CNY' }
 * @example parseMoney('1.234', 'KWD') //=> { amount: 1234, currency: 'KWD' }
 */
export function parseMoney(input: string | number, currency: string, options: ParseMoneyOptions = {}): Money {
  const path = options.path ?? [];
  const exponent = currencyExponent(currency, [...path, 'currency']);
  const fail = (message: string): LoyaltyError =>
    new LoyaltyError('INVALID_AMOUNT', 'Invalid amount', [{ code: 'invalid_amount', path, message }]);

  let text: string;
  if (typeof input === 'number') {
    const plain = numberToPlainString(input);
    if (plain === null) throw fail(messages.badNumber('Amount', input));
    text = plain;
  } else if (typeof input === 'string') {
    text = input;
  } else {
    throw fail(messages.notDecimalInput('Amount', input));
  }

  const parts = splitDecimal(text);
  if (typeof parts === 'string') throw fail(messages.badDecimalString('Amount', text, parts));
  if (parts.fraction.length > exponent) {
    throw fail(messages.tooManyDecimals('Amount', text, currency, exponent));
  }
  const minor = BigInt(`${parts.integer}${parts.fraction.padEnd(exponent, '0')}`);
  if (minor > MAX_SAFE) throw fail(messages.tooLarge('Amount', text, currency));
  const amount = Number(parts.negative ? -minor : minor);
  return Object.freeze({ amount: amount === 0 ? 0 : amount, currency });
}
