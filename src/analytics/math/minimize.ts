/**
 * An objective for {@link minimize}: returns f(x) and writes ∇f(x) into `gradient`.
 * Return a non-finite value (or throw nothing) where f is undefined: the line search backs off.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Stop when the largest absolute gradient component is at most this (default 1e-8). */
  readonly gradientTolerance?: number;
  /** Most iterations (default 500). */
  readonly maxIterations?: number;
}

/** What the optimizer did: the point reached and why it stopped. */
export interface OptimizerReport {
  /** The minimizer found (or the last point, when not converged). */
  readonly x: readonly number[];
  /** f at `x`. */
  readonly f: number;
  /** Iterations taken. */
  readonly iterations: number;
  /** Objective evaluations (each with its gradient). */
  readonly evaluations: number;
  /** True when the gradient test was met. */
  readonly converged: boolean;
  /** Largest absolute gradient component at `x`. */
  readonly gradientNorm: number;
  /** Why it stopped, in words. */
  readonly message: string;
}

const C1 = 1e-4;
const C2 = 0.9;

/**
 * Minimizes a smooth function with BFGS (dense inverse-Hessian update, suited to the handful of
 * parameters of CLV models) and a strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6).
 * Deterministic; never throws for a bad objective: a non-finite f at the start gives
 * `converged: false` with a message.
 *
 * @param objective - f and its analytic gradient
 * @param x0 - the starting point
 * @param options - tolerances and limits
 * @returns the {@link OptimizerReport}
 * @example
 * const r = minimize((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; }, [0]);
 * // r.x[0] ≈ 3, r.converged === true
 */
export function minimize(
  objective: Objective,
  x0: readonly number[],
  options: MinimizeOptions = {},
): OptimizerReport {
  const tol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 500;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    const f = objective(x, g);
    if (!Number.isFinite(f)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (!Number.isFinite(g[i]!)) return Number.POSITIVE_INFINITY;
    return f;
  };
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = evaluate(x, g);
  const report = (converged: boolean, iterations: number, message: string): OptimizerReport => ({
    x: Object.freeze(Array.from(x)),
    f,
    iterations,
    evaluations,
    converged,
    gradientNorm: normInf(g),
    message,
  });
  if (!Number.isFinite(f)) return report(false, 0, 'the objective is not finite at the starting point');

  // Inverse Hessian approximation, identity until the first update.
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let first = true;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (normInf(g) <= tol) return report(true, iter, 'converged: gradient below tolerance');
    // p = -H g
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j]! * g[j]!;
      p[i] = v;
      slope += v * g[i]!;
    }
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      first = true;
      slope = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i]!;
        slope -= g[i]! * g[i]!;
      }
    }
    if (-slope <= 1e-15 * Math.max(1, Math.abs(f))) {
      return report(true, iter, 'converged: no further decrease representable (precision limit)');
    }
    const initialStep = first ? Math.min(1, 1 / Math.max(normInf(g), 1e-300)) : 1;
    const ls = lineSearch(evaluate, x, f, p, slope, initialStep);
    if (ls === undefined) {
      // The predicted decrease is below what floating point can resolve: the minimum is found to
      // machine precision even though the gradient test was not met.
      if (-slope <= 1e-12 * Math.max(1, Math.abs(f))) {
        return report(true, iter, 'converged: no further decrease representable (precision limit)');
      }
      if (!first) {
        // Retry once from steepest descent before giving up.
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = 1;
        first = true;
        continue;
      }
      return report(false, iter, 'line search failed to decrease the objective (precision limit reached)');
    }
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = ls.x[i]! - x[i]!;
      y[i] = ls.g[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    const fPrev = f;
    x = ls.x;
    g = ls.g;
    f = ls.f;
    if (sy > 1e-300) {
      if (first) {
        let yy = 0;
        for (let i = 0; i < n; i++) yy += y[i]! * y[i]!;
        const scale = sy / yy;
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        first = false;
      }
      // H = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
        Hy[i] = v;
        yHy += y[i]! * v;
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            H[i * n + j]! - rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
    if (fPrev - f === 0 && normInf(g) > tol) {
      // No progress at all in floating point.
      return report(false, iter + 1, 'no further decrease possible (precision limit reached)');
    }
  }
  return normInf(g) <= tol
    ? report(true, maxIterations, 'converged: gradient below tolerance')
    : report(false, maxIterations, `stopped after ${maxIterations} iterations without converging`);
}

interface Step {
  readonly x: Float64Array;
  readonly g: Float64Array;
  readonly f: number;
}

