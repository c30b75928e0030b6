import { calibrationHoldout, groupSummaries, summarizeTransactions } from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';
import {
  cdnowPublishedSummary,
  cdnowSampleRows,
  cdnowSampleTransactions,
} from '../analytics/cdnowFixture.js';

/** Rounds half away from zero to 2 decimals, as the published CSV prints. */
const close2 = (value: number, printed: number): boolean => Math.abs(value - printed) <= 0.005 + 1e-9;

describe('summarizeTransactions on CDNOW (golden)', () => {
  const transactions = cdnowSampleTransactions();
  const published = cdnowPublishedSummary();
  const summaries = summarizeTransactions(transactions, { observationEnd: '1997-09-30', period: 'week' });
  const byId = new Map(summaries.map((s) => [s.customerId, s]));

  it('reads the committed fixture', () => {
    expect(transactions).toHaveLength(6919);
    expect(published).toHaveLength(2357);
    expect(cdnowSampleRows().filter((r) => r.amount <= 0)).toHaveLength(8);
  });

  it('reproduces x, t_x, T and zbar of all 2,357 customers to the printed 2 decimals', () => {
    expect(summaries).toHaveLength(2357);
    const mismatches: string[] = [];
    for (const p of published) {
      const s = byId.get(p.id);
      if (s === undefined) {
        mismatches.push(`${p.id}: missing`);
        continue;
      }
      if (s.frequency !== p.x) mismatches.push(`${p.id}: x ${s.frequency} vs ${p.x}`);
      if (!close2(s.recency, p.t_x)) mismatches.push(`${p.id}: t_x ${s.recency} vs ${p.t_x}`);
      if (!close2(s.T, p.T)) mismatches.push(`${p.id}: T ${s.T} vs ${p.T}`);
      if (!close2(s.monetary / 100, p.zbar))
        mismatches.push(`${p.id}: zbar ${s.monetary / 100} vs ${p.zbar}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('counts the 8 zero-value first purchases as purchases (published T kept)', () => {
    const s = byId.get('87')!;
    expect(s).toMatchObject({ frequency: 0, recency: 0, totalValue: 0, firstPurchaseDate: '1997-01-05' });
    expect(close2(s.T, 38.29)).toBe(true);
  });

  it('gives 946 repeat customers (the Gamma-Gamma sample) and groups to fewer rows', () => {
    expect(summaries.filter((s) => s.frequency > 0)).toHaveLength(946);
    const grouped = groupSummaries(summaries);
    expect(grouped.reduce((n, g) => n + (g.count ?? 1), 0)).toBe(2357);
    expect(grouped.length).toBeLessThan(2357);
  });

  it('calibration/holdout: calibration part equals the calibration summary; 78-week totals hold', () => {
    const split = calibrationHoldout(transactions, {
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      period: 'week',
    });
    expect(split).toHaveLength(2357);
    for (const row of split) {
      const { frequencyHoldout, monetaryHoldout, totalValueHoldout, durationHoldout, ...cal } = row;
      expect(cal).toEqual(byId.get(row.customerId));
      expect(durationHoldout).toBeCloseTo(273 / 7, 12);
    }
    const full = summarizeTransactions(transactions, { observationEnd: '1998-06-30', period: 'week' });
    const totalAll = full.reduce((n, s) => n + s.totalValue, 0);
    const totalSplit = split.reduce((n, s) => n + s.totalValue + s.totalValueHoldout, 0);
    expect(totalSplit).toBe(totalAll);
    const periodsAll = full.reduce((n, s) => n + s.periods, 0);
    expect(split.reduce((n, s) => n + s.periods + s.frequencyHoldout, 0)).toBe(periodsAll);
  });
});
