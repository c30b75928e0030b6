import {
  createEngine,
  defineProgram,
  type LedgerEntry,
  type MemberState,
  type PointsEarnedEntry,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const T0 = '2026-03-02T02:00:00Z'; // a Monday, 10:00 in Shanghai

function setup(
  extra: Partial<ProgramInput>,
  member: Partial<Parameters<ReturnType<typeof createEngine>['enroll']>[0]> = {},
) {
  const engine = createEngine(
    defineProgram({ id: 'p', currency: 'CNY', timeZone: 'Asia/Shanghai', ...extra } as ProgramInput),
  );
  const state = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z', ...member });
  return { engine, state };
}

let n = 0;
function purchase(
  lines: { price: number; quantity?: number; category?: string; tax?: number; discount?: number }[],
  extra: Record<string, unknown> = {},
  occurredAt = T0,
) {
  n += 1;
  return {
    type: 'purchase',
    id: `o-${n}`,
    occurredAt,
    currency: 'CNY',
    lines: lines.map((l, i) => ({ sku: `sku-${i}`, quantity: 1, ...l })),
    ...extra,
  };
}

const earned = (effects: readonly LedgerEntry[]): Record<string, number> =>
  Object.fromEntries(
    effects.filter((e): e is PointsEarnedEntry => e.type === 'pointsEarned').map((e) => [e.ruleId, e.points]),
  );

describe('spend rules: conversion modes and rounding (DOMAIN.md point 9)', () => {
  const rate = { points: '10', per: '100.00' };
  test.each([
    ['proportional', 'floor', 19],
    ['proportional', 'halfUp', 20],
    ['perFullBlock', 'floor', 10],
    ['perStartedBlock', 'floor', 20],
  ] as const)('%s with %s: 199.90 CNY gives %i', (mode, rounding, points) => {
    const { engine, state } = setup({
      earning: [{ id: 'r', kind: 'spend', rate: { ...rate, mode }, rounding }],
    });
    expect(earned(engine.apply(state, purchase([{ price: 19990 }])).effects)).toEqual({ r: points });
  });

  test('order scope rounds once; line scope rounds each line', () => {
    const lines = [{ price: 1990 }, { price: 1990 }, { price: 1990 }]; // 3 x 19.90
    const order = setup({ earning: [{ id: 'r', kind: 'spend', rate }] });
    const line = setup({ earning: [{ id: 'r', kind: 'spend', rate, roundingScope: 'line' }] });
    expect(earned(order.engine.apply(order.state, purchase(lines)).effects)).toEqual({ r: 5 }); // 5.97
    const r = line.engine.apply(line.state, purchase(lines));
    expect(earned(r.effects)).toEqual({ r: 3 }); // 1.99 x 3, each floored
    const e = r.effects.find((x): x is PointsEarnedEntry => x.type === 'pointsEarned')!;
    expect(e.lines?.map((l) => l.points)).toEqual([1, 1, 1]);
  });

  test('points precision 2 keeps cents of points', () => {
    const { engine, state } = setup({ pointsPrecision: 2, earning: [{ id: 'r', kind: 'spend', rate }] });
    const r = engine.apply(state, purchase([{ price: 19990 }]));
    expect(earned(r.effects)).toEqual({ r: 1999 }); // 19.99 points
    expect(engine.explain(r.effects[1]!).summary).toBe(
      '19.99 points from rule base (10 points per 100.00 CNY on 199.90 CNY)'.replace('base', 'r'),
    );
  });
});

describe('amount basis (DOMAIN.md point 9)', () => {
  const rate = { points: '1', per: '1.00' };
  const order = () =>
    purchase([{ price: 10000, tax: 1300, discount: 1000 }], {
      orderDiscount: 1000,
      shipping: 800,
      payments: [
        { method: 'giftCard', amount: 2000 },
        { method: 'points', amount: 500 },
        { method: 'card', amount: 7600 },
      ],
    });
  type Basis = NonNullable<Extract<NonNullable<ProgramInput['earning']>[number], { kind: 'spend' }>['basis']>;
  test.each<[Basis | undefined, number]>([
    [undefined, 75], // 100 - 10 - 10 (discounts) - 5 (paid with points)
    [{ include: ['subtotal'], subtract: [] }, 100],
    [{ include: ['subtotal', 'tax', 'shipping'], subtract: ['discounts'] }, 101], // 100 + 13 + 8 - 20
    [{ include: ['subtotal'], subtract: ['discounts', 'giftCards', 'pointsPaid'] }, 55],
  ])('basis %j earns %i points on the same order', (basis, points) => {
    const { engine, state } = setup({
      earning: [{ id: 'r', kind: 'spend', rate, ...(basis !== undefined ? { basis } : {}) }],
      // the guard that never lets points-paid amounts earn is switched off to show every basis
      guards: { noEarningOnPointsPaid: false },
    });
    expect(earned(engine.apply(state, order()).effects)).toEqual({ r: points });
  });

  test('by default no basis earns on the part paid with points (guard noEarningOnPointsPaid)', () => {
    const { engine, state } = setup({
      earning: [{ id: 'r', kind: 'spend', rate, basis: { include: ['subtotal'], subtract: [] } }],
    });
    expect(earned(engine.apply(state, order()).effects)).toEqual({ r: 95 }); // 100 - 5 paid with points
  });

  test('line conditions select the lines that earn', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'gear',
          kind: 'spend',
          rate: { points: '2', per: '1.00' },
          lines: { all: [{ fact: 'category', operator: 'equal', value: 'gear' }] },
        },
      ],
    });
    const r = engine.apply(
      state,
      purchase([
        { price: 1000, category: 'beans' },
        { price: 3000, category: 'gear' },
      ]),
    );
    expect(earned(r.effects)).toEqual({ gear: 60 });
    const none = engine.explainEvent(r.state, purchase([{ price: 1000, category: 'beans' }]));
    expect(none.rules).toMatchObject([{ ruleId: 'gear', reason: 'noEligibleLines', points: 0 }]);
  });
});

