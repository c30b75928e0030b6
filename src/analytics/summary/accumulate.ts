/**
 * Internal streaming core of the summary functions: validates each transaction, maps it to a local
 * day and folds it into per-customer state. Memory is proportional to customers (plus their
 * distinct purchase days when input order is not promised).
 */
import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import { isKnownTimeZone, localDayFunction, parseDateDay, parseInstantMs, parseTime } from './localDay.js';
import * as msg from './messages.js';
import type { SummaryBaseOptions, SummaryPeriod } from './transaction.js';

/** Per-customer running state for one window (calibration, or holdout). */
export interface DayState {
  /** First purchase day (local day number). */
  first: number;
  /** Sum of the amounts on the first day. */
  firstValue: number;
  /** Last purchase day. */
  last: number;
  /** Number of distinct purchase days. */
  count: number;
  /** Sum of all amounts. */
  total: number;
  /** Number of transactions. */
  tx: number;
  /** Sorted distinct purchase days (unordered mode only). */
  days: number[] | undefined;
}

/** Resolved, validated options. */
export interface ResolvedOptions {
  readonly unitDays: number;
  readonly dayOf: (ms: number) => number;
  readonly includeFirst: boolean;
  readonly ignoreNegative: boolean;
  readonly ordered: boolean;
}

const invalid = (path: readonly PathSegment[], message: string, code = 'invalid_argument'): LoyaltyError =>
  new LoyaltyError('INVALID_ARGUMENT', 'Invalid summary options', [{ code, path, message }]);

/** Validates the options shared by the summary functions. */
export function resolveOptions(options: SummaryBaseOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  const period: unknown = o.period ?? 'day';
  if (period !== 'day' && period !== 'week') throw invalid(['options', 'period'], msg.badPeriod(period));
  const zone: unknown = o.timeZone ?? 'UTC';
  if (typeof zone !== 'string' || !isKnownTimeZone(zone)) {
    throw new LoyaltyError('UNKNOWN_TIME_ZONE', 'Invalid summary options', [
      { code: 'unknown_time_zone', path: ['options', 'timeZone'], message: msg.unknownZone(zone) },
    ]);
  }
  const first: unknown = o.firstPurchase ?? 'exclude';
  if (first !== 'exclude' && first !== 'include') {
    throw invalid(
      ['options', 'firstPurchase'],
      msg.badOption('firstPurchase', ['exclude', 'include'], first),
    );
  }
  const negative: unknown = o.negativeAmounts ?? 'reject';
  if (negative !== 'reject' && negative !== 'ignore') {
    throw invalid(
      ['options', 'negativeAmounts'],
      msg.badOption('negativeAmounts', ['reject', 'ignore'], negative),
    );
  }
  return {
    unitDays: periodDays(period),
    dayOf: localDayFunction(zone),
    includeFirst: first === 'include',
    ignoreNegative: negative === 'ignore',
    ordered: o.ordered === true,
  };
}

/** Days in one period. */
export function periodDays(period: SummaryPeriod): number {
  return period === 'week' ? 7 : 1;
}

/** A resolved end of a window: its local day, and its instant when given as one. */
export interface ResolvedEnd {
  readonly day: number;
  readonly ms: number | undefined;
}

/** Parses an observation or calibration end. */
export function resolveEnd(value: unknown, name: string, dayOf: (ms: number) => number): ResolvedEnd {
  const t = parseTime(value);
  if (t === undefined) {
    throw new LoyaltyError('INVALID_DATE', 'Invalid summary options', [
      { code: 'invalid_date', path: ['options', name], message: msg.badEnd(name, value) },
    ]);
  }
  return t.kind === 'date' ? { day: t.day, ms: undefined } : { day: dayOf(t.ms), ms: t.ms };
}

function txError(
  code: 'INVALID_ARGUMENT' | 'INVALID_DATE' | 'INVALID_AMOUNT',
  path: readonly PathSegment[],
  message: string,
): LoyaltyError {
  return new LoyaltyError(code, 'Invalid transaction', [{ code: code.toLowerCase(), path, message }]);
}

