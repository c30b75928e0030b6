import { assertNever, guard } from '../../errors/index.js';
import { bgNbdProbabilityOfPurchases } from './bgNbd.js';
import { checkNonNegative, checkPurchaseModel, finite } from './checks.js';
import { paretoNbdProbabilityOfPurchases } from './paretoNbd.js';
import type { PurchaseModel } from './types.js';

/**
 * P(X(t) = n): probability that a new customer makes exactly `n` repeat purchases in `t` periods.
 * BG/NBD: Fader, Hardie & Lee (2005) eq. 8; Modified BG/NBD: the same derivation with dropout
 * possible at time 0; Pareto/NBD: alive-through-t term plus a quadrature over the dropout time.
 *
 * @param model - a fitted purchase model
 * @param n - number of purchases, a whole number >= 0
 * @param t - period length, >= 0
 * @returns the probability in [0, 1]; summed over n it is 1
 * @throws {LoyaltyError} INVALID_ARGUMENT for a bad model, n or t
 * @example probabilityOfPurchases(model, 0, 39) // share of new customers with no repeat in 39 weeks
 */
export function probabilityOfPurchases(model: PurchaseModel, n: number, t: number): number {
  const m = checkPurchaseModel(model, ['model']);
  checkNonNegative(n, ['n'], 'n', true);
  checkNonNegative(t, ['t'], 't');
  return guard(() => {
    let p: number;
    switch (m.model) {
      case 'bgnbd':
        p = bgNbdProbabilityOfPurchases(m.params, n, t, false);
        break;
      case 'mbgnbd':
        p = bgNbdProbabilityOfPurchases(m.params, n, t, true);
        break;
      case 'paretonbd':
        p = paretoNbdProbabilityOfPurchases(m.params, n, t);
        break;
      default:
        return assertNever(m, 'model');
    }
    return Math.min(1, Math.max(0, finite(p, 'probabilityOfPurchases')));
  }, 'probabilityOfPurchases');
}
