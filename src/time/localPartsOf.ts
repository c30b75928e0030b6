import { assertTimeZone } from './assertTimeZone.js';
import { dayOfYearOf, formatYmd, MS_PER_DAY, type Ymd } from './calendar.js';
import { epochOf } from './parseInstant.js';
import type { Instant, LocalDate, LocalParts, TimeZone } from './types.js';
import { wallMsOf } from './zoned.js';

/** Internal: epoch day (days since 1970-01-01) of the local date of `epochMs` in `zone`. */
export function localEpochDayOf(epochMs: number, zone: TimeZone): number {
  return Math.floor(wallMsOf(epochMs, zone) / MS_PER_DAY);
}

/** Internal: the local calendar date of `epochMs` in `zone`. */
export function localYmdOf(epochMs: number, zone: TimeZone): Ymd {
  const wall = new Date(wallMsOf(epochMs, zone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/**
 * Reads the wall clock of an instant in a zone. Fast: one cached-formatter lookup per call, no
 * allocation beyond the result (used by rule operators on weekday and hour).
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns `{ year, month (1-12), day, hour, minute, second, weekday (ISO 1=Mon..7=Sun), dayOfYear }`
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * localPartsOf('2026-03-01T16:30:00Z', 'Asia/Shanghai')
 * //=> { year: 2026, month: 3, day: 2, hour: 0, minute: 30, second: 0, weekday: 1, dayOfYear: 61 }
 */
export function localPartsOf(instant: Instant, zone: TimeZone): LocalParts {
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  const wallMs = wallMsOf(epochMs, zone);
  const wall = new Date(wallMs);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  const weekday = wall.getUTCDay();
  return {
    year,
    month,
    day,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
    dayOfYear: dayOfYearOf(year, month, day),
  };
}

/**
 * The calendar date of an instant in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns `YYYY-MM-DD`
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * localDateOf('2026-03-01T16:30:00Z', 'Asia/Shanghai') //=> '2026-03-02'
 * localDateOf('2026-03-01T16:30:00Z', 'America/New_York') //=> '2026-03-01'
 */
export function localDateOf(instant: Instant, zone: TimeZone): LocalDate {
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  return formatYmd(localYmdOf(epochMs, zone));
}