/** Folds one purchase of `amount` on `day` into the window state of a customer. */
export function addToState(
  states: Map<string, DayState>,
  customerId: string,
  day: number,
  amount: number,
  ordered: boolean,
): void {
  const s = states.get(customerId);
  if (s === undefined) {
    states.set(customerId, {
      first: day,
      firstValue: amount,
      last: day,
      count: 1,
      total: amount,
      tx: 1,
      days: ordered ? undefined : [day],
    });
    return;
  }
  s.tx += 1;
  const total = s.total + amount;
  if (total > Number.MAX_SAFE_INTEGER) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Invalid transaction', [
      { code: 'sum_too_large', path: ['transactions'], message: msg.sumTooLarge(customerId) },
    ]);
  }
  s.total = total;
  if (day === s.last) {
    if (day === s.first) s.firstValue += amount;
    return;
  }
  if (day > s.last) {
    s.last = day;
    s.count += 1;
    s.days?.push(day);
    return;
  }
  // day < s.last: out of order for this customer
  const days = s.days;
  if (days === undefined) {
    throw new LoyaltyError('OUT_OF_ORDER', 'Transactions out of order', [
      { code: 'out_of_order', path: ['transactions'], message: msg.outOfOrder(customerId) },
    ]);
  }
  if (day < s.first) {
    s.first = day;
    s.firstValue = amount;
    s.count += 1;
    days.unshift(day);
    return;
  }
  if (day === s.first) {
    s.firstValue += amount;
    return;
  }
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  if (days[lo] !== day) {
    days.splice(lo, 0, day);
    s.count += 1;
  }
}

/** A validated transaction reduced to what the summaries need, or undefined when ignored. */
export interface ReadTransaction {
  customerId: string;
  day: number;
  amount: number;
}

/**
 * Returns a reader that validates transaction `i` and maps it to its local day, reusing one output
 * object (do not keep it). Returns undefined for transactions after `end` or ignored negatives.
 */
export function transactionReader(
  resolved: ResolvedOptions,
  end: ResolvedEnd,
): (t: unknown, i: number) => ReadTransaction | undefined {
  const out: ReadTransaction = { customerId: '', day: 0, amount: 0 };
  const { dayOf, ignoreNegative } = resolved;
  return (t, i) => {
    if (typeof t !== 'object' || t === null)
      throw txError('INVALID_ARGUMENT', ['transactions', i], msg.notAnObject());
    const r = t as { customerId?: unknown; occurredAt?: unknown; amount?: unknown };
    const customerId = r.customerId;
    if (typeof customerId !== 'string' || customerId.length === 0) {
      throw txError('INVALID_ARGUMENT', ['transactions', i, 'customerId'], msg.badCustomerId(customerId));
    }
    const amount = r.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      throw txError('INVALID_AMOUNT', ['transactions', i, 'amount'], msg.badAmount(amount));
    }
    const at = r.occurredAt;
    let day: number;
    if (typeof at === 'string' && at.length === 10) {
      day = parseDateDay(at);
    } else {
      const ms = typeof at === 'string' ? parseInstantMs(at) : at instanceof Date ? at.getTime() : Number.NaN;
      if (Number.isNaN(ms)) day = ms;
      else if (end.ms !== undefined && ms > end.ms) day = Number.POSITIVE_INFINITY;
      else day = dayOf(ms);
    }
    if (Number.isNaN(day))
      throw txError('INVALID_DATE', ['transactions', i, 'occurredAt'], msg.badOccurredAt(at));
    if (amount < 0) {
      if (ignoreNegative) return undefined;
      throw txError('INVALID_AMOUNT', ['transactions', i, 'amount'], msg.negativeAmount(amount));
    }
    if (day > end.day) return undefined;
    out.customerId = customerId;
    out.day = day;
    out.amount = amount;
    return out;
  };
}

/** True when `value` can be iterated synchronously. */
export function isSyncIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'string') &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/** True when `value` can be iterated asynchronously. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/** The error for input that is not iterable. */
export function notIterableError(): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid transactions', [
    { code: 'not_iterable', path: ['transactions'], message: msg.notIterable() },
  ]);
}

/** Sorted keys of a map, by code unit order (deterministic for any input order). */
export function sortedKeys(map: Map<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
