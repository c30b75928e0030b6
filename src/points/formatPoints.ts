import { checkUnits } from './addPoints.js';
import { checkPrecision } from './pointsPrecision.js';
import type { PointsPrecision } from './types.js';

/**
 * Formats point units as a plain decimal string with exactly `precision` decimals: `"12.50"` for
 * 1250 units at precision 2, `"100"` at precision 0. `parsePoints(formatPoints(u, p), p) === u`.
 *
 * @param units - point units, a safe integer
 * @param precision - the program's points precision (default 0)
 * @returns the decimal string
 * @throws {LoyaltyError} INVALID_POINTS when `units` is not a safe integer
 * @throws {LoyaltyError} INVALID_ARGUMENT when `precision` is not 0..4
 * @example formatPoints(1250, 2) //=> '12.50'
 * @example formatPoints(-5, 1) //=> '-0.5'
 */
export function formatPoints(units: number, precision: PointsPrecision = 0): string {
  checkUnits(units, 'Points', ['units']);
  const p = checkPrecision(precision, ['precision']);
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(p + 1, '0');
  const body = p === 0 ? digits : `${digits.slice(0, digits.length - p)}.${digits.slice(-p)}`;
  return negative ? `-${body}` : body;
}
