import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, TimeZone } from './types.js';

/**
 * The first instant of the calendar quarter containing `instant`, in a zone.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns local midnight of the first day of the calendar quarter (or the first instant after a DST gap)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * startOfQuarterIn('2026-05-20T12:00:00Z', 'Asia/Shanghai') //=> '2026-03-31T16:00:00.000Z'
 */
export function startOfQuarterIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'quarter', undefined).start);
}

/**
 * The last millisecond of the calendar quarter containing `instant`, in a zone: exactly 1 ms before the next
 * calendar quarter starts, across DST changes.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @returns the last instant of the calendar quarter
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * endOfQuarterIn('2026-05-20T12:00:00Z', 'Asia/Shanghai') //=> '2026-06-30T15:59:59.999Z'
 */
export function endOfQuarterIn(instant: Instant, zone: TimeZone): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'quarter', undefined).end - 1);
}
