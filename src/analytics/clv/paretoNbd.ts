/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): likelihood with analytic gradient, and the
 * predictions. Internal: the public API is fitParetoNbd and the generic prediction functions.
 *
 * Likelihood (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions"):
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s/(r+s+x) · (P(t_x) − P(T)) ]
 *   P(t) = ₂F₁(a, b; a+1; z) (M+t)^-a,  a = r+s+x, M = max(α, β), z = |α−β|/(M+t) in [0, 1),
 *
 * with b = s+1 when α ≥ β and r+x otherwise (the branch lifetimes and BTYD use). Euler's
 * transformation ₂F₁(a, b; a+1; z) = (1−z)^(1−b) ₂F₁(1, e; g; z), e = a+1−b, g = a+1, gives
 *
 *   P(t) = G(z) (α+t)^-pa (β+t)^-pb,  G(z) = Σ_k (e)_k/(g)_k z^k,
 *   (e, pa, pb) = (r+x, r+x, s) when α ≥ β, (s+1, r+x−1, s+1) otherwise.
 *
 * G's terms fall monotonically (their ratio is below z) and never overflow, unlike those of the
 * original series, which grow like (1−z)^-b before they fall. Factoring out P's power part at t_x:
 *
 *   ln L = head − pa ln(α+t_x) − pb ln(β+t_x) + ln S,  S = W + s/(r+s+x) · (G(z_x) − Q G(z_T)),
 *   Q = ((α+t_x)/(α+T))^pa ((β+t_x)/(β+T))^pb ≤ 1,  W = Q (α ≥ β) or Q (β+T)/(α+T) (α < β),
 *
 * one exp and one log per customer row; P(alive) = W / S. G and its derivatives depend on a row
 * only through x and one time, so they are computed once per distinct (x, t_x) and (x, T), from
 * coefficients (e)_k/(g)_k computed once per distinct x and evaluation.
 */
import { digamma, HYP2F1_MAX_TERMS, lnGamma } from '../math/index.js';
import { lnNbd } from './bgNbd.js';
import type { RepeatData } from './prepareRepeatData.js';
import type { ParetoNbdParams } from './types.js';
import { FACTOR_MAX, FACTOR_MIN, HUGE, runsOfEqualWeight, TINY } from './weightRuns.js';

/** Relative accuracy of the G series (unit roundoff of a double). */
const EPS = 2 ** -53;
/** Most coefficients kept per distinct frequency; points that need more are summed directly. */
const MAX_CACHED_TERMS = 4096;
/** Coefficients stored per term: u_k = (e)_k/(g)_k, u_k H^e_k, u_k H^g_k, k u_k, tail factor. */
const STRIDE = 5;

/** G(z) = ₂F₁(1, e; g; z) and its partial derivatives ∂G/∂e, −∂G/∂g and ∂G/∂z. */
interface GValue {
  g: number;
  de: number;
  mdg: number;
  dz: number;
}

/**
 * G(z) = Σ_k (e)_k/(g)_k z^k for 0 < e < g, 0 ≤ z < 1, with its partial derivatives, summed term
 * by term (no cached coefficients). With H^e_k = Σ_{j<k} 1/(e+j): ∂G/∂e = Σ u_k H^e_k z^k and
 * ∂G/∂g = −Σ u_k H^g_k z^k. Stops when the bound on what is left of all four sums (the term ratio
 * is below z) is under {@link EPS}; writes NaN after {@link HYP2F1_MAX_TERMS} terms.
 */
export function gSeries(e: number, g: number, z: number, out: GValue): void {
  if (!(z >= 0 && z < 1 && e > 0 && g > e)) {
    out.g = out.de = out.mdg = out.dz = Number.NaN;
    return;
  }
  const thr = EPS * (1 - z) * (1 - z);
  let u = 1;
  let he = 0;
  let hg = 0;
  let zk = 1; // z^(k-1), then z^k
  let sum = 1;
  let de = 0;
  let mdg = 0;
  let dz = 0;
  for (let k = 1; k < HYP2F1_MAX_TERMS; k++) {
    he += 1 / (e + k - 1);
    hg += 1 / (g + k - 1);
    u *= (e + k - 1) / (g + k - 1);
    dz += k * u * zk;
    zk *= z;
    const t = u * zk;
    sum += t;
    de += t * he;
    mdg += t * hg;
    if (t * (k + 2 + he + hg) <= thr) {
      out.g = sum;
      out.de = de;
      out.mdg = mdg;
      out.dz = dz;
      return;
    }
  }
  out.g = out.de = out.mdg = out.dz = Number.NaN;
}

