import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { CURRENCY_EXPONENTS, WITHDRAWN_CURRENCY_EXPONENTS } from './currencies.js';
import { messages } from './messages.js';

/**
 * True when `code` is a currency this library knows: an active ISO 4217 code with an integer minor
 * unit, or a recently withdrawn one kept for replaying history (see `WITHDRAWN_CURRENCY_EXPONENTS`).
 *
 * @param code - the value to test
 * @returns whether {@link currencyExponent} accepts it
 * @example isKnownCurrency('CNY') //=> true; isKnownCurrency('cny') //=> false
 */
export function isKnownCurrency(code: unknown): code is string {
  return (
    typeof code === 'string' &&
    (Object.hasOwn(CURRENCY_EXPONENTS, code) || Object.hasOwn(WITHDRAWN_CURRENCY_EXPONENTS, code))
  );
}

/**
 * The minor-unit exponent of a currency: how many decimals its amounts have.
 *
 * @param code - an ISO 4217 alphabetic code in upper case
 * @param path - where the code sits in the caller's input, for the error (default: empty)
 * @returns 0 for JPY, 2 for CNY/USD/EUR, 3 for KWD/BHD, 4 for CLF/UYW, ...
 * @throws {LoyaltyError} UNKNOWN_CURRENCY when the code is not a known ISO 4217 code
 * @example currencyExponent('KWD') //=> 3
 */
export function currencyExponent(code: string, path: readonly PathSegment[] = []): number {
  if (typeof code === 'string') {
    const active = CURRENCY_EXPONENTS[code];
    if (active !== undefined && Object.hasOwn(CURRENCY_EXPONENTS, code)) return active;
    const withdrawn = WITHDRAWN_CURRENCY_EXPONENTS[code];
    if (withdrawn !== undefined && Object.hasOwn(WITHDRAWN_CURRENCY_EXPONENTS, code)) return withdrawn;
  }
  throw new LoyaltyError('UNKNOWN_CURRENCY', 'Unknown currency', [
    { code: 'unknown_currency', path, message: messages.unknownCurrency(code) },
  ]);
}
