import { assertTimeZone } from './assertTimeZone.js';
import { localEpochDayOf } from './localPartsOf.js';
import { epochOf } from './parseInstant.js';
import type { Instant, TimeZone } from './types.js';

/**
 * Counts calendar days from the local date of `a` to the local date of `b` in a zone (midnights
 * crossed), whatever the hours: 23:59 to 00:01 the next day is 1 day; a DST day counts as one day.
 *
 * @param a - the earlier moment (if later, the result is negative)
 * @param b - the later moment
 * @param zone - IANA zone
 * @returns local date of `b` minus local date of `a`, in days
 * @throws {LoyaltyError} INVALID_DATE when `a` or `b` is not an instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @example
 * daysBetweenIn('2026-03-01T15:59:00Z', '2026-03-01T16:01:00Z', 'Asia/Shanghai') //=> 1
 */
export function daysBetweenIn(a: Instant, b: Instant, zone: TimeZone): number {
  const x = epochOf(a, ['a']);
  const y = epochOf(b, ['b']);
  assertTimeZone(zone, ['zone']);
  return localEpochDayOf(y, zone) - localEpochDayOf(x, zone);
}
