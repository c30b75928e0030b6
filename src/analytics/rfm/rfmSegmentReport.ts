import type { RfmResult } from './rfm.js';

/** One segment's line in {@link rfmSegmentReport}. */
export interface RfmSegmentReportRow {
  readonly segment: string;
  /** Number of customers in the segment. */
  readonly customers: number;
  /** customers / all customers (0 when there are none). */
  readonly share: number;
  /** Mean time since the last purchase (summary units); NaN-free: 0 for an empty segment. */
  readonly meanRecency: number;
  /** Mean repeat purchase days. */
  readonly meanFrequency: number;
  /** Mean monetary value (minor units, per the `monetary` option of `rfm`). */
  readonly meanMonetary: number;
}

/**
 * Sizes and shares of the RFM segments, with the mean R, F and M values of each: the table a
 * dashboard shows. Every segment of the mapping is listed, in mapping order, even when empty.
 *
 * @param result - the output of `rfm`
 * @returns one row per segment, in `result.segments` order
 * @example
 * rfmSegmentReport(rfm(summaries));
 * //=> [{ segment: 'Champions', customers: 120, share: 0.051, meanRecency: 3.2, ... }, ...]
 */
export function rfmSegmentReport(result: RfmResult): RfmSegmentReportRow[] {
  const acc = new Map<string, { n: number; r: number; f: number; m: number }>();
  for (const name of result.segments) acc.set(name, { n: 0, r: 0, f: 0, m: 0 });
  for (const c of result.customers) {
    let a = acc.get(c.segment);
    if (a === undefined) {
      a = { n: 0, r: 0, f: 0, m: 0 };
      acc.set(c.segment, a);
    }
    a.n += 1;
    a.r += c.recencyValue;
    a.f += c.frequencyValue;
    a.m += c.monetaryValue;
  }
  const total = result.customers.length;
  return [...acc].map(([segment, a]) => ({
    segment,
    customers: a.n,
    share: total === 0 ? 0 : a.n / total,
    meanRecency: a.n === 0 ? 0 : a.r / a.n,
    meanFrequency: a.n === 0 ? 0 : a.f / a.n,
    meanMonetary: a.n === 0 ? 0 : a.m / a.n,
  }));
}
