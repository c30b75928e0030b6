/**
 * One purchase as the analytics functions read it: who, when, how much. Several currencies must
 * not be mixed in one call.
 */
export interface Transaction {
  /** The customer (member) id. */
  readonly customerId: string;
  /**
   * When it happened: an ISO-8601 instant (`2024-03-01T09:30:00Z`, or with an offset), a `Date`,
   * or a local calendar date `YYYY-MM-DD` (already in the summary's time zone).
   */
  readonly occurredAt: string | Date;
  /** The value in integer minor units (cents). 0 counts as a purchase; negative values are refused by default. */
  readonly amount: number;
}

/**
 * The unit of recency and T. Purchases are always grouped per local calendar day; with `'week'`,
 * times are days / 7 (fractional), as in the published CDNOW summaries.
 */
export type SummaryPeriod = 'day' | 'week';

/** Options shared by {@link summarizeTransactions} and {@link calibrationHoldout}. */
export interface SummaryBaseOptions {
  /** Unit of recency and T (default `'day'`). */
  readonly period?: SummaryPeriod;
  /** IANA zone in which instants are mapped to calendar days (default `'UTC'`). */
  readonly timeZone?: string;
  /**
   * Whether `monetary` is the mean of the repeat purchase days only (`'exclude'`, default, BTYD and
   * Gamma-Gamma convention) or of all purchase days (`'include'`). `frequency` is not affected.
   */
  readonly firstPurchase?: 'exclude' | 'include';
  /**
   * What to do with a negative amount: `'reject'` (default: LoyaltyError INVALID_AMOUNT) or
   * `'ignore'` (skip the row entirely; it neither counts as a purchase nor reduces spend).
   */
  readonly negativeAmounts?: 'reject' | 'ignore';
  /**
   * Promise that each customer's transactions arrive in time order (customers may interleave, e.g.
   * `ORDER BY occurred_at`). Memory is then a fixed few numbers per customer; a transaction earlier
   * than the customer's last one throws OUT_OF_ORDER. Default false: any order is accepted and the
   * distinct purchase days of each customer are kept while summarizing.
   */
  readonly ordered?: boolean;
}

/** Options of {@link summarizeTransactions}. */
export interface SummarizeOptions extends SummaryBaseOptions {
  /**
   * End of observation: a local date `YYYY-MM-DD` (that whole day included) or an instant
   * (transactions after it are ignored). T is measured to this day.
   */
  readonly observationEnd: string | Date;
}
