import {
  isLoyaltyError,
  quoteIdentifier,
  type SummarySqlOptions,
  summarySql,
} from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';

const base: SummarySqlOptions = {
  dialect: 'postgres',
  table: 'shop.orders',
  columns: { customerId: 'customer_id', occurredAt: 'created_at', amount: 'total_cents' },
  observationEnd: '2024-12-31',
};

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isLoyaltyError(e) ? [e.code, e.path] : 'other';
  }
  return 'none';
};

describe('summarySql (text)', () => {
  it('quotes identifiers and writes validated literals', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    const sql = summarySql({
      ...base,
      table: ['we"ird', 'or ders'],
      columns: { customerId: 'id"; DROP TABLE x; --', occurredAt: 'at', amount: 'amt' },
      timeZone: 'Asia/Shanghai',
      observationEnd: '2024-06-30T12:00:00Z',
    });
    expect(sql).toContain('FROM "we""ird"."or ders"');
    expect(sql).toContain('"id""; DROP TABLE x; --"');
    expect(sql).toContain(`AT TIME ZONE 'Asia/Shanghai'`);
    expect(sql).toContain(`TIMESTAMPTZ '2024-06-30T12:00:00.000Z'`);
    expect(sql).toContain(`DATE '2024-06-30'`);
    expect(sql.replaceAll('"id""; DROP TABLE x; --"', '')).not.toContain(';'); // every ';' is inside the quoted name
  });

  it('dialect differences: date text and collation', () => {
    expect(summarySql(base)).toContain(`to_char(c.first_day, 'YYYY-MM-DD')`);
    expect(summarySql(base)).toContain('COLLATE "C"');
    const duck = summarySql({ ...base, dialect: 'duckdb' });
    expect(duck).toContain(`strftime(c.first_day, '%Y-%m-%d')`);
    expect(duck).not.toContain('COLLATE');
  });

  it('grouped output and holdout columns', () => {
    const g = summarySql({ ...base, grouped: true, calibrationEnd: '2024-06-30' });
    expect(g).toContain('GROUP BY "frequency", "recency", "T"');
    expect(g).toContain('"frequencyHoldoutTotal"');
  });

  it('validates', () => {
    expect(err(() => summarySql({ ...base, dialect: 'mysql' as 'postgres' }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'dialect'],
    ]);
    expect(err(() => summarySql({ ...base, table: 'a..b' }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'table', 1],
    ]);
    expect(err(() => summarySql({ ...base, columns: { ...base.columns, amount: '' } }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'columns', 'amount'],
    ]);
    expect(err(() => summarySql({ ...base, observationEnd: "2024-01-01'; --" }))).toEqual([
      'INVALID_DATE',
      ['options', 'observationEnd'],
    ]);
    expect(err(() => summarySql({ ...base, timeZone: "UTC'; --" }))[0]).toBe('UNKNOWN_TIME_ZONE');
    expect(err(() => summarySql({ ...base, calibrationEnd: '2025-01-01' }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'calibrationEnd'],
    ]);
  });
});
