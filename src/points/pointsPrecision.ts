import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';
import type { PointsPrecision } from './types.js';

/**
 * True when `value` is a {@link PointsPrecision} (0, 1, 2, 3 or 4).
 *
 * @param value - the value to test
 * @returns whether it is a valid precision
 * @example isPointsPrecision(2) //=> true; isPointsPrecision(5) //=> false
 */
export function isPointsPrecision(value: unknown): value is PointsPrecision {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * How many point units make one point at a precision: `10^precision`.
 *
 * @param precision - the program's points precision
 * @param path - where the precision sits in the caller's input, for errors
 * @returns 1, 10, 100, 1000 or 10000
 * @throws {LoyaltyError} INVALID_ARGUMENT when `precision` is not 0..4
 * @example unitsPerPoint(2) //=> 100
 */
export function unitsPerPoint(precision: PointsPrecision, path: readonly PathSegment[] = []): number {
  return 10 ** checkPrecision(precision, path);
}

/** Checks a precision given by the caller. Internal. */
export function checkPrecision(value: unknown, path: readonly PathSegment[]): PointsPrecision {
  if (isPointsPrecision(value)) return value;
  throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid points precision', [
    { code: 'invalid_precision', path, message: messages.badPrecision(value) },
  ]);
}
