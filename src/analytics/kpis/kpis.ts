import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import {
  addToState,
  type DayState,
  isSyncIterable,
  notIterableError,
  resolveEnd,
  resolveOptions,
  transactionReader,
} from '../summary/accumulate.js';
import { civilFromDay } from '../summary/localDay.js';
import { finishSummaries } from '../summary/summarizeTransactions.js';
import type { Transaction } from '../summary/transaction.js';
import type { CustomerSummary } from '../types.js';
import * as msg from './messages.js';
import { type AovRoundingMode, roundDivide } from './roundDivide.js';

/** Options of {@link kpis}. */
export interface KpiOptions {
  /** End of observation; required with transactions (ignored with summaries, which carry T). */
  readonly observationEnd?: string | Date;
  /** IANA zone of calendar days and months (default `'UTC'`); transactions only. */
  readonly timeZone?: string;
  /** Unit of the summaries' recency and T (default `'day'`); summaries only. */
  readonly period?: 'day' | 'week';
  /** A customer is churned after this many days without a purchase (default 90). */
  readonly churnAfterDays?: number;
  /** Rounding of the average order value to integer minor units (default `'half-up'`). */
  readonly rounding?: AovRoundingMode;
  /** Negative amounts: `'reject'` (default) or `'ignore'`; transactions only. */
  readonly negativeAmounts?: 'reject' | 'ignore';
}

/** Retention of one monthly cohort (customers whose first purchase was in that month). */
export interface CohortRow {
  /** The cohort month, `YYYY-MM` (in the time zone). */
  readonly cohort: string;
  /** Customers in the cohort. */
  readonly customers: number;
  /** `active[k]`: cohort customers with a purchase in month cohort + k (k = 0 .. last month). */
  readonly active: readonly number[];
  /** `retention[k]` = active[k] / customers; `retention[0]` is 1. The last month may be partial. */
  readonly retention: readonly number[];
}

/** Shop-level KPIs. Ratios are null when their denominator is 0. */
export interface Kpis {
  /** Customers with at least one purchase. */
  readonly customers: number;
  /** Transactions (orders). */
  readonly orders: number;
  /** Distinct customer purchase days (the BTYD purchase count). */
  readonly purchaseDays: number;
  /** Sum of all amounts, integer minor units. */
  readonly revenue: number;
  /** Average order value 客单价: revenue / orders rounded to integer minor units by `rounding`. */
  readonly aov: number | null;
  /** The rounding mode used for `aov`. */
  readonly aovRounding: AovRoundingMode;
  /** Orders per customer. */
  readonly purchaseFrequency: number | null;
  /** Repeat purchase rate 复购率: share of customers with purchases on at least two different days. */
  readonly repeatPurchaseRate: number | null;
  /** Customers whose last purchase is more than `churnAfterDays` days before the observation end. */
  readonly churnedCustomers: number;
  /** Customers whose first purchase is more than `churnAfterDays` days before the end (the churn base). */
  readonly churnBase: number;
  /** churnedCustomers / churnBase. */
  readonly churnRate: number | null;
  /** Mean days between consecutive purchase days, pooled over all repeat intervals: sum(recency) / sum(frequency). */
  readonly averageInterPurchaseDays: number | null;
  /** Monthly cohort retention table (only when computed from transactions). */
  readonly cohorts?: readonly CohortRow[];
}

/**
 * Shop-level KPIs from a transaction log (with monthly cohort retention) or from customer
 * summaries (without cohorts): AOV, purchase frequency, repeat purchase rate, churn rate, average
 * inter-purchase time. Input with a numeric `frequency` on its first row is read as summaries.
 *
 * @param input - transactions `{ customerId, occurredAt, amount }` or summaries from `summarizeTransactions`
 * @param options - `observationEnd` (transactions), `churnAfterDays`, `rounding`, `timeZone`, `period`
 * @returns the KPIs
 * @throws {LoyaltyError} INVALID_ARGUMENT when an option or a row is malformed, or observationEnd
 *   is missing for transactions
 * @throws {LoyaltyError} INVALID_AMOUNT / INVALID_DATE / UNKNOWN_TIME_ZONE as `summarizeTransactions`
 * @example
 * kpis(
 *   [
 *     { customerId: 'a', occurredAt: '2024-01-05', amount: 1000 },
 *     { customerId: 'a', occurredAt: '2024-02-05', amount: 2001 },
 *     { customerId: 'b', occurredAt: '2024-01-20', amount: 3000 },
 *   ],
 *   { observationEnd: '2024-02-29' },
 * );
 * //=> { customers: 2, orders: 3, revenue: 6001, aov: 2000, purchaseFrequency: 1.5,
 * //     repeatPurchaseRate: 0.5, cohorts: [{ cohort: '2024-01', customers: 2, active: [2, 1], retention: [1, 0.5] }], ... }
 */
