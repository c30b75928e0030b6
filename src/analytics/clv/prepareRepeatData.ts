import { LoyaltyError, type LoyaltyIssue } from '../../errors/index.js';
import type { WeightedRepeatSummary } from '../types.js';
import * as msg from './messages.js';
import { TupleIndex } from './tupleIndex.js';

/** Validated, grouped repeat data in columns, with the distinct frequencies indexed. */
export interface RepeatData {
  /** Number of distinct (frequency, recency, T) rows. */
  readonly n: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Weight (customer count) per row. */
  readonly w: Float64Array;
  /** Index of each row's frequency in `xs`. */
  readonly xi: Int32Array;
  /** Distinct frequencies. */
  readonly xs: Float64Array;
  /** Total weight per distinct frequency. */
  readonly xw: Float64Array;
  /** Distinct recencies and each row's index into them. */
  readonly txs: Float64Array;
  readonly txi: Int32Array;
  /** Distinct ages and each row's index into them. */
  readonly Ts: Float64Array;
  readonly Ti: Int32Array;
  /** Sum of the weights. */
  readonly totalWeight: number;
  /** Weighted sums used for starting values. */
  readonly sumX: number;
  readonly sumT: number;
}

const MAX_ISSUES = 20;

/**
 * Validates summaries and groups identical (frequency, recency, T) rows, summing their counts.
 * @throws {LoyaltyError} INVALID_ARGUMENT for malformed rows, INSUFFICIENT_DATA for no customers or
 *   no repeat purchases at all
 */
export function prepareRepeatData(summaries: readonly WeightedRepeatSummary[], what: string): RepeatData {
  if (!Array.isArray(summaries)) {
    throw new LoyaltyError('INVALID_ARGUMENT', `${what}: invalid input`, [
      { code: 'invalid_type', path: ['summaries'], message: msg.notAnArray(what) },
    ]);
  }
  const issues: LoyaltyIssue[] = [];
  let extra = 0;
  const push = (issue: LoyaltyIssue): void => {
    if (issues.length < MAX_ISSUES) issues.push(issue);
    else extra++;
  };
  const index = new TupleIndex(3);
  const wa: number[] = [];
  for (let i = 0; i < summaries.length; i++) {
    const row: unknown = summaries[i];
    if (typeof row !== 'object' || row === null) {
      push({ code: 'invalid_type', path: ['summaries', i], message: msg.notAnObject() });
      continue;
    }
    const { frequency: x, recency: tx, T, count } = row as Partial<WeightedRepeatSummary>;
    let ok = true;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      push({ code: 'invalid_frequency', path: ['summaries', i, 'frequency'], message: msg.badFrequency(x) });
      ok = false;
    }
    if (typeof tx !== 'number' || !Number.isFinite(tx) || tx < 0) {
      push({ code: 'invalid_recency', path: ['summaries', i, 'recency'], message: msg.badRecency(tx) });
      ok = false;
    }
    if (typeof T !== 'number' || !Number.isFinite(T) || T < 0) {
      push({ code: 'invalid_age', path: ['summaries', i, 'T'], message: msg.badAge(T) });
      ok = false;
    }
    const w = count ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      push({ code: 'invalid_count', path: ['summaries', i, 'count'], message: msg.badCount(count) });
      ok = false;
    }
    if (!ok) continue;
    const xv = x as number;
    const txv = tx as number;
    const Tv = T as number;
    if (txv > Tv) {
      push({
        code: 'recency_after_age',
        path: ['summaries', i, 'recency'],
        message: msg.recencyAfterAge(txv, Tv),
      });
      continue;
    }
    if (xv === 0 && txv !== 0) {
      push({
        code: 'recency_without_repeat',
        path: ['summaries', i, 'recency'],
        message: msg.recencyWithoutRepeat(txv),
      });
      continue;
    }
    if (w === 0) continue;
    const at = index.indexOf(xv, txv, Tv);
    if (at === wa.length) wa.push(w);
    else wa[at] = wa[at]! + w;
  }
  if (issues.length > 0) {
    if (extra > 0) push({ code: 'more', path: ['summaries'], message: msg.moreIssues(extra) });
    throw new LoyaltyError('INVALID_ARGUMENT', `${what}: invalid customer summaries`, issues);
  }
  const n = wa.length;
  if (n === 0) throw new LoyaltyError('INSUFFICIENT_DATA', msg.noCustomers(what));
  const xa = index.column(0);
  const txa = index.column(1);
  const Ta = index.column(2);
  const [distinct, xi] = indexDistinct(xa);
  const [txs, txi] = indexDistinct(txa);
  const [Ts, Ti] = indexDistinct(Ta);
  const xw = new Float64Array(distinct.length);
  let totalWeight = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    const k = xi[i]!;
    xw[k] = xw[k]! + wa[i]!;
    totalWeight += wa[i]!;
    sumX += wa[i]! * xa[i]!;
    sumT += wa[i]! * Ta[i]!;
  }
  if (sumX === 0) throw new LoyaltyError('INSUFFICIENT_DATA', msg.noRepeatPurchases(what));
  return {
    n,
    x: xa,
    tx: txa,
    T: Ta,
    w: Float64Array.from(wa),
    xi,
    xs: distinct,
    xw,
    txs,
    txi,
    Ts,
    Ti,
    totalWeight,
    sumX,
    sumT,
  };
}

/** Distinct values (first-seen order) and each element's index into them. */
function indexDistinct(values: Float64Array): [Float64Array, Int32Array] {
  const index = new TupleIndex(1);
  const idx = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) idx[i] = index.indexOf(values[i]!);
  return [index.column(0), idx];
}
