// E-commerce refunds: points earned line by line on an explicit amount basis, pending for a 14-day
// return window, a return inside the window, a redemption, then a refund after the points were
// partly spent, under each of the three refund policies side by side.
// Run: npx tsx examples/ecommerce-refunds.ts
import {
  createEngine,
  defineProgram,
  type Engine,
  formatMoney,
  type LedgerEntry,
  localPartsOf,
  type MemberState,
  type PointsEarnedEntry,
  type ProgramInput,
  type SpendRule,
} from 'loyalty-engine';

type Policy = 'pendingOnly' | 'clampToZero' | 'allowNegative';

// Earn on what the member really paid for the goods: the subtotal after line discounts and coupons,
// without tax or shipping, and without the part paid by gift card (the money that bought the gift
// card earned points already) or with points.
const basis: SpendRule['basis'] = {
  include: ['subtotal'],
  subtract: ['discounts', 'giftCards', 'pointsPaid'],
};

// One program, written once; only the refund policy differs between the three runs.
const shop = (policy: Policy): ProgramInput => ({
  id: 'online-shop',
  name: 'Online shop',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'welcome', kind: 'fixed', event: 'signup', points: '100' },
    // 1 point per 1.00 CNY on every line
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' }, basis },
    // 2 more points per 1.00 CNY on electronics lines only
    {
      id: 'electronics',
      kind: 'spend',
      rate: { points: '2', per: '1.00' },
      basis,
      lines: { all: [{ fact: 'category', operator: 'equal', value: 'electronics' }] },
    },
  ],
  // Points of a purchase stay pending (not redeemable) during the 14-day return window.
  pending: { days: 14 },
  rewards: [{ id: 'voucher-50', name: 'A 50.00 CNY voucher', points: '500' }],
  refunds: policy === 'allowNegative' ? { policy, negativeFloor: '-200' } : { policy },
});

const local = (instant: string): string => {
  const p = localPartsOf(instant, 'Asia/Shanghai');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
};
const cny = (amount: number): string => formatMoney({ amount, currency: 'CNY' });

interface Run {
  readonly engine: Engine;
  readonly initial: MemberState;
  state: MemberState;
  readonly ledger: LedgerEntry[];
}

function start(policy: Policy): Run {
  const engine = createEngine(defineProgram(shop(policy)));
  const initial = engine.enroll({ memberId: 'mei', joinedAt: '2026-03-01T09:00:00+08:00' });
  return { engine, initial, state: initial, ledger: [] };
}

function apply(run: Run, event: Record<string, unknown>): readonly LedgerEntry[] {
  const { state, effects } = run.engine.apply(run.state, event);
  run.state = state; // in your app: save the state and append the effects in one transaction
  run.ledger.push(...effects);
  return effects;
}

function balance(run: Run): string {
  const b = run.engine.balance(run.state, run.state.clock);
  return `balance: ${b.available} available, ${b.pending} pending`;
}

/** Prints what each effect did, in the words of `engine.explain`, with the line split of awards. */
function show(run: Run, effects: readonly LedgerEntry[], indent = '  '): void {
  for (const e of effects) {
    if (e.type === 'eventApplied') continue;
    const why = run.engine.explain(e);
    console.log(`${indent}${why.summary}`);
    if (e.type === 'pointsEarned' && e.lines !== null && e.lines !== undefined) {
      for (const line of e.lines) {
        const amount = e.explanation.basis?.lines.find((l) => l.lineId === line.lineId)?.amount ?? 0;
        console.log(`${indent}  ${line.lineId}: basis ${cny(amount)} CNY -> ${line.points} points`);
      }
      if (e.lot.availableAt !== null && e.lot.availableAt > e.occurredAt)
        console.log(`${indent}  pending until ${local(e.lot.availableAt)}`);
    }
    if (e.type === 'pointsReversed' || e.type === 'pointsRedeemed')
      console.log(`${indent}  from ${(why.lots ?? []).map((l) => `${l.lotId} ${l.points}`).join(', ')}`);
  }
}

