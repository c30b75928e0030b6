/**
 * BG/NBD (Fader, Hardie & Lee 2005) and Modified BG/NBD (Batislam, Denizel & Filiztekin 2007):
 * likelihood with analytic gradient, and the closed-form predictions. Internal: the public API is
 * fitBgNbd / fitModifiedBgNbd and the generic prediction functions.
 */
import { digamma, hyp2f1, lnGamma, trigamma } from '../math/index.js';
import type { RepeatData } from './prepareRepeatData.js';
import type { BgNbdParams } from './types.js';
import { FACTOR_MAX, FACTOR_MIN, HUGE, runsOfEqualWeight, TINY } from './weightRuns.js';

/**
 * A likelihood bound to one data set: the total weighted log-likelihood at theta, its gradient
 * written into `grad` when given, and its Hessian (row-major) into `hess` when given with `grad`.
 */
export type BoundLikelihood = (
  theta: ArrayLike<number>,
  grad: Float64Array | undefined,
  hess?: Float64Array,
) => number;

/**
 * Prepares the BG/NBD (or, with `modified`, MBG/NBD) log-likelihood of a data set, work arrays
 * allocated once, and returns it as a function of theta = [r, alpha, a, b].
 *
 * BG/NBD:  L = B(a, b+x)/B(a,b) · Γ(r+x)α^r/Γ(r) · [ (α+T)^-(r+x) + 1{x>0} a/(b+x-1) (α+t_x)^-(r+x) ]
 * MBG/NBD: L = B(a, b+x+1)/B(a,b) · Γ(r+x)α^r/Γ(r) · [ (α+T)^-(r+x) + a/(b+x) (α+t_x)^-(r+x) ]
 *
 * Per row the bracket is (α+t_x)^-(r+x) (Q + c_x) with Q = ((α+t_x)/(α+T))^(r+x) ≤ 1 and
 * c_x = a/(b+x-1) (a/(b+x) for MBG/NBD): one exp and one log. The gamma-function ratios depend on
 * a row only through x: Σ_{j<x} ln((r+j)(b'+j)/(a+b'+j)) with b' = b (b+1 for MBG/NBD), summed
 * along the distinct frequencies in increasing order when they are dense enough, else from lnGamma.
 * The Hessian is analytic too: per row, that of ln(Q + c_x) is the two terms' Hessians weighted by
 * their shares plus p_Q p_c (∇ln Q − ∇ln c)(∇ln Q − ∇ln c)ᵀ.
 */
