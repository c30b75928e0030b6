import { isLoyaltyError, LoyaltyError } from '../errors/index.js';
import {
  atLeaf,
  compilePlan,
  type Evaluator,
  leafOperator,
  type OperatorContext,
  readFact,
  type Scope,
  scopeOf,
} from './evaluatePlan.js';
import { internalsOf } from './internals.js';
import type { LeafPlan, Plan } from './plan.js';
import type { CompiledCondition, ExplainLeaf, ExplainNode, Facts } from './types.js';

interface Run {
  readonly scope: Scope;
  readonly ctx: OperatorContext;
  readonly memo: Map<Plan, Evaluator>;
}

function skipped(plan: Plan): ExplainNode {
  const base = { at: plan.at, result: undefined, evaluated: false } as const;
  switch (plan.kind) {
    case 'all':
    case 'any':
      return { ...base, kind: plan.kind, children: plan.children.map(skipped) };
    case 'not':
      return { ...base, kind: 'not', child: skipped(plan.child) };
    case 'condition':
      return { ...base, kind: 'condition', name: plan.name, child: skipped(plan.target) };
    case 'fact':
      return leafNode(plan, undefined, false, undefined, undefined, undefined);
  }
}

function leafNode(
  plan: LeafPlan,
  result: boolean | undefined,
  evaluated: boolean,
  factValue: unknown,
  value: unknown,
  matchedItems: readonly number[] | undefined,
): ExplainLeaf {
  return {
    kind: 'fact',
    at: plan.at,
    result,
    evaluated,
    fact: plan.read.fact,
    ...(plan.read.path === undefined ? {} : { path: plan.read.path }),
    operator: plan.operator,
    factValue,
    value: plan.value.kind === 'literal' ? plan.value.value : value,
    ...(matchedItems === undefined ? {} : { matchedItems }),
  };
}

/**
 * Whether an item's nested condition holds, for `matchedItems`. The operator itself may have
 * stopped before this item (anyItem stops at the first match), so an item whose condition cannot
 * be evaluated (another currency, say) is not matched instead of failing the explanation.
 */
function holds(where: Evaluator, facts: Facts): boolean {
  try {
    return where(scopeOf(facts));
  } catch {
    return false;
  }
}

function explain(plan: Plan, run: Run): ExplainNode {
  switch (plan.kind) {
    case 'all':
    case 'any': {
      const out: ExplainNode[] = plan.children.map(skipped);
      let result = plan.kind === 'all';
      for (const i of plan.order) {
        const child = explain(plan.children[i]!, run);
        out[i] = child;
        if (plan.kind === 'all' ? child.result !== true : child.result === true) {
          result = !result;
          break;
        }
      }
      if (plan.children.length === 0) result = true;
      return { kind: plan.kind, at: plan.at, result, evaluated: true, children: out };
    }
    case 'not': {
      const child = explain(plan.child, run);
      return { kind: 'not', at: plan.at, result: !child.result, evaluated: true, child };
    }
    case 'condition': {
      const child = explain(plan.target, run);
      return {
        kind: 'condition',
        at: plan.at,
        name: plan.name,
        result: child.result,
        evaluated: true,
        child,
      };
    }
    case 'fact': {
      const op = leafOperator(plan, run.ctx, run.memo);
      try {
        const value = plan.value.kind === 'literal' ? plan.value.value : readFact(run.scope, plan.value.read);
        const factValue = readFact(run.scope, plan.read);
        const result = op(factValue, value);
        let matched: number[] | undefined;
        const items = plan.items;
        if (items !== undefined && plan.decorators.length === 0 && Array.isArray(factValue)) {
          const where = items.where === undefined ? undefined : compilePlan(items.where, run.ctx, run.memo);
          matched = [];
          for (let i = 0; i < factValue.length; i++) {
            const it: unknown = factValue[i];
            const facts = typeof it === 'object' && it !== null ? (it as Facts) : {};
            if (where === undefined || holds(where, facts)) matched.push(i);
          }
        }
        return leafNode(plan, result, true, factValue, value, matched);
      } catch (e) {
        throw atLeaf(e, plan.at);
      }
    }
  }
}

/**
 * Evaluates a compiled condition and returns why it passed or failed: the tree with, for each
 * leaf, the fact value, the operator, the expected value and the result; nodes skipped by
 * short-circuiting have `evaluated: false`. Its `result` always equals `compiled(facts)`.
 *
 * @param compiled - from {@link compileCondition}
 * @param facts - the same facts you would pass to `compiled`
 * @returns the explanation tree (plain data, JSON-serializable when the facts are)
 * @throws {LoyaltyError} INVALID_ARGUMENT when `compiled` did not come from compileCondition
 * @throws {LoyaltyError} INVALID_CONDITION where evaluating `compiled(facts)` would throw it
 * @example
 * const c = compileCondition({ all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] });
 * explainCondition(c, { tier: 'silver' }).result; //=> false
 * // children[0]: { kind: 'fact', fact: 'tier', operator: 'equal', factValue: 'silver', value: 'gold', result: false, ... }
 */
export function explainCondition(compiled: CompiledCondition, facts: Facts): ExplainNode {
  const internals = typeof compiled === 'function' ? internalsOf(compiled) : undefined;
  if (internals === undefined) {
    throw new LoyaltyError(
      'INVALID_ARGUMENT',
      'explainCondition needs a condition returned by compileCondition',
    );
  }
  if (typeof facts !== 'object' || facts === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Facts must be an object, e.g. { tier: "gold" }');
  }
  return explainPlan(internals.plan, internals.ctx, facts, undefined);
}

/**
 * Explains `plan` over `facts`; `lazy` holds lazy facts already computed in this evaluation (by
 * memo key), so that they are not called again.
 * @internal
 */
export function explainPlan(
  plan: Plan,
  ctx: OperatorContext,
  facts: Facts,
  lazy: Map<string, unknown> | undefined,
): ExplainNode {
  const scope = scopeOf(facts);
  scope.memo = lazy;
  try {
    return explain(plan, { scope, ctx, memo: new Map() });
  } catch (e) {
    if (isLoyaltyError(e)) throw e;
    throw new LoyaltyError('INTERNAL', 'explainCondition failed unexpectedly (a bug in loyalty-engine)', [], {
      cause: e,
    });
  }
}
