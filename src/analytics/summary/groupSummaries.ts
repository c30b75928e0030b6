import { LoyaltyError } from '../../errors/index.js';
import type { RepeatSummary, WeightedRepeatSummary } from '../types.js';
import * as msg from './messages.js';

/**
 * Groups customers with identical (frequency, recency, T) into one row with a `count`, the input
 * the model fitters take as weights: fitting then costs per distinct summary, not per customer.
 * Rows that already carry a `count` add it. Output is sorted by frequency, then recency, then T.
 *
 * @param summaries - per-customer (or already weighted) summaries
 * @returns one row per distinct (frequency, recency, T), each with `count` >= 1
 * @throws {LoyaltyError} INVALID_ARGUMENT when a row has a non-finite or negative field, recency > T,
 *   or a count that is not a positive integer (path `['summaries', i]`)
 * @example
 * groupSummaries([
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 2, recency: 5, T: 10 },
 * ]);
 * //=> [{ frequency: 0, recency: 0, T: 10, count: 2 }, { frequency: 2, recency: 5, T: 10, count: 1 }]
 */
export function groupSummaries(
  summaries: Iterable<RepeatSummary | WeightedRepeatSummary>,
): WeightedRepeatSummary[] {
  const groups = new Map<string, { frequency: number; recency: number; T: number; count: number }>();
  let i = 0;
  for (const s of summaries) {
    const count = (s as WeightedRepeatSummary).count ?? 1;
    if (
      typeof s !== 'object' ||
      s === null ||
      !isNonNegative(s.frequency) ||
      !isNonNegative(s.recency) ||
      !isNonNegative(s.T) ||
      s.recency > s.T ||
      !Number.isSafeInteger(count) ||
      count < 1
    ) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid summaries', [
        { code: 'invalid_summary', path: ['summaries', i], message: msg.notASummary() },
      ]);
    }
    const key = `${s.frequency}|${s.recency}|${s.T}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { frequency: s.frequency, recency: s.recency, T: s.T, count });
    else g.count += count;
    i += 1;
  }
  return [...groups.values()].sort(compareSummaries);
}

function isNonNegative(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Orders summaries by frequency, then recency, then T. */
export function compareSummaries(a: RepeatSummary, b: RepeatSummary): number {
  return a.frequency - b.frequency || a.recency - b.recency || a.T - b.T;
}
