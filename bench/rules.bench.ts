/**
 * Benchmark "rules": a realistic 20-rule loyalty set evaluated per event over 100,000 generated
 * events, three ways in the same run:
 *   1. loyalty-engine's compileRuleSet (the 20 rules compiled together, evaluated with one call per
 *      event; also each rule compiled alone with compileCondition, 20 calls per event),
 *   2. json-rules-engine 7 `Engine.run` (one engine reused, awaited per event; 2,000 events),
 *   3. hand-written JavaScript computing the same decisions.
 * Before timing, the three are checked to agree on every decision (the run fails otherwise).
 *
 * Run: `npx vitest bench --run bench/rules.bench.ts` (or `npm run bench`). Events/s and both
 * ratios are printed by the manual timing below (CPU time, best of 9 interleaved rounds per chunk
 * of 5,000 events); vitest's own table follows.
 */
import { Engine } from 'json-rules-engine';
import {
  type CompiledCondition,
  type Condition,
  compileCondition,
  compileRuleSet,
  type Facts,
} from 'loyalty-engine';
import { registerLoyaltyOperators, toJsonRulesEngineRule } from 'loyalty-engine/json-rules-engine';
import { bench, describe } from 'vitest';
import { mulberry32 } from '../test/support/mulberry32.js';

// ---------- deterministic event generation (seeded PRNG, mulberry32) ----------

interface Line {
  sku: string;
  category: string;
  tags: string[];
  price: { amount: number; currency: string };
  quantity: number;
}
interface EventFacts {
  type: string;
  channel: string;
  store: string;
  total: { amount: number; currency: string };
  subtotalAmount: number;
  lines: Line[];
  tier: string;
  orderCount: number;
  daysSinceJoined: number;
  daysSinceLastPurchase: number;
  tags: string[];
  couponCodes: string[];
  hour: number;
  weekday: number;
  isBirthdayToday: boolean;
  isFirstPurchase: boolean;
  rfmSegment: string;
  pAlive: number;
}

const CATEGORIES = ['shoes', 'socks', 'hats', 'bags', 'shirts'];
const TIERS = ['basic', 'silver', 'gold', 'platinum'];
const CHANNELS = ['web', 'app', 'miniprogram', 'store', 'marketplace'];
const SEGMENTS = ['Champions', 'Loyal', 'New', 'At Risk', 'Hibernating', 'Lost'];
const TAGS = ['vip', 'employee', 'blocked', 'newsletter'];

function generateEvents(n: number, seed: number): EventFacts[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: EventFacts[] = [];
  for (let i = 0; i < n; i++) {
    const lines: Line[] = [];
    const count = 1 + Math.floor(rnd() * 5);
    let subtotal = 0;
    for (let j = 0; j < count; j++) {
      const amount = 500 + Math.floor(rnd() * 40000);
      const quantity = 1 + Math.floor(rnd() * 3);
      subtotal += amount * quantity;
      lines.push({
        sku: `SKU-${Math.floor(rnd() * 500)}`,
        category: pick(CATEGORIES),
        tags: rnd() < 0.3 ? ['sale'] : rnd() < 0.5 ? ['new'] : [],
        price: { amount, currency: 'CNY' },
        quantity,
      });
    }
    out.push({
      type: rnd() < 0.9 ? 'purchase' : 'refund',
      channel: pick(CHANNELS),
      store: `S${Math.floor(rnd() * 20)}`,
      total: { amount: subtotal, currency: 'CNY' },
      subtotalAmount: subtotal,
      lines,
      tier: pick(TIERS),
      orderCount: Math.floor(rnd() * 30),
      daysSinceJoined: Math.floor(rnd() * 1000),
      daysSinceLastPurchase: Math.floor(rnd() * 200),
      tags: TAGS.filter(() => rnd() < 0.15),
      couponCodes: rnd() < 0.1 ? ['WELCOME10'] : [],
      hour: Math.floor(rnd() * 24),
      weekday: 1 + Math.floor(rnd() * 7),
      isBirthdayToday: rnd() < 0.01,
      isFirstPurchase: rnd() < 0.05,
      rfmSegment: pick(SEGMENTS),
      pAlive: rnd(),
    });
  }
  return out;
}

