import type { OptimizerReport } from '../math/index.js';

/** BG/NBD and Modified BG/NBD parameters: purchase rate ~ Gamma(r, alpha), dropout ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Pareto/NBD parameters: purchase rate ~ Gamma(r, alpha), dropout rate ~ Gamma(s, beta). */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * Gamma-Gamma parameters (Fader, Hardie & Lee 2005 notation): a transaction's value ~ Gamma(p, ν),
 * ν ~ Gamma(q, gamma). `gamma` is in the currency unit of the monetary values the model was fitted on.
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** A fitted model: an immutable plain object, JSON-serializable. */
export interface FittedModel<K extends string, P> {
  /** Which model: the discriminant for the prediction functions. */
  readonly model: K;
  /** Maximum-likelihood (or penalized) estimates. */
  readonly params: P;
  /** Log-likelihood of the data at `params`, summed over customers (weighted by count), without the penalty. */
  readonly logLikelihood: number;
  /** Whether the optimizer met its gradient tolerance. */
  readonly converged: boolean;
  /** Optimizer iterations. */
  readonly iterations: number;
  /**
   * Asymptotic standard errors from the inverse Hessian of the (penalized) negative log-likelihood;
   * `null` when that Hessian is not positive definite at the estimate (e.g. not converged).
   */
  readonly standardErrors: P | null;
  /** Number of customers fitted (sum of the counts). */
  readonly customers: number;
  /** The L2 penalizer used (0 by default). */
  readonly penalizer: number;
  /** What the optimizer did; `x` is in log-parameter space. */
  readonly optimizer: OptimizerReport;
}

/** A fitted BG/NBD model (Fader, Hardie & Lee 2005). */
export type BgNbdModel = FittedModel<'bgnbd', BgNbdParams>;
/** A fitted Modified BG/NBD model (Batislam, Denizel & Filiztekin 2007). */
export type ModifiedBgNbdModel = FittedModel<'mbgnbd', BgNbdParams>;
/** A fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987). */
export type ParetoNbdModel = FittedModel<'paretonbd', ParetoNbdParams>;
/** A fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Colombo & Jiang 1999). */
export type GammaGammaModel = FittedModel<'gammagamma', GammaGammaParams>;
/** Any fitted purchase-count model. */
export type PurchaseModel = BgNbdModel | ModifiedBgNbdModel | ParetoNbdModel;

/** Options of the fitters. */
export interface FitOptions<P> {
  /** L2 penalty added to the mean negative log-likelihood: penalizer · Σ param² (as lifetimes). Default 0. */
  readonly penalizer?: number;
  /** Starting values (any subset); the rest are chosen from the data. */
  readonly initial?: Partial<P>;
  /** Most optimizer iterations (default 500). */
  readonly maxIterations?: number;
  /** Gradient tolerance on the mean negative log-likelihood in log-parameters (default 1e-9). */
  readonly tolerance?: number;
  /** Throw `NOT_CONVERGED` instead of returning `converged: false` (default false). */
  readonly strict?: boolean;
}

/** Options of {@link fitBgNbd}. */
export type FitBgNbdOptions = FitOptions<BgNbdParams>;
/** Options of {@link fitModifiedBgNbd}. */
export type FitModifiedBgNbdOptions = FitOptions<BgNbdParams>;
/** Options of {@link fitParetoNbd}. */
export type FitParetoNbdOptions = FitOptions<ParetoNbdParams>;
/** Options of {@link fitGammaGamma}. */
export type FitGammaGammaOptions = FitOptions<GammaGammaParams>;

/** Spend input of Gamma-Gamma: repeat purchase count and mean repeat purchase value. */
export interface SpendSummary {
  /** Number of repeat purchases (customers with 0 are skipped by the fitter). */
  readonly frequency: number;
  /** Mean value of the repeat purchases, in any one currency unit (minor units or USD), > 0. */
  readonly monetary: number;
  /** How many customers share this row (default 1). */
  readonly count?: number;
}
