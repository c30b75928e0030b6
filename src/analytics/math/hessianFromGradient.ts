/**
 * A symmetric Hessian by central differences of an analytic gradient.
 *
 * @param gradient - writes ∇f(x) into its second argument
 * @param x - the point
 * @param step - the difference step per coordinate (default 1e-5 · max(1, |x_i|))
 * @returns the n×n Hessian, row-major, symmetrized
 * @example hessianFromGradient((x, g) => { g[0] = 2 * x[0]!; }, [1]) // => [[2]] (approximately)
 */
export function hessianFromGradient(
  gradient: (x: Float64Array, g: Float64Array) => void,
  x: readonly number[],
  step?: (i: number) => number,
): number[][] {
  const n = x.length;
  const rows: number[][] = [];
  const xp = Float64Array.from(x);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = step?.(i) ?? 1e-5 * Math.max(1, Math.abs(x[i]!));
    xp[i] = x[i]! + h;
    gradient(xp, gp);
    xp[i] = x[i]! - h;
    gradient(xp, gm);
    xp[i] = x[i]!;
    const row: number[] = [];
    for (let j = 0; j < n; j++) row.push((gp[j]! - gm[j]!) / (2 * h));
    rows.push(row);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = (rows[i]![j]! + rows[j]![i]!) / 2;
      rows[i]![j] = v;
      rows[j]![i] = v;
    }
  }
  return rows;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorization.
 *
 * @param m - the matrix (rows)
 * @returns the inverse, or `undefined` when `m` is not positive definite (or not finite)
 * @example invertPositiveDefinite([[4, 0], [0, 2]]) // => [[0.25, 0], [0, 0.5]]
 */
export function invertPositiveDefinite(m: readonly (readonly number[])[]): number[][] | undefined {
  const n = m.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / L[j]![j]!;
      }
    }
  }
  // inv = L⁻ᵀ L⁻¹
  const Linv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    Linv[i]![i] = 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i]![k]! * Linv[k]![j]!;
      Linv[i]![j] = sum / L[i]![i]!;
    }
  }
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += Linv[k]![i]! * Linv[k]![j]!;
      inv[i]![j] = sum;
    }
  }
  return inv.every((r) => r.every(Number.isFinite)) ? inv : undefined;
}
