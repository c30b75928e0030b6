import fc from 'fast-check';
import {
  customerLifetimeValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  fitModifiedBgNbd,
  fitParetoNbd,
  formulaClv,
  groupRepeatSummaries,
  historicClv,
  isLoyaltyError,
  type PurchaseModel,
  probabilityAlive,
  probabilityOfPurchases,
  simulateBgNbd,
  simulateParetoNbd,
} from 'loyalty-engine/analytics';
import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../support/mulberry32.js';

const RUNS = Number(process.env.FC_RUNS ?? 50);

/** Rounds continuous simulated times to days (in weeks), as a real summary would be. */
const toDays = (rows: readonly { frequency: number; recency: number; T: number }[]) =>
  rows.map((r) => ({ frequency: r.frequency, recency: Math.round(r.recency * 7) / 7, T: r.T }));

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PNBD = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };
const T_VALUES = Array.from({ length: 12 }, (_, i) => 27 + i);
const sim = toDays(simulateBgNbd(BG, { customers: 3000, T: T_VALUES, random: mulberry32(7) }));
const models: PurchaseModel[] = [fitBgNbd(sim), fitModifiedBgNbd(sim), fitParetoNbd(sim)];

const summaryArb = fc
  .record({
    frequency: fc.integer({ min: 0, max: 60 }),
    T: fc.double({ min: 0.5, max: 400, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : share * T }));

describe.each(models.map((m) => [m.model, m] as const))('%s properties', (_, model) => {
  test('P(alive) is in [0, 1]', () => {
    fc.assert(
      fc.property(summaryArb, (s) => {
        const p = probabilityAlive(model, s);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });
  test('with no repeat purchase, a larger T means no more likely alive (strictly less except BG/NBD)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        (T, dT) => {
          const p1 = probabilityAlive(model, { frequency: 0, recency: 0, T });
          const p2 = probabilityAlive(model, { frequency: 0, recency: 0, T: T + dT });
          if (model.model === 'bgnbd') expect(p2).toBe(1);
          else expect(p2).toBeLessThan(p1);
        },
      ),
      { numRuns: RUNS },
    );
  });
  test('expected purchases increase with t, for a customer and for a new one', () => {
    fc.assert(
      fc.property(
        summaryArb,
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (s, t, dt) => {
          expect(expectedPurchases(model, t + dt, s)).toBeGreaterThan(expectedPurchases(model, t, s));
          expect(expectedPurchases(model, t + dt)).toBeGreaterThan(expectedPurchases(model, t));
        },
      ),
      { numRuns: RUNS },
    );
  });
  test('P(X(t) = n) sums to 1 and its mean is the expected purchases of a new customer', () => {
    for (const t of [1, 39, 78]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 400; n++) {
        const p = probabilityOfPurchases(model, n, t);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 6);
      expect(mean).toBeCloseTo(expectedPurchases(model, t), 4);
    }
  });
  test('a fitted model is frozen plain data that survives JSON', () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.params)).toBe(true);
    const copy = JSON.parse(JSON.stringify(model)) as PurchaseModel;
    expect(expectedPurchases(copy, 10, { frequency: 2, recency: 5, T: 30 })).toBe(
      expectedPurchases(model, 10, { frequency: 2, recency: 5, T: 30 }),
    );
  });
});

describe('grouping with weights gives the same fit as the ungrouped data', () => {
  const fitters = [fitBgNbd, fitModifiedBgNbd, fitParetoNbd] as const;
  test.each(fitters.map((f) => [f.name, f] as const))('%s', (_, fitter) => {
    const rows = sim.slice(0, 800);
    const grouped = groupRepeatSummaries(rows);
    expect(grouped.length).toBeLessThan(rows.length);
    // Shuffle order and split counts arbitrarily: the optimum must not move.
    const split = grouped.flatMap((g) =>
      (g.count ?? 1) > 1
        ? [
            { ...g, count: 1 },
            { ...g, count: (g.count ?? 1) - 1 },
          ]
        : [g],
    );
    const a = fitter(rows);
    const b = fitter(grouped);
    const c = fitter(split.reverse());
    for (const k of Object.keys(a.params) as (keyof typeof a.params)[]) {
      expect(b.params[k]).toBeCloseTo(a.params[k], 6);
      expect(c.params[k]).toBeCloseTo(a.params[k], 6);
    }
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    expect(b.customers).toBe(800);
  });
  test('Gamma-Gamma honours count', () => {
    const rows = sim.slice(0, 400).map((r, i) => ({ frequency: r.frequency, monetary: 10 + (i % 17) * 3 }));
    const doubled = rows.map((r) => ({ ...r, count: 2 }));
    const a = fitGammaGamma([...rows, ...rows]);
    const b = fitGammaGamma(doubled);
    expect(b.params.p).toBeCloseTo(a.params.p, 6);
    expect(b.params.gamma).toBeCloseTo(a.params.gamma, 5);
  });
});

