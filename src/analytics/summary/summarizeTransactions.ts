import type { CustomerSummary } from '../types.js';
import {
  addToState,
  type DayState,
  isAsyncIterable,
  isSyncIterable,
  notIterableError,
  type ResolvedOptions,
  resolveEnd,
  resolveOptions,
  sortedKeys,
  transactionReader,
} from './accumulate.js';
import { formatDay } from './localDay.js';
import type { SummarizeOptions, Transaction } from './transaction.js';

/**
 * Summarizes a transaction log per customer in the BTYD conventions (Fader, Hardie & Lee; the
 * `lifetimes` package): `frequency` = repeat purchase days, `recency` = age at the last purchase,
 * `T` = age at the end of observation, `monetary` = mean value of the repeat purchase days.
 * Several purchases on one local day count once, their values summed. Input may be in any order
 * and may be an async iterable (then a Promise is returned); it is read once, streaming.
 * Transactions after `observationEnd` are ignored; a 0 amount counts as a purchase; negative
 * amounts are refused unless `negativeAmounts: 'ignore'`.
 *
 * @param transactions - `{ customerId, occurredAt, amount }` rows (amount in integer minor units)
 * @param options - `observationEnd` (required), `period` (`'day'` | `'week'`), `timeZone`, ...
 * @returns one summary per customer, sorted by `customerId` (code unit order)
 * @throws {LoyaltyError} INVALID_ARGUMENT when a transaction or an option is malformed (path
 *   `['transactions', i, 'customerId']`, ...)
 * @throws {LoyaltyError} INVALID_AMOUNT when an amount is not a safe integer, or negative (by default)
 * @throws {LoyaltyError} INVALID_DATE when `occurredAt` or `observationEnd` is not a valid date
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `timeZone` is not an IANA zone
 * @throws {LoyaltyError} OUT_OF_ORDER when `ordered: true` was promised and not kept
 * @example
 * summarizeTransactions(
 *   [
 *     { customerId: 'a', occurredAt: '2024-01-01T10:00:00Z', amount: 1000 },
 *     { customerId: 'a', occurredAt: '2024-01-01T18:00:00Z', amount: 500 },
 *     { customerId: 'a', occurredAt: '2024-01-11T09:00:00Z', amount: 3000 },
 *   ],
 *   { observationEnd: '2024-01-31' },
 * );
 * //=> [{ customerId: 'a', frequency: 1, recency: 10, T: 30, monetary: 3000, totalValue: 4500,
 * //      periods: 2, transactions: 3, firstPurchaseDate: '2024-01-01', lastPurchaseDate: '2024-01-11' }]
 */
export function summarizeTransactions(
  transactions: Iterable<Transaction>,
  options: SummarizeOptions,
): CustomerSummary[];
export function summarizeTransactions(
  transactions: AsyncIterable<Transaction>,
  options: SummarizeOptions,
): Promise<CustomerSummary[]>;
export function summarizeTransactions(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: SummarizeOptions,
): CustomerSummary[] | Promise<CustomerSummary[]>;
export function summarizeTransactions(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: SummarizeOptions,
): CustomerSummary[] | Promise<CustomerSummary[]> {
  const resolved = resolveOptions(options);
  const end = resolveEnd(options.observationEnd, 'observationEnd', resolved.dayOf);
  const read = transactionReader(resolved, end);
  const states = new Map<string, DayState>();
  const { ordered } = resolved;
  if (isSyncIterable(transactions)) {
    let i = 0;
    for (const t of transactions) {
      const r = read(t, i++);
      if (r !== undefined) addToState(states, r.customerId, r.day, r.amount, ordered);
    }
    return finishSummaries(states, end.day, resolved);
  }
  if (isAsyncIterable(transactions)) {
    return (async () => {
      let i = 0;
      for await (const t of transactions) {
        const r = read(t, i++);
        if (r !== undefined) addToState(states, r.customerId, r.day, r.amount, ordered);
      }
      return finishSummaries(states, end.day, resolved);
    })();
  }
  throw notIterableError();
}

/** Turns per-customer states into summaries measured to `endDay`. */
export function finishSummaries(
  states: Map<string, DayState>,
  endDay: number,
  resolved: ResolvedOptions,
): CustomerSummary[] {
  const out: CustomerSummary[] = [];
  for (const id of sortedKeys(states)) out.push(toSummary(id, states.get(id)!, endDay, resolved));
  return out;
}

/** One customer's summary from its state. */
export function toSummary(id: string, s: DayState, endDay: number, r: ResolvedOptions): CustomerSummary {
  const frequency = s.count - 1;
  const monetary = r.includeFirst
    ? s.total / s.count
    : frequency > 0
      ? (s.total - s.firstValue) / frequency
      : 0;
  return {
    customerId: id,
    frequency,
    recency: (s.last - s.first) / r.unitDays,
    T: (endDay - s.first) / r.unitDays,
    monetary,
    totalValue: s.total,
    periods: s.count,
    transactions: s.tx,
    firstPurchaseDate: formatDay(s.first),
    lastPurchaseDate: formatDay(s.last),
  };
}
