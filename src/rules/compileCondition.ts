import { guard, LoyaltyError } from '../errors/index.js';
import { buildPlan } from './buildPlan.js';
import { atLeaf, compilePlan, type OperatorContext, scopeOf } from './evaluatePlan.js';
import { explainCondition } from './explainCondition.js';
import { attachInternals, type CompiledInternals } from './internals.js';
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
    const root = compilePlan(built.plan, ctx);
    const predicate = (facts: Facts): boolean => {
      if (typeof facts !== 'object' || facts === null) {
        throw new LoyaltyError('INVALID_ARGUMENT', 'Facts must be an object, e.g. { tier: "gold" }');
      }
      try {
        return root(scopeOf(facts));
      } catch (e) {
        // Evaluation is deterministic: re-run in explain mode, which reports the failing leaf's path.
        explainCondition(predicate as CompiledCondition, facts);
        throw atLeaf(e, []);
      }
    };
    const internals: CompiledInternals = { plan: built.plan, ctx };
    attachInternals(predicate, internals);
    Object.defineProperty(predicate, 'condition', { value: condition, enumerable: true });
    Object.defineProperty(predicate, 'factNames', {
      value: Object.freeze([...built.factNames]),
      enumerable: true,
    });
    return predicate as CompiledCondition;
  }, 'compileCondition');
}
