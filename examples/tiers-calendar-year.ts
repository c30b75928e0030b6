// Tiers on calendar-year spend: qualification, retention thresholds (保级), a 30-day grace period, and
// "what you still need by 31 December" from engine.tierStatus, across a year end in two zones: the
// same instant is still 2026 in New York and already 2027 in Shanghai.
// Run: npx tsx examples/tiers-calendar-year.ts
import {
  createEngine,
  defineProgram,
  type Engine,
  formatMoney,
  type LedgerEntry,
  localDateOf,
  type MemberState,
  type ProgramInput,
  type TierStatus,
} from 'loyalty-engine';

// One tier structure, used by two regional programs: spend is counted per calendar year in the
// program's zone; a tier reached in a year is held for the rest of that year and the next.
const club = (id: string, currency: string, timeZone: string): ProgramInput => ({
  id,
  currency,
  timeZone,
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member', name: 'Member' },
      {
        id: 'silver',
        name: 'Silver',
        // thresholds in minor units: 1,000.00 to reach Silver, 800.00 a year to keep it
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100000 },
        retention: { fact: 'spend', operator: 'greaterThanInclusive', value: 80000 },
        benefits: { earningMultiplier: '1.25', discountPercent: 5 },
      },
      {
        id: 'gold',
        name: 'Gold',
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 500000 },
        retention: { fact: 'spend', operator: 'greaterThanInclusive', value: 400000 },
        benefits: { earningMultiplier: '1.5', freeShipping: true },
      },
    ],
    // At the end of a period the year's spend is checked against retention (met: the tier is kept
    // for another period at once); failing that, the member keeps the tier for 30 more days
    // (grace): spend in them that meets retention keeps it, else the member steps down at their end.
    policy: { period: { type: 'calendarYears', years: 1 }, downgrade: 'oneStep', graceDays: 30 },
  },
});

interface Member {
  readonly name: string;
  readonly engine: Engine;
  readonly zone: string;
  readonly currency: string;
  state: MemberState;
}

function member(name: string, program: ProgramInput, joinedAt: string): Member {
  const engine = createEngine(defineProgram(program));
  const state = engine.enroll({ memberId: name.toLowerCase(), joinedAt });
  return { name, engine, zone: program.timeZone, currency: program.currency, state };
}

const li = member('Li', club('club-cn', 'CNY', 'Asia/Shanghai'), '2025-06-01T10:00:00+08:00');
const emma = member('Emma', club('club-us', 'USD', 'America/New_York'), '2025-06-01T10:00:00-04:00');

const money = (m: Member, amount: number): string =>
  `${formatMoney({ amount, currency: m.currency })} ${m.currency}`;
/** The last local day before an exclusive end instant. */
const lastDay = (m: Member, end: string): string =>
  localDateOf(new Date(Date.parse(end) - 1).toISOString(), m.zone);

function show(m: Member, effects: readonly LedgerEntry[]): void {
  for (const e of effects) {
    if (e.type === 'tierChanged' || e.type === 'tierRenewed')
      console.log(`  ${m.name}: ${m.engine.explain(e).summary}`);
  }
}

function buy(m: Member, id: string, occurredAt: string, amount: number): void {
  const { state, effects } = m.engine.apply(m.state, {
    type: 'purchase',
    id,
    occurredAt,
    currency: m.currency,
    lines: [{ sku: 'basket', quantity: 1, price: amount }],
  });
  m.state = state;
  const local = localDateOf(occurredAt, m.zone);
  console.log(`  ${m.name} spends ${money(m, amount)} on ${local} (local), counted in ${local.slice(0, 4)}`);
  show(m, effects);
}

function advance(m: Member, to: string): void {
  const { state, effects } = m.engine.advance(m.state, to);
  m.state = state;
  show(m, effects);
}

/** Where a member stands, in words, from engine.tierStatus. */
function status(m: Member, asOf: string): void {
  const s: TierStatus = m.engine.tierStatus(m.state, asOf)!;
  const spend = s.metrics['spend'] ?? 0;
  const held = s.tier.until === null ? '' : ` until ${lastDay(m, s.tier.until)}`;
  console.log(
    `  ${m.name} on ${localDateOf(asOf, m.zone)}: ${s.tier.name}${held}; spend this year ${money(m, spend)}`,
  );
  if (s.retention !== null) {
    // Retention is checked on the year's spend at the period end (`by`); after a period end that
    // missed it, during grace, on the spend by the end of grace (`by` is then the end of grace).
    const r = s.retention.requirements[0]!;
    const by = lastDay(m, r.by!);
    const inGrace = s.tier.until! <= s.asOf;
    console.log(
      `    ${inGrace ? 'in grace: ' : ''}to keep ${s.tier.name}: ${r.needed === 0 ? 'met' : `${money(m, r.needed)} more by ${by}`}`,
    );
  }
  if (s.next !== null) {
    const r = s.next.requirements[0]!;
    const name = m.engine.program.tiers?.levels.find((l) => l.id === s.next?.tierId)?.name;
    console.log(
      `    to reach ${name}: ${r.needed === 0 ? 'met' : `${money(m, r.needed)} more by ${r.by === null ? 'any time' : lastDay(m, r.by)}`}`,
    );
  }
}

