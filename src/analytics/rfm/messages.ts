/** Message builders for RFM. */

export const badBins = (value: unknown): string =>
  `bins must be an integer from 2 to 20, got ${String(value)}`;

export const badThresholds = (name: string, bins: number): string =>
  `thresholds.${name} must be ${bins - 1} strictly increasing finite numbers (one fewer than bins)`;

export const badMethod = (value: unknown): string =>
  `method must be 'quantile' or an object { recency, frequency, monetary } of thresholds, got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`;

export const badMonetary = (value: unknown): string =>
  `monetary must be 'total', 'average' or 'repeat', got ${JSON.stringify(value)}`;

export const badSummary = (): string =>
  'each summary must have a customerId and finite frequency, recency, T, monetary, totalValue and periods, with recency <= T';

export const badRule = (): string =>
  'each segment rule must have a non-empty segment name and [min, max] score ranges (min <= max) for r, f, m or fm';
