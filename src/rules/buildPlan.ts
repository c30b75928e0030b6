import { fromZodIssues, LoyaltyError, type LoyaltyIssue, type PathSegment } from '../errors/index.js';
import { localPartsOf } from '../time/index.js';
import { BUILTIN_OPERATORS, DECORATORS, splitOperator } from './builtinOperators.js';
import { DOMAIN_OPERATORS, ITEM_OPERATORS } from './domainOperators.js';
import { parseFactPath } from './factPath.js';
import { FORBIDDEN_NAMES, msg } from './messages.js';
import type { FactRead, ItemsPlan, LeafPlan, Plan } from './plan.js';
import { checkJsonBounds, resolveLimits } from './ruleLimits.js';
import {
  allConditionSchema,
  anyConditionSchema,
  conditionReferenceSchema,
  countItemsValueSchema,
  factConditionSchema,
  factReferenceSchema,
  notConditionSchema,
} from './schema.js';
import type { CompileConditionOptions, OperatorFunction, RuleLimits } from './types.js';

/** @internal The output of {@link buildPlan}. */
export interface BuiltPlan {
  readonly plan: Plan;
  readonly factNames: readonly string[];
  readonly custom: Readonly<Record<string, OperatorFunction>>;
  readonly limits: RuleLimits;
}

/** @internal One condition to build with {@link buildPlans}, and where it is in the caller's input. */
export interface PlanSource {
  readonly condition: unknown;
  /** Prefix of every problem's path, e.g. `['weekend']` for a rule set keyed by id. */
  readonly at: readonly PathSegment[];
}

/** @internal The output of {@link buildPlans}: one plan per source, in order. */
export interface BuiltPlans {
  readonly plans: readonly Plan[];
  /** Per plan: the top-level facts it may read (shared conditions and fact references included). */
  readonly factNames: readonly (readonly string[])[];
  readonly custom: Readonly<Record<string, OperatorFunction>>;
  readonly limits: RuleLimits;
}

/**
 * Shared conditions built by earlier calls with the same shared conditions, known facts, zone and
 * limits (a program's conditions): each is validated and built once, so validating a program costs
 * work linear in its size however often its conditions reference the shared ones.
 * @internal
 */
export interface NamedPlanCache {
  /** By `t:` / `i:` (top-level or item condition) and name; `undefined` when it failed. */
  readonly plans: Map<string, Plan | undefined>;
  /** JSON bounds of shared conditions already checked: `null` when within them, else the error. */
  readonly bounds: Map<string, LoyaltyError | null>;
  /** Shared by the caches of one program (one per set of known facts). */
  readonly shared: SharedWork;
}

/**
 * Work of all the calls sharing it: nodes built plus the inlined size of shared conditions reused,
 * which for conditions that compile is their size with shared conditions inlined. Building stops
 * with a `limit_exceeded` issue once `work` passes `max`.
 * @internal
 */
export interface SharedWork {
  work: number;
  readonly max: number;
  /** How the limit is named in the message, e.g. `ProgramLimits.maxTotalConditionNodes`. */
  readonly name: string;
  exceeded: boolean;
  readonly sizes: Map<Plan, number>;
  readonly heights: Map<Plan, number>;
}

/** @internal The key of the {@link NamedPlanCache} in a compile options object (not public API). */
export const NAMED_PLAN_CACHE: unique symbol = Symbol('loyalty-engine/rules/namedPlanCache');

/** @internal Compile options that may carry a {@link NamedPlanCache}. */
export interface InternalCompileOptions extends CompileConditionOptions {
  readonly [NAMED_PLAN_CACHE]?: NamedPlanCache;
}

/** @internal A new {@link SharedWork} budget. */
export function sharedWork(max: number, name: string): SharedWork {
  return { work: 0, max, name, exceeded: false, sizes: new Map(), heights: new Map() };
}

/** @internal A new, empty {@link NamedPlanCache} counting its work in `shared`. */
export function namedPlanCache(shared: SharedWork): NamedPlanCache {
  return { plans: new Map(), bounds: new Map(), shared };
}