describe('parameters are recovered from simulated data', () => {
  test('BG/NBD, 40,000 customers', () => {
    const data = groupRepeatSummaries(
      toDays(simulateBgNbd(BG, { customers: 40_000, T: T_VALUES, random: mulberry32(42) })),
    );
    const m = fitBgNbd(data);
    expect(m.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      // Within 4 standard errors of the truth.
      expect(Math.abs(m.params[k] - BG[k])).toBeLessThan(4 * m.standardErrors![k]);
    }
  });
  test('Pareto/NBD, 20,000 customers', () => {
    const data = simulateParetoNbd(PNBD, { customers: 20_000, T: T_VALUES, random: mulberry32(3) });
    const m = fitParetoNbd(groupRepeatSummaries(toDays(data)));
    expect(m.converged).toBe(true);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(m.params[k] - PNBD[k])).toBeLessThan(4 * m.standardErrors![k]);
    }
  });
});

describe('BG/NBD predictions over long horizons', () => {
  // With a - 1 - r an integer (here 0) the Gauss hypergeometric function of the predictions has
  // c - a - b an integer, and z = t/(alpha + T + t) comes close to 1 as t grows: the case the
  // 1 - z transformation cannot handle. SOURCE: the same formulas evaluated with mpmath 1.3 at
  // 50 digits (FHL 2005 eq. 9 and 10).
  const model = { model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 1.243, b: 2.426 } } as PurchaseModel;
  const customer = { frequency: 2, recency: 30.43, T: 38.86 };
  test.each([
    [1e5, 7.132810847192012, 9.794444736479683],
    [1e6, 8.379486216472957, 10.775722480914812],
  ])('t = %s', (t, newCustomer, conditional) => {
    const rel = (a: number, b: number): number => Math.abs(a - b) / b;
    expect(rel(expectedPurchases(model, t), newCustomer)).toBeLessThan(1e-11);
    expect(rel(expectedPurchases(model, t, customer), conditional)).toBeLessThan(1e-11);
  });
});

describe('errors', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (isLoyaltyError(e)) return `${e.code} ${JSON.stringify(e.path)}`;
      return `not a LoyaltyError: ${String(e)}`;
    }
    return 'no error';
  };
  test('empty data and all-zero frequency are INSUFFICIENT_DATA', () => {
    expect(code(() => fitBgNbd([]))).toBe('INSUFFICIENT_DATA []');
    expect(code(() => fitParetoNbd([{ frequency: 0, recency: 0, T: 5 }]))).toBe('INSUFFICIENT_DATA []');
    expect(code(() => fitGammaGamma([{ frequency: 0, monetary: 0 }]))).toBe('INSUFFICIENT_DATA []');
  });
  test('Gamma-Gamma without two different mean spends is INSUFFICIENT_DATA, not an unconverged fit', () => {
    // one repeat customer (others without repeat purchases carry no spend information)
    expect(
      code(() =>
        fitGammaGamma([
          { frequency: 2, monetary: 30 },
          { frequency: 0, monetary: 0 },
        ]),
      ),
    ).toBe('INSUFFICIENT_DATA []');
    // one customer counted ten times, or customers who all spend the same: no spread to estimate
    expect(code(() => fitGammaGamma([{ frequency: 2, monetary: 30, count: 10 }]))).toBe(
      'INSUFFICIENT_DATA []',
    );
    expect(
      code(() =>
        fitGammaGamma([
          { frequency: 2, monetary: 30 },
          { frequency: 3, monetary: 30 },
        ]),
      ),
    ).toBe('INSUFFICIENT_DATA []');
    try {
      fitGammaGamma([{ frequency: 2, monetary: 30 }]);
    } catch (e) {
      expect(String((e as Error).message)).toContain('at least two different mean spends');
    }
    // two different spends are enough to fit
    expect(
      fitGammaGamma([
        { frequency: 2, monetary: 30 },
        { frequency: 1, monetary: 50 },
      ]).converged,
    ).toBe(true);
  });
  test('invalid rows give INVALID_ARGUMENT with the path', () => {
    const ok = { frequency: 1, recency: 2, T: 3 };
    expect(code(() => fitBgNbd([ok, { frequency: 1, recency: 4, T: 3 }]))).toBe(
      'INVALID_ARGUMENT ["summaries",1,"recency"]',
    );
    expect(code(() => fitBgNbd([ok, { frequency: -1, recency: 0, T: 3 }]))).toBe(
      'INVALID_ARGUMENT ["summaries",1,"frequency"]',
    );
    expect(code(() => fitBgNbd([ok, { frequency: 1.5, recency: 0, T: 3 }]))).toBe(
      'INVALID_ARGUMENT ["summaries",1,"frequency"]',
    );
    expect(code(() => fitBgNbd([ok, { frequency: 1, recency: Number.NaN, T: 3 }]))).toBe(
      'INVALID_ARGUMENT ["summaries",1,"recency"]',
    );
    expect(code(() => fitBgNbd([ok, { ...ok, count: -2 }]))).toBe('INVALID_ARGUMENT ["summaries",1,"count"]');
    expect(code(() => fitGammaGamma([{ frequency: 2, monetary: -5 }]))).toBe(
      'INVALID_ARGUMENT ["summaries",0,"monetary"]',
    );
    expect(code(() => fitBgNbd(sim, { penalizer: -1 }))).toBe('INVALID_ARGUMENT ["options","penalizer"]');
    expect(code(() => expectedPurchases(models[0]!, -1))).toBe('INVALID_ARGUMENT ["t"]');
    expect(code(() => probabilityAlive({ model: 'x' } as never, { frequency: 0, recency: 0, T: 1 }))).toBe(
      'INVALID_ARGUMENT ["model"]',
    );
  });
  test('non-convergence: converged false with the report, NOT_CONVERGED when strict', () => {
    const m = fitBgNbd(sim, { maxIterations: 2 });
    expect(m.converged).toBe(false);
    expect(m.optimizer.message).toMatch(/2 iterations/);
    expect(Number.isFinite(m.logLikelihood)).toBe(true);
    expect(m.standardErrors).toBeNull();
    expect(code(() => fitBgNbd(sim, { maxIterations: 2, strict: true }))).toBe('NOT_CONVERGED []');
  });
  test('the penalizer shrinks the parameters', () => {
    const plain = fitBgNbd(sim);
    const pen = fitBgNbd(sim, { penalizer: 0.1 });
    const norm = (p: typeof plain.params) => p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2;
    expect(norm(pen.params)).toBeLessThan(norm(plain.params));
    expect(pen.logLikelihood).toBeLessThan(plain.logLikelihood);
  });
});

