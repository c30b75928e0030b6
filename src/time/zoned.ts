import { tzOffset } from '@date-fns/tz';

/**
 * Internal: the bridge between instants and wall clocks in an IANA zone. The zone database is read
 * only through `tzOffset` of @date-fns/tz (Intl under the hood, formatters cached by the library).
 *
 * Why not `new TZDate(y, m, d, h, ..., zone)` or date-fns `endOfDay(x, { in: tz(zone) })` for the
 * wall-clock -> instant direction: their answer for an ambiguous or skipped wall time depends on the
 * host's TZ (measured with @date-fns/tz 1.5: 2026-10-25 02:30 Europe/Berlin is 00:30Z under
 * TZ=Asia/Shanghai but 01:30Z under TZ=UTC; `endOfDay` of 2019-02-16 in America/Sao_Paulo is 01:59:59.999Z
 * or 02:59:59.999Z depending on the host). A pure library must not depend on the machine, so this
 * module resolves wall times itself, with the rule of Temporal's `disambiguation: 'compatible'`:
 * an ambiguous wall time (clocks turned back) takes the earlier instant; a skipped wall time (clocks
 * turned forward) is moved forward by the length of the gap (02:30 -> 03:30).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** UTC offset of `zone` at the instant `epochMs`, in milliseconds (east positive), from Intl. */
function readOffsetMs(zone: string, epochMs: number): number {
  return Math.round(tzOffset(zone, new Date(epochMs)) * MINUTE_MS);
}

// Offsets change a few times a year at most, and reading one through Intl costs microseconds, so
// offsets are cached per zone and 6-hour bucket of UTC time. A bucket is cached only when the
// offset at its first and its last millisecond agree (no transition inside); a bucket holding a
// transition is always read exactly.
const BUCKET_MS = 6 * 3_600_000;
const CACHE_LIMIT = 20_000;
const offsetCache = new Map<string, Map<number, number>>();
let cached = 0;

/** UTC offset of `zone` at the instant `epochMs`, in milliseconds (east positive). */
function offsetMsAt(zone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / BUCKET_MS);
  let byBucket = offsetCache.get(zone);
  const known = byBucket?.get(bucket);
  if (known !== undefined) return known;
  const start = bucket * BUCKET_MS;
  const first = readOffsetMs(zone, start);
  const last = readOffsetMs(zone, start + BUCKET_MS - 1);
  if (first !== last) return readOffsetMs(zone, epochMs);
  if (cached >= CACHE_LIMIT) {
    offsetCache.clear();
    cached = 0;
    byBucket = undefined;
  }
  if (byBucket === undefined) {
    byBucket = new Map();
    offsetCache.set(zone, byBucket);
  }
  byBucket.set(bucket, first);
  cached += 1;
  return first;
}

/** The wall clock of `epochMs` in `zone`, encoded as the epoch milliseconds of that reading in UTC. */
export function wallMsOf(epochMs: number, zone: string): number {
  return epochMs + offsetMsAt(zone, epochMs);
}

/**
 * The instant at which the wall clock of `zone` reads `wallMs` (a wall reading encoded as UTC
 * epoch milliseconds), with the 'compatible' rule for ambiguous and skipped times (see above).
 */
export function epochOfWall(wallMs: number, zone: string): number {
  const before = offsetMsAt(zone, wallMs - DAY_MS);
  const after = offsetMsAt(zone, wallMs + DAY_MS);
  const early = wallMs - Math.max(before, after);
  const late = wallMs - Math.min(before, after);
  if (wallMsOf(early, zone) === wallMs) return early;
  if (wallMsOf(late, zone) === wallMs) return late;
  // The offset may also differ at the wall time itself (two changes within two days).
  const at = wallMs - offsetMsAt(zone, wallMs);
  if (wallMsOf(at, zone) === wallMs) return at;
  // Skipped wall time: read it with the offset in force before the gap, which lands after the gap.
  return wallMs - before;
}
