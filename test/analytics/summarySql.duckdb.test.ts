import fc from 'fast-check';
import {
  calibrationHoldout,
  groupSummaries,
  summarizeTransactions,
  summarySql,
  type Transaction,
} from 'loyalty-engine/analytics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnowSampleTransactions } from './cdnowFixture.js';

const RUNS = Number(process.env.FC_RUNS ?? 15);

interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
}

let con: Connection;

/** DuckDB values to plain JS: BIGINT -> number, others unchanged. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const r = await con.runAndReadAll(sql);
  return r.getRowObjects().map(plain);
}

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

async function load(
  table: string,
  rows: readonly Transaction[],
  type: 'DATE' | 'TIMESTAMPTZ',
): Promise<void> {
  await con.run(
    `CREATE OR REPLACE TABLE "${table}" ("Customer ID" VARCHAR, occurred_at ${type}, amount BIGINT)`,
  );
  for (let i = 0; i < rows.length; i += 2000) {
    const values = rows
      .slice(i, i + 2000)
      .map((t) => `(${lit(t.customerId)}, ${type} ${lit(String(t.occurredAt))}, ${t.amount})`)
      .join(',');
    await con.run(`INSERT INTO "${table}" VALUES ${values}`);
  }
}

beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  con = (await instance.connect()) as unknown as Connection;
  await load('cdnow', cdnowSampleTransactions(), 'DATE');
});

afterAll(() => {
  (con as unknown as { closeSync?: () => void }).closeSync?.();
});

const columns = { customerId: 'Customer ID', occurredAt: 'occurred_at', amount: 'amount' } as const;

describe('summarySql through DuckDB on CDNOW', () => {
  const transactions = cdnowSampleTransactions();

  it('per customer: exactly summarizeTransactions (weeks)', async () => {
    const sql = summarySql({
      dialect: 'duckdb',
      table: 'cdnow',
      columns,
      occurredAtType: 'date',
      observationEnd: '1997-09-30',
      period: 'week',
    });
    const rows = await query(sql);
    const expected = summarizeTransactions(transactions, { observationEnd: '1997-09-30', period: 'week' });
    expect(rows).toHaveLength(2357);
    expect(rows).toEqual(expected);
  });

  it('grouped: exactly groupSummaries (days)', async () => {
    const sql = summarySql({
      dialect: 'duckdb',
      table: ['cdnow'],
      columns,
      occurredAtType: 'date',
      observationEnd: '1997-09-30',
      period: 'day',
      grouped: true,
    });
    const rows = await query(sql);
    const expected = groupSummaries(summarizeTransactions(transactions, { observationEnd: '1997-09-30' }));
    expect(rows).toEqual(expected);
  });

  it('calibration/holdout: exactly calibrationHoldout, and grouped holdout totals', async () => {
    const opts = { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', period: 'week' } as const;
    const rows = await query(
      summarySql({ dialect: 'duckdb', table: 'cdnow', columns, occurredAtType: 'date', ...opts }),
    );
    const expected = calibrationHoldout(transactions, opts);
    expect(rows).toEqual(expected);
    const grouped = await query(
      summarySql({
        dialect: 'duckdb',
        table: 'cdnow',
        columns,
        occurredAtType: 'date',
        grouped: true,
        ...opts,
      }),
    );
    expect(grouped.reduce((n, g) => n + (g['count'] as number), 0)).toBe(2357);
    expect(grouped.reduce((n, g) => n + (g['frequencyHoldoutTotal'] as number), 0)).toBe(
      expected.reduce((n, s) => n + s.frequencyHoldout, 0),
    );
  });
});

describe('summarySql through DuckDB: instants in a time zone (property)', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu'] as const;
  const tx = fc.record({
    customerId: fc.constantFrom('a', 'b', "o'neil", 'd"q'),
    ms: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2024, 11, 31) }),
    amount: fc.integer({ min: 0, max: 100_000 }),
  });

  it('matches summarizeTransactions and calibrationHoldout for any log, zone and instant end', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(tx, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2024, 0, 2), max: Date.UTC(2024, 11, 31) }),
        fc.boolean(),
        async (log, timeZone, endMs, weeks) => {
          const rows: Transaction[] = log.map((t) => ({
            customerId: t.customerId,
            occurredAt: new Date(t.ms).toISOString(),
            amount: t.amount,
          }));
          const table = `tz_${n++}`;
          await load(table, rows, 'TIMESTAMPTZ');
          const observationEnd = new Date(endMs).toISOString();
          const period = weeks ? 'week' : 'day';
          const base = { dialect: 'duckdb', table, columns, timeZone, period } as const;
          const got = await query(summarySql({ ...base, observationEnd }));
          expect(got).toEqual(summarizeTransactions(rows, { observationEnd, timeZone, period }));
          const calibrationEnd = '2023-12-31';
          const split = await query(summarySql({ ...base, observationEnd, calibrationEnd }));
          expect(split).toEqual(
            calibrationHoldout(rows, { observationEnd, calibrationEnd, timeZone, period }),
          );
          await con.run(`DROP TABLE "${table}"`);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
