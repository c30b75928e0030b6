import { LoyaltyError } from '../../errors/index.js';
import { checkNonNegative, checkSpendModel } from './checks.js';
import * as msg from './messages.js';
import type { GammaGammaModel } from './types.js';

/**
 * Expected mean spend per transaction of a customer under Gamma-Gamma:
 * p(gamma + x·m) / (p·x + q − 1), a weighted average of the population mean p·gamma/(q−1) and the
 * customer's own mean m. With frequency 0 it is the population mean. Same unit as the fit's monetary.
 *
 * @param model - a fitted Gamma-Gamma model
 * @param customer - frequency (repeat purchases) and monetary (their mean value; ignored when 0)
 * @returns the expected average spend
 * @throws {LoyaltyError} INVALID_ARGUMENT for a bad model, a negative frequency, or monetary <= 0 with
 *   frequency > 0; also when q <= 1 for a customer with no history (the population mean is infinite)
 * @example expectedAverageSpend(spend, { frequency: 0, monetary: 0 }) // ≈ 35.17 on CDNOW (USD)
 */
export function expectedAverageSpend(
  model: GammaGammaModel,
  customer: { readonly frequency: number; readonly monetary: number },
): number {
  const m = checkSpendModel(model, ['model']);
  const x = checkNonNegative(customer?.frequency, ['customer', 'frequency'], 'frequency', true);
  const z = x === 0 ? 0 : customer.monetary;
  if (x > 0 && !(typeof z === 'number' && Number.isFinite(z) && z > 0)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid customer', [
      { code: 'invalid_monetary', path: ['customer', 'monetary'], message: msg.badMonetary(z) },
    ]);
  }
  const { p, q, gamma } = m.params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid model', [
      {
        code: 'infinite_mean',
        path: ['model', 'params', 'q'],
        message: `the population mean spend is infinite when q <= 1 (q = ${q}); the model cannot predict for a customer without history`,
      },
    ]);
  }
  return (p * (gamma + x * z)) / denominator;
}