export function bgNbdLikelihood(d: RepeatData, modified = false): BoundLikelihood {
  const shift = modified ? 1 : 0;
  const nx = d.xs.length;
  const nT = d.Ts.length;
  const ntx = d.txs.length;
  const lnT = new Float64Array(nT);
  const invT = new Float64Array(nT);
  const lnTx = new Float64Array(ntx);
  const invTx = new Float64Array(ntx);
  const cx = new Float64Array(nx);
  const icx = new Float64Array(nx);
  // Distinct frequencies in increasing order, and whether walking 0..max is cheaper than lnGamma.
  const xOrder = Int32Array.from(d.xs.keys()).sort((i, j) => d.xs[i]! - d.xs[j]!);
  const xMax = d.xs[xOrder[nx - 1]!]!;
  const walk = xMax <= 32 * nx + 64;
  // Rows that need the two-term bracket; for BG/NBD the x = 0 rows only add -r ln(α+T) per T.
  const zeroW = new Float64Array(nT);
  const keep: number[] = [];
  for (let i = 0; i < d.n; i++) {
    if (!modified && d.x[i] === 0) zeroW[d.Ti[i]!] = zeroW[d.Ti[i]!]! + d.w[i]!;
    else keep.push(i);
  }
  // Rows in runs of equal weight: Σ w ln S over a run is w · ln Π S (see weightRuns.ts).
  const { order, ends: runEnd } = runsOfEqualWeight(keep, d.w);
  const m = order.length;
  const rx = new Float64Array(m);
  const rw = new Float64Array(m);
  const rT = new Int32Array(m);
  const rTx = new Int32Array(m);
  const rX = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    rx[k] = d.x[i]!;
    rw[k] = d.w[i]!;
    rT[k] = d.Ti[i]!;
    rTx[k] = d.txi[i]!;
    rX[k] = d.xi[i]!;
  }

  return (theta, grad, hess) => {
    const r = theta[0]!;
    const alpha = theta[1]!;
    const a = theta[2]!;
    const b = theta[3]!;
    const want = grad !== undefined;
    const wantH = want && hess !== undefined;
    // Hessian entries (r, alpha, a, b) = (0, 1, 2, 3); the r-a and r-b entries of the x-only terms
    // are zero.
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
    const lnAlpha = Math.log(alpha);
    const b1 = b + shift;
    const ab1 = a + b1;
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    // Terms that depend only on x: Σ_{j<x} ln((r+j)(b1+j)/(ab1+j)) and its derivatives, plus
    // r ln α and, for MBG/NBD, ln b − ln(a+b) (from B(a, b+x+1)/B(a, b) at x = 0).
    const x0 = modified ? Math.log(b) - Math.log(a + b) : 0;
    if (walk) {
      let j = 0;
      let prod = 1;
      let lnAcc = 0;
      let sR = 0;
      let sB = 0;
      let sAb = 0;
      let qR = 0;
      let qB = 0;
      let qAb = 0;
      for (let o = 0; o < nx; o++) {
        const k = xOrder[o]!;
        const x = d.xs[k]!;
        for (; j < x; j++) {
          const u = r + j;
          const v = b1 + j;
          const t = ab1 + j;
          prod *= (u * v) / t;
          if (want) {
            const iu = 1 / u;
            const iv = 1 / v;
            const it = 1 / t;
            sR += iu;
            sB += iv;
            sAb += it;
            if (wantH) {
              qR += iu * iu;
              qB += iv * iv;
              qAb += it * it;
            }
          }
          if (prod > 1e200 || prod < 1e-200) {
            lnAcc += Math.log(prod);
            prod = 1;
          }
        }
        const w = d.xw[k]!;
        ll += w * (lnAcc + Math.log(prod));
        if (want) {
          gr += w * sR;
          ga -= w * sAb;
          gb += w * (sB - sAb);
        }
        if (wantH) {
          h00 -= w * qR;
          h22 += w * qAb;
          h23 += w * qAb;
          h33 += w * (qAb - qB);
        }
      }
    } else {
      const lgR = lnGamma(r);
      const lgB1 = lnGamma(b1);
      const lgAb1 = lnGamma(ab1);
      const psR = want ? digamma(r) : 0;
      const psB1 = want ? digamma(b1) : 0;
      const psAb1 = want ? digamma(ab1) : 0;
      const tgR = wantH ? trigamma(r) : 0;
      const tgB1 = wantH ? trigamma(b1) : 0;
      const tgAb1 = wantH ? trigamma(ab1) : 0;
      for (let k = 0; k < nx; k++) {
        const x = d.xs[k]!;
        const w = d.xw[k]!;
        ll += w * (lnGamma(r + x) - lgR + lnGamma(b1 + x) - lgB1 - lnGamma(ab1 + x) + lgAb1);
        if (want) {
          const psAbx = digamma(ab1 + x) - psAb1;
          gr += w * (digamma(r + x) - psR);
          ga -= w * psAbx;
          gb += w * (digamma(b1 + x) - psB1 - psAbx);
        }
        if (wantH) {
          const tgAbx = trigamma(ab1 + x) - tgAb1;
          h00 += w * (trigamma(r + x) - tgR);
          h22 -= w * tgAbx;
          h23 -= w * tgAbx;
          h33 += w * (trigamma(b1 + x) - tgB1 - tgAbx);
        }
      }
    }
    const W = d.totalWeight;
    ll += W * (r * lnAlpha + x0);
    if (want) {
      gr += W * lnAlpha;
      gAlpha += (W * r) / alpha;
      if (modified) {
        ga -= W / (a + b);
        gb += W * (1 / b - 1 / (a + b));
      }
    }
    if (wantH) {
      h01 += W / alpha;
      h11 -= (W * r) / (alpha * alpha);
      if (modified) {
        const q = W / ((a + b) * (a + b));
        h22 += q;
        h23 += q;
        h33 += q - W / (b * b);
      }
    }
    for (let k = 0; k < nT; k++) {
      const v = alpha + d.Ts[k]!;
      lnT[k] = Math.log(v);
      invT[k] = 1 / v;
    }
    for (let k = 0; k < ntx; k++) {
      const v = alpha + d.txs[k]!;
      lnTx[k] = Math.log(v);
      invTx[k] = 1 / v;
    }
    for (let k = 0; k < nx; k++) {
      const v = 1 / (b + d.xs[k]! - 1 + shift);
      icx[k] = v;
      cx[k] = a * v;
    }
    if (!modified) {
      for (let k = 0; k < nT; k++) {
        const w = zeroW[k]!;
        if (w === 0) continue;
        ll -= w * r * lnT[k]!;
        if (want) {
          gr -= w * lnT[k]!;
          gAlpha -= w * r * invT[k]!;
        }
        if (wantH) {
          h01 -= w * invT[k]!;
          h11 += w * r * invT[k]! * invT[k]!;
        }
      }
    }
    let start = 0;
    for (let run = 0; run < runEnd.length; run++) {
      const end = runEnd[run]!;
      const w = rw[start]!;
      // Π S kept in [2^-600, 2^600] by exact power-of-two rescaling: one log per run.
      let prod = 1;
      let scale = 0;
      let sumLn = 0;
      let sumRxLtx = 0;
      for (let i = start; i < end; i++) {
        const rxi = r + rx[i]!;
        const kT = rT[i]!;
        const kx = rTx[i]!;
        const kb = rX[i]!;
        const ltx = lnTx[kx]!;
        const dl = lnT[kT]! - ltx;
        const Q = Math.exp(-rxi * dl);
        const S = Q + cx[kb]!;
        sumRxLtx += rxi * ltx;
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
          const pQ = Q / S;
          const p4 = 1 - pQ;
          gr -= w * (ltx + pQ * dl);
          gAlpha -= w * rxi * (invTx[kx]! + pQ * (invT[kT]! - invTx[kx]!));
          ga += (w * p4) / a;
          gb -= w * p4 * icx[kb]!;
          if (wantH) {
            // ∇ln Q = (−dl, qa, 0, 0), ∇ln c = (0, 0, 1/a, −1/(b+x−1)); k·(∇ln Q − ∇ln c)(…)ᵀ.
            const iT = invT[kT]!;
            const itx = invTx[kx]!;
            const ic = icx[kb]!;
            const qa = -rxi * (iT - itx);
            const ia = 1 / a;
            const k = w * pQ * p4;
            h00 += k * dl * dl;
            h01 -= k * dl * qa + w * (pQ * (iT - itx) + itx);
            h02 += k * dl * ia;
            h03 -= k * dl * ic;
            h11 += k * qa * qa + w * rxi * (pQ * (iT * iT - itx * itx) + itx * itx);
            h12 -= k * qa * ia;
            h13 += k * qa * ic;
            h22 += (k - w * p4) * ia * ia;
            h23 -= k * ia * ic;
            h33 += (k + w * p4) * ic * ic;
          }
        }
      }
      ll += w * (Math.log(prod) + scale * Math.LN2 + sumLn - sumRxLtx);
      start = end;
    }
    if (grad !== undefined) {
      grad[0] = gr;
      grad[1] = gAlpha;
      grad[2] = ga;
      grad[3] = gb;
    }
    if (wantH) {
      hess.set([h00, h01, h02, h03, h01, h11, h12, h13, h02, h12, h22, h23, h03, h13, h23, h33]);
    }
    return ll;
  };
}

