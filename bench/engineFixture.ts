/**
 * The fixture of benchmark "engine" (bench/engine.bench.ts): `engine.apply` on a realistic 20-rule program (spend rules with line
 * conditions, item rules, fixed bonuses, five multipliers in two stacking groups, two caps) over a
 * seeded stream of purchases and redemptions for 200 members, against hand-written JavaScript that
 * computes the same points with the same arithmetic (plain objects mutated in place, no validation,
 * no ledger entries, no explanations). Both are checked to agree on every member's points first.
 * Then the cost of one redemption for members holding 100 / 1,000 / 10,000 lots.
 *
 * Run: `npx vitest bench --run bench/engine.bench.ts` (or `npm run bench`).
 */
import { createEngine, defineProgram, type MemberState } from 'loyalty-engine';
import { mulberry32 } from '../test/support/mulberry32.js';

const ZONE_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no DST: the hand-written code may hard-code it

export const program = defineProgram({
  id: 'bench-shop',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'beans',
      kind: 'spend',
      group: 'category',
      rate: { points: '2', per: '1.00' },
      lines: { all: [{ fact: 'category', operator: 'equal', value: 'beans' }] },
    },
    {
      id: 'gear',
      kind: 'spend',
      group: 'category',
      rate: { points: '30', per: '10.00', mode: 'perFullBlock' },
      lines: { all: [{ fact: 'category', operator: 'equal', value: 'gear' }] },
    },
    {
      id: 'mugs',
      kind: 'items',
      points: '5',
      lines: { all: [{ fact: 'category', operator: 'equal', value: 'mugs' }] },
    },
    {
      id: 'sale-lines',
      kind: 'items',
      points: '1',
      per: 'line',
      lines: { all: [{ fact: 'tags', operator: 'contains', value: 'sale' }] },
    },
    {
      id: 'first',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '100',
      when: { fact: 'isFirstPurchase', operator: 'equal', value: true },
    },
    {
      id: 'big-order',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '50',
      when: {
        fact: 'total',
        operator: 'moneyGreaterThanInclusive',
        value: { amount: 50000, currency: 'CNY' },
      },
    },
    {
      id: 'app',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '10',
      when: { fact: 'channel', operator: 'equal', value: 'app' },
    },
    {
      id: 'stores',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '5',
      when: { fact: 'store', operator: 'in', value: ['S1', 'S2', 'S3'] },
    },
    {
      id: 'coupon',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '20',
      when: { fact: 'couponCodes', operator: 'contains', value: 'WELCOME' },
    },
    {
      id: 'vip-bonus',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '30',
      when: {
        all: [
          { fact: 'tags', operator: 'contains', value: 'vip' },
          { fact: 'total', operator: 'moneyGreaterThanInclusive', value: { amount: 20000, currency: 'CNY' } },
        ],
      },
    },
    {
      id: 'bundle',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '40',
      when: { fact: 'lines', operator: 'countItems', value: { min: 3, count: 'quantity' } },
    },
    {
      id: 'lunch',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '5',
      when: { fact: 'localHour', operator: 'greaterThanInclusive', value: 11 },
    },
    {
      id: 'regular',
      kind: 'fixed',
      event: 'purchase',
      group: 'bonus',
      points: '15',
      when: { fact: 'orderCount', operator: 'greaterThanInclusive', value: 10 },
    },
    {
      id: 'weekend',
      kind: 'multiplier',
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
    {
      id: 'vip',
      kind: 'multiplier',
      factor: '1.5',
      when: { fact: 'tags', operator: 'contains', value: 'vip' },
    },
    {
      id: 'spring',
      kind: 'multiplier',
      group: 'promo',
      factor: '1.2',
      validFrom: '2026-03-01T00:00:00+08:00',
      validUntil: '2026-06-01T00:00:00+08:00',
    },
    {
      id: 'app-boost',
      kind: 'multiplier',
      group: 'promo',
      factor: '1.3',
      when: { fact: 'channel', operator: 'equal', value: 'app' },
    },
    {
      id: 'birthday-month',
      kind: 'multiplier',
      group: 'promo',
      factor: '1.5',
      when: { fact: 'isBirthdayMonth', operator: 'equal', value: true },
    },
    {
      id: 'bonus-boost',
      kind: 'multiplier',
      group: 'bonus-mult',
      factor: '2',
      appliesTo: { rules: ['coupon'] },
    },
  ],
  stacking: { category: 'max', promo: 'max', multipliers: 'multiply' },
  caps: [
    {
      id: 'bonus-month',
      points: '300',
      window: { type: 'calendar', unit: 'month' },
      appliesTo: { groups: ['bonus'] },
    },
    {
      id: 'big-week',
      count: 1,
      window: { type: 'rollingDays', days: 7 },
      appliesTo: { rules: ['big-order'] },
    },
  ],
  rewards: [{ id: 'coffee', points: '50' }],
});

