import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { currencyExponent } from './currencyExponent.js';
import { messages } from './messages.js';
import type { Money } from './types.js';

/**
 * Creates a {@link Money} from an integer amount of minor units, checking both fields.
 *
 * @param amount - minor units (cents, fen, fils): a safe integer, negative allowed
 * @param currency - an ISO 4217 code in upper case
 * @param path - where the value sits in the caller's input, for errors (default: empty)
 * @returns a frozen `{ amount, currency }`
 * @throws {LoyaltyError} INVALID_AMOUNT when `amount` is not a safe integer (e.g. `199.9`, `NaN`)
 * @throws {LoyaltyError} UNKNOWN_CURRENCY when `currency` is not a known ISO 4217 code
 * @example money(19990, 'CNY') //=> { amount: 19990, currency: 'CNY' } (199.90 CNY)
 */
export function money(amount: number, currency: string, path: readonly PathSegment[] = []): Money {
  currencyExponent(currency, [...path, 'currency']);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Invalid amount', [
      {
        code: 'invalid_amount',
        path: [...path, 'amount'],
        message: messages.notSafeInteger('Amount', amount),
      },
    ]);
  }
  return Object.freeze({ amount: amount === 0 ? 0 : amount, currency });
}

/**
 * Checks that a value handed in by the caller is a well-formed {@link Money}; returns it unchanged.
 * Internal to the money folder (public functions call it on their arguments).
 */
export function checkMoney(value: unknown, path: readonly PathSegment[]): Money {
  if (typeof value !== 'object' || value === null || !('amount' in value) || !('currency' in value)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Invalid money', [
      { code: 'invalid_money', path, message: messages.notMoney(value) },
    ]);
  }
  const { amount, currency } = value as { amount: unknown; currency: unknown };
  currencyExponent(currency as string, [...path, 'currency']);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Invalid amount', [
      {
        code: 'invalid_amount',
        path: [...path, 'amount'],
        message: messages.notSafeInteger('Amount', amount),
      },
    ]);
  }
  return value as Money;
}

/** Builds a Money from an integer result, checking the safe range. Internal. */
export function moneyResult(amount: number | bigint, currency: string, operation: string): Money {
  const n = typeof amount === 'bigint' ? Number(amount) : amount;
  if (
    !Number.isSafeInteger(n) ||
    (typeof amount === 'bigint' &&
      (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < -BigInt(Number.MAX_SAFE_INTEGER)))
  ) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Amount out of range', [
      { code: 'amount_overflow', path: [], message: messages.overflow(operation, currency) },
    ]);
  }
  return Object.freeze({ amount: n === 0 ? 0 : n, currency });
}
