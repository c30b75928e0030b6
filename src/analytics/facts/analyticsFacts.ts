import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import { roundDivide } from '../kpis/roundDivide.js';
import { type LifecycleOptions, type LifecycleStage, resolveLifecycle } from '../lifecycle/index.js';
import { type RfmCustomer, type RfmOptions, type RfmResult, rfm } from '../rfm/index.js';
import type { CustomerSummary } from '../types.js';
import * as msg from './messages.js';

/** Model outputs for one customer, computed by the host with the CLV models. */
export interface MemberPredictions {
  /** Probability the customer is still alive (BG/NBD, Pareto/NBD), 0..1. */
  readonly pAlive?: number;
  /** Expected purchases over the host's horizon. */
  readonly expectedPurchases?: number;
  /** Customer lifetime value over the host's horizon, minor units. */
  readonly clv?: number;
}

/**
 * Plain facts about one member, ready to pass to the rules engine (JSON-serializable, flat).
 * Absent inputs give absent facts (never NaN).
 */
export interface MemberAnalyticsFacts {
  /** Distinct purchase days (first included). */
  readonly purchaseDays: number;
  /** Repeat purchase days (BTYD frequency). */
  readonly repeatPurchaseDays: number;
  /** Transactions (orders). */
  readonly orderCount: number;
  /** Total spend, integer minor units. */
  readonly totalSpend: number;
  /** Average order value, minor units rounded half up. */
  readonly averageOrderValue: number;
  /** Days from the first purchase to the observation end. */
  readonly daysSinceFirstPurchase: number;
  /** Days from the last purchase to the observation end. */
  readonly daysSinceLastPurchase: number;
  /** Lifecycle stage (`lifecycleStage`). */
  readonly lifecycleStage: LifecycleStage;
  /** RFM segment name, e.g. `'Champions'`. */
  readonly rfmSegment?: string;
  /** RFM score string, e.g. `'545'`. */
  readonly rfmScore?: string;
  /** RFM recency score. */
  readonly rfmRecency?: number;
  /** RFM frequency score. */
  readonly rfmFrequency?: number;
  /** RFM monetary score. */
  readonly rfmMonetary?: number;
  /** Probability alive, 0..1. */
  readonly pAlive?: number;
  /** Expected purchases over the host's horizon. */
  readonly expectedPurchases?: number;
  /** CLV over the host's horizon, minor units. */
  readonly clv?: number;
}

/** Input of {@link analyticsFacts}. */
export interface AnalyticsFactsInput {
  /** The member's summary (from `summarizeTransactions`). */
  readonly summary: CustomerSummary;
  /** Unit of the summary (default `'day'`). */
  readonly period?: 'day' | 'week';
  /** The member's row of an `rfm` result. */
  readonly rfm?: RfmCustomer;
  /** Lifecycle thresholds (days). */
  readonly lifecycle?: Omit<LifecycleOptions, 'period'>;
  /** Model outputs from the CLV functions. */
  readonly predictions?: MemberPredictions;
}

/**
 * Builds the plain analytics facts of one member for rules, e.g. a win-back rule on
 * `{ fact: 'pAlive', operator: 'lessThan', value: 0.3 }` or a tag on `rfmSegment`.
 *
 * @param input - the member's summary, optional RFM row, lifecycle options and model predictions
 * @returns a flat, JSON-serializable facts object
 * @throws {LoyaltyError} INVALID_ARGUMENT when the summary or a prediction is malformed, or the
 *   RFM row belongs to another customer
 * @example
 * analyticsFacts({ summary, rfm: result.customers[0], predictions: { pAlive: 0.21 } });
 * //=> { purchaseDays: 3, ..., lifecycleStage: 'at-risk', rfmSegment: 'At Risk', rfmScore: '243', pAlive: 0.21 }
 */
export function analyticsFacts(input: AnalyticsFactsInput): MemberAnalyticsFacts {
  const stageOf = resolveLifecycle({ ...input.lifecycle, period: input.period ?? 'day' });
  return buildFacts(input, stageOf, ['input']);
}