// ---------- the stream ----------
const CATEGORIES = ['beans', 'gear', 'mugs', 'tea', 'snacks'];
const CHANNELS = ['web', 'app', 'store'];
export const MEMBERS = 200;

interface Line {
  sku: string;
  category: string;
  tags: string[];
  quantity: number;
  price: number;
  discount?: number;
}
export interface Purchase {
  type: 'purchase';
  id: string;
  memberId: string;
  occurredAt: string;
  currency: 'CNY';
  lines: Line[];
  orderDiscount?: number;
  channel: string;
  store: string;
  couponCodes: string[];
}
export interface Redemption {
  type: 'redemption';
  id: string;
  memberId: string;
  occurredAt: string;
  rewardId: 'coffee';
}
export type Ev = Purchase | Redemption;

export const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m-${i}`);
const vip = new Set(memberIds.filter((_, i) => i % 5 === 0));
const birthdays = new Map(memberIds.map((id, i) => [id, `1990-${String((i % 12) + 1).padStart(2, '0')}-15`]));

function purchases(n: number, seed: number): Purchase[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let t = Date.parse('2026-01-05T00:00:00Z');
  const out: Purchase[] = [];
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 1_200_000); // up to 20 minutes apart
    const lines: Line[] = [];
    const count = 1 + Math.floor(rnd() * 4);
    for (let j = 0; j < count; j++) {
      lines.push({
        sku: `SKU-${Math.floor(rnd() * 300)}`,
        category: pick(CATEGORIES),
        tags: rnd() < 0.25 ? ['sale'] : [],
        quantity: 1 + Math.floor(rnd() * 3),
        price: 500 + Math.floor(rnd() * 30000),
        ...(rnd() < 0.2 ? { discount: 100 } : {}),
      });
    }
    out.push({
      type: 'purchase',
      id: `o-${i}`,
      memberId: pick(memberIds),
      occurredAt: new Date(t).toISOString(),
      currency: 'CNY',
      lines,
      ...(rnd() < 0.1 ? { orderDiscount: 500 } : {}),
      channel: pick(CHANNELS),
      store: `S${Math.floor(rnd() * 10)}`,
      couponCodes: rnd() < 0.05 ? ['WELCOME'] : [],
    });
  }
  return out;
}

// ---------- hand-written: the same decisions, plain JavaScript ----------
export interface HandMember {
  id: string;
  vip: boolean;
  birthMonth: number;
  orderCount: number;
  lots: { id: string; remaining: number }[];
  balance: number;
  bonusMonth: Map<string, number>;
  bigOrderDays: number[];
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

export function handPurchase(m: HandMember, e: Purchase): number {
  const ms = Date.parse(e.occurredAt);
  const local = new Date(ms + ZONE_OFFSET_MS);
  const weekday = local.getUTCDay();
  const hour = local.getUTCHours();
  const month = local.getUTCMonth() + 1;
  const day = Math.floor((ms + ZONE_OFFSET_MS) / 86_400_000);
  // basis per line: gross - line discount - share of the order discount (largest remainder)
  const n = e.lines.length;
  const afterLine = new Array<number>(n);
  let sumAfter = 0;
  let qty = 0;
  for (let i = 0; i < n; i++) {
    const l = e.lines[i]!;
    afterLine[i] = l.price * l.quantity - (l.discount ?? 0);
    sumAfter += afterLine[i]!;
    qty += l.quantity;
  }
  const basis = afterLine.slice();
  const od = e.orderDiscount ?? 0;
  if (od > 0) {
    const rema = new Array<number>(n);
    let given = 0;
    for (let i = 0; i < n; i++) {
      const share = od * afterLine[i]!;
      const q = Math.floor(share / sumAfter);
      basis[i] = basis[i]! - q;
      rema[i] = share - q * sumAfter;
      given += q;
    }
    for (let left = od - given; left > 0; left--) {
      let best = -1;
      for (let i = 0; i < n; i++) if (rema[i]! > 0 && (best < 0 || rema[i]! > rema[best]!)) best = i;
      basis[best] = basis[best]! - 1;
      rema[best] = 0;
    }
  }
  let total = 0;
  let beans = 0;
  let gear = 0;
  let mugs = 0;
  let sale = 0;
  for (let i = 0; i < n; i++) {
    const l = e.lines[i]!;
    total += basis[i]!;
    if (l.category === 'beans') beans += basis[i]!;
    if (l.category === 'gear') gear += basis[i]!;
    if (l.category === 'mugs') mugs += l.quantity;
    if (l.tags.includes('sale')) sale += 1;
  }
  // multipliers as exact tenths-friendly integers: factor = num / den
  let mNum = 1;
  let mDen = 1;
  if (weekday === 0 || weekday === 6) mNum *= 2;
  if (m.vip) {
    mNum *= 3;
    mDen *= 2;
  }
  let promo = 0; // max of 1.2 (always, spring), 1.3 (app), 1.5 (birthday month), as tenths
  if (ms >= Date.parse('2026-02-28T16:00:00Z') && ms < Date.parse('2026-05-31T16:00:00Z')) promo = 12;
  if (e.channel === 'app') promo = Math.max(promo, 13);
  if (month === m.birthMonth) promo = Math.max(promo, 15);
  if (promo > 0) {
    mNum *= promo;
    mDen *= 10;
  }
  let points = 0;
  points += floorDiv(total * mNum, 100 * mDen);
  const beansPts = beans > 0 ? floorDiv(beans * 2 * mNum, 100 * mDen) : 0;
  const gearPts = gear > 0 ? floorDiv(floorDiv(gear, 1000) * 30 * mNum, mDen) : 0;
  points += Math.max(beansPts, gearPts);
  // items are not multiplied by default (multipliers apply to spend rules)
  points += mugs * 5 + sale;
  // bonuses, capped at 300 a calendar month (Shanghai); big-order once per rolling 7 days
  const monthKey = `${local.getUTCFullYear()}-${month}`;
  let bonusLeft = 300 - (m.bonusMonth.get(monthKey) ?? 0);
  const bonus = (p: number): void => {
    const g = Math.min(p, bonusLeft);
    if (g > 0) {
      bonusLeft -= g;
      points += g;
      m.bonusMonth.set(monthKey, 300 - bonusLeft);
    }
  };
  const gross = total; // no tax or shipping in this stream
  // in the engine's order: same priority, so by rule id
  if (e.channel === 'app') bonus(10); // app
  if (gross >= 50000 && !m.bigOrderDays.some((d) => d > day - 7)) {
    const before = bonusLeft;
    bonus(50); // big-order
    if (bonusLeft < before) m.bigOrderDays.push(day);
  }
  if (qty >= 3) bonus(40); // bundle
  if (e.couponCodes.includes('WELCOME')) bonus(40); // coupon, x2 by bonus-boost
  if (m.orderCount === 0) bonus(100); // first
  if (hour >= 11) bonus(5); // lunch
  if (m.orderCount >= 10) bonus(15); // regular
  if (e.store === 'S1' || e.store === 'S2' || e.store === 'S3') bonus(5); // stores
  if (m.vip && gross >= 20000) bonus(30); // vip-bonus
  m.orderCount += 1;
  m.lots.push({ id: e.id, remaining: points });
  m.balance += points;
  return points;
}

export function handRedeem(m: HandMember, points: number): void {
  let left = points;
  let i = 0;
  while (left > 0) {
    const lot = m.lots[i]!;
    const take = Math.min(lot.remaining, left);
    lot.remaining -= take;
    left -= take;
    if (lot.remaining > 0) break;
    i++;
  }
  m.lots.splice(0, i);
  m.balance -= points;
}

export function handMembers(): Map<string, HandMember> {
  return new Map(
    memberIds.map((id) => [
      id,
      {
        id,
        vip: vip.has(id),
        birthMonth: Number(birthdays.get(id)!.slice(5, 7)),
        orderCount: 0,
        lots: [],
        balance: 0,
        bonusMonth: new Map(),
        bigOrderDays: [],
      },
    ]),
  );
}

// The stream: purchases, with a coffee redemption after every 4th purchase of a member who can pay.
export function buildStream(): Ev[] {
  const members = handMembers();
  const out: Ev[] = [];
  const seen = new Map<string, number>();
  for (const p of purchases(20_000, 20260301)) {
    out.push(p);
    const m = members.get(p.memberId)!;
    handPurchase(m, p);
    const k = (seen.get(p.memberId) ?? 0) + 1;
    seen.set(p.memberId, k);
    if (k % 4 === 0 && m.balance >= 50) {
      handRedeem(m, 50);
      out.push({
        type: 'redemption',
        id: `r-${p.id}`,
        memberId: p.memberId,
        occurredAt: p.occurredAt,
        rewardId: 'coffee',
      });
    }
  }
  return out;
}

export const STREAM = buildStream();
export const engine = createEngine(program);

export function engineMembers(): Map<string, MemberState> {
  return new Map(
    memberIds.map((id) => [
      id,
      engine.enroll({
        memberId: id,
        joinedAt: '2026-01-01T00:00:00Z',
        birthday: birthdays.get(id)!,
        tags: vip.has(id) ? ['vip'] : [],
      }),
    ]),
  );
}

export function runEngine(): Map<string, MemberState> {
  const members = engineMembers();
  for (const e of STREAM) members.set(e.memberId, engine.apply(members.get(e.memberId)!, e).state);
  return members;
}

export function runHand(): Map<string, HandMember> {
  const members = handMembers();
  for (const e of STREAM) {
    const m = members.get(e.memberId)!;
    if (e.type === 'purchase') handPurchase(m, e);
    else handRedeem(m, 50);
  }
  return members;
}