const bound = [new WeakMap<RepeatData, BoundLikelihood>(), new WeakMap<RepeatData, BoundLikelihood>()];

/**
 * Total weighted log-likelihood of BG/NBD (or, with `modified`, MBG/NBD) at theta = [r, alpha, a, b],
 * writing the gradient into `grad` when given (see {@link bgNbdLikelihood}).
 */
export function bgNbdLogLikelihood(
  theta: ArrayLike<number>,
  d: RepeatData,
  grad: Float64Array | undefined,
  modified = false,
  hess?: Float64Array,
): number {
  const cache = bound[modified ? 1 : 0]!;
  let f = cache.get(d);
  if (f === undefined) {
    f = bgNbdLikelihood(d, modified);
    cache.set(d, f);
  }
  return f(theta, grad, hess);
}

/** ln P(X(t) = n) of the NBD part: Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n. */
export function lnNbd(n: number, r: number, alpha: number, t: number): number {
  if (t === 0) return n === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const l = Math.log(alpha + t);
  return lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + r * (Math.log(alpha) - l) + n * (Math.log(t) - l);
}

/** P(alive | x, t_x, T). */
export function bgNbdProbabilityAlive(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  modified: boolean,
): number {
  if (x === 0 && !modified) return 1;
  const bx = modified ? p.b + x : p.b + x - 1;
  const lnRatio = Math.log(p.a) - Math.log(bx) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(lnRatio));
}

