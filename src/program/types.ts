import type * as z from 'zod/mini';
import type { PathSegment } from '../errors/index.js';
import type { DeepReadonly } from '../json/index.js';
import type { CompiledCondition, Condition } from '../rules/index.js';
import type { earningRuleSchema, programSchema } from './schema.js';

/**
 * A loyalty program as validated by `defineProgram`: plain JSON, exactly as written (defaults are
 * documented on each field and applied by the engine, not written into the program).
 *
 * @useDeclaredType
 */
export type Program = z.output<typeof programSchema>;

/**
 * What a program author writes: the same fields as {@link Program} (the schema adds no defaults),
 * with readonly arrays and objects, so a literal written `as const` is accepted as well.
 *
 * @useDeclaredType
 */
export type ProgramInput = DeepReadonly<z.input<typeof programSchema>>;

/**
 * One earning rule: `spend`, `items`, `fixed` or `multiplier`.
 *
 * @useDeclaredType
 */
export type EarningRule = z.output<typeof earningRuleSchema>;

/** A `spend` rule: points per amount of money. */
export type SpendRule = Extract<EarningRule, { kind: 'spend' }>;
/** An `items` rule: points per matching unit or line. */
export type ItemsRule = Extract<EarningRule, { kind: 'items' }>;
/** A `fixed` rule: points for an action or a qualifying purchase. */
export type FixedRule = Extract<EarningRule, { kind: 'fixed' }>;
/** A `multiplier` rule: multiplies other rules' points before rounding. */
export type MultiplierRule = Extract<EarningRule, { kind: 'multiplier' }>;

/** A cap on awards within a window. */
export type Cap = NonNullable<Program['caps']>[number];
/** A reward in the catalog. */
export type Reward = NonNullable<Program['rewards']>[number];
/** How points are spent. */
export type RedemptionPolicy = NonNullable<Program['redemption']>;
/** A stacking mode of a group. */
export type StackingMode = 'sum' | 'max' | 'first' | 'multiply';

/** The result of `validateProgram`: the program, or the error listing every problem. */
export type ProgramValidation =
  | { readonly success: true; readonly program: Program }
  | { readonly success: false; readonly error: import('../errors/index.js').LoyaltyError };

/** A condition compiled lazily per time zone (a member may override the program's zone). */
export interface ZonedCondition {
  readonly condition: Condition;
  readonly at: readonly PathSegment[];
  /** The compiled predicate for a zone (cached). */
  readonly forZone: (zone: string) => CompiledCondition;
}

/** Which order components make up the basis. */
export interface BasisSpec {
  readonly subtotal: boolean;
  readonly tax: boolean;
  readonly shipping: boolean;
  readonly discounts: boolean;
  readonly giftCards: boolean;
  readonly pointsPaid: boolean;
}
