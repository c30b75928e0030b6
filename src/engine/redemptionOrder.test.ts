// Decision 021: a later program version with another redemption order. The open lots are kept in
// the order of the version in force; decisions under the new version (the expiry scan of advance,
// redemption draws) see them in its order, and the fold puts them in it with the first entry of the
// new version, the same way in apply, advance and replay.
import { createEngine, defineProgram, type Engine, type MemberState } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { buy, program, run } from '../../test/support/counterexampleKit.js';

/** Versions 1 and 2 redeem earliest-earned first (2 adds 30-day expiry), 3 (from 15 March) earliest expiry first. */
function earnedThenExpiry(): Engine {
  return createEngine([
    defineProgram(program({ redemption: { order: 'earnedFirst' } })),
    defineProgram(
      program({
        version: 2,
        effectiveFrom: '2026-03-05T00:00:00Z',
        redemption: { order: 'earnedFirst' },
        expiry: { mode: 'rolling', days: 30 },
      }),
    ),
    defineProgram(
      program({ version: 3, effectiveFrom: '2026-03-15T00:00:00Z', redemption: { order: 'expiryFirst' } }),
    ),
  ]);
}

const ids = (s: MemberState) => s.lots.map((l) => l.id);

describe('a later version changes the redemption order (decision 021)', () => {
  // a (1 March) never expires; b (10 March) expires at the end of 9 April.
  const earn = [buy('a', '2026-03-01T00:00:00Z'), buy('b', '2026-03-10T00:00:00Z')];

  test('the lots are kept in the old order until an entry of the new version', () => {
    const engine = earnedThenExpiry();
    const { state } = run(engine, [...earn, { advanceTo: '2026-03-20T00:00:00Z' }]);
    // Nothing was written under version 3 yet: the state is as version 2 left it.
    expect(ids(state)).toEqual(['a:visit:earned', 'b:visit:earned']);
    expect(engine.checkInvariants(state)).toEqual([]);
    expect(engine.expiringBetween(state, '2026-03-20T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([
      { at: '2026-04-10T00:00:00.000Z', on: '2026-04-09', points: 100, reason: 'lotExpired' },
    ]);
  });

  test('advance expires a lot behind a never-expiring one, with no event under the new version', () => {
    const engine = earnedThenExpiry();
    const { initial, state, ledger } = run(engine, [...earn, { advanceTo: '2026-05-01T00:00:00Z' }]);
    const expired = ledger.filter((e) => e.type === 'pointsExpired');
    expect(expired.map((e) => [e.occurredAt, e.points])).toEqual([['2026-04-10T00:00:00.000Z', 100]]);
    expect(ids(state)).toEqual(['a:visit:earned']);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
  });

  test('the first entry of the new version puts the lots in its order, in apply and in replay', () => {
    const engine = earnedThenExpiry();
    const { initial, state, ledger } = run(engine, [
      ...earn,
      { type: 'custom', id: 'c', occurredAt: '2026-03-20T00:00:00Z', name: 'visit' },
    ]);
    expect(ids(state)).toEqual(['b:visit:earned', 'a:visit:earned']);
    expect(state.nextDue.expiresAt).toBe('2026-04-10T00:00:00.000Z');
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
  });

  test('a redemption under the new version draws in its order', () => {
    const engine = earnedThenExpiry();
    const { initial, state, ledger } = run(engine, [
      ...earn,
      { type: 'redemption', id: 'r', occurredAt: '2026-03-20T00:00:00Z', points: 150 },
    ]);
    const redeemed = ledger.find((e) => e.type === 'pointsRedeemed');
    // Earliest expiry first: all of b (expires 9 April), then 50 of a (never expires).
    expect(redeemed?.type === 'pointsRedeemed' && redeemed.allocations).toEqual([
      { lotId: 'b:visit:earned', points: 100 },
      { lotId: 'a:visit:earned', points: 50 },
    ]);
    expect(state.lots.map((l) => [l.id, l.remaining])).toEqual([['a:visit:earned', 50]]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
  });

  test('back to earliest-earned first: lots earned later are drawn last again', () => {
    const engine = createEngine([
      defineProgram(program({})),
      defineProgram(
        program({ version: 2, effectiveFrom: '2026-02-28T00:00:00Z', expiry: { mode: 'rolling', days: 30 } }),
      ),
      defineProgram(
        program({
          version: 3,
          effectiveFrom: '2026-03-05T00:00:00Z',
          redemption: { order: 'earnedFirst' },
          expiry: { mode: 'rolling', days: 30 },
        }),
      ),
    ]);
    const steps = [
      buy('g', '2026-02-25T00:00:00Z'), // never expires
      buy('a', '2026-03-01T00:00:00Z'), // expires at the end of 31 March
    ];
    // Under version 2 (expiryFirst) a comes first.
    expect(ids(run(engine, steps).state)).toEqual(['a:visit:earned', 'g:visit:earned']);
    const { initial, state, ledger } = run(engine, [
      ...steps,
      { type: 'redemption', id: 'r', occurredAt: '2026-03-06T00:00:00Z', points: 50 },
    ]);
    const redeemed = ledger.find((e) => e.type === 'pointsRedeemed');
    expect(redeemed?.type === 'pointsRedeemed' && redeemed.allocations).toEqual([
      { lotId: 'g:visit:earned', points: 50 },
    ]);
    expect(ids(state)).toEqual(['g:visit:earned', 'a:visit:earned']);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
  });
});
