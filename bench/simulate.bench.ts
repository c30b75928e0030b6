/**
 * Benchmark "simulate": backtest throughput over a generated stream for 10,000 members under two
 * programs (the current one and a candidate with a higher rate and lower tier thresholds), the CPU
 * time, the peak heap (sampled every 10,000 events) and the peak resident memory.
 * `BENCH_SIMULATE_EVENTS` sets the number of events (default 1,000,000, as the issue asks; use
 * 100000 for a quick run), `BENCH_SIMULATE_MEMBERS` the members (default 10,000),
 * `BENCH_SIMULATE_BATCH` simulate's `batchSize` (default: simulate's own).
 *
 * Run: `npx vitest bench --run bench/simulate.bench.ts` (or `npm run bench`). The 1,000,000-event
 * run fits Node's default heap limit (about 4 GB on a 16 GB+ machine); no flag is needed.
 */

import { loadavg } from 'node:os';
import { defineProgram, type ProgramInput, simulate } from 'loyalty-engine';
import { bench, describe } from 'vitest';
import { mulberry32 } from '../test/support/mulberry32.js';

const EVENTS = Number(process.env['BENCH_SIMULATE_EVENTS'] ?? 1_000_000);
const MEMBERS = Number(process.env['BENCH_SIMULATE_MEMBERS'] ?? 10_000);
const BATCH = process.env['BENCH_SIMULATE_BATCH'];

const current: ProgramInput = {
  id: 'bench-sim',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'weekend',
      kind: 'multiplier',
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
  ],
  rewards: [{ id: 'coffee', points: '300' }],
  expiry: { mode: 'rolling', months: 12 },
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'rollingMonths', months: 12 } } },
    levels: [
      { id: 'member' },
      { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 300_000 } },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 1_000_000 } },
    ],
    policy: { period: { type: 'months', months: 12 } },
  },
};
const candidate: ProgramInput = {
  ...current,
  version: 2,
  earning: [{ ...current.earning![0]!, rate: { points: '1.5', per: '1.00' } } as never, current.earning![1]!],
  tiers: {
    ...current.tiers!,
    levels: [
      { id: 'member' },
      { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 200_000 } },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 800_000 } },
    ],
  },
};

function* events(n: number): Generator<Record<string, unknown>> {
  const rnd = mulberry32(9);
  let t = Date.parse('2026-01-01T00:00:00Z');
  const step = Math.max(1, Math.floor((365 * 86_400_000) / n));
  for (let i = 0; i < n; i++) {
    t += step;
    const memberId = `m-${Math.floor(rnd() * MEMBERS)}`;
    const occurredAt = new Date(t).toISOString();
    if (rnd() < 0.1) yield { type: 'redemption', id: `r-${i}`, memberId, occurredAt, rewardId: 'coffee' };
    else {
      yield {
        type: 'purchase',
        id: `o-${i}`,
        memberId,
        occurredAt,
        currency: 'CNY',
        lines: [{ sku: 's', quantity: 1 + Math.floor(rnd() * 2), price: 1_000 + Math.floor(rnd() * 20_000) }],
      };
    }
  }
}

const programs = { current: defineProgram(current), candidate: defineProgram(candidate) };
const load = loadavg()[0]!;
let peakHeap = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = await simulate({
  events: events(EVENTS),
  programs,
  pointValue: { amount: 1, currency: 'CNY' },
  ...(BATCH === undefined ? {} : { batchSize: Number(BATCH) }),
  onProgress: () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  },
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
console.log(
  [
    `simulate: ${result.events.toLocaleString('en-US')} events, ${result.members.toLocaleString('en-US')} members, two programs (load average ${load.toFixed(1)} at the start)`,
    `  ${seconds.toFixed(1)} s, ${Math.round(result.events / seconds).toLocaleString('en-US')} events/s (each applied under both programs); ${cpuSeconds.toFixed(1)} s CPU, ${((cpuSeconds * 1e6) / result.events).toFixed(0)} us CPU per event`,
    `  peak heap used ${mib(peakHeap)} MiB (sampled every 10,000 events), peak resident ${mib(process.resourceUsage().maxRSS * 1024)} MiB`,
    `  issued ${result.current.issued} -> ${result.candidate.issued} (cost ${result.diff.cost?.amount} fen), tier moves ${JSON.stringify(result.tierMoves)}`,
  ].join('\n'),
);

describe('simulate', () => {
  bench(
    'simulate 2,000 events for 200 members, two programs',
    async () => {
      const small = [...events(2_000)].map((e) => ({
        ...e,
        memberId: `s-${String(e['memberId']).slice(2) as string}`.slice(0, 5),
      }));
      await simulate({ events: small, programs, tierHistory: false });
    },
    { iterations: 3 },
  );
});
