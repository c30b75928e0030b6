import { assertAmount, MAX_DAYS, MAX_MONTHS, MAX_YEARS } from './amounts.js';
import { assertTimeZone } from './assertTimeZone.js';
import { addMonthsYmd, epochDayOf, MS_PER_DAY, ymdOfEpochDay } from './calendar.js';
import { epochOf, instantOf } from './parseInstant.js';
import type { Instant, TimeZone } from './types.js';
import { epochOfWall, wallMsOf } from './zoned.js';

/** Moves the local date of `instant` by whole days or months, keeping its wall-clock time. */
function shift(instant: Instant, zone: TimeZone, days: number, months: number): Instant {
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  const wall = wallMsOf(epochMs, zone);
  const wallDay = Math.floor(wall / MS_PER_DAY);
  const timeOfDay = wall - wallDay * MS_PER_DAY;
  let targetDay = wallDay + days;
  if (months !== 0) {
    const target = addMonthsYmd(ymdOfEpochDay(wallDay), months);
    targetDay = epochDayOf(target.year, target.month, target.day);
  }
  return instantOf(epochOfWall(targetDay * MS_PER_DAY + timeOfDay, zone));
}

/**
 * Adds calendar days in a zone, keeping the local wall-clock time (so across a DST change the
 * result is 23 or 25 hours later, not 24). If that wall time does not exist on the target day (a DST
 * gap), the result is moved forward by the gap (02:30 -> 03:30); if it exists twice, the earlier one.
 *
 * @param instant - the moment
 * @param days - whole days, may be negative
 * @param zone - IANA zone
 * @returns the instant with the same wall time `days` local days later
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant, or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `days` is not an integer
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * // 09:00 in Berlin before the spring change -> 09:00 the next day, 23 hours later
 * addDaysIn('2026-03-28T08:00:00Z', 1, 'Europe/Berlin') //=> '2026-03-29T07:00:00.000Z'
 */
export function addDaysIn(instant: Instant, days: number, zone: TimeZone): Instant {
  assertAmount(days, 'days', MAX_DAYS);
  return shift(instant, zone, days, 0);
}

/**
 * Adds calendar months in a zone, keeping the local wall-clock time, and clamping the day to the end
 * of the target month (31 January + 1 month = 28 or 29 February). Wall times that do not exist or exist
 * twice are resolved as in {@link addDaysIn}.
 *
 * @param instant - the moment
 * @param months - whole months, may be negative
 * @param zone - IANA zone
 * @returns the instant with the same wall time on the (clamped) same day `months` months later
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant, or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `months` is not an integer
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * addMonthsIn('2026-01-31T02:00:00Z', 1, 'Asia/Shanghai') //=> '2026-02-28T02:00:00.000Z'
 */
export function addMonthsIn(instant: Instant, months: number, zone: TimeZone): Instant {
  assertAmount(months, 'months', MAX_MONTHS);
  return shift(instant, zone, 0, months);
}

/**
 * Adds calendar years in a zone, keeping the local wall-clock time; 29 February becomes 28 February
 * in a year without it (the same as adding 12 months per year).
 *
 * @param instant - the moment
 * @param years - whole years, may be negative
 * @param zone - IANA zone
 * @returns the instant with the same wall time on the (clamped) same date `years` years later
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant, or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `years` is not an integer
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * addYearsIn('2028-02-29T04:00:00Z', 1, 'Asia/Shanghai') //=> '2029-02-28T04:00:00.000Z'
 */
export function addYearsIn(instant: Instant, years: number, zone: TimeZone): Instant {
  assertAmount(years, 'years', MAX_YEARS);
  return shift(instant, zone, 0, years * 12);
}
