import { lnGamma } from './lnGamma.js';

const EPS = 1e-16;
/** Most terms a series may take before it is declared not convergent. */
export const HYP2F1_MAX_TERMS = 2_000_000;
/** Most terms of one Taylor step of {@link byDifferentialEquation} (about 60 are needed). */
const MAX_TAYLOR_TERMS = 2000;

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z < 1.
 *
 * - 0 ≤ z ≤ 0.9: the power series, summed until the remaining tail (bounded from the current term
 *   ratio) is below 1e-16 of the sum;
 * - 0.9 < z < 1: the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6) when c − a − b is
 *   not within 0.1 of an integer; otherwise (the transformation's two terms, each about
 *   1/|c − a − b − n|, then cancel: within 1e-3 of an integer half the digits are lost, and at an
 *   integer each term is infinite) the hypergeometric differential equation is integrated from z = 1/2,
 *   where the series converges fast, to z by Taylor steps that each cover at most half the
 *   remaining distance to the singular point 1 (so each step's series converges like 2^-n): about
 *   log2(1/(1 − z)) steps, accurate to about 1e-14 relative, at any parameters;
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
  if (z <= 0.9) return series(a, b, c, z);
  const d = c - a - b;
  if (Math.abs(d - Math.round(d)) > 0.1) {
    const t = oneMinusZ(a, b, c, z);
    if (Number.isFinite(t)) return t;
  }
  return byDifferentialEquation(a, b, c, z);
}

/**
 * ₂F₁ for 1/2 < z < 1 as the solution of z(1−z) y'' + [c − (a+b+1) z] y' − ab y = 0 through
 * y(1/2) and y'(1/2) = (ab/c) ₂F₁(a+1, b+1; c+1; 1/2), continued by Taylor series. About a point
 * z0 the coefficients y = Σ c_n h^n (h = z − z0) follow from the equation:
 *   z0(1−z0)(n+2)(n+1) c_{n+2} = −[((1−2z0) n + c − (a+b+1) z0)(n+1) c_{n+1} + (−n(n−1) − (a+b+1) n − ab) c_n]
 * and converge for |h| < 1 − z0; each step takes h ≤ (1 − z0)/2. Forward integration toward 1 is
 * stable: near 1 the solution is A + B(1−z)^(c−a−b) (times analytic factors), and whichever part
 * dominates there also dominates the error. NaN if a step's series does not settle.
 */
function byDifferentialEquation(a: number, b: number, c: number, z: number): number {
  let z0 = 0.5;
  let y = series(a, b, c, z0);
  let dy = ((a * b) / c) * series(a + 1, b + 1, c + 1, z0);
  const q1 = -(a + b + 1);
  const ab = a * b;
  while (z0 < z && Number.isFinite(y) && Number.isFinite(dy)) {
    const h = Math.min(z - z0, (1 - z0) / 2);
    const p0 = z0 * (1 - z0);
    const p1 = 1 - 2 * z0;
    const q0 = c - (a + b + 1) * z0;
    // e_n = c_n h^n, so that nothing overflows however close to 1 the step is.
    let ePrev = y;
    let eCur = dy * h;
    let sum = y + eCur;
    let dsum = dy;
    const h2 = h * h;
    let settled = 0;
    let n = 0;
    for (; n < MAX_TAYLOR_TERMS; n++) {
      const eNext =
        -((p1 * n + q0) * (n + 1) * h * eCur + (-n * (n - 1) + q1 * n - ab) * h2 * ePrev) /
        (p0 * (n + 2) * (n + 1));
      const dTerm = ((n + 2) * eNext) / h; // the h^(n+1) term of y'
      sum += eNext;
      dsum += dTerm;
      ePrev = eCur;
      eCur = eNext;
      // Two settled terms in a row: the three-term recurrence can give one accidental small term.
      if (Math.abs(eNext) <= EPS * Math.abs(sum) && Math.abs(dTerm) <= EPS * Math.abs(dsum)) {
        if (++settled === 2) break;
      } else {
        settled = 0;
      }
    }
    if (n === MAX_TAYLOR_TERMS) return Number.NaN;
    y = sum;
    dy = dsum;
    z0 += h;
  }
  return Number.isFinite(y) ? y : Number.NaN;
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
  // Reject results that lost more than 3 digits to cancellation.
  return Math.abs(out) < 1e-3 * Math.max(Math.abs(t1), Math.abs(t2)) ? Number.NaN : out;
}

function gammaSign(x: number): number {
  if (x > 0) return 1;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}
