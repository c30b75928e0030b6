/**
 * The Student t distribution for Welch's test: the upper tail through the regularized incomplete
 * beta function, `P(T > t) = I_x(df/2, 1/2) / 2` with `x = df / (df + t^2)` (Abramowitz & Stegun,
 * chapter 26), the incomplete beta by its continued fraction (A&S 26.5.8, evaluated with the
 * modified Lentz method as in Numerical Recipes' `betacf`), and the quantile by safeguarded Newton
 * steps on the log of the tail. Internal to experiments. Relative error against scipy.stats.t
 * (studentT.test.ts): below 1e-13 up to df = 1,000; beyond, the continued fraction near its switch
 * point loses about df x 1e-16 (1e-12 at df = 10^4, 1e-10 at df = 10^6), far below what a p-value
 * needs.
 */

const HALF_LN_2PI = 0.9189385332046728;
// Godfrey's Lanczos coefficients (g = 607/128, 15 terms), as in analytics/math/lnGamma.ts.
const G = 607 / 128;
const LANCZOS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 0.0001580887032249125,
  -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
] as const;

/** ln Γ(x) for x > 0 (Lanczos; about 1e-15 relative). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  if (x === 1 || x === 2) return 0;
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + G + 0.5;
  return HALF_LN_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling's error δ(x) = ln Γ(x) - ((x - 1/2) ln x - x + ln √(2π)), its asymptotic series (x >= 15). */
function stirlingError(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - (r2 * 691) / 360360)))))
  );
}

/**
 * ln Γ(a) - ln Γ(a + b) for a, b > 0, without the cancellation of two large logarithms when a is
 * large (Welch's test has large degrees of freedom).
 */
export function lnGammaRatio(a: number, b: number): number {
  if (a < 15) return lnGamma(a) - lnGamma(a + b);
  return -(a - 0.5) * Math.log1p(b / a) - b * Math.log(a + b) + b + stirlingError(a) - stirlingError(a + b);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b). */
function lnBeta(a: number, b: number): number {
  return a >= b ? lnGamma(b) + lnGammaRatio(a, b) : lnGamma(a) + lnGammaRatio(b, a);
}

/** The continued fraction of I_x(a, b) (A&S 26.5.8), modified Lentz. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1_000_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  return h; // unreachable for the arguments used here (converges in O(sqrt(max(a, b))) steps)
}

/**
 * The regularized incomplete beta function I_x(a, b), given x and y = 1 - x separately, and
 * optionally their logarithms, so callers that know them more exactly lose no digits (with a large
 * `a`, an error of one ulp in ln x would be multiplied by `a`).
 */
export function incompleteBeta(
  a: number,
  b: number,
  x: number,
  y: number = 1 - x,
  lnx: number = Math.log(x),
  lny: number = Math.log(y),
): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = a * lnx + b * lny - lnBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, y)) / b;
}

/** P(T > t) for Student's t with finite `df` > 0 degrees of freedom (df may be fractional). */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  const half =
    0.5 * incompleteBeta(df / 2, 0.5, x, y, -Math.log1p(t2 / df), Math.log(t2) - Math.log(df + t2));
  return t >= 0 ? half : 1 - half;
}

/** The cumulative distribution function P(T <= t). */
export function studentTCdf(t: number, df: number): number {
  return studentTUpperTail(-t, df);
}

/** The density of Student's t. */
export function studentTPdf(t: number, df: number): number {
  const a = df / 2;
  // Γ((df+1)/2) / (Γ(df/2) √(df π)) (1 + t²/df)^(-(df+1)/2)
  return Math.exp(
    -lnGammaRatio(a, 0.5) - 0.5 * Math.log(df * Math.PI) - (a + 0.5) * Math.log1p((t * t) / df),
  );
}

/**
 * The quantile: the t with P(T <= t) = p. Closed forms for df = 1 and 2; otherwise Newton steps on
 * ln P(T > t) from a Cornish-Fisher start, kept inside a bracket (bisection when a step leaves it),
 * until the step is below 1e-15 relative.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p; // upper-tail probability of |t|
  const sign = p < 0.5 ? -1 : 1;
  return sign * upperQuantile(q, df);
}

function upperQuantile(q: number, df: number): number {
  if (df === 1) return 1 / Math.tan(Math.PI * q);
  if (df === 2) return (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  const z = normalUpperQuantile(q);
  const z3 = z * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  if (!(t > 0) || !Number.isFinite(t)) t = 1;
  const lnq = Math.log(q);
  for (let i = 0; i < 200; i++) {
    const tail = studentTUpperTail(t, df);
    if (tail > q) lo = t;
    else hi = t;
    if (tail === q) return t;
    // Newton on g(t) = ln tail(t) - ln q; g'(t) = -pdf(t) / tail(t)
    const step = ((Math.log(tail) - lnq) * tail) / studentTPdf(t, df);
    let next = t + step;
    if (!(next > lo && next < hi))
      next = hi === Number.POSITIVE_INFINITY ? Math.max(2 * t, lo + 1) : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}

/**
 * The standard normal upper quantile (Acklam's rational approximation, relative error < 1.2e-9):
 * only the starting point of the Newton steps.
 */
function normalUpperQuantile(q: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const p = 1 - q; // lower-tail probability of the same point
  const low = 0.02425;
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (
      -(((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
      ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
    );
  }
  if (q > 1 - low) {
    const r = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
      ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
    );
  }
  const u = p - 0.5;
  const r = u * u;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * u) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
