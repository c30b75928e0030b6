/**
 * Properties of the liability functions on random programs (expiry, pending points, refund policy,
 * late events re-derived or refused) and random histories of a few members (purchases, partial and
 * full refunds, redemptions and their cancellation, manual credits and debits, completed orders,
 * late purchases), applied through the engine:
 *
 * - the liability from the ledger equals the liability from the states and the engine's balances,
 *   at every event and at random later instants (before and after `advance` writes expiries);
 * - points in all age buckets and all expiry months sum to the outstanding total, and their values
 *   to the total value (exact money);
 * - the cohorts' outstanding points sum to the same total; curves are shares in [0, 1];
 * - breakage rates and run-off shares are in [0, 1] and shares sum to 1;
 * - deferred revenue: recognized + deferred = allocated, in total and in every month; deferred >= 0.
 *
 * FC_RUNS sets the number of histories (default 40).
 */
import fc from 'fast-check';
import {
  createEngine,
  deferredRevenue,
  defineProgram,
  type Engine,
  estimateBreakage,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
  pointCohorts,
  pointsLiability,
  pointsLiabilityFromLedger,
} from 'loyalty-engine';
import { expect, test } from 'vitest';

const RUNS = Number(process.env['FC_RUNS'] ?? 40);
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;

const programArb: fc.Arbitrary<ProgramInput> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    expiry: fc.oneof(
      fc.constant({ mode: 'never' }),
      fc.integer({ min: 5, max: 120 }).map((days) => ({ mode: 'rolling', days })),
      fc
        .record({ months: fc.integer({ min: 1, max: 4 }), from: fc.constantFrom('activated', 'earned') })
        .map((r) => ({ mode: 'rolling', ...r })),
      fc
        .record({ unit: fc.constantFrom('month', 'quarter'), periodsLater: fc.integer({ min: 0, max: 1 }) })
        .map((r) => ({ mode: 'calendar', ...r })),
      fc.integer({ min: 10, max: 90 }).map((days) => ({ mode: 'inactivity', days })),
    ),
    pending: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 1, max: 14 }).map((days) => ({ days })),
      fc.constant({ until: 'orderCompleted', maxDays: 20 }),
    ),
    refunds: fc.constantFrom(
      { policy: 'clampToZero' },
      { policy: 'pendingOnly' },
      { policy: 'allowNegative', negativeFloor: '-300' },
    ),
    late: fc.boolean(),
    bonus: fc.boolean(),
  })
  .map(
    (g) =>
      ({
        id: 'p',
        name: 'P',
        currency: 'CNY',
        timeZone: g.timeZone,
        earning: [
          { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
          ...(g.bonus ? [{ id: 'bonus', kind: 'fixed', event: 'purchase', points: '20' }] : []),
          { id: 'welcome', kind: 'fixed', event: 'signup', points: '50' },
        ],
        expiry: g.expiry,
        ...(g.pending === undefined ? {} : { pending: g.pending }),
        refunds: g.refunds,
        ...(g.late ? { lateEvents: { mode: 'rederive', windowDays: 30 } } : {}),
      }) as ProgramInput,
  );

type Action =
  | { k: 'buy'; price: number; qty: number }
  | { k: 'redeem'; points: number }
  | { k: 'cancel' }
  | { k: 'adjust'; points: number }
  | { k: 'refund'; order: number; partial: boolean }
  | { k: 'complete'; order: number }
  | { k: 'late'; price: number; hoursBack: number }
  | { k: 'signup' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('buy' as const),
      price: fc.integer({ min: 100, max: 40_000 }),
      qty: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ k: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 400 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'cancel' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('adjust' as const),
      points: fc.integer({ min: -150, max: 150 }).filter((p) => p !== 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('refund' as const), order: fc.nat(), partial: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('complete' as const), order: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('late' as const),
      price: fc.integer({ min: 100, max: 20_000 }),
      hoursBack: fc.integer({ min: 1, max: 72 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'signup' as const }) },
);

const historyArb = fc.array(
  fc.array(fc.tuple(fc.integer({ min: 1, max: 24 * 40 }), actionArb), { minLength: 1, maxLength: 25 }),
  { minLength: 1, maxLength: 3 },
);

interface Run {
  readonly engine: Engine;
  readonly zone: string;
  readonly ledger: LedgerEntry[];
  /** After each applied event: the instant and the states of every member. */
  readonly checkpoints: { at: string; states: MemberState[]; entries: number }[];
  readonly end: string;
  readonly states: MemberState[];
}

const START = Date.parse('2026-01-01T00:00:00Z');

/** Applies each member's actions in time order across members, skipping refused events. */
function simulate(program: ProgramInput, members: readonly (readonly [number, Action][])[]): Run {
  const engine = createEngine(defineProgram(program));
  const zone = program.timeZone;
  const timeline: { at: number; m: number; a: Action; n: number }[] = [];
  members.forEach((actions, m) => {
    let t = START;
    actions.forEach(([gapHours, a], n) => {
      t += gapHours * 3_600_000;
      timeline.push({ at: t, m, a, n });
    });
  });
  timeline.sort((x, y) => x.at - y.at || x.m - y.m || x.n - y.n);
  const states = members.map((_, m) =>
    engine.enroll({ memberId: `m${m}`, joinedAt: '2025-12-01T00:00:00Z' }),
  );
  const orders: string[][] = members.map(() => []);
  // When each member's last applied event happened: a late purchase goes back from there.
  const lastAt = members.map(() => START);
  const redemptions: string[][] = members.map(() => []);
  const ledger: LedgerEntry[] = [];
  const checkpoints: Run['checkpoints'] = [];
  let end = START;
  for (const { at, m, a, n } of timeline) {
    const id = `m${m}-e${n}`;
    const iso = new Date(at).toISOString();
    let event: unknown;
    switch (a.k) {
      case 'buy':
      case 'late': {
        const when =
          a.k === 'late'
            ? new Date(Math.max(START, lastAt[m]! - a.hoursBack * 3_600_000)).toISOString()
            : iso;
        const qty = a.k === 'buy' ? a.qty : 1;
        event = {
          type: 'purchase',
          id,
          occurredAt: when,
          currency: 'CNY',
          lines: [{ id: 'l1', sku: 's', quantity: qty, price: a.price }],
        };
        orders[m]!.push(id);
        break;
      }
      case 'redeem':
        event = { type: 'redemption', id, occurredAt: iso, points: a.points };
        redemptions[m]!.push(id);
        break;
      case 'cancel': {
        const r = redemptions[m]!.at(-1);
        if (r === undefined) continue;
        event = { type: 'redemptionCancellation', id, occurredAt: iso, redemptionId: r };
        break;
      }
      case 'adjust':
        event = { type: 'adjustment', id, occurredAt: iso, points: a.points, reason: 'test' };
        break;
      case 'refund': {
        const list = orders[m]!;
        if (list.length === 0) continue;
        const orderId = list[a.order % list.length]!;
        event = {
          type: 'refund',
          id,
          occurredAt: iso,
          orderId,
          ...(a.partial ? { lines: [{ lineId: 'l1', quantity: 1 }] } : {}),
        };
        break;
      }
      case 'complete': {
        const list = orders[m]!;
        if (list.length === 0) continue;
        event = { type: 'orderCompleted', id, occurredAt: iso, orderId: list[a.order % list.length]! };
        break;
      }
      case 'signup':
        event = { type: 'signup', id, occurredAt: iso };
        break;
    }
    try {
      const r = engine.apply(states[m]!, event);
      states[m] = r.state;
      ledger.push(...r.effects);
      end = Math.max(end, at);
      lastAt[m] = Math.max(lastAt[m]!, Date.parse((event as { occurredAt: string }).occurredAt));
      checkpoints.push({
        // the member's clock (a re-derived late event leaves it where it was)
        at: [states[m]!.clock, iso].sort()[1]!,
        states: [...states],
        entries: ledger.length,
      });
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
    }
  }
  return { engine, zone, ledger, checkpoints, end: new Date(end).toISOString(), states };
}

const pointValue = { currency: 'CNY', perPoint: '0.013' };

function checkLiability(
  run: Run,
  asOf: string,
  states: readonly MemberState[],
  ledger: readonly LedgerEntry[],
  exactStates: boolean,
): void {
  const options = { asOf, timeZone: run.zone, pointValue };
  const fromLedger = pointsLiabilityFromLedger(ledger, options);
  // every bucket sums to the total, in points and in money
  const sum = (xs: readonly { points: number }[]) => xs.reduce((a, b) => a + b.points, 0);
  const money = (xs: readonly { value: { amount: number } }[]) => xs.reduce((a, b) => a + b.value.amount, 0);
  expect(sum(fromLedger.byAge)).toBe(fromLedger.points);
  expect(sum(fromLedger.byExpiryMonth)).toBe(fromLedger.points);
  expect(money(fromLedger.byAge)).toBe(fromLedger.value.amount);
  expect(money(fromLedger.byExpiryMonth)).toBe(fromLedger.value.amount);
  expect(fromLedger.points).toBe(fromLedger.available + fromLedger.pending);
  if (!exactStates) return;
  const fromStates = pointsLiability(states, options);
  expect(fromLedger.points).toBe(fromStates.points);
  expect(fromLedger.pending).toBe(fromStates.pending);
  expect(fromLedger.debt).toBe(fromStates.debt);
  expect(fromLedger.byAge).toEqual(fromStates.byAge);
  expect(fromLedger.byExpiryMonth).toEqual(fromStates.byExpiryMonth);
  // ... and both equal the engine's balances (available + pending, with debts added back)
  let balance = 0;
  for (const s of states) {
    const b = run.engine.balance(s, asOf);
    balance += b.available + b.pending + s.debt;
  }
  expect(fromLedger.points).toBe(balance);
}

test('liability equals the ledger and the balances at every date; buckets sum to the total', () => {
  fc.assert(
    fc.property(programArb, historyArb, (program, history) => {
      const run = simulate(program, history);
      const inactivity = (program.expiry as { mode: string }).mode === 'inactivity';
      for (const c of run.checkpoints) {
        // Other members' states are as of their own last event: advance them to the checkpoint, as
        // a nightly job would (inactivity expiry is only known once written).
        const upTo = run.ledger.slice(0, c.entries);
        const advanced = c.states.map((s) => run.engine.advance(s, c.at));
        const ledger = [...upTo, ...advanced.flatMap((a) => a.effects)];
        checkLiability(
          run,
          c.at,
          advanced.map((a) => a.state),
          ledger,
          true,
        );
        if (!inactivity) checkLiability(run, c.at, c.states, upTo, true);
      }
      // Later instants: without advance (expiries by lot dates, as balance does), then advanced.
      for (const days of [1, 17, 45, 130]) {
        const later = new Date(Date.parse(run.end) + days * 86_400_000).toISOString();
        const advanced = run.states.map((s) => run.engine.advance(s, later));
        const ledger = [...run.ledger, ...advanced.flatMap((a) => a.effects)];
        checkLiability(
          run,
          later,
          advanced.map((a) => a.state),
          ledger,
          true,
        );
        if (!inactivity) {
          expect(
            pointsLiabilityFromLedger(run.ledger, { asOf: later, timeZone: run.zone, pointValue }),
          ).toEqual(pointsLiabilityFromLedger(ledger, { asOf: later, timeZone: run.zone, pointValue }));
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('cohorts, breakage and deferred revenue are consistent', () => {
  fc.assert(
    fc.property(
      programArb,
      historyArb,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom('lastHazards', 'redeemed', 'breakage' as const),
      (program, history, rate, tail) => {
        const run = simulate(program, history);
        const later = new Date(Date.parse(run.end) + 40 * 86_400_000).toISOString();
        const options = { asOf: later, timeZone: run.zone };
        const liability = pointsLiabilityFromLedger(run.ledger, { ...options, pointValue });
        for (const lots of ['all', 'purchases'] as const) {
          const cohorts = pointCohorts(run.ledger, { ...options, lots });
          const outstanding = cohorts.cohorts.reduce((a, c) => a + c.outstanding, 0);
          if (lots === 'all') expect(outstanding).toBe(liability.points);
          for (const c of cohorts.cohorts) {
            expect(c.outstanding).toBeGreaterThanOrEqual(0);
            for (const x of [...c.redeemedShare, ...c.expiredShare]) {
              expect(x).toBeGreaterThanOrEqual(0);
              expect(x).toBeLessThanOrEqual(1);
            }
          }
          let estimate: ReturnType<typeof estimateBreakage> | undefined;
          try {
            estimate = estimateBreakage(cohorts, { tail });
          } catch (e) {
            expect((e as { code: string }).code).toBe('INSUFFICIENT_DATA');
          }
          if (estimate !== undefined) {
            expect(estimate.rate).toBeGreaterThanOrEqual(0);
            expect(estimate.rate).toBeLessThanOrEqual(1);
            for (const r of estimate.byAge) {
              for (const x of [r.redeemed, r.expired, r.removed, r.breakage]) {
                expect(x).toBeGreaterThanOrEqual(0);
                expect(x).toBeLessThanOrEqual(1);
              }
              expect(r.redeemed + r.expired + r.removed).toBeCloseTo(1, 9);
            }
            expect(estimate.outstanding.points).toBe(outstanding);
          }
          for (const breakage of [rate, ...(estimate === undefined ? [] : [estimate])]) {
            const s = deferredRevenue(run.ledger, { ...options, pointValue, breakage });
            expect(s.totals.recognized.amount + s.totals.deferred.amount).toBe(s.totals.allocated.amount);
            let allocated = 0;
            let recognized = 0;
            for (const m of s.months) {
              allocated += m.allocated.amount;
              recognized += m.recognized.amount;
              expect(m.deferred.amount).toBe(allocated - recognized);
              expect(m.deferred.amount).toBeGreaterThanOrEqual(0);
              expect(m.recognizedFromBreakage.amount).toBeLessThanOrEqual(
                Math.max(0, m.recognized.amount) + allocated,
              );
            }
            expect(allocated).toBe(s.totals.allocated.amount);
            expect(s.pointsWithoutConsideration + (s.months.at(-1)?.pointsOutstanding ?? 0)).toBe(
              liability.points,
            );
          }
        }
      },
    ),
    { numRuns: RUNS },
  );
});
