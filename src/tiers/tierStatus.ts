/**
 * Where a member stands (DOMAIN.md point 14): the tier, since and until when, and for the next tier
 * up and for keeping the current one, each requirement's value, threshold, what is still needed and
 * by when, **counting what rolls out of the window before then**.
 */
import type { MemberState } from '../ledger/index.js';
import type { CompiledMetric, CompiledProgram, ThresholdSet } from '../program/index.js';
import { isoOf, msOf } from '../time/internal.js';
import { periodDue } from './decideTier.js';
import { metricValue, metricValues, windowEnd } from './metricValues.js';

/** One requirement of a tier: `metric >= threshold` (or `>`). */
export interface TierRequirement {
  readonly metric: string;
  /** What the metric measures: money in minor units, points in units, or a count. */
  readonly unit: 'money' | 'points' | 'count';
  readonly operator: 'greaterThanInclusive' | 'greaterThan';
  readonly threshold: number;
  /** The value as of `asOf`. */
  readonly value: number;
  /** The deadline: the window's end for calendar-type windows, the period end for retention; `null` = now. */
  readonly by: string | null;
  /** The value at `by` if nothing more happens (what rolls out of the window by then is gone). */
  readonly valueAtBy: number;
  /** What is still needed to meet it by `by` (0 when met). */
  readonly needed: number;
}

/** Progress toward a tier (the next one up), or toward keeping the current one. */
export interface TierProgress {
  readonly tierId: string;
  /** Whether the condition holds now. */
  readonly met: boolean;
  /** `all`: every requirement; `any`: one of them. */
  readonly mode: 'all' | 'any';
  /** False when the condition has parts that are not simple thresholds (the figures are then indicative). */
  readonly exact: boolean;
  readonly requirements: readonly TierRequirement[];
}

/** A member's tier status as of an instant. */
export interface TierStatus {
  readonly asOf: string;
  readonly tier: {
    readonly id: string;
    readonly rank: number;
    readonly name: string | null;
    readonly since: string;
    readonly until: string | null;
    readonly locked: boolean;
  };
  readonly metrics: Readonly<Record<string, number>>;
  /** The next tier up; `null` at the top. */
  readonly next: TierProgress | null;
  /**
   * Keeping the current tier: by the end of its period (`by` = `until`), or, during grace after a
   * period end that did not meet retention, by the end of grace; `null` for the base tier or an
   * open-ended tier.
   */
  readonly retention: TierProgress | null;
}

function unitOf(m: CompiledMetric): TierRequirement['unit'] {
  return m.kind === 'spend' ? 'money' : m.kind === 'points' || m.kind === 'qualifying' ? 'points' : 'count';
}

function progress(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  asOf: string,
  tierId: string,
  set: ThresholdSet | null,
  met: boolean,
  deadline: string | null,
): TierProgress {
  const metrics = program.tiers!.metrics;
  const requirements = (set?.thresholds ?? []).map((t): TierRequirement => {
    const m = metrics.get(t.metric)!;
    const value = metricValue(program, state, m, zone, asOf);
    const by = deadline ?? windowEnd(program, state, m, zone, asOf);
    const valueAtBy =
      deadline === null ? value : metricValue(program, state, m, zone, isoOf(msOf(deadline) - 1));
    const target = t.operator === 'greaterThanInclusive' ? t.value : t.value + 1;
    return {
      metric: t.metric,
      unit: unitOf(m),
      operator: t.operator,
      threshold: t.value,
      value,
      by,
      valueAtBy,
      needed: Math.max(0, target - valueAtBy),
    };
  });
  return { tierId, met, mode: set?.mode ?? 'all', exact: set?.simple ?? false, requirements };
}

/** The tier status of a state (already advanced to `asOf`). */
export function tierStatusOf(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  asOf: string,
  names: (tierId: string) => string | null,
): TierStatus | null {
  const tiers = program.tiers;
  const tier = state.tier;
  if (tiers === null || tier === null) return null;
  const rank = Math.max(
    0,
    tiers.levels.findIndex((t) => t.id === tier.id),
  );
  const values = metricValues(program, state, zone, asOf);
  const up = tiers.levels[rank + 1];
  const current = tiers.levels[rank]!;
  // Retention is checked at the period end; during grace (not met then), at the end of grace.
  const due = tier.until === null ? null : asOf < tier.until ? tier.until : periodDue(tiers, tier, zone);
  return {
    asOf,
    tier: {
      id: tier.id,
      rank,
      name: names(tier.id),
      since: tier.since,
      until: tier.until,
      locked: tier.locked,
    },
    metrics: values,
    next:
      up === undefined
        ? null
        : progress(
            program,
            state,
            zone,
            asOf,
            up.id,
            up.entryThresholds,
            up.entry?.forZone(zone)(values) ?? true,
            null,
          ),
    retention:
      rank === 0 || due === null
        ? null
        : progress(
            program,
            state,
            zone,
            asOf,
            current.id,
            current.retentionThresholds,
            current.retention?.forZone(zone)(values) ?? true,
            due,
          ),
  };
}
