/**
 * ln(Σ exp(v_i)) without overflow or underflow.
 *
 * @param values - finite numbers or -Infinity
 * @returns the log of the sum of the exponentials; `-Infinity` for an empty list or all `-Infinity`
 * @example logSumExp([1000, 1000]) // => 1000.6931471805599
 */
export function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY || !Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * ln(exp(a) + exp(b)) without overflow or underflow.
 *
 * @param a - a number or -Infinity
 * @param b - a number or -Infinity
 * @returns ln(e^a + e^b)
 * @example logAddExp(0, 0) // => 0.6931471805599453
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln(1 + exp(x)) (softplus), accurate for large and very negative x.
 *
 * @param x - any number
 * @returns ln(1 + e^x)
 * @example log1pExp(-800) // => 0 (no underflow to log(1)); log1pExp(800) // => 800
 */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * ln(1 - exp(x)) for x ≤ 0, accurate near 0 and for very negative x (Mächler's method).
 *
 * @param x - a number ≤ 0
 * @returns ln(1 - e^x); `-Infinity` at 0, `NaN` for x > 0
 * @example log1mExp(-1e-20) // => -46.0517... (= ln 1e-20)
 */
export function log1mExp(x: number): number {
  if (x > 0) return Number.NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
