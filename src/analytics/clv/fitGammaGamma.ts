import { LoyaltyError, type LoyaltyIssue } from '../../errors/index.js';
import { digamma, lnGamma } from '../math/index.js';
import { fitModel } from './fitModel.js';
import * as msg from './messages.js';
import type { FitGammaGammaOptions, GammaGammaModel, GammaGammaParams, SpendSummary } from './types.js';

export interface SpendData {
  /** Per row: the frequency x, x·m and the weight. */
  readonly x: Float64Array;
  readonly xm: Float64Array;
  readonly w: Float64Array;
  /** Distinct frequencies and their total weights. */
  readonly xs: Float64Array;
  readonly xw: Float64Array;
  /** Σ w·x·ln m and Σ w·ln m over the rows (the ln m terms are linear in p). */
  readonly sumWxLnM: number;
  readonly sumWLnM: number;
  readonly totalWeight: number;
  readonly meanSpend: number;
}

/**
 * Fits the Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005; Fader & Hardie
 * 2013) by maximum likelihood: a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, gamma)
 * across customers, independent of purchase frequency. Only customers with `frequency > 0` carry
 * information and are used; the others are skipped.
 *
 * Units: `monetary` may be in any one unit (minor units from `summarizeTransactions`, or dollars as in
 * the papers). The model is scale-equivariant: `p` and `q` do not depend on the unit, `gamma` is in
 * that unit, and so are the predicted spends.
 *
 * @param summaries - one row per customer or group: frequency (repeat purchases), monetary (mean
 *   repeat purchase value, > 0), count?
 * @param options - penalizer, initial values, maxIterations, tolerance, strict
 * @returns the fitted model (`model: 'gammagamma'`, params p, q, gamma)
 * @throws {LoyaltyError} INVALID_ARGUMENT when a row is malformed (e.g. monetary <= 0 with
 *   frequency > 0, path `['summaries', i, 'monetary']`) or an option is out of range
 * @throws {LoyaltyError} INSUFFICIENT_DATA when no customer has a repeat purchase, or the customers
 *   with repeat purchases do not have at least two different mean spends (a single customer)
 * @throws {LoyaltyError} NOT_CONVERGED when `strict` is set and the fit did not converge
 * @example
 * const spend = fitGammaGamma(cdnow.map((c) => ({ frequency: c.x, monetary: c.zbar })));
 * // CDNOW (USD): p ≈ 6.25, q ≈ 3.74, gamma ≈ 15.44
 * expectedAverageSpend(spend, { frequency: 2, monetary: 22.35 });
 */
export function fitGammaGamma(
  summaries: readonly SpendSummary[],
  options: FitGammaGammaOptions = {},
): GammaGammaModel {
  const data = prepareSpendData(summaries);
  const q0 = 3;
  const p0 = 2;
  return fitModel<'gammagamma', GammaGammaParams>(
    'gammagamma',
    {
      what: 'fitGammaGamma',
      names: ['p', 'q', 'gamma'],
      logLikelihood: (theta, grad) => gammaGammaLogLikelihood(theta, data, grad),
      totalWeight: data.totalWeight,
      initial: [p0, q0, (data.meanSpend * (q0 - 1)) / p0],
    },
    options,
  );
}

/**
 * Σ w [ lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(xm+γ) ]
 * (the density of the mean spend m of x transactions), with its gradient. The gamma functions
 * depend on a row only through x and are computed once per distinct frequency; the ln m terms are
 * linear in p and summed once per data set; what is left per row is one logarithm.
 */
