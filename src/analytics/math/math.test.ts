import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  digamma,
  hyp2f1,
  lnGamma,
  logAddExp,
  logSumExp,
  minimize,
  minimizeNewton,
  trigamma,
} from './index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('lnGamma', () => {
  test('factorials and known values', () => {
    let f = 1;
    for (let n = 1; n < 30; n++) {
      f *= n;
      expect(rel(lnGamma(n + 1), Math.log(f))).toBeLessThan(1e-14);
    }
    expect(rel(lnGamma(0.5), 0.5723649429247001)).toBeLessThan(1e-14);
    expect(rel(lnGamma(100), 359.1342053695754)).toBeLessThan(1e-14);
    expect(rel(lnGamma(1e-8), 18.420680738180209)).toBeLessThan(1e-12);
    expect(lnGamma(0)).toBe(Number.POSITIVE_INFINITY);
  });
  test('recurrence ln Γ(x+1) = ln Γ(x) + ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        expect(Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x))).toBeLessThan(
          1e-12 * Math.max(1, Math.abs(lnGamma(x + 1))),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('digamma', () => {
  test('known values and recurrence', () => {
    expect(rel(digamma(1), -0.5772156649015329)).toBeLessThan(1e-14);
    expect(rel(digamma(0.5), -1.9635100260214235)).toBeLessThan(1e-14);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-12 * Math.max(1, 1 / x));
      }),
      { numRuns: RUNS },
    );
  });
  test('is the derivative of lnGamma', () => {
    for (const x of [0.3, 1.7, 12.5, 300]) {
      const h = 1e-5 * x;
      expect(Math.abs((lnGamma(x + h) - lnGamma(x - h)) / (2 * h) - digamma(x))).toBeLessThan(1e-7);
    }
  });
});

describe('trigamma', () => {
  test('known values', () => {
    // SOURCE: mpmath 1.3, psi(1, x).
    for (const [x, v] of [
      [0.3, 12.245364546107732],
      [1, 1.6449340668482264],
      [0.5, 4.934802200544679],
      [7.25, 0.14787923315893217],
      [12.5, 0.08328522460157838],
      [1000, 0.0010005001666666333],
      [1e-6, 1000000000001.645],
    ] as const) {
      expect(rel(trigamma(x), v)).toBeLessThan(1e-14);
    }
    expect(rel(trigamma(-0.5), 8.934802200544679)).toBeLessThan(1e-14);
    expect(rel(trigamma(-2.3), 14.725912160961292)).toBeLessThan(1e-13);
    expect(trigamma(0)).toBeNaN();
  });
  test('recurrence and derivative of digamma', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        expect(rel(trigamma(x + 1) + 1 / (x * x), trigamma(x))).toBeLessThan(1e-13);
      }),
      { numRuns: RUNS },
    );
    for (const x of [0.3, 1.7, 12.5, 300]) {
      const h = 1e-5 * x;
      expect(rel((digamma(x + h) - digamma(x - h)) / (2 * h), trigamma(x))).toBeLessThan(1e-7);
    }
  });
});

