/**
 * `loyalty-engine/json-rules-engine`: run loyalty conditions on your own json-rules-engine 7
 * `Engine` (for example when a fact needs an async database lookup). This entry does not import
 * json-rules-engine: it works on the engine instance you pass in.
 *
 * @example
 * import { Engine } from 'json-rules-engine';
 * import { registerLoyaltyOperators, toJsonRulesEngineRule } from 'loyalty-engine/json-rules-engine';
 *
 * const engine = new Engine([], { allowUndefinedFacts: true });
 * registerLoyaltyOperators(engine, { timeZone: 'Asia/Shanghai' });
 * engine.addRule(toJsonRulesEngineRule({ id: 'weekend-bonus', conditions: {
 *   all: [{ fact: 'occurredAt', operator: 'weekdayIn', value: [6, 7] }] } }, { timeZone: 'Asia/Shanghai' }));
 * const { events } = await engine.run({ occurredAt: '2026-03-07T02:00:00Z' }); // [{ type: 'weekend-bonus' }]
 * @packageDocumentation
 */
import { LoyaltyError } from '../errors/index.js';
import {
  type CompileConditionOptions,
  type Condition,
  compileCondition,
  createLoyaltyOperators,
  type LoyaltyOperatorOptions,
} from '../rules/index.js';

/** The part of a json-rules-engine 7 `Engine` this module uses (structural: no import needed). */
export interface JsonRulesEngineLike {
  addOperator(name: string, callback: (factValue: unknown, jsonValue: unknown) => boolean): unknown;
  setCondition?(name: string, conditions: object): unknown;
}

/** A rule to convert: an id, a condition, and optionally the event to emit and a priority. */
export interface LoyaltyRuleInput {
  readonly id: string;
  readonly conditions: Condition;
  readonly event?: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> };
  /** json-rules-engine rule priority (integer >= 1); it orders rules, never results. */
  readonly priority?: number;
}

/** Plain rule JSON accepted by json-rules-engine's `engine.addRule`. */
export interface JsonRulesEngineRule {
  readonly name: string;
  readonly conditions: Condition;
  readonly event: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> };
  readonly priority?: number;
}

/**
 * Adds loyalty-engine's domain operators (weekdayIn, hourBetween, dateBetween, isBirthday,
 * inBirthdayWeek, inBirthdayMonth, money comparisons, anyItem, everyItem, countItems) to a
 * json-rules-engine 7 Engine, bound to the program's time zone. Results equal
 * {@link compileCondition}'s.
 *
 * @param engine - your `new Engine()` (anything with `addOperator(name, fn)`)
 * @param options - `timeZone` and the 29 Feb birthday policy
 * @returns the same engine, for chaining
 * @throws {LoyaltyError} INVALID_ARGUMENT when `engine` has no addOperator
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when the zone is unknown
 * @example registerLoyaltyOperators(new Engine(), { timeZone: 'Europe/Paris' });
 */
export function registerLoyaltyOperators<E extends JsonRulesEngineLike>(
  engine: E,
  options: LoyaltyOperatorOptions,
): E {
  if (typeof engine !== 'object' || engine === null || typeof engine.addOperator !== 'function') {
    throw new LoyaltyError('INVALID_ARGUMENT', 'registerLoyaltyOperators needs a json-rules-engine Engine');
  }
  const ops = createLoyaltyOperators(options);
  for (const name of Object.keys(ops)) engine.addOperator(name, ops[name]!);
  return engine;
}

function hasRoot(c: object): boolean {
  return ['all', 'any', 'not', 'condition'].some((k) => Object.hasOwn(c, k));
}

/**
 * Turns a loyalty rule into plain json-rules-engine rule JSON (validated with the same checks as
 * {@link compileCondition}). A single leaf at the root is wrapped in `{ all: [leaf] }`, because
 * json-rules-engine requires all/any/not/condition at the root.
 *
 * @param rule - `{ id, conditions, event?, priority? }`; the event defaults to `{ type: id }`
 * @param options - the options you compile with (time zone, shared conditions, limits, ...)
 * @returns rule JSON for `engine.addRule`
 * @throws {LoyaltyError} INVALID_CONDITION or LIMIT_EXCEEDED when the condition is invalid
 * @example toJsonRulesEngineRule({ id: 'gold', conditions: { fact: 'tier', operator: 'equal', value: 'gold' } })
 * //=> { name: 'gold', conditions: { all: [{ fact: 'tier', ... }] }, event: { type: 'gold' } }
 */
export function toJsonRulesEngineRule(
  rule: LoyaltyRuleInput,
  options: CompileConditionOptions = {},
): JsonRulesEngineRule {
  if (typeof rule !== 'object' || rule === null || typeof rule.id !== 'string' || rule.id === '') {
    throw new LoyaltyError('INVALID_ARGUMENT', 'toJsonRulesEngineRule needs { id, conditions }');
  }
  compileCondition(rule.conditions, options);
  const copy = JSON.parse(JSON.stringify(rule.conditions)) as Condition;
  const conditions = hasRoot(copy) ? copy : ({ all: [copy] } as Condition);
  const event =
    rule.event === undefined
      ? { type: rule.id }
      : (JSON.parse(JSON.stringify(rule.event)) as JsonRulesEngineRule['event']);
  return {
    name: rule.id,
    conditions,
    event,
    ...(rule.priority === undefined ? {} : { priority: rule.priority }),
  };
}

/**
 * Registers shared conditions (the ones `{ condition: 'name' }` refers to) on a json-rules-engine
 * Engine with `engine.setCondition`, after validating them.
 *
 * @param engine - your Engine
 * @param conditions - shared conditions by name
 * @param options - compile options (time zone, limits)
 * @returns the same engine
 * @throws {LoyaltyError} INVALID_CONDITION when a shared condition is invalid or cyclic
 * @example registerLoyaltyConditions(engine, { vip: { any: [{ fact: 'tier', operator: 'in', value: ['gold'] }] } });
 */
export function registerLoyaltyConditions<E extends JsonRulesEngineLike>(
  engine: E,
  conditions: Readonly<Record<string, Condition>>,
  options: CompileConditionOptions = {},
): E {
  if (typeof engine?.setCondition !== 'function') {
    throw new LoyaltyError(
      'INVALID_ARGUMENT',
      'registerLoyaltyConditions needs a json-rules-engine Engine (7.x)',
    );
  }
  for (const name of Object.keys(conditions)) {
    compileCondition({ condition: name }, { ...options, conditions });
    const copy = JSON.parse(JSON.stringify(conditions[name])) as object;
    engine.setCondition(name, hasRoot(copy) ? copy : { all: [copy] });
  }
  return engine;
}
