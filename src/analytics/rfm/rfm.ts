import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import type { CustomerSummary } from '../types.js';
import * as msg from './messages.js';
import { DEFAULT_RFM_SEGMENT_RULES, type RfmSegmentRule, type ScoreRange } from './rfmSegments.js';

/** Fixed cut points per dimension: `bins - 1` strictly increasing values each. */
export interface RfmThresholds {
  /**
   * Cut points on the time since the last purchase (summary units). Below the first cut scores
   * `bins` (most recent); at or above the last cut scores 1.
   */
  readonly recency: readonly number[];
  /** Cut points on `frequency` (repeat purchase days): below the first scores 1, at or above the last scores `bins`. */
  readonly frequency: readonly number[];
  /** Cut points on the monetary value (minor units), like `frequency`. */
  readonly monetary: readonly number[];
}

/** Options of {@link rfm}. */
export interface RfmOptions {
  /** Number of scores per dimension, 2..20 (default 5). */
  readonly bins?: number;
  /** `'quantile'` (default; ties share a score) or fixed thresholds. */
  readonly method?: 'quantile' | RfmThresholds;
  /**
   * The M value: `'total'` (default: total spend, first purchase included), `'average'` (spend per
   * purchase day) or `'repeat'` (the BTYD `monetary`: mean of repeat purchase days, 0 for one-time buyers).
   */
  readonly monetary?: 'total' | 'average' | 'repeat';
  /**
   * Segment mapping, tried in order (first match wins); default {@link DEFAULT_RFM_SEGMENT_RULES}
   * (5-point scores: with other `bins`, scores are first rescaled to 1..5 for the default mapping).
   * Unmatched customers get the segment `'Other'`.
   */
  readonly segments?: readonly RfmSegmentRule[];
}

/** One customer's RFM scores and segment. */
export interface RfmCustomer {
  readonly customerId: string;
  /** Recency score, 1..bins; higher = bought more recently. */
  readonly r: number;
  /** Frequency score, 1..bins; higher = more repeat purchase days. */
  readonly f: number;
  /** Monetary score, 1..bins; higher = more spend. */
  readonly m: number;
  /** Rounded (half up) mean of f and m. */
  readonly fm: number;
  /** The three scores as a string, e.g. `'545'` (digits joined with '-' when bins > 9). */
  readonly score: string;
  /** The named segment. */
  readonly segment: string;
  /** Time since the last purchase, in the summary's unit (T - recency). */
  readonly recencyValue: number;
  /** Repeat purchase days (the summary's frequency). */
  readonly frequencyValue: number;
  /** The M value (minor units) per the `monetary` option. */
  readonly monetaryValue: number;
}

/** The result of {@link rfm}. */
export interface RfmResult {
  readonly bins: number;
  /** Segment names in mapping order (then `'Other'` when some customer matched no rule). */
  readonly segments: readonly string[];
  /** One row per input summary, in input order. */
  readonly customers: readonly RfmCustomer[];
}

/**
 * Scores customers on Recency, Frequency and Monetary value, 1..bins each, and names their segment.
 * Quantile scoring: a value's score is `1 + floor(bins × share of customers with a strictly worse
 * value)`, so equal values always share a score (some scores may then be unused). Recency is the
 * time since the last purchase (T - recency of the BTYD summary): more recent scores higher.
 *
 * @param summaries - per-customer summaries from `summarizeTransactions`
 * @param options - `bins`, `method` (`'quantile'` or thresholds), `monetary`, `segments`
 * @returns scores and segment per customer (input order), and the segment names
 * @throws {LoyaltyError} INVALID_ARGUMENT when an option or a summary is malformed
 * @example
 * const result = rfm(summarizeTransactions(log, { observationEnd: '2024-06-30' }), { bins: 5 });
 * result.customers[0]; //=> { customerId: 'a', r: 5, f: 4, m: 5, fm: 5, score: '545', segment: 'Champions', ... }
 */