// The story up to the late refund is the same under every policy: we print it once.
const story: [string, Record<string, unknown>][] = [
  ['Sun 1 Mar, Mei signs up', { type: 'signup', id: 'su-mei', occurredAt: '2026-03-01T09:00:00+08:00' }],
  // Subtotal 297.00 + 599.00, less the 50.00 line discount and the 30.00 coupon (spread over the lines
  // by their net amounts, 297 : 549), less the 100.00 gift card (spread by what each line costs in
  // the end, shipping share included): a basis of 716.00, split 251.36 + 464.64 over the lines.
  // Each award records its points per line, so a line refund later takes back exactly that line's.
  [
    'Mon 2 Mar, order o-1: 3 shirts at 99.00, headphones at 599.00 less 50.00, a 30.00 coupon, 12.00 shipping, 100.00 by gift card',
    {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-03-02T10:00:00+08:00',
      currency: 'CNY',
      lines: [
        { id: 'shirts', sku: 'shirt-m', category: 'apparel', quantity: 3, price: 9900 },
        {
          id: 'headphones',
          sku: 'hp-200',
          category: 'electronics',
          quantity: 1,
          price: 59900,
          discount: 5000,
        },
      ],
      orderDiscount: 3000,
      shipping: 1200,
      payments: [
        { method: 'giftCard', amount: 10000 },
        { method: 'card', amount: 72800 },
      ],
    },
  ],
  [
    'Thu 5 Mar, one shirt comes back inside the return window: its points were still pending',
    {
      type: 'refund',
      id: 'rf-1',
      occurredAt: '2026-03-05T15:00:00+08:00',
      orderId: 'o-1',
      lines: [{ lineId: 'shirts', quantity: 1 }],
    },
  ],
  [
    'Fri 6 Mar, order o-2: two pairs of socks',
    {
      type: 'purchase',
      id: 'o-2',
      occurredAt: '2026-03-06T20:00:00+08:00',
      currency: 'CNY',
      lines: [{ id: 'socks', sku: 'socks', category: 'apparel', quantity: 2, price: 2900 }],
    },
  ],
  [
    'Sat 21 Mar, the windows have passed; Mei spends 500 points on a voucher',
    { type: 'redemption', id: 'rd-1', occurredAt: '2026-03-21T11:00:00+08:00', rewardId: 'voucher-50' },
  ],
];

const policies: readonly Policy[] = ['pendingOnly', 'clampToZero', 'allowNegative'];
const runs = new Map(policies.map((p) => [p, start(p)]));

for (const [title, event] of story) {
  console.log(title);
  for (const p of policies) {
    const effects = apply(runs.get(p)!, event);
    if (p === 'clampToZero') show(runs.get(p)!, effects);
  }
  console.log(`  ${balance(runs.get('clampToZero')!)}`);
}

// The refund that tells the policies apart: the headphones' points were partly spent on the voucher.
const warranty = {
  type: 'refund',
  id: 'rf-2',
  occurredAt: '2026-04-02T10:00:00+08:00',
  orderId: 'o-1',
  lines: [{ lineId: 'headphones', quantity: 1 }],
  reason: 'faulty, refunded under warranty',
};
const why: Record<Policy, string> = {
  pendingOnly: "only what is left in each award's own lot comes back",
  clampToZero: 'the default: other points too, down to zero; the rest is forgiven',
  allowNegative: 'other points too, then a negative balance down to -200',
};
console.log('Thu 2 Apr, the headphones are refunded under warranty, after their points were partly spent');
for (const p of policies) {
  const run = runs.get(p)!;
  console.log(`  ${p} (${why[p]})`);
  show(run, apply(run, warranty), '    ');
  console.log(`    ${balance(run)}`);
}

console.log('Fri 10 Apr, order o-3: a cap for 129.00');
for (const p of policies) {
  const run = runs.get(p)!;
  const effects = apply(run, {
    type: 'purchase',
    id: 'o-3',
    occurredAt: '2026-04-10T10:00:00+08:00',
    currency: 'CNY',
    lines: [{ id: 'cap', sku: 'cap', category: 'apparel', quantity: 1, price: 12900 }],
  });
  const earned = effects.find((e): e is PointsEarnedEntry => e.type === 'pointsEarned');
  const repaid = earned?.debtRepaid ?? 0;
  console.log(
    `  ${p}: ${earned?.points ?? 0} points${repaid > 0 ? `, ${repaid} of them pay the debt first` : ''}; ${balance(run)}`,
  );
}

