import { LoyaltyError } from '../../errors/index.js';
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
import * as msg from './messages.js';
import { toSummary } from './summarizeTransactions.js';
import type { SummaryBaseOptions, Transaction } from './transaction.js';

/** Options of {@link calibrationHoldout}. */
export interface CalibrationHoldoutOptions extends SummaryBaseOptions {
  /** Last day of the calibration period (a local date, or an instant whose local day is used). */
  readonly calibrationEnd: string | Date;
  /** End of the holdout period: a local date (included) or an instant (later transactions ignored). */
  readonly observationEnd: string | Date;
}

/** A calibration summary with what the same customer did in the holdout period. */
export interface CalibrationHoldoutSummary extends CustomerSummary {
  /** Distinct purchase days in the holdout period (all are repeat purchases). */
  readonly frequencyHoldout: number;
  /** Mean value of the holdout purchase days (0 when there are none), minor units. */
  readonly monetaryHoldout: number;
  /** Sum of the holdout amounts, integer minor units. */
  readonly totalValueHoldout: number;
  /** Length of the holdout period in periods (observationEnd - calibrationEnd). */
  readonly durationHoldout: number;
}

/**
 * Splits a transaction log at `calibrationEnd`, as `lifetimes`' `calibration_and_holdout_data`:
 * the calibration summary (BTYD conventions, T measured to `calibrationEnd`) of every customer whose
 * first purchase is in the calibration period, with their holdout purchase days and values up to
 * `observationEnd`. Customers who first buy in the holdout period are left out.
 *
 * @param transactions - `{ customerId, occurredAt, amount }` rows, any order; an async iterable gives a Promise
 * @param options - `calibrationEnd`, `observationEnd`, `period`, and the options of `summarizeTransactions`
 * @returns one row per calibration customer, sorted by `customerId`
 * @throws {LoyaltyError} INVALID_ARGUMENT when `calibrationEnd` is not before `observationEnd`, or input is malformed
 * @throws {LoyaltyError} INVALID_DATE / INVALID_AMOUNT / UNKNOWN_TIME_ZONE as `summarizeTransactions`
 * @example
 * calibrationHoldout(
 *   [
 *     { customerId: 'a', occurredAt: '2024-01-01', amount: 1000 },
 *     { customerId: 'a', occurredAt: '2024-02-10', amount: 2000 },
 *   ],
 *   { calibrationEnd: '2024-01-31', observationEnd: '2024-03-01' },
 * );
 * //=> [{ customerId: 'a', frequency: 0, recency: 0, T: 30, ..., frequencyHoldout: 1,
 * //      monetaryHoldout: 2000, totalValueHoldout: 2000, durationHoldout: 30 }]
 */
export function calibrationHoldout(
  transactions: Iterable<Transaction>,
  options: CalibrationHoldoutOptions,
): CalibrationHoldoutSummary[];
export function calibrationHoldout(
  transactions: AsyncIterable<Transaction>,
  options: CalibrationHoldoutOptions,
): Promise<CalibrationHoldoutSummary[]>;
export function calibrationHoldout(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: CalibrationHoldoutOptions,
): CalibrationHoldoutSummary[] | Promise<CalibrationHoldoutSummary[]> {
  const resolved = resolveOptions(options);
  const end = resolveEnd(options.observationEnd, 'observationEnd', resolved.dayOf);
  const cal = resolveEnd(options.calibrationEnd, 'calibrationEnd', resolved.dayOf);
  if (cal.day >= end.day) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid summary options', [
      { code: 'invalid_argument', path: ['options', 'calibrationEnd'], message: msg.calibrationAfterEnd() },
    ]);
  }
  const read = transactionReader(resolved, end);
  const calibration = new Map<string, DayState>();
  const holdout = new Map<string, DayState>();
  const { ordered } = resolved;
  const add = (t: unknown, i: number): void => {
    const r = read(t, i);
    if (r === undefined) return;
    addToState(r.day <= cal.day ? calibration : holdout, r.customerId, r.day, r.amount, ordered);
  };
  const finish = (): CalibrationHoldoutSummary[] =>
    finishSplit(calibration, holdout, cal.day, end.day, resolved);
  if (isSyncIterable(transactions)) {
    let i = 0;
    for (const t of transactions) add(t, i++);
    return finish();
  }
  if (isAsyncIterable(transactions)) {
    return (async () => {
      let i = 0;
      for await (const t of transactions) add(t, i++);
      return finish();
    })();
  }
  throw notIterableError();
}

function finishSplit(
  calibration: Map<string, DayState>,
  holdout: Map<string, DayState>,
  calDay: number,
  endDay: number,
  resolved: ResolvedOptions,
): CalibrationHoldoutSummary[] {
  const out: CalibrationHoldoutSummary[] = [];
  const durationHoldout = (endDay - calDay) / resolved.unitDays;
  for (const id of sortedKeys(calibration)) {
    const h = holdout.get(id);
    out.push({
      ...toSummary(id, calibration.get(id)!, calDay, resolved),
      frequencyHoldout: h === undefined ? 0 : h.count,
      monetaryHoldout: h === undefined ? 0 : h.total / h.count,
      totalValueHoldout: h === undefined ? 0 : h.total,
      durationHoldout,
    });
  }
  return out;
}
