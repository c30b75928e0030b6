import { LoyaltyError, type PathSegment } from '../errors/index.js';
import {
  moneyOf,
  type PointValue,
  type ResolvedPointValue,
  resolvePointValue,
  roundRatio,
  valuePoints,
} from '../liability/index.js';
import { currencyExponent, type Money } from '../money/index.js';
import { messages } from './messages.js';
import { mulberry32 } from './mulberry32.js';
import { checkConfidence, welchCore } from './welchTest.js';

/** The KPIs arms are compared on. */
export type ExperimentMetric = 'spendPerMember' | 'repeatRate' | 'aov' | 'pointsCostPerMember';

const METRICS: readonly ExperimentMetric[] = ['spendPerMember', 'repeatRate', 'aov', 'pointsCostPerMember'];

/** One member's outcome over the experiment window, in one arm (see `experimentOutcomes`). */
export interface MemberOutcome {
  readonly memberId: string;
  /** The arm (variant id, or e.g. `"holdout"`). */
  readonly arm: string;
  /** Net spend in the window, integer minor units (0 for members who bought nothing). */
  readonly spend: number;
  /** Orders in the window. */
  readonly orders: number;
  /** Distinct purchase days in the window (default: `orders`); a repeat customer has at least 2. */
  readonly purchaseDays?: number;
  /** Points issued to the member in the window, point units (default 0). */
  readonly pointsIssued?: number;
}

/** The percentile bootstrap: give a `seed` (mulberry32) or your own `random` in [0, 1). */
export interface BootstrapOptions {
  /** Resamples, 100 to 1,000,000. Default 2,000. */
  readonly resamples?: number;
  readonly seed?: number;
  readonly random?: () => number;
}

/** Options of {@link compareArms}. */
export interface CompareArmsOptions {
  /** The arm every other arm is compared with. */
  readonly control: string;
  /** The currency of `spend` (money results are in it). */
  readonly currency: string;
  /** The value of a point, for the points cost (needed by the metric `pointsCostPerMember`). */
  readonly pointValue?: PointValue;
  /** Default: all four metrics, or the first three without a point value. */
  readonly metrics?: readonly ExperimentMetric[];
  /** Confidence level of the intervals. Default 0.95. */
  readonly confidence?: number;
  /** Adds percentile-bootstrap intervals and p-values next to Welch's. */
  readonly bootstrap?: BootstrapOptions;
}

/** One arm's totals; money exact (totals) or rounded half-even once (per member, per order). */
export interface ArmSummary {
  readonly arm: string;
  readonly members: number;
  readonly orders: number;
  /** Members with at least two purchase days. */
  readonly repeaters: number;
  readonly spend: Money;
  readonly spendPerMember: Money;
  readonly repeatRate: number;
  /** spend / orders; `null` without orders. */
  readonly aov: Money | null;
  readonly pointsIssued: number;
  /** Value of the points issued; `null` without a point value. */
  readonly pointsCost: Money | null;
  readonly pointsCostPerMember: Money | null;
}

/** One metric of one arm against the control. Money metrics are in (fractional) minor units. */
export interface MetricComparison {
  readonly metric: ExperimentMetric;
  readonly arm: string;
  readonly control: string;
  /** The arm's estimate: a mean per member, a share (repeat rate) or a ratio (AOV); `null` when undefined (AOV without orders). */
  readonly armValue: number | null;
  readonly controlValue: number | null;
  /** armValue - controlValue. */
  readonly difference: number | null;
  /** difference / controlValue (the lift); `null` when the control value is 0 or undefined. */
  readonly relativeDifference: number | null;
  readonly standardError: number | null;
  /** Welch's t (for AOV with delta-method variances); `null` when undefined (no variance). */
  readonly t: number | null;
  readonly df: number | null;
  /** Two-sided p-value of Welch's test. */
  readonly pValue: number | null;
  /** Welch confidence interval of the difference. */
  readonly ci: readonly [number, number] | null;
  /** Hedges' g for means per member, Cohen's h for the repeat rate; `null` for AOV or without variance. */
  readonly effectSize: { readonly measure: 'hedgesG' | 'cohensH'; readonly value: number } | null;
  /** Percentile-bootstrap interval and two-sided p-value, when asked for. */
  readonly bootstrap: {
    readonly ci: readonly [number, number];
    readonly pValue: number;
    /** Resamples with a defined value (AOV needs an order in both resampled arms). */
    readonly resamples: number;
  } | null;
}

