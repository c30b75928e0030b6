// Issue 6: refunds (full, partial, line-level, repeated; fixed bonuses; the three policies) and
// late events (refused, or re-derived to the same state as applying in time order).
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type PointsReversedEntry,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const program = (extra: Partial<ProgramInput> = {}): ProgramInput => ({
  id: 'p',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'big',
      kind: 'fixed',
      event: 'purchase',
      points: '50',
      when: {
        fact: 'subtotal',
        operator: 'moneyGreaterThanInclusive',
        value: { amount: 30000, currency: 'CNY' },
      },
    },
  ],
  rewards: [{ id: 'gift', points: '200' }],
  ...extra,
});

function setup(extra: Partial<ProgramInput> = {}) {
  const engine = createEngine(defineProgram(program(extra)));
  const state = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
  return { engine, state };
}

// 3 x 100.00 (line a) + 1 x 50.00 (line b) = 350.00: base 350, big bonus 50
const order = {
  type: 'purchase',
  id: 'o-1',
  occurredAt: '2026-02-01T02:00:00Z',
  currency: 'CNY',
  lines: [
    { id: 'a', sku: 'shirt', quantity: 3, price: 10000 },
    { id: 'b', sku: 'cap', quantity: 1, price: 5000 },
  ],
};

const refund = (id: string, lines?: { lineId: string; quantity: number }[], at = '2026-02-05T02:00:00Z') => ({
  type: 'refund',
  id,
  occurredAt: at,
  orderId: 'o-1',
  ...(lines ? { lines } : {}),
});

const reversed = (effects: readonly LedgerEntry[]) =>
  effects
    .filter((e): e is PointsReversedEntry => e.type === 'pointsReversed')
    .map((e) => ({
      ruleId: e.ruleId,
      requested: e.requested,
      points: e.points,
      shortfall: e.shortfall,
      debt: e.debt,
    }));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return `${e.code}:${e.issues[0]?.code}`;
    throw e;
  }
  return undefined;
}

