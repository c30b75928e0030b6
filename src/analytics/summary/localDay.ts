/**
 * Internal calendar helpers for analytics: parse the instants and dates of transactions and map
 * them to local day numbers (days since 1970-01-01 of the local calendar date) in an IANA zone.
 * Not exported from the package.
 */

import { daysInMonth, epochDayOf, MS_PER_DAY, type Ymd, ymdOfEpochDay } from '../../time/calendar.js';

const BUCKET_MS = 900_000; // 15 minutes: every zone offset in use since 1970 is a multiple of it

/** Days since 1970-01-01 of a proleptic Gregorian date (the core's integer calendar arithmetic). */
export const dayFromCivil: (year: number, month: number, day: number) => number = epochDayOf;

/** The civil date of a day number. */
export const civilFromDay: (dayNumber: number) => Ymd = ymdOfEpochDay;

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * A parsed point in time: either a calendar date (already local) or an instant (`ms` since the
 * epoch).
 */
export type ParsedTime =
  | { readonly kind: 'date'; readonly day: number }
  | { readonly kind: 'instant'; readonly ms: number };

/** Digit value at `i`, or -1 when not a digit. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two-digit number at `i`, or -1 when either is not a digit. */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Day number of `YYYY-MM-DD` at the start of `s`, or NaN when it is not a real date. */
function datePart(s: string): number {
  const hi = two(s, 0);
  const lo = two(s, 2);
  const year = hi * 100 + lo;
  const month = two(s, 5);
  const day = two(s, 8);
  if (hi < 0 || lo < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return dayFromCivil(year, month, day);
}

/** Day number of a local date string `YYYY-MM-DD`, or NaN. */
export function parseDateDay(s: string): number {
  return s.length === 10 ? datePart(s) : Number.NaN;
}

/**
 * Epoch milliseconds of an ISO-8601 instant `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`, or NaN.
 * Hand-written (no regex, no allocation): it runs once per transaction.
 */
export function parseInstantMs(s: string): number {
  const n = s.length;
  if (n < 17) return Number.NaN;
  const dayNumber = datePart(s);
  const t = s.charCodeAt(10);
  if (Number.isNaN(dayNumber) || (t !== 84 && t !== 116) || s.charCodeAt(13) !== 58) return Number.NaN;
  const hour = two(s, 11);
  const minute = two(s, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (s.charCodeAt(i) === 58) {
    second = two(s, i + 1);
    if (second < 0 || second > 59) return Number.NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      i += 1;
      const from = i;
      while (i < n && digit(s, i) >= 0) {
        if (i - from < 3) millis = millis * 10 + digit(s, i);
        i += 1;
      }
      const count = i - from;
      if (count === 0 || count > 9) return Number.NaN;
      for (let k = count; k < 3; k++) millis *= 10;
    }
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return Number.NaN;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return Number.NaN;
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return Number.NaN;
  }
  return dayNumber * MS_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/**
 * Parses `YYYY-MM-DD` (a local calendar date), an ISO-8601 instant with `Z` or an offset, or a
 * `Date`. Returns undefined when the value is not one of these or is not a real date.
 */
export function parseTime(value: unknown): ParsedTime | undefined {
  if (typeof value === 'string') {
    if (value.length === 10) {
      const day = parseDateDay(value);
      return !Number.isNaN(day) ? { kind: 'date', day } : undefined;
    }
    const ms = parseInstantMs(value);
    return !Number.isNaN(ms) ? { kind: 'instant', ms } : undefined;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? { kind: 'instant', ms } : undefined;
  }
  return undefined;
}

/** True when `zone` is an IANA time zone name the runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True when `zone` means UTC (no conversion needed). */
export function isUtcZone(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT' || zone === 'Z';
}

/**
 * Returns a function mapping epoch milliseconds to the local day number in `zone`. For zones
 * other than UTC, results are cached per 15-minute bucket (exact: a bucket whose start and end fall
 * on different local days is not cached). The cache lives as long as the returned function.
 * The zone must be known ({@link isKnownTimeZone}).
 */
export function localDayFunction(zone: string): (ms: number) => number {
  if (isUtcZone(zone)) return (ms) => Math.floor(ms / MS_PER_DAY);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    era: 'short',
  });
  const exact = (ms: number): number => {
    let year = 0;
    let month = 0;
    let day = 0;
    let bc = false;
    for (const part of format.formatToParts(ms)) {
      if (part.type === 'year') year = Number(part.value);
      else if (part.type === 'month') month = Number(part.value);
      else if (part.type === 'day') day = Number(part.value);
      else if (part.type === 'era') bc = part.value.startsWith('B');
    }
    return dayFromCivil(bc ? 1 - year : year, month, day);
  };
  const cache = new Map<number, number>();
  return (ms) => {
    const bucket = Math.floor(ms / BUCKET_MS);
    const hit = cache.get(bucket);
    if (hit !== undefined) return hit;
    const start = exact(bucket * BUCKET_MS);
    if (exact(bucket * BUCKET_MS + BUCKET_MS - 1) === start) {
      cache.set(bucket, start);
      return start;
    }
    return exact(ms);
  };
}
