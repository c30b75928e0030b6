import type { WeightedRepeatSummary } from '../types.js';
import { bgNbdLikelihood } from './bgNbd.js';
import { bgNbdInitial } from './fitBgNbd.js';
import { fitModel } from './fitModel.js';
import { prepareRepeatData } from './prepareRepeatData.js';
import type { BgNbdParams, FitModifiedBgNbdOptions, ModifiedBgNbdModel } from './types.js';

/**
 * Fits the Modified BG/NBD model (Batislam, Denizel & Filiztekin 2007) by maximum likelihood. As
 * BG/NBD, but a customer may also drop out right after the first purchase, so a customer with no
 * repeat purchase is not certainly alive (P(alive) < 1 and falls with T). Fitted like BG/NBD:
 * Newton's method with the analytic Hessian.
 *
 * @param summaries - one row per customer or group (frequency, recency, T, count?)
 * @param options - penalizer, initial values, maxIterations, tolerance, strict
 * @returns the fitted model (`model: 'mbgnbd'`)
 * @throws {LoyaltyError} INVALID_ARGUMENT when a row or option is malformed
 * @throws {LoyaltyError} INSUFFICIENT_DATA when there are no customers or no repeat purchases
 * @throws {LoyaltyError} NOT_CONVERGED when `strict` is set and the fit did not converge
 * @example
 * const model = fitModifiedBgNbd(summaries);
 * probabilityAlive(model, { frequency: 0, recency: 0, T: 38 }); // < 1, unlike BG/NBD
 */
export function fitModifiedBgNbd(
  summaries: readonly WeightedRepeatSummary[],
  options: FitModifiedBgNbdOptions = {},
): ModifiedBgNbdModel {
  const data = prepareRepeatData(summaries, 'fitModifiedBgNbd');
  return fitModel<'mbgnbd', BgNbdParams>(
    'mbgnbd',
    {
      what: 'fitModifiedBgNbd',
      names: ['r', 'alpha', 'a', 'b'],
      logLikelihood: bgNbdLikelihood(data, true),
      hessian: true,
      totalWeight: data.totalWeight,
      initial: bgNbdInitial(data),
    },
    options,
  );
}
