import { assertNever, guard } from '../../errors/index.js';
import type { RepeatSummary } from '../types.js';
import { bgNbdProbabilityAlive } from './bgNbd.js';
import { checkPurchaseModel, checkSummary, finite } from './checks.js';
import { paretoNbdProbabilityAlive } from './paretoNbd.js';
import type { PurchaseModel } from './types.js';

/**
 * Probability that a customer is still active at the end of observation, given their history.
 * BG/NBD: a customer with no repeat purchase is alive with probability 1 (dropout happens only
 * after a purchase); Modified BG/NBD and Pareto/NBD give less than 1, falling with T.
 *
 * @param model - a fitted purchase model
 * @param summary - the customer's frequency, recency and T
 * @returns P(alive) in [0, 1]
 * @throws {LoyaltyError} INVALID_ARGUMENT for a bad model or summary
 * @throws {LoyaltyError} NOT_CONVERGED when a hypergeometric series does not converge (extreme inputs)
 * @example probabilityAlive(model, { frequency: 2, recency: 30.43, T: 38.86 }) // ≈ 0.87 on CDNOW BG/NBD
 */
export function probabilityAlive(model: PurchaseModel, summary: RepeatSummary): number {
  const m = checkPurchaseModel(model, ['model']);
  const { frequency: x, recency: tx, T } = checkSummary(summary, ['summary']);
  return guard(() => {
    switch (m.model) {
      case 'bgnbd':
        return finite(bgNbdProbabilityAlive(m.params, x, tx, T, false), 'probabilityAlive');
      case 'mbgnbd':
        return finite(bgNbdProbabilityAlive(m.params, x, tx, T, true), 'probabilityAlive');
      case 'paretonbd':
        return finite(paretoNbdProbabilityAlive(m.params, x, tx, T), 'probabilityAlive');
      default:
        return assertNever(m, 'model');
    }
  }, 'probabilityAlive');
}
