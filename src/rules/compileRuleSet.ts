import { guard, LoyaltyError, type LoyaltyIssue, type PathSegment } from '../errors/index.js';
import { buildPlans, type PlanSource } from './buildPlan.js';
import { compiledCondition } from './compileCondition.js';
import { Program } from './compileProgram.js';
import type { OperatorContext } from './evaluatePlan.js';
import { explainPlan } from './explainCondition.js';
import { FORBIDDEN_NAMES, msg } from './messages.js';
import { resolveLimits } from './ruleLimits.js';
import type {
  CompileConditionOptions,
  CompiledCondition,
  CompiledRuleSet,
  Condition,
  ExplainNode,
  Facts,
  RuleSetInput,
} from './types.js';

interface Entry {
  readonly id: string;
  readonly condition: Condition;
  readonly at: readonly PathSegment[];
}

const RULE_KEYS = new Set(['id', 'conditions']);

/** Reads the rules argument into (id, condition, path) entries, or throws with every problem. */
function entriesOf(rules: unknown, maxRules: number, maxStringLength: number): Entry[] {
  const issues: LoyaltyIssue[] = [];
  const entries: Entry[] = [];
  const checkId = (id: string, at: readonly PathSegment[]): boolean => {
    if (id === '') issues.push({ code: 'invalid_id', path: [...at], message: 'A rule id must not be empty' });
    else if (id.length > maxStringLength)
      issues.push({
        code: 'limit_exceeded',
        path: [...at],
        message: msg.limit('String length', maxStringLength),
      });
    else if (FORBIDDEN_NAMES.has(id))
      issues.push({ code: 'forbidden_name', path: [...at], message: msg.forbiddenName(id) });
    else return true;
    return false;
  };
  if (Array.isArray(rules)) {
    if (rules.length > maxRules) {
      throw new LoyaltyError('LIMIT_EXCEEDED', 'Too many rules', [
        { code: 'limit_exceeded', path: [], message: msg.limit('Number of rules', maxRules) },
      ]);
    }
    const seen = new Set<string>();
    for (let i = 0; i < rules.length; i++) {
      const rule: unknown = rules[i];
      if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
        issues.push({ code: 'invalid_type', path: [i], message: msg.ruleShape() });
        continue;
      }
      for (const key of Object.keys(rule)) {
        if (!RULE_KEYS.has(key))
          issues.push({ code: 'unrecognized_keys', path: [i, key], message: msg.ruleKey(key) });
      }
      const { id, conditions } = rule as { id?: unknown; conditions?: unknown };
      if (!Object.hasOwn(rule, 'conditions'))
        issues.push({
          code: 'missing_conditions',
          path: [i, 'conditions'],
          message: msg.missingKey('conditions'),
        });
      if (typeof id !== 'string') {
        issues.push({ code: 'invalid_type', path: [i, 'id'], message: 'A rule id must be a string' });
        continue;
      }
      if (!checkId(id, [i, 'id'])) continue;
      if (seen.has(id)) {
        issues.push({ code: 'duplicate_id', path: [i, 'id'], message: `Rule id "${id}" is used twice` });
        continue;
      }
      seen.add(id);
      entries.push({ id, condition: conditions as Condition, at: [i, 'conditions'] });
    }
  } else if (typeof rules === 'object' && rules !== null) {
    const ids = Object.keys(rules);
    if (ids.length > maxRules) {
      throw new LoyaltyError('LIMIT_EXCEEDED', 'Too many rules', [
        { code: 'limit_exceeded', path: [], message: msg.limit('Number of rules', maxRules) },
      ]);
    }
    for (const id of ids) {
      if (checkId(id, [id]))
        entries.push({ id, condition: (rules as Record<string, unknown>)[id] as Condition, at: [id] });
    }
  } else {
    issues.push({ code: 'invalid_type', path: [], message: msg.ruleSetShape() });
  }
  if (issues.length > 0) throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid rule set', issues);
  return entries;
}

function checkFacts(facts: unknown): void {
  if (typeof facts !== 'object' || facts === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Facts must be an object, e.g. { tier: "gold" }');
  }
}

