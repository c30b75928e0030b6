import {
  type BgNbdModel,
  type CalibrationHoldoutSummary,
  type CustomerSummary,
  calibrationHoldout,
  customerLifetimeValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaModel,
  isLoyaltyError,
  kpis,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  probabilityAlive,
  resolveLifecycle,
  rfm,
  rfmSegmentReport,
  summarizeTransactions,
  type Transaction,
} from '../analytics/index.js';
import { LoyaltyError } from '../errors/index.js';
import { currencyExponent } from '../money/index.js';
import type { ReportData, ReportHoldoutRow, ReportModel, ReportOptions, ReportTopCustomer } from './types.js';

/** Columns of the P(alive) heat map at most (frequencies 1..this). */
const MAX_HEAT_FREQUENCY = 30;
/** Rows of the P(alive) heat map (recency bins from 0 to T). */
const HEAT_ROWS = 20;
/** Calibration frequencies shown one by one in the holdout check; the last row is "this or more". */
const HOLDOUT_ROWS = 7;
/** Bins of the CLV histogram up to the 99th percentile (one more holds the rest). */
const CLV_BINS = 20;

/**
 * Computes everything the HTML report shows from a transaction log: KPIs and lifecycle stages,
 * RFM scores and segments, BG/NBD and Gamma-Gamma fits, P(alive) by frequency and recency, CLV
 * over a horizon with its distribution and top customers, and a holdout check (a BG/NBD fitted up
 * to `calibrationEnd` predicting the purchases after it). A model that cannot be fitted (for
 * example nobody bought twice) leaves its sections empty with a note instead of failing.
 * Deterministic: the same input gives the same data.
 *
 * @param transactions - `{ customerId, occurredAt, amount }` rows (amounts in minor units), any order
 * @param options - observation and calibration ends, zone, period, currency, CLV settings
 * @returns plain JSON data for {@link renderReport}
 * @throws {LoyaltyError} INSUFFICIENT_DATA when no customer bought by `observationEnd`
 * @throws {LoyaltyError} INVALID_ARGUMENT / INVALID_DATE / INVALID_AMOUNT / UNKNOWN_TIME_ZONE /
 *   UNKNOWN_CURRENCY for malformed input or options, as `summarizeTransactions`
 * @example
 * const data = buildReport(orders, { observationEnd: '2024-12-31', currency: 'CNY' });
 * const page = renderReport(data); // a self-contained HTML document
 */
