// Backtest: "what would last year have looked like under the new program?" A tea shop replays its
// 2026 event stream under the program it ran and under a candidate (weekend double points, a lower
// Silver threshold), compares points issued, outstanding, cost and tiers, then previews who would
// change tier if the candidate took effect on 1 January 2027.
// Run: npx tsx examples/backtest.ts
import {
  createEngine,
  defineProgram,
  formatMoney,
  type MemberState,
  type ProgramInput,
  previewMigration,
  simulate,
} from 'loyalty-engine';

// 1. The program the shop ran in 2026, and the candidate marketing proposes.
const current: ProgramInput = {
  id: 'tea-house',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  rewards: [{ id: 'pot-of-tea', points: '800' }],
  expiry: { mode: 'rolling', months: 6 },
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member' },
      { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 300_000 } },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 800_000 } },
    ],
    policy: { period: { type: 'months', months: 12 } },
  },
};
const candidate: ProgramInput = {
  ...current,
  version: 2,
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'weekend',
      kind: 'multiplier',
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
  ],
  tiers: {
    ...current.tiers!,
    levels: [
      { id: 'member' },
      { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 200_000 } },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 800_000 } },
    ],
  },
};
const programs = { current: defineProgram(current), candidate: defineProgram(candidate) };

// 2. Last year's events. A real shop reads them from its event store (an array, an iterable or an
// async iterable, in time order); here a seeded generator makes 120 members' year, the same each run.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
function lastYear(): Record<string, unknown>[] {
  const rnd = seeded(2026);
  const events: Record<string, unknown>[] = [];
  let t = Date.parse('2026-01-01T02:00:00Z');
  for (let i = 0; i < 3_000; i++) {
    t += Math.floor(rnd() * 2 * 10_500_000); // about 2.9 hours apart on average
    const member = Math.floor(rnd() ** 2 * 120); // some members come far more often
    const memberId = `m-${String(member).padStart(3, '0')}`;
    const occurredAt = new Date(t).toISOString();
    if (rnd() < 0.12) {
      events.push({ type: 'redemption', id: `r-${i}`, memberId, occurredAt, rewardId: 'pot-of-tea' });
    } else {
      const price = 2_800 + Math.floor(rnd() * 30) * 500; // 28.00 to 173.00 CNY
      events.push({
        type: 'purchase',
        id: `o-${i}`,
        memberId,
        occurredAt,
        currency: 'CNY',
        lines: [{ sku: 'tea', quantity: 1 + Math.floor(rnd() * 3), price }],
      });
    }
  }
  return events;
}
const events = lastYear();

// 3. Replay the year under both programs. A pure core makes this a fold: no cron, no database.
const result = await simulate({
  events,
  programs,
  pointValue: { amount: 1, currency: 'CNY' }, // one point is worth 0.01 CNY to the shop
  until: '2026-12-31T16:00:00Z', // the end of 2026 in Shanghai
});
const row = (label: string, a: number | string, b: number | string, d: number | string) =>
  `  ${label.padEnd(24)}${String(a).padStart(10)}${String(b).padStart(12)}${String(d).padStart(10)}`;
console.log(`Replayed ${result.events} events of ${result.members} members under both programs`);
console.log(row('', 'current', 'candidate', 'change'));
for (const k of ['issued', 'redeemed', 'expired', 'outstanding'] as const) {
  console.log(row(`points ${k}`, result.current[k], result.candidate[k], result.diff[k]));
}
const money = (m: { amount: number; currency: string } | null) => (m === null ? '-' : formatMoney(m));
const withCurrency = (m: { amount: number; currency: string } | null) =>
  m === null ? '-' : formatMoney(m, { withCurrency: true });
console.log(
  row('value of points issued', money(result.current.issuedValue), money(result.candidate.issuedValue), ''),
);
console.log(`  the candidate costs ${withCurrency(result.diff.cost)} more in points`);
const refused = (r: Readonly<Partial<Record<string, number>>>) =>
  Object.entries(r)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ') || 'none';
console.log(
  `  redemptions refused: ${refused(result.current.refused)} (current), ${refused(result.candidate.refused)} (candidate)`,
);

