// Explanations: line-scoped rounding is explained per line, and summaries say "1 point".
import { createEngine, defineProgram, type LedgerEntry, type PointsEarnedEntry } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'p',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [
      {
        id: 'lines',
        kind: 'spend',
        rate: { points: '1', per: '10.00' },
        roundingScope: 'line',
        lines: { fact: 'category', operator: 'equal', value: 'tea' },
      },
      {
        id: 'order',
        kind: 'spend',
        group: 'order',
        rate: { points: '1', per: '10.00' },
        lines: { fact: 'category', operator: 'equal', value: 'cake' },
      },
    ],
  }),
);
const start = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
const buy = (id: string, lines: { category: string; price: number }[]) => ({
  type: 'purchase',
  id,
  occurredAt: '2026-02-01T00:00:00Z',
  currency: 'CNY',
  lines: lines.map((l, i) => ({ sku: `s${i}`, quantity: 1, ...l })),
});
const award = (effects: readonly LedgerEntry[], ruleId: string): PointsEarnedEntry =>
  effects.find((e): e is PointsEarnedEntry => e.type === 'pointsEarned' && e.ruleId === ruleId)!;

describe('explanations', () => {
  test('line-scoped rounding is explained line by line, not as the order total rounded', () => {
    const d = engine.apply(
      start,
      buy('o1', [
        { category: 'tea', price: 1500 },
        { category: 'tea', price: 1500 },
        { category: 'cake', price: 1000 },
      ]),
    );
    const e = award(d.effects, 'lines');
    expect(e.points).toBe(2); // floor(1.5) + floor(1.5), where the order total 3.0 would give 3
    expect(e.explanation.lineRounding).toEqual([
      { lineId: '0', unrounded: '1.5', exact: true, points: 1 },
      { lineId: '1', unrounded: '1.5', exact: true, points: 1 },
    ]);
    expect(engine.explain(e).summary).toBe(
      '2 points from rule lines (1 point per 10.00 CNY on 30.00 CNY, floor per line: 1.5 -> 1, 1.5 -> 1)',
    );
    // order scope: no per-line rounding recorded; "1 point", singular
    const o = award(d.effects, 'order');
    expect(o.explanation.lineRounding).toBeUndefined();
    expect(engine.explain(o).summary).toBe('1 point from rule order (1 point per 10.00 CNY on 10.00 CNY)');
  });

  test('summaries say "1 point", and "points" otherwise', () => {
    let s = engine.apply(start, buy('o1', [{ category: 'cake', price: 2000 }])).state;
    const redeem = engine.apply(s, {
      type: 'redemption',
      id: 'r1',
      occurredAt: '2026-02-02T00:00:00Z',
      points: 1,
    });
    expect(engine.explain(redeem.effects.at(-1)!).summary).toBe('1 point redeemed, from 1 lot (expiryFirst)');
    s = redeem.state;
    const add = engine.apply(s, {
      type: 'adjustment',
      id: 'a1',
      occurredAt: '2026-02-03T00:00:00Z',
      points: 1,
      reason: 'goodwill',
    });
    expect(engine.explain(add.effects.at(-1)!).summary).toBe('1 point added by hand: goodwill');
    const take = engine.apply(add.state, {
      type: 'adjustment',
      id: 'a2',
      occurredAt: '2026-02-03T00:00:00Z',
      points: -2,
      reason: 'correction',
    });
    expect(engine.explain(take.effects.at(-1)!).summary).toBe('2 points removed by hand: correction');
  });
});