// ---------- the rule set ----------
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const RULES: Record<string, Condition> = {
  basePurchase: {
    all: [
      { fact: 'type', operator: 'equal', value: 'purchase' },
      { fact: 'total', operator: 'moneyGreaterThanInclusive', value: cny(1000) },
    ],
  },
  weekend: {
    all: [
      { fact: 'type', operator: 'equal', value: 'purchase' },
      { fact: 'weekday', operator: 'in', value: [6, 7] },
    ],
  },
  happyHour: {
    all: [
      { fact: 'type', operator: 'equal', value: 'purchase' },
      { fact: 'hour', operator: 'greaterThanInclusive', value: 17 },
      { fact: 'hour', operator: 'lessThan', value: 20 },
    ],
  },
  goldTier: { all: [{ fact: 'tier', operator: 'in', value: ['gold', 'platinum'] }] },
  bigSpender: {
    all: [
      { fact: 'subtotalAmount', operator: 'greaterThanInclusive', value: 50000 },
      {
        any: [
          { fact: 'tier', operator: 'equal', value: 'gold' },
          { fact: 'orderCount', operator: 'greaterThanInclusive', value: 10 },
        ],
      },
    ],
  },
  shoesPromo: {
    all: [
      {
        fact: 'lines',
        operator: 'anyItem',
        value: {
          all: [
            { fact: 'category', operator: 'equal', value: 'shoes' },
            { fact: 'quantity', operator: 'greaterThanInclusive', value: 2 },
          ],
        },
      },
    ],
  },
  allOnSale: {
    all: [
      {
        fact: 'lines',
        operator: 'everyItem',
        value: { any: [{ fact: 'tags', operator: 'contains', value: 'sale' }] },
      },
    ],
  },
  sockMultiBuy: {
    all: [
      {
        fact: 'lines',
        operator: 'countItems',
        value: {
          where: { all: [{ fact: 'category', operator: 'equal', value: 'socks' }] },
          min: 3,
          count: 'quantity',
        },
      },
    ],
  },
  firstPurchase: {
    all: [
      { fact: 'isFirstPurchase', operator: 'equal', value: true },
      { fact: 'type', operator: 'equal', value: 'purchase' },
    ],
  },
  birthday: { all: [{ fact: 'isBirthdayToday', operator: 'equal', value: true }] },
  appChannel: { all: [{ fact: 'channel', operator: 'in', value: ['app', 'miniprogram'] }] },
  flagshipStores: {
    all: [
      { fact: 'channel', operator: 'equal', value: 'store' },
      { fact: 'store', operator: 'in', value: ['S1', 'S2', 'S3', 'S5', 'S8'] },
    ],
  },
  welcomeCoupon: { all: [{ fact: 'couponCodes', operator: 'contains', value: 'WELCOME10' }] },
  winBack: {
    all: [
      { fact: 'pAlive', operator: 'lessThan', value: 0.3 },
      { fact: 'daysSinceLastPurchase', operator: 'greaterThan', value: 90 },
    ],
  },
  champions: { all: [{ fact: 'rfmSegment', operator: 'in', value: ['Champions', 'Loyal'] }] },
  vipNotBlocked: {
    all: [
      { fact: 'tags', operator: 'contains', value: 'vip' },
      { not: { fact: 'tags', operator: 'contains', value: 'blocked' } },
    ],
  },
  newMember: {
    all: [
      { fact: 'daysSinceJoined', operator: 'lessThanInclusive', value: 30 },
      { fact: 'orderCount', operator: 'lessThan', value: 3 },
    ],
  },
  premiumItem: {
    all: [
      {
        fact: 'lines',
        operator: 'anyItem',
        value: { all: [{ fact: 'price', operator: 'moneyGreaterThanInclusive', value: cny(20000) }] },
      },
    ],
  },
  weekdayLunch: {
    all: [
      { fact: 'weekday', operator: 'lessThanInclusive', value: 5 },
      { fact: 'hour', operator: 'greaterThanInclusive', value: 11 },
      { fact: 'hour', operator: 'lessThan', value: 14 },
      { fact: 'channel', operator: 'equal', value: 'app' },
    ],
  },
  bigBasket: {
    all: [
      {
        any: [
          { fact: 'total', operator: 'moneyGreaterThan', value: cny(30000) },
          { fact: 'lines', operator: 'countItems', value: { min: 5, count: 'quantity' } },
        ],
      },
      { not: { fact: 'channel', operator: 'equal', value: 'marketplace' } },
    ],
  },
};
const NAMES = Object.keys(RULES);