/**
 * The row layout a fit uses: distinct times (all t_x and T values), distinct (x, t) "points"
 * grouped by frequency, and for every row its two points and two times.
 */
interface ParetoLayout {
  readonly times: Float64Array;
  /** Per distinct frequency k: its points are pointT[xStart[k] .. xStart[k+1]). */
  readonly xStart: Int32Array;
  /** Per distinct frequency: the smallest time among its points (where z is largest). */
  readonly xMinTime: Float64Array;
  /** Time index of each point. */
  readonly pointT: Int32Array;
  readonly rowP1: Int32Array;
  readonly rowP2: Int32Array;
  readonly rowTx: Int32Array;
  readonly rowT: Int32Array;
}

function buildLayout(d: RepeatData): ParetoLayout {
  const timeIndex = new Map<number, number>();
  const times: number[] = [];
  const timeOf = (t: number): number => {
    let j = timeIndex.get(t);
    if (j === undefined) {
      j = times.length;
      timeIndex.set(t, j);
      times.push(t);
    }
    return j;
  };
  const rowTx = new Int32Array(d.n);
  const rowT = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) {
    rowTx[i] = timeOf(d.tx[i]!);
    rowT[i] = timeOf(d.T[i]!);
  }
  const nt = times.length;
  const nx = d.xs.length;
  // Distinct (x, t) points, numbered first per frequency then in order of appearance.
  const pointKey = new Map<number, number>();
  const keys: number[] = [];
  const perX = new Int32Array(nx + 1);
  const keyOf = (k: number, j: number): number => {
    const key = k * nt + j;
    if (!pointKey.has(key)) {
      pointKey.set(key, -1);
      keys.push(key);
      perX[k + 1] = perX[k + 1]! + 1;
    }
    return key;
  };
  const rowKey1 = new Float64Array(d.n);
  const rowKey2 = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    const k = d.xi[i]!;
    rowKey1[i] = keyOf(k, rowTx[i]!);
    rowKey2[i] = keyOf(k, rowT[i]!);
  }
  for (let k = 0; k < nx; k++) perX[k + 1] = perX[k + 1]! + perX[k]!;
  const xStart = perX.slice();
  const fill = perX.slice();
  const pointT = new Int32Array(keys.length);
  const xMinTime = new Float64Array(nx).fill(Number.POSITIVE_INFINITY);
  for (const key of keys) {
    const k = Math.floor(key / nt);
    const j = key - k * nt;
    const p = fill[k]!;
    fill[k] = p + 1;
    pointT[p] = j;
    pointKey.set(key, p);
    if (times[j]! < xMinTime[k]!) xMinTime[k] = times[j]!;
  }
  const rowP1 = new Int32Array(d.n);
  const rowP2 = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) {
    rowP1[i] = pointKey.get(rowKey1[i]!)!;
    rowP2[i] = pointKey.get(rowKey2[i]!)!;
  }
  return { times: Float64Array.from(times), xStart, xMinTime, pointT, rowP1, rowP2, rowTx, rowT };
}

/** A likelihood function bound to one data set: theta = [r, alpha, s, beta]. */
export type ParetoNbdLikelihood = (theta: ArrayLike<number>, grad: Float64Array | undefined) => number;

/**
 * Prepares the Pareto/NBD log-likelihood of a data set (layout and work arrays built once) and
 * returns it: the total weighted log-likelihood at theta = [r, alpha, s, beta], writing its
 * gradient into `grad` when given.
 */
