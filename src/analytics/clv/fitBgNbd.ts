import type { WeightedRepeatSummary } from '../types.js';
import { bgNbdLikelihood } from './bgNbd.js';
import { fitModel } from './fitModel.js';
import { prepareRepeatData, type RepeatData } from './prepareRepeatData.js';
import type { BgNbdModel, BgNbdParams, FitBgNbdOptions } from './types.js';

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood: purchases follow a
 * Poisson process with rate λ ~ Gamma(r, alpha) while alive; after each repeat purchase the customer
 * drops out with probability p ~ Beta(a, b). Analytic gradient and Hessian, Newton's method over
 * log-parameters, log-space likelihood (stable for large frequency and long T); standard errors
 * from the analytic Hessian. Identical rows are grouped internally, and
 * `count` weights are honoured, so grouped data fits exactly like the ungrouped customers.
 *
 * @param summaries - one row per customer (or group, with `count`): frequency (repeat purchase
 *   periods), recency and T in the same time unit (e.g. weeks); see {@link WeightedRepeatSummary}
 * @param options - penalizer (L2, as lifetimes), initial values, maxIterations, tolerance, strict
 * @returns the fitted model, an immutable plain object
 * @throws {LoyaltyError} INVALID_ARGUMENT when a row is malformed (path `['summaries', i, field]`)
 *   or an option is out of range
 * @throws {LoyaltyError} INSUFFICIENT_DATA when there are no customers or no repeat purchases at all
 * @throws {LoyaltyError} NOT_CONVERGED when `strict` is set and the optimizer did not converge, or
 *   when the likelihood is not finite at the end
 * @example
 * const model = fitBgNbd(summaries); // CDNOW in weeks: r ≈ 0.243, alpha ≈ 4.414, a ≈ 0.793, b ≈ 2.426
 * expectedPurchases(model, 52, { frequency: 2, recency: 30.43, T: 38.86 });
 */
export function fitBgNbd(
  summaries: readonly WeightedRepeatSummary[],
  options: FitBgNbdOptions = {},
): BgNbdModel {
  const data = prepareRepeatData(summaries, 'fitBgNbd');
  return fitModel<'bgnbd', BgNbdParams>(
    'bgnbd',
    {
      what: 'fitBgNbd',
      names: ['r', 'alpha', 'a', 'b'],
      logLikelihood: bgNbdLikelihood(data),
      hessian: true,
      totalWeight: data.totalWeight,
      initial: bgNbdInitial(data),
    },
    options,
  );
}

/** Starting values: r = 1 and alpha matching the mean purchase rate; a = 1, b = 3. */
export function bgNbdInitial(data: RepeatData): number[] {
  const rate = data.sumX / Math.max(data.sumT, 1e-12);
  return [1, Math.max(1 / Math.max(rate, 1e-12), 1e-6), 1, 3];
}
