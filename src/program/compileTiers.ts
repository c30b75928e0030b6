/**
 * Tiers (DOMAIN.md points 12-14): metrics over windows, tiers in rank order with entry and retention
 * conditions over the metric names, the tier policy, and the static checks `defineProgram` runs:
 * thresholds that do not increase with rank, retention above entry, unreachable tiers, retention
 * windows shorter than the tier period.
 */
import type { LoyaltyIssue, PathSegment } from '../errors/index.js';
import { ONE, type Ratio, ratioOf } from '../points/ratio.js';
import type { Condition } from '../rules/index.js';
import type { Window } from '../time/index.js';
import type { BasisSpec, Program, ZonedCondition } from './types.js';

type TiersInput = NonNullable<Program['tiers']>;
type MetricInput = TiersInput['metrics'][string];

/** A compiled metric. */
export interface CompiledMetric {
  readonly id: string;
  readonly kind: MetricInput['kind'];
  readonly window: Window;
  /** For spend metrics. */
  readonly basis: BasisSpec | null;
  /** For counters. */
  readonly customEvent: string | null;
  /** How many local days of buckets the state keeps for it (0: one running total). */
  readonly keepDays: number;
}

/** One requirement of a tier condition that "still needed" can be computed for: `metric >= threshold`. */
export interface Threshold {
  readonly metric: string;
  readonly operator: 'greaterThanInclusive' | 'greaterThan';
  readonly value: number;
}

/** The shape of a tier condition for progress reports: all of / any of simple thresholds, or not simple. */
export interface ThresholdSet {
  readonly mode: 'all' | 'any';
  readonly thresholds: readonly Threshold[];
  /** False when the condition has parts that are not simple thresholds (then `needed` is indicative). */
  readonly simple: boolean;
}

/** A compiled tier. */
export interface CompiledTier {
  readonly id: string;
  readonly rank: number;
  readonly entry: ZonedCondition | undefined;
  /** Retention (保级): the written retention condition, else the entry condition. */
  readonly retention: ZonedCondition | undefined;
  readonly entryThresholds: ThresholdSet | null;
  readonly retentionThresholds: ThresholdSet | null;
  readonly benefits: NonNullable<TiersInput['levels'][number]['benefits']>;
  readonly multiplier: Ratio | null;
}

/** The compiled tiers of a program. */
export interface CompiledTiers {
  readonly metrics: ReadonlyMap<string, CompiledMetric>;
  readonly levels: readonly CompiledTier[];
  readonly period:
    | { readonly type: 'calendarYears'; readonly years: number }
    | { readonly type: 'months'; readonly months: number };
  readonly downgrade: 'oneStep' | 'toQualifying';
  readonly graceDays: number;
  readonly refundRevokeDays: number;
}

const MONTH_DAYS = 31;

function keepDaysOf(w: Window, kind: MetricInput['kind']): number {
  switch (w.type) {
    case 'lifetime':
      return kind === 'activeDays' || kind === 'activeMonths' ? Number.POSITIVE_INFINITY : 0;
    case 'calendar':
      return w.unit === 'year'
        ? 366
        : w.unit === 'quarter'
          ? 92
          : w.unit === 'month'
            ? 31
            : w.unit === 'week'
              ? 7
              : 1;
    case 'rollingMonths':
      return w.months * MONTH_DAYS + 1;
    case 'rollingDays':
      return w.days;
    case 'anniversaryYear':
      return 366;
    case 'fixedCycle':
      return w.months * MONTH_DAYS + 1;
  }
}

/** Approximate length of a window in days, for the "shorter than the period" check. */
function lengthDays(w: Window): number {
  return w.type === 'lifetime' ? Number.POSITIVE_INFINITY : keepDaysOf(w, 'spend');
}