console.log('Members per tier at the end of 2026');
for (const tier of ['member', 'silver', 'gold']) {
  console.log(
    `  ${tier.padEnd(8)}${String(result.current.tiers[tier] ?? 0).padStart(4)} -> ${result.candidate.tiers[tier] ?? 0}`,
  );
}
for (const move of result.tierMoves) {
  console.log(`  ${move.members} members would end the year ${move.to} instead of ${move.from}`);
}
const quarterEnds = result.tierHistory.filter((s) =>
  ['2026-03', '2026-06', '2026-09', '2026-12'].includes(s.period),
);
console.log('Silver or better at quarter ends (current -> candidate)');
for (const s of quarterEnds) {
  const atLeastSilver = (r: Readonly<Record<string, number>>) => (r['silver'] ?? 0) + (r['gold'] ?? 0);
  console.log(`  ${s.period}: ${atLeastSilver(s.current)} -> ${atLeastSilver(s.candidate)}`);
}
console.log('Members who gain the most points');
for (const m of result.perMember.slice(0, 3)) {
  console.log(
    `  ${m.memberId}: +${m.issued} points issued, ${m.outstanding >= 0 ? '+' : ''}${m.outstanding} outstanding, tier ${m.tier.current} -> ${m.tier.candidate}`,
  );
}

// 4. The same replay with the candidate on both sides changes nothing: the backtest is the live
// engine, not a model of it.
const same = await simulate({ events, programs: { current: programs.current, candidate: programs.current } });
console.log(
  `Unchanged program: ${same.diff.issued} points and ${same.tierMoves.length} tier moves of difference`,
);

// 5. Before switching on 1 January 2027: whose tier would change under the new thresholds, as of
// 20 December (this year's spend still counts), and why.
const engine = createEngine(programs.current);
const states = new Map<string, MemberState>();
for (const event of events) {
  const memberId = event['memberId'] as string;
  const state = states.get(memberId) ?? engine.enroll({ memberId, joinedAt: event['occurredAt'] as string });
  try {
    states.set(memberId, engine.apply(state, event).state);
  } catch {
    states.set(memberId, state); // a redemption the member could not pay: refused, nothing changed
  }
}
const preview = previewMigration(engine, programs.candidate, states.values(), '2026-12-20T04:00:00Z');
console.log('Preview of the candidate as of 20 Dec 2026, noon in Shanghai');
for (const move of preview.moves.filter((m) => m.from !== m.to)) {
  console.log(`  ${move.members} members ${move.from} -> ${move.to}`);
}
const example = preview.members.find((m) => m.move === 'up');
if (example !== undefined) {
  console.log(
    `  e.g. ${example.memberId}: spend this year ${formatMoney({ amount: example.metrics['spend'] ?? 0, currency: 'CNY' })}, Silver would need ${formatMoney({ amount: 200_000, currency: 'CNY' })} instead of ${formatMoney({ amount: 300_000, currency: 'CNY' })}`,
  );
}

/* Expected output:
Replayed 3000 events of 120 members under both programs
                             current   candidate    change
  points issued               548914      704694    155780
  points redeemed             184000      203200     19200
  points expired              114787      170770     55983
  points outstanding          250127      330724     80597
  value of points issued     5489.14     7046.94          
  the candidate costs 1557.80 CNY more in points
  redemptions refused: 103 INSUFFICIENT_POINTS (current), 79 INSUFFICIENT_POINTS (candidate)
Members per tier at the end of 2026
  member    51 -> 18
  silver    57 -> 90
  gold      12 -> 12
  33 members would end the year silver instead of member
Silver or better at quarter ends (current -> candidate)
  2026-03: 5 -> 11
  2026-06: 15 -> 47
  2026-09: 46 -> 82
  2026-12: 69 -> 102
Members who gain the most points
  m-000: +17022 points issued, +9182 outstanding, tier gold -> gold
  m-001: +6910 points issued, +4719 outstanding, tier gold -> gold
  m-005: +4488 points issued, +1045 outstanding, tier gold -> gold
Unchanged program: 0 points and 0 tier moves of difference
Preview of the candidate as of 20 Dec 2026, noon in Shanghai
  33 members member -> silver
  e.g. m-085: spend this year 2870.00, Silver would need 2000.00 instead of 3000.00
*/
