/** Message builders for lifecycle stages. */

export const badThreshold = (name: string, value: unknown): string =>
  `${name} must be a finite number >= 0, got ${String(value)}`;

export const badOrder = (): string =>
  'thresholds must satisfy activeWithinDays <= atRiskWithinDays <= lapsedWithinDays';

export const badPeriod = (value: unknown): string => `period must be 'day' or 'week', got ${String(value)}`;

export const badSummary = (): string =>
  'summary must have finite, non-negative frequency, recency and T with recency <= T';
