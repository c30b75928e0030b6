/**
 * Exact rounding of a ratio, the one decimal operation points needs beyond money's helpers
 * (`Dec`, `toDec`, `splitDecimal`, `checkRoundingMode`, which come from the money concept).
 */
import type { Dec, RoundingMode } from '../money/index.js';

/**
 * Rounds `numerator / denominator` to an integer exactly, even when the quotient has no finite
 * decimal form (1/3): from the truncated quotient and the exact remainder.
 */
export function roundRatio(numerator: Dec, denominator: Dec, mode: RoundingMode): Dec {
  const q = numerator.dividedToIntegerBy(denominator);
  const r = numerator.minus(q.times(denominator));
  if (r.isZero()) return q;
  const sign = numerator.isNegative() !== denominator.isNegative() ? -1 : 1;
  const away = q.plus(sign);
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return sign < 0 ? away : q;
    case 'ceil':
      return sign > 0 ? away : q;
    default: {
      const c = r.abs().times(2).comparedTo(denominator.abs());
      if (c > 0) return away;
      if (c < 0) return q;
      if (mode === 'halfUp') return away;
      if (mode === 'halfDown') return q;
      return q.mod(2).isZero() ? q : away;
    }
  }
}
