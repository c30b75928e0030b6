import type { WeightedRepeatSummary } from '../types.js';
import { fitModel } from './fitModel.js';
import { paretoNbdLikelihood } from './paretoNbd.js';
import { prepareRepeatData } from './prepareRepeatData.js';
import type { FitParetoNbdOptions, ParetoNbdModel, ParetoNbdParams } from './types.js';

/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) by maximum likelihood: purchases
 * follow a Poisson process with rate λ ~ Gamma(r, alpha) while alive; lifetimes are exponential with
 * rate μ ~ Gamma(s, beta), so a customer can drop out at any time. The likelihood is evaluated in log
 * space as in Fader & Hardie (2005) with a Gauss hypergeometric series for A0 (the `alpha >= beta`
 * branch choice of lifetimes/BTYD, in Euler-transformed form) and its analytic first and second
 * parameter derivatives; the series is evaluated once per distinct (frequency, time) pair. Newton's
 * method over log-parameters; standard errors from the analytic Hessian.
 *
 * @param summaries - one row per customer or group (frequency, recency, T, count?)
 * @param options - penalizer, initial values, maxIterations, tolerance, strict
 * @returns the fitted model (`model: 'paretonbd'`, params r, alpha, s, beta)
 * @throws {LoyaltyError} INVALID_ARGUMENT when a row or option is malformed
 * @throws {LoyaltyError} INSUFFICIENT_DATA when there are no customers or no repeat purchases
 * @throws {LoyaltyError} NOT_CONVERGED when `strict` is set and the fit did not converge
 * @example
 * const model = fitParetoNbd(summaries); // CDNOW: r ≈ 0.553, alpha ≈ 10.58, s ≈ 0.606, beta ≈ 11.67
 * probabilityAlive(model, { frequency: 0, recency: 0, T: 38.86 });
 */
export function fitParetoNbd(
  summaries: readonly WeightedRepeatSummary[],
  options: FitParetoNbdOptions = {},
): ParetoNbdModel {
  const data = prepareRepeatData(summaries, 'fitParetoNbd');
  const rate = data.sumX / Math.max(data.sumT, 1e-12);
  const meanT = data.sumT / data.totalWeight;
  const logLikelihood = paretoNbdLikelihood(data);
  return fitModel<'paretonbd', ParetoNbdParams>(
    'paretonbd',
    {
      what: 'fitParetoNbd',
      names: ['r', 'alpha', 's', 'beta'],
      logLikelihood,
      hessian: true,
      totalWeight: data.totalWeight,
      initial: [1, Math.max(1 / Math.max(rate, 1e-12), 1e-6), 1, Math.max(meanT, 1e-6)],
    },
    options,
  );
}
