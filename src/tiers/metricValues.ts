/**
 * Tier metric values as of an instant, from the member's local-day buckets: no rescan of orders,
 * at most one bucket per local day in the window (DESIGN.md question 2).
 */
import type { MemberState } from '../ledger/index.js';
import type { CompiledMetric, CompiledProgram } from '../program/index.js';
import { windowBounds } from '../time/index.js';
import { localEpochDayOf, msOf, ymdOfEpochDay } from '../time/internal.js';

/** The value of one metric as of `asOf` (canonical instant), counting only what the state holds. */
export function metricValue(
  program: CompiledProgram,
  state: MemberState,
  metric: CompiledMetric,
  zone: string,
  asOf: string,
): number {
  const buckets = state.metrics[metric.id] ?? [];
  if (metric.keepDays === 0) return buckets.find((b) => b[0] === 0)?.[1] ?? 0;
  const bounds = windowBounds(metric.window, asOf, zone, {
    joinedAt: state.joinedAt,
    weekStartsOn: program.weekStartsOn,
    policy: program.leapDayBirthday,
  });
  const from = localEpochDayOf(msOf(bounds.start), zone);
  const to = localEpochDayOf(msOf(asOf), zone);
  if (metric.kind === 'activeDays') {
    let n = 0;
    for (const [day, v] of buckets) if (day >= from && day <= to && v > 0) n++;
    return n;
  }
  if (metric.kind === 'activeMonths') {
    const months = new Set<number>();
    for (const [day, v] of buckets) {
      if (day >= from && day <= to && v > 0) {
        const d = ymdOfEpochDay(day);
        months.add(d.year * 12 + d.month);
      }
    }
    return months.size;
  }
  let sum = 0;
  for (const [day, v] of buckets) if (day >= from && day <= to) sum += v;
  return sum;
}

/** Every metric's value as of `asOf`, by name: the facts tier conditions read. */
export function metricValues(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  asOf: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (program.tiers === null) return out;
  for (const m of program.tiers.metrics.values()) out[m.id] = metricValue(program, state, m, zone, asOf);
  return out;
}

/** The end (exclusive) of the window period containing `asOf`, or null for rolling and lifetime windows. */
export function windowEnd(
  program: CompiledProgram,
  state: MemberState,
  metric: CompiledMetric,
  zone: string,
  asOf: string,
): string | null {
  const w = metric.window;
  if (w.type === 'lifetime' || w.type === 'rollingDays' || w.type === 'rollingMonths') return null;
  return windowBounds(w, asOf, zone, {
    joinedAt: state.joinedAt,
    weekStartsOn: program.weekStartsOn,
    policy: program.leapDayBirthday,
  }).end;
}
