/** Message builders for the summary functions: one place for the wording. */

export const notAnObject = (): string =>
  'each transaction must be an object { customerId, occurredAt, amount }';

export const badCustomerId = (value: unknown): string =>
  `customerId must be a non-empty string, got ${describe(value)}`;

export const badOccurredAt = (value: unknown): string =>
  `occurredAt must be an ISO-8601 instant such as "2024-03-01T09:30:00Z", a local date "YYYY-MM-DD", or a valid Date; got ${describe(value)}`;

export const badAmount = (value: unknown): string =>
  `amount must be an integer number of minor units (cents), got ${describe(value)}`;

export const negativeAmount = (value: number): string =>
  `amount is negative (${value}): a refund is not a purchase; net refunds into their orders before summarizing, or pass negativeAmounts: 'ignore'`;

export const sumTooLarge = (customerId: string): string =>
  `the sum of the amounts of customer ${JSON.stringify(customerId)} exceeds Number.MAX_SAFE_INTEGER minor units`;

export const badEnd = (name: string, value: unknown): string =>
  `${name} must be an ISO-8601 instant or a local date "YYYY-MM-DD", got ${describe(value)}`;

export const badPeriod = (value: unknown): string => `period must be 'day' or 'week', got ${describe(value)}`;

export const badOption = (name: string, allowed: readonly string[], value: unknown): string =>
  `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`;

export const unknownZone = (zone: unknown): string =>
  `timeZone must be an IANA time zone name such as "Europe/Paris", got ${describe(zone)}`;

export const calibrationAfterEnd = (): string => 'calibrationEnd must be before observationEnd';

export const notIterable = (): string => 'transactions must be an array, an iterable or an async iterable';

export const outOfOrder = (customerId: string): string =>
  `a transaction of customer ${JSON.stringify(customerId)} is earlier than one already seen, but ordered: true was promised; drop the option for unsorted input`;

export const notASummary = (): string =>
  'each summary must have finite, non-negative frequency, recency and T with recency <= T';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
