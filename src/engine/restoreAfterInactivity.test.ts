// Decision 021: points a redemption cancellation restores, under inactivity expiry. A cancellation
// is not activity: restored points the member's inactivity deadline has already passed expire at
// once, in the cancellation; otherwise they join the balance and expire with it.
import { createEngine, defineProgram, type MemberState } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { buy, program, run } from '../../test/support/counterexampleKit.js';

const engine = createEngine(defineProgram(program({ expiry: { mode: 'inactivity', days: 6 } })));

const redeem = (id: string, occurredAt: string, points: number) => ({
  type: 'redemption',
  id,
  occurredAt,
  points,
});
const cancel = (id: string, occurredAt: string, redemptionId: string) => ({
  type: 'redemptionCancellation',
  id,
  occurredAt,
  redemptionId,
});

const open = (s: MemberState) => s.lots.reduce((a, l) => a + l.remaining, 0);

describe('a cancellation that restores points under inactivity expiry (decision 021)', () => {
  // 100 points on 1 March, 60 redeemed on 2 March (activity): the deadline is the end of 8 March.
  const start = [buy('o-1', '2026-03-01T00:00:00Z'), redeem('r-1', '2026-03-02T00:00:00Z', 60)];

  test('after the deadline took the rest, the restored points expire at once, in the cancellation', () => {
    const { initial, state, ledger, last } = run(engine, [
      ...start,
      cancel('x-1', '2026-03-21T00:00:00Z', 'r-1'),
    ]);
    expect(last.map((e) => e.type)).toEqual([
      'pointsExpired', // the 40 left, at the deadline (written by advance, before the event)
      'eventApplied',
      'redemptionCancelled',
      'pointsExpired', // the 60 restored
    ]);
    const expired = last[last.length - 1]!;
    expect(expired).toMatchObject({
      type: 'pointsExpired',
      sourceKey: 'x-1:inactivity:expired',
      occurredAt: '2026-03-21T00:00:00.000Z',
      points: 60,
      allocations: [{ lotId: 'o-1:visit:earned', points: 60 }],
      reason: 'inactivity',
    });
    expect(open(state)).toBe(0);
    expect(engine.balance(state, state.clock)).toMatchObject({ available: 0, pending: 0 });
    expect(engine.expiringBetween(state, state.clock, '2027-01-01T00:00:00Z')).toEqual([]);
    expect(engine.advance(state, '2027-01-01T00:00:00Z').effects).toEqual([]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
    // The inactivity clock starts again from that expiry: points earned later get a full window.
    const later = engine.apply(state, buy('o-2', '2026-03-22T00:00:00Z')).state;
    expect(engine.balance(later, '2026-03-28T23:59:59Z').available).toBe(100);
  });

  test('before the deadline, the restored points join the balance and expire with it', () => {
    const { initial, state, ledger, last } = run(engine, [
      ...start,
      cancel('x-1', '2026-03-05T00:00:00Z', 'r-1'),
    ]);
    expect(last.map((e) => e.type)).toEqual(['eventApplied', 'redemptionCancelled']);
    expect(open(state)).toBe(100);
    expect(engine.balance(state, state.clock).available).toBe(100);
    expect(engine.expiringBetween(state, state.clock, '2027-01-01T00:00:00Z')).toEqual([
      { at: '2026-03-09T00:00:00.000Z', on: '2026-03-08', points: 100, reason: 'inactivity' },
    ]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
    expect(engine.replay(initial, ledger)).toEqual(state);
  });

  test('activity since the last deadline keeps the restored points, as it keeps the whole balance', () => {
    const { state, ledger, last } = run(engine, [
      ...start,
      buy('o-2', '2026-03-18T00:00:00Z'), // after the 40 expired on 9 March; activity
      cancel('x-1', '2026-03-21T00:00:00Z', 'r-1'),
    ]);
    expect(last.map((e) => e.type)).toEqual(['eventApplied', 'redemptionCancelled']);
    expect(open(state)).toBe(160);
    expect(engine.balance(state, state.clock).available).toBe(160);
    expect(engine.expiringBetween(state, state.clock, '2027-01-01T00:00:00Z')).toEqual([
      { at: '2026-03-25T00:00:00.000Z', on: '2026-03-24', points: 160, reason: 'inactivity' },
    ]);
    expect(engine.checkInvariants(state, ledger)).toEqual([]);
  });
});
