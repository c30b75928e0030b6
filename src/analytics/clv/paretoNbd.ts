/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987) in the log-space form of Fader & Hardie (2005),
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions", as computed by lifetimes:
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s/(r+s+x) · A0 ]
 *   A0 = F(z1)/(M+t_x)^(r+s+x) − F(z2)/(M+T)^(r+s+x),  F(z) = ₂F₁(r+s+x, b; r+s+x+1; z)
 *
 * with M = max(α, β), z_i = |α−β|/(M+t_i), and b = s+1 when α ≥ β, r+x otherwise. Internal.
 */
import { digamma, HYP2F1_MAX_TERMS, lnGamma } from '../math/index.js';
import { lnNbd } from './bgNbd.js';
import type { RepeatData } from './prepareRepeatData.js';
import type { ParetoNbdParams } from './types.js';

const EPS = 1e-16;

/** Result of {@link a0Series}: F and its partial derivatives. */
interface Series {
  f: number;
  da: number;
  db: number;
  dz: number;
}

/**
 * F(z) = ₂F₁(a, b; a+1; z) = Σ_k a/(a+k) (b)_k/k! z^k for 0 ≤ z < 1, with ∂F/∂a, ∂F/∂b, ∂F/∂z
 * summed term by term. Writes NaN when the series does not converge.
 */
export function a0Series(a: number, b: number, z: number, out: Series): void {
  let pk = 1; // (b)_k / k! z^k
  let hk = 0; // Σ_{j<k} 1/(b+j)
  let f = 1;
  let da = 0;
  let db = 0;
  let dz = 0;
  for (let k = 1; k < HYP2F1_MAX_TERMS; k++) {
    hk += 1 / (b + k - 1);
    pk *= ((b + k - 1) / k) * z;
    const c = a / (a + k);
    const t = c * pk;
    f += t;
    da += (pk * k) / ((a + k) * (a + k));
    db += t * hk;
    dz += t * k;
    // Tail bound from the ratio of the next term (→ z): stop when all three sums are settled.
    const ratio = ((a + k) / (a + k + 1)) * ((b + k) / (k + 1)) * z;
    if (t === 0 || (ratio < 1 && (t * (k + 1) * (1 + hk)) / (1 - ratio) <= EPS * f)) {
      out.f = f;
      out.da = da;
      out.db = db;
      out.dz = z === 0 ? (a * b) / (a + 1) : dz / z;
      return;
    }
  }
  out.f = Number.NaN;
  out.da = Number.NaN;
  out.db = Number.NaN;
  out.dz = Number.NaN;
}

/** Gradient of ln A0 with respect to (r, alpha, s, beta). */
interface A0 {
  value: number; // ln A0 (−Infinity when t_x = T)
  dr: number;
  dAlpha: number;
  ds: number;
  dBeta: number;
}

/** ln A0 and (when `want`) its gradient. */
export function lnA0(p: ParetoNbdParams, x: number, tx: number, T: number, out: A0, want: boolean): void {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const alphaBig = alpha >= beta;
  const M = alphaBig ? alpha : beta;
  const m = alphaBig ? beta : alpha;
  const b = alphaBig ? s + 1 : r + x;
  const D = M - m;
  const q1 = M + tx;
  const q2 = M + T;
  if (!(tx < T)) {
    out.value = Number.NEGATIVE_INFINITY;
    out.dr = out.dAlpha = out.ds = out.dBeta = 0;
    return;
  }
  const f1: Series = { f: 0, da: 0, db: 0, dz: 0 };
  const f2: Series = { f: 0, da: 0, db: 0, dz: 0 };
  a0Series(a, b, D / q1, f1);
  a0Series(a, b, D / q2, f2);
  const lnQ1 = Math.log(q1);
  const lnQ2 = Math.log(q2);
  const l1 = Math.log(f1.f) - a * lnQ1;
  const l2 = Math.log(f2.f) - a * lnQ2;
  const rho = Math.exp(l2 - l1);
  if (!(rho < 1)) {
    // t_x and T so close that A0 underflows to 0 (or the series failed: NaN propagates).
    out.value = rho >= 1 ? Number.NEGATIVE_INFINITY : Number.NaN;
    out.dr = out.dAlpha = out.ds = out.dBeta = 0;
    return;
  }
  out.value = l1 + Math.log1p(-rho);
  if (!want) return;
  // d ln P_i for each parameter; P_i = F(z_i) q_i^-a.
  const dbdr = alphaBig ? 0 : 1;
  const dbds = alphaBig ? 1 : 0;
  const term = (f: Series, q: number, lnQ: number, t: number): [number, number, number, number] => {
    const dFr = (f.da + f.db * dbdr) / f.f;
    const dFs = (f.da + f.db * dbds) / f.f;
    const dzdM = (m + t) / (q * q); // ∂z/∂M
    const dzdm = -1 / q; // ∂z/∂m
    const dM = (f.dz * dzdM) / f.f - a / q;
    const dm = (f.dz * dzdm) / f.f;
    return alphaBig ? [dFr - lnQ, dM, dFs - lnQ, dm] : [dFr - lnQ, dm, dFs - lnQ, dM];
  };
  const g1 = term(f1, q1, lnQ1, tx);
  const g2 = term(f2, q2, lnQ2, T);
  const k = 1 / (1 - rho);
  out.dr = (g1[0] - rho * g2[0]) * k;
  out.dAlpha = (g1[1] - rho * g2[1]) * k;
  out.ds = (g1[2] - rho * g2[2]) * k;
  out.dBeta = (g1[3] - rho * g2[3]) * k;
}

