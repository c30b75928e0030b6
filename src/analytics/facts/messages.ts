/** Message builders for analytics facts. */

export const badPrediction = (name: string, value: unknown): string =>
  name === 'pAlive'
    ? `pAlive must be a probability between 0 and 1, got ${String(value)}`
    : `${name} must be a finite number, got ${String(value)}`;

export const badSummary = (): string =>
  'summary must be a customer summary from summarizeTransactions (customerId, frequency, recency, T, totalValue, periods, transactions)';

export const rfmMismatch = (summaryId: string, rfmId: string): string =>
  `rfm row is for customer ${JSON.stringify(rfmId)} but the summary is for ${JSON.stringify(summaryId)}`;
