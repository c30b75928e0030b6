import { assertTimeZone } from './assertTimeZone.js';
import { epochDayOf, isoWeekdayOfEpochDay, quarterStartMonth, ymdOfEpochDay } from './calendar.js';
import { localEpochDayOf } from './localPartsOf.js';
import { epochOf } from './parseInstant.js';
import { assertUnit } from './periods.js';
import type { Instant, PeriodUnit, TimeZone } from './types.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Internal: the ISO week-year and week number (1..53) of an epoch day. */
export function isoWeekOfEpochDay(epochDay: number): { weekYear: number; week: number } {
  const thursday = epochDay - isoWeekdayOfEpochDay(epochDay) + 4;
  const weekYear = ymdOfEpochDay(thursday).year;
  return { weekYear, week: Math.floor((thursday - epochDayOf(weekYear, 1, 1)) / 7) + 1 };
}

/**
 * A stable key naming the calendar period that contains an instant, in a zone, for bucketing
 * counters and idempotency keys: `2026-03-01` (day), `2026-W09` (ISO week: Monday-based, ISO
 * week-year, whatever `weekStartsOn` other functions use), `2026-03` (month), `2026-Q1` (quarter),
 * `2026` (year). Keys of the same unit sort chronologically as strings.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @param unit - `day`, `week`, `month`, `quarter` or `year`
 * @returns the period key
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `unit` is not valid
 * @example
 * periodKey('2026-03-01T09:30:00Z', 'Asia/Shanghai', 'week') //=> '2026-W09'
 * periodKey('2027-01-01T09:30:00Z', 'Asia/Shanghai', 'week') //=> '2026-W53'
 */
export function periodKey(instant: Instant, zone: TimeZone, unit: PeriodUnit): string {
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  assertUnit(unit);
  const epochDay = localEpochDayOf(epochMs, zone);
  if (unit === 'week') {
    const { weekYear, week } = isoWeekOfEpochDay(epochDay);
    return `${pad(weekYear, 4)}-W${pad(week, 2)}`;
  }
  const { year, month, day } = ymdOfEpochDay(epochDay);
  switch (unit) {
    case 'day':
      return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    case 'month':
      return `${pad(year, 4)}-${pad(month, 2)}`;
    case 'quarter':
      return `${pad(year, 4)}-Q${(quarterStartMonth(month) + 2) / 3}`;
    case 'year':
      return pad(year, 4);
  }
}
