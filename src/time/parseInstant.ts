import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { daysInMonth, isLeapYear } from './calendar.js';
import { messages } from './messages.js';
import type { Instant } from './types.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** Earliest and latest supported instants: years 0000..9999, so the canonical form keeps 4 digits. */
const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Reads an ISO-8601 instant into epoch milliseconds; a string explains why it is not one. */
function read(input: string): number | string {
  const m = ISO.exec(input);
  if (m === null) return messages.notAnInstant(input);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12) return messages.impossibleInstant(input, `month ${m[2]} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) {
    const why =
      month === 2 && day === 29 && !isLeapYear(year)
        ? `${m[1]} is not a leap year`
        : `day ${m[3]} does not exist in month ${m[2]}`;
    return messages.impossibleInstant(input, why);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return messages.impossibleInstant(input, 'the time must be 00:00:00 to 23:59:59');
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return messages.impossibleInstant(input, 'the UTC offset must be within ±23:59');
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute - offsetMinutes, second, ms);
  const epoch = d.getTime();
  if (!(epoch >= MIN_MS && epoch <= MAX_MS))
    return messages.outOfRange(`The instant ${JSON.stringify(input)}`);
  return epoch;
}

/** Internal: epoch milliseconds of an instant string, or a LoyaltyError INVALID_DATE. */
export function epochOf(input: unknown, path: readonly PathSegment[] = []): number {
  const r = typeof input === 'string' ? read(input) : messages.notAnInstant(input);
  if (typeof r === 'number') return r;
  throw new LoyaltyError('INVALID_DATE', 'Invalid instant', [{ code: 'invalid_instant', path, message: r }]);
}

/** Internal: the canonical instant of epoch milliseconds, or INVALID_DATE when out of range. */
export function instantOf(epochMs: number, what = 'The result'): Instant {
  if (!(epochMs >= MIN_MS && epochMs <= MAX_MS)) {
    throw new LoyaltyError('INVALID_DATE', messages.outOfRange(what));
  }
  return new Date(epochMs).toISOString();
}

/**
 * Parses an ISO-8601 date-time with `Z` or an explicit UTC offset and returns it as a canonical UTC
 * instant (`toISOString()` form, always with milliseconds and `Z`). Fractions beyond milliseconds
 * are truncated.
 *
 * @param input - e.g. `"2026-03-01T17:30:00+08:00"`, `"2026-03-01T09:30Z"`
 * @param path - where the value sits in the caller's input, for the error (default `[]`)
 * @returns the canonical instant, e.g. `"2026-03-01T09:30:00.000Z"`
 * @throws {LoyaltyError} INVALID_DATE when the input is not a string, has no `Z`/offset (a local
 *   time is ambiguous), names an impossible date or time (`2026-02-30`, `25:00`), or lies outside
 *   the years 0000..9999
 * @example
 * parseInstant('2026-03-01T17:30:00+08:00') //=> '2026-03-01T09:30:00.000Z'
 */
export function parseInstant(input: unknown, path: readonly PathSegment[] = []): Instant {
  return new Date(epochOf(input, path)).toISOString();
}

/**
 * Tells whether a value is a string that {@link parseInstant} accepts (canonical or not).
 *
 * @param value - anything
 * @returns true for an ISO-8601 date-time with `Z` or an offset naming a real moment
 * @example
 * isInstant('2026-03-01T09:30:00Z') //=> true
 * isInstant('2026-03-01T09:30:00') //=> false (no zone)
 */
export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && typeof read(value) === 'number';
}

/**
 * Compares two instants by the moment they denote (offsets are taken into account).
 *
 * @param a - an instant
 * @param b - another instant
 * @returns -1 when `a` is earlier, 1 when later, 0 when they are the same moment
 * @throws {LoyaltyError} INVALID_DATE when either is not an instant
 * @example
 * compareInstants('2026-03-01T10:00:00+08:00', '2026-03-01T02:00:00.000Z') //=> 0
 */
export function compareInstants(a: Instant, b: Instant): -1 | 0 | 1 {
  const x = epochOf(a, ['a']);
  const y = epochOf(b, ['b']);
  return x < y ? -1 : x > y ? 1 : 0;
}
