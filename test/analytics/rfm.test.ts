import fc from 'fast-check';
import {
  type CustomerSummary,
  DEFAULT_RFM_SEGMENT_RULES,
  isLoyaltyError,
  RFM_SEGMENTS,
  rfm,
  rfmSegmentReport,
  summarizeTransactions,
} from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';
import { cdnowSampleTransactions } from './cdnowFixture.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);

const summary = (
  id: string,
  frequency: number,
  recency: number,
  T: number,
  totalValue: number,
): CustomerSummary => ({
  customerId: id,
  frequency,
  recency,
  T,
  monetary: frequency > 0 ? totalValue / (frequency + 1) : 0,
  totalValue,
  periods: frequency + 1,
  transactions: frequency + 1,
  firstPurchaseDate: '2024-01-01',
  lastPurchaseDate: '2024-01-01',
});

const summaryArb = fc
  .record({
    frequency: fc.integer({ min: 0, max: 6 }),
    recency: fc.integer({ min: 0, max: 50 }),
    extra: fc.integer({ min: 0, max: 50 }),
    totalValue: fc.integer({ min: 0, max: 5000 }),
  })
  .map((r) => summary('x', r.frequency, r.recency, r.recency + r.extra, r.totalValue));

describe('rfm', () => {
  it('scores quantiles: the best value gets the top score, the worst 1; recency: more recent is higher', () => {
    const list = [
      summary('a', 0, 0, 100, 100), // idle 100
      summary('b', 1, 50, 100, 200), // idle 50
      summary('c', 2, 90, 100, 300), // idle 10
      summary('d', 3, 99, 100, 400), // idle 1
      summary('e', 4, 100, 100, 500), // idle 0
    ];
    const { customers } = rfm(list);
    expect(customers.map((c) => c.r)).toEqual([1, 2, 3, 4, 5]);
    expect(customers.map((c) => c.f)).toEqual([1, 2, 3, 4, 5]);
    expect(customers.map((c) => c.m)).toEqual([1, 2, 3, 4, 5]);
    expect(customers.map((c) => c.segment)).toEqual([
      'Lost',
      'Hibernating',
      'Need Attention',
      'Loyal',
      'Champions',
    ]);
    expect(customers[4]!.score).toBe('555');
  });

  it('keeps ties together', () => {
    const list = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4].map((f, i) => summary(String(i), f, 0, 10, 100));
    const { customers } = rfm(list);
    expect(new Set(customers.slice(0, 6).map((c) => c.f))).toEqual(new Set([1]));
    expect(customers.slice(6).map((c) => c.f)).toEqual([4, 4, 5, 5]);
    expect(new Set(customers.map((c) => c.m))).toEqual(new Set([1]));
  });

  it('properties: scores in 1..bins; equal values equal scores; better values never lower scores', () => {
    fc.assert(
      fc.property(
        fc.array(summaryArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 10 }),
        (list, bins) => {
          const { customers } = rfm(list, { bins });
          for (let i = 0; i < list.length; i++) {
            const a = customers[i]!;
            for (const s of [a.r, a.f, a.m]) expect(s >= 1 && s <= bins).toBe(true);
            for (let j = 0; j < list.length; j++) {
              const b = customers[j]!;
              if (a.frequencyValue >= b.frequencyValue) expect(a.f).toBeGreaterThanOrEqual(b.f);
              if (a.recencyValue <= b.recencyValue) expect(a.r).toBeGreaterThanOrEqual(b.r);
              if (a.monetaryValue >= b.monetaryValue) expect(a.m).toBeGreaterThanOrEqual(b.m);
            }
            expect(typeof a.segment).toBe('string');
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the default grid puts each of the 25 (R, FM) cells in exactly one segment', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const hits = DEFAULT_RFM_SEGMENT_RULES.filter(
          (rule) => r >= rule.r![0] && r <= rule.r![1] && fm >= rule.fm![0] && fm <= rule.fm![1],
        );
        expect(hits).toHaveLength(1);
      }
    }
    expect(new Set(DEFAULT_RFM_SEGMENT_RULES.map((r) => r.segment))).toEqual(new Set(RFM_SEGMENTS));
  });

  it('fixed thresholds', () => {
    const list = [
      summary('a', 0, 0, 40, 999),
      summary('b', 5, 38, 40, 10_000),
      summary('c', 2, 20, 40, 5000),
    ];
    const { customers } = rfm(list, {
      bins: 3,
      method: { recency: [7, 30], frequency: [1, 3], monetary: [1000, 5000] },
    });
    // idle: a 40, b 2, c 20
    expect(customers.map((c) => [c.r, c.f, c.m])).toEqual([
      [1, 1, 1],
      [3, 3, 3],
      [2, 2, 3],
    ]);
  });

  it('custom mapping and Other', () => {
    const list = [summary('a', 0, 0, 40, 999), summary('b', 5, 38, 40, 10_000)];
    const res = rfm(list, { bins: 2, segments: [{ segment: 'VIP', f: [2, 2], m: [2, 2] }] });
    expect(res.customers.map((c) => c.segment)).toEqual(['Other', 'VIP']);
    expect(res.segments).toEqual(['VIP', 'Other']);
  });

  it('validates options', () => {
    const list = [summary('a', 0, 0, 40, 999)];
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isLoyaltyError(e) ? [e.code, e.path] : e;
      }
      return 'no throw';
    };
    expect(code(() => rfm(list, { bins: 1 }))).toEqual(['INVALID_ARGUMENT', ['options', 'bins']]);
    expect(
      code(() => rfm(list, { method: { recency: [1, 2], frequency: [1], monetary: [1, 2, 3, 4] } })),
    ).toEqual(['INVALID_ARGUMENT', ['options', 'method', 'recency']]);
    expect(code(() => rfm([{ ...list[0]!, recency: 50 }]))).toEqual(['INVALID_ARGUMENT', ['summaries', 0]]);
    expect(code(() => rfm(list, { segments: [{ segment: '', r: [1, 2] }] }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'segments', 0],
    ]);
  });

  it('segment report on CDNOW: sizes add up, every default segment listed', () => {
    const summaries = summarizeTransactions(cdnowSampleTransactions(), { observationEnd: '1998-06-30' });
    const report = rfmSegmentReport(rfm(summaries));
    expect(report.map((r) => r.segment)).toEqual([...RFM_SEGMENTS]);
    expect(report.reduce((n, r) => n + r.customers, 0)).toBe(2357);
    expect(report.reduce((n, r) => n + r.share, 0)).toBeCloseTo(1, 12);
    const champions = report.find((r) => r.segment === 'Champions')!;
    const lost = report.find((r) => r.segment === 'Lost')!;
    expect(champions.meanRecency).toBeLessThan(lost.meanRecency);
    expect(champions.meanMonetary).toBeGreaterThan(lost.meanMonetary);
  });
});