/** E[X(t)] for a new customer. */
export function bgNbdExpectedUnconditional(p: BgNbdParams, t: number, modified: boolean): number {
  if (t === 0) return 0;
  const f = (a: number): number => {
    const z = t / (p.alpha + t);
    const pow = (p.alpha / (p.alpha + t)) ** p.r;
    return modified
      ? (p.b / (a - 1)) * (1 - hyp2f1(p.r, p.b + 1, a + p.b, z) * pow)
      : ((a + p.b - 1) / (a - 1)) * (1 - hyp2f1(p.r, p.b, a + p.b - 1, z) * pow);
  };
  return nearOne(p.a, f);
}

/** E[X(T, T+t) | x, t_x, T]. */
export function bgNbdExpectedConditional(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
  modified: boolean,
): number {
  if (t === 0) return 0;
  const { r, alpha, b } = p;
  const z = t / (alpha + T + t);
  const lnPow = (r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t));
  const f = (a: number): number => {
    const hyp = modified ? hyp2f1(r + x, b + x + 1, a + b + x, z) : hyp2f1(r + x, b + x, a + b + x - 1, z);
    const first = modified ? (a + b + x) / (a - 1) : (a + b + x - 1) / (a - 1);
    return first * -Math.expm1(Math.log(hyp) + lnPow);
  };
  return nearOne(p.a, f) * bgNbdProbabilityAlive(p, x, tx, T, modified);
}

/** P(X(t) = n) for a new customer (Fader, Hardie & Lee 2005, eq. 8; Batislam et al. 2007). */
export function bgNbdProbabilityOfPurchases(p: BgNbdParams, n: number, t: number, modified: boolean): number {
  const { r, alpha, a, b } = p;
  const lnB = lnBeta(a, b);
  const shift = modified ? 1 : 0;
  const first = Math.exp(lnBeta(a, b + n + shift) - lnB + lnNbd(n, r, alpha, t));
  if (n === 0 && !modified) return first;
  // P(N(t) >= n) for the NBD, as 1 - Σ_{j<n} P(N(t) = j).
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(lnNbd(j, r, alpha, t));
  const tail = Math.max(0, 1 - below);
  return first + Math.exp(lnBeta(a + 1, b + n - 1 + shift) - lnB) * tail;
}

export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** Formulas with a removable singularity at a = 1: evaluate beside it and average. */
function nearOne(a: number, f: (a: number) => number): number {
  if (Math.abs(a - 1) > 1e-7) return f(a);
  return (f(1 - 1e-5) + f(1 + 1e-5)) / 2;
}