/** Reads `metric >= n` style thresholds from a condition, as far as they go. */
function thresholdsOf(condition: Condition | undefined, metrics: ReadonlySet<string>): ThresholdSet | null {
  if (condition === undefined) return null;
  const leaf = (c: unknown): Threshold | undefined => {
    if (typeof c !== 'object' || c === null) return undefined;
    const n = c as Record<string, unknown>;
    if (typeof n['fact'] !== 'string' || !metrics.has(n['fact'])) return undefined;
    if (n['path'] !== undefined || typeof n['value'] !== 'number') return undefined;
    if (n['operator'] !== 'greaterThanInclusive' && n['operator'] !== 'greaterThan') return undefined;
    return { metric: n['fact'], operator: n['operator'], value: n['value'] };
  };
  const one = leaf(condition);
  if (one !== undefined) return { mode: 'all', thresholds: [one], simple: true };
  const node = condition as unknown as Record<string, unknown>;
  const mode = Array.isArray(node['all']) ? 'all' : Array.isArray(node['any']) ? 'any' : undefined;
  if (mode === undefined) return { mode: 'all', thresholds: [], simple: false };
  const children = node[mode] as unknown[];
  const thresholds = children.map(leaf).filter((t): t is Threshold => t !== undefined);
  return { mode, thresholds, simple: thresholds.length === children.length };
}

/**
 * Compiles `program.tiers`, pushing every problem to `issues` (paths under `tiers`).
 * @param zoned - compiles a condition with the given known facts (the program's helper)
 */
