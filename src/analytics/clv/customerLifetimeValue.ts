import { LoyaltyError } from '../../errors/index.js';
import { bgNbdExpectedConditional, bgNbdProbabilityAlive } from './bgNbd.js';
import { checkNonNegative, checkPurchaseModel, checkSpendModel, checkSummary, finite } from './checks.js';
import { expectedAverageSpend } from './expectedAverageSpend.js';
import { paretoNbdExpectedConditional, paretoNbdProbabilityAlive } from './paretoNbd.js';
import type { GammaGammaModel, PurchaseModel } from './types.js';

/** One customer for {@link customerLifetimeValue}. */
export interface ClvCustomer {
  /** Your identifier, echoed in the result. */
  readonly customerId?: string;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  /** Mean repeat purchase value, in the unit the spend model was fitted on (ignored when frequency is 0). */
  readonly monetary: number;
}

/** Model periods per discounting step (a month), as lifetimes: day 30, week 4.345, month 1. */
export const PERIODS_PER_MONTH = { day: 30, week: 4.345, month: 1 } as const;

/** Input of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueInput {
  /** A fitted BG/NBD, Modified BG/NBD or Pareto/NBD model. */
  readonly purchases: PurchaseModel;
  /** A fitted Gamma-Gamma model. */
  readonly spend: GammaGammaModel;
  readonly customers: readonly ClvCustomer[];
  /** Number of discounting steps (months by default), e.g. 12. */
  readonly horizon: number;
  /** Discount rate per step, e.g. 0.01 a month. */
  readonly discountRate: number;
  /** Time unit the purchase model was fitted in; sets the step to a month (default 'week'). */
  readonly timeUnit?: keyof typeof PERIODS_PER_MONTH;
  /** Model periods per step, overriding `timeUnit` (e.g. 7 for weekly steps on a daily model). */
  readonly periodsPerStep?: number;
  /** Profit margin applied to spend, in (0, 1] typically (default 1: revenue CLV). */
  readonly margin?: number;
}

/** CLV of one customer. */
export interface CustomerValue {
  readonly customerId?: string;
  /** Discounted value over the horizon: Σ margin · spend · ΔE[purchases in step i] / (1 + d)^i. */
  readonly clv: number;
  /** Expected purchases over the whole horizon. */
  readonly expectedPurchases: number;
  /** Expected average spend per purchase (Gamma-Gamma). */
  readonly expectedAverageSpend: number;
  /** P(alive) at the end of observation. */
  readonly probabilityAlive: number;
}

/**
 * Discounted customer lifetime value over a horizon, as lifetimes' `customer_lifetime_value`: for
 * each step i = 1..horizon, the expected purchases in that step (conditional on the customer's
 * history) times the Gamma-Gamma expected spend times the margin, discounted by (1 + d)^i.
 *
 * @param input - models, customers, horizon, discountRate, timeUnit/periodsPerStep, margin
 * @returns one {@link CustomerValue} per customer, in order
 * @throws {LoyaltyError} INVALID_ARGUMENT for bad models, options or customers (with their path)
 * @throws {LoyaltyError} NOT_CONVERGED when a prediction cannot be computed accurately
 * @example
 * const [v] = customerLifetimeValue({ purchases: bgNbd, spend: gg, horizon: 12, discountRate: 0.01,
 *   timeUnit: 'week', customers: [{ customerId: 'c1', frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }] });
 */
export function customerLifetimeValue(input: CustomerLifetimeValueInput): CustomerValue[] {
  const model = checkPurchaseModel(input?.purchases, ['purchases']);
  const spend = checkSpendModel(input.spend, ['spend']);
  const horizon = checkNonNegative(input.horizon, ['horizon'], 'horizon', true);
  const d = checkNonNegative(input.discountRate, ['discountRate'], 'discountRate');
  const margin = checkNonNegative(input.margin ?? 1, ['margin'], 'margin');
  const unit = input.timeUnit ?? 'week';
  if (!(unit in PERIODS_PER_MONTH)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid timeUnit', [
      {
        code: 'invalid_option',
        path: ['timeUnit'],
        message: `timeUnit must be 'day', 'week' or 'month' (got ${String(unit)})`,
      },
    ]);
  }
  const step = input.periodsPerStep ?? PERIODS_PER_MONTH[unit];
  if (!(step > 0) || !Number.isFinite(step)) checkNonNegative(-1, ['periodsPerStep'], 'periodsPerStep');
  if (!Array.isArray(input.customers)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid customers', [
      { code: 'invalid_type', path: ['customers'], message: 'customers must be an array' },
    ]);
  }
  const cumulative = (t: number, x: number, tx: number, T: number): number => {
    switch (model.model) {
      case 'bgnbd':
        return bgNbdExpectedConditional(model.params, t, x, tx, T, false);
      case 'mbgnbd':
        return bgNbdExpectedConditional(model.params, t, x, tx, T, true);
      default:
        return paretoNbdExpectedConditional(model.params, t, x, tx, T);
    }
  };
  return input.customers.map((c, i) => {
    const { frequency: x, recency: tx, T } = checkSummary(c, ['customers', i]);
    const avg = expectedAverageSpend(spend, { frequency: x, monetary: x === 0 ? 0 : c.monetary });
    let clv = 0;
    let previous = 0;
    for (let k = 1; k <= horizon; k++) {
      const now = cumulative(k * step, x, tx, T);
      clv += (margin * avg * (now - previous)) / (1 + d) ** k;
      previous = now;
    }
    const alive =
      model.model === 'paretonbd'
        ? paretoNbdProbabilityAlive(model.params, x, tx, T)
        : bgNbdProbabilityAlive(model.params, x, tx, T, model.model === 'mbgnbd');
    const out: CustomerValue = {
      clv: finite(clv, 'customerLifetimeValue'),
      expectedPurchases: finite(previous, 'customerLifetimeValue'),
      expectedAverageSpend: avg,
      probabilityAlive: finite(alive, 'customerLifetimeValue'),
    };
    return Object.freeze(c.customerId === undefined ? out : { customerId: c.customerId, ...out });
  });
}