// ---------- hand-written decisions ----------
function handWritten(e: EventFacts, out: boolean[]): void {
  const purchase = e.type === 'purchase';
  const lines = e.lines;
  let shoes2 = false;
  let allSale = true;
  let socks = 0;
  let premium = false;
  let qty = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.category === 'shoes' && l.quantity >= 2) shoes2 = true;
    if (l.tags.indexOf('sale') === -1) allSale = false;
    if (l.category === 'socks') socks += l.quantity;
    if (l.price.currency !== 'CNY') throw new Error('currency');
    if (l.price.amount >= 20000) premium = true;
    qty += l.quantity;
  }
  out[0] = purchase && e.total.amount >= 1000;
  out[1] = purchase && (e.weekday === 6 || e.weekday === 7);
  out[2] = purchase && e.hour >= 17 && e.hour < 20;
  out[3] = e.tier === 'gold' || e.tier === 'platinum';
  out[4] = e.subtotalAmount >= 50000 && (e.tier === 'gold' || e.orderCount >= 10);
  out[5] = shoes2;
  out[6] = allSale;
  out[7] = socks >= 3;
  out[8] = e.isFirstPurchase === true && purchase;
  out[9] = e.isBirthdayToday === true;
  out[10] = e.channel === 'app' || e.channel === 'miniprogram';
  out[11] =
    e.channel === 'store' &&
    (e.store === 'S1' || e.store === 'S2' || e.store === 'S3' || e.store === 'S5' || e.store === 'S8');
  out[12] = e.couponCodes.indexOf('WELCOME10') !== -1;
  out[13] = e.pAlive < 0.3 && e.daysSinceLastPurchase > 90;
  out[14] = e.rfmSegment === 'Champions' || e.rfmSegment === 'Loyal';
  out[15] = e.tags.indexOf('vip') !== -1 && e.tags.indexOf('blocked') === -1;
  out[16] = e.daysSinceJoined <= 30 && e.orderCount < 3;
  out[17] = premium;
  out[18] = e.weekday <= 5 && e.hour >= 11 && e.hour < 14 && e.channel === 'app';
  out[19] = (e.total.amount > 30000 || qty >= 5) && e.channel !== 'marketplace';
}

// ---------- the three evaluators ----------
const ruleSet = compileRuleSet(RULES);
function compiledDecisions(e: EventFacts, out: boolean[]): void {
  ruleSet.evaluate(e as unknown as Facts, out);
}
const compiled: CompiledCondition[] = NAMES.map((n) => compileCondition(RULES[n]!));
function conditionDecisions(e: EventFacts, out: boolean[]): void {
  const facts = e as unknown as Facts;
  for (let i = 0; i < compiled.length; i++) out[i] = compiled[i]!(facts);
}

const engine = registerLoyaltyOperators(new Engine([], { allowUndefinedFacts: true }), {
  timeZone: 'Asia/Shanghai',
});
for (const name of NAMES)
  engine.addRule(toJsonRulesEngineRule({ id: name, conditions: RULES[name]! }) as never);
async function jreDecisions(e: EventFacts): Promise<boolean[]> {
  const { events } = await engine.run(e as unknown as Record<string, unknown>);
  const fired = new Set(events.map((x) => x.type));
  return NAMES.map((n) => fired.has(n));
}

const EVENTS = generateEvents(100_000, 20260301);
const JRE_EVENTS = 2_000;

// ---------- agreement check (fails the run on any disagreement) ----------
async function checkAgreement(): Promise<number> {
  const a: boolean[] = [];
  const b: boolean[] = [];
  const c: boolean[] = [];
  let fired = 0;
  for (let i = 0; i < EVENTS.length; i++) {
    handWritten(EVENTS[i]!, a);
    compiledDecisions(EVENTS[i]!, b);
    conditionDecisions(EVENTS[i]!, c);
    for (let r = 0; r < NAMES.length; r++) {
      if (a[r] !== b[r])
        throw new Error(`compiled and hand-written disagree on event ${i}, rule ${NAMES[r]}`);
      if (a[r] !== c[r])
        throw new Error(`compileCondition and hand-written disagree on event ${i}, rule ${NAMES[r]}`);
      if (a[r]) fired++;
    }
    if (i < JRE_EVENTS) {
      const j = await jreDecisions(EVENTS[i]!);
      for (let r = 0; r < NAMES.length; r++) {
        if (j[r] !== a[r]) throw new Error(`json-rules-engine disagrees on event ${i}, rule ${NAMES[r]}`);
      }
    }
  }
  return fired;
}