describe('refunds (DOMAIN.md points 5-6)', () => {
  test('a partial line refund reverses that line proportionally; the bonus stays while its condition holds', () => {
    const { engine, state } = setup();
    const s = engine.apply(state, order).state;
    expect(engine.balance(s, s.clock).available).toBe(400);
    const r = engine.apply(s, refund('rf-1', [{ lineId: 'a', quantity: 1 }]));
    // subtotal after: 250.00 < 300.00: the bonus goes too
    expect(reversed(r.effects)).toEqual([
      { ruleId: 'base', requested: 100, points: 100, shortfall: 0, debt: 0 },
      { ruleId: 'big', requested: 50, points: 50, shortfall: 0, debt: 0 },
    ]);
    expect(engine.balance(r.state, r.state.clock).available).toBe(250);
    expect(r.state.stats.lifetimeSpend).toBe(25000);
  });

  test('the fixed bonus stays when the order still meets its condition', () => {
    const { engine, state } = setup();
    const s = engine.apply(state, order).state;
    const r = engine.apply(s, refund('rf-1', [{ lineId: 'b', quantity: 1 }]));
    expect(reversed(r.effects)).toEqual([
      { ruleId: 'base', requested: 50, points: 50, shortfall: 0, debt: 0 },
    ]);
  });

  test('repeated partial refunds never reverse more than was earned; a full refund reverses exactly the rest', () => {
    const odd = {
      ...order,
      lines: [{ id: 'a', sku: 'shirt', quantity: 3, price: 3333 }], // 99.99 -> 99 points, 33.33 each
    };
    const { engine, state } = setup();
    let s = engine.apply(state, odd).state;
    const steps: number[] = [];
    for (const id of ['rf-1', 'rf-2', 'rf-3']) {
      const r = engine.apply(s, refund(id, [{ lineId: 'a', quantity: 1 }]));
      steps.push(reversed(r.effects).reduce((sum, x) => sum + x.points, 0));
      s = r.state;
    }
    expect(steps).toEqual([33, 33, 33]);
    expect(engine.balance(s, s.clock).available).toBe(0);
    expect(code(() => engine.apply(s, refund('rf-4')))).toBe('INVALID_EVENT:already_refunded');
  });

  test('refunding more than was bought, an unknown line or an unknown order is refused', () => {
    const { engine, state } = setup();
    const s = engine.apply(state, order).state;
    expect(code(() => engine.apply(s, refund('x', [{ lineId: 'a', quantity: 4 }])))).toBe(
      'INVALID_EVENT:more_than_bought',
    );
    expect(code(() => engine.apply(s, refund('y', [{ lineId: 'z', quantity: 1 }])))).toBe(
      'INVALID_EVENT:unknown_line',
    );
    expect(code(() => engine.apply(s, { ...refund('z'), orderId: 'nope' }))).toBe(
      'INVALID_EVENT:unknown_order',
    );
  });

  test('reversals use the version the order was earned under, never today rates', () => {
    const v1 = defineProgram({ ...program(), version: 1 });
    const v2 = defineProgram({
      ...program(),
      version: 2,
      effectiveFrom: '2026-02-03T00:00:00Z',
      earning: [{ id: 'base', kind: 'spend', rate: { points: '5', per: '1.00' } }],
    });
    const engine = createEngine([v1, v2]);
    let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    s = engine.apply(s, order).state;
    const r = engine.apply(s, refund('rf', [{ lineId: 'b', quantity: 1 }]));
    expect(reversed(r.effects)).toEqual([
      { ruleId: 'base', requested: 50, points: 50, shortfall: 0, debt: 0 },
    ]);
  });

  describe('after the points were spent', () => {
    // 400 earned, 200 redeemed: a full refund must take back 400
    function spent(policy: 'pendingOnly' | 'clampToZero' | 'allowNegative', floor?: string) {
      const { engine, state } = setup({ refunds: { policy, ...(floor ? { negativeFloor: floor } : {}) } });
      let s = engine.apply(state, order).state;
      s = engine.apply(s, {
        type: 'adjustment',
        id: 'adj',
        occurredAt: '2026-02-02T00:00:00Z',
        points: 30,
        reason: 'goodwill',
      }).state;
      s = engine.apply(s, {
        type: 'redemption',
        id: 'rd',
        occurredAt: '2026-02-03T00:00:00Z',
        rewardId: 'gift',
      }).state;
      return { engine, s };
    }

    test('clampToZero (default): takes what is left, down to zero, and records the shortfall', () => {
      const { engine, s } = spent('clampToZero');
      const r = engine.apply(s, refund('rf'));
      // balance 230: base lot 150 left + big lot 50 + adjustment 30
      expect(reversed(r.effects)).toEqual([
        { ruleId: 'base', requested: 350, points: 230, shortfall: 120, debt: 0 },
        { ruleId: 'big', requested: 50, points: 0, shortfall: 50, debt: 0 },
      ]);
      expect(engine.balance(r.state, r.state.clock).available).toBe(0);
      expect(engine.checkInvariants(r.state)).toEqual([]);
    });

    test('pendingOnly: only points still in the order lots come back', () => {
      const { engine, s } = spent('pendingOnly');
      const r = engine.apply(s, refund('rf'));
      expect(reversed(r.effects)).toEqual([
        { ruleId: 'base', requested: 350, points: 150, shortfall: 200, debt: 0 },
        { ruleId: 'big', requested: 50, points: 50, shortfall: 0, debt: 0 },
      ]);
      expect(engine.balance(r.state, r.state.clock).available).toBe(30);
    });

    test('allowNegative: the balance goes negative down to the floor; later earnings pay the debt first', () => {
      const { engine, s } = spent('allowNegative', '-100');
      const r = engine.apply(s, refund('rf'));
      expect(reversed(r.effects)).toEqual([
        { ruleId: 'base', requested: 350, points: 330, shortfall: 20, debt: 100 },
        { ruleId: 'big', requested: 50, points: 0, shortfall: 50, debt: 0 },
      ]);
      expect(engine.balance(r.state, r.state.clock).available).toBe(-100);
      expect(
        code(() =>
          engine.apply(r.state, {
            type: 'redemption',
            id: 'rd2',
            occurredAt: '2026-02-06T00:00:00Z',
            points: 1,
          }),
        ),
      ).toBe('INSUFFICIENT_POINTS:insufficient_points');
      const next = engine.apply(r.state, {
        ...order,
        id: 'o-2',
        orderId: 'o-2',
        occurredAt: '2026-02-06T00:00:00Z',
        lines: [order.lines[1]!],
      });
      const earned = next.effects.find((e) => e.type === 'pointsEarned');
      expect(earned).toMatchObject({ points: 50, debtRepaid: 50, lot: { amount: 50, remaining: 0 } });
      expect(engine.balance(next.state, next.state.clock).available).toBe(-50);
      expect(engine.checkInvariants(next.state)).toEqual([]);
    });
  });

  test('checkInvariants with the ledger holds after earnings repay a debt (allowNegative)', () => {
    const { engine, state } = setup({ refunds: { policy: 'allowNegative' } });
    const buy = (id: string, price: number, at: string) => ({
      type: 'purchase',
      id,
      occurredAt: at,
      currency: 'CNY',
      lines: [{ sku: 'tea', quantity: 1, price }],
    });
    const live = engine.applyAll(state, [
      buy('o1', 10000, '2026-02-01T02:00:00Z'),
      { type: 'redemption', id: 'r1', occurredAt: '2026-02-02T02:00:00Z', points: 100 },
      { type: 'refund', id: 'rf1', occurredAt: '2026-02-03T02:00:00Z', orderId: 'o1' },
      buy('o2', 5000, '2026-02-04T02:00:00Z'),
    ]);
    expect(live.state.debt).toBe(50);
    expect(live.effects.find((e) => e.type === 'pointsEarned' && e.eventId === 'o2')).toMatchObject({
      debtRepaid: 50,
      lot: { amount: 50, remaining: 0 },
    });
    expect(engine.checkInvariants(live.state, live.effects)).toEqual([]);
    // Partly repaid: the lot keeps the rest, and the ledger says so too.
    const more = engine.apply(live.state, buy('o3', 8000, '2026-02-05T02:00:00Z'));
    const ledger = [...live.effects, ...more.effects];
    expect(more.state.debt).toBe(0);
    expect(engine.balance(more.state, more.state.clock).available).toBe(30);
    expect(engine.checkInvariants(more.state, ledger)).toEqual([]);
  });

  test('a refund takes pending points of the order first', () => {
    const { engine, state } = setup({ pending: { days: 14 } });
    let s = engine.apply(state, {
      type: 'adjustment',
      id: 'adj',
      occurredAt: '2026-01-15T00:00:00Z',
      points: 500,
      reason: 'x',
    }).state;
    s = engine.apply(s, order).state;
    expect(engine.balance(s, s.clock)).toMatchObject({ available: 500, pending: 400 });
    const r = engine.apply(s, refund('rf', [{ lineId: 'a', quantity: 3 }]));
    expect(engine.balance(r.state, r.state.clock)).toMatchObject({ available: 500, pending: 50 });
    expect(
      r.effects
        .filter((e): e is PointsReversedEntry => e.type === 'pointsReversed')
        .map((e) => e.allocations),
    ).toEqual([[{ lotId: 'o-1:base:earned', points: 300 }], [{ lotId: 'o-1:big:earned', points: 50 }]]);
  });
});

