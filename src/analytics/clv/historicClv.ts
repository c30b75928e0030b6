import { checkNonNegative } from './checks.js';

/**
 * Historic CLV: the value a customer has already brought, margin · total purchase value.
 * Negative totals (refunds exceeding purchases) are kept as they are.
 *
 * @param customer - `totalValue`, e.g. from `summarizeTransactions` (minor units)
 * @param options - `margin` (default 1)
 * @returns margin · totalValue, in the unit of totalValue
 * @throws {LoyaltyError} INVALID_ARGUMENT when totalValue is not finite or margin is negative
 * @example historicClv({ totalValue: 125_00 }, { margin: 0.3 }) // => 3750
 */
export function historicClv(
  customer: { readonly totalValue: number },
  options: { readonly margin?: number } = {},
): number {
  const total = customer?.totalValue;
  if (typeof total !== 'number' || !Number.isFinite(total))
    checkNonNegative(Number.NaN, ['customer', 'totalValue'], 'totalValue');
  const margin = checkNonNegative(options.margin ?? 1, ['options', 'margin'], 'margin');
  return margin * (total as number);
}
