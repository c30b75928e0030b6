import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, PeriodUnit, TimeZone, WeekOptions } from './types.js';

/**
 * The first instant of the calendar day/week/month/quarter/year containing `instant`, in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @param unit - `day`, `week`, `month`, `quarter` or `year`
 * @param options - `weekStartsOn` (0 = Sunday .. 6; default 1 = Monday) for `week`
 * @returns the instant the period begins (local midnight of its first day, or later if skipped)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `unit` or `weekStartsOn` is not valid
 * @example
 * startOfPeriodIn('2026-05-20T12:00:00Z', 'Asia/Shanghai', 'quarter') //=> '2026-03-31T16:00:00.000Z'
 */
export function startOfPeriodIn(
  instant: Instant,
  zone: TimeZone,
  unit: PeriodUnit,
  options?: WeekOptions,
): Instant {
  return instantOf(periodBoundsMs(instant, zone, unit, options).start);
}

/**
 * The last millisecond of the calendar day/week/month/quarter/year containing `instant`, in a
 * zone: exactly 1 ms before the next period starts.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @param unit - `day`, `week`, `month`, `quarter` or `year`
 * @param options - `weekStartsOn` (0 = Sunday .. 6; default 1 = Monday) for `week`
 * @returns the last instant of the period
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `unit` or `weekStartsOn` is not valid
 * @example
 * endOfPeriodIn('2026-05-20T12:00:00Z', 'Asia/Shanghai', 'quarter') //=> '2026-06-30T15:59:59.999Z'
 */
export function endOfPeriodIn(
  instant: Instant,
  zone: TimeZone,
  unit: PeriodUnit,
  options?: WeekOptions,
): Instant {
  return instantOf(periodBoundsMs(instant, zone, unit, options).end - 1);
}