/** The comparison of an experiment's arms. */
export interface ArmComparison {
  readonly control: string;
  readonly currency: string;
  readonly confidence: number;
  /** The stated test: Welch's unequal-variances t-test; AOV with delta-method variances. */
  readonly test: 'welch';
  readonly bootstrap: { readonly method: 'percentile'; readonly resamples: number } | null;
  /** The control first, then the other arms by id. */
  readonly arms: readonly ArmSummary[];
  /** Each other arm against the control, metric by metric. */
  readonly comparisons: readonly MetricComparison[];
}

interface ArmData {
  readonly arm: string;
  readonly spend: number[];
  readonly orders: number[];
  readonly repeat: number[];
  readonly points: number[];
}

/**
 * Compares the arms of an experiment on spend per member, repeat rate, average order value and the
 * points cost per member, each arm against the control: estimates, absolute and relative
 * differences, Welch's t-test (two-sided p-value and confidence interval), effect sizes (Hedges' g,
 * Cohen's h), and optionally a percentile bootstrap with a seeded generator.
 *
 * Per-member metrics are means over **every member of the arm** (members who bought nothing count
 * as 0); the repeat rate is the share with at least two purchase days; AOV is the ratio
 * total spend / total orders, whose variance comes from the delta method (Deng, Knoblich & Lu 2018)
 * with n - 1 degrees of freedom per arm in the Welch-Satterthwaite formula. Totals are exact Money;
 * estimates and intervals are plain numbers (minor units for money metrics). See
 * docs/guides/experiments.md.
 *
 * @param outcomes - one outcome per member (from `experimentOutcomes`, or your own)
 * @param options - `control`, `currency`, `pointValue`, `metrics`, `confidence`, `bootstrap`
 * @returns the arm summaries and the comparisons
 * @throws {LoyaltyError} INVALID_ARGUMENT for malformed outcomes or options, a member listed twice
 * @throws {LoyaltyError} INSUFFICIENT_DATA when the control arm is missing, an arm has fewer than
 *   2 members, or there is no arm besides the control
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the point value is not in `currency`
 * @example
 * compareArms(outcomes, { control: 'control', currency: 'CNY',
 *   pointValue: { currency: 'CNY', perPoint: '0.01' }, bootstrap: { seed: 7 } })
 */