/** Options of {@link analyticsFactsByCustomer}. */
export interface AnalyticsFactsOptions {
  /** Unit of the summaries (default `'day'`). */
  readonly period?: 'day' | 'week';
  /** RFM: a computed result, options to compute one over these summaries, or false for none (default: `rfm` defaults). */
  readonly rfm?: RfmResult | RfmOptions | false;
  /** Lifecycle thresholds (days). */
  readonly lifecycle?: Omit<LifecycleOptions, 'period'>;
  /** Model outputs per customer (e.g. from the fitted BG/NBD and Gamma-Gamma models). */
  readonly predict?: (summary: CustomerSummary) => MemberPredictions;
}

/**
 * Builds the analytics facts of every customer, keyed by customer id.
 *
 * @param summaries - customer summaries from `summarizeTransactions`
 * @param options - `rfm`, `lifecycle`, `predict`, `period`
 * @returns a record from customer id to facts
 * @throws {LoyaltyError} INVALID_ARGUMENT as {@link analyticsFacts}
 * @example
 * const facts = analyticsFactsByCustomer(summaries, { predict: (s) => ({ pAlive: pAliveOf(model, s) }) });
 * facts['c42'].rfmSegment; //=> 'Loyal'
 */
export function analyticsFactsByCustomer(
  summaries: readonly CustomerSummary[],
  options: AnalyticsFactsOptions = {},
): Record<string, MemberAnalyticsFacts> {
  const period = options.period ?? 'day';
  const stageOf = resolveLifecycle({ ...options.lifecycle, period });
  const r = options.rfm;
  const rfmRows =
    r === false
      ? undefined
      : r !== undefined && 'customers' in r
        ? r.customers
        : rfm(summaries, r ?? {}).customers;
  const byId = new Map<string, RfmCustomer>();
  if (rfmRows !== undefined) for (const row of rfmRows) byId.set(row.customerId, row);
  const out: Record<string, MemberAnalyticsFacts> = {};
  summaries.forEach((summary, i) => {
    const row = byId.get(summary.customerId);
    const predictions = options.predict?.(summary);
    out[summary.customerId] = buildFacts(
      {
        summary,
        period,
        ...(row === undefined ? {} : { rfm: row }),
        ...(predictions === undefined ? {} : { predictions }),
      },
      stageOf,
      ['summaries', i],
    );
  });
  return out;
}

function buildFacts(
  input: AnalyticsFactsInput,
  stageOf: (s: CustomerSummary) => LifecycleStage,
  path: readonly PathSegment[],
): MemberAnalyticsFacts {
  const s = input.summary;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.customerId !== 'string' ||
    !Number.isSafeInteger(s.totalValue) ||
    !Number.isSafeInteger(s.transactions) ||
    s.transactions < 1
  ) {
    throw invalid([...path, 'summary'], msg.badSummary());
  }
  const unit = input.period === 'week' ? 7 : 1;
  const facts: Record<string, string | number> = {
    purchaseDays: s.periods,
    repeatPurchaseDays: s.frequency,
    orderCount: s.transactions,
    totalSpend: s.totalValue,
    averageOrderValue: roundDivide(s.totalValue, s.transactions, 'half-up'),
    daysSinceFirstPurchase: Math.round(s.T * unit * 1e9) / 1e9,
    daysSinceLastPurchase: Math.round((s.T - s.recency) * unit * 1e9) / 1e9,
    lifecycleStage: stageOf(s),
  };
  const row = input.rfm;
  if (row !== undefined) {
    if (row.customerId !== s.customerId)
      throw invalid([...path, 'rfm'], msg.rfmMismatch(s.customerId, row.customerId));
    facts['rfmSegment'] = row.segment;
    facts['rfmScore'] = row.score;
    facts['rfmRecency'] = row.r;
    facts['rfmFrequency'] = row.f;
    facts['rfmMonetary'] = row.m;
  }
  const p = input.predictions;
  if (p !== undefined) {
    for (const name of ['pAlive', 'expectedPurchases', 'clv'] as const) {
      const v = p[name];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || (name === 'pAlive' && (v < 0 || v > 1))) {
        throw invalid([...path, 'predictions', name], msg.badPrediction(name, v));
      }
      facts[name] = v;
    }
  }
  return facts as unknown as MemberAnalyticsFacts;
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid analytics facts input', [
    { code: 'invalid_argument', path, message },
  ]);
}
