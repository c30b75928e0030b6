/**
 * Calendar helpers of the simulator, written with `Intl` and UTC arithmetic only (no code from
 * src/time), to aim event times at the instants where calendar code goes wrong: DST changes
 * (including Lord Howe's 30-minute shift), local midnights, month, quarter and year ends.
 */
import { offsetMs } from '../properties/model.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The zones programs and members are generated in. */
export const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'UTC',
] as const;

/** The zone's offset from UTC at an instant, in ms (local = utc + offset): the property model's oracle. */
export const offsetAt = offsetMs;

/** The first instant of a local date (a local midnight; DST changes never happen at midnight in these zones). */
export function localMidnight(year: number, month: number, day: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall - offsetAt(wall, zone);
  guess = wall - offsetAt(guess, zone);
  return guess;
}

const transitions = new Map<string, number[]>();

/** The instants (UTC ms) at which the zone's offset changes, 2024-2031. */
export function dstChanges(zone: string): readonly number[] {
  let out = transitions.get(zone);
  if (out !== undefined) return out;
  out = [];
  const from = Date.UTC(2024, 0, 1);
  const to = Date.UTC(2031, 0, 1);
  let prev = offsetAt(from, zone);
  for (let t = from + DAY; t <= to; t += DAY) {
    const o = offsetAt(t, zone);
    if (o !== prev) {
      // bisect to the minute
      let lo = t - DAY;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (offsetAt(mid, zone) === prev) lo = mid;
        else hi = mid;
      }
      out.push(hi);
      prev = o;
    }
  }
  transitions.set(zone, out);
  return out;
}

/**
 * Instants in a zone where calendar logic is easy to get wrong, around `fromMs` .. `toMs`: just
 * before and after each DST change, local midnights that start a month, quarter or year (and the
 * millisecond before), 29 February, and local 23:59:59.
 */
export function interestingInstants(zone: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (const t of dstChanges(zone)) {
    if (t < fromMs || t > toMs) continue;
    out.push(t - HOUR, t - 1, t, t + 1, t + 30 * 60_000, t + HOUR);
  }
  const start = new Date(fromMs);
  for (let y = start.getUTCFullYear(); y <= new Date(toMs).getUTCFullYear() + 1; y++) {
    for (let m = 1; m <= 12; m++) {
      const midnight = localMidnight(y, m, 1, zone);
      out.push(midnight - 1, midnight, midnight + 1);
      if (m === 1 || m % 3 === 1) out.push(midnight - 60_000, midnight + HOUR);
    }
    if (new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1) out.push(localMidnight(y, 2, 29, zone) + 12 * HOUR);
  }
  return out.filter((t) => t >= fromMs && t <= toMs).sort((a, b) => a - b);
}

/** An instant written in UTC (`Z`), or with the zone's offset at that instant (`+08:00`, `+10:30`). */
export function writeInstant(ms: number, zone: string, withOffset: boolean): string {
  if (!withOffset) return new Date(ms).toISOString();
  const offset = offsetAt(ms, zone);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** The local calendar date of an instant in a zone. */
export function localDate(ms: number, zone: string): { year: number; month: number; day: number } {
  const d = new Date(ms + offsetAt(ms, zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