export function compareArms(outcomes: Iterable<MemberOutcome>, options: CompareArmsOptions): ArmComparison {
  if (typeof options !== 'object' || options === null)
    throw invalid(['options'], messages.badControl(undefined));
  const control: unknown = options.control;
  if (typeof control !== 'string' || control.length === 0)
    throw invalid(['options', 'control'], messages.badControl(control));
  const currency = options.currency;
  currencyExponent(currency, ['options', 'currency']);
  let value: ResolvedPointValue | null = null;
  if (options.pointValue !== undefined) {
    value = resolvePointValue(options.pointValue, ['options', 'pointValue']);
    if (value.currency !== currency) {
      throw new LoyaltyError('CURRENCY_MISMATCH', 'Currency mismatch', [
        {
          code: 'currency_mismatch',
          path: ['options', 'pointValue', 'currency'],
          message: `The point value is in ${value.currency} but spend is in ${currency}: value points in the same currency`,
        },
      ]);
    }
  }
  const metrics = options.metrics ?? (value === null ? METRICS.slice(0, 3) : METRICS);
  if (!Array.isArray(metrics)) throw invalid(['options', 'metrics'], messages.badMetric(metrics));
  metrics.forEach((m, i) => {
    if (!METRICS.includes(m)) throw invalid(['options', 'metrics', i], messages.badMetric(m));
    if (m === 'pointsCostPerMember' && value === null)
      throw invalid(['options', 'pointValue'], messages.needPointValue());
  });
  const confidence = checkConfidence(options.confidence, ['options', 'confidence']);
  const boot = bootstrapOptions(options.bootstrap);

  const arms = groupByArm(outcomes);
  const controlData = arms.get(control);
  if (controlData === undefined) {
    throw new LoyaltyError('INSUFFICIENT_DATA', 'No control arm', [
      { code: 'no_control', path: ['options', 'control'], message: messages.controlMissing(control) },
    ]);
  }
  const others = [...arms.keys()].filter((a) => a !== control).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (others.length === 0) {
    throw new LoyaltyError('INSUFFICIENT_DATA', 'Nothing to compare', [
      { code: 'one_arm', path: ['outcomes'], message: messages.onlyControl(control) },
    ]);
  }
  const ordered = [controlData, ...others.map((a) => arms.get(a)!)];
  for (const d of ordered) {
    if (d.spend.length < 2) {
      throw new LoyaltyError('INSUFFICIENT_DATA', 'Arm too small', [
        { code: 'arm_too_small', path: ['outcomes'], message: messages.armTooSmall(d.arm, d.spend.length) },
      ]);
    }
  }

  const perUnit = value?.perUnitFloat ?? 0;
  const summaries = ordered.map((d) => summarize(d, currency, value));
  const stats = ordered.map((d) => armStats(d, perUnit));
  const bootDraws = boot === null ? null : bootstrapDraws(ordered, perUnit, boot);

  const comparisons: MetricComparison[] = [];
  for (let k = 1; k < ordered.length; k++) {
    for (const metric of metrics) {
      comparisons.push(
        compareMetric(metric, ordered[k]!.arm, control, stats[k]!, stats[0]!, confidence, bootDraws, k),
      );
    }
  }
  return {
    control,
    currency,
    confidence,
    test: 'welch',
    bootstrap: boot === null ? null : { method: 'percentile', resamples: boot.resamples },
    arms: summaries,
    comparisons,
  };
}

function groupByArm(outcomes: Iterable<MemberOutcome>): Map<string, ArmData> {
  if (outcomes === null || typeof outcomes !== 'object' || !(Symbol.iterator in outcomes)) {
    throw invalid(['outcomes'], 'Expected an array (or iterable) of member outcomes');
  }
  const arms = new Map<string, ArmData>();
  const seen = new Set<string>();
  let i = 0;
  for (const o of outcomes) {
    const path = ['outcomes', i];
    if (typeof o !== 'object' || o === null)
      throw invalid(path, 'Expected a member outcome { memberId, arm, spend, orders }');
    if (typeof o.memberId !== 'string' || o.memberId.length === 0)
      throw invalid([...path, 'memberId'], messages.badMemberId(o.memberId));
    if (seen.has(o.memberId)) throw invalid([...path, 'memberId'], messages.duplicateMember(o.memberId));
    seen.add(o.memberId);
    if (typeof o.arm !== 'string' || o.arm.length === 0)
      throw invalid([...path, 'arm'], messages.badArm(o.arm));
    if (!Number.isSafeInteger(o.spend))
      throw invalid([...path, 'spend'], messages.badAmount('spend', o.spend));
    if (!isCount(o.orders)) throw invalid([...path, 'orders'], messages.badCount('orders', o.orders));
    const days = o.purchaseDays ?? o.orders;
    if (!isCount(days)) throw invalid([...path, 'purchaseDays'], messages.badCount('purchaseDays', days));
    const points = o.pointsIssued ?? 0;
    if (!Number.isSafeInteger(points))
      throw invalid([...path, 'pointsIssued'], messages.badAmount('pointsIssued', points));
    let d = arms.get(o.arm);
    if (d === undefined) {
      d = { arm: o.arm, spend: [], orders: [], repeat: [], points: [] };
      arms.set(o.arm, d);
    }
    d.spend.push(o.spend);
    d.orders.push(o.orders);
    d.repeat.push(days >= 2 ? 1 : 0);
    d.points.push(points);
    i++;
  }
  return arms;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function sumBig(xs: readonly number[]): bigint {
  let s = 0n;
  for (const x of xs) s += BigInt(x);
  return s;
}

function summarize(d: ArmData, currency: string, value: ResolvedPointValue | null): ArmSummary {
  const n = d.spend.length;
  const spend = sumBig(d.spend);
  const orders = d.orders.reduce((a, b) => a + b, 0);
  const repeaters = d.repeat.reduce((a, b) => a + b, 0);
  const points = sumBig(d.points);
  const costExact = value === null ? null : { num: points * value.perUnit.num, den: value.perUnit.den };
  return {
    arm: d.arm,
    members: n,
    orders,
    repeaters,
    spend: moneyOf(spend, currency),
    spendPerMember: moneyOf(roundRatio(spend, BigInt(n), 'halfEven'), currency),
    repeatRate: repeaters / n,
    aov: orders === 0 ? null : moneyOf(roundRatio(spend, BigInt(orders), 'halfEven'), currency),
    pointsIssued: Number(points),
    pointsCost: value === null ? null : valuePoints(Number(points), value, 'halfEven'),
    pointsCostPerMember:
      costExact === null
        ? null
        : moneyOf(roundRatio(costExact.num, costExact.den * BigInt(n), 'halfEven'), currency),
  };
}

interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

interface ArmStats {
  readonly spend: Moments;
  readonly repeat: Moments;
  readonly cost: Moments;
  /** AOV and the variance of its estimate (delta method); null without orders. */
  readonly aov: { readonly value: number; readonly varianceOfEstimate: number } | null;
}

function moments(xs: readonly number[], scale = 1): Moments {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x * scale;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x * scale - mean) ** 2;
  return { n, mean, variance: ss / (n - 1) };
}

