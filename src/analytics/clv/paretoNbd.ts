/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): likelihood with analytic gradient and Hessian,
 * and the predictions. Internal: the public API is fitParetoNbd and the generic prediction functions.
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
 * coefficients (e)_k/(g)_k computed once per distinct x and evaluation. The series needs about
 * ln(ε)/ln(z) terms: few at the CDNOW optimum (z < 0.1), thousands where α and β are two orders of
 * magnitude apart (z ≈ 0.99), which is what makes such evaluations slow.
 */
import { digamma, HYP2F1_MAX_TERMS, lnGamma, trigamma } from '../math/index.js';
import { lnNbd } from './bgNbd.js';
import type { RepeatData } from './prepareRepeatData.js';
import type { ParetoNbdParams } from './types.js';
import { FACTOR_MAX, FACTOR_MIN, HUGE, runsOfEqualWeight, TINY } from './weightRuns.js';

/** Relative accuracy of the G series (unit roundoff of a double). */
const EPS = 2 ** -53;
/** Most coefficients kept per distinct frequency; points that need more are summed directly. */
const MAX_CACHED_TERMS = 1 << 15;
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
 * G(z) = ₂F₁(1, e; g; z) with its first and second partial derivatives, summed term by term:
 * `out` = [G, G_e, G_g, G_z, G_ee, G_eg, G_gg, G_ez, G_gz, G_zz]. With H_k = Σ_{j<k} 1/(e+j) and
 * H2_k = Σ_{j<k} 1/(e+j)² (likewise for g), u_k = (e)_k/(g)_k has ∂u/∂e = u H^e,
 * ∂²u/∂e² = u ((H^e)² − H2^e), ∂²u/∂g² = u ((H^g)² + H2^g), ∂²u/∂e∂g = −u H^e H^g. The tail bound
 * is that of {@link gSeries} with the polynomial factor squared and one more 1/(1−z). NaN after
 * {@link HYP2F1_MAX_TERMS} terms.
 */
