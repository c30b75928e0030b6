// Golden scenario: the classic membership playbook (issue 5), checked effect by effect.
// SOURCE: the program is the issue's own example: 10 points per 100.00 CNY, 50 points per successful
// referral, a birthday bonus, 100 points for a coffee and 500 for a T-shirt. Expected values are
// computed by hand below each step.
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type PointsEarnedEntry,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const program = defineProgram({
  id: 'coffee-club',
  name: 'Coffee Club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } },
    {
      id: 'referral',
      kind: 'fixed',
      event: 'referral',
      points: '50',
      referral: { role: 'referrer', trigger: 'firstPurchase' },
    },
    { id: 'birthday', kind: 'fixed', event: 'birthday', points: '100', birthday: { window: 'month' } },
  ],
  rewards: [
    { id: 'coffee', name: 'A coffee', points: '100' },
    { id: 't-shirt', name: 'A T-shirt', points: '500' },
  ],
});

const engine = createEngine(program);

function run(state: MemberState, event: unknown): { state: MemberState; effects: readonly LedgerEntry[] } {
  return engine.apply(state, event);
}

const earned = (effects: readonly LedgerEntry[]): PointsEarnedEntry[] =>
  effects.filter((e): e is PointsEarnedEntry => e.type === 'pointsEarned');