function armStats(d: ArmData, perUnit: number): ArmStats {
  const spend = moments(d.spend);
  const orders = moments(d.orders);
  const n = d.spend.length;
  let aov: ArmStats['aov'] = null;
  if (orders.mean > 0) {
    const r = spend.mean / orders.mean;
    let cov = 0;
    for (let i = 0; i < n; i++) cov += (d.spend[i]! - spend.mean) * (d.orders[i]! - orders.mean);
    cov /= n - 1;
    // Delta method: Var(X̄/Ȳ) ≈ (s_x² - 2R s_xy + R² s_y²) / (n Ȳ²)
    const v = (spend.variance - 2 * r * cov + r * r * orders.variance) / (n * orders.mean * orders.mean);
    aov = { value: r, varianceOfEstimate: Math.max(0, v) };
  }
  return { spend, repeat: moments(d.repeat), cost: moments(d.points, perUnit), aov };
}

/** Bootstrap estimates per arm (index as `ordered`), per metric, per resample. */
type Draws = readonly Record<ExperimentMetric, Float64Array>[];

function bootstrapDraws(
  ordered: readonly ArmData[],
  perUnit: number,
  boot: { resamples: number; random: () => number },
): Draws {
  const B = boot.resamples;
  const out = ordered.map(() => ({
    spendPerMember: new Float64Array(B),
    repeatRate: new Float64Array(B),
    aov: new Float64Array(B),
    pointsCostPerMember: new Float64Array(B),
  }));
  const random = boot.random;
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < ordered.length; k++) {
      const d = ordered[k]!;
      const n = d.spend.length;
      let spend = 0;
      let orders = 0;
      let repeat = 0;
      let points = 0;
      for (let i = 0; i < n; i++) {
        const u = random();
        if (!(u >= 0 && u < 1)) {
          throw invalid(['options', 'bootstrap', 'random'], messages.badRandomValue(u));
        }
        const j = Math.floor(u * n);
        spend += d.spend[j]!;
        orders += d.orders[j]!;
        repeat += d.repeat[j]!;
        points += d.points[j]!;
      }
      const o = out[k]!;
      o.spendPerMember[b] = spend / n;
      o.repeatRate[b] = repeat / n;
      o.aov[b] = orders === 0 ? Number.NaN : spend / orders;
      o.pointsCostPerMember[b] = (points * perUnit) / n;
    }
  }
  return out;
}

