import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import { resolveEnd, resolveOptions } from '../summary/accumulate.js';
import { formatDay, isUtcZone } from '../summary/localDay.js';
import * as msg from './messages.js';
import { quoteIdentifier, quoteLiteral } from './quoteIdentifier.js';

/** SQL dialects {@link summarySql} can write. */
export type SqlDialect = 'postgres' | 'duckdb';

/** Options of {@link summarySql}. */
export interface SummarySqlOptions {
  /** `'postgres'` (PostgreSQL 12+) or `'duckdb'` (1.x). */
  readonly dialect: SqlDialect;
  /** Table (or view) name; a dotted string is split into schema and table, an array is taken as the parts. */
  readonly table: string | readonly string[];
  /** Column names in the table. */
  readonly columns: {
    /** Customer id (any type; cast to text). */
    readonly customerId: string;
    /** Purchase time. */
    readonly occurredAt: string;
    /** Value in integer minor units (integer or bigint column). */
    readonly amount: string;
  };
  /**
   * SQL type of the occurredAt column: `'timestamptz'` (default), `'timestamp'` (without zone,
   * holding UTC wall-clock time) or `'date'` (already a local date).
   */
  readonly occurredAtType?: 'timestamptz' | 'timestamp' | 'date';
  /** End of observation, as in `summarizeTransactions`. */
  readonly observationEnd: string | Date;
  /** When given, the query returns the calibration summary with holdout columns, as `calibrationHoldout`. */
  readonly calibrationEnd?: string | Date;
  /** Unit of recency and T (default `'day'`). */
  readonly period?: 'day' | 'week';
  /** IANA zone of calendar days (default `'UTC'`); must also be known to the database. */
  readonly timeZone?: string;
  /** `monetary` over repeat purchase days (`'exclude'`, default) or all purchase days. */
  readonly firstPurchase?: 'exclude' | 'include';
  /** Return one row per distinct (frequency, recency, T) with a `count` instead of one row per customer. */
  readonly grouped?: boolean;
}

/**
 * Writes ONE SQL query that computes, inside PostgreSQL or DuckDB, the same summary as
 * `summarizeTransactions` (or `calibrationHoldout` when `calibrationEnd` is given), for tables too
 * big for JavaScript. Per customer, columns are named like the JS fields (`"customerId"`,
 * `"frequency"`, `"recency"`, `"T"`, `"monetary"`, `"totalValue"`, `"periods"`, `"transactions"`,
 * `"firstPurchaseDate"`, `"lastPurchaseDate"`, and `"frequencyHoldout"`, `"monetaryHoldout"`,
 * `"totalValueHoldout"`, `"durationHoldout"` with a calibration end). Grouped: `"frequency"`,
 * `"recency"`, `"T"`, `"count"` (and `"frequencyHoldoutTotal"`), sorted by frequency, recency, T,
 * ready for the fitters as weights. Rows with a NULL customer, time or amount, or a negative amount,
 * are left out (as `negativeAmounts: 'ignore'`). Identifiers are quoted; dates and the zone are
 * validated and written as literals: no caller text reaches the SQL unquoted.
 * Integer columns come back as BIGINT (many drivers return them as strings or bigint).
 *
 * @param options - dialect, table, columns, observationEnd, and optional calibrationEnd, period,
 *   timeZone, occurredAtType, firstPurchase, grouped
 * @returns the SQL text of one SELECT statement
 * @throws {LoyaltyError} INVALID_ARGUMENT when the dialect, an identifier or an option is invalid
 * @throws {LoyaltyError} INVALID_DATE when an end is not a valid date or instant
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when the zone is unknown
 * @example
 * const sql = summarySql({
 *   dialect: 'postgres',
 *   table: 'shop.orders',
 *   columns: { customerId: 'customer_id', occurredAt: 'created_at', amount: 'total_cents' },
 *   observationEnd: '2024-12-31',
 *   period: 'week',
 *   grouped: true,
 * });
 * // rows: { frequency, recency, T, count } -> fitBgNbd(rows)
 */
