// Quickstart: a coffee shop's membership program, a member's month, balances, a redemption, and
// why each points entry has the points it has.
// Run: npm run example
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
} from 'loyalty-engine';

// 1. The program is plain JSON (from your admin UI or a file), validated once.
const program = defineProgram({
  id: 'coffee-club',
  name: 'Coffee Club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    // 10 points per 100.00 CNY spent, on merchandise after discounts
    { id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } },
    // double points at weekends
    {
      id: 'weekend',
      kind: 'multiplier',
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
    // 50 points for each friend who signs up and buys something
    {
      id: 'referral',
      kind: 'fixed',
      event: 'referral',
      points: '50',
      referral: { role: 'referrer', trigger: 'firstPurchase' },
    },
    // 100 points once in the birthday month
    { id: 'birthday', kind: 'fixed', event: 'birthday', points: '100', birthday: { window: 'month' } },
  ],
  rewards: [
    { id: 'coffee', name: 'A coffee', points: '100' },
    { id: 't-shirt', name: 'A T-shirt', points: '500' },
  ],
});

// 2. One engine serves every member; it holds no member state.
const engine = createEngine(program);
let alice: MemberState = engine.enroll({
  memberId: 'alice',
  joinedAt: '2026-03-01T09:00:00+08:00',
  birthday: '1991-03-20',
});
const ledger: LedgerEntry[] = [];

function apply(event: Record<string, unknown>): void {
  const { state, effects } = engine.apply(alice, event);
  alice = state; // in your app: save state and append effects in one transaction
  ledger.push(...effects);
  for (const e of effects) if (e.type !== 'eventApplied') console.log(`  ${engine.explain(e).summary}`);
  console.log(`  balance: ${engine.balance(alice, alice.clock).available} points`);
}

console.log('Mon 2 Mar, beans for 199.90 CNY');
apply({
  type: 'purchase',
  id: 'o-1001',
  occurredAt: '2026-03-02T10:00:00+08:00',
  currency: 'CNY',
  lines: [{ sku: 'beans-1kg', category: 'beans', quantity: 1, price: 19990 }],
});

console.log('Sat 7 Mar, two lattes and a mug with a 10.00 coupon');
apply({
  type: 'purchase',
  id: 'o-1002',
  occurredAt: '2026-03-07T15:30:00+08:00',
  currency: 'CNY',
  lines: [
    { sku: 'latte', quantity: 2, price: 3200 },
    { sku: 'mug', quantity: 1, price: 8900 },
  ],
  orderDiscount: 1000,
});

console.log('Birthday month');
apply({ type: 'birthday', id: 'bd-alice-2026', occurredAt: '2026-03-10T08:00:00+08:00' });

console.log("Bob, whom Alice referred, made his first purchase (the host forwards Bob's referralQualified)");
apply({
  type: 'referral',
  id: 'ref-bob',
  occurredAt: '2026-03-12T12:00:00+08:00',
  referrerId: 'alice',
  refereeId: 'bob',
  status: 'qualified',
});

console.log('A coffee for 100 points');
apply({ type: 'redemption', id: 'rd-1', occurredAt: '2026-03-13T09:00:00+08:00', rewardId: 'coffee' });

console.log('A T-shirt for 500 points?');
try {
  apply({ type: 'redemption', id: 'rd-2', occurredAt: '2026-03-14T09:00:00+08:00', rewardId: 't-shirt' });
} catch (e) {
  if (!isLoyaltyError(e)) throw e;
  console.log(`  refused (${e.code}): ${e.issues[0]?.message}`);
}

console.log('Why no weekend bonus on a Monday?');
const report = engine.explainEvent(alice, {
  type: 'purchase',
  id: 'o-1003',
  occurredAt: '2026-03-16T10:00:00+08:00',
  currency: 'CNY',
  lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
});
for (const r of report.rules) {
  const leaf = r.condition?.kind === 'fact' ? r.condition : undefined;
  const why =
    leaf !== undefined
      ? `: ${leaf.fact} is ${JSON.stringify(leaf.factValue)}, needs ${leaf.operator} ${JSON.stringify(leaf.value)}`
      : '';
  console.log(`  ${r.ruleId}: ${r.reason}${r.points > 0 ? ` (${r.points} points)` : ''}${why}`);
}

// 3. The ledger replays to the same state, and every invariant holds.
const start = engine.enroll({
  memberId: 'alice',
  joinedAt: '2026-03-01T09:00:00+08:00',
  birthday: '1991-03-20',
});
const replayed = JSON.stringify(engine.replay(start, ledger)) === JSON.stringify(alice);
console.log(
  `ledger: ${ledger.length} entries, replay equals live state: ${replayed}, invariants: ${engine.checkInvariants(alice, ledger).length === 0 ? 'ok' : 'broken'}`,
);

/* Expected output:
Mon 2 Mar, beans for 199.90 CNY
  19 points from rule base (10 points per 100.00 CNY on 199.90 CNY, floor of 19.99)
  balance: 19 points
Sat 7 Mar, two lattes and a mug with a 10.00 coupon
  28 points from rule base (10 points per 100.00 CNY on 143.00 CNY, x2 weekend, floor of 28.6)
  balance: 47 points
Birthday month
  100 points from rule birthday
  balance: 147 points
Bob, whom Alice referred, made his first purchase (the host forwards Bob's referralQualified)
  50 points from rule referral
  balance: 197 points
A coffee for 100 points
  100 points redeemed for 1 x coffee, from 3 lots (expiryFirst)
  Reward coffee issued (redemption) as rd-1:coffee:1
  balance: 97 points
A T-shirt for 500 points?
  refused (INSUFFICIENT_POINTS): The redemption needs 500 points but 97 are available
Why no weekend bonus on a Monday?
  weekend: multiplierNotApplied: localWeekday is 1, needs in [6,7]
  base: awarded (3 points)
ledger: 11 entries, replay equals live state: true, invariants: ok
*/