describe('items and fixed rules', () => {
  test('items: points per matching unit, or per matching line', () => {
    const lines = { all: [{ fact: 'category', operator: 'equal', value: 'cups' }] };
    const { engine, state } = setup({
      earning: [
        { id: 'unit', kind: 'items', points: '5', lines },
        { id: 'line', kind: 'items', points: '7', lines, per: 'line' },
      ],
    });
    const r = engine.apply(
      state,
      purchase([
        { price: 100, quantity: 3, category: 'cups' },
        { price: 100, category: 'tea' },
      ]),
    );
    expect(earned(r.effects)).toEqual({ unit: 15, line: 7 });
  });

  test('fixed purchase bonus with a condition, signup once, custom events by name', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'big',
          kind: 'fixed',
          event: 'purchase',
          points: '100',
          when: {
            fact: 'total',
            operator: 'moneyGreaterThanInclusive',
            value: { amount: 50000, currency: 'CNY' },
          },
        },
        { id: 'welcome', kind: 'fixed', event: 'signup', points: '20' },
        { id: 'review', kind: 'fixed', event: 'custom', customEvent: 'review', points: '10' },
      ],
    });
    let s = state;
    const small = engine.apply(s, purchase([{ price: 49999 }]));
    expect(earned(small.effects)).toEqual({});
    s = small.state;
    s = engine.apply(s, purchase([{ price: 50000 }])).state;
    expect(s.totals.earned).toBe(100);
    const signup = engine.apply(s, { type: 'signup', id: 's1', occurredAt: T0 });
    expect(earned(signup.effects)).toEqual({ welcome: 20 });
    const again = engine.apply(signup.state, { type: 'signup', id: 's2', occurredAt: T0 });
    expect(earned(again.effects)).toEqual({});
    const review = engine.apply(again.state, { type: 'custom', id: 'c1', occurredAt: T0, name: 'review' });
    expect(earned(review.effects)).toEqual({ review: 10 });
    const other = engine.apply(review.state, { type: 'custom', id: 'c2', occurredAt: T0, name: 'survey' });
    expect(earned(other.effects)).toEqual({});
  });

  test('validity windows: a rule applies from validFrom (inclusive) until validUntil (exclusive)', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'promo',
          kind: 'fixed',
          event: 'purchase',
          points: '1',
          validFrom: '2026-03-02T02:00:00Z',
          validUntil: '2026-03-02T03:00:00Z',
        },
      ],
    });
    const at = (t: string) => earned(engine.apply(state, purchase([{ price: 100 }], {}, t)).effects);
    expect(at('2026-03-02T01:59:59.999Z')).toEqual({});
    expect(at('2026-03-02T02:00:00Z')).toEqual({ promo: 1 });
    expect(at('2026-03-02T03:00:00Z')).toEqual({});
  });
});

