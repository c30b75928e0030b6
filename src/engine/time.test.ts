// Issue 6 scenarios: pending points, the four expiry modes across DST, month ends, 29 February and
// year ends, advance, balance as of an instant, expiringBetween, program versions turning expiry on.
import {
  createEngine,
  defineProgram,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const base: ProgramInput = {
  id: 'p',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
};

function setup(extra: Partial<ProgramInput>, zone?: string) {
  const engine = createEngine(defineProgram({ ...base, ...extra } as ProgramInput));
  const state = engine.enroll({
    memberId: 'm',
    joinedAt: '2020-01-01T00:00:00Z',
    ...(zone ? { timeZone: zone } : {}),
  });
  return { engine, state };
}

let n = 0;
const buy = (occurredAt: string, price = 10000, orderId?: string) => ({
  type: 'purchase',
  id: `o-${++n}`,
  occurredAt,
  currency: 'CNY',
  lines: [
    { id: 'a', sku: 'a', quantity: 2, price: price / 2 },
    { id: 'b', sku: 'b', quantity: 1, price: 0 },
  ].filter((l) => l.price > 0),
  ...(orderId ? { orderId } : {}),
});

const types = (effects: readonly LedgerEntry[]) => effects.map((e) => e.type);

describe('expiry modes (DOMAIN.md point 3)', () => {
  test.each([
    // rolling days in Berlin across the spring DST change: the 23-hour day ends at 22:00Z
    ['Europe/Berlin', { mode: 'rolling', days: 1 }, '2026-03-28T09:00:00Z', '2026-03-29T22:00:00.000Z'],
    // rolling days in New York across the autumn change: the 25-hour day of 1 November
    ['America/New_York', { mode: 'rolling', days: 30 }, '2026-10-02T15:00:00Z', '2026-11-02T05:00:00.000Z'],
    // rolling months clamp to the month end: 31 January + 1 month = end of 28 February (Shanghai)
    ['Asia/Shanghai', { mode: 'rolling', months: 1 }, '2026-01-31T02:00:00Z', '2026-02-28T16:00:00.000Z'],
    // 29 February + 12 months = end of 28 February 2029
    ['Asia/Shanghai', { mode: 'rolling', months: 12 }, '2028-02-29T02:00:00Z', '2029-02-28T16:00:00.000Z'],
    // calendar: end of the year earned in, at 23:59 local on 31 December in Shanghai
    ['Asia/Shanghai', { mode: 'calendar', unit: 'year' }, '2026-12-31T15:59:00Z', '2026-12-31T16:00:00.000Z'],
    // one minute later it is 2027 in Shanghai
    ['Asia/Shanghai', { mode: 'calendar', unit: 'year' }, '2026-12-31T16:00:00Z', '2027-12-31T16:00:00.000Z'],
    // calendar with periods later: end of next year
    [
      'Asia/Shanghai',
      { mode: 'calendar', unit: 'year', periodsLater: 1 },
      '2026-06-01T00:00:00Z',
      '2027-12-31T16:00:00.000Z',
    ],
    [
      'Europe/Berlin',
      { mode: 'calendar', unit: 'quarter' },
      '2026-03-31T21:59:59Z',
      '2026-03-31T22:00:00.000Z',
    ],
    [
      'Europe/Berlin',
      { mode: 'calendar', unit: 'month' },
      '2026-10-15T12:00:00Z',
      '2026-10-31T23:00:00.000Z',
    ],
  ] as const)('in %s, %j: earned %s expires at %s', (zone, expiry, earnedAt, expiresAt) => {
    const { engine, state } = setup({ expiry } as Partial<ProgramInput>, zone);
    const r = engine.apply(state, buy(earnedAt));
    const lot = r.state.lots[0]!;
    expect(lot.expiresAt).toBe(expiresAt);
    // usable until the last millisecond, expired from the expiry instant on
    const justBefore = new Date(Date.parse(expiresAt) - 1).toISOString();
    expect(engine.balance(r.state, justBefore).available).toBe(100);
    expect(engine.balance(r.state, expiresAt).available).toBe(0);
    const later = engine.advance(r.state, expiresAt);
    expect(later.effects).toMatchObject([
      { type: 'pointsExpired', points: 100, occurredAt: expiresAt, reason: 'lotExpired', eventId: null },
    ]);
    expect(later.state.totals.expired).toBe(100);
    expect(engine.advance(r.state, justBefore).effects).toEqual([]);
  });

  test('balance lists expiring points by the last local day they can be used', () => {
    const { engine, state } = setup({ expiry: { mode: 'rolling', days: 30 } });
    let s = engine.apply(state, buy('2026-01-01T02:00:00Z')).state;
    s = engine.apply(s, buy('2026-01-01T05:00:00Z', 5000)).state;
    s = engine.apply(s, buy('2026-01-10T02:00:00Z', 2000)).state;
    expect(engine.balance(s, '2026-01-10T02:00:00Z').expiring).toEqual([
      { on: '2026-01-31', at: '2026-01-31T16:00:00.000Z', points: 150 },
      { on: '2026-02-09', at: '2026-02-09T16:00:00.000Z', points: 20 },
    ]);
    expect(engine.expiringBetween(s, '2026-01-25T00:00:00Z', '2026-02-05T00:00:00Z')).toEqual([
      { at: '2026-01-31T16:00:00.000Z', on: '2026-01-31', points: 150, reason: 'lotExpired' },
    ]);
  });

  test('inactivity: the whole balance expires after N days without a qualifying activity', () => {
    const { engine, state } = setup({
      expiry: { mode: 'inactivity', days: 90, resetBy: ['purchase'] },
      earning: [
        { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
        { id: 'review', kind: 'fixed', event: 'custom', points: '5' },
      ],
    });
    let s = engine.apply(state, buy('2026-01-10T02:00:00Z')).state; // 10 Jan, Shanghai
    s = engine.apply(s, {
      type: 'custom',
      id: 'c1',
      occurredAt: '2026-03-01T02:00:00Z',
      name: 'review',
    }).state;
    // a review does not reset the clock: 90 days after 10 January ends at the start of 11 April
    expect(engine.expiringBetween(s, '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([
      { at: '2026-04-10T16:00:00.000Z', on: '2026-04-10', points: 105, reason: 'inactivity' },
    ]);
    expect(engine.balance(s, '2026-04-10T15:59:59.999Z').available).toBe(105);
    expect(engine.balance(s, '2026-04-10T16:00:00Z').available).toBe(0);
    const r = engine.advance(s, '2026-06-01T00:00:00Z');
    expect(r.effects).toMatchObject([
      { type: 'pointsExpired', points: 105, reason: 'inactivity', occurredAt: '2026-04-10T16:00:00.000Z' },
    ]);
    // a purchase resets the clock; new points then last another 90 days
    const again = engine.apply(r.state, buy('2026-06-01T02:00:00Z', 1000));
    expect(engine.balance(again.state, '2026-08-30T15:59:59Z').available).toBe(10);
    expect(engine.balance(again.state, '2026-08-30T16:00:00Z').available).toBe(0);
  });

  test("inactivity: points available only after a deadline expire at a later version's, not left overdue", () => {
    // v1: 3 days of inactivity; purchases pending 30 days, so v1's deadline (4 February) finds no
    // usable points. v2 (from 1 July): 35 days, and nothing resets the clock. Its deadline counts from
    // the same last activity, so the points expire when v2 takes effect.
    const v1 = defineProgram({
      ...base,
      version: 1,
      pending: { days: 30 },
      expiry: { mode: 'inactivity', days: 3 },
    });
    const v2 = defineProgram({
      ...base,
      version: 2,
      effectiveFrom: '2026-07-01T00:00:00Z',
      expiry: { mode: 'inactivity', days: 35, resetBy: [] },
    });
    const engine = createEngine([v1, v2]);
    let s = engine.enroll({ memberId: 'm', joinedAt: '2020-01-01T00:00:00Z' });
    s = engine.apply(s, buy('2026-02-01T02:00:00Z')).state;
    const later = engine.apply(s, {
      type: 'custom',
      id: 'c-1',
      occurredAt: '2026-12-31T02:00:00Z',
      name: 'x',
    });
    expect(later.effects.map((e) => [e.type, e.occurredAt])).toEqual([
      ['pointsActivated', '2026-03-03T02:00:00.000Z'],
      ['pointsExpired', '2026-07-01T00:00:00.000Z'],
      ['eventApplied', '2026-12-31T02:00:00.000Z'],
    ]);
    // Before the fix v1's deadline hid v2's: nothing expired, and the state was left overdue.
    expect(engine.advance(later.state, later.state.clock).effects).toEqual([]);
  });

  test('turning expiry on for a live program never wipes points earned before it', () => {
    const v1 = defineProgram({ ...base, version: 1 });
    const v2 = defineProgram({
      ...base,
      version: 2,
      effectiveFrom: '2026-06-01T00:00:00Z',
      expiry: { mode: 'rolling', days: 30 },
    });
    const v3 = defineProgram({
      ...base,
      version: 3,
      effectiveFrom: '2027-01-01T00:00:00Z',
      expiry: { mode: 'inactivity', days: 30 },
    });
    const engine = createEngine([v1, v2, v3]);
    let s = engine.enroll({ memberId: 'm', joinedAt: '2025-01-01T00:00:00Z' });
    s = engine.apply(s, buy('2026-01-01T00:00:00Z')).state; // v1: never expires
    s = engine.apply(s, buy('2026-07-01T00:00:00Z', 5000)).state; // v2: expires after 30 days
    expect(s.lots.map((l) => [l.programVersion, l.expiresAt])).toEqual([
      [2, '2026-07-31T16:00:00.000Z'],
      [1, null],
    ]);
    s = engine.advance(s, '2026-12-31T00:00:00Z').state;
    expect(engine.balance(s, '2026-12-31T00:00:00Z').available).toBe(100);
    // v3's inactivity clock starts when v3 takes effect, not at the member's last purchase in 2026
    expect(engine.balance(s, '2027-01-31T15:59:59Z').available).toBe(100);
    expect(engine.balance(s, '2027-01-31T16:00:00Z').available).toBe(0);
  });
});

describe('pending points (DOMAIN.md point 4)', () => {
  test('pending for a 14-day return window: not redeemable, then activated by advance', () => {
    const { engine, state } = setup({
      pending: { days: 14 },
      expiry: { mode: 'rolling', days: 365 },
      rewards: [{ id: 'mug', points: '50' }],
    });
    const r = engine.apply(state, buy('2026-03-01T02:00:00Z'));
    const lot = r.state.lots[0]!;
    expect(lot.availableAt).toBe('2026-03-15T02:00:00.000Z');
    // the expiry clock starts at activation
    expect(lot.expiresAt).toBe('2027-03-15T16:00:00.000Z');
    expect(engine.balance(r.state, '2026-03-10T00:00:00Z')).toMatchObject({ available: 0, pending: 100 });
    expect(() =>
      engine.apply(r.state, {
        type: 'redemption',
        id: 'x',
        occurredAt: '2026-03-10T00:00:00Z',
        rewardId: 'mug',
      }),
    ).toThrow(/needs 50 points but 0 are available/);
    const activated = engine.advance(r.state, '2026-03-20T00:00:00Z');
    expect(activated.effects).toMatchObject([
      {
        type: 'pointsActivated',
        points: 100,
        occurredAt: '2026-03-15T02:00:00.000Z',
        reason: 'windowPassed',
      },
    ]);
    const red = engine.apply(activated.state, {
      type: 'redemption',
      id: 'y',
      occurredAt: '2026-03-20T00:00:00Z',
      rewardId: 'mug',
    });
    expect(types(red.effects)).toEqual(['eventApplied', 'pointsRedeemed', 'rewardIssued']);
    // apply advances first: a redemption after the window activates the points itself
    const direct = engine.apply(r.state, {
      type: 'redemption',
      id: 'z',
      occurredAt: '2026-03-20T00:00:00Z',
      rewardId: 'mug',
    });
    expect(types(direct.effects)).toEqual([
      'pointsActivated',
      'eventApplied',
      'pointsRedeemed',
      'rewardIssued',
    ]);
  });

  test('pending until orderCompleted, with a fallback; expiry counts from activation', () => {
    const { engine, state } = setup({
      pending: { until: 'orderCompleted', maxDays: 30 },
      expiry: { mode: 'rolling', days: 10 },
    });
    const a = engine.apply(state, buy('2026-03-01T02:00:00Z', 10000, 'order-a'));
    const b = engine.apply(a.state, buy('2026-03-01T03:00:00Z', 5000, 'order-b'));
    const done = engine.apply(b.state, {
      type: 'orderCompleted',
      id: 'done-a',
      occurredAt: '2026-03-05T02:00:00Z',
      orderId: 'order-a',
    });
    expect(done.effects).toMatchObject([
      { type: 'eventApplied' },
      {
        type: 'pointsActivated',
        points: 100,
        reason: 'orderCompleted',
        availableAt: '2026-03-05T02:00:00.000Z',
        expiresAt: '2026-03-15T16:00:00.000Z',
      },
    ]);
    expect(engine.balance(done.state, '2026-03-05T02:00:00Z')).toMatchObject({ available: 100, pending: 50 });
    // order b never completes: activated by the fallback after 30 days, then expiring 10 days later
    const later = engine.advance(done.state, '2026-04-30T00:00:00Z');
    expect(later.effects.map((e) => [e.type, e.occurredAt])).toEqual([
      ['pointsExpired', '2026-03-15T16:00:00.000Z'],
      ['pointsActivated', '2026-03-31T03:00:00.000Z'],
      ['pointsExpired', '2026-04-10T16:00:00.000Z'],
    ]);
  });
});

describe('advance', () => {
  const { engine, state } = setup({ pending: { days: 7 }, expiry: { mode: 'rolling', days: 20 } });
  let s: MemberState = state;
  for (const d of ['2026-01-01', '2026-01-05', '2026-01-20', '2026-02-10'])
    s = engine.apply(s, buy(`${d}T04:00:00Z`)).state;

  test('is idempotent, composes, and never goes back in time', () => {
    const once = engine.advance(s, '2026-03-01T00:00:00Z');
    expect(engine.advance(once.state, '2026-03-01T00:00:00Z').effects).toEqual([]);
    const steps = engine.advance(engine.advance(s, '2026-01-20T00:00:00Z').state, '2026-03-01T00:00:00Z');
    expect(steps.state).toEqual(once.state);
    expect(engine.advance(once.state, '2025-01-01T00:00:00Z').state).toBe(once.state);
    const times = once.effects.map((e) => e.occurredAt);
    expect([...times].sort()).toEqual(times);
  });

  test('balance(asOf) predicts advance, without changing the state', () => {
    const snapshot = structuredClone(s);
    for (const t of ['2026-02-11T00:00:00Z', '2026-02-20T00:00:00Z', '2026-03-20T00:00:00Z']) {
      const predicted = engine.balance(s, t);
      const actual = engine.balance(engine.advance(s, t).state, t);
      expect(predicted).toEqual(actual);
    }
    expect(s).toEqual(snapshot);
  });
});