interface Ctx {
  readonly limits: RuleLimits;
  readonly issues: LoyaltyIssue[];
  readonly limitIssues: LoyaltyIssue[];
  readonly named: Readonly<Record<string, unknown>> | undefined;
  readonly namedPlans: Map<string, Plan | undefined>;
  readonly visiting: string[];
  readonly knownFacts: ReadonlySet<string> | undefined;
  readonly custom: Readonly<Record<string, OperatorFunction>>;
  readonly timeZone: string | undefined;
  readonly zoneOk: boolean;
  /** Shared conditions whose JSON bounds were checked (each once, when first referenced). */
  readonly boundsChecked: Set<string>;
  /** Expanded sizes of plans built so far (memo of {@link expandedSize}). */
  readonly sizes: Map<Plan, number>;
  /** Heights of plans built so far (memo of {@link planHeight}). */
  readonly heights: Map<Plan, number>;
  /** Shared conditions built by earlier calls, when the caller passed a cache. */
  readonly cache: NamedPlanCache | undefined;
  /**
   * Nodes of the current source with shared conditions inlined, counted while building: building
   * stops at `maxExpandedNodes`, so the work per source is bounded however shared conditions nest.
   */
  work: number;
  /** Prepended to the path of every problem: where the condition being built is in the input. */
  prefix: readonly PathSegment[];
}

interface TreeCounter {
  nodes: number;
}

const KINDS = ['all', 'any', 'not', 'condition', 'fact'] as const;
const ITEM_DECORATORS = new Set(['not', 'someFact', 'everyFact']);
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function isOperator(ctx: Ctx, name: string): boolean {
  return (
    Object.hasOwn(BUILTIN_OPERATORS, name) ||
    Object.hasOwn(DOMAIN_OPERATORS, name) ||
    ITEM_OPERATORS.includes(name) ||
    Object.hasOwn(ctx.custom, name)
  );
}

function issue(ctx: Ctx, at: readonly PathSegment[], code: string, message: string): void {
  ctx.issues.push({ code, path: [...ctx.prefix, ...at], message });
}

function limitIssue(ctx: Ctx, at: readonly PathSegment[], what: string, max: number): void {
  ctx.limitIssues.push({
    code: 'limit_exceeded',
    path: [...ctx.prefix, ...at],
    message: msg.limit(what, max),
  });
}

/** Counts `n` nodes of work against the shared budget, if any; false (and one issue) past it. */
function spend(ctx: Ctx, n: number, at: readonly PathSegment[]): boolean {
  const shared = ctx.cache?.shared;
  if (shared === undefined) return true;
  shared.work += n;
  if (shared.work <= shared.max) return true;
  if (!shared.exceeded) {
    shared.exceeded = true;
    ctx.limitIssues.push({
      code: 'limit_exceeded',
      path: [...ctx.prefix, ...at],
      message: `All conditions together, shared conditions inlined, exceed the limit of ${shared.max} nodes (${shared.name})`,
    });
  }
  return false;
}

function expandedLimitIssue(ctx: Ctx, at: readonly PathSegment[]): void {
  limitIssue(ctx, at, 'The condition with shared conditions inlined', ctx.limits.maxExpandedNodes);
}

function checkString(ctx: Ctx, s: string, at: readonly PathSegment[]): void {
  if (s.length > ctx.limits.maxStringLength) limitIssue(ctx, at, 'String length', ctx.limits.maxStringLength);
}

function checkFactName(ctx: Ctx, name: string, at: readonly PathSegment[], topLevel: boolean): void {
  checkString(ctx, name, at);
  if (FORBIDDEN_NAMES.has(name)) issue(ctx, at, 'forbidden_name', msg.forbiddenName(name));
  else if (topLevel && ctx.knownFacts !== undefined && !ctx.knownFacts.has(name)) {
    issue(ctx, at, 'unknown_fact', msg.unknownFact(name));
  }
}

/** Validates a JSON value (literal value or params): finite numbers, plain data, limits. */
function checkJsonValue(ctx: Ctx, value: unknown, at: readonly PathSegment[], depth: number): void {
  if (depth > ctx.limits.maxValueDepth) {
    limitIssue(ctx, at, 'Value nesting', ctx.limits.maxValueDepth);
    return;
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
      issue(ctx, at, 'not_finite', msg.notFinite());
    return;
  }
  if (typeof value === 'string') {
    checkString(ctx, value, at);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJsonValue(ctx, value[i], [...at, i], depth + 1);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      issue(ctx, at, 'not_json', 'Values in conditions must be plain JSON data');
      return;
    }
    for (const key of Object.keys(value)) {
      checkString(ctx, key, [...at, key]);
      if (FORBIDDEN_NAMES.has(key)) issue(ctx, [...at, key], 'forbidden_name', msg.forbiddenName(key));
      checkJsonValue(ctx, (value as Record<string, unknown>)[key], [...at, key], depth + 1);
    }
    return;
  }
  issue(ctx, at, 'not_json', `Values in conditions must be plain JSON data, got ${typeof value}`);
}

