import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, TimeZone } from './types.js';

/**
 * The first instant of the calendar month containing `instant`, in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns local midnight of the first day of the calendar month (or the first instant after a DST gap)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * startOfMonthIn('2026-02-10T12:00:00Z', 'Asia/Shanghai') //=> '2026-01-31T16:00:00.000Z'
 */
export function startOfMonthIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'month', undefined).start);
}

/**
 * The last millisecond of the calendar month containing `instant`, in a zone: exactly 1 ms before the next
 * calendar month starts, across DST changes.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns the last instant of the calendar month
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * endOfMonthIn('2026-02-10T12:00:00Z', 'Asia/Shanghai') //=> '2026-02-28T15:59:59.999Z'
 */
export function endOfMonthIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'month', undefined).end - 1);
}