export function kpis(
  input: Iterable<Transaction> | readonly CustomerSummary[],
  options: KpiOptions = {},
): Kpis {
  const churnAfter: unknown = options.churnAfterDays ?? 90;
  if (typeof churnAfter !== 'number' || !Number.isFinite(churnAfter) || churnAfter < 0) {
    throw invalid(['options', 'churnAfterDays'], msg.badChurnAfter(churnAfter));
  }
  const rounding: unknown = options.rounding ?? 'half-up';
  if (rounding !== 'half-up' && rounding !== 'half-even' && rounding !== 'floor' && rounding !== 'ceil') {
    throw invalid(['options', 'rounding'], msg.badRounding(rounding));
  }
  if (
    Array.isArray(input) &&
    input.length > 0 &&
    typeof (input[0] as { frequency?: unknown }).frequency === 'number'
  ) {
    const unit = options.period === 'week' ? 7 : 1;
    return fromSummaries(input as readonly CustomerSummary[], unit, churnAfter, rounding, undefined);
  }
  if (!isSyncIterable(input)) throw notIterableError();
  if (options.observationEnd === undefined) throw invalid(['options', 'observationEnd'], msg.needEnd());
  const resolved = resolveOptions({
    period: 'day',
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.negativeAmounts === undefined ? {} : { negativeAmounts: options.negativeAmounts }),
  });
  const end = resolveEnd(options.observationEnd, 'observationEnd', resolved.dayOf);
  const read = transactionReader(resolved, end);
  const states = new Map<string, DayState>();
  const months = new Map<string, number[]>();
  let i = 0;
  for (const t of input as Iterable<Transaction>) {
    const r = read(t, i++);
    if (r === undefined) continue;
    addToState(states, r.customerId, r.day, r.amount, false);
    const c = civilFromDay(r.day);
    const month = c.year * 12 + c.month - 1;
    const list = months.get(r.customerId);
    if (list === undefined) months.set(r.customerId, [month]);
    else if (!list.includes(month)) list.push(month);
  }
  const summaries = finishSummaries(states, end.day, resolved);
  const endCivil = civilFromDay(end.day);
  const cohorts = cohortTable(months, endCivil.year * 12 + endCivil.month - 1);
  return fromSummaries(summaries, 1, churnAfter, rounding, cohorts);
}

function fromSummaries(
  summaries: readonly CustomerSummary[],
  unit: number,
  churnAfter: number,
  rounding: AovRoundingMode,
  cohorts: readonly CohortRow[] | undefined,
): Kpis {
  let orders = 0;
  let purchaseDays = 0;
  let revenue = 0;
  let repeaters = 0;
  let churned = 0;
  let base = 0;
  let recencySum = 0;
  let frequencySum = 0;
  summaries.forEach((s, i) => {
    if (!isSummary(s)) throw invalid(['summaries', i], msg.badSummary());
    orders += s.transactions;
    purchaseDays += s.periods;
    revenue += s.totalValue;
    if (revenue > Number.MAX_SAFE_INTEGER) {
      throw new LoyaltyError('INVALID_AMOUNT', 'Invalid KPI input', [
        { code: 'sum_too_large', path: ['summaries'], message: msg.revenueTooLarge() },
      ]);
    }
    if (s.frequency > 0) {
      repeaters += 1;
      recencySum += s.recency * unit;
      frequencySum += s.frequency;
    }
    if (s.T * unit > churnAfter) {
      base += 1;
      if ((s.T - s.recency) * unit > churnAfter) churned += 1;
    }
  });
  const customers = summaries.length;
  const out: Kpis = {
    customers,
    orders,
    purchaseDays,
    revenue,
    aov: orders === 0 ? null : roundDivide(revenue, orders, rounding),
    aovRounding: rounding,
    purchaseFrequency: customers === 0 ? null : orders / customers,
    repeatPurchaseRate: customers === 0 ? null : repeaters / customers,
    churnedCustomers: churned,
    churnBase: base,
    churnRate: base === 0 ? null : churned / base,
    averageInterPurchaseDays: frequencySum === 0 ? null : recencySum / frequencySum,
  };
  return cohorts === undefined ? out : { ...out, cohorts };
}

function cohortTable(months: Map<string, number[]>, endMonth: number): CohortRow[] {
  const byCohort = new Map<number, number[][]>();
  for (const list of months.values()) {
    const first = Math.min(...list);
    const group = byCohort.get(first);
    if (group === undefined) byCohort.set(first, [list]);
    else group.push(list);
  }
  const rows: CohortRow[] = [];
  for (const cohort of [...byCohort.keys()].sort((a, b) => a - b)) {
    const members = byCohort.get(cohort)!;
    const active = new Array<number>(endMonth - cohort + 1).fill(0);
    for (const list of members) for (const m of list) active[m - cohort]! += 1;
    const year = Math.floor(cohort / 12);
    const month = cohort - year * 12 + 1;
    rows.push({
      cohort: `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`,
      customers: members.length,
      active,
      retention: active.map((a) => a / members.length),
    });
  }
  return rows;
}

function isSummary(s: CustomerSummary): boolean {
  return (
    typeof s === 'object' &&
    s !== null &&
    s.frequency >= 0 &&
    s.recency >= 0 &&
    s.T >= s.recency &&
    Number.isFinite(s.T) &&
    Number.isSafeInteger(s.totalValue) &&
    s.totalValue >= 0 &&
    Number.isSafeInteger(s.periods) &&
    Number.isSafeInteger(s.transactions)
  );
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid KPI input', [
    { code: 'invalid_argument', path, message },
  ]);
}
