import { describe, expect, it } from 'vitest';
import { cdnowSampleTransactions } from '../../../test/analytics/cdnowFixture.js';
import { isLoyaltyError } from '../../errors/index.js';
import { rfm } from '../rfm/index.js';
import { summarizeTransactions } from '../summary/index.js';
import { analyticsFacts, analyticsFactsByCustomer } from './index.js';

describe('analytics facts', () => {
  const summaries = summarizeTransactions(cdnowSampleTransactions(), { observationEnd: '1998-06-30' });
  const result = rfm(summaries);

  it('builds flat JSON facts for one member', () => {
    const summary = summaries.find((s) => s.customerId === '1')!;
    const row = result.customers.find((c) => c.customerId === '1')!;
    const facts = analyticsFacts({
      summary,
      rfm: row,
      predictions: { pAlive: 0.25, expectedPurchases: 1.2, clv: 4500 },
    });
    expect(facts).toEqual({
      purchaseDays: summary.periods,
      repeatPurchaseDays: summary.frequency,
      orderCount: summary.transactions,
      totalSpend: summary.totalValue,
      averageOrderValue: Math.round(summary.totalValue / summary.transactions),
      daysSinceFirstPurchase: summary.T,
      daysSinceLastPurchase: summary.T - summary.recency,
      lifecycleStage: 'lapsed',
      rfmSegment: row.segment,
      rfmScore: row.score,
      rfmRecency: row.r,
      rfmFrequency: row.f,
      rfmMonetary: row.m,
      pAlive: 0.25,
      expectedPurchases: 1.2,
      clv: 4500,
    });
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it('keys every customer; absent predictions are absent facts', () => {
    const all = analyticsFactsByCustomer(summaries, {
      rfm: result,
      predict: (s) => (s.frequency > 0 ? { pAlive: 0.5 } : {}),
    });
    expect(Object.keys(all)).toHaveLength(2357);
    const one = all['3']!;
    expect('pAlive' in one).toBe(summaries.find((s) => s.customerId === '3')!.frequency > 0);
    expect(analyticsFactsByCustomer(summaries, { rfm: false })['1']!.rfmSegment).toBeUndefined();
    expect(analyticsFactsByCustomer(summaries.slice(0, 3))['1']!.rfmSegment).toBeDefined();
  });

  it('refuses bad predictions and mismatched rows', () => {
    const summary = summaries[0]!;
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isLoyaltyError(e) ? [e.code, e.path] : 'other';
      }
      return 'none';
    };
    expect(err(() => analyticsFacts({ summary, predictions: { pAlive: 1.5 } }))).toEqual([
      'INVALID_ARGUMENT',
      ['input', 'predictions', 'pAlive'],
    ]);
    expect(err(() => analyticsFacts({ summary, predictions: { clv: Number.NaN } }))).toEqual([
      'INVALID_ARGUMENT',
      ['input', 'predictions', 'clv'],
    ]);
    expect(err(() => analyticsFacts({ summary, rfm: result.customers[1]! }))).toEqual([
      'INVALID_ARGUMENT',
      ['input', 'rfm'],
    ]);
  });
});
