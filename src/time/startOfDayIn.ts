import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, TimeZone } from './types.js';

/**
 * The first instant of the calendar day containing `instant`, in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns local midnight of the first day of the calendar day (or the first instant after a DST gap)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * startOfDayIn('2026-03-01T18:00:00Z', 'Asia/Shanghai') //=> '2026-03-01T16:00:00.000Z'
 */
export function startOfDayIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'day', undefined).start);
}

/**
 * The last millisecond of the calendar day containing `instant`, in a zone: exactly 1 ms before the next
 * calendar day starts, across DST changes.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns the last instant of the calendar day
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * endOfDayIn('2026-03-01T18:00:00Z', 'Asia/Shanghai') //=> '2026-03-02T15:59:59.999Z'
 */
export function endOfDayIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'day', undefined).end - 1);
}
