import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { readYmd, type Ymd } from './calendar.js';
import { messages } from './messages.js';
import type { LocalDate } from './types.js';

/** Internal: the (year, month, day) of a local date, or a LoyaltyError INVALID_DATE. */
export function ymdOf(input: unknown, path: readonly PathSegment[] = []): Ymd {
  let message: string;
  if (typeof input !== 'string') {
    message = messages.notALocalDate(input);
  } else {
    const r = readYmd(input);
    if (typeof r === 'object') return r;
    message = r === undefined ? messages.notALocalDate(input) : messages.impossibleLocalDate(input, r);
  }
  throw new LoyaltyError('INVALID_DATE', 'Invalid date', [{ code: 'invalid_local_date', path, message }]);
}

/**
 * Validates a calendar date `YYYY-MM-DD` (years 0000..9999, leap years included; year 0000 is a
 * leap year, so `0000-02-29` works as "29 February, year unknown" for birthdays).
 *
 * @param input - e.g. `"2028-02-29"`
 * @param path - where the value sits in the caller's input, for the error (default `[]`)
 * @returns the same date string
 * @throws {LoyaltyError} INVALID_DATE when the input is not `YYYY-MM-DD` or names a day that does not
 *   exist (`2026-02-29`, `2026-04-31`)
 * @example
 * parseLocalDate('2028-02-29') //=> '2028-02-29'
 */
export function parseLocalDate(input: unknown, path: readonly PathSegment[] = []): LocalDate {
  ymdOf(input, path);
  return input as LocalDate;
}

/**
 * Tells whether a value is a valid `YYYY-MM-DD` calendar date.
 *
 * @param value - anything
 * @returns true when {@link parseLocalDate} would accept it
 * @example
 * isLocalDate('2026-02-29') //=> false
 */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && typeof readYmd(value) === 'object';
}