function parsePath(
  ctx: Ctx,
  path: string | undefined,
  at: readonly PathSegment[],
): readonly string[] | undefined {
  if (path === undefined || path === '') return undefined;
  if (path.length > ctx.limits.maxPathLength) {
    limitIssue(ctx, at, 'Path length', ctx.limits.maxPathLength);
    return undefined;
  }
  const parsed = parseFactPath(path);
  if (!parsed.ok) {
    issue(ctx, at, 'invalid_path', msg.badPath(path, parsed.reason));
    return undefined;
  }
  if (parsed.segments.length > ctx.limits.maxPathSegments) {
    limitIssue(ctx, at, 'Path steps', ctx.limits.maxPathSegments);
  }
  return parsed.segments;
}

function factRead(
  ctx: Ctx,
  fact: string,
  path: string | undefined,
  params: Readonly<Record<string, unknown>> | undefined,
  at: readonly PathSegment[],
  topLevel: boolean,
): FactRead {
  checkFactName(ctx, fact, [...at, 'fact'], topLevel);
  const segments = parsePath(ctx, path, [...at, 'path']);
  if (params !== undefined) checkJsonValue(ctx, params, [...at, 'params'], 1);
  return {
    fact,
    path: path === '' ? undefined : path,
    segments,
    params,
    memoKey: params === undefined ? fact : `${fact}\u0000${JSON.stringify(params)}`,
  };
}

function zodIssues(
  ctx: Ctx,
  result: { success: boolean; error?: { issues: readonly unknown[] } },
  at: readonly PathSegment[],
): boolean {
  if (result.success) return true;
  const issues = fromZodIssues((result.error?.issues ?? []) as Parameters<typeof fromZodIssues>[0], [
    ...ctx.prefix,
    ...at,
  ]);
  ctx.issues.push(...issues);
  return false;
}

function kindOf(node: object): { kinds: string[] } {
  return { kinds: KINDS.filter((k) => Object.hasOwn(node, k)) };
}

function build(
  ctx: Ctx,
  raw: unknown,
  at: readonly PathSegment[],
  depth: number,
  tree: TreeCounter,
  topLevel: boolean,
): Plan | undefined {
  if (depth > ctx.limits.maxDepth) {
    limitIssue(ctx, at, 'Condition nesting', ctx.limits.maxDepth);
    return undefined;
  }
  if (++ctx.work > ctx.limits.maxExpandedNodes) {
    if (ctx.work === ctx.limits.maxExpandedNodes + 1) expandedLimitIssue(ctx, at);
    return undefined;
  }
  if (!spend(ctx, 1, at)) return undefined;
  if (++tree.nodes > ctx.limits.maxNodes) {
    if (tree.nodes === ctx.limits.maxNodes + 1)
      limitIssue(ctx, at, 'Number of condition nodes', ctx.limits.maxNodes);
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issue(
      ctx,
      at,
      'invalid_type',
      msg.notAnObject(raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw),
    );
    return undefined;
  }
  const { kinds } = kindOf(raw);
  if (kinds.length !== 1) {
    issue(
      ctx,
      at,
      'invalid_condition',
      kinds.length === 0 ? msg.notAnObject('an object without any of them') : msg.ambiguousNode(kinds),
    );
    return undefined;
  }
  const kind = kinds[0]!;
  if (kind === 'all' || kind === 'any') {
    const r = (kind === 'all' ? allConditionSchema : anyConditionSchema).safeParse(raw);
    if (!zodIssues(ctx, r, at) || !r.success) return undefined;
    const list = (r.data as unknown as Record<string, unknown[]>)[kind]!;
    if (list.length > ctx.limits.maxArrayLength) {
      limitIssue(ctx, [...at, kind], 'Number of sub-conditions', ctx.limits.maxArrayLength);
      return undefined;
    }
    const children: Plan[] = [];
    let ok = true;
    for (let i = 0; i < list.length; i++) {
      const child = build(ctx, list[i], [...at, kind, i], depth + 1, tree, topLevel);
      if (child === undefined) ok = false;
      else children.push(child);
    }
    if (!ok) return undefined;
    const order = children
      .map((_, i) => i)
      .sort((a, b) => children[b]!.priority - children[a]!.priority || a - b);
    return { kind, at, priority: r.data.priority ?? 1, children, order };
  }
  if (kind === 'not') {
    const r = notConditionSchema.safeParse(raw);
    if (!zodIssues(ctx, r, at) || !r.success) return undefined;
    const child = build(ctx, r.data.not, [...at, 'not'], depth + 1, tree, topLevel);
    return child === undefined ? undefined : { kind: 'not', at, priority: r.data.priority ?? 1, child };
  }
  if (kind === 'condition') {
    const r = conditionReferenceSchema.safeParse(raw);
    if (!zodIssues(ctx, r, at) || !r.success) return undefined;
    const target = buildNamed(ctx, r.data.condition, [...at, 'condition'], depth, topLevel);
    return target === undefined
      ? undefined
      : { kind: 'condition', at, priority: r.data.priority ?? 1, name: r.data.condition, target };
  }
  return buildLeaf(ctx, raw, at, depth, tree, topLevel);
}

