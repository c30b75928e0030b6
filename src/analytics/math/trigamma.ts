/**
 * The trigamma function ψ₁(x) = d²/dx² ln Γ(x).
 * Recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to x ≥ 12, then the asymptotic series (about 1e-15
 * relative accuracy); reflection ψ₁(1−x) + ψ₁(x) = π²/sin²(πx) for x ≤ 0.
 *
 * @param x - any finite number that is not zero or a negative integer
 * @returns ψ₁(x); `NaN` at the poles (0, -1, -2, ...)
 * @example trigamma(1) // => 1.6449340668482264 (= π²/6)
 */
export function trigamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN;
    const s = Math.sin(Math.PI * x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let result = 0;
  while (x < 12) {
    result += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // 1/x + 1/(2x²) + Σ B_2k / x^(2k+1)
  const series =
    inv *
    (1 +
      inv *
        (0.5 +
          inv *
            (1 / 6 +
              inv2 *
                (-1 / 30 +
                  inv2 *
                    (1 / 42 + inv2 * (-1 / 30 + inv2 * (5 / 66 + inv2 * (-691 / 2730 + (inv2 * 7) / 6))))))));
  return result + series;
}