export function buildReport(transactions: Iterable<Transaction>, options: ReportOptions): ReportData {
  const txs = Array.isArray(transactions) ? (transactions as readonly Transaction[]) : [...transactions];
  const period = options.period ?? 'week';
  const unitDays = period === 'week' ? 7 : 1;
  const timeZone = options.timeZone ?? 'UTC';
  const negativeAmounts = options.negativeAmounts ?? 'reject';
  const decimals = decimalsOf(options);
  const horizonMonths = checkOption(
    options.horizonMonths,
    12,
    'horizonMonths',
    'a positive integer',
    (x) => Number.isInteger(x) && x >= 1,
  );
  const discountRate = checkOption(
    options.discountRate,
    0.01,
    'discountRate',
    'a number >= 0',
    (x) => x >= 0,
  );
  const margin = checkOption(options.margin, 1, 'margin', 'a number > 0', (x) => x > 0);
  const topN = checkOption(
    options.topCustomers,
    10,
    'topCustomers',
    'an integer >= 0',
    (x) => Number.isInteger(x) && x >= 0,
  );
  const churnAfterDays = options.churnAfterDays ?? 90;
  const progress = options.onProgress ?? (() => {});
  const notes: string[] = [];
  const base = { period, timeZone, negativeAmounts } as const;

  progress('summaries');
  const summaries = summarizeTransactions(txs, { ...base, observationEnd: options.observationEnd });
  if (summaries.length === 0) {
    throw new LoyaltyError('INSUFFICIENT_DATA', 'No customer bought by the observation end', [
      {
        code: 'insufficient_data',
        path: ['transactions'],
        message: 'There is no purchase on or before the observation end: nothing to report',
      },
    ]);
  }
  let first = summaries[0]!;
  for (const s of summaries) if (s.firstPurchaseDate < first.firstPurchaseDate) first = s;
  const firstDay = dayNumber(first.firstPurchaseDate);
  const endDay = firstDay + Math.round(first.T * unitDays);

  progress('kpis');
  const k = kpis(txs, { ...base, observationEnd: options.observationEnd, churnAfterDays });
  const stageOf = resolveLifecycle({ period });
  const lifecycle = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
  for (const s of summaries) lifecycle[stageOf(s)] += 1;

  progress('rfm');
  const scored = rfm(summaries, options.rfm);
  const bins = scored.bins;
  const cells = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  const bySegment = Array.from({ length: bins }, () =>
    Array.from({ length: bins }, () => new Map<string, number>()),
  );
  for (const c of scored.customers) {
    cells[c.r - 1]![c.fm - 1]! += 1;
    const m = bySegment[c.r - 1]![c.fm - 1]!;
    m.set(c.segment, (m.get(c.segment) ?? 0) + 1);
  }
  const order = new Map(scored.segments.map((s, i) => [s, i]));
  const cellSegments = bySegment.map((row) =>
    row.map((m) => {
      let best: string | null = null;
      for (const [segment, n] of m) {
        const current = best === null ? -1 : m.get(best)!;
        if (n > current || (n === current && order.get(segment)! < order.get(best!)!)) best = segment;
      }
      return best;
    }),
  );

  progress('models');
  const purchases = attempt(() => fitBgNbd(summaries), 'BG/NBD fit');
  const spendCustomers = summaries.filter((s) => s.frequency > 0 && s.monetary > 0);
  const spend = attempt(
    () => fitGammaGamma(spendCustomers.map((s) => ({ frequency: s.frequency, monetary: s.monetary }))),
    'Gamma-Gamma fit',
  );
  for (const [name, m] of [
    ['BG/NBD', purchases],
    ['Gamma-Gamma', spend],
  ] as const) {
    if (m.model === undefined) notes.push(m.reason);
    else if (!m.model.converged) notes.push(`The ${name} fit did not converge: read its results with care.`);
  }

  let pAlive: ReportData['pAlive'] = null;
  let maxFrequency = 0;
  let maxT = 0;
  for (const s of summaries) {
    if (s.frequency > maxFrequency) maxFrequency = s.frequency;
    if (s.T > maxT) maxT = s.T;
  }
  if (purchases.model !== undefined && maxFrequency >= 1 && maxT > 0) {
    const model = purchases.model;
    const columns = Math.min(maxFrequency, MAX_HEAT_FREQUENCY);
    if (maxFrequency > columns) {
      notes.push(
        `The P(alive) map shows frequencies 1 to ${columns}; ${countAbove(summaries, columns)} customers buy more often.`,
      );
    }
    const frequencies = Array.from({ length: columns }, (_, i) => i + 1);
    const recencyEdges = Array.from({ length: HEAT_ROWS + 1 }, (_, i) => (maxT * i) / HEAT_ROWS);
    const values = unlessNotConverged(notes, 'The P(alive) map', () =>
      Array.from({ length: HEAT_ROWS }, (_, row) => {
        const recency = (recencyEdges[row]! + recencyEdges[row + 1]!) / 2;
        return frequencies.map((frequency) => probabilityAlive(model, { frequency, recency, T: maxT }));
      }),
    );
    if (values !== null) pAlive = { T: maxT, frequencies, recencyEdges, values };
  }

  progress('clv');
  let clv: ReportData['clv'] = null;
  const purchaseModel = purchases.model;
  const spendModel = spend.model;
  const values =
    purchaseModel === undefined || spendModel === undefined
      ? null
      : unlessNotConverged(notes, 'The CLV', () =>
          customerLifetimeValue({
            purchases: purchaseModel,
            spend: spendModel,
            customers: summaries,
            horizon: horizonMonths,
            discountRate,
            margin,
            timeUnit: period,
          }),
        );
  if (values !== null) {
    const sorted = values.map((v) => Math.max(0, v.clv)).sort((a, b) => a - b);
    let total = 0;
    let alive = 0;
    for (const v of values) {
      total += v.clv;
      alive += v.probabilityAlive;
    }
    const n = values.length;
    const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    const ranked = values
      .map((v, i) => ({ v, s: summaries[i]! }))
      .sort((a, b) => b.v.clv - a.v.clv || compareIds(a.s.customerId, b.s.customerId));
    const top: ReportTopCustomer[] = ranked.slice(0, topN).map(({ v, s }) => ({
      customerId: s.customerId,
      frequency: s.frequency,
      recency: s.recency,
      T: s.T,
      monetary: s.monetary,
      totalValue: s.totalValue,
      probabilityAlive: v.probabilityAlive,
      expectedPurchases: v.expectedPurchases,
      clv: v.clv,
    }));
    clv = {
      horizonMonths,
      discountRate,
      margin,
      total,
      mean: total / n,
      median,
      meanProbabilityAlive: alive / n,
      ...histogram(sorted, decimals),
      top,
    };
  }

  progress('holdout');
  const calibrationEnd = options.calibrationEnd ?? dateOf(firstDay + Math.floor((endDay - firstDay) / 2));
  let calibration: ReturnType<typeof attempt<BgNbdModel>> = {
    model: undefined,
    reason: 'The holdout check needs a calibration period.',
  };
  let holdout: ReportData['holdout'] = null;
  let split: CalibrationHoldoutSummary[] | undefined;
  try {
    split = calibrationHoldout(txs, { ...base, calibrationEnd, observationEnd: options.observationEnd });
  } catch (e) {
    if (!isLoyaltyError(e)) throw e;
    calibration = { model: undefined, reason: `No holdout check: ${e.message}` };
  }
  if (split !== undefined) {
    const rows = split;
    calibration = attempt(() => fitBgNbd(rows), 'BG/NBD fit on the calibration period');
    if (calibration.model === undefined) notes.push(calibration.reason);
    else if (!calibration.model.converged) notes.push('The calibration BG/NBD fit did not converge.');
    const model = calibration.model;
    if (model !== undefined && rows.length > 0) {
      holdout = unlessNotConverged(notes, 'The holdout check', () => holdoutRows(model, rows));
    }
  } else {
    notes.push(calibration.reason);
  }

  return {
    title: options.title ?? 'Customer report',
    currency: options.currency ?? null,
    decimals,
    period,
    timeZone,
    firstPurchaseDate: first.firstPurchaseDate,
    observationEnd: dateOf(endDay),
    calibrationEnd: split === undefined ? null : endText(calibrationEnd),
    kpis: {
      customers: k.customers,
      orders: k.orders,
      purchaseDays: k.purchaseDays,
      revenue: k.revenue,
      aov: k.aov,
      purchaseFrequency: k.purchaseFrequency,
      repeatPurchaseRate: k.repeatPurchaseRate,
      churnAfterDays,
      churnRate: k.churnRate,
      averageInterPurchaseDays: k.averageInterPurchaseDays,
      lifecycle,
    },
    rfm: { bins, cells, cellSegments, segments: rfmSegmentReport(scored) },
    models: {
      purchases: reportModel(purchases),
      spend: reportModel(spend),
      calibration: reportModel(calibration),
    },
    pAlive,
    clv,
    holdout,
    notes,
  };
}

