import { LoyaltyError, type LoyaltyIssue } from '../../errors/index.js';
import { digamma, lnGamma } from '../math/index.js';
import { fitModel } from './fitModel.js';
import * as msg from './messages.js';
import type { FitGammaGammaOptions, GammaGammaModel, GammaGammaParams, SpendSummary } from './types.js';

interface SpendData {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly w: Float64Array;
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
 * @throws {LoyaltyError} INSUFFICIENT_DATA when no customer has a repeat purchase
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
 * (the density of the mean spend m of x transactions), with its gradient.
 */
function gammaGammaLogLikelihood(
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
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i]!;
    const m = d.m[i]!;
    const w = d.w[i]!;
    const px = p * x;
    const lnM = Math.log(m);
    const lnX = Math.log(x);
    const xm = x * m + g;
    const lnXm = Math.log(xm);
    ll += w * (lnGamma(px + q) - lnGamma(px) - lgQ + q * lnG + (px - 1) * lnM + px * lnX - (px + q) * lnXm);
    if (want) {
      const psPxq = digamma(px + q);
      gp += w * x * (psPxq - digamma(px) + lnM + lnX - lnXm);
      gq += w * (psPxq - psQ + lnG - lnXm);
      gg += w * (q / g - (px + q) / xm);
    }
  }
  if (grad !== undefined) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return ll;
}

function prepareSpendData(summaries: readonly SpendSummary[]): SpendData {
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
  return {
    x: Float64Array.from(xs),
    m: Float64Array.from(ms),
    w: Float64Array.from(ws),
    totalWeight: total,
    meanSpend: spend / total,
  };
}