export function gSeries2(e: number, g: number, z: number, out: Float64Array): void {
  if (!(z >= 0 && z < 1 && e > 0 && g > e)) {
    out.fill(Number.NaN);
    return;
  }
  const thr = EPS * (1 - z) * (1 - z) * (1 - z);
  let u = 1;
  let he = 0;
  let hg = 0;
  let h2e = 0;
  let h2g = 0;
  let zk = 1; // z^(k-1), then z^k
  let zkm = 0; // z^(k-2) (its coefficient is 0 at k = 1)
  let G = 1;
  let Ge = 0;
  let Gg = 0;
  let Gz = 0;
  let Gee = 0;
  let Geg = 0;
  let Ggg = 0;
  let Gez = 0;
  let Ggz = 0;
  let Gzz = 0;
  for (let k = 1; k < HYP2F1_MAX_TERMS; k++) {
    const ie = 1 / (e + k - 1);
    const ig = 1 / (g + k - 1);
    he += ie;
    hg += ig;
    h2e += ie * ie;
    h2g += ig * ig;
    u *= (e + k - 1) * ig;
    const ku = k * u;
    Gz += ku * zk;
    Gez += ku * he * zk;
    Ggz -= ku * hg * zk;
    Gzz += (k - 1) * ku * zkm;
    zkm = zk;
    zk *= z;
    const t = u * zk;
    G += t;
    Ge += t * he;
    Gg -= t * hg;
    Gee += t * (he * he - h2e);
    Ggg += t * (hg * hg + h2g);
    Geg -= t * he * hg;
    const f = k + 2 + he + hg;
    if (t * f * f <= thr) {
      out.set([G, Ge, Gg, Gz, Gee, Geg, Ggg, Gez, Ggz, Gzz]);
      return;
    }
  }
  out.fill(Number.NaN);
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

/**
 * A likelihood function bound to one data set: theta = [r, alpha, s, beta]; the gradient is written
 * into `grad` when given, and the Hessian (row-major 4×4) into `hess` when given with `grad`.
 */
export type ParetoNbdLikelihood = (
  theta: ArrayLike<number>,
  grad: Float64Array | undefined,
  hess?: Float64Array,
) => number;

/**
 * Prepares the Pareto/NBD log-likelihood of a data set (layout and work arrays built once) and
 * returns it: the total weighted log-likelihood at theta = [r, alpha, s, beta], writing its
 * gradient into `grad` when given, and its Hessian into `hess` (see {@link hessianPath}).
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
  const withHessian = hessianPath(d, L, { rowX, rowW, rowP1, rowP2, rowTx, rowT }, { la, lb, ia, ib, zt });

  return (theta, grad, hess) => {
    if (grad !== undefined && hess !== undefined) return withHessian(theta, grad, hess);
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

/** Row columns of {@link paretoNbdLikelihood}, in run order. */
interface RowColumns {
  readonly rowX: Float64Array;
  readonly rowW: Float64Array;
  readonly rowP1: Int32Array;
  readonly rowP2: Int32Array;
  readonly rowTx: Int32Array;
  readonly rowT: Int32Array;
}

/** Per-time work arrays of {@link paretoNbdLikelihood}: ln, 1/ of α+t and β+t, and z. */
interface TimeColumns {
  readonly la: Float64Array;
  readonly lb: Float64Array;
  readonly ia: Float64Array;
  readonly ib: Float64Array;
  readonly zt: Float64Array;
}

/** Coefficients stored per term for second derivatives (see {@link gSeries2}). */
const STRIDE2 = 11;
/** Values stored per point by the Hessian path. */
const PT = 16;

/**
 * The log-likelihood with its gradient and Hessian, for Newton's method: the same quantities as the
 * gradient-only path, differentiated once more. Per point, the Hessian of G in θ = (r, α, s, β)
 * follows from G's derivatives in (e, g, z) by the chain rule (e and g are linear in r and s, z
 * depends on α and β only); per row, with D = G(z_x) − Q G(z_T) and S = W + c D,
 *   ∇²D = ∇²G₁ − Q [G₂ (∇ln Q ∇ln Qᵀ + ∇²ln Q) + ∇ln Q ∇G₂ᵀ + ∇G₂ ∇ln Qᵀ + ∇²G₂],
 *   ∇²S = W (∇ln W ∇ln Wᵀ + ∇²ln W) + D ∇²c + ∇c ∇Dᵀ + ∇D ∇cᵀ + c ∇²D,
 *   ∇²ℓ = ∇²S/S − ∇S ∇Sᵀ/S² − ∇²(pa ln(α+t_x) + pb ln(β+t_x)).
 */
function hessianPath(
  d: RepeatData,
  L: ParetoLayout,
  rows: RowColumns,
  tc: TimeColumns,
): (theta: ArrayLike<number>, grad: Float64Array, hess: Float64Array) => number {
  const np = L.pointT.length;
  const nt = L.times.length;
  // Per point: G, its gradient in θ = (r, α, s, β) at 1..4, and its Hessian's upper triangle at
  // 5..14 in the order rr, rα, rs, rβ, αα, αs, αβ, ss, sβ, ββ.
  const pt = new Float64Array(np * PT);
  let coef = new Float64Array(STRIDE2 * 64);
  const direct = new Float64Array(10);
  const { la, lb, ia, ib, zt } = tc;
  const { rowX, rowW, rowP1, rowP2, rowTx, rowT } = rows;

  return (theta, grad, hess) => {
    const r = theta[0]!;
    const alpha = theta[1]!;
    const s = theta[2]!;
    const beta = theta[3]!;
    if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Number.isFinite(r + alpha + s + beta)) {
      return Number.NaN;
    }
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
    const psR = digamma(r);
    const tgR = trigamma(r);
    let ll = 0;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    let h00 = 0;
    let h01 = 0;
    let h02 = 0;
    let h03 = 0;
    let h11 = 0;
    let h12 = 0;
    let h13 = 0;
    let h22 = 0;
    let h23 = 0;
    let h33 = 0;
    // ∂e/∂r and ∂e/∂s: e = r+x when α ≥ β, s+1 otherwise; g = r+s+x+1.
    const er = alphaBig ? 1 : 0;
    const es = 1 - er;
    for (let k = 0; k < d.xs.length; k++) {
      const x = d.xs[k]!;
      const w = d.xw[k]!;
      ll += w * (lnGamma(r + x) - lgR + r * lnAlpha + s * lnBeta);
      g0 += w * (digamma(r + x) - psR + lnAlpha);
      h00 += w * (trigamma(r + x) - tgR);

      const e = alphaBig ? r + x : s + 1;
      const g = r + s + x + 1;
      const zMax = D / ((alphaBig ? alpha : beta) + xMinTime[k]!);
      const thrMax = EPS * (1 - zMax) * (1 - zMax);
      let u = 1;
      let he = 0;
      let hg = 0;
      let h2e = 0;
      let h2g = 0;
      let zk = 1;
      let n = 1;
      while (n < MAX_CACHED_TERMS) {
        const ie = 1 / (e + n - 1);
        const ig = 1 / (g + n - 1);
        he += ie;
        hg += ig;
        h2e += ie * ie;
        h2g += ig * ig;
        u *= (e + n - 1) * ig;
        const bf = u * (n + 2 + he + hg);
        if (STRIDE2 * (n + 1) > coef.length) {
          const bigger = new Float64Array(coef.length * 2);
          bigger.set(coef);
          coef = bigger;
        }
        const o = STRIDE2 * n;
        coef[o] = u;
        coef[o + 1] = u * he;
        coef[o + 2] = u * hg;
        coef[o + 3] = n * u;
        coef[o + 4] = bf;
        coef[o + 5] = u * (he * he - h2e);
        coef[o + 6] = u * (hg * hg + h2g);
        coef[o + 7] = u * he * hg;
        coef[o + 8] = n * (n - 1) * u;
        coef[o + 9] = n * u * he;
        coef[o + 10] = n * u * hg;
        n++;
        zk *= zMax;
        if (bf * zk <= thrMax) break;
      }
      const complete = n < MAX_CACHED_TERMS;
      for (let p = xStart[k]!; p < xStart[k + 1]!; p++) {
        const j = pointT[p]!;
        const z = zt[j]!;
        // The stopping rule of the gradient path: the second-order sums, whose tails are about
        // (k + 2 + H)/(1 − z) times larger, still come out to about 1e-13.
        const thr = EPS * (1 - z) * (1 - z);
        let G = 1;
        let Ge = 0;
        let Gg = 0;
        let Gz = 0;
        let Gee = 0;
        let Geg = 0;
        let Ggg = 0;
        let Gez = 0;
        let Ggz = 0;
        let Gzz = 0;
        let zp = 1;
        let zpm = 0;
        let done = false;
        for (let m = 1; m < n; m++) {
          const o = STRIDE2 * m;
          Gz += coef[o + 3]! * zp;
          Gez += coef[o + 9]! * zp;
          Ggz -= coef[o + 10]! * zp;
          Gzz += coef[o + 8]! * zpm;
          zpm = zp;
          zp *= z;
          G += coef[o]! * zp;
          Ge += coef[o + 1]! * zp;
          Gg -= coef[o + 2]! * zp;
          Gee += coef[o + 5]! * zp;
          Ggg += coef[o + 6]! * zp;
          Geg -= coef[o + 7]! * zp;
          if (coef[o + 4]! * zp <= thr) {
            done = true;
            break;
          }
        }
        if (!done && !complete) {
          gSeries2(e, g, z, direct);
          G = direct[0]!;
          Ge = direct[1]!;
          Gg = direct[2]!;
          Gz = direct[3]!;
          Gee = direct[4]!;
          Geg = direct[5]!;
          Ggg = direct[6]!;
          Gez = direct[7]!;
          Ggz = direct[8]!;
          Gzz = direct[9]!;
        }
        // z = (M − m)/(M + t), M = max(α, β): its derivatives in α and β.
        let za: number;
        let zb: number;
        let zaa: number;
        let zbb: number;
        if (alphaBig) {
          const i1 = ia[j]!;
          za = (1 - z) * i1;
          zb = -i1;
          zaa = -2 * za * i1;
          zbb = 0;
        } else {
          const i1 = ib[j]!;
          za = -i1;
          zb = (1 - z) * i1;
          zaa = 0;
          zbb = -2 * zb * i1;
        }
        const zab = alphaBig ? ia[j]! * ia[j]! : ib[j]! * ib[j]!;
        const Gzr = Gez * er + Ggz;
        const Gzs = Gez * es + Ggz;
        const o = p * PT;
        pt[o] = G;
        pt[o + 1] = Ge * er + Gg;
        pt[o + 2] = Gz * za;
        pt[o + 3] = Ge * es + Gg;
        pt[o + 4] = Gz * zb;
        pt[o + 5] = (Gee + 2 * Geg) * er + Ggg;
        pt[o + 6] = Gzr * za;
        pt[o + 7] = Geg + Ggg;
        pt[o + 8] = Gzr * zb;
        pt[o + 9] = Gzz * za * za + Gz * zaa;
        pt[o + 10] = Gzs * za;
        pt[o + 11] = Gzz * za * zb + Gz * zab;
        pt[o + 12] = (Gee + 2 * Geg) * es + Ggg;
        pt[o + 13] = Gzs * zb;
        pt[o + 14] = Gzz * zb * zb + Gz * zbb;
      }
    }
    const W0 = d.totalWeight;
    g1 += (W0 * r) / alpha;
    g2 += W0 * lnBeta;
    g3 += (W0 * s) / beta;
    h01 += W0 / alpha;
    h11 -= (W0 * r) / (alpha * alpha);
    h23 += W0 / beta;
    h33 -= (W0 * s) / (beta * beta);

    for (let i = 0; i < rowX.length; i++) {
      const x = rowX[i]!;
      const w = rowW[i]!;
      const a = r + s + x;
      const c = s / a;
      const pa = alphaBig ? r + x : r + x - 1;
      const pb = alphaBig ? s : s + 1;
      const jt = rowTx[i]!;
      const jT = rowT[i]!;
      const dA = la[jT]! - la[jt]!;
      const dB = lb[jT]! - lb[jt]!;
      const Q = Math.exp(-pa * dA - pb * dB);
      const iaT = ia[jT]!;
      const ibT = ib[jT]!;
      const iat = ia[jt]!;
      const ibt = ib[jt]!;
      const W = alphaBig ? Q : (Q * iaT) / ibT;
      const o1 = rowP1[i]! * PT;
      const o2 = rowP2[i]! * PT;
      const G2 = pt[o2]!;
      const Dg = pt[o1]! - Q * G2;
      const S = W + c * Dg;
      ll += w * (Math.log(S) - pa * la[jt]! - pb * lb[jt]!);
      // ∇ln Q = q, its Hessian's nonzero entries q01, q11, q23, q33; ln W adds ln((β+T)/(α+T)) when
      // α < β (w1, w3, w11, w33); c = s/a with a = r+s+x: gradient (c0, 0, c2, 0), Hessian c00, c02, c22.
      const diA = iaT - iat;
      const diB = ibT - ibt;
      const q0 = -dA;
      const q1 = -pa * diA;
      const q2 = -dB;
      const q3 = -pb * diB;
      const q01 = -diA;
      const q11 = pa * (iaT * iaT - iat * iat);
      const q23 = -diB;
      const q33 = pb * (ibT * ibT - ibt * ibt);
      const w1 = alphaBig ? q1 : q1 - iaT;
      const w3 = alphaBig ? q3 : q3 + ibT;
      const w11 = alphaBig ? q11 : q11 + iaT * iaT;
      const w33 = alphaBig ? q33 : q33 - ibT * ibT;
      const a2 = a * a;
      const a3 = a2 * a;
      const c0 = -s / a2;
      const c2 = (r + x) / a2;
      const c00 = (2 * s) / a3;
      const c02 = -1 / a2 + (2 * s) / a3;
      const c22 = (-2 * (r + x)) / a3;
      const b0 = pt[o2 + 1]!;
      const b1 = pt[o2 + 2]!;
      const b2 = pt[o2 + 3]!;
      const b3 = pt[o2 + 4]!;
      // ∇D and ∇S.
      const d0 = pt[o1 + 1]! - Q * (G2 * q0 + b0);
      const d1 = pt[o1 + 2]! - Q * (G2 * q1 + b1);
      const d2 = pt[o1 + 3]! - Q * (G2 * q2 + b2);
      const d3 = pt[o1 + 4]! - Q * (G2 * q3 + b3);
      const e0 = W * q0 + c0 * Dg + c * d0;
      const e1 = W * w1 + c * d1;
      const e2 = W * q2 + c2 * Dg + c * d2;
      const e3 = W * w3 + c * d3;
      const iS = 1 / S;
      const iS2 = iS * iS;
      g0 += w * (e0 * iS - la[jt]!);
      g1 += w * (e1 * iS - pa * iat);
      g2 += w * (e2 * iS - lb[jt]!);
      g3 += w * (e3 * iS - pb * ibt);
      h00 +=
        w *
        ((W * (q0 * q0) +
          c00 * Dg +
          c0 * d0 +
          d0 * c0 +
          c * (pt[o1 + 5]! - Q * (G2 * (q0 * q0) + q0 * b0 + b0 * q0 + pt[o2 + 5]!))) *
          iS -
          e0 * e0 * iS2);
      h01 +=
        w *
        ((W * (q0 * w1 + q01) +
          c0 * d1 +
          c * (pt[o1 + 6]! - Q * (G2 * (q0 * q1 + q01) + q0 * b1 + b0 * q1 + pt[o2 + 6]!))) *
          iS -
          e0 * e1 * iS2);
      h02 +=
        w *
        ((W * (q0 * q2) +
          c02 * Dg +
          c0 * d2 +
          d0 * c2 +
          c * (pt[o1 + 7]! - Q * (G2 * (q0 * q2) + q0 * b2 + b0 * q2 + pt[o2 + 7]!))) *
          iS -
          e0 * e2 * iS2);
      h03 +=
        w *
        ((W * (q0 * w3) +
          c0 * d3 +
          c * (pt[o1 + 8]! - Q * (G2 * (q0 * q3) + q0 * b3 + b0 * q3 + pt[o2 + 8]!))) *
          iS -
          e0 * e3 * iS2);
      h11 +=
        w *
        ((W * (w1 * w1 + w11) +
          c * (pt[o1 + 9]! - Q * (G2 * (q1 * q1 + q11) + q1 * b1 + b1 * q1 + pt[o2 + 9]!))) *
          iS -
          e1 * e1 * iS2);
      h12 +=
        w *
        ((W * (w1 * q2) +
          d1 * c2 +
          c * (pt[o1 + 10]! - Q * (G2 * (q1 * q2) + q1 * b2 + b1 * q2 + pt[o2 + 10]!))) *
          iS -
          e1 * e2 * iS2);
      h13 +=
        w *
        ((W * (w1 * w3) + c * (pt[o1 + 11]! - Q * (G2 * (q1 * q3) + q1 * b3 + b1 * q3 + pt[o2 + 11]!))) * iS -
          e1 * e3 * iS2);
      h22 +=
        w *
        ((W * (q2 * q2) +
          c22 * Dg +
          c2 * d2 +
          d2 * c2 +
          c * (pt[o1 + 12]! - Q * (G2 * (q2 * q2) + q2 * b2 + b2 * q2 + pt[o2 + 12]!))) *
          iS -
          e2 * e2 * iS2);
      h23 +=
        w *
        ((W * (q2 * w3 + q23) +
          c2 * d3 +
          c * (pt[o1 + 13]! - Q * (G2 * (q2 * q3 + q23) + q2 * b3 + b2 * q3 + pt[o2 + 13]!))) *
          iS -
          e2 * e3 * iS2);
      h33 +=
        w *
        ((W * (w3 * w3 + w33) +
          c * (pt[o1 + 14]! - Q * (G2 * (q3 * q3 + q33) + q3 * b3 + b3 * q3 + pt[o2 + 14]!))) *
          iS -
          e3 * e3 * iS2);

      // −∇²(pa ln(α+t_x) + pb ln(β+t_x)).
      h01 -= w * iat;
      h11 += w * pa * iat * iat;
      h23 -= w * ibt;
      h33 += w * pb * ibt * ibt;
    }
    grad[0] = g0;
    grad[1] = g1;
    grad[2] = g2;
    grad[3] = g3;
    hess.set([h00, h01, h02, h03, h01, h11, h12, h13, h02, h12, h22, h23, h03, h13, h23, h33]);
    return ll;
  };
}

const bound = new WeakMap<RepeatData, ParetoNbdLikelihood>();

/** Total weighted Pareto/NBD log-likelihood at theta = [r, alpha, s, beta], with gradient. */
export function paretoNbdLogLikelihood(
  theta: ArrayLike<number>,
  d: RepeatData,
  grad: Float64Array | undefined,
  hess?: Float64Array,
): number {
  let f = bound.get(d);
  if (f === undefined) {
    f = paretoNbdLikelihood(d);
    bound.set(d, f);
  }
  return f(theta, grad, hess);
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