export function rfm(summaries: readonly CustomerSummary[], options: RfmOptions = {}): RfmResult {
  const bins = options.bins ?? 5;
  if (!Number.isInteger(bins) || bins < 2 || bins > 20) throw invalid(['options', 'bins'], msg.badBins(bins));
  const monetaryKind: unknown = options.monetary ?? 'total';
  if (monetaryKind !== 'total' && monetaryKind !== 'average' && monetaryKind !== 'repeat') {
    throw invalid(['options', 'monetary'], msg.badMonetary(monetaryKind));
  }
  const rules = options.segments ?? DEFAULT_RFM_SEGMENT_RULES;
  validateRules(rules, options.segments !== undefined);
  const rescale = options.segments === undefined && bins !== 5;

  const n = summaries.length;
  const rv = new Float64Array(n);
  const fv = new Float64Array(n);
  const mv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = summaries[i]!;
    if (!isSummary(s)) throw invalid(['summaries', i], msg.badSummary());
    rv[i] = s.T - s.recency;
    fv[i] = s.frequency;
    mv[i] =
      monetaryKind === 'total'
        ? s.totalValue
        : monetaryKind === 'average'
          ? s.totalValue / s.periods
          : s.monetary;
  }

  const method = options.method ?? 'quantile';
  let score: (values: Float64Array, higherIsBetter: boolean, name: keyof RfmThresholds) => Int32Array;
  if (method === 'quantile') {
    score = (values, higher) => quantileScores(values, bins, higher);
  } else if (typeof method === 'object' && method !== null) {
    for (const name of ['recency', 'frequency', 'monetary'] as const) {
      if (!isIncreasing(method[name], bins - 1)) {
        throw invalid(['options', 'method', name], msg.badThresholds(name, bins));
      }
    }
    score = (values, higher, name) => thresholdScores(values, method[name], bins, higher);
  } else {
    throw invalid(['options', 'method'], msg.badMethod(method));
  }
  const rs = score(rv, false, 'recency');
  const fs = score(fv, true, 'frequency');
  const ms = score(mv, true, 'monetary');

  const sep = bins > 9 ? '-' : '';
  const customers: RfmCustomer[] = new Array(n);
  let other = false;
  for (let i = 0; i < n; i++) {
    const r = rs[i]!;
    const f = fs[i]!;
    const m = ms[i]!;
    const fm = Math.floor((f + m) / 2 + 0.5);
    const segment = rescale
      ? matchSegment(rules, to5(r, bins), to5(f, bins), to5(m, bins), to5(fm, bins))
      : matchSegment(rules, r, f, m, fm);
    if (segment === undefined) other = true;
    customers[i] = {
      customerId: summaries[i]!.customerId,
      r,
      f,
      m,
      fm,
      score: `${r}${sep}${f}${sep}${m}`,
      segment: segment ?? 'Other',
      recencyValue: rv[i]!,
      frequencyValue: fv[i]!,
      monetaryValue: mv[i]!,
    };
  }
  const segments = [...new Set(rules.map((rule) => rule.segment))];
  if (other) segments.push('Other');
  return { bins, segments, customers };
}

/** Quantile scores with ties kept together: 1 + floor(bins × share strictly worse). */
function quantileScores(values: Float64Array, bins: number, higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const worse = higherIsBetter ? lowerBound(sorted, v) : n - upperBound(sorted, v);
    out[i] = 1 + Math.floor((bins * worse) / n);
  }
  return out;
}

function thresholdScores(
  values: Float64Array,
  cuts: readonly number[],
  bins: number,
  higherIsBetter: boolean,
): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let atOrAbove = 0;
    while (atOrAbove < cuts.length && v >= cuts[atOrAbove]!) atOrAbove += 1;
    out[i] = higherIsBetter ? 1 + atOrAbove : bins - atOrAbove;
  }
  return out;
}

/** Number of elements < v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements <= v. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rescales a 1..bins score to 1..5 (rounded half up) for the default mapping. */
function to5(score: number, bins: number): number {
  return Math.floor(1 + ((score - 1) * 4) / (bins - 1) + 0.5);
}

const inRange = (x: number, range: ScoreRange | undefined): boolean =>
  range === undefined || (x >= range[0] && x <= range[1]);

function matchSegment(
  rules: readonly RfmSegmentRule[],
  r: number,
  f: number,
  m: number,
  fm: number,
): string | undefined {
  for (const rule of rules) {
    if (inRange(r, rule.r) && inRange(f, rule.f) && inRange(m, rule.m) && inRange(fm, rule.fm))
      return rule.segment;
  }
  return undefined;
}

function validateRules(rules: readonly RfmSegmentRule[], given: boolean): void {
  if (!given) return;
  if (!Array.isArray(rules)) throw invalid(['options', 'segments'], msg.badRule());
  rules.forEach((rule: RfmSegmentRule, i) => {
    const okRange = (x: ScoreRange | undefined): boolean =>
      x === undefined ||
      (Array.isArray(x) && x.length === 2 && Number.isFinite(x[0]) && Number.isFinite(x[1]) && x[0] <= x[1]);
    if (
      typeof rule !== 'object' ||
      rule === null ||
      typeof rule.segment !== 'string' ||
      rule.segment === '' ||
      !okRange(rule.r) ||
      !okRange(rule.f) ||
      !okRange(rule.m) ||
      !okRange(rule.fm)
    ) {
      throw invalid(['options', 'segments', i], msg.badRule());
    }
  });
}

function isIncreasing(cuts: unknown, length: number): boolean {
  if (!Array.isArray(cuts) || cuts.length !== length) return false;
  for (let i = 0; i < cuts.length; i++) {
    const c: unknown = cuts[i];
    if (typeof c !== 'number' || !Number.isFinite(c)) return false;
    if (i > 0 && c <= (cuts[i - 1] as number)) return false;
  }
  return true;
}

function isSummary(s: CustomerSummary): boolean {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.customerId === 'string' &&
    Number.isFinite(s.frequency) &&
    Number.isFinite(s.recency) &&
    Number.isFinite(s.T) &&
    Number.isFinite(s.monetary) &&
    Number.isFinite(s.totalValue) &&
    Number.isFinite(s.periods) &&
    s.periods > 0 &&
    s.recency <= s.T
  );
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid RFM input', [
    { code: 'invalid_argument', path, message },
  ]);
}
