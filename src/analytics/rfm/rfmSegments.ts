/** The named RFM segments of the default mapping, best first. */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;

/** A segment of the default mapping. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** An inclusive score range `[min, max]`. */
export type ScoreRange = readonly [min: number, max: number];

/**
 * One rule of a segment mapping: a customer whose scores fall in every given range gets `segment`.
 * Rules are tried in order; the first match wins. `fm` is the rounded mean of F and M.
 */
export interface RfmSegmentRule {
  readonly segment: string;
  readonly r?: ScoreRange;
  readonly f?: ScoreRange;
  readonly m?: ScoreRange;
  readonly fm?: ScoreRange;
}

/**
 * The default mapping on 5-point scores: the common RFM grid over R and FM (each of the 25 cells
 * in exactly one segment).
 *
 * | R \ FM | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | New | Potential Loyalist | Potential Loyalist | Champions | Champions |
 * | 4 | Promising | Potential Loyalist | Potential Loyalist | Loyal | Loyal |
 * | 3 | About to Sleep | About to Sleep | Need Attention | Loyal | Loyal |
 * | 2 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
 * | 1 | Lost | Lost | At Risk | At Risk | Can't Lose Them |
 */
export const DEFAULT_RFM_SEGMENT_RULES: readonly RfmSegmentRule[] = [
  { segment: 'Champions', r: [5, 5], fm: [4, 5] },
  { segment: 'Loyal', r: [3, 4], fm: [4, 5] },
  { segment: 'Potential Loyalist', r: [4, 5], fm: [2, 3] },
  { segment: 'New', r: [5, 5], fm: [1, 1] },
  { segment: 'Promising', r: [4, 4], fm: [1, 1] },
  { segment: 'Need Attention', r: [3, 3], fm: [3, 3] },
  { segment: 'About to Sleep', r: [3, 3], fm: [1, 2] },
  { segment: 'At Risk', r: [1, 2], fm: [3, 4] },
  { segment: "Can't Lose Them", r: [1, 2], fm: [5, 5] },
  { segment: 'Hibernating', r: [2, 2], fm: [1, 2] },
  { segment: 'Lost', r: [1, 1], fm: [1, 2] },
];
