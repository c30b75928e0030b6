/**
 * Transaction summary throughput. Synthetic log: ANALYTICS_SUMMARY_N transactions (default
 * 1,000,000) of N / 10 customers over two years, streamed from a generator (nothing is held in
 * memory but the per-customer state), in time order (as `ORDER BY occurred_at`).
 * Run: npx vitest bench --run bench/analytics-summary.bench.ts
 * Throughput = N x ops/s (printed once per task below).
 */
import { summarizeTransactions, type Transaction } from 'loyalty-engine/analytics';
import { bench, describe } from 'vitest';

const N = Number(process.env.ANALYTICS_SUMMARY_N ?? 1_000_000);
const CUSTOMERS = Math.max(1, Math.floor(N / 10));
const DAYS = 730;
const START = Date.UTC(2023, 0, 1);

const INSTANTS: string[] = [];
for (let h = 0; h < DAYS * 24; h++) INSTANTS.push(new Date(START + h * 3_600_000).toISOString());
const IDS: string[] = [];
for (let c = 0; c < CUSTOMERS; c++) IDS.push(`c${c}`);

/** Deterministic log in time order (LCG, no Math.random). */
function* syntheticLog(n: number): Generator<Transaction> {
  let seed = 12_345;
  const next = (): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed;
  };
  for (let i = 0; i < n; i++) {
    const hour = Math.floor((i / n) * INSTANTS.length);
    yield {
      customerId: IDS[next() % CUSTOMERS]!,
      occurredAt: INSTANTS[hour]!,
      amount: 100 + (next() % 20_000),
    };
  }
}

const end = '2024-12-31';
const report = (name: string, fn: () => unknown): (() => void) => {
  let printed = false;
  return () => {
    const t0 = performance.now();
    fn();
    if (!printed) {
      printed = true;
      const s = (performance.now() - t0) / 1000;
      const rss = process.memoryUsage().rss / 2 ** 20;
      console.log(
        `${name}: ${N} tx in ${s.toFixed(2)} s = ${(N / s / 1e6).toFixed(2)} M tx/s (rss ${rss.toFixed(0)} MiB)`,
      );
    }
  };
};

describe(`analytics: summarizeTransactions over ${N.toLocaleString('en-US')} synthetic transactions`, () => {
  const opts = { iterations: 3, warmupIterations: 0, time: 0 };
  bench(
    'unordered mode (default), UTC, weeks',
    report('unordered', () =>
      summarizeTransactions(syntheticLog(N), { observationEnd: end, period: 'week' }),
    ),
    opts,
  );
  bench(
    'ordered: true, UTC, weeks',
    report('ordered', () =>
      summarizeTransactions(syntheticLog(N), { observationEnd: end, period: 'week', ordered: true }),
    ),
    opts,
  );
  bench(
    'ordered: true, Asia/Shanghai',
    report('shanghai', () =>
      summarizeTransactions(syntheticLog(N), {
        observationEnd: end,
        timeZone: 'Asia/Shanghai',
        ordered: true,
      }),
    ),
    opts,
  );
});
