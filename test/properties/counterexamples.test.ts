/**
 * The smallest counterexamples of the time and tier properties (test/properties/time.test.ts and
 * tiers.test.ts) that failed on the engine, as plain examples: each fails until its bug in src/ is
 * fixed. The properties step around these bugs while the flags in ./knownBugs.ts say so.
 */
import { createEngine, defineProgram, type Engine, type MemberState } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { buy, joinedAt, program, run } from '../support/counterexampleKit.js';
import { outcomeOf } from './harness.js';
import { withoutVersion } from './timed.js';

const gift = (id: string, occurredAt: string, points = 50) => ({
  type: 'adjustment',
  id,
  occurredAt,
  points,
  reason: 'gift',
});

// Each test below reproduced a bug. While a bug is there its test is marked `test.fails` (it passes
// while the bug is there and fails once it is fixed); then it becomes `test(...)`, a regression test,
// and its flag in knownBugs.ts goes (the properties check those cases again).
describe('counterexamples found by the time and tier properties', () => {
  test('checkInvariants accepts a ledger that draws on a lot created inside a re-derivation', () => {
    // The late gift is re-derived (one stateRederived entry holds its lot); the redemption then draws on that lot.
    const engine = createEngine(defineProgram(program({ lateEvents: { mode: 'rederive' } })));
    const { state, ledger } = run(engine, [
      buy('o-1', '2026-03-02T00:00:00Z'),
      gift('a-0', '2026-03-01T00:00:00Z'),
      { type: 'redemption', id: 'r-1', occurredAt: '2026-03-03T00:00:00Z', points: 120 },
    ]);
    expect(ledger.map((e) => e.type)).toEqual([
      'eventApplied',
      'pointsEarned',
      'stateRederived',
      'eventApplied',
      'pointsRedeemed',
    ]);
    // Before the fix: [{ invariant: 'allocations', message: 'Entry r-1:redeemed moves points of unknown lot a-0:adjusted' }]
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });

  test('checkInvariants accepts a lot whose points repaid a debt (the lot holds the rest)', () => {
    const engine = createEngine(defineProgram(program({ refunds: { policy: 'allowNegative' } })));
    const { state, ledger } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'),
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T01:00:00Z', points: 100 },
      { type: 'refund', id: 'rf', occurredAt: '2026-03-01T02:00:00Z', orderId: 'a' }, // debt 100
      buy('b', '2026-03-02T00:00:00Z'), // repays the debt: the lot holds 0
    ]);
    expect(state.debt).toBe(0);
    expect(ledger.at(-1)).toMatchObject({ type: 'pointsEarned', debtRepaid: 100, lot: { remaining: 0 } });
    // Before the fix: [{ invariant: 'perLot', message: 'Lot b:visit:earned: the ledger leaves 100, the state holds 0' }]
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });

  test('a re-derivation never takes the clock back before its own entry', () => {
    // Inactivity expiry after 5 days: the purchase of 1 March expires on 7 March; a late purchase of
    // 4 March undoes that expiry. The stateRederived entry is dated 7 March; the state's clock went back to 4 March.
    const engine = createEngine(
      defineProgram(program({ lateEvents: { mode: 'rederive' }, expiry: { mode: 'inactivity', days: 5 } })),
    );
    const { state, ledger } = run(engine, [
      buy('o-1', '2026-03-01T00:00:00Z'),
      { advanceTo: '2026-03-20T00:00:00Z' },
      buy('o-2', '2026-03-04T00:00:00Z'),
    ]);
    expect(ledger.at(-1)).toMatchObject({ type: 'stateRederived', occurredAt: '2026-03-07T00:00:00.000Z' });
    // Before the fix: the clock was 2026-03-04 and checkInvariants reported 'clock'; an event of 5 March was then
    // applied as if it were not late, and the ledger went back in time.
    expect(state.clock >= '2026-03-07T00:00:00.000Z').toBe(true);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });

  test('after a re-derivation the same expiry is never written twice (sourceKeys stay unique)', () => {
    // Points expire after 10 days (12 March). A late redemption of them (5 March) is re-derived: the
    // state's clock went back to 5 March (before the fix), so a cancellation on 6 March was applied as if it were not
    // late, restored the points, and advancing wrote their expiry of 12 March a second time.
    const engine = createEngine(
      defineProgram(program({ lateEvents: { mode: 'rederive' }, expiry: { mode: 'rolling', days: 10 } })),
    );
    const { state, ledger } = run(engine, [
      buy('o-1', '2026-03-01T00:00:00Z'),
      { advanceTo: '2026-03-20T00:00:00Z' },
      { type: 'redemption', id: 'r-1', occurredAt: '2026-03-05T00:00:00Z', points: 100 },
      { type: 'redemptionCancellation', id: 'c-1', occurredAt: '2026-03-06T00:00:00Z', redemptionId: 'r-1' },
      { advanceTo: '2026-03-20T00:00:00Z' },
    ]);
    const expiries = ledger.filter((e) => e.type === 'pointsExpired').map((e) => e.sourceKey);
    // Before the fix: ['o-1:visit:earned:expired:2026-03-12T00:00:00.000Z' twice], and checkInvariants reported
    // 'sourceKeys' and 'clock' (c-1's entries go back in time).
    expect(new Set(expiries).size).toBe(expiries.length);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });

  test('a re-derived state equals applying the events in time order, journal included', () => {
    // Journal window 7 days, points pending 2 days. p0 rolls into the journal's anchor when p1 comes
    // (anchor: the state after p0, 1 March). The late gift is re-derived from that anchor, but the
    // re-derivation restarts the journal from a state advanced to the gift's time (p0's activation on
    // 3 March folded in), so the journal no longer reaches back to 1 March.
    const engine = createEngine(
      defineProgram(program({ lateEvents: { mode: 'rederive', windowDays: 7 }, pending: { days: 2 } })),
    );
    const p0 = buy('p0', '2026-03-01T12:00:00Z');
    const p1 = buy('p1', '2026-03-09T12:00:00Z');
    const a = gift('a', '2026-03-09T00:00:00Z');
    const live = run(engine, [p0, p1, a]).state;
    const inOrder = run(engine, [p0, a, p1]).state;
    // Before the fix the anchors differed: clock 2026-03-03T12:00 (live) vs 2026-03-01T12:00 (in order).
    // The recent ids are in the order applied (decision 002), so they differ by design.
    const ids = (s: MemberState) => ({ ...(withoutVersion(s) as MemberState), recentEventIds: [] });
    expect(ids(live)).toStrictEqual(ids(inOrder));
    expect(live.recentEventIds).toEqual(['p0', 'p1', 'a']);
    expect(inOrder.recentEventIds).toEqual(['p0', 'a', 'p1']);
  });

  test('a late event within windowDays of the latest event is re-derived, also after an earlier re-derivation', () => {
    const engine = createEngine(
      defineProgram(program({ lateEvents: { mode: 'rederive', windowDays: 7 }, pending: { days: 2 } })),
    );
    const { state } = run(engine, [
      buy('p0', '2026-03-01T12:00:00Z'),
      buy('p1', '2026-03-09T12:00:00Z'),
      gift('a', '2026-03-09T00:00:00Z'), // late: re-derived
    ]);
    // 3 March is 6.5 days before the latest event (p1): within the window. Before the fix: OUT_OF_ORDER
    // (the journal's anchor is at 3 March 12:00 after the re-derivation).
    const b = gift('b', '2026-03-03T00:00:00Z');
    expect(outcomeOf(() => engine.apply(state, b))).toHaveProperty('ok');
  });

  test('balance and expiringBetween count an inactivity deadline restarted by an earlier inactivity expiry', () => {
    // Inactivity after 10 days; purchases pending 21 days. The gift expires for inactivity on 12 March,
    // which restarts the clock: the purchase's points, available from 22 March, expire on 23 March.
    const engine = createEngine(
      defineProgram(program({ pending: { days: 21 }, expiry: { mode: 'inactivity', days: 10 } })),
    );
    const { state } = run(engine, [gift('a-1', '2026-03-01T00:00:00Z'), buy('o-1', '2026-03-01T00:00:00Z')]);
    const t = '2026-03-25T00:00:00Z';
    const advanced = engine.advance(state, t);
    expect(advanced.effects.map((e) => [e.type, e.occurredAt])).toEqual([
      ['pointsExpired', '2026-03-12T00:00:00.000Z'],
      ['pointsActivated', '2026-03-22T00:00:00.000Z'],
      ['pointsExpired', '2026-03-23T00:00:00.000Z'],
    ]);
    // Before the fix balance(state, t) said 100 available (advance then leaves 0) ...
    expect(engine.balance(state, t)).toEqual(engine.balance(advanced.state, t));
    // ... and expiringBetween listed only the first expiry (50 points), not the 100 of 23 March.
    expect(engine.expiringBetween(state, state.clock, t).map((x) => [x.at, x.points])).toEqual([
      ['2026-03-12T00:00:00.000Z', 50],
      ['2026-03-23T00:00:00.000Z', 100],
    ]);
  });

  test("a later version's shorter inactivity window does not expire points before it takes effect", () => {
    // v1: inactivity after 100 days. v2, from 1 June: after 10 days. The purchase of 1 March is the
    // last activity (a custom event does not reset the clock). Under v1 the points last until 10 June.
    const v1 = defineProgram(program({ version: 1, expiry: { mode: 'inactivity', days: 100 } }));
    const v2 = defineProgram(
      program({
        version: 2,
        effectiveFrom: '2026-06-01T00:00:00Z',
        expiry: { mode: 'inactivity', days: 10 },
      }),
    );
    const engine = createEngine([v1, v2]);
    const { state } = run(engine, [
      buy('o-1', '2026-03-01T00:00:00Z'),
      { type: 'custom', id: 'c-1', occurredAt: '2026-03-20T00:00:00Z', name: 'review' },
    ]);
    const t = '2026-07-01T00:00:00Z';
    const expired = engine.advance(state, t).effects.filter((e) => e.type === 'pointsExpired');
    // Before the fix: expired under v2's rule on 20 March (the clock), when v1 was in force ...
    expect(expired.map((e) => e.occurredAt >= '2026-06-01T00:00:00.000Z')).toEqual([true]);
    // ... and the reminder missed it (its deadline, 12 March, was before the clock).
    expect(engine.expiringBetween(state, state.clock, t).reduce((a, x) => a + x.points, 0)).toBe(100);
  });

  test('pending points that repay a debt count for the points metric like points available at once', () => {
    const tiered = (pending: boolean) =>
      createEngine(
        defineProgram(
          program({
            refunds: { policy: 'allowNegative' },
            ...(pending ? { pending: { days: 5 } } : {}),
            tiers: {
              metrics: { pts: { kind: 'points', window: { type: 'lifetime' } } },
              levels: [
                { id: 'member' },
                { id: 'silver', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 100 } },
              ],
            },
          }),
        ),
      );
    const steps = [
      buy('a', '2026-03-01T00:00:00Z'),
      { type: 'orderCompleted', id: 'c', occurredAt: '2026-03-01T01:00:00Z', orderId: 'a' },
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T02:00:00Z', points: 100 },
      { type: 'refund', id: 'rf', occurredAt: '2026-03-01T03:00:00Z', orderId: 'a' }, // debt 100
      buy('b', '2026-03-02T00:00:00Z'), // 100 points earned, all of them repay the debt
      { advanceTo: '2026-04-01T00:00:00Z' },
    ];
    const metric = (engine: Engine) => {
      const { state } = run(engine, steps);
      return engine.tierStatus(state, '2026-04-01T00:00:00Z')?.metrics['pts'];
    };
    expect(metric(tiered(false))).toBe(100);
    // Before the fix: 0 (b's points never counted: its lot held nothing to activate)
    expect(metric(tiered(true))).toBe(100);
  });

  describe('pending awards that repay a debt count for the points metric when they become available', () => {
    const tiered = () =>
      createEngine(
        defineProgram(
          program({
            earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
            refunds: { policy: 'allowNegative' },
            pending: { days: 5 },
            tiers: {
              metrics: { pts: { kind: 'points', window: { type: 'calendar', unit: 'month' } } },
              levels: [
                { id: 'member' },
                { id: 'silver', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 100 } },
              ],
              policy: { period: { type: 'months', months: 1 } },
            },
          }),
        ),
      );
    const order = (id: string, occurredAt: string) => ({
      type: 'purchase',
      id,
      occurredAt,
      currency: 'CNY',
      lines: [
        { id: 'x', sku: 'x', quantity: 1, price: 5000 },
        { id: 'y', sku: 'y', quantity: 1, price: 5000 },
      ],
    });
    // a's 100 points are spent, then a is refunded: a debt of 100.
    const inDebt = [
      order('a', '2026-03-01T00:00:00Z'),
      { type: 'orderCompleted', id: 'c', occurredAt: '2026-03-01T01:00:00Z', orderId: 'a' },
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T02:00:00Z', points: 100 },
      { type: 'refund', id: 'rf', occurredAt: '2026-03-01T03:00:00Z', orderId: 'a' },
    ];

    test('all of it repaid: the award has no lot, is activated with 0 points, and a refund takes back what counted', () => {
      const engine = tiered();
      const { state, ledger } = run(engine, [
        ...inDebt,
        order('b', '2026-03-28T12:00:00Z'), // pending until 2 April 12:00; its 100 points repay the debt
        { advanceTo: '2026-04-05T00:00:00Z' },
      ]);
      expect(state.debt).toBe(0);
      expect(ledger.filter((e) => e.type === 'pointsActivated').at(-1)).toMatchObject({
        lotId: 'b:base:earned',
        points: 0,
        occurredAt: '2026-04-02T12:00:00.000Z',
        metrics: [{ metric: 'pts', value: 100 }],
      });
      expect(engine.tierStatus(state, state.clock)?.metrics['pts']).toBe(100); // April
      expect(engine.tierStatus(state, state.clock)?.tier.id).toBe('silver');
      expect(engine.checkInvariants(state, ledger)).toEqual([]);
      const refunded = run(engine, [
        ...inDebt,
        order('b', '2026-03-28T12:00:00Z'),
        { type: 'refund', id: 'rf-b', occurredAt: '2026-04-10T00:00:00Z', orderId: 'b' },
      ]);
      expect(engine.tierStatus(refunded.state, '2026-04-10T00:00:00Z')?.metrics['pts']).toBe(0);
      expect(refunded.state.debt).toBe(100);
      expect(engine.checkInvariants(refunded.state, refunded.ledger)).toEqual([]);
      // Refunded before it became available: it never counts.
      const early = run(engine, [
        ...inDebt,
        order('b', '2026-03-28T12:00:00Z'),
        { type: 'refund', id: 'rf-b', occurredAt: '2026-03-30T00:00:00Z', orderId: 'b' },
        { advanceTo: '2026-04-05T00:00:00Z' },
      ]);
      expect(
        early.ledger.filter((e) => e.type === 'pointsActivated' && e.lotId === 'b:base:earned'),
      ).toHaveLength(0);
      expect(engine.tierStatus(early.state, '2026-04-05T00:00:00Z')?.metrics['pts']).toBe(0);
      expect(early.state.nextDue.activationAt).toBeNull();
    });

    test('part of it repaid: the lot counts the whole award; a refund that empties the lot leaves the rest waiting', () => {
      const engine = tiered();
      const complete = {
        type: 'orderCompleted',
        id: 'c-b',
        occurredAt: '2026-03-04T00:00:00Z',
        orderId: 'b',
      };
      const steps = [
        ...inDebt,
        { type: 'adjustment', id: 'x', occurredAt: '2026-03-01T04:00:00Z', points: 40, reason: 'goodwill' }, // debt 60
        order('b', '2026-03-02T00:00:00Z'), // 100 pending: 60 repay the debt, the lot holds 40
      ];
      const whole = run(engine, [...steps, complete]);
      expect(whole.ledger.at(-1)).toMatchObject({
        type: 'pointsActivated',
        points: 40,
        metrics: [{ value: 100 }],
      });
      expect(engine.tierStatus(whole.state, whole.state.clock)?.metrics['pts']).toBe(100);
      // A line refund asks 50 back: the lot's 40, and a debt of 10. The other 50 wait without a lot.
      const refund = {
        type: 'refund',
        id: 'rf-b',
        occurredAt: '2026-03-03T00:00:00Z',
        orderId: 'b',
        lines: [{ lineId: 'x', quantity: 1 }],
      };
      const refunded = run(engine, [...steps, refund]);
      expect(refunded.state.lots.some((l) => l.id === 'b:base:earned')).toBe(false);
      expect(refunded.state.debt).toBe(10);
      const { state, ledger } = run(engine, [...steps, refund, complete]);
      expect(ledger.at(-1)).toMatchObject({
        type: 'pointsActivated',
        lotId: 'b:base:earned',
        points: 0,
        reason: 'orderCompleted',
        metrics: [{ metric: 'pts', value: 50 }],
      });
      expect(engine.tierStatus(state, state.clock)?.metrics['pts']).toBe(50);
      expect(engine.checkInvariants(state, ledger)).toEqual([]);
      expect(engine.replay(engine.enroll({ memberId: 'm-1', joinedAt }), ledger)).toStrictEqual(state);
    });
  });

  test('a refund of points that expired while pending takes nothing from the points metric (they never counted)', () => {
    const engine = createEngine(
      defineProgram(
        program({
          pending: { until: 'orderCompleted' },
          expiry: { mode: 'rolling', days: 10, from: 'earned' },
          tiers: {
            metrics: { pts: { kind: 'points', window: { type: 'lifetime' } } },
            levels: [
              { id: 'member' },
              { id: 'silver', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 100 } },
            ],
          },
        }),
      ),
    );
    // The order never completes: its 100 points expire pending on 12 March, then it is refunded.
    const { state, ledger } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'),
      { type: 'refund', id: 'rf', occurredAt: '2026-03-20T00:00:00Z', orderId: 'a' },
    ]);
    expect(ledger.filter((e) => e.type === 'pointsExpired')).toHaveLength(1);
    // Before the fix: -100
    expect(engine.tierStatus(state, state.clock)?.metrics['pts']).toBe(0);
  });

  test('a refund takes points back from the points metric on the day they counted (activation), not the purchase day', () => {
    const engine = createEngine(
      defineProgram(
        program({
          pending: { days: 3 },
          tiers: {
            metrics: { pts: { kind: 'points', window: { type: 'calendar', unit: 'month' } } },
            levels: [
              { id: 'member' },
              { id: 'silver', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 100 } },
            ],
            policy: { period: { type: 'months', months: 1 } },
          },
        }),
      ),
    );
    // Bought on 30 January, available (and counted) on 2 February, spent on 3 February, refunded on 4 February.
    const { state } = run(engine, [
      buy('a', '2026-01-30T12:00:00Z'),
      { type: 'redemption', id: 'r', occurredAt: '2026-02-03T00:00:00Z', points: 100 },
      { type: 'refund', id: 'rf', occurredAt: '2026-02-04T00:00:00Z', orderId: 'a' },
    ]);
    // Before the fix: February still counted the refunded 100 points, and January showed -100.
    expect(engine.tierStatus(state, '2026-02-05T00:00:00Z')?.metrics['pts']).toBe(0);
    expect(engine.tierStatus(state, '2026-01-31T00:00:00Z')?.metrics['pts']).toBe(0);
  });

  test('a locked grant stays a floor after an upgrade: the member never drops below the granted tier', () => {
    const Y = (yuan: number) => yuan * 100;
    const engine = createEngine(
      defineProgram({
        id: 'club',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
        tiers: {
          metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
          levels: [
            { id: 'member' },
            { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(1000) } },
            { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(5000) } },
            { id: 'vip', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(20000) } },
          ],
        },
      }),
    );
    // Gold is granted and locked with no end (until revoked); a big order then qualifies for vip.
    const { state, ledger } = run(engine, [
      { type: 'tierGrant', id: 'g', occurredAt: '2026-01-01T00:00:00Z', tierId: 'gold' },
      {
        type: 'purchase',
        id: 'o',
        occurredAt: '2026-02-01T02:00:00Z',
        currency: 'CNY',
        lines: [{ sku: 'x', quantity: 1, price: Y(20000) }],
      },
      { advanceTo: '2030-01-01T00:00:00Z' },
    ]);
    expect(
      ledger.filter((e) => e.type === 'tierChanged').map((e) => e.type === 'tierChanged' && e.to),
    ).toContain('vip');
    // Before the fix: vip -> gold -> silver -> member at the ends of 2027, 2028 and 2029.
    expect(['gold', 'vip']).toContain(state.tier?.id);
  });
  test('a redemption cancelled during a debt repays the debt before its points are available again', () => {
    const engine = createEngine(defineProgram(program({ refunds: { policy: 'allowNegative' } })));
    const { state, ledger } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'),
      buy('b', '2026-03-01T00:30:00Z'),
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T01:00:00Z', points: 200 },
      { type: 'refund', id: 'rf', occurredAt: '2026-03-01T02:00:00Z', orderId: 'a' }, // debt 100
      { type: 'redemptionCancellation', id: 'c', occurredAt: '2026-03-01T03:00:00Z', redemptionId: 'r' },
    ]);
    // The redemption drew a's lot first: its 100 points pay off the debt, b's go back to b's lot.
    expect(ledger.at(-1)).toMatchObject({
      type: 'redemptionCancelled',
      points: 200,
      debtRepaid: 100,
      restored: [{ lotId: 'b:visit:earned', points: 100 }],
    });
    expect(engine.balance(state, state.clock).available).toBe(100);
    // Before the fix: the debt stayed at 100 while 200 points were back in the lots.
    expect(state.debt).toBe(0);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(engine.enroll({ memberId: 'm-1', joinedAt }), ledger)).toStrictEqual(state);
    expect(engine.explain(ledger.at(-1)!).summary).toContain(
      '100 of them paying off a negative balance first',
    );
  });

  test('pending points that become available during a debt do not leave points to spend and a debt at once', () => {
    const engine = createEngine(
      defineProgram(program({ refunds: { policy: 'allowNegative' }, pending: { days: 5 } })),
    );
    const { state } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'),
      { type: 'orderCompleted', id: 'c', occurredAt: '2026-03-01T01:00:00Z', orderId: 'a' },
      buy('b', '2026-03-01T02:00:00Z'), // pending until 6 March
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T03:00:00Z', points: 100 },
      // a's points were spent and b's are pending (a refund takes only available points): a debt of 100
      { type: 'refund', id: 'rf', occurredAt: '2026-03-01T04:00:00Z', orderId: 'a' },
      { advanceTo: '2026-03-10T00:00:00Z' },
    ]);
    expect(engine.balance(state, state.clock).available).toBe(0);
    // Before the fix: b's 100 points were available and the debt was still 100 (a redemption of
    // them succeeded). Fixed (decision 012): before making a debt, a refund takes other orders'
    // pending points, so no debt waits beside points that will become available.
    expect(state.debt).toBe(0);
    expect(state.lots.map((l) => l.id)).not.toContain('b:visit:earned');
  });

  describe('tier retention with a grace period', () => {
    // Gold needs 5000.00 of calendar-year spend, and 4000.00 a year to keep it; 30 days of grace.
    const Y = (yuan: number) => yuan * 100;
    const graceEngine = () =>
      createEngine(
        defineProgram({
          id: 'club',
          currency: 'CNY',
          timeZone: 'Asia/Shanghai',
          earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
          tiers: {
            metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
            levels: [
              { id: 'member' },
              {
                id: 'gold',
                entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(5000) },
                retention: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(4000) },
              },
            ],
            policy: { period: { type: 'calendarYears', years: 1 }, graceDays: 30 },
          },
        }),
      );
    const order = (id: string, occurredAt: string, yuan: number) => ({
      type: 'purchase',
      id,
      occurredAt,
      currency: 'CNY',
      lines: [{ sku: 'x', quantity: 1, price: Y(yuan) }],
    });
    const periodEnd = '2027-12-31T16:00:00.000Z'; // midnight starting 2028 in Shanghai
    const renewedUntil = '2028-12-31T16:00:00.000Z';

    test('retention met in the period: tierRenewed at the period end, not at the end of grace', () => {
      const engine = graceEngine();
      const { state, ledger } = run(engine, [
        order('o-1', '2026-07-01T04:00:00Z', 5200), // gold until the end of 2027
        order('o-2', '2027-03-14T04:00:00Z', 4100), // 2027: retention met
        { advanceTo: '2028-01-15T04:00:00Z' }, // in what would be grace
      ]);
      // Before the fix: no tierRenewed until 30 January, and tierStatus in January showed the old
      // period with retention unmet (0.00 of the new year's spend, 4000.00 needed).
      expect(
        ledger
          .filter((e) => e.type === 'tierRenewed')
          .map((e) => [e.occurredAt, e.type === 'tierRenewed' && e.until]),
      ).toEqual([[periodEnd, renewedUntil]]);
      const status = engine.tierStatus(state, '2028-01-15T04:00:00Z')!;
      expect(status.tier).toMatchObject({ id: 'gold', until: renewedUntil });
      expect(status.retention?.requirements[0]).toMatchObject({ by: renewedUntil, needed: Y(4000) });
    });

    test('retention met during grace: tierRenewed at once, and tierStatus reports the grace deadline', () => {
      const engine = graceEngine();
      const before = run(engine, [
        order('o-1', '2026-07-01T04:00:00Z', 5200),
        order('o-2', '2027-03-14T04:00:00Z', 3500), // 2027: short of 4000.00
      ]);
      // Before the period end, retention is checked on the year's spend as of its last moment.
      const inDecember = engine.tierStatus(before.state, '2027-12-20T04:00:00Z')!;
      expect(inDecember.retention?.requirements[0]).toMatchObject({ by: periodEnd, needed: Y(500) });
      // In grace: the second chance, on the spend at the end of grace.
      const inGrace = engine.tierStatus(before.state, '2028-01-10T04:00:00Z')!;
      expect(inGrace.tier.until).toBe(periodEnd);
      expect(inGrace.retention?.requirements[0]).toMatchObject({
        by: '2028-01-30T16:00:00.000Z',
        needed: Y(4000),
      });
      const { ledger } = run(engine, [
        order('o-1', '2026-07-01T04:00:00Z', 5200),
        order('o-2', '2027-03-14T04:00:00Z', 3500),
        order('o-3', '2028-01-10T04:00:00Z', 4000), // retention met during grace
      ]);
      expect(
        ledger
          .filter((e) => e.type === 'tierRenewed' || e.type === 'tierChanged')
          .map((e) => [e.type, e.occurredAt]),
      ).toEqual([
        ['tierChanged', '2026-07-01T04:00:00.000Z'],
        ['tierRenewed', '2028-01-10T04:00:00.000Z'],
      ]);
    });
  });
});
