import { lnGamma } from './lnGamma.js';

const EPS = 1e-16;
/** Most terms a series may take before it is declared not convergent. */
export const HYP2F1_MAX_TERMS = 2_000_000;

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z < 1.
 *
 * - 0 ≤ z ≤ 0.9 (or when c − a − b is within 1e-3 of an integer): the power series, summed until
 *   the remaining tail (bounded from the current term ratio) is below 1e-16 of the sum;
 * - 0.9 < z < 1 otherwise: the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6);
 * - z < 0: the Pfaff transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)).
 *
 * A series that terminates (a or b a non-positive integer) is summed exactly.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter, not zero or a negative integer
 * @param z - the argument, z < 1
 * @returns ₂F₁(a, b; c; z); `NaN` when z ≥ 1 (the series diverges or is undefined), c is a pole, or
 *   the series did not converge in {@link HYP2F1_MAX_TERMS} terms. Callers check `Number.isFinite`.
 * @example hyp2f1(1, 1, 2, 0.5) // => 1.3862943611198906 (= -ln(1 - z) / z)
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) return Number.NaN;
  if (c <= 0 && Number.isInteger(c)) return Number.NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  const terminating = (a < 0 && Number.isInteger(a)) || (b < 0 && Number.isInteger(b));
  if (terminating) return series(a, b, c, z);
  if (z >= 1) return Number.NaN;
  if (z < 0) {
    // Pfaff; pick the form whose first parameter gives the smaller growth.
    const w = z / (z - 1);
    return Math.abs(a) <= Math.abs(b)
      ? (1 - z) ** -a * hyp2f1(a, c - b, c, w)
      : (1 - z) ** -b * hyp2f1(c - a, b, c, w);
  }
  const d = c - a - b;
  if (z > 0.9 && Math.abs(d - Math.round(d)) > 1e-3) {
    const t = oneMinusZ(a, b, c, z);
    if (Number.isFinite(t)) return t;
  }
  return series(a, b, c, z);
}

function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < HYP2F1_MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    const next = Math.abs((((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z);
    if (next < 1 && Math.abs(term) * (next / (1 - next)) <= EPS * Math.abs(sum)) return sum;
  }
  return Number.NaN;
}

/** A&S 15.3.6, for c − a − b not an integer. */
function oneMinusZ(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  const y = 1 - z;
  const g1 = lnGamma(c) + lnGamma(d) - lnGamma(c - a) - lnGamma(c - b);
  const g2 = lnGamma(c) + lnGamma(-d) - lnGamma(a) - lnGamma(b);
  const s1 = gammaSign(c) * gammaSign(d) * gammaSign(c - a) * gammaSign(c - b);
  const s2 = gammaSign(c) * gammaSign(-d) * gammaSign(a) * gammaSign(b);
  const t1 = s1 * Math.exp(g1) * series(a, b, 1 - d, y);
  const t2 = s2 * Math.exp(g2 + d * Math.log(y)) * series(c - a, c - b, d + 1, y);
  const out = t1 + t2;
  // Reject results that lost most digits to cancellation.
  return Math.abs(out) < 1e-8 * Math.max(Math.abs(t1), Math.abs(t2)) ? Number.NaN : out;
}

function gammaSign(x: number): number {
  if (x > 0) return 1;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}
