import { isLoyaltyError, LoyaltyError, type PathSegment } from '../errors/index.js';
import { BUILTIN_OPERATORS, decorate } from './builtinOperators.js';
import { DOMAIN_OPERATORS } from './domainOperators.js';
import { resolveFactPath } from './factPath.js';
import { msg } from './messages.js';
import type { FactRead, ItemsPlan, LeafPlan, Plan } from './plan.js';
import type { Facts, OperatorFunction } from './types.js';

/** @internal One evaluation: the facts and the memo of lazy facts computed so far. */
export interface Scope {
  readonly facts: Facts;
  /** True when `facts` is a plain object: its inherited properties are all functions. */
  readonly plain: boolean;
  memo: Map<string, unknown> | undefined;
}

/** @internal Starts an evaluation over `facts`. */
export function scopeOf(facts: Facts): Scope {
  const proto: unknown = Object.getPrototypeOf(facts);
  return { facts, plain: proto === Object.prototype || proto === null, memo: undefined };
}

/** @internal A compiled node. */
export type Evaluator = (scope: Scope) => boolean;

const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_FACTS: Facts = Object.freeze({});

/** @internal Options the compiler needs to build operator functions. */
export interface OperatorContext {
  readonly timeZone: string | undefined;
  readonly leapDayBirthday: 'feb28' | 'mar1';
  readonly custom: Readonly<Record<string, OperatorFunction>>;
}

/**
 * Calls a lazy fact with the read's params (or `{}`): it must return a value synchronously.
 * @throws {LoyaltyError} INVALID_ARGUMENT when it throws or returns a Promise
 * @internal
 */
export function callLazy(read: FactRead, fn: (p: Readonly<Record<string, unknown>>) => unknown): unknown {
  let value: unknown;
  try {
    value = fn(read.params ?? NO_PARAMS);
  } catch (e) {
    if (isLoyaltyError(e)) throw e;
    throw new LoyaltyError(
      'INVALID_ARGUMENT',
      msg.factThrew(read.fact, e instanceof Error ? e.message : String(e)),
      [],
      {
        cause: e,
      },
    );
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  ) {
    throw new LoyaltyError('INVALID_ARGUMENT', msg.asyncFact(read.fact));
  }
  return value;
}

function computeLazy(
  scope: Scope,
  read: FactRead,
  fn: (p: Readonly<Record<string, unknown>>) => unknown,
): unknown {
  let memo = scope.memo;
  if (memo === undefined) {
    memo = new Map();
    scope.memo = memo;
  } else if (memo.has(read.memoKey)) {
    return memo.get(read.memoKey);
  }
  const value = callLazy(read, fn);
  memo.set(read.memoKey, value);
  return value;
}

/** @internal Reads a fact (own property only, lazy facts computed once) and applies its path. */
export function readFact(scope: Scope, read: FactRead): unknown {
  const facts = scope.facts;
  if (!Object.hasOwn(facts, read.fact)) return undefined;
  let value = facts[read.fact];
  if (typeof value === 'function')
    value = computeLazy(scope, read, value as (p: Readonly<Record<string, unknown>>) => unknown);
  return read.segments === undefined ? value : resolveFactPath(value, read.segments);
}

function itemScope(item: unknown): Scope {
  return scopeOf(typeof item === 'object' && item !== null ? (item as Facts) : NO_FACTS);
}

/**
 * @internal What an item adds to `countItems` with `count: 'quantity'`: its finite number
 * `quantity`, 1 when it has none, 0 when it is not an object or its quantity is not a number.
 */
export function itemQuantity(item: unknown): number {
  if (typeof item !== 'object' || item === null) return 0;
  const q = (item as { quantity?: unknown }).quantity;
  if (q === undefined) return 1;
  return typeof q === 'number' && Number.isFinite(q) ? q : 0;
}

function itemOperator(items: ItemsPlan, where: Evaluator | undefined): OperatorFunction {
  const test = where ?? (() => true);
  switch (items.kind) {
    case 'anyItem':
      return (a) => Array.isArray(a) && a.some((it) => test(itemScope(it)));
    case 'everyItem':
      return (a) => Array.isArray(a) && a.every((it) => test(itemScope(it)));
    case 'countItems': {
      const { min, max, count } = items;
      return (a) => {
        if (!Array.isArray(a)) return false;
        let n = 0;
        for (const it of a) if (test(itemScope(it))) n += count === 'quantity' ? itemQuantity(it) : 1;
        return (min === undefined || n >= min) && (max === undefined || n <= max);
      };
    }
  }
}

/** @internal A custom operator: only `true` passes; what it throws becomes INVALID_CONDITION. */
export function customOperator(name: string, fn: OperatorFunction): OperatorFunction {
  return (a, b) => {
    try {
      return fn(a, b) === true;
    } catch (e) {
      if (isLoyaltyError(e)) throw e;
      throw new LoyaltyError(
        'INVALID_CONDITION',
        msg.customThrew(name, e instanceof Error ? e.message : String(e)),
        [],
        {
          cause: e,
        },
      );
    }
  };
}

