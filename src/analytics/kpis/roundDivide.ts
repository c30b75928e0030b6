/** How an exact quotient of integers is rounded to an integer. */
export type AovRoundingMode = 'half-up' | 'half-even' | 'floor' | 'ceil';

/**
 * Divides two non-negative safe integers exactly (BigInt) and rounds the quotient.
 * `'half-up'` rounds halves away from zero; `'half-even'` to the even neighbour.
 * Internal: callers validate the inputs.
 */
export function roundDivide(numerator: number, denominator: number, mode: AovRoundingMode): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  let q = n / d;
  const r = n - q * d;
  if (r === 0n) return Number(q);
  const twice = 2n * r;
  if (mode === 'ceil') q += 1n;
  else if (mode === 'half-up') q += twice >= d ? 1n : 0n;
  else if (mode === 'half-even') q += twice > d || (twice === d && q % 2n === 1n) ? 1n : 0n;
  return Number(q);
}
