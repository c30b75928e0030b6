import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';

/** Checks that a value is a safe integer of point units. Internal. */
export function checkUnits(value: unknown, what: string, path: readonly PathSegment[]): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new LoyaltyError('INVALID_POINTS', 'Invalid points', [
    { code: 'invalid_points', path, message: messages.notUnits(what, value) },
  ]);
}

/** Checks that a result is a safe integer; never returns -0. Internal. */
export function unitsResult(value: number, operation: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new LoyaltyError('INVALID_POINTS', 'Points out of range', [
      { code: 'points_overflow', path: [], message: messages.overflow(operation) },
    ]);
  }
  return value === 0 ? 0 : value;
}

/**
 * Adds two quantities of point units (same program, same precision).
 *
 * @param left - point units, a safe integer
 * @param right - point units, a safe integer
 * @returns `left + right`
 * @throws {LoyaltyError} INVALID_POINTS when an argument is not a safe integer or the sum leaves the safe range
 * @example addPoints(1250, 50) //=> 1300
 */
export function addPoints(left: number, right: number): number {
  checkUnits(left, 'Points', ['left']);
  checkUnits(right, 'Points', ['right']);
  return unitsResult(left + right, 'addPoints');
}

/**
 * Subtracts point units.
 *
 * @param left - point units, a safe integer
 * @param right - point units to subtract, a safe integer
 * @returns `left - right` (may be negative)
 * @throws {LoyaltyError} INVALID_POINTS when an argument is not a safe integer or the difference leaves the safe range
 * @example subtractPoints(100, 250) //=> -150
 */
export function subtractPoints(left: number, right: number): number {
  checkUnits(left, 'Points', ['left']);
  checkUnits(right, 'Points', ['right']);
  return unitsResult(left - right, 'subtractPoints');
}

/**
 * Sums a list of point units; the empty list sums to 0. Only the total must be in the safe range.
 *
 * @param list - point units, safe integers
 * @returns the total
 * @throws {LoyaltyError} INVALID_POINTS when an entry is not a safe integer (path: its index) or the total leaves the safe range
 * @example sumPoints([100, 250, -50]) //=> 300
 */
export function sumPoints(list: readonly number[]): number {
  let total = 0n;
  list.forEach((u, i) => {
    total += BigInt(checkUnits(u, 'Points', [i]));
  });
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (total > max || total < -max) return unitsResult(Number.POSITIVE_INFINITY, 'sumPoints');
  return unitsResult(Number(total), 'sumPoints');
}
