import type { PathSegment } from '../errors/index.js';

/**
 * The facts a condition reads: a plain record. A value that is a function is a **lazy fact**: it is
 * called only when a condition reads it, with the condition's `params` (or `{}`), at most once per
 * evaluation and `params`. Only own properties are read; a fact that is absent is `undefined`
 * (json-rules-engine's `allowUndefinedFacts: true`).
 *
 * @example const facts: Facts = { tier: 'gold', orderCount: () => db.count(memberId) };
 */
export type Facts = Readonly<Record<string, unknown>>;

/** A lazy fact: computed on first read with the condition's `params`. Must be synchronous. */
export type FactFunction = (params: Readonly<Record<string, unknown>>) => unknown;

/**
 * A synchronous operator: compares the fact value (left) with the condition's `value` (right).
 * Only `true` passes; any other result counts as false.
 */
export type OperatorFunction = (factValue: unknown, value: unknown) => boolean;

/** `{ fact, path?, params? }` used as a condition's `value`: compares against another fact. */
export interface FactReference {
  readonly fact: string;
  readonly path?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Properties every condition node may carry. `priority` orders evaluation, never the result. */
export interface ConditionMeta {
  readonly priority?: number;
  readonly name?: string;
  readonly description?: string;
}

/** A leaf: `fact operator value`, json-rules-engine format. */
export interface FactCondition extends ConditionMeta {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
  readonly path?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** True when every sub-condition is true (an empty list is true). */
export interface AllCondition extends ConditionMeta {
  readonly all: readonly Condition[];
}

/** True when some sub-condition is true. An empty list is **true**, as in json-rules-engine 7. */
export interface AnyCondition extends ConditionMeta {
  readonly any: readonly Condition[];
}

/** Negation of one sub-condition. */
export interface NotCondition extends ConditionMeta {
  readonly not: Condition;
}

/** A reference to a shared condition passed in `options.conditions`. */
export interface ConditionReference extends ConditionMeta {
  readonly condition: string;
}

/** A condition in json-rules-engine 7 format. */
export type Condition = FactCondition | AllCondition | AnyCondition | NotCondition | ConditionReference;

/**
 * Limits that keep evaluation of untrusted conditions bounded. Every value is configurable;
 * exceeding one throws `LIMIT_EXCEEDED` with the path of the offending node.
 */
export interface RuleLimits {
  /** Deepest nesting of all/any/not/condition references and item conditions. Default 32, at most 1,000. */
  readonly maxDepth: number;
  /** Nodes in one condition tree (each all/any/not/reference/leaf, item conditions included). Default 1,000. */
  readonly maxNodes: number;
  /** Nodes after inlining shared-condition references (bounds evaluation cost). Default 10,000. */
  readonly maxExpandedNodes: number;
  /** Shared conditions in `options.conditions`. Default 1,000. */
  readonly maxNamedConditions: number;
  /** Characters in a `path`. Default 256. */
  readonly maxPathLength: number;
  /** Property steps in a `path`. Default 16. */
  readonly maxPathSegments: number;
  /** Characters in any string (fact and operator names, values, keys). Default 1,000. */
  readonly maxStringLength: number;
  /** Elements in any array value, and sub-conditions of one all/any. Default 1,000. */
  readonly maxArrayLength: number;
  /** Nesting of JSON values (`value`, `params`). Default 16, at most 1,000. */
  readonly maxValueDepth: number;
}

/** Options of {@link compileCondition} and {@link compileRuleSet}. */
export interface CompileConditionOptions {
  /** IANA zone for the time operators (weekdayIn, hourBetween, dateBetween, birthday operators). */
  readonly timeZone?: string;
  /** Custom synchronous operators, by name. They cannot replace built-in operators or decorators. */
  readonly operators?: Readonly<Record<string, OperatorFunction>>;
  /** Shared conditions that `{ condition: 'name' }` refers to. */
  readonly conditions?: Readonly<Record<string, Condition>>;
  /** When given, a fact name outside this list is refused at compile time. */
  readonly knownFacts?: readonly string[];
  /** Overrides of {@link DEFAULT_RULE_LIMITS}. */
  readonly limits?: Partial<RuleLimits>;
  /** Birthday operators on 29 Feb in a non-leap year: `'feb28'` (default) or `'mar1'`. */
  readonly leapDayBirthday?: 'feb28' | 'mar1';
}

/** A compiled condition: call it with facts to get the boolean result. */
export interface CompiledCondition {
  (facts: Facts): boolean;
  /** The condition as given (validated). */
  readonly condition: Condition;
  /** Names of the top-level facts it may read (shared conditions and fact references included). */
  readonly factNames: readonly string[];
}

/** A rule of a rule set, see {@link compileRuleSet}: an id and its condition. */
export interface RuleDefinition {
  /** Unique within the set; results and explanations are by id. */
  readonly id: string;
  /** The rule's condition (json-rules-engine calls it `conditions`). */
  readonly conditions: Condition;
}

/** The rules of {@link compileRuleSet}: a record from rule id to condition, or a list of rules. */
export type RuleSetInput = Readonly<Record<string, Condition>> | readonly RuleDefinition[];

/**
 * Rules compiled together by {@link compileRuleSet}. One evaluation reads each fact at most once
 * for all the rules.
 */
export interface CompiledRuleSet {
  /** The rule ids, in the order of the results of {@link CompiledRuleSet.evaluate}. */
  readonly ids: readonly string[];
  /** Names of the top-level facts any rule may read. */
  readonly factNames: readonly string[];
  /**
   * Evaluates every rule against `facts`: element `i` is the result of rule `ids[i]`. Pass `into`
   * to reuse an array across events: its first `ids.length` elements are set and it is returned
   * (nothing is allocated).
   * @throws {LoyaltyError} INVALID_CONDITION (path: the rule, then the leaf) where
   *   json-rules-engine's run would reject; INVALID_ARGUMENT for a lazy fact that throws or is async
   */
  evaluate(facts: Facts, into?: boolean[]): boolean[];
  /** The ids of the rules that pass, in order. Same evaluation as {@link CompiledRuleSet.evaluate}. */
  passing(facts: Facts): string[];
  /**
   * Why rule `id` passes or fails for `facts`: as {@link explainCondition} of that rule (its
   * `result` equals the rule's result in {@link CompiledRuleSet.evaluate}).
   * @throws {LoyaltyError} INVALID_ARGUMENT when no rule has this id
   */
  explain(id: string, facts: Facts): ExplainNode;
  /**
   * Rule `id` as a {@link CompiledCondition}: evaluates that rule alone, works with
   * {@link explainCondition}.
   * @throws {LoyaltyError} INVALID_ARGUMENT when no rule has this id
   */
  rule(id: string): CompiledCondition;
}

/** One node of an explanation, see {@link explainCondition}. */
export type ExplainNode = ExplainGroup | ExplainNot | ExplainReference | ExplainLeaf;

interface ExplainBase {
  /** Where this node is in the condition, e.g. `['all', 2, 'any', 0]`. */
  readonly at: readonly PathSegment[];
  /** The node's result; `undefined` when it was not evaluated (short-circuited). */
  readonly result: boolean | undefined;
  /** False when an earlier sibling already decided the parent's result. */
  readonly evaluated: boolean;
}

/** An all/any node with its children in their written order. */
export interface ExplainGroup extends ExplainBase {
  readonly kind: 'all' | 'any';
  readonly children: readonly ExplainNode[];
}

/** A not node. */
export interface ExplainNot extends ExplainBase {
  readonly kind: 'not';
  readonly child: ExplainNode;
}

/** A reference to a shared condition, with the explanation of its target. */
export interface ExplainReference extends ExplainBase {
  readonly kind: 'condition';
  readonly name: string;
  readonly child: ExplainNode;
}

/** A leaf: what was compared with what. */
export interface ExplainLeaf extends ExplainBase {
  readonly kind: 'fact';
  readonly fact: string;
  readonly path?: string;
  readonly operator: string;
  /** The fact value after `path` (undefined when not evaluated or absent). */
  readonly factValue: unknown;
  /** The expected value, after resolving a fact reference. */
  readonly value: unknown;
  /** For item operators: indexes of the items whose nested condition held. */
  readonly matchedItems?: readonly number[];
}
