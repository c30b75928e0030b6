/**
 * Benchmark "tiers": `engine.apply` on a four-tier program deciding on spend in a rolling 12-month
 * window, for members with 10, 100 and 1,000 orders in the window, and `engine.tierStatus`. The
 * window is a sum over at most one bucket per local day (no rescan of orders), so the cost should
 * barely grow with the number of orders; the time to copy the member's open lots does grow.
 *
 * Run: `npx vitest bench --run bench/tiers.bench.ts` (or `npm run bench`).
 */
import { createEngine, defineProgram, type MemberState } from 'loyalty-engine';
import { bench, describe } from 'vitest';

const Y = (yuan: number): number => yuan * 100;
const engine = createEngine(
  defineProgram({
    id: 'bench-tiers',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
    expiry: { mode: 'rolling', months: 12 },
    tiers: {
      metrics: { spend: { kind: 'spend', window: { type: 'rollingMonths', months: 12 } } },
      levels: [
        { id: 'member' },
        { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(5_000) } },
        { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(50_000) } },
        { id: 'vip', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(500_000) } },
      ],
      policy: { period: { type: 'months', months: 12 } },
    },
  }),
);

const start = Date.parse('2026-01-01T02:00:00Z');
const purchase = (i: number, ms: number) => ({
  type: 'purchase',
  id: `o-${i}`,
  occurredAt: new Date(ms).toISOString(),
  currency: 'CNY',
  lines: [{ sku: 'x', quantity: 1, price: 1_000 + (i % 50) * 137 }],
});

/** A member with `orders` purchases spread over the 12 months before 2027-01-01. */
function member(orders: number): MemberState {
  const s = engine.enroll({ memberId: `m-${orders}`, joinedAt: '2025-12-01T00:00:00Z' });
  const step = Math.floor((365 * 86_400_000) / orders);
  return engine.applyAll(
    s,
    Array.from({ length: orders }, (_, i) => purchase(i, start + i * step)),
  ).state;
}

const members = new Map([10, 100, 1_000].map((n) => [n, member(n)]));
const at = Date.parse('2027-01-01T02:00:00Z');

function best(fn: () => void, rounds: number, reps: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    min = Math.min(min, (performance.now() - t0) / reps);
  }
  return min * 1000;
}

const rows: string[] = [];
for (const [n, s] of members) {
  let k = 0;
  const applyUs = best(() => void engine.apply(s, purchase(100_000 + k++, at)), 5, 200);
  const statusUs = best(() => void engine.tierStatus(s, '2027-01-01T02:00:00Z'), 5, 500);
  rows.push(
    `  ${String(n).padStart(5)} orders in the window (tier ${s.tier?.id}, ${s.lots.length} open lots, ${s.metrics['spend']?.length ?? 0} day buckets): apply ${applyUs.toFixed(1)} µs, tierStatus ${statusUs.toFixed(1)} µs`,
  );
}
console.log(['tiers: four tiers on spend in a rolling 12-month window', ...rows].join('\n'));

describe('tiers', () => {
  const s = members.get(1_000)!;
  let k = 0;
  bench('apply, member with 1,000 orders in the window', () => {
    engine.apply(s, purchase(200_000 + k++, at));
  });
  bench('tierStatus, member with 1,000 orders in the window', () => {
    engine.tierStatus(s, '2027-01-01T02:00:00Z');
  });
});