describe('stacking and multipliers (DOMAIN.md point 10)', () => {
  const rules = [
    { id: 'a', kind: 'spend', rate: { points: '1', per: '1.00' }, group: 'g' },
    { id: 'b', kind: 'spend', rate: { points: '3', per: '1.00' }, group: 'g' },
    { id: 'c', kind: 'spend', rate: { points: '2', per: '1.00' }, group: 'g', priority: 5 },
  ] as const;
  test.each([
    ['sum', { a: 100, b: 300, c: 200 }],
    ['max', { b: 300 }],
    ['first', { c: 200 }], // highest priority first
  ] as const)('group mode %s', (mode, expected) => {
    const { engine, state } = setup({ earning: [...rules], stacking: { g: mode } });
    expect(earned(engine.apply(state, purchase([{ price: 10000 }])).effects)).toEqual(expected);
  });

  test('ties break by rule id, never by order in the file', () => {
    const tie = [
      { id: 'z', kind: 'fixed', event: 'purchase', points: '5', group: 'g' },
      { id: 'y', kind: 'fixed', event: 'purchase', points: '5', group: 'g' },
    ] as const;
    const { engine, state } = setup({ earning: [...tie], stacking: { g: 'first' } });
    expect(earned(engine.apply(state, purchase([{ price: 100 }])).effects)).toEqual({ y: 5 });
  });

  test.each([
    ['multiply', 300], // 2 x 1.5
    ['max', 200],
    ['sum', 250], // 1 + 1 + 0.5
    ['first', 150], // m1 has the higher priority
  ] as const)('multiplier group mode %s on 100 base points gives %i', (mode, points) => {
    const { engine, state } = setup({
      earning: [
        { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
        { id: 'm1', kind: 'multiplier', factor: '1.5', priority: 2 },
        { id: 'm2', kind: 'multiplier', factor: '2' },
      ],
      stacking: { multipliers: mode },
    });
    expect(earned(engine.apply(state, purchase([{ price: 10000 }])).effects)).toEqual({ base: points });
  });

  test('multipliers apply before the single rounding and only where they apply', () => {
    const { engine, state } = setup({
      earning: [
        { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
        { id: 'bonus', kind: 'fixed', event: 'purchase', points: '10' },
        {
          id: 'double',
          kind: 'multiplier',
          factor: '1.5',
          when: { fact: 'localWeekday', operator: 'equal', value: 1 },
        },
      ],
    });
    // 0.99 x 1.5 = 1.485 -> 1 (not 0 x 1.5); the fixed bonus is not multiplied by default
    const r = engine.apply(state, purchase([{ price: 99 }]));
    expect(earned(r.effects)).toEqual({ base: 1, bonus: 10 });
    const e = r.effects.find(
      (x): x is PointsEarnedEntry => x.type === 'pointsEarned' && x.ruleId === 'base',
    )!;
    expect(e.explanation).toMatchObject({
      unrounded: '1.485',
      multipliers: [{ ruleId: 'double', factor: '1.5' }],
    });
  });
});

describe('caps and budgets (DOMAIN.md point 11)', () => {
  const base = { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } } as const;

  test('a monthly points cap grants what is left and records requested vs granted', () => {
    const { engine, state } = setup({
      earning: [base],
      caps: [{ id: 'monthly', points: '150', window: { type: 'calendar', unit: 'month' } }],
    });
    let s: MemberState = state;
    const r1 = engine.apply(s, purchase([{ price: 10000 }], {}, '2026-03-30T02:00:00Z'));
    s = r1.state;
    const r2 = engine.apply(s, purchase([{ price: 10000 }], {}, '2026-03-31T02:00:00Z'));
    expect(earned(r2.effects)).toEqual({ base: 50 });
    expect(r2.effects.find((e) => e.type === 'ruleCapped')).toMatchObject({
      ruleId: 'base',
      capId: 'monthly',
      requested: 100,
      granted: 50,
    });
    s = r2.state;
    const r3 = engine.apply(s, purchase([{ price: 10000 }], {}, '2026-03-31T15:59:59Z'));
    expect(earned(r3.effects)).toEqual({});
    expect(r3.effects.map((e) => e.type)).toEqual(['eventApplied', 'ruleCapped']);
    // April in Shanghai starts at 2026-03-31T16:00Z: the cap resets.
    const r4 = engine.apply(r3.state, purchase([{ price: 10000 }], {}, '2026-03-31T16:00:00Z'));
    expect(earned(r4.effects)).toEqual({ base: 100 });
  });

  test('a count cap in a rolling window: at most 2 reviews rewarded in 7 days', () => {
    const { engine, state } = setup({
      earning: [{ id: 'review', kind: 'fixed', event: 'custom', customEvent: 'review', points: '10' }],
      caps: [
        {
          id: 'reviews',
          count: 2,
          window: { type: 'rollingDays', days: 7 },
          appliesTo: { rules: ['review'] },
        },
      ],
    });
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-07', '2026-03-08', '2026-03-09'];
    let s = state;
    const got: number[] = [];
    days.forEach((d, i) => {
      const r = engine.apply(s, {
        type: 'custom',
        id: `rv-${i}`,
        occurredAt: `${d}T04:00:00Z`,
        name: 'review',
      });
      got.push(earned(r.effects)['review'] ?? 0);
      s = r.state;
    });
    // 03-08 is 7 days after 03-01 (the window 03-02..03-08 holds one); 03-09's window holds 03-08 only
    expect(got).toEqual([10, 10, 0, 0, 10, 10]);
  });
});

describe('birthday and referral (DOMAIN.md point 7)', () => {
  test('birthday on the day, in the member zone, with 29 February on 28 February', () => {
    const { engine, state } = setup(
      { earning: [{ id: 'bd', kind: 'fixed', event: 'birthday', points: '100' }] },
      { birthday: '2000-02-29', timeZone: 'America/New_York' },
    );
    // 2026-02-28 23:30 in New York is 2026-03-01T04:30Z (already 1 March in Shanghai)
    const r = engine.apply(state, { type: 'birthday', id: 'b', occurredAt: '2026-03-01T04:30:00Z' });
    expect(earned(r.effects)).toEqual({ bd: 100 });
    const report = engine.explainEvent(state, {
      type: 'birthday',
      id: 'b2',
      occurredAt: '2026-03-01T05:30:00Z',
    });
    expect(report.rules).toMatchObject([{ ruleId: 'bd', reason: 'notBirthday' }]);
  });

  test('a referred member earns on the first purchase only, and signals the referrer once', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'welcome',
          kind: 'fixed',
          event: 'referral',
          points: '30',
          referral: { role: 'referee', trigger: 'firstPurchase' },
        },
      ],
    });
    const s1 = engine.apply(state, { type: 'signup', id: 'su', occurredAt: T0, referredBy: 'friend' }).state;
    const first = engine.apply(s1, purchase([{ price: 100 }]));
    expect(earned(first.effects)).toEqual({ welcome: 30 });
    expect(first.effects.filter((e) => e.type === 'referralQualified')).toHaveLength(1);
    const second = engine.apply(first.state, purchase([{ price: 100 }]));
    expect(earned(second.effects)).toEqual({});
    expect(second.effects.filter((e) => e.type === 'referralQualified')).toHaveLength(0);
  });
});