describe('golden: the coffee shop playbook', () => {
  const ledger: LedgerEntry[] = [];
  let alice = engine.enroll({ memberId: 'alice', joinedAt: '2026-03-01T02:00:00Z', birthday: '1991-03-20' });
  let bob = engine.enroll({ memberId: 'bob', joinedAt: '2026-03-03T02:00:00Z' });
  const initial = alice;

  test('1. a 199.90 CNY order earns 19 points (19.99, floored once)', () => {
    const r = run(alice, {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-03-01T10:00:00+08:00',
      currency: 'CNY',
      lines: [{ sku: 'beans-1kg', category: 'beans', quantity: 1, price: 19990 }],
    });
    expect(r.effects.map((e) => e.type)).toEqual(['eventApplied', 'pointsEarned']);
    const [e] = earned(r.effects);
    expect(e).toMatchObject({
      seq: 2,
      sourceKey: 'o-1:base:earned',
      ruleId: 'base',
      points: 19,
      lot: { id: 'o-1:base:earned', amount: 19, remaining: 19, expiresAt: null, orderId: 'o-1' },
      lines: [{ lineId: '0', points: 19 }],
    });
    expect(e!.explanation).toMatchObject({
      unrounded: '19.99',
      exact: true,
      rounding: 'floor',
      requested: 19,
      granted: 19,
      basis: { amount: 19990, currency: 'CNY', components: ['+subtotal', '-discounts', '-pointsPaid'] },
      rate: { points: '10', per: '100.00', mode: 'proportional' },
    });
    expect(engine.explain(e!).summary).toBe(
      '19 points from rule base (10 points per 100.00 CNY on 199.90 CNY, floor of 19.99)',
    );
    alice = r.state;
    ledger.push(...r.effects);
    expect(engine.balance(alice, '2026-03-01T03:00:00Z').available).toBe(19);
  });

  test('2. an order with a coupon and shipping earns on the merchandise after discounts only', () => {
    // 2 x 38.00 latte beans + 1 x 120.00 grinder = 196.00; coupon 20.00; shipping 10.00 (not earning)
    const r = run(alice, {
      type: 'purchase',
      id: 'o-2',
      occurredAt: '2026-03-05T12:00:00+08:00',
      currency: 'CNY',
      lines: [
        { id: 'a', sku: 'latte-beans', category: 'beans', quantity: 2, price: 3800 },
        { id: 'b', sku: 'grinder', category: 'gear', quantity: 1, price: 12000 },
      ],
      orderDiscount: 2000,
      shipping: 1000,
    });
    const [e] = earned(r.effects);
    // basis 176.00 -> 17.6 -> 17; the coupon is spread 7600:12000 -> 776 + 1224
    expect(e!.points).toBe(17);
    expect(e!.explanation.basis?.lines).toEqual([
      { lineId: 'a', amount: 6824 },
      { lineId: 'b', amount: 10776 },
    ]);
    expect(e!.lines).toEqual([
      { lineId: 'a', points: 7 },
      { lineId: 'b', points: 10 },
    ]);
    alice = r.state;
    ledger.push(...r.effects);
  });

  test('3. the birthday bonus comes once in the birthday month, in the member zone', () => {
    const first = run(alice, { type: 'birthday', id: 'bd-2026', occurredAt: '2026-03-10T00:00:00Z' });
    expect(earned(first.effects)).toMatchObject([
      { ruleId: 'birthday', points: 100, onceKey: 'birthday:birthday:2026' },
    ]);
    alice = first.state;
    ledger.push(...first.effects);
    // A second birthday event in the same year (another id) earns nothing.
    const again = run(alice, { type: 'birthday', id: 'bd-2026-retry', occurredAt: '2026-03-11T00:00:00Z' });
    expect(earned(again.effects)).toEqual([]);
    expect(again.effects.map((e) => e.type)).toEqual(['eventApplied']);
    alice = again.state;
    ledger.push(...again.effects);
    expect(engine.balance(alice, '2026-03-11T00:00:00Z').available).toBe(19 + 17 + 100);
  });

  test('4. a referral pays 50 points when the referred member makes a first purchase', () => {
    // Bob joins through Alice's link: Bob's state records who referred him.
    const signup = engine.apply(bob, {
      type: 'signup',
      id: 's-bob',
      occurredAt: '2026-03-03T02:00:00Z',
      referredBy: 'alice',
    });
    bob = signup.state;
    expect(bob.referredBy).toBe('alice');
    // Alice hears of the sign-up: the rule waits for a first purchase, so nothing yet.
    const signedUp = run(alice, {
      type: 'referral',
      id: 'ref-bob-signup',
      occurredAt: '2026-03-12T00:00:00Z',
      referrerId: 'alice',
      refereeId: 'bob',
    });
    expect(earned(signedUp.effects)).toEqual([]);
    alice = signedUp.state;
    ledger.push(...signedUp.effects);
    // Bob's first purchase emits the signal the host forwards to Alice.
    const bobBuys = engine.apply(bob, {
      type: 'purchase',
      id: 'o-bob-1',
      occurredAt: '2026-03-12T04:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'mug', quantity: 1, price: 5000 }],
    });
    const signal = bobBuys.effects.find((e) => e.type === 'referralQualified');
    expect(signal).toMatchObject({ referrerId: 'alice', refereeId: 'bob' });
    bob = bobBuys.state;
    const qualified = run(alice, {
      type: 'referral',
      id: 'ref-bob-qualified',
      occurredAt: '2026-03-12T05:00:00Z',
      referrerId: 'alice',
      refereeId: 'bob',
      status: 'qualified',
    });
    expect(earned(qualified.effects)).toMatchObject([{ ruleId: 'referral', points: 50 }]);
    alice = qualified.state;
    ledger.push(...qualified.effects);
    // Only once per referee, even if the host forwards the signal twice.
    const twice = run(alice, {
      type: 'referral',
      id: 'ref-bob-qualified-2',
      occurredAt: '2026-03-12T06:00:00Z',
      referrerId: 'alice',
      refereeId: 'bob',
      status: 'qualified',
    });
    expect(earned(twice.effects)).toEqual([]);
    alice = twice.state;
    ledger.push(...twice.effects);
    expect(engine.balance(alice, '2026-03-12T06:00:00Z').available).toBe(186);
  });

  test('5. 100 points buy a coffee, drawn from the oldest lots first', () => {
    const r = run(alice, {
      type: 'redemption',
      id: 'rd-1',
      occurredAt: '2026-03-13T01:00:00Z',
      rewardId: 'coffee',
    });
    const redeemed = r.effects.find((e) => e.type === 'pointsRedeemed');
    expect(redeemed).toMatchObject({
      points: 100,
      rewardId: 'coffee',
      quantity: 1,
      allocations: [
        { lotId: 'o-1:base:earned', points: 19 },
        { lotId: 'o-2:base:earned', points: 17 },
        { lotId: 'bd-2026:birthday:earned', points: 64 },
      ],
    });
    alice = r.state;
    ledger.push(...r.effects);
    expect(engine.balance(alice, '2026-03-13T01:00:00Z').available).toBe(86);
    expect(alice.lots.map((l) => [l.id, l.remaining])).toEqual([
      ['bd-2026:birthday:earned', 36],
      ['ref-bob-qualified:referral:earned', 50],
    ]);
  });

  test('6. a T-shirt needs 500 points: refused, nothing applied', () => {
    const before = structuredClone(alice);
    let error: unknown;
    try {
      run(alice, { type: 'redemption', id: 'rd-2', occurredAt: '2026-03-14T01:00:00Z', rewardId: 't-shirt' });
    } catch (e) {
      error = e;
    }
    expect(isLoyaltyError(error) && error.code).toBe('INSUFFICIENT_POINTS');
    expect(isLoyaltyError(error) && error.message).toBe(
      'Insufficient points: The redemption needs 500 points but 86 are available (at rewardId)',
    );
    expect(alice).toEqual(before);
  });

  test('7. cancelling the coffee restores exactly the lots it drew from', () => {
    const r = run(alice, {
      type: 'redemptionCancellation',
      id: 'rd-1-cancel',
      occurredAt: '2026-03-14T02:00:00Z',
      redemptionId: 'rd-1',
      reason: 'machine broken',
    });
    expect(r.effects.find((e) => e.type === 'redemptionCancelled')).toMatchObject({
      points: 100,
      restored: [
        { lotId: 'o-1:base:earned', points: 19 },
        { lotId: 'o-2:base:earned', points: 17 },
        { lotId: 'bd-2026:birthday:earned', points: 64 },
      ],
    });
    alice = r.state;
    ledger.push(...r.effects);
    expect(alice.lots.map((l) => [l.id, l.remaining])).toEqual([
      ['o-1:base:earned', 19],
      ['o-2:base:earned', 17],
      ['bd-2026:birthday:earned', 100],
      ['ref-bob-qualified:referral:earned', 50],
    ]);
    expect(engine.balance(alice, '2026-03-14T02:00:00Z').available).toBe(186);
  });

  test('8. the ledger replays to the same state and every invariant holds', () => {
    expect(engine.replay(initial, ledger)).toEqual(alice);
    expect(engine.checkInvariants(alice, ledger)).toEqual([]);
    expect(alice.version).toBe(ledger.length);
    expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1));
  });
});
