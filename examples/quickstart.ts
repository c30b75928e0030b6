// Quickstart: a coffee shop's membership program, a member's month (balances, a tier upgrade, an
// expiry, a redemption), and why each points entry has the points it has.
// Run: npm run example
import {
  createEngine,
  defineProgram,
  formatMoney,
  isLoyaltyError,
  type LedgerEntry,
  localDateOf,
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
  // points last 12 months from the day they were earned
  expiry: { mode: 'rolling', months: 12 },
  // tiers on this calendar year's spend (thresholds in minor units: 300.00 and 1,000.00 CNY)
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member', name: 'Member' },
      {
        id: 'silver',
        name: 'Silver',
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 30000 },
        benefits: { earningMultiplier: '1.5' },
      },
      {
        id: 'gold',
        name: 'Gold',
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100000 },
        benefits: { earningMultiplier: '2', birthdayGift: 'coffee' },
      },
    ],
  },
});

// 2. One engine serves every member; it holds no member state.
const engine = createEngine(program);
const enrolled: MemberState = engine.enroll({
  memberId: 'alice',
  joinedAt: '2025-03-01T09:00:00+08:00',
  birthday: '1991-03-20',
});
let alice = enrolled;
const ledger: LedgerEntry[] = [];

function apply(event: Record<string, unknown>): void {
  const { state, effects } = engine.apply(alice, event);
  alice = state; // in your app: save state and append effects in one transaction
  ledger.push(...effects);
  for (const e of effects) if (e.type !== 'eventApplied') console.log(`  ${engine.explain(e).summary}`);
  console.log(`  balance: ${engine.balance(alice, alice.clock).available} points`);
}

console.log('A year ago, Fri 14 Mar 2025, a bag of beans for 120.00 CNY');
apply({
  type: 'purchase',
  id: 'o-0900',
  occurredAt: '2025-03-14T18:00:00+08:00',
  currency: 'CNY',
  lines: [{ sku: 'beans-500g', category: 'beans', quantity: 1, price: 12000 }],
});

console.log('Mon 2 Mar 2026, beans for 199.90 CNY');
for (const x of engine.balance(alice, '2026-03-02T10:00:00+08:00').expiring)
  console.log(`  reminder: ${x.points} points can be used until ${x.on}`);
apply({
  type: 'purchase',
  id: 'o-1001',
  occurredAt: '2026-03-02T10:00:00+08:00',
  currency: 'CNY',
  lines: [{ sku: 'beans-1kg', category: 'beans', quantity: 1, price: 19990 }],
});

console.log('Sat 7 Mar, two lattes and a mug with a 10.00 coupon: 342.90 CNY this year, Silver');
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

console.log('Tue 10 Mar, her birthday month');
apply({ type: 'birthday', id: 'bd-alice-2026', occurredAt: '2026-03-10T08:00:00+08:00' });

console.log(
  "Thu 12 Mar, Bob, whom Alice referred, made his first purchase (the host forwards Bob's referralQualified)",
);
apply({
  type: 'referral',
  id: 'ref-bob',
  occurredAt: '2026-03-12T12:00:00+08:00',
  referrerId: 'alice',
  refereeId: 'bob',
  status: 'qualified',
});

console.log('Sat 14 Mar, two lattes as a Silver member at the weekend');
apply({
  type: 'purchase',
  id: 'o-1003',
  occurredAt: '2026-03-14T16:00:00+08:00',
  currency: 'CNY',
  lines: [{ sku: 'latte', quantity: 2, price: 3200 }],
});

// There is no cron in the engine: a nightly job calls advance, which writes what time caused.
console.log("Nightly job, Sun 15 Mar: last March's points have expired");
{
  const { state, effects } = engine.advance(alice, '2026-03-15T03:00:00+08:00');
  alice = state;
  ledger.push(...effects);
  for (const e of effects) console.log(`  ${engine.explain(e).summary}`);
  console.log(`  balance: ${engine.balance(alice, alice.clock).available} points`);
}

