import type { OperatorContext } from './evaluatePlan.js';
import type { Plan } from './plan.js';
import type { CompiledCondition } from './types.js';

const PLAN: unique symbol = Symbol('loyalty-engine/rules/plan');

/** @internal What explainCondition needs from a compiled condition. */
export interface CompiledInternals {
  readonly plan: Plan;
  readonly ctx: OperatorContext;
}

/** @internal */
export function attachInternals(fn: object, internals: CompiledInternals): void {
  Object.defineProperty(fn, PLAN, { value: internals });
}

/** @internal */
export function internalsOf(compiled: CompiledCondition): CompiledInternals | undefined {
  return (compiled as unknown as { [PLAN]?: CompiledInternals })[PLAN];
}