describe('CLV', () => {
  const spendRows = sim.map((r, i) => ({ frequency: r.frequency, monetary: 20 + ((i * 7919) % 31) }));
  const spend = fitGammaGamma(spendRows);
  const customers = [
    { customerId: 'a', frequency: 0, recency: 0, T: 38, monetary: 0 },
    { customerId: 'b', frequency: 5, recency: 35, T: 38, monetary: 40 },
    { customerId: 'c', frequency: 5, recency: 5, T: 38, monetary: 40 },
  ];
  test.each(models.map((m) => [m.model, m] as const))(
    'with %s: the sum of discounted monthly increments',
    (_, model) => {
      const out = customerLifetimeValue({
        purchases: model,
        spend,
        customers,
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week',
        margin: 0.5,
      });
      expect(out.map((o) => o.customerId)).toEqual(['a', 'b', 'c']);
      for (const [i, o] of out.entries()) {
        const c = customers[i]!;
        const avg = o.expectedAverageSpend;
        let expected = 0;
        for (let k = 1; k <= 12; k++) {
          const d = expectedPurchases(model, k * 4.345, c) - expectedPurchases(model, (k - 1) * 4.345, c);
          expected += (0.5 * avg * d) / 1.01 ** k;
        }
        expect(o.clv).toBeCloseTo(expected, 8);
        expect(o.expectedPurchases).toBeCloseTo(expectedPurchases(model, 12 * 4.345, c), 10);
      }
      // Recent buyers are worth more than lapsed ones with the same history.
      expect(out[1]!.clv).toBeGreaterThan(out[2]!.clv);
    },
  );
  test('more discount, less value; zero horizon, zero value', () => {
    const base = { purchases: models[0]!, spend, customers, horizon: 12 };
    const low = customerLifetimeValue({ ...base, discountRate: 0 });
    const high = customerLifetimeValue({ ...base, discountRate: 0.05 });
    for (const [i, v] of low.entries()) expect(high[i]!.clv).toBeLessThan(v.clv);
    expect(customerLifetimeValue({ ...base, horizon: 0, discountRate: 0.01 })[1]!.clv).toBe(0);
  });
  test('formulaClv', () => {
    expect(
      formulaClv({ aov: 50, frequency: 4, margin: 0.3, retentionRate: 0.8, discountRate: 0.1 }),
    ).toBeCloseTo(160, 10);
    // Finite horizon: explicit sum.
    const q = 0.8 / 1.1;
    const sum = [1, 2, 3].reduce((s, t) => s + 60 * q ** t, 0);
    expect(
      formulaClv({ aov: 50, frequency: 4, margin: 0.3, retentionRate: 0.8, discountRate: 0.1, lifespan: 3 }),
    ).toBeCloseTo(sum, 10);
    expect(formulaClv({ aov: 10, frequency: 1, discountRate: 0, lifespan: 5 })).toBe(50);
    expect(() => formulaClv({ aov: 10, frequency: 1, retentionRate: 1, discountRate: 0 })).toThrow(
      /infinite/,
    );
  });
  test('historicClv', () => {
    expect(historicClv({ totalValue: 12500 }, { margin: 0.3 })).toBe(3750);
  });
});
