import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, TimeZone } from './types.js';

/**
 * The first instant of the calendar year containing `instant`, in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns local midnight of the first day of the calendar year (or the first instant after a DST gap)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * startOfYearIn('2026-05-20T12:00:00Z', 'Asia/Shanghai') //=> '2025-12-31T16:00:00.000Z'
 */
export function startOfYearIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'year', undefined).start);
}

/**
 * The last millisecond of the calendar year containing `instant`, in a zone: exactly 1 ms before the next
 * calendar year starts, across DST changes.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns the last instant of the calendar year
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * endOfYearIn('2026-05-20T12:00:00Z', 'Asia/Shanghai') //=> '2026-12-31T15:59:59.999Z'
 */
export function endOfYearIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'year', undefined).end - 1);
}
