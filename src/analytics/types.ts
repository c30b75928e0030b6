/**
 * The BTYD ("buy till you die") summary of one customer's transactions over an observation
 * period, in the conventions of Fader, Hardie & Lee and the Python `lifetimes` package.
 * Time is in periods (days or weeks, as summarized).
 */
export interface RepeatSummary {
  /** Number of repeat purchase periods: periods with a purchase, after the first. */
  readonly frequency: number;
  /** Age of the customer at the last purchase: periods from the first to the last purchase. */
  readonly recency: number;
  /** Age of the customer at the end of observation: periods from the first purchase to the end. */
  readonly T: number;
}

/**
 * A group of customers sharing one (frequency, recency, T), with how many there are. Fitters take
 * arrays of these; a plain {@link RepeatSummary} counts as one customer.
 */
export interface WeightedRepeatSummary extends RepeatSummary {
  /** How many customers share this summary (default 1). */
  readonly count?: number;
}

/** One customer's full summary, as produced by `summarizeTransactions`. */
export interface CustomerSummary extends RepeatSummary {
  readonly customerId: string;
  /**
   * Mean value of the repeat purchase periods, in the currency's minor units (0 when frequency is
   * 0). Not necessarily an integer: it is a mean.
   */
  readonly monetary: number;
  /** Sum of all purchase values (first purchase included), integer minor units. */
  readonly totalValue: number;
  /** Number of purchase periods, first included (= frequency + 1). */
  readonly periods: number;
  /** Number of transactions (several in one period all count here). */
  readonly transactions: number;
  /** Local calendar date `YYYY-MM-DD` (in the summary's time zone) of the first purchase. */
  readonly firstPurchaseDate: string;
  /** Local calendar date `YYYY-MM-DD` (in the summary's time zone) of the last purchase. */
  readonly lastPurchaseDate: string;
}