/**
 * Validates and compiles several rules together, for evaluating them all against one facts object
 * (the usual case: every earning rule of a program, once per event). Each rule gives the same result
 * as {@link compileCondition} of its condition with the same options, but the set reads each fact
 * (name, params and path) at most once per evaluation for all rules together, and calls each lazy
 * fact at most once per evaluation and params, only when some rule reaches a condition that reads
 * it (rules in order; within a rule, json-rules-engine's priority order and short-circuiting).
 * No `eval` or `new Function`; evaluation cost is bounded by the rules' sizes.
 *
 * @param rules - a record from rule id to condition, or a list of `{ id, conditions }`; results
 *   come in this order (a record's key order is `Object.keys` order)
 * @param options - as {@link compileCondition}'s, shared by every rule (time zone, custom
 *   operators, shared conditions, known facts, limits)
 * @returns the compiled set: `evaluate`, `passing`, `explain`, `rule`
 * @throws {LoyaltyError} INVALID_CONDITION with every problem of every rule, each path starting
 *   with the rule's id (record) or `[index, 'conditions']` (list)
 * @throws {LoyaltyError} INVALID_ARGUMENT for a malformed rules argument (not a record or list, a
 *   rule without a string id or without conditions, an unknown key, a duplicate or forbidden id)
 *   or bad options
 * @throws {LoyaltyError} LIMIT_EXCEEDED when a rule exceeds a limit, or there are more rules than
 *   `limits.maxArrayLength`
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `options.timeZone` is not an IANA zone
 * @example
 * const rules = compileRuleSet({
 *   gold: { all: [{ fact: 'tier', operator: 'in', value: ['gold', 'platinum'] }] },
 *   bigOrder: { all: [{ fact: 'total', operator: 'moneyGreaterThanInclusive', value: { amount: 50000, currency: 'CNY' } }] },
 * });
 * rules.evaluate({ tier: 'gold', total: { amount: 1200, currency: 'CNY' } }); //=> [true, false]
 * rules.passing({ tier: 'gold', total: { amount: 1200, currency: 'CNY' } }); //=> ['gold']
 */
export function compileRuleSet(rules: RuleSetInput, options: CompileConditionOptions = {}): CompiledRuleSet {
  return guard(() => {
    if (typeof options !== 'object' || options === null) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'compileRuleSet options must be an object');
    }
    const limits = resolveLimits(options.limits);
    const entries = entriesOf(rules, limits.maxArrayLength, limits.maxStringLength);
    const sources: PlanSource[] = entries.map((e) => ({ condition: e.condition, at: e.at }));
    const built = buildPlans(sources, options);
    const ctx: OperatorContext = {
      timeZone: options.timeZone,
      leapDayBirthday: options.leapDayBirthday ?? 'feb28',
      custom: built.custom,
    };
    const program = new Program(
      entries.map((e, i) => ({ plan: built.plans[i]!, at: e.at })),
      ctx,
    );
    const ids = Object.freeze(entries.map((e) => e.id));
    const index = new Map(ids.map((id, i) => [id, i]));
    const compiled: readonly CompiledCondition[] = entries.map((e, i) =>
      compiledCondition(program, i, e.condition, built.plans[i]!, ctx, built.factNames[i]!),
    );
    const factNames = Object.freeze([...new Set(built.factNames.flat())]);
    const indexOf = (id: unknown): number => {
      const i = typeof id === 'string' ? index.get(id) : undefined;
      if (i === undefined) {
        throw new LoyaltyError(
          'INVALID_ARGUMENT',
          `No rule with id ${JSON.stringify(String(id))} in this set`,
        );
      }
      return i;
    };
    const set: CompiledRuleSet = {
      ids,
      factNames,
      evaluate(facts: Facts, into?: boolean[]): boolean[] {
        checkFacts(facts);
        if (into !== undefined && !Array.isArray(into)) {
          throw new LoyaltyError('INVALID_ARGUMENT', 'evaluate(facts, into): into must be an array');
        }
        const out = into ?? new Array<boolean>(ids.length);
        program.evaluateAll(facts, out);
        return out;
      },
      passing(facts: Facts): string[] {
        checkFacts(facts);
        const out = new Array<boolean>(ids.length);
        program.evaluateAll(facts, out);
        return ids.filter((_, i) => out[i]);
      },
      explain(id: string, facts: Facts): ExplainNode {
        const i = indexOf(id);
        checkFacts(facts);
        return explainPlan(built.plans[i]!, ctx, facts, undefined);
      },
      rule(id: string): CompiledCondition {
        return compiled[indexOf(id)]!;
      },
    };
    return Object.freeze(set);
  }, 'compileRuleSet');
}
