import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { numberToPlainString, splitDecimal } from '../money/index.js';
import { messages } from './messages.js';
import { checkPrecision } from './pointsPrecision.js';
import type { PointsPrecision } from './types.js';

/** Options of {@link parsePoints}. */
export interface ParsePointsOptions {
  /** Where the value sits in the caller's input, for errors. */
  readonly path?: readonly PathSegment[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a points quantity (`"12.5"`) into integer point units at the program's precision, exactly.
 * Same rules as `parseMoney`: optional sign, digits, optionally one `.` and at most `precision`
 * decimals; no separators, spaces or exponent; numbers are read at their shortest decimal form.
 *
 * @param input - the points, e.g. `"12.5"`, `"-3"`, `100`
 * @param precision - the program's points precision (default 0: whole points)
 * @param options - `path` for errors
 * @returns point units: `points * 10^precision`, a safe integer
 * @throws {LoyaltyError} INVALID_POINTS when the input is not a decimal, has more decimals than the
 *   precision, or is out of the safe integer range of units
 * @throws {LoyaltyError} INVALID_ARGUMENT when `precision` is not 0..4
 * @example parsePoints('12.5', 2) //=> 1250
 * @example parsePoints('100') //=> 100
 */
export function parsePoints(
  input: string | number,
  precision: PointsPrecision = 0,
  options: ParsePointsOptions = {},
): number {
  const path = options.path ?? [];
  const p = checkPrecision(precision, ['precision']);
  const fail = (message: string): LoyaltyError =>
    new LoyaltyError('INVALID_POINTS', 'Invalid points', [{ code: 'invalid_points', path, message }]);
  let text: string;
  if (typeof input === 'number') {
    const plain = numberToPlainString(input);
    if (plain === null) throw fail(messages.badNumber('Points', input));
    text = plain;
  } else if (typeof input === 'string') {
    text = input;
  } else {
    throw fail(messages.notDecimalInput('Points', input));
  }
  const parts = splitDecimal(text);
  if (typeof parts === 'string') throw fail(messages.badDecimal('Points', text, parts));
  if (parts.fraction.length > p) throw fail(messages.tooManyDecimals(text, p));
  const units = BigInt(`${parts.integer}${parts.fraction.padEnd(p, '0')}`);
  if (units > MAX_SAFE) throw fail(messages.tooLarge(text));
  const n = Number(parts.negative ? -units : units);
  return n === 0 ? 0 : n;
}
