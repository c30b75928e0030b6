// Abuse guards (issue 9 item 6): each records what it did as a guardTriggered effect.
import { createEngine, defineProgram, type LedgerEntry, type ProgramInput } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const program = (extra: Partial<ProgramInput>): ProgramInput => ({
  id: 'p',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  ...extra,
});
const guards = (effects: readonly LedgerEntry[]) =>
  effects.flatMap((e) =>
    e.type === 'guardTriggered' ? [`${e.guard}:${e.blocked ? 'blocked' : 'flagged'}:${e.points}`] : [],
  );
const buy = (id: string, at: string, price = 1000) => ({
  type: 'purchase',
  id,
  occurredAt: at,
  currency: 'CNY',
  lines: [{ sku: 's', quantity: 1, price }],
});

describe('abuse guards', () => {
  test('velocity: at most N awards in any 60 minutes; the rest is withheld and recorded', () => {
    const engine = createEngine(defineProgram(program({ guards: { maxAwardsPerHour: 2 } })));
    let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const seen: string[][] = [];
    for (const [i, t] of ['10:00', '10:20', '10:40', '10:59', '11:01', '11:21'].entries()) {
      const r = engine.apply(s, buy(`o-${i}`, `2026-03-01T${t}:00Z`));
      seen.push(guards(r.effects));
      s = r.state;
    }
    // 10:00 and 10:20 earn; 10:40 and 10:59 are over; 11:01 sees only 10:20 in its hour; 11:21 sees 11:01 only
    expect(seen).toEqual([[], [], ['velocity:blocked:10'], ['velocity:blocked:10'], [], []]);
    expect(s.totals.earned).toBe(40);
  });

  test('circular referrals earn nothing and are recorded; others still earn', () => {
    const engine = createEngine(
      defineProgram(program({ earning: [{ id: 'ref', kind: 'fixed', event: 'referral', points: '50' }] })),
    );
    // a was referred by b; now a claims to have referred b
    let a = engine.enroll({ memberId: 'a', joinedAt: '2026-01-01T00:00:00Z' });
    a = engine.apply(a, {
      type: 'signup',
      id: 's',
      occurredAt: '2026-01-01T00:00:00Z',
      referredBy: 'b',
    }).state;
    const circular = engine.apply(a, {
      type: 'referral',
      id: 'r1',
      occurredAt: '2026-01-02T00:00:00Z',
      referrerId: 'a',
      refereeId: 'b',
    });
    expect(guards(circular.effects)).toEqual(['circularReferral:blocked:50']);
    expect(circular.state.totals.earned).toBe(0);
    const fine = engine.apply(circular.state, {
      type: 'referral',
      id: 'r2',
      occurredAt: '2026-01-03T00:00:00Z',
      referrerId: 'a',
      refereeId: 'c',
    });
    expect(guards(fine.effects)).toEqual([]);
    expect(fine.state.totals.earned).toBe(50);
    const allowed = createEngine(
      defineProgram(
        program({
          earning: [{ id: 'ref', kind: 'fixed', event: 'referral', points: '50' }],
          guards: { circularReferrals: 'allow' },
        }),
      ),
    );
    let a2 = allowed.enroll({ memberId: 'a', joinedAt: '2026-01-01T00:00:00Z' });
    a2 = allowed.apply(a2, {
      type: 'signup',
      id: 's',
      occurredAt: '2026-01-01T00:00:00Z',
      referredBy: 'b',
    }).state;
    expect(
      allowed.apply(a2, {
        type: 'referral',
        id: 'r1',
        occurredAt: '2026-01-02T00:00:00Z',
        referrerId: 'a',
        refereeId: 'b',
      }).state.totals.earned,
    ).toBe(50);
  });

  test('a refund after the points were spent is flagged (not blocked); without spending, no flag', () => {
    const engine = createEngine(defineProgram(program({ rewards: [{ id: 'gift', points: '15' }] })));
    let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    s = engine.apply(s, buy('o-1', '2026-01-02T00:00:00Z', 2000)).state;
    const clean = engine.apply(s, {
      type: 'refund',
      id: 'rf0',
      occurredAt: '2026-01-03T00:00:00Z',
      orderId: 'o-1',
    });
    expect(guards(clean.effects)).toEqual([]);
    s = engine.apply(s, {
      type: 'redemption',
      id: 'rd',
      occurredAt: '2026-01-03T00:00:00Z',
      rewardId: 'gift',
    }).state;
    const r = engine.apply(s, {
      type: 'refund',
      id: 'rf',
      occurredAt: '2026-01-04T00:00:00Z',
      orderId: 'o-1',
    });
    expect(guards(r.effects)).toEqual(['refundAfterRedeem:flagged:15']);
    expect(engine.explain(r.effects.at(-1)!).summary).toMatch(/^Guard refundAfterRedeem flagged 15 points/);
  });
});
