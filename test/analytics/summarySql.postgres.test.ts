/**
 * summarySql against a real PostgreSQL server. Runs only when PGHOST or DATABASE_URL is set (CI
 * starts a server); needs the `pg` package as a dev dependency. The client is used through a
 * minimal interface, so any driver with `query(sql) -> { rows }` works.
 */
import {
  calibrationHoldout,
  groupSummaries,
  summarizeTransactions,
  summarySql,
  type Transaction,
} from 'loyalty-engine/analytics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnowSampleTransactions } from './cdnowFixture.js';

/** The part of a PostgreSQL client this test uses (pg.Client fits). */
interface MinimalClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<unknown>;
}

const enabled = process.env.PGHOST !== undefined || process.env.DATABASE_URL !== undefined;

/** Integer columns come back as strings (BIGINT) from pg: make them numbers. */
const INTEGER_COLUMNS = new Set([
  'frequency',
  'totalValue',
  'periods',
  'transactions',
  'count',
  'frequencyHoldout',
  'totalValueHoldout',
  'frequencyHoldoutTotal',
  'recency',
  'T',
  'durationHoldout',
]);

function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = INTEGER_COLUMNS.has(k) && (typeof v === 'string' || typeof v === 'bigint') ? Number(v) : v;
  }
  return out;
}

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

if (process.env.CI && !enabled) {
  it('CI provides a PostgreSQL server (.ci/run exports PGHOST)', () => {
    expect.fail('CI is set but neither PGHOST nor DATABASE_URL is: the PostgreSQL test would be skipped');
  });
}

describe.skipIf(!enabled)('summarySql through PostgreSQL on CDNOW', () => {
  let client: MinimalClient;
  const transactions: Transaction[] = cdnowSampleTransactions();
  const columns = { customerId: 'Customer ID', occurredAt: 'occurred_at', amount: 'amount' } as const;

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    return (await client.query(sql)).rows.map(plain);
  }

  beforeAll(async () => {
    const moduleName = 'pg';
    const pg = (await import(/* @vite-ignore */ moduleName)) as {
      default: { Client: new (config?: { connectionString?: string }) => MinimalClient };
    };
    const url = process.env.DATABASE_URL;
    client = new pg.default.Client(url === undefined ? undefined : { connectionString: url });
    await client.connect();
    await client.query('CREATE TEMP TABLE cdnow ("Customer ID" TEXT, occurred_at DATE, amount BIGINT)');
    for (let i = 0; i < transactions.length; i += 2000) {
      const values = transactions
        .slice(i, i + 2000)
        .map((t) => `(${lit(t.customerId)}, DATE ${lit(String(t.occurredAt))}, ${t.amount})`)
        .join(',');
      await client.query(`INSERT INTO cdnow VALUES ${values}`);
    }
  });

  afterAll(async () => {
    await client?.end();
  });

  it('per customer: exactly summarizeTransactions (weeks)', async () => {
    const rows = await query(
      summarySql({
        dialect: 'postgres',
        table: 'cdnow',
        columns,
        occurredAtType: 'date',
        observationEnd: '1997-09-30',
        period: 'week',
      }),
    );
    expect(rows).toEqual(
      summarizeTransactions(transactions, { observationEnd: '1997-09-30', period: 'week' }),
    );
  });

  it('grouped: exactly groupSummaries (days)', async () => {
    const rows = await query(
      summarySql({
        dialect: 'postgres',
        table: 'cdnow',
        columns,
        occurredAtType: 'date',
        observationEnd: '1997-09-30',
        grouped: true,
      }),
    );
    expect(rows).toEqual(
      groupSummaries(summarizeTransactions(transactions, { observationEnd: '1997-09-30' })),
    );
  });

  it('calibration/holdout: exactly calibrationHoldout', async () => {
    const opts = { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', period: 'week' } as const;
    const rows = await query(
      summarySql({ dialect: 'postgres', table: 'cdnow', columns, occurredAtType: 'date', ...opts }),
    );
    expect(rows).toEqual(calibrationHoldout(transactions, opts));
  });

  it('timestamptz column in a time zone with an instant end', async () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-03-01T15:59:59Z', amount: 100 },
      { customerId: 'a', occurredAt: '2024-03-01T16:00:00Z', amount: 200 },
      { customerId: 'a', occurredAt: '2024-03-05T10:00:00Z', amount: 300 },
      { customerId: "o'neil", occurredAt: '2024-03-02T01:00:00+08:00', amount: 50 },
      { customerId: 'a', occurredAt: '2024-03-09T10:00:00Z', amount: 999 },
    ];
    await client.query('CREATE TEMP TABLE tz ("Customer ID" TEXT, occurred_at TIMESTAMPTZ, amount BIGINT)');
    await client.query(
      `INSERT INTO tz VALUES ${log.map((t) => `(${lit(t.customerId)}, TIMESTAMPTZ ${lit(String(t.occurredAt))}, ${t.amount})`).join(',')}`,
    );
    const opts = {
      observationEnd: '2024-03-09T09:00:00Z',
      timeZone: 'Asia/Shanghai',
      period: 'day',
    } as const;
    const rows = await query(summarySql({ dialect: 'postgres', table: 'tz', columns, ...opts }));
    expect(rows).toEqual(summarizeTransactions(log, opts));
  });
});