function buildNamed(
  ctx: Ctx,
  name: string,
  at: readonly PathSegment[],
  depth: number,
  topLevel: boolean,
): Plan | undefined {
  if (FORBIDDEN_NAMES.has(name)) {
    issue(ctx, at, 'forbidden_name', msg.forbiddenName(name));
    return undefined;
  }
  const named = ctx.named;
  if (named === undefined || !Object.hasOwn(named, name)) {
    issue(ctx, at, 'unknown_condition', msg.unknownConditionRef(name));
    return undefined;
  }
  if (ctx.visiting.includes(name)) {
    issue(ctx, at, 'condition_cycle', msg.cycle([...ctx.visiting.slice(ctx.visiting.indexOf(name)), name]));
    return undefined;
  }
  const key = `${topLevel ? 't' : 'i'}:${name}`;
  const local = ctx.namedPlans.has(key);
  if (local || ctx.cache?.plans.has(key) === true) {
    const known = local ? ctx.namedPlans.get(key) : ctx.cache!.plans.get(key);
    if (known === undefined) {
      if (!local) {
        issue(
          ctx,
          at,
          'invalid_reference',
          `Shared condition "${name}" is invalid (its problems are reported at conditions.${name})`,
        );
      }
      return undefined;
    }
    // Built earlier, maybe at another depth: the reference must still fit the depth and size limits.
    if (depth + planHeight(known, ctx.heights) > ctx.limits.maxDepth) {
      limitIssue(ctx, at, 'Condition nesting', ctx.limits.maxDepth);
      return undefined;
    }
    const before = ctx.work;
    const size = expandedSize(known, ctx.sizes);
    ctx.work += size;
    if (ctx.work > ctx.limits.maxExpandedNodes) {
      if (before <= ctx.limits.maxExpandedNodes) expandedLimitIssue(ctx, at);
      return undefined;
    }
    if (!spend(ctx, size, at)) return undefined;
    return known;
  }
  if (!ctx.boundsChecked.has(name)) {
    ctx.boundsChecked.add(name);
    const checked = ctx.cache?.bounds.get(name);
    if (checked !== undefined && checked !== null) throw checked;
    if (checked === undefined) {
      try {
        checkJsonBounds(named[name], ctx.limits, ['conditions', name]);
        ctx.cache?.bounds.set(name, null);
      } catch (e) {
        if (e instanceof LoyaltyError) ctx.cache?.bounds.set(name, e);
        throw e;
      }
    }
  }
  ctx.visiting.push(name);
  const prefix = ctx.prefix;
  ctx.prefix = []; // problems inside a shared condition are reported at ['conditions', name, ...]
  const limitIssuesBefore = ctx.limitIssues.length;
  const plan = build(ctx, named[name], ['conditions', name], depth + 1, { nodes: 0 }, topLevel);
  ctx.prefix = prefix;
  ctx.visiting.pop();
  ctx.namedPlans.set(key, plan);
  // A failure on a limit may come from where the shared condition was referenced (its depth, the
  // size of the condition referencing it): only successes and failures of its own are cached.
  if (ctx.cache !== undefined && (plan !== undefined || ctx.limitIssues.length === limitIssuesBefore)) {
    ctx.cache.plans.set(key, plan);
  }
  return plan;
}

