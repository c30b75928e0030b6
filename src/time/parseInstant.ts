import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { daysInMonth, epochDayOf, isLeapYear, MS_PER_DAY, ymdOfEpochDay } from './calendar.js';
import { messages } from './messages.js';
import type { Instant } from './types.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** Earliest and latest supported instants: years 0000..9999, so the canonical form keeps 4 digits. */
const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** The digit at `i` of `s`, or NaN. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/**
 * Epoch milliseconds of a canonical instant (exactly `YYYY-MM-DDTHH:mm:ss.sssZ`, the form
 * `toISOString` writes and the engine stores), or NaN when `s` is not one (then use
 * {@link epochOf}). Integer arithmetic: several times faster than `Date.parse`.
 */
export function canonicalEpoch(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 || // .
    s.charCodeAt(23) !== 90 // Z
  )
    return Number.NaN;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  // NaN fails every comparison below, so a non-digit anywhere gives NaN.
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0))
    return Number.NaN;
  if (!(year >= 0) || day > daysInMonth(year, month)) return Number.NaN;
  return epochDayOf(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Epoch milliseconds of an instant the engine wrote (canonical): fast, `Date.parse` otherwise. @internal */
export function msOf(instant: string): number {
  const ms = canonicalEpoch(instant);
  return Number.isNaN(ms) ? Date.parse(instant) : ms;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The canonical instant of epoch milliseconds within years 0000..9999, as `toISOString` writes it,
 * without a Date object (several times faster).
 */
function formatInstant(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - day * MS_PER_DAY;
  const { year, month, day: dom } = ymdOfEpochDay(day);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${pad2(month)}-${pad2(dom)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : ms}Z`;
}

/**
 * `new Date(epochMs).toISOString()`, faster within years 0000..9999 (a computed bound such as "90
 * days before the event" may fall outside them; it is then written as Date writes it).
 * @internal
 */
export function isoOf(epochMs: number): string {
  return epochMs >= MIN_MS && epochMs <= MAX_MS
    ? formatInstant(Math.trunc(epochMs))
    : new Date(epochMs).toISOString();
}

/** Reads an ISO-8601 instant into epoch milliseconds; a string explains why it is not one. */
function read(input: string): number | string {
  const fast = canonicalEpoch(input);
  if (!Number.isNaN(fast)) return fast;
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
  return formatInstant(Math.trunc(epochMs));
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
