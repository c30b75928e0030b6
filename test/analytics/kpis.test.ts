import fc from 'fast-check';
import { isLoyaltyError, kpis, summarizeTransactions, type Transaction } from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';
import { cdnowSampleTransactions } from './cdnowFixture.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);

describe('kpis', () => {
  const log: Transaction[] = [
    { customerId: 'a', occurredAt: '2024-01-05', amount: 1000 },
    { customerId: 'a', occurredAt: '2024-01-05', amount: 1 },
    { customerId: 'a', occurredAt: '2024-02-05', amount: 2000 },
    { customerId: 'b', occurredAt: '2024-01-20', amount: 3000 },
    { customerId: 'c', occurredAt: '2024-02-10', amount: 500 },
    { customerId: 'c', occurredAt: '2024-03-30', amount: 500 },
  ];

  it('computes the hand-checked KPIs and cohort table', () => {
    const k = kpis(log, { observationEnd: '2024-03-31', churnAfterDays: 60 });
    expect(k).toEqual({
      customers: 3,
      orders: 6,
      purchaseDays: 5,
      revenue: 7001,
      aov: 1167, // 7001 / 6 = 1166.83
      aovRounding: 'half-up',
      purchaseFrequency: 2,
      repeatPurchaseRate: 2 / 3,
      churnedCustomers: 1, // b: idle 71 days; a: idle 55; c: first purchase 50 days ago (not in base)
      churnBase: 2,
      churnRate: 0.5,
      averageInterPurchaseDays: (31 + 49) / 2,
      cohorts: [
        { cohort: '2024-01', customers: 2, active: [2, 1, 0], retention: [1, 0.5, 0] },
        { cohort: '2024-02', customers: 1, active: [1, 1], retention: [1, 1] },
      ],
    });
  });

  it('summaries give the same KPIs without cohorts', () => {
    const summaries = summarizeTransactions(log, { observationEnd: '2024-03-31' });
    const { cohorts, ...fromTx } = kpis(log, { observationEnd: '2024-03-31' });
    expect(cohorts).toBeDefined();
    expect(kpis(summaries)).toEqual(fromTx);
    const weekly = summarizeTransactions(log, { observationEnd: '2024-03-31', period: 'week' });
    const w = kpis(weekly, { period: 'week' });
    expect(w.churnRate).toBe(fromTx.churnRate);
    expect(w.averageInterPurchaseDays).toBeCloseTo(fromTx.averageInterPurchaseDays!, 9);
  });

  it('AOV rounding modes are exact', () => {
    const two: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-01', amount: 1 },
      { customerId: 'a', occurredAt: '2024-01-01', amount: 4 },
    ]; // 2.5
    const at = (rounding: 'half-up' | 'half-even' | 'floor' | 'ceil') =>
      kpis(two, { observationEnd: '2024-01-02', rounding }).aov;
    expect([at('half-up'), at('half-even'), at('floor'), at('ceil')]).toEqual([3, 2, 2, 3]);
    const big = Number.MAX_SAFE_INTEGER - 2;
    expect(
      kpis([{ customerId: 'a', occurredAt: '2024-01-01', amount: big }], { observationEnd: '2024-01-02' })
        .aov,
    ).toBe(big);
  });

  it('property: AOV is within half a minor unit of revenue / orders; rates in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            customerId: fc.constantFrom('a', 'b', 'c'),
            occurredAt: fc.constantFrom('2024-01-01', '2024-01-15', '2024-02-03', '2024-04-01'),
            amount: fc.integer({ min: 0, max: 1e9 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (txs) => {
          const k = kpis(txs, { observationEnd: '2024-04-30' });
          expect(Math.abs(k.aov! - k.revenue / k.orders)).toBeLessThanOrEqual(0.5 + 1e-9);
          for (const r of [k.repeatPurchaseRate, k.churnRate ?? 0]) expect(r! >= 0 && r! <= 1).toBe(true);
          for (const c of k.cohorts!) expect(c.retention[0]).toBe(1);
          expect(k.cohorts!.reduce((n, c) => n + c.customers, 0)).toBe(k.customers);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('empty input gives nulls, not NaN', () => {
    const k = kpis([], { observationEnd: '2024-01-01' });
    expect(k).toMatchObject({
      customers: 0,
      aov: null,
      churnRate: null,
      repeatPurchaseRate: null,
      cohorts: [],
    });
  });

  it('CDNOW: 2,357 customers, 6,919 orders, 42% repeat within 78 weeks', () => {
    const k = kpis(cdnowSampleTransactions(), { observationEnd: '1998-06-30' });
    expect(k.customers).toBe(2357);
    expect(k.orders).toBe(6919);
    expect(k.cohorts!.map((c) => c.cohort)).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(k.repeatPurchaseRate).toBeGreaterThan(0.4);
  });

  it('validates', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isLoyaltyError(e) ? [e.code, e.path] : 'other';
      }
      return 'none';
    };
    expect(code(() => kpis(log))).toEqual(['INVALID_ARGUMENT', ['options', 'observationEnd']]);
    expect(code(() => kpis(log, { observationEnd: '2024-03-31', churnAfterDays: -1 }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'churnAfterDays'],
    ]);
    expect(code(() => kpis(log, { observationEnd: '2024-03-31', rounding: 'up' as 'ceil' }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'rounding'],
    ]);
  });
});