function buildLeaf(
  ctx: Ctx,
  raw: object,
  at: readonly PathSegment[],
  depth: number,
  tree: TreeCounter,
  topLevel: boolean,
): Plan | undefined {
  const r = factConditionSchema.safeParse(raw);
  if (!Object.hasOwn(raw, 'value')) issue(ctx, [...at, 'value'], 'missing_value', msg.missingKey('value'));
  if (!zodIssues(ctx, r, at) || !r.success || !Object.hasOwn(raw, 'value')) return undefined;
  const data = r.data;
  const before = ctx.issues.length + ctx.limitIssues.length;
  const read = factRead(ctx, data.fact, data.path, data.params, at, topLevel);
  checkString(ctx, data.operator, [...at, 'operator']);
  const split = splitOperator(data.operator, (n) => isOperator(ctx, n));
  if (!split.ok) {
    issue(ctx, [...at, 'operator'], 'unknown_operator', split.message);
    return undefined;
  }
  const { base, decorators } = split;
  const value = (raw as { value: unknown }).value;
  const valueAt = [...at, 'value'];
  let items: ItemsPlan | undefined;
  let valuePlan: LeafPlan['value'];
  const isRef = value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact');
  if (isRef) {
    const vr = factReferenceSchema.safeParse(value);
    if (!zodIssues(ctx, vr, valueAt) || !vr.success) return undefined;
    if (ITEM_OPERATORS.includes(base)) {
      issue(ctx, valueAt, 'invalid_value', msg.itemFactRef(base));
      return undefined;
    }
    valuePlan = {
      kind: 'fact',
      read: factRead(ctx, vr.data.fact, vr.data.path, vr.data.params, valueAt, topLevel),
    };
  } else {
    if (value !== undefined && !ITEM_OPERATORS.includes(base)) checkJsonValue(ctx, value, valueAt, 1);
    valuePlan = { kind: 'literal', value };
  }
  const literal = valuePlan.kind === 'literal';
  // Checks of literal values where json-rules-engine would fail at run time or where a domain operator
  // cannot work: refused at compile time instead.
  const outer = decorators[0];
  if (literal && (outer === 'someValue' || outer === 'everyValue') && !Array.isArray(value)) {
    issue(ctx, valueAt, 'invalid_value', msg.badValue(data.operator, 'an array as its value'));
  }
  if (
    literal &&
    decorators.length === 0 &&
    (base === 'in' || base === 'notIn') &&
    !Array.isArray(value) &&
    typeof value !== 'string'
  ) {
    issue(ctx, valueAt, 'invalid_value', msg.badValue(base, 'an array as its value'));
  }
  if (Object.hasOwn(DOMAIN_OPERATORS, base) && !Object.hasOwn(ctx.custom, base)) {
    const spec = DOMAIN_OPERATORS[base]!;
    if (spec.needsZone && ctx.timeZone === undefined)
      issue(ctx, [...at, 'operator'], 'missing_time_zone', msg.needsZone(base));
    if (literal && decorators.length === 0 && !spec.validate(value)) {
      issue(ctx, valueAt, 'invalid_value', msg.badValue(base, spec.expects));
    }
  }
  if (ITEM_OPERATORS.includes(base) && !Object.hasOwn(ctx.custom, base)) {
    const bad = decorators.find((d) => !ITEM_DECORATORS.has(d));
    if (bad !== undefined) {
      issue(
        ctx,
        [...at, 'operator'],
        'invalid_operator',
        `Decorator "${bad}" cannot be used with "${base}" (only not, someFact, everyFact)`,
      );
      return undefined;
    }
    items = buildItems(ctx, base as ItemsPlan['kind'], value, valueAt, depth, tree);
    if (items === undefined) return undefined;
  }
  if (ctx.issues.length + ctx.limitIssues.length > before) return undefined;
  return {
    kind: 'fact',
    at,
    priority: data.priority ?? 1,
    read,
    operator: data.operator,
    base,
    decorators,
    op: undefined,
    value: valuePlan,
    items,
  };
}

function isNestedRoot(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !Object.hasOwn(v, 'fact') &&
    (Object.hasOwn(v, 'all') ||
      Object.hasOwn(v, 'any') ||
      Object.hasOwn(v, 'not') ||
      Object.hasOwn(v, 'condition'))
  );
}