/** Total weighted Pareto/NBD log-likelihood at theta = [r, alpha, s, beta], with gradient. */
export function paretoNbdLogLikelihood(
  theta: ArrayLike<number>,
  d: RepeatData,
  grad: Float64Array | undefined,
): number {
  const p: ParetoNbdParams = { r: theta[0]!, alpha: theta[1]!, s: theta[2]!, beta: theta[3]! };
  const { r, alpha, s, beta } = p;
  const want = grad !== undefined;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const lnS = Math.log(s);
  const lgR = lnGamma(r);
  const psR = want ? digamma(r) : 0;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let gs = 0;
  let gBeta = 0;
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k]!;
    const w = d.xw[k]!;
    ll += w * (lnGamma(r + x) - lgR + r * lnAlpha + s * lnBeta);
    if (want) gr += w * (digamma(r + x) - psR + lnAlpha);
  }
  if (want) {
    gAlpha += (d.totalWeight * r) / alpha;
    gs += d.totalWeight * lnBeta;
    gBeta += (d.totalWeight * s) / beta;
  }
  const a0: A0 = { value: 0, dr: 0, dAlpha: 0, ds: 0, dBeta: 0 };
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i]!;
    const tx = d.tx[i]!;
    const T = d.T[i]!;
    const w = d.w[i]!;
    const rx = r + x;
    const rsx = r + s + x;
    const lAT = Math.log(alpha + T);
    const lBT = Math.log(beta + T);
    const B1 = -rx * lAT - s * lBT;
    lnA0(p, x, tx, T, a0, want);
    const B2 = lnS - Math.log(rsx) + a0.value;
    const diff = B2 - B1;
    if (diff === Number.NEGATIVE_INFINITY) {
      ll += w * B1;
      if (want) {
        gr -= w * lAT;
        gAlpha -= (w * rx) / (alpha + T);
        gs -= w * lBT;
        gBeta -= (w * s) / (beta + T);
      }
      continue;
    }
    const e = Math.exp(-Math.abs(diff));
    ll += w * ((diff > 0 ? B2 : B1) + Math.log1p(e));
    if (want) {
      const big = 1 / (1 + e);
      const p2 = diff > 0 ? big : e * big;
      const p1 = 1 - p2;
      gr += w * (p1 * -lAT + p2 * (a0.dr - 1 / rsx));
      gAlpha += w * (p1 * (-rx / (alpha + T)) + p2 * a0.dAlpha);
      gs += w * (p1 * -lBT + p2 * (1 / s - 1 / rsx + a0.ds));
      gBeta += w * (p1 * (-s / (beta + T)) + p2 * a0.dBeta);
    }
  }
  if (grad !== undefined) {
    grad[0] = gr;
    grad[1] = gAlpha;
    grad[2] = gs;
    grad[3] = gBeta;
  }
  return ll;
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const a0: A0 = { value: 0, dr: 0, dAlpha: 0, ds: 0, dBeta: 0 };
  lnA0(p, x, tx, T, a0, false);
  if (a0.value === Number.NEGATIVE_INFINITY) return 1;
  const ln =
    Math.log(p.s) -
    Math.log(p.r + p.s + x) +
    (p.r + x) * Math.log(p.alpha + T) +
    p.s * Math.log(p.beta + T) +
    a0.value;
  return 1 / (1 + Math.exp(ln));
}

/** (1 − (u/(u+t))^(s−1)) / (s − 1), with its limit ln((u+t)/u) at s = 1. */
function survivalIntegral(s: number, u: number, t: number): number {
  const l = Math.log(u / (u + t));
  const k = s - 1;
  if (Math.abs(k * l) < 1e-8) return -l * (1 + (k * -l) / 2);
  return -Math.expm1(k * l) / k;
}

/** E[X(t)] for a new customer: rβ/(α(s−1)) [1 − (β/(β+t))^(s−1)]. */
export function paretoNbdExpectedUnconditional(p: ParetoNbdParams, t: number): number {
  return ((p.r * p.beta) / p.alpha) * survivalIntegral(p.s, p.beta, t);
}

/** E[X(T, T+t) | x, t_x, T] = P(alive) (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^(s−1)]. */
export function paretoNbdExpectedConditional(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = paretoNbdProbabilityAlive(p, x, tx, T);
  return (alive * (p.r + x) * (p.beta + T) * survivalIntegral(p.s, p.beta + T, t)) / (p.alpha + T);
}

/**
 * P(X(t) = n) for a new customer: alive through t with an NBD count, or dead at τ < t with the NBD
 * count at τ. The second part, ∫₀ᵗ s β^s (β+τ)^(−s−1) NBD(n; τ) dτ, by composite Gauss-Legendre
 * quadrature (smooth integrand; about 1e-12 accuracy).
 */
export function paretoNbdProbabilityOfPurchases(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const alive = Math.exp(lnNbd(n, r, alpha, t) + s * (Math.log(beta) - Math.log(beta + t)));
  if (t === 0) return alive;
  const { nodes, weights } = gaussLegendre(20);
  const panels = 32;
  const lnSB = Math.log(s) + s * Math.log(beta);
  let dead = 0;
  for (let j = 0; j < panels; j++) {
    const lo = (t * j) / panels;
    const hi = (t * (j + 1)) / panels;
    const half = (hi - lo) / 2;
    const mid = (hi + lo) / 2;
    for (let k = 0; k < nodes.length; k++) {
      const tau = mid + half * nodes[k]!;
      dead += half * weights[k]! * Math.exp(lnSB - (s + 1) * Math.log(beta + tau) + lnNbd(n, r, alpha, tau));
    }
  }
  return alive + dead;
}

/** Nodes and weights of the m-point Gauss-Legendre rule on [-1, 1] (Newton on Legendre polynomials). */
function gaussLegendre(m: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= m; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= m; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (m * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    nodes.push(z);
    weights.push(2 / ((1 - z * z) * dp * dp));
  }
  return { nodes, weights };
}
