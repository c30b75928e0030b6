import { describe, expect, test } from 'vitest';
import { lnGamma } from '../math/index.js';
import { bgNbdLogLikelihood } from './bgNbd.js';
import { fitBgNbd } from './fitBgNbd.js';
import { gammaGammaLogLikelihood, prepareSpendData } from './fitGammaGamma.js';
import { fitParetoNbd } from './fitParetoNbd.js';
import { gSeries, gSeries2, paretoNbdLogLikelihood } from './paretoNbd.js';
import { prepareRepeatData } from './prepareRepeatData.js';

// A small data set with a wide spread: many repeats, long T, equal recency and T, no repeats.
const rows = [
  { frequency: 0, recency: 0, T: 40, count: 5 },
  { frequency: 0, recency: 0, T: 2 },
  { frequency: 1, recency: 3, T: 40 },
  { frequency: 3, recency: 30, T: 38.5, count: 2 },
  { frequency: 12, recency: 36, T: 39 },
  { frequency: 200, recency: 500, T: 520 },
  { frequency: 4, recency: 10, T: 10 },
  { frequency: 2, recency: 0.5, T: 1000 },
];
const data = prepareRepeatData(rows, 'test');
// The same rows plus one frequent buyer: the frequencies are then too sparse to walk 0..max, and the
// x-only terms come from lnGamma instead.
const sparseRows = [...rows, { frequency: 5000, recency: 990, T: 1000 }];
const sparse = prepareRepeatData(sparseRows, 'test');

function checkGradient(ll: (t: Float64Array, g: Float64Array | undefined) => number, at: number[]): void {
  const g = new Float64Array(at.length);
  ll(Float64Array.from(at), g);
  for (let i = 0; i < at.length; i++) {
    const h = 1e-6 * at[i]!;
    const up = Float64Array.from(at);
    const down = Float64Array.from(at);
    up[i] = at[i]! + h;
    down[i] = at[i]! - h;
    const fd = (ll(up, undefined) - ll(down, undefined)) / (2 * h);
    expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
  }
}

describe('analytic gradients agree with finite differences', () => {
  const points = [
    [0.243, 4.414, 0.793, 2.426],
    [2.5, 0.7, 3.1, 0.4],
    [0.05, 80, 0.2, 15],
  ];
  test.each(points)('BG/NBD at %s', (...p) => checkGradient((t, g) => bgNbdLogLikelihood(t, data, g), p));
  test.each(points)('Modified BG/NBD at %s', (...p) =>
    checkGradient((t, g) => bgNbdLogLikelihood(t, data, g, true), p),
  );
  test.each([
    [0.553, 10.58, 0.606, 11.67],
    [0.553, 11.67, 0.606, 10.58],
    [2, 3, 0.3, 40],
    [0.3, 40, 2, 3],
    // alpha/beta far apart: z near 1 at t = 0, beyond the cached coefficients (summed directly).
    [0.5, 300, 0.7, 0.1],
    [0.5, 0.1, 0.7, 300],
  ])('Pareto/NBD at %s (both branches of A0)', (...p) =>
    checkGradient((t, g) => paretoNbdLogLikelihood(t, data, g), p),
  );
});