function buildItems(
  ctx: Ctx,
  kind: ItemsPlan['kind'],
  value: unknown,
  at: readonly PathSegment[],
  depth: number,
  tree: TreeCounter,
): ItemsPlan | undefined {
  if (kind !== 'countItems') {
    if (!isNestedRoot(value)) {
      issue(ctx, at, 'invalid_value', msg.itemValue(kind));
      return undefined;
    }
    const where = build(ctx, value, at, depth + 1, tree, false);
    return where === undefined ? undefined : { kind, where, min: undefined, max: undefined, count: 'lines' };
  }
  const r = countItemsValueSchema.safeParse(value);
  if (!r.success) {
    zodIssues(ctx, r, at);
    issue(ctx, at, 'invalid_value', msg.countValue());
    return undefined;
  }
  const { where: rawWhere, min, max, count } = r.data;
  if (min !== undefined && max !== undefined && min > max) {
    issue(ctx, at, 'invalid_value', 'countItems: min must not exceed max');
    return undefined;
  }
  let where: Plan | undefined;
  if (rawWhere !== undefined) {
    if (!isNestedRoot(rawWhere)) {
      issue(ctx, [...at, 'where'], 'invalid_value', msg.itemValue(kind));
      return undefined;
    }
    where = build(ctx, rawWhere, [...at, 'where'], depth + 1, tree, false);
    if (where === undefined) return undefined;
  }
  return { kind, where, min, max, count: count ?? 'lines' };
}

function checkCustom(
  operators: Readonly<Record<string, OperatorFunction>> | undefined,
): Readonly<Record<string, OperatorFunction>> {
  if (operators === undefined) return EMPTY as Readonly<Record<string, OperatorFunction>>;
  const out: Record<string, OperatorFunction> = Object.create(null);
  for (const name of Object.keys(operators)) {
    const fn = operators[name];
    if (
      name === '' ||
      FORBIDDEN_NAMES.has(name) ||
      Object.hasOwn(BUILTIN_OPERATORS, name) ||
      DECORATORS.includes(name) ||
      typeof fn !== 'function'
    ) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid custom operators', [
        { code: 'invalid_operator', path: ['operators', name], message: msg.badOperatorName(name) },
      ]);
    }
    out[name] = fn;
  }
  return out;
}