describe('late events (DOMAIN.md point 15)', () => {
  const events = [
    {
      type: 'purchase',
      id: 'e1',
      occurredAt: '2026-03-01T02:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'a', quantity: 1, price: 10000 }],
    },
    {
      type: 'purchase',
      id: 'e2',
      occurredAt: '2026-03-02T02:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'a', quantity: 4, price: 10000 }],
    },
    { type: 'redemption', id: 'e3', occurredAt: '2026-03-03T02:00:00Z', rewardId: 'gift' },
    {
      type: 'purchase',
      id: 'e4',
      occurredAt: '2026-03-04T02:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'a', quantity: 1, price: 5000 }],
    },
  ];
  const late = {
    type: 'purchase',
    id: 'late',
    occurredAt: '2026-03-01T12:00:00Z',
    currency: 'CNY',
    lines: [{ sku: 'b', quantity: 1, price: 2000 }],
  };

  test('refused with OUT_OF_ORDER by default', () => {
    const { engine, state } = setup();
    const s = engine.applyAll(state, events).state;
    expect(code(() => engine.apply(s, late))).toBe('OUT_OF_ORDER:late_event');
  });

  test('re-derived: the state equals applying every event in time order; the ledger stays append-only', () => {
    const { engine, state } = setup({
      lateEvents: { mode: 'rederive', windowDays: 7 },
      expiry: { mode: 'rolling', days: 2 },
    });
    const live = engine.applyAll(state, events);
    const r = engine.apply(live.state, late);
    expect(r.effects.map((e) => e.type)).toEqual(['stateRederived']);
    const inOrder = engine.applyAll(state, [events[0], late, ...events.slice(1)]).state;
    const { version: v1, recentEventIds: ids1, ...a } = r.state;
    const { version: v2, recentEventIds: ids2, ...b } = engine.advance(inOrder, live.state.clock).state;
    expect(a).toEqual(b);
    expect(v1).toBe(live.effects.length + 1);
    expect(v2).toBeGreaterThan(0);
    // The recent ids are the ids applied, in the order they were applied (decision 002).
    expect(ids1).toEqual(['e1', 'e2', 'e3', 'e4', 'late']);
    expect(ids2).toEqual(['e1', 'late', 'e2', 'e3', 'e4']);
    // replay of the whole ledger gives the same state; the duplicate of the late event is a no-op
    const ledger = [...live.effects, ...r.effects];
    expect(engine.replay(state, ledger)).toEqual(r.state);
    expect(engine.apply(r.state, late).effects).toEqual([]);
    expect(engine.explain(r.effects[0]!).summary).toMatch(/^Late event late applied by re-deriving/);
  });

  test('a late event is remembered in the order it was applied, then by the journal', () => {
    const { engine, state } = setup({
      lateEvents: { mode: 'rederive', windowDays: 30 },
      idempotency: { recentEvents: 2 },
    });
    // A late custom event leaves no lot, order or redemption to recognize it by.
    const visit = { type: 'custom', id: 'v', occurredAt: '2026-03-01T00:00:00Z', name: 'visit' };
    let s = engine.applyAll(state, events).state;
    s = engine.apply(s, visit).state;
    expect(s.recentEventIds).toEqual(['e4', 'v']);
    s = engine.applyAll(s, [
      { ...events[3]!, id: 'e5', occurredAt: '2026-03-05T02:00:00Z' },
      { ...events[3]!, id: 'e6', occurredAt: '2026-03-06T02:00:00Z' },
    ]).state;
    expect(s.recentEventIds).toEqual(['e5', 'e6']);
    // Out of the recent ids, but in the journal: still a duplicate, not re-derived again.
    const again = engine.apply(s, visit);
    expect(again.effects).toEqual([]);
    expect(again.state).toBe(s);
  });

  test('checkInvariants with the ledger knows the lots a re-derivation created', () => {
    const { engine, state } = setup({ lateEvents: { mode: 'rederive', windowDays: 30 } });
    const buy = (id: string, at: string) => ({
      type: 'purchase',
      id,
      occurredAt: at,
      currency: 'CNY',
      lines: [{ sku: 'tea', quantity: 1, price: 100 }],
    });
    const live = engine.applyAll(state, [
      buy('o1', '2026-03-01T02:00:00Z'),
      buy('o2', '2026-03-01T01:00:00Z'), // late: re-derived
      { type: 'redemption', id: 'r1', occurredAt: '2026-03-01T03:00:00Z', points: 2 },
    ]);
    expect(live.effects.map((e) => e.type)).toContain('stateRederived');
    const redeemed = live.effects.find((e) => e.type === 'pointsRedeemed');
    expect(redeemed?.type === 'pointsRedeemed' && redeemed.allocations.map((a) => a.lotId)).toContain(
      'o2:base:earned',
    );
    expect(engine.checkInvariants(live.state, live.effects)).toEqual([]);
    // Per-lot bookkeeping goes on after the re-derivation: a cancellation restores both lots.
    const cancelled = engine.apply(live.state, {
      type: 'redemptionCancellation',
      id: 'c1',
      occurredAt: '2026-03-01T04:00:00Z',
      redemptionId: 'r1',
    });
    expect(engine.checkInvariants(cancelled.state, [...live.effects, ...cancelled.effects])).toEqual([]);
  });

  test('beyond the journal window a late event is refused', () => {
    const { engine, state } = setup({ lateEvents: { mode: 'rederive', windowDays: 1 } });
    let s: MemberState = engine.applyAll(state, events).state;
    s = engine.apply(s, { ...events[3]!, id: 'e5', occurredAt: '2026-03-10T02:00:00Z' }).state;
    expect(code(() => engine.apply(s, late))).toBe('OUT_OF_ORDER:late_event');
  });
});