export function gammaGammaLogLikelihood(
  theta: ArrayLike<number>,
  d: SpendData,
  grad: Float64Array | undefined,
): number {
  const p = theta[0]!;
  const q = theta[1]!;
  const g = theta[2]!;
  const lnG = Math.log(g);
  const lgQ = lnGamma(q);
  const want = grad !== undefined;
  const psQ = want ? digamma(q) : 0;
  let ll = p * d.sumWxLnM - d.sumWLnM;
  let gp = d.sumWxLnM;
  let gq = 0;
  let gg = 0;
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k]!;
    const w = d.xw[k]!;
    const px = p * x;
    const lnX = Math.log(x);
    ll += w * (lnGamma(px + q) - lnGamma(px) - lgQ + q * lnG + px * lnX);
    if (want) {
      const psPxq = digamma(px + q);
      gp += w * x * (psPxq - digamma(px) + lnX);
      gq += w * (psPxq - psQ + lnG);
      gg += (w * q) / g;
    }
  }
  const { x: X, xm: XM, w: Wt } = d;
  for (let i = 0; i < X.length; i++) {
    const x = X[i]!;
    const w = Wt[i]!;
    const px = p * x;
    const v = XM[i]! + g;
    const lnV = Math.log(v);
    ll -= w * (px + q) * lnV;
    if (want) {
      gp -= w * x * lnV;
      gq -= w * lnV;
      gg -= (w * (px + q)) / v;
    }
  }
  if (grad !== undefined) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return ll;
}

export function prepareSpendData(summaries: readonly SpendSummary[]): SpendData {
  const what = 'fitGammaGamma';
  if (!Array.isArray(summaries)) {
    throw new LoyaltyError('INVALID_ARGUMENT', `${what}: invalid input`, [
      { code: 'invalid_type', path: ['summaries'], message: msg.notAnArray(what) },
    ]);
  }
  const issues: LoyaltyIssue[] = [];
  const xs: number[] = [];
  const ms: number[] = [];
  const ws: number[] = [];
  let total = 0;
  let spend = 0;
  for (let i = 0; i < summaries.length && issues.length < 20; i++) {
    const row: unknown = summaries[i];
    if (typeof row !== 'object' || row === null) {
      issues.push({ code: 'invalid_type', path: ['summaries', i], message: msg.notAnObject() });
      continue;
    }
    const { frequency: x, monetary: m, count } = row as Partial<SpendSummary>;
    const w = count ?? 1;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      issues.push({
        code: 'invalid_frequency',
        path: ['summaries', i, 'frequency'],
        message: msg.badFrequency(x),
      });
      continue;
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      issues.push({ code: 'invalid_count', path: ['summaries', i, 'count'], message: msg.badCount(count) });
      continue;
    }
    if (x === 0 || w === 0) continue;
    if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0) {
      issues.push({
        code: 'invalid_monetary',
        path: ['summaries', i, 'monetary'],
        message: msg.badMonetary(m),
      });
      continue;
    }
    xs.push(x);
    ms.push(m);
    ws.push(w);
    total += w;
    spend += w * m;
  }
  if (issues.length > 0)
    throw new LoyaltyError('INVALID_ARGUMENT', `${what}: invalid customer summaries`, issues);
  if (total === 0) throw new LoyaltyError('INSUFFICIENT_DATA', msg.noSpendData());
  // With one mean spend (one customer, or all alike) nothing tells the spread across customers
  // apart: the likelihood grows without bound (p, q -> infinity) and no fit converges.
  if (ms.every((m) => m === ms[0])) {
    throw new LoyaltyError('INSUFFICIENT_DATA', msg.oneSpendLevel(xs.length, ms[0]!));
  }
  const where = new Map<number, number>();
  const distinct: number[] = [];
  const xi = new Int32Array(xs.length);
  const xm = new Float64Array(xs.length);
  let sumWxLnM = 0;
  let sumWLnM = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const m = ms[i]!;
    const w = ws[i]!;
    let k = where.get(x);
    if (k === undefined) {
      k = distinct.length;
      where.set(x, k);
      distinct.push(x);
    }
    xi[i] = k;
    xm[i] = x * m;
    const lnM = Math.log(m);
    sumWxLnM += w * x * lnM;
    sumWLnM += w * lnM;
  }
  const xw = new Float64Array(distinct.length);
  for (let i = 0; i < xs.length; i++) xw[xi[i]!] = xw[xi[i]!]! + ws[i]!;
  return {
    x: Float64Array.from(xs),
    xm,
    w: Float64Array.from(ws),
    xs: Float64Array.from(distinct),
    xw,
    sumWxLnM,
    sumWLnM,
    totalWeight: total,
    meanSpend: spend / total,
  };
}