function lineSearch(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  f0: number,
  p: Float64Array,
  slope0: number,
  initialStep: number,
): Step | undefined {
  const n = x.length;
  const at = (alpha: number): Step & { slope: number } => {
    const xt = new Float64Array(n);
    for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * p[i]!;
    const gt = new Float64Array(n);
    const ft = evaluate(xt, gt);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += gt[i]! * p[i]!;
    return { x: xt, g: gt, f: ft, slope };
  };
  let aPrev = 0;
  let fPrev = f0;
  let slopePrev = slope0;
  let alpha = initialStep;
  for (let i = 0; i < 40; i++) {
    const t = at(alpha);
    if (!Number.isFinite(t.f)) {
      // Outside the domain: shrink and try again (treated as a too-long step).
      alpha = aPrev + (alpha - aPrev) * 0.25;
      if (alpha - aPrev < 1e-20) return undefined;
      continue;
    }
    if (t.f > f0 + C1 * alpha * slope0 || (i > 0 && t.f >= fPrev)) {
      return zoom(at, f0, slope0, aPrev, fPrev, slopePrev, alpha, t.f, t.slope);
    }
    if (Math.abs(t.slope) <= -C2 * slope0) return t;
    if (t.slope >= 0) return zoom(at, f0, slope0, alpha, t.f, t.slope, aPrev, fPrev, slopePrev);
    aPrev = alpha;
    fPrev = t.f;
    slopePrev = t.slope;
    alpha *= 2;
  }
  return undefined;
}

function zoom(
  at: (alpha: number) => Step & { slope: number },
  f0: number,
  slope0: number,
  aLo: number,
  fLo: number,
  sLo: number,
  aHi: number,
  fHi: number,
  sHi: number,
): Step | undefined {
  let best: (Step & { slope: number }) | undefined;
  for (let i = 0; i < 30; i++) {
    let a = cubicMin(aLo, fLo, sLo, aHi, fHi, sHi);
    const lo = Math.min(aLo, aHi);
    const hi = Math.max(aLo, aHi);
    const margin = 0.1 * (hi - lo);
    if (!(a > lo + margin && a < hi - margin)) a = (aLo + aHi) / 2;
    const t = at(a);
    if (!Number.isFinite(t.f) || t.f > f0 + C1 * a * slope0 || t.f >= fLo) {
      aHi = a;
      fHi = Number.isFinite(t.f) ? t.f : Number.POSITIVE_INFINITY;
      sHi = Number.isFinite(t.f) ? t.slope : Number.NaN;
    } else {
      if (Math.abs(t.slope) <= -C2 * slope0) return t;
      if (t.slope * (aHi - aLo) >= 0) {
        aHi = aLo;
        fHi = fLo;
        sHi = sLo;
      }
      aLo = a;
      fLo = t.f;
      sLo = t.slope;
      best = t;
    }
    if (Math.abs(aHi - aLo) <= 1e-14 * Math.max(1, Math.abs(aLo))) break;
  }
  // Accept a sufficient decrease even without the curvature condition.
  return best !== undefined && best.f < f0 ? best : undefined;
}

/** Minimizer of the cubic interpolating f and f' at a and b (NaN when it does not exist). */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  if (!Number.isFinite(fb) || !Number.isFinite(db)) return Number.NaN;
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

function normInf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/**
 * An objective with its Hessian, for {@link minimizeNewton}: returns f(x), writes ∇f(x) into
 * `gradient` and ∇²f(x) (row-major, n×n) into `hessian`.
 */
export type ObjectiveWithHessian = (x: Float64Array, gradient: Float64Array, hessian: Float64Array) => number;

/** Newton steps longer than this (in the largest coordinate; a factor e in a log-parameter) are shortened to it. */
const MAX_NEWTON_STEP = 1;

/**
 * Minimizes a smooth function by Newton's method with an analytic Hessian: where the Hessian is not
 * positive definite a multiple of the identity is added until it is (Levenberg), steps are capped at
 * {@link MAX_NEWTON_STEP} in each coordinate, and a backtracking line search (Armijo) accepts them.
 * Near the minimum it converges quadratically, so it needs far fewer evaluations than
 * {@link minimize} when the Hessian is cheap. Same stopping rules, report and messages as
 * {@link minimize}; deterministic; never throws for a bad objective.
 *
 * @param objective - f, its gradient and its Hessian
 * @param x0 - the starting point
 * @param options - tolerances and limits
 * @returns the {@link OptimizerReport}
 * @example
 * const r = minimizeNewton((x, g, h) => { g[0] = 2 * (x[0]! - 3); h[0] = 2; return (x[0]! - 3) ** 2; }, [0]);
 * // r.x[0] === 3 after one step
 */
