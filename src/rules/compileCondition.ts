import { guard, LoyaltyError } from '../errors/index.js';
import { buildPlan } from './buildPlan.js';
import { Program } from './compileProgram.js';
import type { OperatorContext } from './evaluatePlan.js';
import { attachInternals, type CompiledInternals } from './internals.js';
import type { Plan } from './plan.js';
import type { CompileConditionOptions, CompiledCondition, Condition, Facts } from './types.js';

/**
 * Validates a json-rules-engine 7 condition and compiles it once into a synchronous predicate
 * over a facts object. Same results as json-rules-engine's `Engine.run` with
 * `allowUndefinedFacts: true` (see docs/rules-differences.md for the few deliberate differences),
 * without promises, without `eval` or `new Function`, with evaluation cost bounded by the tree's
 * size.
 *
 * @param condition - `{ all }`, `{ any }`, `{ not }`, `{ condition: 'name' }` or a single leaf
 * @param options - time zone for time operators, custom operators, shared conditions, known facts, limits
 * @returns a predicate `(facts) => boolean` carrying `condition` and `factNames`
 * @throws {LoyaltyError} INVALID_CONDITION with every problem found (unknown operator or fact, bad path,
 *   unknown or cyclic shared condition, bad value for a domain operator, forbidden name)
 * @throws {LoyaltyError} LIMIT_EXCEEDED when depth, size, path or string limits are exceeded
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `options.timeZone` is not an IANA zone
 * @throws {LoyaltyError} INVALID_ARGUMENT for bad custom operators or limits
 * @example
 * const bigSpender = compileCondition({
 *   all: [
 *     { fact: 'tier', operator: 'in', value: ['gold', 'platinum'] },
 *     { fact: 'order', path: '$.total.amount', operator: 'greaterThanInclusive', value: 10000 },
 *   ],
 * });
 * bigSpender({ tier: 'gold', order: { total: { amount: 12000, currency: 'CNY' } } }); //=> true
 * @example
 * // evaluation throws INVALID_CONDITION where json-rules-engine's run would reject:
 * compileCondition({ all: [{ fact: 'sku', operator: 'in', value: { fact: 'allowed' } }] })({ sku: 'a' });
 */
export function compileCondition(
  condition: Condition,
  options: CompileConditionOptions = {},
): CompiledCondition {
  return guard(() => {
    if (typeof options !== 'object' || options === null) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'compileCondition options must be an object');
    }
    const built = buildPlan(condition, options);
    const ctx: OperatorContext = {
      timeZone: options.timeZone,
      leapDayBirthday: options.leapDayBirthday ?? 'feb28',
      custom: built.custom,
    };
    const program = new Program([{ plan: built.plan, at: [] }], ctx);
    return compiledCondition(program, 0, condition, built.plan, ctx, built.factNames);
  }, 'compileCondition');
}

/**
 * The predicate of rule `k` of a program, carrying what explainCondition needs.
 * @internal
 */
export function compiledCondition(
  program: Program,
  k: number,
  condition: Condition,
  plan: Plan,
  ctx: OperatorContext,
  factNames: readonly string[],
): CompiledCondition {
  const predicate = (facts: Facts): boolean => {
    if (typeof facts !== 'object' || facts === null) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Facts must be an object, e.g. { tier: "gold" }');
    }
    return program.evaluateOne(k, facts);
  };
  const internals: CompiledInternals = { plan, ctx };
  attachInternals(predicate, internals);
  Object.defineProperty(predicate, 'condition', { value: condition, enumerable: true });
  Object.defineProperty(predicate, 'factNames', { value: Object.freeze([...factNames]), enumerable: true });
  return predicate as CompiledCondition;
}
