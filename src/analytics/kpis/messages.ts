/** Message builders for KPIs. */

export const needEnd = (): string =>
  'observationEnd is required when kpis are computed from transactions (the end of the observed period)';

export const badChurnAfter = (value: unknown): string =>
  `churnAfterDays must be a finite number >= 0, got ${String(value)}`;

export const badRounding = (value: unknown): string =>
  `rounding must be 'half-up', 'half-even', 'floor' or 'ceil', got ${String(value)}`;

export const badSummary = (): string =>
  'each summary must have finite frequency, recency, T, totalValue, periods and transactions, with recency <= T';

export const revenueTooLarge = (): string => 'the total revenue exceeds Number.MAX_SAFE_INTEGER minor units';