describe('facts and explanations', () => {
  test('member facts are as of before the event; custom facts come from the host', () => {
    const { engine, state } = setup({
      customFacts: ['pAlive'],
      earning: [
        {
          id: 'first',
          kind: 'fixed',
          event: 'purchase',
          points: '50',
          when: { fact: 'isFirstPurchase', operator: 'equal', value: true },
        },
        {
          id: 'winback',
          kind: 'fixed',
          event: 'purchase',
          points: '80',
          when: { fact: 'pAlive', operator: 'lessThan', value: 0.3 },
        },
      ],
    });
    const r1 = engine.apply(state, purchase([{ price: 100 }]), { facts: { pAlive: 0.2 } });
    expect(earned(r1.effects)).toEqual({ first: 50, winback: 80 });
    const winback = r1.effects.find(
      (e): e is PointsEarnedEntry => e.type === 'pointsEarned' && e.ruleId === 'winback',
    )!;
    expect(winback.explanation.facts).toEqual({ pAlive: 0.2 });
    expect(engine.explain(winback).condition).toMatchObject({ kind: 'fact', factValue: 0.2, result: true });
    const r2 = engine.apply(r1.state, purchase([{ price: 100 }]), { facts: { pAlive: 0.9 } });
    expect(earned(r2.effects)).toEqual({});
  });

  test('why no bonus: explainEvent shows the failing leaf and changes nothing', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'big',
          kind: 'fixed',
          event: 'purchase',
          points: '100',
          when: {
            all: [
              {
                fact: 'subtotal',
                operator: 'moneyGreaterThanInclusive',
                value: { amount: 30000, currency: 'CNY' },
              },
            ],
          },
        },
      ],
    });
    const before = structuredClone(state);
    const report = engine.explainEvent(state, purchase([{ price: 25000 }]));
    expect(report.rules[0]).toMatchObject({
      ruleId: 'big',
      reason: 'conditionFalse',
      condition: {
        kind: 'all',
        result: false,
        children: [{ fact: 'subtotal', factValue: { amount: 25000, currency: 'CNY' }, result: false }],
      },
    });
    expect(report.effects.map((e) => e.type)).toEqual(['eventApplied']);
    expect(state).toEqual(before);
  });

  test('spendInWindow sees the member activity of the last N local days', () => {
    const { engine, state } = setup({
      earning: [
        {
          id: 'regular',
          kind: 'fixed',
          event: 'purchase',
          points: '5',
          when: {
            fact: 'spendInWindow',
            params: { days: 30 },
            operator: 'moneyGreaterThanInclusive',
            value: { amount: 20000, currency: 'CNY' },
          },
        },
      ],
    });
    let s = engine.apply(state, purchase([{ price: 15000 }], {}, '2026-02-01T02:00:00Z')).state;
    s = engine.apply(s, purchase([{ price: 5000 }], {}, '2026-02-20T02:00:00Z')).state;
    expect(s.totals.earned).toBe(0); // before this event the window held 150.00
    const r = engine.apply(s, purchase([{ price: 100 }], {}, '2026-02-25T02:00:00Z'));
    expect(earned(r.effects)).toEqual({ regular: 5 }); // 200.00 in the last 30 days
    const later = engine.apply(r.state, purchase([{ price: 100 }], {}, '2026-03-10T02:00:00Z'));
    expect(earned(later.effects)).toEqual({}); // 02-01 left the window
  });
});