export function paretoNbdLikelihood(d: RepeatData): ParetoNbdLikelihood {
  const L = buildLayout(d);
  const nt = L.times.length;
  const np = L.pointT.length;
  const la = new Float64Array(nt);
  const lb = new Float64Array(nt);
  const ia = new Float64Array(nt);
  const ib = new Float64Array(nt);
  const zt = new Float64Array(nt);
  const pG = new Float64Array(np);
  const pR = new Float64Array(np);
  const pS = new Float64Array(np);
  const pA = new Float64Array(np);
  const pB = new Float64Array(np);
  let coef = new Float64Array(STRIDE * 64);
  // Rows in runs of equal weight (see weightRuns.ts), their columns in that order.
  const all = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) all[i] = i;
  const { order, ends: runEnd } = runsOfEqualWeight(all, d.w);
  const rowX = new Float64Array(d.n);
  const rowW = new Float64Array(d.n);
  const rowP1 = new Int32Array(d.n);
  const rowP2 = new Int32Array(d.n);
  const rowTx = new Int32Array(d.n);
  const rowT = new Int32Array(d.n);
  for (let k = 0; k < d.n; k++) {
    const i = order[k]!;
    rowX[k] = d.x[i]!;
    rowW[k] = d.w[i]!;
    rowP1[k] = L.rowP1[i]!;
    rowP2[k] = L.rowP2[i]!;
    rowTx[k] = L.rowTx[i]!;
    rowT[k] = L.rowT[i]!;
  }
  const direct: GValue = { g: 0, de: 0, mdg: 0, dz: 0 };

  return (theta, grad) => {
    const r = theta[0]!;
    const alpha = theta[1]!;
    const s = theta[2]!;
    const beta = theta[3]!;
    if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Number.isFinite(r + alpha + s + beta)) {
      return Number.NaN;
    }
    const want = grad !== undefined;
    const alphaBig = alpha >= beta;
    const D = Math.abs(alpha - beta);
    const { times, xStart, xMinTime, pointT } = L;
    for (let j = 0; j < nt; j++) {
      const t = times[j]!;
      la[j] = Math.log(alpha + t);
      lb[j] = Math.log(beta + t);
      ia[j] = 1 / (alpha + t);
      ib[j] = 1 / (beta + t);
      zt[j] = D * (alphaBig ? ia[j]! : ib[j]!);
    }
    const lnAlpha = Math.log(alpha);
    const lnBeta = Math.log(beta);
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

      // G at every point of this frequency, from coefficients shared by its points.
      const e = alphaBig ? r + x : s + 1;
      const g = r + s + x + 1;
      const zMax = D / ((alphaBig ? alpha : beta) + xMinTime[k]!);
      const thrMax = EPS * (1 - zMax) * (1 - zMax);
      let u = 1;
      let he = 0;
      let hg = 0;
      let zk = 1;
      let n = 1; // coefficients 0 .. n-1 are stored (0 is implicit: u = 1, no H terms)
      while (n < MAX_CACHED_TERMS) {
        he += 1 / (e + n - 1);
        hg += 1 / (g + n - 1);
        u *= (e + n - 1) / (g + n - 1);
        const bf = u * (n + 2 + he + hg);
        if (STRIDE * (n + 1) > coef.length) {
          const bigger = new Float64Array(coef.length * 2);
          bigger.set(coef);
          coef = bigger;
        }
        const o = STRIDE * n;
        coef[o] = u;
        coef[o + 1] = u * he;
        coef[o + 2] = u * hg;
        coef[o + 3] = n * u;
        coef[o + 4] = bf;
        n++;
        zk *= zMax;
        if (bf * zk <= thrMax) break;
      }
      const complete = n < MAX_CACHED_TERMS;
      for (let p = xStart[k]!; p < xStart[k + 1]!; p++) {
        const j = pointT[p]!;
        const z = zt[j]!;
        const thr = EPS * (1 - z) * (1 - z);
        let G = 1;
        let Ge = 0;
        let Gg = 0;
        let Gz = 0;
        let zp = 1;
        let done = false;
        for (let m = 1; m < n; m++) {
          const o = STRIDE * m;
          Gz += coef[o + 3]! * zp;
          zp *= z;
          G += coef[o]! * zp;
          Ge += coef[o + 1]! * zp;
          Gg += coef[o + 2]! * zp;
          if (coef[o + 4]! * zp <= thr) {
            done = true;
            break;
          }
        }
        if (!done && !complete) {
          gSeries(e, g, z, direct);
          G = direct.g;
          Ge = direct.de;
          Gg = direct.mdg;
          Gz = direct.dz;
        }
        pG[p] = G;
        if (want) {
          // ∂G/∂θ through e, g and z (see the module comment for which depends on what).
          if (alphaBig) {
            pR[p] = Ge - Gg;
            pS[p] = -Gg;
            pA[p] = Gz * (1 - z) * ia[j]!;
            pB[p] = -Gz * ia[j]!;
          } else {
            pR[p] = -Gg;
            pS[p] = Ge - Gg;
            pA[p] = -Gz * ib[j]!;
            pB[p] = Gz * (1 - z) * ib[j]!;
          }
        }
      }
    }
    if (want) {
      gAlpha += (d.totalWeight * r) / alpha;
      gs += d.totalWeight * lnBeta;
      gBeta += (d.totalWeight * s) / beta;
    }

    let start = 0;
    for (let run = 0; run < runEnd.length; run++) {
      const end = runEnd[run]!;
      const w = rowW[start]!;
      let prod = 1;
      let scale = 0;
      let sumLn = 0;
      let sumPow = 0;
      for (let i = start; i < end; i++) {
        const x = rowX[i]!;
        const a = r + s + x;
        const c = s / a;
        const pa = alphaBig ? r + x : r + x - 1;
        const pb = alphaBig ? s : s + 1;
        const jt = rowTx[i]!;
        const jT = rowT[i]!;
        const dA = la[jT]! - la[jt]!;
        const dB = lb[jT]! - lb[jt]!;
        const Q = Math.exp(-pa * dA - pb * dB);
        const W = alphaBig ? Q : (Q * ia[jT]!) / ib[jT]!;
        const p1 = rowP1[i]!;
        const p2 = rowP2[i]!;
        const G2 = pG[p2]!;
        const diffG = pG[p1]! - Q * G2;
        const S = W + c * diffG;
        sumPow += pa * la[jt]! + pb * lb[jt]!;
        if (S > FACTOR_MIN && S < FACTOR_MAX) {
          prod *= S;
          if (prod < TINY) {
            prod *= HUGE;
            scale -= 600;
          } else if (prod > HUGE) {
            prod *= TINY;
            scale += 600;
          }
        } else {
          sumLn += Math.log(S);
        }
        if (want) {
          const k = w / S;
          const QG2 = Q * G2;
          // ∂ln Q/∂α and ∂ln Q/∂β (∂ln Q/∂r = −dA, ∂ln Q/∂s = −dB).
          const qa = -pa * (ia[jT]! - ia[jt]!);
          const qb = -pb * (ib[jT]! - ib[jt]!);
          const wa = alphaBig ? qa : qa - ia[jT]!;
          const wb = alphaBig ? qb : qb + ib[jT]!;
          const dSr = -W * dA - (c / a) * diffG + c * (pR[p1]! + QG2 * dA - Q * pR[p2]!);
          const dSs = -W * dB + ((r + x) / (a * a)) * diffG + c * (pS[p1]! + QG2 * dB - Q * pS[p2]!);
          const dSa = W * wa + c * (pA[p1]! - QG2 * qa - Q * pA[p2]!);
          const dSb = W * wb + c * (pB[p1]! - QG2 * qb - Q * pB[p2]!);
          gr += k * dSr - w * la[jt]!;
          gs += k * dSs - w * lb[jt]!;
          gAlpha += k * dSa - w * pa * ia[jt]!;
          gBeta += k * dSb - w * pb * ib[jt]!;
        }
      }
      ll += w * (Math.log(prod) + scale * Math.LN2 + sumLn - sumPow);
      start = end;
    }
    if (grad !== undefined) {
      grad[0] = gr;
      grad[1] = gAlpha;
      grad[2] = gs;
      grad[3] = gBeta;
    }
    return ll;
  };
}

