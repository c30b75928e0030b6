import { assertNever, guard } from '../../errors/index.js';
import type { RepeatSummary } from '../types.js';
import { bgNbdExpectedConditional, bgNbdExpectedUnconditional } from './bgNbd.js';
import { checkNonNegative, checkPurchaseModel, checkSummary, finite } from './checks.js';
import { paretoNbdExpectedConditional, paretoNbdExpectedUnconditional } from './paretoNbd.js';
import type { PurchaseModel } from './types.js';

/**
 * Expected number of repeat purchases in the next `t` periods. With a customer's summary: conditional
 * on their history, E[X(T, T+t) | frequency, recency, T]. Without: for a new customer, E[X(t)].
 * Works for BG/NBD, Modified BG/NBD and Pareto/NBD models; `t` is in the model's time unit.
 *
 * @param model - a fitted purchase model
 * @param t - horizon length in periods, >= 0
 * @param summary - the customer's frequency, recency and T (omit for a new customer)
 * @returns the expected count (>= 0, increasing in t)
 * @throws {LoyaltyError} INVALID_ARGUMENT for a model that is not a fitted purchase model, a negative t,
 *   or a malformed summary
 * @throws {LoyaltyError} NOT_CONVERGED when a hypergeometric series does not converge (extreme inputs)
 * @example
 * expectedPurchases(bgNbd, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // next 39 weeks
 * expectedPurchases(bgNbd, 52); // a new customer's first year
 */
export function expectedPurchases(model: PurchaseModel, t: number, summary?: RepeatSummary): number {
  const m = checkPurchaseModel(model, ['model']);
  checkNonNegative(t, ['t'], 't');
  if (summary !== undefined) checkSummary(summary, ['summary']);
  return guard(() => {
    let value: number;
    if (summary === undefined) {
      switch (m.model) {
        case 'bgnbd':
          value = bgNbdExpectedUnconditional(m.params, t, false);
          break;
        case 'mbgnbd':
          value = bgNbdExpectedUnconditional(m.params, t, true);
          break;
        case 'paretonbd':
          value = paretoNbdExpectedUnconditional(m.params, t);
          break;
        default:
          return assertNever(m, 'model');
      }
    } else {
      const { frequency: x, recency: tx, T } = summary;
      switch (m.model) {
        case 'bgnbd':
          value = bgNbdExpectedConditional(m.params, t, x, tx, T, false);
          break;
        case 'mbgnbd':
          value = bgNbdExpectedConditional(m.params, t, x, tx, T, true);
          break;
        case 'paretonbd':
          value = paretoNbdExpectedConditional(m.params, t, x, tx, T);
          break;
        default:
          return assertNever(m, 'model');
      }
    }
    return finite(value, 'expectedPurchases');
  }, 'expectedPurchases');
}
