import { instantOf } from './parseInstant.js';
import { periodBoundsMs } from './periods.js';
import type { Instant, TimeZone, WeekOptions } from './types.js';

/**
 * The first instant of the week containing `instant`, in a zone (weeks start on Monday unless
 * `weekStartsOn` says otherwise).
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @param options - `weekStartsOn`: 0 = Sunday .. 6 = Saturday; default 1 (Monday, as ISO and China)
 * @returns local midnight of the first day of the week (or the first instant after a DST gap)
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `weekStartsOn` is not an integer 0..6
 * @example
 * startOfWeekIn('2026-03-04T12:00:00Z', 'Asia/Shanghai') //=> '2026-03-01T16:00:00.000Z'
 */
export function startOfWeekIn(instant: Instant, zone: TimeZone, options?: WeekOptions): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'week', options).start);
}

/**
 * The last millisecond of the week containing `instant`, in a zone: exactly 1 ms before the next
 * week starts, across DST changes.
 *
 * @param instant - the moment
 * @param zone - IANA zone
 * @param options - `weekStartsOn`: 0 = Sunday .. 6 = Saturday; default 1 (Monday, as ISO and China)
 * @returns the last instant of the week
 * @throws {LoyaltyError} INVALID_DATE when `instant` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `weekStartsOn` is not an integer 0..6
 * @example
 * endOfWeekIn('2026-03-04T12:00:00Z', 'Asia/Shanghai') //=> '2026-03-08T15:59:59.999Z'
 */
export function endOfWeekIn(instant: Instant, zone: TimeZone, options?: WeekOptions): Instant {
  return instantOf(periodBoundsMs(instant, zone, 'week', options).end - 1);
}
