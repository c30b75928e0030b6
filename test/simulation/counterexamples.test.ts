/**
 * Bugs the simulator found in src/, each as its smallest reproduction, marked `test.fails`: the test
 * passes while the bug is there and fails the day it is fixed. Then turn it into `test(...)` and set
 * its flag in ./knownBugs.ts to `false`, so the simulator checks that case again.
 */
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { buy, program, run } from '../support/counterexampleKit.js';

describe('counterexamples found by the simulator', () => {
  test('an activation gift is given once per member, even after its reward was used', () => {
    // Simulator seed 3177019768 (SIM_SEED=3177019768 SIM_EVENTS=500). The gift's once-check looked
    // for the gift's reward among the member's unused rewards only: once the reward was used, a
    // second signup issued it again, under the same sourceKey. Fixed: the fold remembers the gift.
    const engine = createEngine(
      defineProgram(
        program({
          rewards: [{ id: 'welcome-pack', points: '0' }],
          gifts: [{ id: 'welcome', on: 'activation', rewards: ['welcome-pack'] }],
        }),
      ),
    );
    const key = 'gift:welcome:member:welcome-pack';
    const { state, ledger } = run(engine, [
      { type: 'signup', id: 's-1', occurredAt: '2026-01-02T00:00:00Z' },
      { type: 'rewardUsed', id: 'u-1', occurredAt: '2026-01-03T00:00:00Z', key },
      { type: 'signup', id: 's-2', occurredAt: '2026-01-04T00:00:00Z' },
    ]);
    expect(ledger.filter((e) => e.type === 'rewardIssued').length).toBe(1);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
  test.fails('a re-derived late event is remembered: sending it again is a no-op', () => {
    // Simulator seed 47660587 (with the flag false, SIM_EVENTS=500). After a re-derivation the
    // state remembers the last `recentEvents` ids in time order, so the late event (the one just
    // applied) is the first to be forgotten. A late event that leaves no lot, order or redemption
    // behind (here a custom event that counts for a tier) is then not recognized when it is
    // retried: it is re-derived again and writes a new entry.
    const engine = createEngine(
      defineProgram(
        program({
          lateEvents: { mode: 'rederive' },
          idempotency: { recentEvents: 2 },
          tiers: {
            metrics: { reviews: { kind: 'counter', customEvent: 'review', window: { type: 'lifetime' } } },
            levels: [
              { id: 'member', name: 'Member' },
              {
                id: 'critic',
                name: 'Critic',
                entry: { fact: 'reviews', operator: 'greaterThanInclusive', value: 2 },
              },
            ],
            policy: { period: { type: 'calendarYears', years: 1 } },
          },
        } as Partial<ProgramInput>),
      ),
    );
    const late = { type: 'custom', id: 'c-0', occurredAt: '2026-03-01T00:00:00Z', name: 'review' };
    const { state } = run(engine, [
      buy('o-1', '2026-03-02T00:00:00Z'),
      buy('o-2', '2026-03-03T00:00:00Z'),
      late,
    ]);
    expect(state.tier?.id).toBe('member');
    const again = engine.apply(state, late);
    // Today: a second stateRederived entry (the re-derivation itself does not count the review twice).
    expect(again.effects).toEqual([]);
  });
  test("engine.checkInvariants checks the lots' order of the version in force, not of the latest", () => {
    // Simulator seed 126 (SIM_EVENTS=300), before the generator gave every version one redemption
    // order (SIM_BUGS.orderChangeKeepsLots). Version 1 redeems earliest-earned first; version 2
    // (from 2027) earliest expiry first. The state keeps its lots in version 1's order, as it
    // should, but engine.checkInvariants checked them against the latest version's order. Fixed: it
    // checks them against the order of the version in force at the state's clock.
    const v1 = program({
      pending: { until: 'orderCompleted' },
      expiry: { mode: 'rolling', days: 30, from: 'activated' },
      redemption: { order: 'earnedFirst' },
    });
    const v2 = {
      ...v1,
      version: 2,
      effectiveFrom: '2027-01-01T00:00:00Z',
      redemption: { order: 'expiryFirst' },
    };
    const engine = createEngine([defineProgram(v1), defineProgram(v2 as ProgramInput)]);
    const done = (id: string, orderId: string, occurredAt: string) => ({
      type: 'orderCompleted',
      id,
      occurredAt,
      orderId,
    });
    const { state, ledger } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'),
      buy('b', '2026-03-02T00:00:00Z'),
      done('b-done', 'b', '2026-03-03T00:00:00Z'), // b expires 2 April
      done('a-done', 'a', '2026-03-10T00:00:00Z'), // a expires 9 April
    ]);
    expect(state.lots.map((l) => l.id)).toEqual(['a:visit:earned', 'b:visit:earned']);
    // Was: [{ invariant: 'lots', message: 'Lot b:visit:earned is out of redemption order' }]
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    // The same lots in version 2's order are out of order while version 1 is in force.
    const swapped = { ...state, lots: [...state.lots].reverse() };
    expect(engine.checkInvariants(swapped).map((v) => v.message)).toEqual([
      'Lot a:visit:earned is out of redemption order',
    ]);
  });
  test('points a cancellation restores after an inactivity expiry are expired or spendable, not both', () => {
    // Simulator seed 861226677 (with the flag false, SIM_EVENTS=500). Inactivity expiry after 6
    // days: the 40 points left expire on 9 March. A cancellation on 21 March restores the 60
    // redeemed points to the lot. The cancellation does not count as activity, so by balance() they
    // are already expired (available 0), yet apply wrote no expiry: the state held 60 open points
    // past their deadline, and advancing expired them later. Fixed (decision 021): they expire at
    // once, in the cancellation, for inactivity.
    const engine = createEngine(defineProgram(program({ expiry: { mode: 'inactivity', days: 6 } })));
    const { state, ledger } = run(engine, [
      buy('o-1', '2026-03-01T00:00:00Z'),
      { type: 'redemption', id: 'r-1', occurredAt: '2026-03-02T00:00:00Z', points: 60 },
      { type: 'custom', id: 'c-1', occurredAt: '2026-03-20T00:00:00Z', name: 'visit' },
      { type: 'redemptionCancellation', id: 'x-1', occurredAt: '2026-03-21T00:00:00Z', redemptionId: 'r-1' },
    ]);
    const open = state.lots.reduce((a, l) => a + l.remaining, 0) - state.debt;
    const b = engine.balance(state, state.clock);
    // Was: the lot held 60, balance() said 0 available.
    expect(b.available + b.pending).toBe(open);
    expect(open).toBe(0);
    expect(
      ledger.filter((e) => e.type === 'pointsExpired').map((e) => [e.occurredAt, e.points, e.reason]),
    ).toEqual([
      ['2026-03-09T00:00:00.000Z', 40, 'inactivity'],
      ['2026-03-21T00:00:00.000Z', 60, 'inactivity'],
    ]);
    expect(engine.advance(state, '2026-06-01T00:00:00Z').effects).toEqual([]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
  test('two cancellations at one instant that restore the same expired lot write two distinct expiries', () => {
    // Simulator seed 1698309809 (SIM_BASE_SEED=8, stream 97; found once cancellations were sent to
    // every program again). Each cancellation restores points of lot o-1 after its expiry and expires
    // them at once; both expiries had the source key `<lot>:expired:<instant>`, so the second one
    // repeated the first's. Fixed: the key names the cancellation (`<event>:<lot>:expired`).
    const engine = createEngine(defineProgram(program({ expiry: { mode: 'rolling', days: 30 } })));
    const cancel = (id: string, redemptionId: string) => ({
      type: 'redemptionCancellation',
      id,
      occurredAt: '2026-04-05T00:00:00Z',
      redemptionId,
    });
    const { state, ledger } = run(engine, [
      buy('o-1', '2026-03-01T00:00:00Z'),
      { type: 'redemption', id: 'r-1', occurredAt: '2026-03-02T00:00:00Z', points: 60 },
      { type: 'redemption', id: 'r-2', occurredAt: '2026-03-03T00:00:00Z', points: 40 },
      cancel('x-1', 'r-1'),
      cancel('x-2', 'r-2'),
    ]);
    expect(ledger.filter((e) => e.type === 'pointsExpired').map((e) => [e.sourceKey, e.points])).toEqual([
      ['x-1:o-1:visit:earned:expired', 60],
      ['x-2:o-1:visit:earned:expired', 40],
    ]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
  test.fails('a re-derivation keeps the events applied while a version without re-derivation was in force', () => {
    // Simulator seed 2633233257 (with the flag false, SIM_EVENTS=500). Versions 1 and 3 re-derive
    // late events, version 2 (5 to 15 March) refuses them. The journal started under version 1 is
    // not kept under version 2, so purchase `a` (10 March) is not in it; the late purchase of 2
    // March is re-derived from that journal, and `a`'s lot and its 100 points are gone.
    const late = { lateEvents: { mode: 'rederive', windowDays: 7 } } as const;
    const engine = createEngine([
      defineProgram(program(late)),
      defineProgram(program({ version: 2, effectiveFrom: '2026-03-05T00:00:00Z' })),
      defineProgram(program({ ...late, version: 3, effectiveFrom: '2026-03-15T00:00:00Z' })),
    ]);
    const { state } = run(engine, [
      { type: 'custom', id: 'c-1', occurredAt: '2026-03-01T00:00:00Z', name: 'visit' },
      buy('a', '2026-03-10T00:00:00Z'),
      buy('b', '2026-03-20T00:00:00Z'),
    ]);
    let after: MemberState;
    try {
      after = engine.apply(state, buy('late', '2026-03-02T00:00:00Z')).state;
    } catch (e) {
      // Refusing it as outside the 7-day window would be right too.
      expect(isLoyaltyError(e) && e.code).toBe('OUT_OF_ORDER');
      return;
    }
    // Today: lots ['late:visit:earned', 'b:visit:earned'] and 200 points earned.
    expect(after.lots.map((l) => l.id).sort()).toEqual([
      'a:visit:earned',
      'b:visit:earned',
      'late:visit:earned',
    ]);
    expect(after.totals.earned).toBe(300);
  });
  test('after a version changes the redemption order, lots still expire on time', () => {
    // Found by the simulator (there `replay` also differed from the live state in nextDue).
    // Versions 1 and 2 redeem earliest-earned first, version 3 (from 15 March) earliest expiry first
    // and has no expiry. The open lots stayed in the old order (a, which never expires, before b),
    // and under version 3 the expiry scan stopped at a: b's expiry of 9 April was never written.
    // Fixed (decision 021): decisions see the lots in the order of the version in force, and the
    // fold puts them in it with the first entry of that version.
    const engine = createEngine([
      defineProgram(program({ redemption: { order: 'earnedFirst' } })),
      defineProgram(
        program({
          version: 2,
          effectiveFrom: '2026-03-05T00:00:00Z',
          redemption: { order: 'earnedFirst' },
          expiry: { mode: 'rolling', days: 30 },
        }),
      ),
      defineProgram(program({ version: 3, effectiveFrom: '2026-03-15T00:00:00Z' })),
    ]);
    const { state, ledger } = run(engine, [
      buy('a', '2026-03-01T00:00:00Z'), // never expires
      buy('b', '2026-03-10T00:00:00Z'), // expires 9 April
      { type: 'adjustment', id: 'g', occurredAt: '2026-03-20T00:00:00Z', points: 50, reason: 'gift' },
      { type: 'custom', id: 'c', occurredAt: '2026-05-01T00:00:00Z', name: 'visit' },
    ]);
    // Was: no pointsExpired entry, b open on 1 May, and checkInvariants reported 'expiry' and 'lots'.
    expect(ledger.filter((e) => e.type === 'pointsExpired').map((e) => e.points)).toEqual([100]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
  /** Reviews of the calendar month make the tiers; version 2 (from 15 March) adds 7 days of grace. */
  const graceFromVersion2 = () => {
    const tiers = (graceDays: number) => ({
      metrics: {
        reviews: { kind: 'counter', customEvent: 'review', window: { type: 'calendar', unit: 'month' } },
      },
      levels: [
        { id: 'member', name: 'Member' },
        {
          id: 'silver',
          name: 'Silver',
          entry: { fact: 'reviews', operator: 'greaterThanInclusive', value: 1 },
          retention: { fact: 'reviews', operator: 'greaterThanInclusive', value: 1 },
        },
        {
          id: 'gold',
          name: 'Gold',
          entry: { fact: 'reviews', operator: 'greaterThanInclusive', value: 2 },
          retention: { fact: 'reviews', operator: 'greaterThanInclusive', value: 2 },
        },
      ],
      policy: { period: { type: 'months', months: 1 }, graceDays },
    });
    return createEngine([
      defineProgram(program({ tiers: tiers(0) } as Partial<ProgramInput>)),
      defineProgram(
        program({
          version: 2,
          effectiveFrom: '2026-03-15T00:00:00Z',
          tiers: tiers(7),
        } as Partial<ProgramInput>),
      ),
    ]);
  };
  const review = (id: string) => ({ type: 'custom', id, occurredAt: '2026-03-01T00:00:00Z', name: 'review' });
  const tierChanges = (ledger: readonly LedgerEntry[]) =>
    ledger.flatMap((e) => (e.type === 'tierChanged' ? [[e.sourceKey, e.from, e.to]] : []));

  test('a step down after grace falls at the end of grace when the grace comes with a later version', () => {
    // Simulator seed 280434429 (SIM_BASE_SEED=6; SIM_EVENTS=500). advance looked at the period end
    // under the version in force at the state's clock (no grace), took the first check of the
    // version in force then (grace: no decision yet), and, the clock not having moved, stopped
    // there: the end of grace was never reached. The next call caught up at its clock, stepping
    // down twice at one instant, both entries with the source key `time@<clock>:tierChanged`.
    // Fixed: the period end is looked at under the version in force when the period ends.
    const engine = graceFromVersion2();
    const { state, ledger } = run(engine, [
      review('r-1'),
      review('r-2'), // gold until 2 April; the first check then, grace (version 2) until 9 April
      buy('o-1', '2026-06-01T00:00:00Z'),
      { advanceTo: '2026-07-01T00:00:00Z' },
    ]);
    // Was: both at 2026-06-01, as time@2026-06-01T00:00:00.000Z:tierChanged (twice).
    expect(tierChanges(ledger)).toEqual([
      ['r-1:tierChanged', 'member', 'silver'],
      ['r-2:tierChanged', 'silver', 'gold'],
      ['time@2026-04-09T00:00:00.000Z:tierChanged', 'gold', 'silver'],
      ['time@2026-05-09T00:00:00.000Z:tierChanged', 'silver', 'member'],
    ]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
  test('the tier after an event is the one applying the events from scratch gives', () => {
    // Simulator seed 3999195570 (SIM_BASE_SEED=7; SIM_EVENTS=500): the same cause as above. The
    // event after the end of grace left the member in the tier whose period had ended (what a
    // fresh member given the same events has too, stepping down as it should); only a later
    // `advance` stepped down, at its own clock.
    const engine = graceFromVersion2();
    const { state } = run(engine, [review('r-1'), review('r-2'), buy('o-1', '2026-04-20T00:00:00Z')]);
    // Was: gold (until 2 April) after the purchase of 20 April.
    expect(state.tier).toMatchObject({ id: 'silver', since: '2026-04-09T00:00:00.000Z' });
    expect(engine.advance(state, '2026-04-25T00:00:00Z').effects).toEqual([]);
  });
});
