import type { WeightedRepeatSummary } from '../types.js';

/**
 * Groups customers with identical (frequency, recency, T) into one row with a `count`, the form the
 * fitters are fastest on (a million customers summarized in days collapse to a few thousand rows).
 * Fitting the grouped rows gives exactly the same model as fitting the customers one by one.
 *
 * @param summaries - customer summaries, each optionally already carrying a `count`
 * @returns one row per distinct (frequency, recency, T), in first-seen order, counts summed
 * @example
 * groupRepeatSummaries([{ frequency: 0, recency: 0, T: 30 }, { frequency: 0, recency: 0, T: 30 }])
 * // => [{ frequency: 0, recency: 0, T: 30, count: 2 }]
 */
export function groupRepeatSummaries(summaries: readonly WeightedRepeatSummary[]): WeightedRepeatSummary[] {
  const index = new Map<string, number>();
  const out: { frequency: number; recency: number; T: number; count: number }[] = [];
  for (const s of summaries) {
    const key = `${s.frequency}|${s.recency}|${s.T}`;
    const at = index.get(key);
    const w = s.count ?? 1;
    if (at === undefined) {
      index.set(key, out.length);
      out.push({ frequency: s.frequency, recency: s.recency, T: s.T, count: w });
    } else {
      out[at]!.count += w;
    }
  }
  return out;
}
