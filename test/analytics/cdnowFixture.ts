/** Loads the committed CDNOW fixtures (test/fixtures/cdnow) for analytics tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from 'loyalty-engine/analytics';

const dir = fileURLToPath(new URL('../fixtures/cdnow/', import.meta.url));

/** Dollar string such as `29.33` or `0.00` to integer cents, exactly (no float math). */
export function dollarsToCents(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (m === null) throw new Error(`not a dollar amount: ${text}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** One parsed row of CDNOW_sample.txt. */
export interface CdnowRow {
  readonly customerId: string;
  readonly date: string;
  readonly cds: number;
  readonly amount: number;
}

/** The 6,919 rows of CDNOW_sample.txt; customerId is the sample id without zeros (as in the CSVs). */
export function cdnowSampleRows(): CdnowRow[] {
  const text = readFileSync(`${dir}CDNOW_sample.txt`, 'utf8');
  const rows: CdnowRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = f[2]!;
    rows.push({
      customerId: String(Number(f[1])),
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      cds: Number(f[3]),
      amount: dollarsToCents(f[4]!),
    });
  }
  return rows;
}

/** The CDNOW sample as transactions with local dates. */
export function cdnowSampleTransactions(): Transaction[] {
  return cdnowSampleRows().map((r) => ({ customerId: r.customerId, occurredAt: r.date, amount: r.amount }));
}

/** One row of cdnow_customers_summary_with_transactions.csv. */
export interface CdnowSummaryRow {
  readonly id: string;
  readonly x: number;
  readonly t_x: number;
  readonly T: number;
  readonly zbar: number;
}

/** The published per-customer summary (weeks, 2 decimals). */
export function cdnowPublishedSummary(): CdnowSummaryRow[] {
  const text = readFileSync(`${dir}cdnow_customers_summary_with_transactions.csv`, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [id, x, tx, T, zbar] = l.split(',');
    return { id: id!, x: Number(x), t_x: Number(tx), T: Number(T), zbar: Number(zbar) };
  });
}