export function minimizeNewton(
  objective: ObjectiveWithHessian,
  x0: readonly number[],
  options: MinimizeOptions = {},
): OptimizerReport {
  const tol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 500;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array, h: Float64Array): number => {
    evaluations++;
    const f = objective(x, g, h);
    if (!Number.isFinite(f)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (!Number.isFinite(g[i]!)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < n * n; i++) if (!Number.isFinite(h[i]!)) return Number.POSITIVE_INFINITY;
    return f;
  };
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let h = new Float64Array(n * n);
  let f = evaluate(x, g, h);
  const report = (converged: boolean, iterations: number, message: string): OptimizerReport => ({
    x: Object.freeze(Array.from(x)),
    f,
    iterations,
    evaluations,
    converged,
    gradientNorm: normInf(g),
    message,
  });
  if (!Number.isFinite(f)) return report(false, 0, 'the objective is not finite at the starting point');
  const p = new Float64Array(n);
  const L = new Float64Array(n * n);
  let xt = new Float64Array(n);
  let gt = new Float64Array(n);
  let ht = new Float64Array(n * n);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (normInf(g) <= tol) return report(true, iter, 'converged: gradient below tolerance');
    newtonDirection(h, g, L, p);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += p[i]! * g[i]!;
    if (!(slope < 0)) {
      slope = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i]!;
        slope -= g[i]! * g[i]!;
      }
    }
    const longest = normInf(p);
    if (longest > MAX_NEWTON_STEP) {
      const scale = MAX_NEWTON_STEP / longest;
      for (let i = 0; i < n; i++) p[i] = p[i]! * scale;
      slope *= scale;
    }
    // Near the minimum the predicted decrease falls to the rounding level of f, which then cannot
    // tell a better point from a worse one: there a full step is taken when it shrinks the gradient,
    // and the minimum is found to machine precision when it does not.
    const atNoise = -slope <= 1e-11 * Math.max(1, Math.abs(f));
    const gNorm = normInf(g);
    let step = 1;
    let ft = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xt[i] = x[i]! + step * p[i]!;
      ft = evaluate(xt, gt, ht);
      if (ft <= f + C1 * step * slope) break;
      if (atNoise) {
        if (Number.isFinite(ft) && normInf(gt) < gNorm) break;
        return report(true, iter, 'converged: no further decrease representable (precision limit)');
      }
      // Backtrack: minimizer of the quadratic through f, the slope and ft, kept in [0.1, 0.5] · step.
      const q = Number.isFinite(ft) ? (-slope * step * step) / (2 * (ft - f - slope * step)) : 0;
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
      ft = Number.POSITIVE_INFINITY;
    }
    if (!Number.isFinite(ft)) {
      if (-slope <= 1e-12 * Math.max(1, Math.abs(f))) {
        return report(true, iter, 'converged: no further decrease representable (precision limit)');
      }
      return report(false, iter, 'line search failed to decrease the objective (precision limit reached)');
    }
    const fPrev = f;
    [x, xt] = [xt, x];
    [g, gt] = [gt, g];
    [h, ht] = [ht, h];
    f = ft;
    if (fPrev - f === 0 && normInf(g) >= gNorm && normInf(g) > tol) {
      // Accepted only because the decrease it asked for was below f's resolution.
      return -slope * step <= 1e-12 * Math.max(1, Math.abs(f))
        ? report(true, iter + 1, 'converged: no further decrease representable (precision limit)')
        : report(false, iter + 1, 'no further decrease possible (precision limit reached)');
    }
  }
  return normInf(g) <= tol
    ? report(true, maxIterations, 'converged: gradient below tolerance')
    : report(false, maxIterations, `stopped after ${maxIterations} iterations without converging`);
}

/**
 * p = −(H + μI)⁻¹ g with the smallest μ ≥ 0 (0, then growing from 1e-10 of the diagonal's scale)
 * that makes H + μI positive definite; L is work space for its Cholesky factor.
 */
function newtonDirection(H: Float64Array, g: Float64Array, L: Float64Array, p: Float64Array): void {
  const n = g.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(H[i * n + i]!));
  let mu = 0;
  for (let attempt = 0; attempt < 60; attempt++) {
    if (cholesky(H, mu, L, n)) {
      // Solve L y = −g, then Lᵀ p = y.
      for (let i = 0; i < n; i++) {
        let v = -g[i]!;
        for (let k = 0; k < i; k++) v -= L[i * n + k]! * p[k]!;
        p[i] = v / L[i * n + i]!;
      }
      for (let i = n - 1; i >= 0; i--) {
        let v = p[i]!;
        for (let k = i + 1; k < n; k++) v -= L[k * n + i]! * p[k]!;
        p[i] = v / L[i * n + i]!;
      }
      return;
    }
    mu = mu === 0 ? 1e-10 * Math.max(scale, 1e-300) : mu * 10;
  }
  for (let i = 0; i < n; i++) p[i] = -g[i]!;
}

/** Cholesky factor of H + μI into L (lower, row-major); false when not positive definite. */
function cholesky(H: Float64Array, mu: number, L: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = H[i * n + j]! + (i === j ? mu : 0);
      for (let k = 0; k < j; k++) sum -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return false;
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j]!;
      }
    }
  }
  return true;
}