// Every run's ledger replays to the same state, and the state's invariants hold.
const sound = policies.every((p) => {
  const run = runs.get(p)!;
  const replayed = JSON.stringify(run.engine.replay(run.initial, run.ledger)) === JSON.stringify(run.state);
  return replayed && run.engine.checkInvariants(run.state).length === 0;
});
console.log(`replay and invariants under every policy: ${sound ? 'ok' : 'broken'}`);

/* Expected output:
Sun 1 Mar, Mei signs up
  100 points from rule welcome
  balance: 100 available, 0 pending
Mon 2 Mar, order o-1: 3 shirts at 99.00, headphones at 599.00 less 50.00, a 30.00 coupon, 12.00 shipping, 100.00 by gift card
  716 points from rule base (1 points per 1.00 CNY on 716.00 CNY)
    shirts: basis 251.36 CNY -> 251 points
    headphones: basis 464.64 CNY -> 465 points
    pending until 2026-03-16 10:00
  929 points from rule electronics (2 points per 1.00 CNY on 464.64 CNY, floor of 929.28)
    headphones: basis 464.64 CNY -> 929 points
    pending until 2026-03-16 10:00
  balance: 100 available, 1645 pending
Thu 5 Mar, one shirt comes back inside the return window: its points were still pending
  83 of 83 points from rule base taken back for the refund of order o-1
    from o-1:base:earned 83
  balance: 100 available, 1562 pending
Fri 6 Mar, order o-2: two pairs of socks
  58 points from rule base (1 points per 1.00 CNY on 58.00 CNY)
    socks: basis 58.00 CNY -> 58 points
    pending until 2026-03-20 20:00
  balance: 100 available, 1620 pending
Sat 21 Mar, the windows have passed; Mei spends 500 points on a voucher
  633 pending points became available
  929 pending points became available
  58 pending points became available
  500 points redeemed for 1 x voucher-50, from 2 lots (expiryFirst)
    from su-mei:welcome:earned 100, o-1:base:earned 400
  Reward voucher-50 issued (redemption) as rd-1:voucher-50:1
  balance: 1220 available, 0 pending
Thu 2 Apr, the headphones are refunded under warranty, after their points were partly spent
  pendingOnly (only what is left in each award's own lot comes back)
    233 of 465 points from rule base taken back for the refund of order o-1; 232 were already spent and are not taken back
      from o-1:base:earned 233
    929 of 929 points from rule electronics taken back for the refund of order o-1
      from o-1:electronics:earned 929
    Guard refundAfterRedeem flagged 232 points: Order o-1 was refunded after 232 of its points had been spent
    balance: 58 available, 0 pending
  clampToZero (the default: other points too, down to zero; the rest is forgiven)
    465 of 465 points from rule base taken back for the refund of order o-1
      from o-1:base:earned 233, o-1:electronics:earned 232
    755 of 929 points from rule electronics taken back for the refund of order o-1; 174 were already spent and are not taken back
      from o-1:electronics:earned 697, o-2:base:earned 58
    Guard refundAfterRedeem flagged 464 points: Order o-1 was refunded after 464 of its points had been spent
    balance: 0 available, 0 pending
  allowNegative (other points too, then a negative balance down to -200)
    465 of 465 points from rule base taken back for the refund of order o-1
      from o-1:base:earned 233, o-1:electronics:earned 232
    929 of 929 points from rule electronics taken back for the refund of order o-1 (174 as a negative balance)
      from o-1:electronics:earned 697, o-2:base:earned 58
    Guard refundAfterRedeem flagged 464 points: Order o-1 was refunded after 464 of its points had been spent
    balance: -174 available, 0 pending
Fri 10 Apr, order o-3: a cap for 129.00
  pendingOnly: 129 points; balance: 58 available, 129 pending
  clampToZero: 129 points; balance: 0 available, 129 pending
  allowNegative: 129 points, 129 of them pay the debt first; balance: -45 available, 0 pending
replay and invariants under every policy: ok
*/