function baseOperator(leaf: LeafPlan, ctx: OperatorContext, where: Evaluator | undefined): OperatorFunction {
  const name = leaf.base;
  if (Object.hasOwn(ctx.custom, name)) return customOperator(name, ctx.custom[name]!);
  if (Object.hasOwn(BUILTIN_OPERATORS, name)) return BUILTIN_OPERATORS[name]!;
  if (leaf.items !== undefined) return itemOperator(leaf.items, where);
  return domainOperator(name, ctx);
}

/** @internal A domain operator (time, money) bound to the compile options. */
export function domainOperator(name: string, ctx: OperatorContext): OperatorFunction {
  const spec = DOMAIN_OPERATORS[name];
  if (spec === undefined || (spec.needsZone && ctx.timeZone === undefined)) {
    throw new LoyaltyError('INTERNAL', `Operator ${name} was not resolved (a bug in loyalty-engine)`);
  }
  return spec.create({ timeZone: ctx.timeZone ?? 'UTC', leapDayBirthday: ctx.leapDayBirthday });
}

/** @internal Adds the condition path to an error raised while evaluating a leaf. */
export function atLeaf(e: unknown, at: readonly PathSegment[]): unknown {
  if (isLoyaltyError(e)) {
    if (e.issues.length === 1 && e.issues[0]!.path.length === 0 && e.code === 'INVALID_CONDITION') {
      const only = e.issues[0]!;
      return new LoyaltyError(e.code, 'Condition failed at evaluation', [{ ...only, path: [...at] }], {
        cause: e.cause,
      });
    }
    return e;
  }
  return new LoyaltyError(
    'INVALID_CONDITION',
    'Condition failed at evaluation',
    [
      {
        code: 'evaluation_failed',
        path: [...at],
        message: `The values could not be compared: ${e instanceof Error ? e.message : String(e)}`,
      },
    ],
    { cause: e },
  );
}

/**
 * Compiles a plan into a closure tree. Children of all/any run in json-rules-engine's priority
 * order and short-circuit. Every plan node is compiled once (shared conditions included).
 * @internal
 */
export function compilePlan(
  plan: Plan,
  ctx: OperatorContext,
  memo: Map<Plan, Evaluator> = new Map(),
): Evaluator {
  const known = memo.get(plan);
  if (known !== undefined) return known;
  const ev = compileNode(plan, ctx, memo);
  memo.set(plan, ev);
  return ev;
}

function compileNode(plan: Plan, ctx: OperatorContext, memo: Map<Plan, Evaluator>): Evaluator {
  switch (plan.kind) {
    case 'all':
    case 'any': {
      const list = plan.order.map((i) => compilePlan(plan.children[i]!, ctx, memo));
      const all = plan.kind === 'all';
      if (list.length === 0) return () => true;
      if (list.length === 1) return list[0]!;
      if (list.length === 2) {
        const [a, b] = list as [Evaluator, Evaluator];
        return all ? (s) => a(s) && b(s) : (s) => a(s) || b(s);
      }
      if (list.length === 3) {
        const [a, b, c] = list as [Evaluator, Evaluator, Evaluator];
        return all ? (s) => a(s) && b(s) && c(s) : (s) => a(s) || b(s) || c(s);
      }
      return all
        ? (s) => {
            for (let i = 0; i < list.length; i++) if (!list[i]!(s)) return false;
            return true;
          }
        : (s) => {
            for (let i = 0; i < list.length; i++) if (list[i]!(s)) return true;
            return false;
          };
    }
    case 'not': {
      const c = compilePlan(plan.child, ctx, memo);
      return (s) => !c(s);
    }
    case 'condition':
      return compilePlan(plan.target, ctx, memo);
    case 'fact':
      return compileLeaf(plan, ctx, memo);
  }
}

/** @internal Builds (once) and returns the operator function of a leaf. */
export function leafOperator(
  leaf: LeafPlan,
  ctx: OperatorContext,
  memo: Map<Plan, Evaluator>,
): OperatorFunction {
  if (leaf.op !== undefined) return leaf.op;
  const where = leaf.items?.where === undefined ? undefined : compilePlan(leaf.items.where, ctx, memo);
  let op = baseOperator(leaf, ctx, where);
  for (let i = leaf.decorators.length - 1; i >= 0; i--) op = decorate(leaf.decorators[i]!, op, leaf.operator);
  leaf.op = op;
  return op;
}

function compileLeaf(leaf: LeafPlan, ctx: OperatorContext, memo: Map<Plan, Evaluator>): Evaluator {
  const op = leafOperator(leaf, ctx, memo);
  const read = leaf.read;
  const value = leaf.value;
  if (value.kind === 'literal') {
    const expected = value.value;
    if (read.segments === undefined && read.params === undefined) {
      const fact = read.fact;
      // The most common leaf: a plain fact against a literal.
      return (s) => {
        const v = s.facts[fact];
        if (v === undefined) return op(undefined, expected);
        if (s.plain && typeof v !== 'function') return op(v, expected);
        return op(readFact(s, read), expected);
      };
    }
    return (s) => op(readFact(s, read), expected);
  }
  const ref = value.read;
  // json-rules-engine resolves the value and the fact together; order is unobservable for pure facts.
  return (s) => {
    const expected = readFact(s, ref);
    return op(readFact(s, read), expected);
  };
}