/** The analytic Hessian against central differences of the analytic gradient. */
function checkHessian(
  ll: (t: Float64Array, g: Float64Array | undefined, h: Float64Array) => number,
  at: number[],
): void {
  const k = at.length;
  const h = new Float64Array(k * k);
  ll(Float64Array.from(at), new Float64Array(k), h);
  for (let i = 0; i < k; i++) {
    const step = 1e-6 * at[i]!;
    const up = Float64Array.from(at);
    const down = Float64Array.from(at);
    up[i] = at[i]! + step;
    down[i] = at[i]! - step;
    const gUp = new Float64Array(k);
    const gDown = new Float64Array(k);
    ll(up, gUp, new Float64Array(k * k));
    ll(down, gDown, new Float64Array(k * k));
    for (let j = 0; j < k; j++) {
      const fd = (gUp[j]! - gDown[j]!) / (2 * step);
      expect(Math.abs(fd - h[i * k + j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      expect(h[i * k + j]).toBe(h[j * k + i]);
    }
  }
}

describe('analytic Hessians agree with finite differences of the gradient', () => {
  const points = [
    [0.243, 4.414, 0.793, 2.426],
    [2.5, 0.7, 3.1, 0.4],
    [0.05, 80, 0.2, 15],
  ];
  for (const [name, d] of [
    ['dense frequencies', data],
    ['sparse frequencies', sparse],
  ] as const) {
    test.each(points)(`BG/NBD, ${name}, at %s`, (...p) =>
      checkHessian((t, g, h) => bgNbdLogLikelihood(t, d, g, false, h), p),
    );
    test.each(points)(`Modified BG/NBD, ${name}, at %s`, (...p) =>
      checkHessian((t, g, h) => bgNbdLogLikelihood(t, d, g, true, h), p),
    );
  }
});

const MPMATH_G2: readonly (readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
])[] = [
  [
    0.553, 1.159, 0.093, 0.00797641565443547, -0.08004339059258977, 0.07506305779378739, 1.0424993122821544,
    -0.5097650366868178, 0.8696316090301435,
  ],
  [
    1.6062, 30.16, 0.5, 0.0006044762081031074, -0.0006314431728941003, 6.653066782358697e-5,
    0.03817851709459966, -0.0020975386934889337, 0.01064832231244778,
  ],
  [
    12.25, 13.9, 0.9, 0.8648351076002877, -0.8860709388514384, 0.8944658399141308, 19.60782772852598,
    -17.891568630494564, 378.2450468548663,
  ],
  [
    0.3, 2.7, 0.99, 1.090009290571459, -0.6492213516295975, 0.1857066790784528, 3.3434490111432282,
    -0.9366416287701387, 9.350590075755068,
  ],
];

describe('Pareto/NBD: the Hessian path', () => {
  const points = [
    [0.553, 10.58, 0.606, 11.67],
    [0.553, 11.67, 0.606, 10.58],
    [2, 3, 0.3, 40],
    [0.3, 40, 2, 3],
    [0.5, 300, 0.7, 0.1],
    [0.5, 0.1, 0.7, 300],
  ];
  test.each(points)('Hessian agrees with differences of the gradient at %s', (...p) =>
    checkHessian((t, g, h) => paretoNbdLogLikelihood(t, data, g, h), p),
  );
  test.each(points)('gives the same log-likelihood and gradient as the gradient-only path at %s', (...p) => {
    const g1 = new Float64Array(4);
    const g2 = new Float64Array(4);
    const l1 = paretoNbdLogLikelihood(p, data, g1);
    const l2 = paretoNbdLogLikelihood(p, data, g2, new Float64Array(16));
    expect(l2).toBeCloseTo(l1, 9);
    for (let i = 0; i < 4; i++)
      expect(Math.abs(g2[i]! - g1[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(g1[i]!)));
  });
});

test('the second-order G series matches mpmath', () => {
  // SOURCE: mpmath 1.3 at 40 digits, mp.diff of hyp2f1(1, e, g, z): [G_ee, G_eg, G_gg, G_ez, G_gz, G_zz].
  const cases = MPMATH_G2;
  const out = new Float64Array(10);
  for (const [e, g, z, ...want] of cases) {
    gSeries2(e, g, z, out);
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(out[4 + i]! - want[i]!)).toBeLessThan(1e-11 * Math.max(1, Math.abs(want[i]!)));
    }
  }
});

/** ln of Γ(r+x)/Γ(r) α^r. */
const nbdHead = (r: number, alpha: number, x: number): number =>
  lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
const lnB = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

test.each([
  ['dense frequencies', rows, data],
  ['sparse frequencies', sparseRows, sparse],
] as const)(
  'BG/NBD likelihood equals a direct implementation of Fader, Hardie & Lee (2005), eq. 6 (%s)',
  (_, rs, d) => {
    // L = B(a, b+x)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + 1{x>0} B(a+1, b+x-1)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))
    for (const [r, alpha, a, b] of [
      [0.243, 4.414, 0.793, 2.426],
      [1.3, 2, 4, 0.7],
    ] as const) {
      for (const modified of [false, true]) {
        let direct = 0;
        for (const c of rs) {
          const x = c.frequency;
          const head = nbdHead(r, alpha, x);
          const m = modified ? 1 : 0;
          const l1 = lnB(a, b + x + m) - lnB(a, b) + head - (r + x) * Math.log(alpha + c.T);
          const l2 =
            x > 0 || modified
              ? lnB(a + 1, b + x - 1 + m) - lnB(a, b) + head - (r + x) * Math.log(alpha + c.recency)
              : Number.NEGATIVE_INFINITY;
          const top = Math.max(l1, l2);
          direct += (c.count ?? 1) * (top + Math.log(Math.exp(l1 - top) + Math.exp(l2 - top)));
        }
        expect(bgNbdLogLikelihood([r, alpha, a, b], d, undefined, modified)).toBeCloseTo(direct, 7);
      }
    }
  },
);

test.each([
  [0.243, 4.414, 0.793, 2.426],
  [2.5, 0.7, 3.1, 0.4],
])('BG/NBD and MBG/NBD gradients with sparse frequencies at %s', (...p) => {
  checkGradient((t, g) => bgNbdLogLikelihood(t, sparse, g), p);
  checkGradient((t, g) => bgNbdLogLikelihood(t, sparse, g, true), p);
});

test('Modified BG/NBD likelihood equals a direct implementation of Batislam et al. (2007), eq. 5', () => {
  // L = B(a, b+x+1)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))
  for (const [r, alpha, a, b] of [
    [0.5, 6, 0.9, 1.6],
    [1.3, 2, 4, 0.7],
  ] as const) {
    let direct = 0;
    for (const c of rows) {
      const x = c.frequency;
      const head = nbdHead(r, alpha, x);
      const l1 = Math.exp(lnB(a, b + x + 1) - lnB(a, b) + head - (r + x) * Math.log(alpha + c.T));
      const l2 = Math.exp(lnB(a + 1, b + x) - lnB(a, b) + head - (r + x) * Math.log(alpha + c.recency));
      direct += (c.count ?? 1) * Math.log(l1 + l2);
    }
    expect(bgNbdLogLikelihood([r, alpha, a, b], data, undefined, true)).toBeCloseTo(direct, 8);
  }
});

test('Pareto/NBD likelihood equals its integral form evaluated by quadrature', () => {
  // L = Γ(r+x)α^r β^s/Γ(r) [ (α+T)^-(r+x)(β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]
  const simpson = (f: (u: number) => number, lo: number, hi: number, n = 20000): number => {
    const h = (hi - lo) / n;
    let s = f(lo) + f(hi);
    for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
    return (s * h) / 3;
  };
  const small = rows.filter((c) => c.frequency < 100);
  const d = prepareRepeatData(small, 'test');
  for (const [r, alpha, s, beta] of [
    [0.553, 10.58, 0.606, 11.67],
    [0.8, 30, 1.4, 5],
  ] as const) {
    let direct = 0;
    for (const c of small) {
      const x = c.frequency;
      const integral = simpson((tau) => (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1), c.recency, c.T);
      const lik = (alpha + c.T) ** -(r + x) * (beta + c.T) ** -s + s * integral;
      direct += (c.count ?? 1) * (nbdHead(r, alpha, x) + s * Math.log(beta) + Math.log(lik));
    }
    expect(paretoNbdLogLikelihood([r, alpha, s, beta], d, undefined)).toBeCloseTo(direct, 6);
  }
});

test('the Pareto/NBD series G(z) = 2F1(1, e; g; z) and its derivatives match mpmath', () => {
  // SOURCE: mpmath 1.3 at 40 digits: hyp2f1(1, e, g, z) and mp.diff with respect to e, g and z.
  const cases = [
    [0.553, 1.159, 0.093, 1.0475844445318803, 0.08821609775081447, -0.04262537228723868, 0.5490189057303542],
    [1.6062, 30.16, 0.5, 1.027808720533153, 0.017786137800426937, -0.0009621762555068, 0.058123570853733604],
    [12.25, 13.9, 0.9, 5.429957066995203, 1.6652036611884506, -1.503848474800369, 30.20922777093328],
    [0.3, 2.7, 0.99, 1.2071921040262705, 0.8282395137389092, -0.14106867562469427, 0.6373210152669166],
    [2.5, 2.75, 0.999, 261.7771322079656, 1355.0454303025556, -1325.5480715883953, 197626.03235781193],
  ] as const;
  const out = { g: 0, de: 0, mdg: 0, dz: 0 };
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  for (const [e, g, z, G, dE, dG, dZ] of cases) {
    gSeries(e, g, z, out);
    // Rounding accumulates over the terms: thousands of them at z = 0.999.
    const tol = z < 0.95 ? 1e-14 : 1e-12;
    expect(rel(out.g, G)).toBeLessThan(tol);
    expect(rel(out.de, dE)).toBeLessThan(tol);
    expect(rel(-out.mdg, dG)).toBeLessThan(tol);
    expect(rel(out.dz, dZ)).toBeLessThan(tol);
  }
  gSeries(1, 2, 1, out);
  expect(out.g).toBeNaN();
});

test('Pareto/NBD likelihood with alpha and beta far apart equals its integral form', () => {
  // z = |alpha - beta| / (max + t) is near 1 at t = 0 here. The quadrature runs in the variable
  // v = ln(min(alpha, beta) + tau), where the integrand is smooth.
  const simpson = (f: (u: number) => number, lo: number, hi: number, n = 20000): number => {
    const h = (hi - lo) / n;
    let s = f(lo) + f(hi);
    for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
    return (s * h) / 3;
  };
  const small = rows.filter((c) => c.frequency < 100);
  const d = prepareRepeatData(small, 'test');
  for (const [r, alpha, s, beta] of [
    [0.5, 300, 0.7, 0.1],
    [0.5, 0.1, 0.7, 300],
  ] as const) {
    const m = Math.min(alpha, beta);
    let direct = 0;
    for (const c of small) {
      const x = c.frequency;
      const integrand = (v: number): number => {
        const tau = Math.exp(v) - m;
        return (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1) * (m + tau);
      };
      const integral = c.recency < c.T ? simpson(integrand, Math.log(m + c.recency), Math.log(m + c.T)) : 0;
      const lik = (alpha + c.T) ** -(r + x) * (beta + c.T) ** -s + s * integral;
      direct += (c.count ?? 1) * (nbdHead(r, alpha, x) + s * Math.log(beta) + Math.log(lik));
    }
    expect(paretoNbdLogLikelihood([r, alpha, s, beta], d, undefined)).toBeCloseTo(direct, 6);
  }
});

const spendRows = [
  { frequency: 1, monetary: 20 },
  { frequency: 1, monetary: 35.5, count: 3 },
  { frequency: 4, monetary: 12.25 },
  { frequency: 4, monetary: 80 },
  { frequency: 0, monetary: 0, count: 7 },
  { frequency: 37, monetary: 41.1, count: 2 },
];
const spend = prepareSpendData(spendRows);

test('Gamma-Gamma likelihood equals a direct implementation of Fader & Hardie (2013)', () => {
  // ln f(m | x) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(xm+γ)
  for (const [p, q, g] of [
    [6.25, 3.74, 15.44],
    [0.7, 12, 300],
  ] as const) {
    let direct = 0;
    for (const c of spendRows) {
      const x = c.frequency;
      if (x === 0) continue;
      const m = c.monetary;
      direct +=
        (c.count ?? 1) *
        (lnGamma(p * x + q) -
          lnGamma(p * x) -
          lnGamma(q) +
          q * Math.log(g) +
          (p * x - 1) * Math.log(m) +
          p * x * Math.log(x) -
          (p * x + q) * Math.log(x * m + g));
    }
    expect(gammaGammaLogLikelihood([p, q, g], spend, undefined)).toBeCloseTo(direct, 9);
  }
});

test.each([
  [6.25, 3.74, 15.44],
  [0.7, 12, 300],
])('Gamma-Gamma gradient agrees with finite differences at %s', (...p) =>
  checkGradient((t, g) => gammaGammaLogLikelihood(t, spend, g), p),
);

test('a fit reports the log-likelihood of its own parameters', () => {
  const m = fitBgNbd(rows);
  const { r, alpha, a, b } = m.params;
  expect(m.logLikelihood).toBe(bgNbdLogLikelihood([r, alpha, a, b], data, undefined));
  const p = fitParetoNbd(rows);
  // Newton evaluates through the Hessian path, which rounds differently from the gradient-only one.
  expect(p.logLikelihood).toBeCloseTo(
    paretoNbdLogLikelihood([p.params.r, p.params.alpha, p.params.s, p.params.beta], data, undefined),
    9,
  );
  expect(p.standardErrors).not.toBeNull();
});