export function compileTiers(
  input: TiersInput,
  issues: LoyaltyIssue[],
  zoned: (c: Condition, at: readonly PathSegment[], facts: readonly string[]) => ZonedCondition,
  basisOf: (
    b: MetricInput extends infer M ? (M extends { basis?: infer B } ? B : never) : never,
  ) => BasisSpec,
  /** The catalog's reward ids; `null` when rewards were left out by the shape check (not checked). */
  rewardIds: ReadonlySet<string> | null,
): CompiledTiers {
  const add = (path: PathSegment[], code: string, message: string): void => {
    issues.push({ code, path: ['tiers', ...path], message });
  };
  const metricNames = Object.keys(input.metrics);
  const names = new Set(metricNames);
  const metrics = new Map<string, CompiledMetric>();
  for (const [name, m] of Object.entries(input.metrics)) {
    if (m.window.type === 'fixedCycle' && !/^\d{4}-\d{2}-\d{2}$/.test(m.window.anchor)) {
      add(['metrics', name, 'window', 'anchor'], 'invalid_date', 'anchor must be a date YYYY-MM-DD');
    }
    metrics.set(name, {
      id: name,
      kind: m.kind,
      window: m.window as Window,
      basis: m.kind === 'spend' ? basisOf(m.basis) : null,
      customEvent: m.kind === 'counter' ? m.customEvent : null,
      keepDays: keepDaysOf(m.window as Window, m.kind),
    });
  }
  const policy = input.policy ?? {};
  const period = policy.period ?? { type: 'calendarYears' as const, years: 1 };
  const periodDays = period.type === 'calendarYears' ? 365 * Math.max(period.years, 1) : period.months * 30;
  const seen = new Set<string>();
  const levels: CompiledTier[] = input.levels.map((t, rank) => {
    const at: PathSegment[] = ['levels', rank];
    if (seen.has(t.id)) add([...at, 'id'], 'duplicate_id', `Tier id "${t.id}" is used twice`);
    seen.add(t.id);
    if (rank === 0 && (t.entry !== undefined || t.retention !== undefined)) {
      add(
        [...at, 'entry'],
        'base_tier_condition',
        'The first tier is where every member starts: it has no entry or retention condition',
      );
    }
    if (rank > 0 && t.entry === undefined) {
      add(at, 'unreachable', `Tier "${t.id}" has no entry condition, so no member can reach it`);
    }
    const entry =
      t.entry === undefined || rank === 0
        ? undefined
        : zoned(t.entry, ['tiers', ...at, 'entry'], metricNames);
    const retention =
      t.retention === undefined || rank === 0
        ? entry
        : zoned(t.retention, ['tiers', ...at, 'retention'], metricNames);
    let multiplier: Ratio | null = null;
    if (t.benefits?.earningMultiplier !== undefined) {
      try {
        multiplier = ratioOf(t.benefits.earningMultiplier, 'earning multiplier', 'INVALID_PROGRAM', [
          'tiers',
          ...at,
          'benefits',
          'earningMultiplier',
        ]);
        if (multiplier.num < 0n || multiplier.num > 1000n * multiplier.den) {
          add(
            [...at, 'benefits', 'earningMultiplier'],
            'out_of_range',
            'The earning multiplier must be between 0 and 1000',
          );
          multiplier = ONE;
        }
      } catch (e) {
        for (const i of (e as { issues?: LoyaltyIssue[] }).issues ?? []) issues.push(i);
      }
    }
    if (
      t.benefits?.birthdayGift !== undefined &&
      rewardIds !== null &&
      !rewardIds.has(t.benefits.birthdayGift)
    ) {
      add(
        [...at, 'benefits', 'birthdayGift'],
        'unknown_reference',
        `No reward "${t.benefits.birthdayGift}" in the catalog`,
      );
    }
    const retentionCondition = t.retention ?? t.entry;
    for (const name of factNames(retentionCondition, names)) {
      const m = metrics.get(name);
      if (m !== undefined && lengthDays(m.window) < periodDays && rank > 0) {
        add(
          [...at, t.retention !== undefined ? 'retention' : 'entry'],
          'window_shorter_than_period',
          `Retention is checked at the end of each tier period, but metric "${name}" only looks back ${lengthDays(m.window)} days: most of the period would not count`,
        );
      }
    }
    return {
      id: t.id,
      rank,
      entry,
      retention,
      entryThresholds: thresholdsOf(rank === 0 ? undefined : t.entry, names),
      retentionThresholds: thresholdsOf(rank === 0 ? undefined : retentionCondition, names),
      benefits: t.benefits ?? {},
      multiplier,
    };
  });
  // Thresholds must increase with rank; retention must not be above entry.
  for (let rank = 1; rank < levels.length; rank++) {
    const t = levels[rank]!;
    const below = levels[rank - 1]!;
    for (const th of t.entryThresholds?.thresholds ?? []) {
      const lower = below.entryThresholds?.thresholds.find((x) => x.metric === th.metric);
      if (
        lower !== undefined &&
        th.value <= lower.value &&
        t.entryThresholds?.mode === 'all' &&
        below.entryThresholds?.mode === 'all'
      ) {
        add(
          ['levels', rank, 'entry'],
          'thresholds_not_increasing',
          `Tier "${t.id}" needs ${th.metric} >= ${th.value}, not more than the tier below ("${below.id}", ${lower.value}): it would be reached first`,
        );
      }
      const keep = t.retentionThresholds?.thresholds.find((x) => x.metric === th.metric);
      if (keep !== undefined && keep.value > th.value) {
        add(
          ['levels', rank, 'retention'],
          'retention_above_entry',
          `Keeping tier "${t.id}" needs ${th.metric} >= ${keep.value}, more than reaching it (${th.value})`,
        );
      }
    }
  }
  return {
    metrics,
    levels,
    period,
    downgrade: policy.downgrade ?? 'oneStep',
    graceDays: policy.graceDays ?? 0,
    refundRevokeDays: policy.refundRevokeDays ?? 0,
  };
}

/** Metric names a condition mentions (walks the tree iteratively). */
function factNames(condition: Condition | undefined, metrics: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = condition === undefined ? [] : [condition];
  while (stack.length > 0) {
    const n = stack.pop();
    if (typeof n !== 'object' || n === null) continue;
    const o = n as Record<string, unknown>;
    if (typeof o['fact'] === 'string' && metrics.has(o['fact'])) out.add(o['fact']);
    for (const k of ['all', 'any']) {
      const list = o[k];
      if (Array.isArray(list)) for (const c of list) stack.push(c);
    }
    if (o['not'] !== undefined) stack.push(o['not']);
  }
  return out;
}
