import type {
  BgNbdParams,
  GammaGammaParams,
  LifecycleStage,
  RfmOptions,
  RfmSegmentReportRow,
} from '../analytics/index.js';

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** End of observation: a local date `YYYY-MM-DD` (included) or an instant. */
  readonly observationEnd: string | Date;
  /**
   * End of the calibration period for the holdout check (the models fitted on the purchases up to
   * it predict the purchases after it). Default: halfway between the first purchase day and the
   * observation end, rounded down to a day.
   */
  readonly calibrationEnd?: string | Date;
  /** IANA zone of calendar days (default `'UTC'`). */
  readonly timeZone?: string;
  /** Unit of recency and T for the models and charts (default `'week'`). */
  readonly period?: 'day' | 'week';
  /** ISO 4217 code of the amounts: sets the decimals shown and is printed with money. */
  readonly currency?: string;
  /** Decimals of the minor units when no currency is given (default 2). */
  readonly decimals?: number;
  /** Title of the page (default `'Customer report'`). */
  readonly title?: string;
  /** CLV horizon in months (default 12). */
  readonly horizonMonths?: number;
  /** Monthly discount rate of the CLV (default 0.01). */
  readonly discountRate?: number;
  /** Profit margin applied to spend in the CLV (default 1: revenue CLV). */
  readonly margin?: number;
  /** How many top customers by CLV to list (default 10). */
  readonly topCustomers?: number;
  /** A customer is churned after this many days without a purchase (KPIs; default 90). */
  readonly churnAfterDays?: number;
  /** Negative amounts: `'reject'` (default) or `'ignore'`. */
  readonly negativeAmounts?: 'reject' | 'ignore';
  /** Options of `rfm` (bins, method, monetary, segments); default 5 quantile bins and the default grid. */
  readonly rfm?: RfmOptions;
  /** Called as each stage starts (for progress indicators). */
  readonly onProgress?: (stage: ReportStage) => void;
}

/** The stages of {@link buildReport}, in order. */
export type ReportStage = 'summaries' | 'kpis' | 'rfm' | 'models' | 'clv' | 'holdout';

/** A fitted model as the report shows it, or why there is none. */
export type ReportModel<P> =
  | {
      readonly ok: true;
      readonly params: P;
      readonly logLikelihood: number;
      readonly converged: boolean;
      readonly customers: number;
    }
  | { readonly ok: false; readonly reason: string };

/** One customer in the top list of the report. */
export interface ReportTopCustomer {
  readonly customerId: string;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  /** Mean repeat purchase value, minor units. */
  readonly monetary: number;
  readonly totalValue: number;
  readonly probabilityAlive: number;
  readonly expectedPurchases: number;
  /** CLV over the horizon, minor units. */
  readonly clv: number;
}

/** One row of the calibration vs holdout comparison. */
export interface ReportHoldoutRow {
  /** Calibration frequency (repeat purchase days); the last row holds `frequency` and more. */
  readonly frequency: number;
  /** Whether the row is "frequency or more". */
  readonly orMore: boolean;
  readonly customers: number;
  /** Mean purchase days in the holdout period, as observed. */
  readonly actual: number;
  /** Mean purchase days in the holdout period, as predicted by the calibration BG/NBD fit. */
  readonly predicted: number;
}

/**
 * Everything the HTML report shows, computed by {@link buildReport}: plain JSON (store it, send
 * it to a browser, render it later with `renderReport`).
 */
export interface ReportData {
  readonly title: string;
  readonly currency: string | null;
  /** Decimals of the minor units. */
  readonly decimals: number;
  readonly period: 'day' | 'week';
  readonly timeZone: string;
  /** Local dates `YYYY-MM-DD`. */
  readonly firstPurchaseDate: string | null;
  readonly observationEnd: string;
  readonly calibrationEnd: string | null;
  readonly kpis: {
    readonly customers: number;
    readonly orders: number;
    readonly purchaseDays: number;
    readonly revenue: number;
    readonly aov: number | null;
    readonly purchaseFrequency: number | null;
    readonly repeatPurchaseRate: number | null;
    readonly churnAfterDays: number;
    readonly churnRate: number | null;
    readonly averageInterPurchaseDays: number | null;
    readonly lifecycle: Readonly<Record<LifecycleStage, number>>;
  };
  readonly rfm: {
    readonly bins: number;
    /** `cells[r - 1][fm - 1]`: customers with that R score and FM score. */
    readonly cells: readonly (readonly number[])[];
    /** `cellSegments[r - 1][fm - 1]`: the most common segment of the cell (`null` when empty). */
    readonly cellSegments: readonly (readonly (string | null)[])[];
    readonly segments: readonly RfmSegmentReportRow[];
  };
  readonly models: {
    /** BG/NBD fitted on the whole observation period (P(alive), CLV). */
    readonly purchases: ReportModel<BgNbdParams>;
    /** Gamma-Gamma fitted on the customers with repeat purchases of positive value. */
    readonly spend: ReportModel<GammaGammaParams>;
    /** BG/NBD fitted on the calibration period (holdout check). */
    readonly calibration: ReportModel<BgNbdParams>;
  };
  /** P(alive) of a customer of age `T` by frequency (columns) and recency (rows); null without a model. */
  readonly pAlive: {
    readonly T: number;
    readonly frequencies: readonly number[];
    /** Row bounds: row i covers recency from `recencyEdges[i]` to `recencyEdges[i + 1]` (value at the middle). */
    readonly recencyEdges: readonly number[];
    /** `values[row][column]`. */
    readonly values: readonly (readonly number[])[];
  } | null;
  readonly clv: {
    readonly horizonMonths: number;
    readonly discountRate: number;
    readonly margin: number;
    /** Sum over customers, minor units. */
    readonly total: number;
    readonly mean: number;
    readonly median: number;
    readonly meanProbabilityAlive: number;
    /** Histogram: bin i covers `[edges[i], edges[i + 1])`; the last bin is open when `overflow` (values at or above its lower edge). */
    readonly edges: readonly number[];
    readonly counts: readonly number[];
    readonly overflow: boolean;
    readonly top: readonly ReportTopCustomer[];
  } | null;
  readonly holdout: {
    /** Holdout length in periods. */
    readonly duration: number;
    readonly customers: number;
    readonly rows: readonly ReportHoldoutRow[];
    readonly actualTotal: number;
    readonly predictedTotal: number;
  } | null;
  /** Why a section is missing or should be read with care. */
  readonly notes: readonly string[];
}