// A tier period ends at local midnight: 16:00Z on 31 December in Shanghai, 05:00Z on 1 January in
// New York. Metric values in the summaries are in minor units.
console.log('2025: both reach Gold with one big order; Gold is held for the rest of 2025 and all of 2026');
buy(li, 'li-1', '2025-07-01T12:00:00+08:00', 520000);
buy(emma, 'emma-1', '2025-07-01T12:00:00-04:00', 520000);

console.log('2026: both spend 3500.00, short of the 4000.00 that keeps Gold');
buy(li, 'li-2', '2026-03-14T12:00:00+08:00', 250000);
buy(li, 'li-3', '2026-11-27T12:00:00+08:00', 100000);
buy(emma, 'emma-2', '2026-03-14T12:00:00-04:00', 250000);
buy(emma, 'emma-3', '2026-11-27T12:00:00-05:00', 100000);

console.log('20 December 2026: what is still needed by 31 December');
status(li, '2026-12-20T12:00:00+08:00');
status(emma, '2026-12-20T12:00:00-05:00');

const instant = '2027-01-01T01:00:00Z';
console.log(`Both order 600.00 at the same instant, ${instant}`);
buy(li, 'li-4', instant, 60000);
buy(emma, 'emma-4', instant, 60000);

// Emma's order still counts for 2026 in New York: she meets retention and Gold is renewed at her
// year end. Li's counts for 2027: she missed retention at the year end and is in grace.
console.log('15 January 2027: both are still Gold; Emma kept it at her year end, Li is in grace');
advance(emma, '2027-01-15T12:00:00-05:00');
status(emma, '2027-01-15T12:00:00-05:00');
status(li, '2027-01-15T12:00:00+08:00');

// advance writes what the passing of time caused (here, the tier decisions at the end of grace);
// apply does the same before each event.
console.log('Grace ends on 30 January (advance to 1 February 2027)');
advance(emma, '2027-02-01T12:00:00-05:00');
advance(li, '2027-02-01T12:00:00+08:00');
status(li, '2027-02-01T12:00:00+08:00');
status(emma, '2027-02-01T12:00:00-05:00');

console.log('Benefits now');
for (const m of [li, emma]) {
  const { tierId, ...benefits } = m.engine.benefits(m.state, m.state.clock);
  console.log(`  ${m.name} (${tierId}): ${JSON.stringify(benefits)}`);
}

/* Expected output:
2025: both reach Gold with one big order; Gold is held for the rest of 2025 and all of 2026
  Li spends 5200.00 CNY on 2025-07-01 (local), counted in 2025
  Li: Tier member -> gold (qualified) until 2026-12-31T16:00:00.000Z; spend 520000
  Emma spends 5200.00 USD on 2025-07-01 (local), counted in 2025
  Emma: Tier member -> gold (qualified) until 2027-01-01T05:00:00.000Z; spend 520000
2026: both spend 3500.00, short of the 4000.00 that keeps Gold
  Li spends 2500.00 CNY on 2026-03-14 (local), counted in 2026
  Li spends 1000.00 CNY on 2026-11-27 (local), counted in 2026
  Emma spends 2500.00 USD on 2026-03-14 (local), counted in 2026
  Emma spends 1000.00 USD on 2026-11-27 (local), counted in 2026
20 December 2026: what is still needed by 31 December
  Li on 2026-12-20: Gold until 2026-12-31; spend this year 3500.00 CNY
    to keep Gold: 500.00 CNY more by 2026-12-31
  Emma on 2026-12-20: Gold until 2026-12-31; spend this year 3500.00 USD
    to keep Gold: 500.00 USD more by 2026-12-31
Both order 600.00 at the same instant, 2027-01-01T01:00:00Z
  Li spends 600.00 CNY on 2027-01-01 (local), counted in 2027
  Emma spends 600.00 USD on 2026-12-31 (local), counted in 2026
15 January 2027: both are still Gold; Emma kept it at her year end, Li is in grace
  Emma: Tier gold kept until 2028-01-01T05:00:00.000Z; spend 410000
  Emma on 2027-01-15: Gold until 2027-12-31; spend this year 0.00 USD
    to keep Gold: 4000.00 USD more by 2027-12-31
  Li on 2027-01-15: Gold until 2026-12-31; spend this year 600.00 CNY
    in grace: to keep Gold: 3400.00 CNY more by 2027-01-30
Grace ends on 30 January (advance to 1 February 2027)
  Li: Tier gold -> silver (periodEnded) until 2027-12-31T16:00:00.000Z; spend 60000
  Li on 2027-02-01: Silver until 2027-12-31; spend this year 600.00 CNY
    to keep Silver: 200.00 CNY more by 2027-12-31
    to reach Gold: 4400.00 CNY more by 2027-12-31
  Emma on 2027-02-01: Gold until 2027-12-31; spend this year 0.00 USD
    to keep Gold: 4000.00 USD more by 2027-12-31
Benefits now
  Li (silver): {"earningMultiplier":"1.25","discountPercent":5}
  Emma (gold): {"earningMultiplier":"1.5","freeShipping":true}
*/
