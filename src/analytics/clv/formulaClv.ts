import { LoyaltyError } from '../../errors/index.js';
import { checkNonNegative } from './checks.js';

/** Input of {@link formulaClv}. */
export interface FormulaClvInput {
  /** Average order value (any unit; the result is in the same unit). */
  readonly aov: number;
  /** Purchases per period (e.g. per year). */
  readonly frequency: number;
  /** Profit margin, e.g. 0.3 (default 1). */
  readonly margin?: number;
  /** Probability a customer stays from one period to the next, in [0, 1] (default 1 with a lifespan). */
  readonly retentionRate?: number;
  /** Discount rate per period, e.g. 0.1. */
  readonly discountRate: number;
  /** Finite number of periods; omit for the infinite-horizon formula. */
  readonly lifespan?: number;
}

/**
 * The textbook ("simple") CLV formula. With m = margin · aov · frequency per period and
 * q = retentionRate / (1 + discountRate), the value of the periods 1..N is
 * m · q · (1 − q^N) / (1 − q); with no lifespan (N → ∞) it is m · r / (1 + d − r).
 *
 * @param input - aov, frequency, margin, retentionRate, discountRate, lifespan
 * @returns the discounted value per customer
 * @throws {LoyaltyError} INVALID_ARGUMENT when an input is out of range, or when the infinite horizon
 *   diverges (retention 1 and discount 0)
 * @example formulaClv({ aov: 50, frequency: 4, margin: 0.3, retentionRate: 0.8, discountRate: 0.1 }) // 60 · 0.8 / 0.3 = 160
 */
export function formulaClv(input: FormulaClvInput): number {
  const aov = checkNonNegative(input?.aov, ['aov'], 'aov');
  const frequency = checkNonNegative(input.frequency, ['frequency'], 'frequency');
  const margin = checkNonNegative(input.margin ?? 1, ['margin'], 'margin');
  const d = checkNonNegative(input.discountRate, ['discountRate'], 'discountRate');
  const lifespan =
    input.lifespan === undefined
      ? undefined
      : checkNonNegative(input.lifespan, ['lifespan'], 'lifespan', true);
  if (input.retentionRate === undefined && lifespan === undefined) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid formulaClv input', [
      { code: 'missing', path: ['retentionRate'], message: 'give a retentionRate, a lifespan, or both' },
    ]);
  }
  const r = checkNonNegative(input.retentionRate ?? 1, ['retentionRate'], 'retentionRate');
  if (r > 1) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid formulaClv input', [
      { code: 'too_big', path: ['retentionRate'], message: `retentionRate must be at most 1 (got ${r})` },
    ]);
  }
  const m = margin * aov * frequency;
  const q = r / (1 + d);
  if (lifespan === undefined) {
    if (q >= 1) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid formulaClv input', [
        {
          code: 'diverges',
          path: ['discountRate'],
          message:
            'with retention 1 and no discount the value is infinite: give a lifespan or a discountRate > 0',
        },
      ]);
    }
    return (m * r) / (1 + d - r);
  }
  if (q === 1) return m * lifespan;
  return (m * q * (1 - q ** lifespan)) / (1 - q);
}