function decimalsOf(options: ReportOptions): number {
  if (options.currency !== undefined) return currencyExponent(options.currency, ['options', 'currency']);
  const d = options.decimals ?? 2;
  if (!Number.isInteger(d) || d < 0 || d > 4) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid report options', [
      {
        code: 'invalid_option',
        path: ['options', 'decimals'],
        message: `decimals must be an integer 0..4 (got ${String(d)})`,
      },
    ]);
  }
  return d;
}

function checkOption(
  value: number | undefined,
  fallback: number,
  name: string,
  expected: string,
  ok: (x: number) => boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid report options', [
      {
        code: 'invalid_option',
        path: ['options', name],
        message: `${name} must be ${expected} (got ${String(value)})`,
      },
    ]);
  }
  return value;
}

/** The result, or null with a note when a prediction cannot be computed accurately (NOT_CONVERGED). */
function unlessNotConverged<T>(notes: string[], what: string, compute: () => T): T | null {
  try {
    return compute();
  } catch (e) {
    if (!isLoyaltyError(e) || e.code !== 'NOT_CONVERGED') throw e;
    notes.push(`${what} could not be computed (NOT_CONVERGED): ${e.issues[0]?.message ?? e.message}`);
    return null;
  }
}

type Attempt<M> = { model: M; reason?: undefined } | { model: undefined; reason: string };