console.log('Fri 20 Mar, a coffee for 100 points');
apply({ type: 'redemption', id: 'rd-1', occurredAt: '2026-03-20T09:00:00+08:00', rewardId: 'coffee' });

console.log('A T-shirt for 500 points?');
try {
  apply({ type: 'redemption', id: 'rd-2', occurredAt: '2026-03-21T09:00:00+08:00', rewardId: 't-shirt' });
} catch (e) {
  if (!isLoyaltyError(e)) throw e;
  console.log(`  refused (${e.code}): ${e.issues[0]?.message}`);
}

console.log('Why no weekend bonus on a Monday?');
const report = engine.explainEvent(alice, {
  type: 'purchase',
  id: 'o-1004',
  occurredAt: '2026-03-23T10:00:00+08:00',
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

console.log('Where Alice stands on 31 Mar');
const status = engine.tierStatus(alice, '2026-03-31T12:00:00+08:00')!;
const gold = status.next!.requirements[0]!;
// tier periods and windows end at an exclusive instant: the last day is the one before it
const lastDay = (end: string) => localDateOf(new Date(Date.parse(end) - 1).toISOString(), 'Asia/Shanghai');
const cny = (amount: number) => `${formatMoney({ amount, currency: 'CNY' })} CNY`;
console.log(
  `  ${status.tier.name} until ${lastDay(status.tier.until!)}, spend this year ${cny(status.metrics['spend']!)}`,
);
console.log(`  Gold needs ${cny(gold.needed)} more by ${lastDay(gold.by!)}`);

// 3. The ledger replays to the same state, and every invariant holds.
const replayed = JSON.stringify(engine.replay(enrolled, ledger)) === JSON.stringify(alice);
console.log(
  `ledger: ${ledger.length} entries, replay equals live state: ${replayed}, invariants: ${engine.checkInvariants(alice, ledger).length === 0 ? 'ok' : 'broken'}`,
);

/* Expected output:
A year ago, Fri 14 Mar 2025, a bag of beans for 120.00 CNY
  12 points from rule base (10 points per 100.00 CNY on 120.00 CNY)
  balance: 12 points
Mon 2 Mar 2026, beans for 199.90 CNY
  reminder: 12 points can be used until 2026-03-14
  19 points from rule base (10 points per 100.00 CNY on 199.90 CNY, floor of 19.99)
  balance: 31 points
Sat 7 Mar, two lattes and a mug with a 10.00 coupon: 342.90 CNY this year, Silver
  28 points from rule base (10 points per 100.00 CNY on 143.00 CNY, x2 weekend, floor of 28.6)
  Tier member -> silver (qualified) until 2027-12-31T16:00:00.000Z; spend 34290
  Benefit earningMultiplier of tier silver granted
  balance: 59 points
Tue 10 Mar, her birthday month
  100 points from rule birthday
  balance: 159 points
Thu 12 Mar, Bob, whom Alice referred, made his first purchase (the host forwards Bob's referralQualified)
  50 points from rule referral
  balance: 209 points
Sat 14 Mar, two lattes as a Silver member at the weekend
  19 points from rule base (10 points per 100.00 CNY on 64.00 CNY, x2 weekend, x1.5 tier:silver, floor of 19.2)
  balance: 228 points
Nightly job, Sun 15 Mar: last March's points have expired
  12 points expired
  balance: 216 points
Fri 20 Mar, a coffee for 100 points
  100 points redeemed for 1 x coffee, from 3 lots (expiryFirst)
  Reward coffee issued (redemption) as rd-1:coffee:1
  balance: 116 points
A T-shirt for 500 points?
  refused (INSUFFICIENT_POINTS): The redemption needs 500 points but 116 are available
Why no weekend bonus on a Monday?
  weekend: multiplierNotApplied: localWeekday is 1, needs in [6,7]
  base: awarded (4 points)
Where Alice stands on 31 Mar
  Silver until 2027-12-31, spend this year 406.90 CNY
  Gold needs 593.10 CNY more by 2026-12-31
ledger: 18 entries, replay equals live state: true, invariants: ok
*/