function compareMetric(
  metric: ExperimentMetric,
  arm: string,
  control: string,
  a: ArmStats,
  c: ArmStats,
  confidence: number,
  draws: Draws | null,
  k: number,
): MetricComparison {
  let armValue: number | null;
  let controlValue: number | null;
  let core: ReturnType<typeof welchCore> | null = null;
  let effectSize: MetricComparison['effectSize'] = null;
  if (metric === 'aov') {
    armValue = a.aov?.value ?? null;
    controlValue = c.aov?.value ?? null;
    if (a.aov !== null && c.aov !== null) {
      core = welchCore(
        a.aov.value - c.aov.value,
        a.aov.varianceOfEstimate,
        a.spend.n - 1,
        c.aov.varianceOfEstimate,
        c.spend.n - 1,
        confidence,
      );
    }
  } else {
    const ma = metric === 'spendPerMember' ? a.spend : metric === 'repeatRate' ? a.repeat : a.cost;
    const mc = metric === 'spendPerMember' ? c.spend : metric === 'repeatRate' ? c.repeat : c.cost;
    armValue = ma.mean;
    controlValue = mc.mean;
    core = welchCore(
      ma.mean - mc.mean,
      ma.variance / ma.n,
      ma.n - 1,
      mc.variance / mc.n,
      mc.n - 1,
      confidence,
    );
    if (metric === 'repeatRate') {
      effectSize = {
        measure: 'cohensH',
        value: 2 * Math.asin(Math.sqrt(ma.mean)) - 2 * Math.asin(Math.sqrt(mc.mean)),
      };
    } else {
      const pooled = Math.sqrt(((ma.n - 1) * ma.variance + (mc.n - 1) * mc.variance) / (ma.n + mc.n - 2));
      if (pooled > 0) {
        const j = 1 - 3 / (4 * (ma.n + mc.n) - 9); // Hedges' small-sample correction
        effectSize = { measure: 'hedgesG', value: (j * (ma.mean - mc.mean)) / pooled };
      }
    }
  }
  const difference = armValue === null || controlValue === null ? null : armValue - controlValue;
  return {
    metric,
    arm,
    control,
    armValue,
    controlValue,
    difference,
    relativeDifference:
      difference === null || controlValue === null || controlValue === 0 ? null : difference / controlValue,
    standardError: core?.standardError ?? null,
    t: core?.t ?? null,
    df: core?.df ?? null,
    pValue: core?.pValue ?? null,
    ci: core?.ci ?? null,
    effectSize,
    bootstrap: draws === null ? null : bootstrapResult(draws[k]![metric], draws[0]![metric], confidence),
  };
}

function bootstrapResult(
  arm: Float64Array,
  control: Float64Array,
  confidence: number,
): MetricComparison['bootstrap'] {
  const diffs: number[] = [];
  for (let b = 0; b < arm.length; b++) {
    const d = arm[b]! - control[b]!;
    if (!Number.isNaN(d)) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  diffs.sort((x, y) => x - y);
  let below = 0;
  let above = 0;
  for (const d of diffs) {
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const m = diffs.length;
  const alpha = 1 - confidence;
  return {
    ci: [quantile7(diffs, alpha / 2), quantile7(diffs, 1 - alpha / 2)],
    pValue: Math.min(1, (2 * (1 + Math.min(below, above))) / (m + 1)),
    resamples: m,
  };
}

/** Hyndman & Fan's type 7 sample quantile of sorted values (R's and numpy's default). */
export function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function bootstrapOptions(
  b: BootstrapOptions | undefined,
): { resamples: number; random: () => number } | null {
  if (b === undefined) return null;
  if (typeof b !== 'object' || b === null) throw invalid(['options', 'bootstrap'], messages.badRandom());
  const resamples: unknown = b.resamples ?? 2000;
  if (
    typeof resamples !== 'number' ||
    !Number.isInteger(resamples) ||
    resamples < 100 ||
    resamples > 1_000_000
  ) {
    throw invalid(['options', 'bootstrap', 'resamples'], messages.badResamples(resamples));
  }
  if (typeof b.random === 'function') return { resamples, random: b.random };
  if (typeof b.seed === 'number' && Number.isInteger(b.seed))
    return { resamples, random: mulberry32(b.seed) };
  throw invalid(['options', 'bootstrap'], messages.badRandom());
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid experiment comparison', [
    { code: 'invalid_argument', path, message },
  ]);
}
