import type { PathSegment } from '../errors/index.js';
import type { OperatorFunction } from './types.js';

/** @internal A validated condition node with its operator resolved, ready to compile or explain. */
export type Plan = GroupPlan | NotPlan | RefPlan | LeafPlan;

/** @internal */
export interface GroupPlan {
  readonly kind: 'all' | 'any';
  readonly at: readonly PathSegment[];
  readonly priority: number;
  readonly children: readonly Plan[];
  /** Indexes of `children` in evaluation order (priority descending, stable), as json-rules-engine. */
  readonly order: readonly number[];
}

/** @internal */
export interface NotPlan {
  readonly kind: 'not';
  readonly at: readonly PathSegment[];
  readonly priority: number;
  readonly child: Plan;
}

/** @internal */
export interface RefPlan {
  readonly kind: 'condition';
  readonly at: readonly PathSegment[];
  readonly priority: number;
  readonly name: string;
  readonly target: Plan;
}

/** @internal How a fact (leaf side or reference value) is read. */
export interface FactRead {
  readonly fact: string;
  readonly path: string | undefined;
  readonly segments: readonly string[] | undefined;
  readonly params: Readonly<Record<string, unknown>> | undefined;
  /** Memo key for lazy facts: fact name + params. */
  readonly memoKey: string;
}

/** @internal Line-item quantifier details. */
export interface ItemsPlan {
  readonly kind: 'anyItem' | 'everyItem' | 'countItems';
  readonly where: Plan | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly count: 'lines' | 'quantity';
}

/** @internal */
export interface LeafPlan {
  readonly kind: 'fact';
  readonly at: readonly PathSegment[];
  readonly priority: number;
  readonly read: FactRead;
  readonly operator: string;
  /** The operator without its decorators, and the decorators outermost first. */
  readonly base: string;
  readonly decorators: readonly string[];
  /** Filled in by the compiler (item operators need their nested predicate). */
  op: OperatorFunction | undefined;
  readonly value:
    | { readonly kind: 'literal'; readonly value: unknown }
    | { readonly kind: 'fact'; readonly read: FactRead };
  readonly items: ItemsPlan | undefined;
}
