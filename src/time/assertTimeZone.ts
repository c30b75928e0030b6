import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';
import type { TimeZone } from './types.js';

/**
 * Pure memo of zone validity (a zone name's validity never changes within a process): it only
 * avoids re-creating an Intl.DateTimeFormat per call and never changes any result. Bounded so that
 * untrusted garbage names cannot grow it without limit.
 */
const KNOWN = new Map<string, boolean>();
const MEMO_LIMIT = 1000;

function check(zone: string): boolean {
  // Fixed offsets ("+08:00") are accepted by some runtimes only: refuse them everywhere.
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Tells whether a value is an IANA time zone name the runtime knows (`UTC` included).
 *
 * @param zone - anything
 * @returns true for e.g. `"Asia/Shanghai"`, `"Europe/Berlin"`, `"UTC"`
 * @example
 * isTimeZone('Asia/Shanghai') //=> true
 * isTimeZone('Mars/Olympus') //=> false
 */
export function isTimeZone(zone: unknown): zone is TimeZone {
  if (typeof zone !== 'string') return false;
  const known = KNOWN.get(zone);
  if (known !== undefined) return known;
  const ok = check(zone);
  if (KNOWN.size < MEMO_LIMIT) KNOWN.set(zone, ok);
  return ok;
}

/**
 * Checks that a value is an IANA time zone name the runtime knows.
 *
 * @param zone - the zone name
 * @param path - where the value sits in the caller's input, for the error (default `[]`)
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when it is not (fixed offsets like `+08:00` included)
 * @example
 * assertTimeZone('Europe/Berlin') // ok
 * assertTimeZone('Europe/Atlantis') // throws UNKNOWN_TIME_ZONE
 */
export function assertTimeZone(zone: unknown, path: readonly PathSegment[] = []): asserts zone is TimeZone {
  if (!isTimeZone(zone)) {
    throw new LoyaltyError('UNKNOWN_TIME_ZONE', 'Unknown time zone', [
      { code: 'unknown_time_zone', path, message: messages.unknownTimeZone(zone) },
    ]);
  }
}