describe('hyp2f1', () => {
  test('closed forms', () => {
    for (const z of [-5, -0.9, -0.3, 0.1, 0.5, 0.9, 0.95, 0.99]) {
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-13);
      expect(rel(hyp2f1(0.7, 2.3, 2.3, z), (1 - z) ** -0.7)).toBeLessThan(1e-13);
    }
    for (const y of [0.2, 0.7, 0.97]) {
      expect(rel(hyp2f1(0.5, 0.5, 1.5, y * y), Math.asin(y) / y)).toBeLessThan(1e-12);
    }
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(hyp2f1(-2, 3, 4, 2)).toBeCloseTo(1 - (2 * 3 * 2) / 4 + (3 * 4 * 4) / (4 * 5), 12);
  });
  test('Euler transformation identity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.2, max: 8, noNaN: true }),
        fc.double({ min: -3, max: 0.97, noNaN: true }),
        (a, b, c, z) => {
          const lhs = hyp2f1(a, b, c, z);
          const rhs = (1 - z) ** (c - a - b) * hyp2f1(c - a, c - b, c, z);
          expect(rel(lhs, rhs)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('hyp2f1 near z = 1 when c - a - b is (nearly) an integer', () => {
  // SOURCE: mpmath 1.3, hyp2f1 at 50 digits. Here the 1 - z transformation's two terms cancel (or are
  // each infinite), and the plain series would need millions of terms.
  const cases = [
    [1, 1, 2, 0.9999999, 16.118097263294402],
    [0.5, 0.5, 1.0000001, 0.999, 3.081959914513232],
    [0.243, 2.426, 2.669000001, 0.95, 1.7941096151998477],
    [0.243, 3.426, 2.669, 0.999999, 131607.89513870206],
    [1.3, 2.2, 5.5, 0.995, 2.481000737979512],
    [0.7, 1.4, 4.1000001, 0.9999, 1.4792433608298896],
    [30.243, 32.426, 63.669, 0.99, 6009481814146668.0],
    [2.5, 3.5, 4.0, 0.97, 1479.4594560803228],
    [0.2, 0.3, 0.5, 0.9999999, 3.065791521360048],
  ] as const;
  test.each(cases)('hyp2f1(%s, %s, %s, %s) = %s', (a, b, c, z, expected) => {
    expect(rel(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-13);
  });
  test('closed form -ln(1 - z)/z up to z = 1 - 1e-12', () => {
    for (const z of [0.999, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12]) {
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
    }
  });
  test('Euler transformation identity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: -2, max: 3 }),
        fc.double({ min: -0.15, max: 0.15, noNaN: true }),
        fc.double({ min: 0.9, max: 1 - 1e-9, noNaN: true }),
        (a, b, m, eps, z) => {
          const c = a + b + m + eps;
          fc.pre(c > 0.2);
          const lhs = hyp2f1(a, b, c, z);
          const rhs = (1 - z) ** (c - a - b) * hyp2f1(c - a, c - b, c, z);
          expect(rel(lhs, rhs)).toBeLessThan(1e-10);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

test('logSumExp and logAddExp do not overflow', () => {
  expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
  expect(logAddExp(-1e6, 0)).toBe(0);
  expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
});

test('minimize finds the Rosenbrock minimum', () => {
  const r = minimize(
    (x, g) => {
      const a = x[0]!;
      const b = x[1]!;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    },
    [-1.2, 1],
  );
  expect(r.converged).toBe(true);
  expect(r.x[0]).toBeCloseTo(1, 6);
  expect(r.x[1]).toBeCloseTo(1, 6);
});

test('minimize reports a non-finite start instead of throwing', () => {
  const r = minimize(() => Number.NaN, [0]);
  expect(r.converged).toBe(false);
  expect(r.message).toMatch(/not finite/);
});

describe('minimizeNewton', () => {
  const rosenbrock = (x: Float64Array, g: Float64Array, h: Float64Array): number => {
    const a = x[0]!;
    const b = x[1]!;
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    h[0] = 2 - 400 * (b - 3 * a * a);
    h[1] = -400 * a;
    h[2] = -400 * a;
    h[3] = 200;
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  test.each([
    [-1.2, 1],
    // The Hessian is indefinite here (h[0] = -398): the step must be regularized.
    [0, 1],
    [3, -2],
  ])('finds the Rosenbrock minimum from (%s, %s)', (a, b) => {
    const r = minimizeNewton(rosenbrock, [a, b], { gradientTolerance: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 10);
    expect(r.x[1]).toBeCloseTo(1, 10);
    expect(r.evaluations).toBeLessThan(100);
  });
  test('takes one step on a quadratic, and caps long steps at 1 per coordinate', () => {
    const quadratic = (x: Float64Array, g: Float64Array, h: Float64Array): number => {
      g[0] = 2 * (x[0]! - 3);
      h[0] = 2;
      return (x[0]! - 3) ** 2;
    };
    const near = minimizeNewton(quadratic, [2.5]);
    expect(near.x[0]).toBeCloseTo(3, 14);
    expect(near.iterations).toBe(1);
    const far = minimizeNewton(quadratic, [0]);
    expect(far.x[0]).toBeCloseTo(3, 14);
    expect(far.iterations).toBe(3);
  });
  test('reports a non-finite start and running out of iterations', () => {
    expect(minimizeNewton(() => Number.NaN, [0]).message).toMatch(/not finite/);
    const r = minimizeNewton(rosenbrock, [-1.2, 1], { maxIterations: 2 });
    expect(r.converged).toBe(false);
    expect(r.message).toBe('stopped after 2 iterations without converging');
  });
});