const bound = new WeakMap<RepeatData, ParetoNbdLikelihood>();

/** Total weighted Pareto/NBD log-likelihood at theta = [r, alpha, s, beta], with gradient. */
export function paretoNbdLogLikelihood(
  theta: ArrayLike<number>,
  d: RepeatData,
  grad: Float64Array | undefined,
): number {
  let f = bound.get(d);
  if (f === undefined) {
    f = paretoNbdLikelihood(d);
    bound.set(d, f);
  }
  return f(theta, grad);
}

/** W and S of the module comment for one customer: P(alive) = W / S. */
function aliveParts(p: ParetoNbdParams, x: number, tx: number, T: number): { W: number; S: number } {
  const { r, alpha, s, beta } = p;
  const alphaBig = alpha >= beta;
  const pa = alphaBig ? r + x : r + x - 1;
  const pb = alphaBig ? s : s + 1;
  const Q = Math.exp(-pa * Math.log((alpha + T) / (alpha + tx)) - pb * Math.log((beta + T) / (beta + tx)));
  const W = alphaBig ? Q : (Q * (beta + T)) / (alpha + T);
  const e = alphaBig ? r + x : s + 1;
  const g = r + s + x + 1;
  const M = alphaBig ? alpha : beta;
  const D = Math.abs(alpha - beta);
  const v: GValue = { g: 0, de: 0, mdg: 0, dz: 0 };
  gSeries(e, g, D / (M + tx), v);
  const G1 = v.g;
  gSeries(e, g, D / (M + T), v);
  return { W, S: W + (s / (r + s + x)) * (G1 - Q * v.g) };
}

/** P(alive | x, t_x, T) = W / S (module comment); 1 when t_x = T. NaN when a series fails. */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (!(tx < T)) return 1;
  const { W, S } = aliveParts(p, x, tx, T);
  return W / S;
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
