import { assertTimeZone } from './assertTimeZone.js';
import { epochDayOf, MS_PER_DAY } from './calendar.js';
import { instantOf } from './parseInstant.js';
import { ymdOf } from './parseLocalDate.js';
import type { Instant, LocalDate, TimeZone } from './types.js';
import { epochOfWall } from './zoned.js';

/**
 * Internal: the first instant of the local day `epochDay` in `zone`: its midnight, or the first
 * instant after a gap when midnight is skipped (e.g. America/Sao_Paulo 2018-11-04 starts at 01:00).
 */
export function startOfEpochDay(epochDay: number, zone: TimeZone): number {
  return epochOfWall(epochDay * MS_PER_DAY, zone);
}

/** Internal: the last millisecond of the local day `epochDay`: 1 ms before the next day starts. */
export function endOfEpochDay(epochDay: number, zone: TimeZone): number {
  return startOfEpochDay(epochDay + 1, zone) - 1;
}

/**
 * The first instant of a calendar date in a zone: local midnight, or the first instant after a
 * DST gap when midnight does not exist that day.
 *
 * @param date - `YYYY-MM-DD`
 * @param zone - IANA zone
 * @returns the instant the day begins
 * @throws {LoyaltyError} INVALID_DATE when `date` is not a valid local date
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * startOfLocalDate('2026-03-01', 'Asia/Shanghai') //=> '2026-02-28T16:00:00.000Z'
 * startOfLocalDate('2018-11-04', 'America/Sao_Paulo') //=> '2018-11-04T03:00:00.000Z' (01:00 local)
 */
export function startOfLocalDate(date: LocalDate, zone: TimeZone): Instant {
  const { year, month, day } = ymdOf(date, ['date']);
  assertTimeZone(zone, ['zone']);
  return instantOf(startOfEpochDay(epochDayOf(year, month, day), zone));
}

/**
 * The last millisecond of a calendar date in a zone: exactly 1 ms before the next day starts,
 * whatever the length of the day (23, 24 or 25 hours, or 23.5 in Australia/Lord_Howe).
 *
 * @param date - `YYYY-MM-DD`
 * @param zone - IANA zone
 * @returns the last instant of that day
 * @throws {LoyaltyError} INVALID_DATE when `date` is not a valid local date
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * endOfLocalDate('2026-03-01', 'Asia/Shanghai') //=> '2026-03-01T15:59:59.999Z'
 */
export function endOfLocalDate(date: LocalDate, zone: TimeZone): Instant {
  const { year, month, day } = ymdOf(date, ['date']);
  assertTimeZone(zone, ['zone']);
  return instantOf(endOfEpochDay(epochDayOf(year, month, day), zone));
}
