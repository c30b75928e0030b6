/**
 * BG/NBD (Fader, Hardie & Lee 2005) and Modified BG/NBD (Batislam, Denizel & Filiztekin 2007):
 * likelihood with analytic gradient, and the closed-form predictions. Internal: the public API is
 * fitBgNbd / fitModifiedBgNbd and the generic prediction functions.
 */
import { digamma, hyp2f1, lnGamma } from '../math/index.js';
import type { RepeatData } from './prepareRepeatData.js';
import type { BgNbdParams } from './types.js';

/**
 * Total weighted log-likelihood of BG/NBD (or, with `modified`, MBG/NBD) at theta = [r, alpha, a, b].
 * Writes the gradient with respect to theta into `grad` when given.
 *
 * BG/NBD:  L = B(a, b+x)/B(a,b) · Γ(r+x)α^r/Γ(r) · [ (α+T)^-(r+x) + 1{x>0} a/(b+x-1) (α+t_x)^-(r+x) ]
 * MBG/NBD: L = B(a, b+x+1)/B(a,b) · Γ(r+x)α^r/Γ(r) · [ (α+T)^-(r+x) + a/(b+x) (α+t_x)^-(r+x) ]
 */
export function bgNbdLogLikelihood(
  theta: ArrayLike<number>,
  d: RepeatData,
  grad: Float64Array | undefined,
  modified = false,
): number {
  const r = theta[0]!;
  const alpha = theta[1]!;
  const a = theta[2]!;
  const b = theta[3]!;
  const shift = modified ? 1 : 0;
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const lgR = lnGamma(r);
  const lgAb = lnGamma(a + b);
  const lgB = lnGamma(b);
  const want = grad !== undefined;
  const psR = want ? digamma(r) : 0;
  const psAb = want ? digamma(a + b) : 0;
  const psB = want ? digamma(b) : 0;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  // Terms that depend only on the frequency, once per distinct frequency.
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k]!;
    const w = d.xw[k]!;
    ll +=
      w *
      (lnGamma(r + x) - lgR + r * lnAlpha + lgAb + lnGamma(b + x + shift) - lgB - lnGamma(a + b + x + shift));
    if (want) {
      const psAbx = digamma(a + b + x + shift);
      gr += w * (digamma(r + x) - psR + lnAlpha);
      ga += w * (psAb - psAbx);
      gb += w * (psAb + digamma(b + x + shift) - psB - psAbx);
    }
  }
  if (want) gAlpha += (d.totalWeight * r) / alpha;
  // Logs of the distinct ages, recencies and b + x - 1, once per evaluation.
  const lnT = new Float64Array(d.Ts.length);
  const invT = new Float64Array(d.Ts.length);
  for (let k = 0; k < d.Ts.length; k++) {
    const v = alpha + d.Ts[k]!;
    lnT[k] = Math.log(v);
    invT[k] = 1 / v;
  }
  const lnTx = new Float64Array(d.txs.length);
  const invTx = new Float64Array(d.txs.length);
  for (let k = 0; k < d.txs.length; k++) {
    const v = alpha + d.txs[k]!;
    lnTx[k] = Math.log(v);
    invTx[k] = 1 / v;
  }
  const lnBx = new Float64Array(d.xs.length);
  const invBx = new Float64Array(d.xs.length);
  for (let k = 0; k < d.xs.length; k++) {
    const v = b + d.xs[k]! - 1 + shift;
    lnBx[k] = Math.log(v);
    invBx[k] = 1 / v;
  }
  const { n, x: X, w: W, xi: XI, txi: TXI, Ti: TI } = d;
  for (let i = 0; i < n; i++) {
    const x = X[i]!;
    const w = W[i]!;
    const rx = r + x;
    const kT = TI[i]!;
    const lT = lnT[kT]!;
    const A3 = -rx * lT;
    if (x === 0 && !modified) {
      ll += w * A3;
      if (want) {
        gr -= w * lT;
        gAlpha -= w * rx * invT[kT]!;
      }
      continue;
    }
    const kx = TXI[i]!;
    const ltx = lnTx[kx]!;
    const kb = XI[i]!;
    const A4 = lnA - lnBx[kb]! - rx * ltx;
    const diff = A4 - A3;
    const e = Math.exp(-Math.abs(diff));
    ll += w * ((diff > 0 ? A4 : A3) + Math.log1p(e));
    if (want) {
      const big = 1 / (1 + e);
      const p4 = diff > 0 ? big : e * big;
      const p3 = 1 - p4;
      gr -= w * (p3 * lT + p4 * ltx);
      gAlpha -= w * rx * (p3 * invT[kT]! + p4 * invTx[kx]!);
      ga += (w * p4) / a;
      gb -= w * p4 * invBx[kb]!;
    }
  }
  if (grad !== undefined) {
    grad[0] = gr;
    grad[1] = gAlpha;
    grad[2] = ga;
    grad[3] = gb;
  }
  return ll;
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