function zoneIsValid(zone: string | undefined): boolean {
  if (zone === undefined) return true;
  try {
    localPartsOf('2000-01-01T00:00:00Z', zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a condition and resolves its operators, fact reads and references.
 * @throws {LoyaltyError} LIMIT_EXCEEDED or INVALID_CONDITION with every issue found
 * @internal
 */
export function buildPlan(input: unknown, options: CompileConditionOptions = {}): BuiltPlan {
  const built = buildPlans([{ condition: input, at: [] }], options);
  return {
    plan: built.plans[0]!,
    factNames: built.factNames[0]!,
    custom: built.custom,
    limits: built.limits,
  };
}

/**
 * Validates several conditions that share `options` (shared conditions are validated and built
 * once), reporting every issue of every condition, each path prefixed with its source's `at`.
 * @throws {LoyaltyError} LIMIT_EXCEEDED or INVALID_CONDITION with every issue found
 * @internal
 */
export function buildPlans(
  sources: readonly PlanSource[],
  options: CompileConditionOptions = {},
): BuiltPlans {
  const limits = resolveLimits(options.limits);
  const custom = checkCustom(options.operators);
  for (const source of sources) checkJsonBounds(source.condition, limits, source.at);
  const named = options.conditions as Readonly<Record<string, unknown>> | undefined;
  if (named !== undefined) {
    const names = Object.keys(named);
    if (names.length > limits.maxNamedConditions) {
      throw new LoyaltyError('LIMIT_EXCEEDED', 'Too many shared conditions', [
        {
          code: 'limit_exceeded',
          path: ['conditions'],
          message: msg.limit('Number of shared conditions', limits.maxNamedConditions),
        },
      ]);
    }
  }
  const zone = options.timeZone;
  const cache = (options as InternalCompileOptions)[NAMED_PLAN_CACHE];
  const ctx: Ctx = {
    limits,
    issues: [],
    limitIssues: [],
    named,
    namedPlans: new Map(),
    visiting: [],
    knownFacts: options.knownFacts === undefined ? undefined : new Set(options.knownFacts),
    custom,
    timeZone: zone,
    zoneOk: zoneIsValid(zone),
    boundsChecked: new Set(),
    sizes: cache?.shared.sizes ?? new Map(),
    heights: cache?.shared.heights ?? new Map(),
    cache,
    work: 0,
    prefix: [],
  };
  if (!ctx.zoneOk) {
    throw new LoyaltyError('UNKNOWN_TIME_ZONE', 'Invalid rule options', [
      { code: 'unknown_time_zone', path: ['timeZone'], message: msg.badZone(String(zone)) },
    ]);
  }
  const plans: (Plan | undefined)[] = [];
  for (const source of sources) {
    ctx.prefix = source.at;
    ctx.work = 0;
    plans.push(build(ctx, source.condition, [], 1, { nodes: 0 }, true));
  }
  ctx.prefix = [];
  if (ctx.limitIssues.length > 0)
    throw new LoyaltyError('LIMIT_EXCEEDED', 'Condition exceeds a limit', ctx.limitIssues);
  if (ctx.issues.length > 0 || plans.includes(undefined)) {
    throw new LoyaltyError('INVALID_CONDITION', 'Invalid condition', ctx.issues);
  }
  const sizes = ctx.sizes;
  const built = plans as Plan[];
  for (let i = 0; i < built.length; i++) {
    const expanded = expandedSize(built[i]!, sizes);
    if (expanded > limits.maxExpandedNodes) {
      throw new LoyaltyError('LIMIT_EXCEEDED', 'Condition exceeds a limit', [
        {
          code: 'limit_exceeded',
          path: [...sources[i]!.at],
          message: msg.limit(
            `The condition with shared conditions inlined (${expanded} nodes)`,
            limits.maxExpandedNodes,
          ),
        },
      ]);
    }
  }
  return { plans: built, factNames: built.map(factNamesOf), custom, limits };
}

/** The top-level facts a plan may read, in first-read order (item conditions read item facts). */
function factNamesOf(plan: Plan): readonly string[] {
  const names = new Set<string>();
  const seen = new Set<Plan>();
  const visit = (p: Plan): void => {
    if (seen.has(p)) return;
    seen.add(p);
    switch (p.kind) {
      case 'all':
      case 'any':
        for (const c of p.children) visit(c);
        break;
      case 'not':
        visit(p.child);
        break;
      case 'condition':
        visit(p.target);
        break;
      case 'fact':
        names.add(p.read.fact);
        if (p.value.kind === 'fact') names.add(p.value.read.fact);
        break;
    }
  };
  visit(plan);
  return [...names];
}

/**
 * The nesting depth a plan spans (a leaf is 1), as `build` counts depth: a reference adds a level
 * above its target, an item quantifier one above its nested condition.
 * @internal
 */
export function planHeight(plan: Plan, memo: Map<Plan, number> = new Map()): number {
  const known = memo.get(plan);
  if (known !== undefined) return known;
  let h = 1;
  switch (plan.kind) {
    case 'all':
    case 'any':
      for (const c of plan.children) h = Math.max(h, 1 + planHeight(c, memo));
      break;
    case 'not':
      h = 1 + planHeight(plan.child, memo);
      break;
    case 'condition':
      h = 1 + planHeight(plan.target, memo);
      break;
    case 'fact':
      if (plan.items?.where !== undefined) h = 1 + planHeight(plan.items.where, memo);
      break;
  }
  memo.set(plan, h);
  return h;
}

/**
 * Nodes of a plan with shared conditions inlined (what one evaluation visits at most, item
 * conditions counted once).
 * @internal
 */
export function expandedSize(plan: Plan, memo: Map<Plan, number> = new Map()): number {
  const known = memo.get(plan);
  if (known !== undefined) return known;
  let n = 1;
  switch (plan.kind) {
    case 'all':
    case 'any':
      for (const c of plan.children) n += expandedSize(c, memo);
      break;
    case 'not':
      n += expandedSize(plan.child, memo);
      break;
    case 'condition':
      n += expandedSize(plan.target, memo);
      break;
    case 'fact':
      if (plan.items?.where !== undefined) n += expandedSize(plan.items.where, memo);
      break;
  }
  n = Math.min(n, Number.MAX_SAFE_INTEGER);
  memo.set(plan, n);
  return n;
}