function attempt<M>(fitModel: () => M, name: string): Attempt<M> {
  try {
    return { model: fitModel() };
  } catch (e) {
    if (!isLoyaltyError(e)) throw e;
    return { model: undefined, reason: `No ${name} (${e.code}): ${e.issues[0]?.message ?? e.message}` };
  }
}

function reportModel<P>(a: Attempt<BgNbdModel | GammaGammaModel>): ReportModel<P> {
  if (a.model === undefined) return { ok: false, reason: a.reason };
  const m = a.model;
  return {
    ok: true,
    params: { ...m.params } as P,
    logLikelihood: m.logLikelihood,
    converged: m.converged,
    customers: m.customers,
  };
}

function holdoutRows(
  model: BgNbdModel,
  rows: readonly CalibrationHoldoutSummary[],
): NonNullable<ReportData['holdout']> {
  const acc = Array.from({ length: HOLDOUT_ROWS + 1 }, () => ({ n: 0, actual: 0, predicted: 0 }));
  const duration = rows[0]!.durationHoldout;
  let actualTotal = 0;
  let predictedTotal = 0;
  for (const s of rows) {
    const a = acc[Math.min(s.frequency, HOLDOUT_ROWS)]!;
    const predicted = expectedPurchases(model, duration, s);
    a.n += 1;
    a.actual += s.frequencyHoldout;
    a.predicted += predicted;
    actualTotal += s.frequencyHoldout;
    predictedTotal += predicted;
  }
  const out: ReportHoldoutRow[] = [];
  acc.forEach((a, frequency) => {
    if (a.n === 0) return;
    out.push({
      frequency,
      orMore: frequency === HOLDOUT_ROWS,
      customers: a.n,
      actual: a.actual / a.n,
      predicted: a.predicted / a.n,
    });
  });
  return { duration, customers: rows.length, rows: out, actualTotal, predictedTotal };
}

/** Histogram of non-negative values (sorted ascending), with bin widths nice in major units. */
function histogram(
  sorted: readonly number[],
  decimals: number,
): { edges: number[]; counts: number[]; overflow: boolean } {
  const n = sorted.length;
  const max = sorted[n - 1] ?? 0;
  const p99 = sorted[Math.floor(0.99 * (n - 1))] ?? 0;
  const upper = p99 > 0 ? p99 : max;
  const unit = 10 ** decimals;
  const step = upper > 0 ? niceStep(upper / unit / CLV_BINS) * unit : unit;
  const regular = Math.max(1, Math.ceil(upper / step - 1e-9));
  const overflow = max >= regular * step;
  const edges = Array.from({ length: regular + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  const counts = new Array<number>(regular + (overflow ? 1 : 0)).fill(0);
  for (const v of sorted) counts[Math.min(Math.floor(v / step + 1e-9), counts.length - 1)]! += 1;
  return { edges, counts, overflow };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least x. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return Number((m * p).toPrecision(12));
  return 10 * p;
}

function countAbove(summaries: readonly CustomerSummary[], frequency: number): number {
  let n = 0;
  for (const s of summaries) if (s.frequency > frequency) n += 1;
  return n;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian). */
function dayNumber(date: string): number {
  return Math.round(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000,
  );
}

/** The `YYYY-MM-DD` of a day number. */
function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function endText(end: string | Date): string {
  return end instanceof Date ? end.toISOString() : end;
}