/** CPU time of this process so far, in ms (user + system: time other processes take is not counted). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Events/s of each evaluator over the 100,000 events, in chunks of `size` events: each chunk is run
 * `rounds` times by every evaluator, the evaluators taking turns (in a rotating order), and an
 * evaluator's time is the sum over chunks of its best time on that chunk. Times are CPU time of
 * this process, not wall-clock time: on a shared machine, a chunk during which the process waited
 * for a core costs no more than one during which it ran (the ratios stay meaningful under load).
 * The chunks walk through all 100,000 events, which do not fit in the CPU caches, as in real use.
 */
function timeChunks(
  fns: readonly ((e: EventFacts, out: boolean[]) => void)[],
  rounds: number,
  size = 5_000,
): number[] {
  const out: boolean[] = new Array(NAMES.length).fill(false);
  const chunks = Math.ceil(EVENTS.length / size);
  const best = fns.map(() => new Array<number>(chunks).fill(Number.POSITIVE_INFINITY));
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < chunks; c++) {
      const lo = c * size;
      const hi = Math.min(EVENTS.length, lo + size);
      for (let j = 0; j < fns.length; j++) {
        const k = (j + r + c) % fns.length;
        const fn = fns[k]!;
        const t0 = cpuMs();
        for (let i = lo; i < hi; i++) fn(EVENTS[i]!, out);
        const ms = cpuMs() - t0;
        if (ms < best[k]![c]!) best[k]![c] = ms;
      }
    }
  }
  return best.map((b) => EVENTS.length / (b.reduce((x, y) => x + y, 0) / 1000));
}

async function timeJre(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < JRE_EVENTS; i++) await engine.run(EVENTS[i]! as unknown as Record<string, unknown>);
  return JRE_EVENTS / ((performance.now() - t0) / 1000);
}

const fired = await checkAgreement();
const evaluators = [handWritten, compiledDecisions, conditionDecisions];
timeChunks(evaluators, 2); // warm-up
const [handRate = 0, compiledRate = 0, conditionRate = 0] = timeChunks(evaluators, 9);
const jreRate = await timeJre();
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log(
  [
    `rules: ${NAMES.length} rules, ${fmt(EVENTS.length)} events (${fmt(fired)} rule hits); all three agree on every decision`,
    `  hand-written JS        ${fmt(handRate)} events/s`,
    `  compileRuleSet (ours)  ${fmt(compiledRate)} events/s`,
    `  20 x compileCondition  ${fmt(conditionRate)} events/s`,
    `  json-rules-engine run  ${fmt(jreRate)} events/s (${fmt(JRE_EVENTS)} events, awaited one by one)`,
    `  compileRuleSet / json-rules-engine = ${(compiledRate / jreRate).toFixed(0)}x faster`,
    `  hand-written / compileRuleSet      = ${(handRate / compiledRate).toFixed(2)}x (target <= 3x)`,
    `  hand-written / 20 x compileCondition = ${(handRate / conditionRate).toFixed(2)}x`,
  ].join('\n'),
);

describe('rules', () => {
  const out: boolean[] = new Array(NAMES.length).fill(false);
  let i = 0;
  bench('hand-written JS (1 event, 20 rules)', () => {
    handWritten(EVENTS[i++ % EVENTS.length]!, out);
  });
  bench('compileRuleSet (1 event, 20 rules)', () => {
    compiledDecisions(EVENTS[i++ % EVENTS.length]!, out);
  });
  bench('20 x compileCondition (1 event)', () => {
    conditionDecisions(EVENTS[i++ % EVENTS.length]!, out);
  });
  bench('json-rules-engine Engine.run (1 event, 20 rules)', async () => {
    await engine.run(EVENTS[i++ % JRE_EVENTS]! as unknown as Record<string, unknown>);
  });
});