export function summarySql(options: SummarySqlOptions): string {
  const dialect: unknown = options.dialect;
  if (dialect !== 'postgres' && dialect !== 'duckdb')
    throw invalid(['options', 'dialect'], msg.badDialect(dialect));
  const type: unknown = options.occurredAtType ?? 'timestamptz';
  if (type !== 'timestamptz' && type !== 'timestamp' && type !== 'date') {
    throw invalid(['options', 'occurredAtType'], msg.badColumnType(type));
  }
  if (options.grouped !== undefined && typeof options.grouped !== 'boolean') {
    throw invalid(['options', 'grouped'], msg.badBoolean('grouped'));
  }
  const zone = options.timeZone ?? 'UTC';
  const resolved = resolveOptions({
    timeZone: zone,
    period: options.period ?? 'day',
    firstPurchase: options.firstPurchase ?? 'exclude',
  });
  const end = resolveEnd(options.observationEnd, 'observationEnd', resolved.dayOf);
  const cal =
    options.calibrationEnd === undefined
      ? undefined
      : resolveEnd(options.calibrationEnd, 'calibrationEnd', resolved.dayOf);
  if (cal !== undefined && cal.day >= end.day) {
    throw invalid(['options', 'calibrationEnd'], 'calibrationEnd must be before observationEnd');
  }

  const parts = typeof options.table === 'string' ? options.table.split('.') : options.table;
  if (!Array.isArray(parts) || parts.length === 0)
    throw invalid(['options', 'table'], msg.badIdentifier(options.table));
  const table = parts.map((p, i) => quoteIdentifier(p, ['options', 'table', i])).join('.');
  const columns = options.columns ?? ({} as SummarySqlOptions['columns']);
  const cId = quoteIdentifier(columns.customerId, ['options', 'columns', 'customerId']);
  const cAt = quoteIdentifier(columns.occurredAt, ['options', 'columns', 'occurredAt']);
  const cAmount = quoteIdentifier(columns.amount, ['options', 'columns', 'amount']);

  const z = quoteLiteral(zone);
  const dayExpr =
    type === 'date'
      ? `CAST(${cAt} AS DATE)`
      : type === 'timestamp'
        ? isUtcZone(zone)
          ? `CAST(${cAt} AS DATE)`
          : `CAST((${cAt} AT TIME ZONE 'UTC') AT TIME ZONE ${z} AS DATE)`
        : `CAST(${cAt} AT TIME ZONE ${z} AS DATE)`;
  const filters = [`${cId} IS NOT NULL`, `${cAt} IS NOT NULL`, `${cAmount} IS NOT NULL`, `${cAmount} >= 0`];
  if (end.ms !== undefined && type !== 'date') {
    const iso = new Date(end.ms).toISOString();
    filters.push(
      type === 'timestamptz'
        ? `${cAt} <= TIMESTAMPTZ ${quoteLiteral(iso)}`
        : `${cAt} <= TIMESTAMP ${quoteLiteral(iso.slice(0, 23).replace('T', ' '))}`,
    );
  }
  const endDate = `DATE ${quoteLiteral(formatDay(end.day))}`;
  const calDate = cal === undefined ? endDate : `DATE ${quoteLiteral(formatDay(cal.day))}`;
  const unit = resolved.unitDays;
  const toUnit = (days: string): string =>
    unit === 1 ? days : `CAST(${days} AS DOUBLE PRECISION) / ${unit}`;
  const dateText = (d: string): string =>
    dialect === 'postgres' ? `to_char(${d}, 'YYYY-MM-DD')` : `strftime(${d}, '%Y-%m-%d')`;
  const monetary = resolved.includeFirst
    ? 'CAST(c.total_value AS DOUBLE PRECISION) / c.periods'
    : 'CASE WHEN c.periods > 1 THEN CAST(c.total_value - c.first_value AS DOUBLE PRECISION) / (c.periods - 1) ELSE 0 END';
  const collate = dialect === 'postgres' ? ' COLLATE "C"' : '';

  const ctes = [
    `tx AS (\n  SELECT CAST(${cId} AS TEXT) AS customer_id, ${dayExpr} AS day, ${cAmount} AS amount\n  FROM ${table}\n  WHERE ${filters.join('\n    AND ')}\n)`,
    `days AS (\n  SELECT customer_id, day, SUM(amount) AS value, COUNT(*) AS n\n  FROM tx\n  WHERE day <= ${endDate}\n  GROUP BY customer_id, day\n)`,
    `cal_days AS (\n  SELECT customer_id, day, value, n, MIN(day) OVER (PARTITION BY customer_id) AS first_day\n  FROM days\n  WHERE day <= ${calDate}\n)`,
    `c AS (\n  SELECT customer_id, first_day, MAX(day) AS last_day, COUNT(*) AS periods,\n    CAST(SUM(value) AS BIGINT) AS total_value,\n    CAST(SUM(CASE WHEN day = first_day THEN value ELSE 0 END) AS BIGINT) AS first_value,\n    CAST(SUM(n) AS BIGINT) AS transactions\n  FROM cal_days\n  GROUP BY customer_id, first_day\n)`,
  ];
  if (cal !== undefined) {
    ctes.push(
      `h AS (\n  SELECT customer_id, COUNT(*) AS periods, CAST(SUM(value) AS BIGINT) AS total_value\n  FROM days\n  WHERE day > ${calDate}\n  GROUP BY customer_id\n)`,
    );
  }
  const select = [
    `c.customer_id AS "customerId"`,
    `CAST(c.periods - 1 AS BIGINT) AS "frequency"`,
    `${toUnit('(c.last_day - c.first_day)')} AS "recency"`,
    `${toUnit(`(${calDate} - c.first_day)`)} AS "T"`,
    `${monetary} AS "monetary"`,
    `c.total_value AS "totalValue"`,
    `CAST(c.periods AS BIGINT) AS "periods"`,
    `c.transactions AS "transactions"`,
    `${dateText('c.first_day')} AS "firstPurchaseDate"`,
    `${dateText('c.last_day')} AS "lastPurchaseDate"`,
  ];
  let from = 'c';
  if (cal !== undefined) {
    select.push(
      `CAST(COALESCE(h.periods, 0) AS BIGINT) AS "frequencyHoldout"`,
      `CASE WHEN h.periods IS NULL THEN 0 ELSE CAST(h.total_value AS DOUBLE PRECISION) / h.periods END AS "monetaryHoldout"`,
      `CAST(COALESCE(h.total_value, 0) AS BIGINT) AS "totalValueHoldout"`,
      `${toUnit(`(${endDate} - ${calDate})`)} AS "durationHoldout"`,
    );
    from = 'c LEFT JOIN h ON h.customer_id = c.customer_id';
  }
  const perCustomer = `SELECT\n  ${select.join(',\n  ')}\nFROM ${from}`;
  const body = options.grouped
    ? `SELECT "frequency", "recency", "T", CAST(COUNT(*) AS BIGINT) AS "count"${
        cal === undefined ? '' : `, CAST(SUM("frequencyHoldout") AS BIGINT) AS "frequencyHoldoutTotal"`
      }\nFROM (\n${perCustomer}\n) AS s\nGROUP BY "frequency", "recency", "T"\nORDER BY "frequency", "recency", "T"`
    : `${perCustomer}\nORDER BY c.customer_id${collate}`;
  return `WITH ${ctes.join(',\n')}\n${body}`;
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid summarySql options', [
    { code: 'invalid_argument', path, message },
  ]);
}
