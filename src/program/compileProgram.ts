/**
 * Semantic checks and compilation of a program whose shape zod has accepted: every decimal read
 * exactly, every condition compiled, every cross-reference resolved, every problem collected with
 * its path. The result is the engine's internal form of one program version.
 */
import { isLoyaltyError, LoyaltyError, type LoyaltyIssue, type PathSegment } from '../errors/index.js';
import { currencyExponent, isKnownCurrency, parseMoney, type RoundingMode } from '../money/index.js';
import { type PointsPrecision, parsePoints } from '../points/index.js';
import { ONE, type Ratio, ratioOf } from '../points/ratio.js';
import {
  type InternalCompileOptions,
  NAMED_PLAN_CACHE,
  type NamedPlanCache,
  namedPlanCache,
  sharedWork,
} from '../rules/buildPlan.js';
import { type CompiledCondition, type Condition, compileCondition } from '../rules/index.js';
import { isTimeZone } from '../time/index.js';
import { epochOf } from '../time/internal.js';
import { type CompiledTiers, compileTiers } from './compileTiers.js';
import { ENGINE_FACTS, LINE_FACTS, MAX_ACTIVITY_DAYS } from './facts.js';
import { DEFAULT_PROGRAM_LIMITS, type ProgramLimits, programRuleLimits } from './limits.js';
import type { BasisSpec, Cap, Program, StackingMode, ZonedCondition } from './types.js';

export type { BasisSpec, ZonedCondition } from './types.js';

/** Event types an award rule can react to. */
export type AwardEvent = 'purchase' | 'signup' | 'birthday' | 'referral' | 'custom';

interface CompiledRuleBase {
  readonly id: string;
  /** Where awards go: redeemable points, or qualifying value for tiers (multipliers: unused). */
  readonly wallet: 'points' | 'qualifying';
  /** Position in evaluation order (priority descending, then id). */
  readonly order: number;
  /** Index in `program.earning`, for paths in explanations. */
  readonly index: number;
  readonly group: string;
  readonly priority: number;
  readonly campaign: string | undefined;
  readonly validFromMs: number;
  readonly validUntilMs: number;
  readonly when: ZonedCondition | undefined;
}

/** A compiled `spend` rule. */
export interface CompiledSpendRule extends CompiledRuleBase {
  readonly kind: 'spend';
  readonly event: 'purchase';
  /** Points per block as a ratio, in point units (already scaled by the precision). */
  readonly unitsPerBlock: Ratio;
  /** The block in minor units. */
  readonly perAmount: number;
  readonly mode: 'proportional' | 'perFullBlock' | 'perStartedBlock';
  readonly rounding: RoundingMode;
  readonly scope: 'order' | 'line';
  readonly basis: BasisSpec;
  readonly lines: ZonedCondition | undefined;
  readonly rate: { readonly points: string; readonly per: string };
}

/** A compiled `items` rule. */
export interface CompiledItemsRule extends CompiledRuleBase {
  readonly kind: 'items';
  readonly event: 'purchase';
  /** Point units per unit or line. */
  readonly units: number;
  readonly per: 'unit' | 'line';
  readonly lines: ZonedCondition;
}

/** A compiled `fixed` rule. */
export interface CompiledFixedRule extends CompiledRuleBase {
  readonly kind: 'fixed';
  readonly event: AwardEvent;
  readonly units: number;
  readonly customEvent: string | undefined;
  readonly referralRole: 'referrer' | 'referee';
  readonly referralTrigger: 'signup' | 'firstPurchase';
  readonly birthdayWindow: 'day' | 'week' | 'month';
}

/** A compiled award rule. */
export type CompiledAwardRule = CompiledSpendRule | CompiledItemsRule | CompiledFixedRule;

/** A compiled `multiplier` rule. */
export interface CompiledMultiplierRule extends CompiledRuleBase {
  readonly kind: 'multiplier';
  readonly factor: Ratio;
  readonly factorText: string;
  /** Whether it multiplies a given award rule. */
  readonly appliesTo: (rule: CompiledAwardRule) => boolean;
}

/** How pending points activate. */
export interface PendingSpec {
  /** Days pending (a return window); `null` when waiting for `orderCompleted` only. */
  readonly days: number | null;
  /** Waiting for the `orderCompleted` signal (with `maxDays` as the fallback). */
  readonly untilCompleted: boolean;
  readonly appliesTo: (rule: CompiledAwardRule) => boolean;
}

/** The program's expiry policy (the schema's union, as written). */
export type ExpirySpec = NonNullable<Program['expiry']>;

/** A compiled cap. */
export interface CompiledCap {
  readonly id: string;
  readonly index: number;
  readonly units: number | undefined;
  readonly count: number | undefined;
  readonly window: Cap['window'];
  readonly appliesTo: (rule: CompiledAwardRule) => boolean;
}

/** A compiled reward. */
export interface CompiledReward {
  readonly id: string;
  /** Point units it costs; 0 for a reward only given as a gift. */
  readonly units: number;
  readonly kind: 'goods' | 'coupon';
  /** Coupon terms with money in minor units of the program currency. */
  readonly coupon: CouponTerms | null;
  readonly limit: {
    readonly count: number;
    readonly window: NonNullable<Program['rewards']>[number]['limitPerMember'] extends infer L
      ? L extends { window?: infer W }
        ? W | undefined
        : never
      : never;
  } | null;
  /** The tiers a member must hold to redeem it; `null` = every member. */
  readonly eligibleTiers: readonly string[] | null;
}

/** A coupon's terms as issued (money in minor units). */
export interface CouponTerms {
  readonly discount:
    | { readonly type: 'amountOff'; readonly amount: number }
    | { readonly type: 'percentOff'; readonly percent: number; readonly maxAmount: number | null }
    | { readonly type: 'freeShipping' };
  readonly minSpend: number | null;
  readonly validDays: number | null;
  readonly categories: readonly string[] | null;
  readonly currency: string;
}

/** A compiled gift. */
export interface CompiledGift {
  readonly id: string;
  readonly on: 'activation' | 'birthdayMonth' | 'tierReached';
  readonly tierId: string | null;
  readonly rewards: readonly string[];
}

/** The engine's internal form of one program version. */
export interface CompiledProgram {
  readonly program: Program;
  readonly id: string;
  readonly version: number;
  /** When this version takes effect (epoch ms; -Infinity when the program has no `effectiveFrom`). */
  readonly effectiveFromMs: number;
  readonly currency: string;
  readonly exponent: number;
  readonly timeZone: string;
  readonly precision: PointsPrecision;
  readonly weekStartsOn: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  readonly leapDayBirthday: 'feb28' | 'mar1';
  /** Award rules in evaluation order, by the event type they react to. */
  readonly awardsByEvent: Readonly<Record<AwardEvent, readonly CompiledAwardRule[]>>;
  readonly awards: readonly CompiledAwardRule[];
  readonly multipliers: readonly CompiledMultiplierRule[];
  readonly groupModes: ReadonlyMap<string, StackingMode>;
  readonly caps: readonly CompiledCap[];
  readonly rewards: ReadonlyMap<string, CompiledReward>;
  readonly redemption: {
    readonly order: 'expiryFirst' | 'earnedFirst';
    readonly minUnits: number;
    readonly maxUnits: number;
    readonly multipleUnits: number;
    readonly cancellableDays: number;
  };
  readonly recentEvents: number;
  readonly orderRetentionDays: number;
  /** Pending points: by days, or until `orderCompleted` (with an optional fallback in days). */
  readonly pending: PendingSpec | null;
  readonly expiry: ExpirySpec;
  readonly refunds: {
    readonly policy: 'pendingOnly' | 'clampToZero' | 'allowNegative';
    readonly floorUnits: number;
  };
  readonly lateEvents: { readonly mode: 'refuse' | 'rederive'; readonly windowDays: number };
  readonly gifts: readonly CompiledGift[];
  readonly membership: {
    readonly start: 'applied' | 'active';
    readonly verification: boolean;
    readonly accrueWhileSuspended: boolean;
    readonly onClose: 'forfeit' | 'keep';
  };
  readonly guards: {
    readonly maxAwardsPerHour: number | null;
    readonly blockCircularReferrals: boolean;
    readonly noEarningOnPointsPaid: boolean;
    readonly flagRefundAfterRedeem: boolean;
  };
  /** Tiers, metrics and policy; `null` when the program has no tiers. */
  readonly tiers: CompiledTiers | null;
  readonly customFacts: readonly string[];
  /** The longest `spendInWindow` / `ordersInWindow` look-back any condition uses, in days. */
  readonly activityDays: number;
}

const NEVER = Number.POSITIVE_INFINITY;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Top-level arrays whose elements are checked one by one, so a broken one leaves the others checked. */
export type ElementField = 'earning' | 'caps' | 'rewards' | 'gifts';

/**
 * What the shape check left out of a program before its meaning is checked (see `checkShape`):
 * checks that need a left-out part are skipped, so that no problem is reported that fixing the
 * shape would make disappear.
 */
export interface ShapeGaps {
  /** Top-level fields left out, or (`id`, `currency`, `timeZone`) replaced by a placeholder. */
  readonly fields: ReadonlySet<string>;
  /** For arrays some elements of which were left out: the original index of each element kept. */
  readonly kept: Readonly<Partial<Record<ElementField, readonly number[]>>>;
}

/** Options of {@link compileProgram}. */
export interface CompileProgramOptions {
  readonly limits?: ProgramLimits;
  readonly gaps?: ShapeGaps;
}

const NO_GAPS: ShapeGaps = { fields: new Set(), kept: {} };

/**
 * Checks and compiles a program whose shape is valid. Returns the compiled program, or every
 * problem found with its path. With `gaps`, the program is what remains of one whose shape was
 * not valid: paths are mapped back to the elements as written, and checks that need a part that
 * was left out are skipped.
 */
export function compileProgram(
  program: Program,
  options: CompileProgramOptions = {},
): CompiledProgram | LoyaltyIssue[] {
  const limits = options.limits ?? DEFAULT_PROGRAM_LIMITS;
  const gaps = options.gaps ?? NO_GAPS;
  /** A part was left out (wholly or some of its elements): references into it cannot be checked. */
  const partial = (field: string): boolean =>
    gaps.fields.has(field) || gaps.kept[field as ElementField] !== undefined;
  /** The index, as written, of element `i` of a top-level array. */
  const ix = (field: ElementField, i: number): number => gaps.kept[field]?.[i] ?? i;
  const issues: LoyaltyIssue[] = [];
  const add = (path: readonly PathSegment[], code: string, message: string): void => {
    issues.push({ code, path: [...path], message });
  };
  /** Runs a check that throws LoyaltyError, collecting its issues. */
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      for (const i of e.issues) issues.push(i);
      return undefined;
    }
  };

  const currencyOk = !gaps.fields.has('currency') && isKnownCurrency(program.currency);
  if (!currencyOk && !gaps.fields.has('currency')) {
    add(
      ['currency'],
      'unknown_currency',
      `Unknown currency ${JSON.stringify(program.currency)}: use an ISO 4217 code such as "CNY", "USD" or "EUR"`,
    );
  }
  const currency = program.currency;
  const exponent = currencyOk ? currencyExponent(currency) : 2;
  const zoneOk = !gaps.fields.has('timeZone') && isTimeZone(program.timeZone);
  if (!zoneOk && !gaps.fields.has('timeZone')) {
    add(
      ['timeZone'],
      'unknown_time_zone',
      `Unknown time zone ${JSON.stringify(program.timeZone)}: use an IANA name such as "Asia/Shanghai"`,
    );
  }
  const timeZone = zoneOk ? program.timeZone : 'UTC';
  const precision = (program.pointsPrecision ?? 0) as PointsPrecision;
  /** False when the precision was left out: points are then checked as decimals only. */
  const precisionOk = !gaps.fields.has('pointsPrecision');
  const leapDayBirthday = program.leapDayBirthday ?? 'feb28';
  const effectiveFromMs =
    program.effectiveFrom === undefined
      ? Number.NEGATIVE_INFINITY
      : (collect(() => epochOf(program.effectiveFrom, ['effectiveFrom'])) ?? Number.NEGATIVE_INFINITY);
  const customFacts = program.customFacts ?? [];
  // Without the declared facts (left out), conditions are checked without the unknown-fact check.
  const knownFacts = gaps.fields.has('customFacts') ? undefined : [...ENGINE_FACTS, ...customFacts];
  for (const [i, name] of customFacts.entries()) {
    if (ENGINE_FACTS.includes(name)) {
      add(['customFacts', i], 'reserved_fact', `"${name}" is computed by the engine; choose another name`);
    }
  }
  let activityDays = 0;

  const points = (input: string | number, path: readonly PathSegment[]): number | undefined =>
    collect(() => {
      if (!precisionOk) {
        ratioOf(input, 'points', 'INVALID_POINTS', path);
        return undefined;
      }
      const units = parsePoints(input, precision, { path });
      if (units < 0) throw new LoyaltyError('INVALID_PROGRAM', 'Negative points', [negative(path)]);
      return units;
    });
  const decimal = (input: string | number, what: string, path: readonly PathSegment[]): Ratio | undefined =>
    collect(() => {
      const r = ratioOf(input, what, 'INVALID_PROGRAM', path);
      if (r.num < 0n) throw new LoyaltyError('INVALID_PROGRAM', 'Negative', [negative(path)]);
      if (r.num > MAX_SAFE * r.den) {
        throw new LoyaltyError('INVALID_PROGRAM', 'Out of range', [
          {
            code: 'out_of_range',
            path: [...path],
            message: `${what} ${String(input)} is beyond ${Number.MAX_SAFE_INTEGER} (the safe integer range)`,
          },
        ]);
      }
      return r;
    });
  const instantMs = (input: string | undefined, path: readonly PathSegment[], missing: number): number =>
    input === undefined ? missing : (collect(() => epochOf(input, path)) ?? missing);

  const ruleLimits = programRuleLimits(limits);
  // One budget for all the program's conditions (their size with shared conditions inlined, which
  // bounds the work of one event), and shared conditions built once per set of known facts.
  const work = sharedWork(limits.maxTotalConditionNodes, 'ProgramLimits.maxTotalConditionNodes');
  const caches = new Map<readonly string[] | undefined, NamedPlanCache>();
  const zoned = (
    condition: Condition,
    at: readonly PathSegment[],
    facts: readonly string[] | undefined,
  ): ZonedCondition => {
    const options = {
      ...(program.conditions !== undefined ? { conditions: program.conditions } : {}),
      ...(facts !== undefined ? { knownFacts: facts } : {}),
      leapDayBirthday,
      limits: ruleLimits,
    };
    const cache = new Map<string, CompiledCondition>();
    const forZone = (zone: string): CompiledCondition => {
      let c = cache.get(zone);
      if (c === undefined) {
        c = compileCondition(condition, { ...options, timeZone: zone });
        if (cache.size < 64) cache.set(zone, c);
      }
      return c;
    };
    // Validate now, in the program's zone, with paths into the program. Past the budget, the
    // remaining conditions are not compiled (one issue says so).
    if (work.exceeded) return { condition, at, forZone };
    let plans = caches.get(facts);
    if (plans === undefined) {
      plans = namedPlanCache(work);
      caches.set(facts, plans);
    }
    try {
      const validating: InternalCompileOptions = { ...options, timeZone, [NAMED_PLAN_CACHE]: plans };
      cache.set(timeZone, compileCondition(condition, validating));
      activityDays = Math.max(activityDays, lookBack(condition, issues, at));
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      for (const i of e.issues) {
        // Shared conditions left out by the shape check: references to them cannot be checked.
        if (i.code === 'unknown_condition' && gaps.fields.has('conditions')) continue;
        issues.push({
          ...i,
          // Problems inside a shared condition are at its own path, ['conditions', name, ...].
          path: i.path[0] === 'conditions' ? [...i.path] : [...at, ...i.path],
          message: i.message.replace('(see RuleLimits)', '(see ProgramLimits)'),
        });
      }
    }
    return { condition, at, forZone };
  };

  // ---- rules ----
  const rules = program.earning ?? [];
  const seen = new Map<string, number>();
  rules.forEach((r, k) => {
    const i = ix('earning', k);
    if (seen.has(r.id)) {
      add(
        ['earning', i, 'id'],
        'duplicate_id',
        `Rule id "${r.id}" is already used by earning[${seen.get(r.id)}]`,
      );
    } else seen.set(r.id, i);
  });
  const sorted = rules
    .map((rule, k) => ({ rule, index: ix('earning', k) }))
    .filter(({ rule }) => rule.enabled !== false)
    .sort(
      (a, b) =>
        (b.rule.priority ?? 0) - (a.rule.priority ?? 0) ||
        (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0),
    );

  const groupKinds = new Map<string, 'award' | 'multiplier'>();
  const campaigns = new Set<string>();
  const awards: CompiledAwardRule[] = [];
  const multipliers: CompiledMultiplierRule[] = [];
  const pendingAppliesTo: (() => void)[] = [];

  sorted.forEach(({ rule, index }, order) => {
    const at: PathSegment[] = ['earning', index];
    const isMultiplier = rule.kind === 'multiplier';
    const group = rule.group ?? (isMultiplier ? 'multipliers' : 'base');
    const kind = isMultiplier ? 'multiplier' : 'award';
    const known = groupKinds.get(group);
    if (known !== undefined && known !== kind) {
      add(
        [...at, 'group'],
        'mixed_group',
        `Group "${group}" holds both award rules and multipliers; put multipliers in a group of their own`,
      );
    } else groupKinds.set(group, kind);
    if (rule.campaign !== undefined) campaigns.add(rule.campaign);
    const validFromMs = instantMs(rule.validFrom, [...at, 'validFrom'], Number.NEGATIVE_INFINITY);
    const validUntilMs = instantMs(rule.validUntil, [...at, 'validUntil'], NEVER);
    if (validFromMs >= validUntilMs) {
      add([...at, 'validUntil'], 'empty_validity', 'validUntil must be later than validFrom');
    }
    const base = {
      id: rule.id,
      wallet: rule.kind === 'multiplier' ? ('points' as const) : (rule.wallet ?? 'points'),
      order,
      index,
      group,
      priority: rule.priority ?? 0,
      campaign: rule.campaign,
      validFromMs,
      validUntilMs,
      when: rule.when === undefined ? undefined : zoned(rule.when, [...at, 'when'], knownFacts),
    };
    switch (rule.kind) {
      case 'spend': {
        const ratePoints = decimal(rule.rate.points, 'rate points', [...at, 'rate', 'points']);
        const per = currencyOk
          ? collect(() => parseMoney(rule.rate.per, currency, { path: [...at, 'rate', 'per'] }))
          : undefined;
        if (per !== undefined && per.amount <= 0) {
          add(
            [...at, 'rate', 'per'],
            'not_positive',
            'The money block must be greater than zero, e.g. "100.00"',
          );
        }
        awards.push({
          ...base,
          kind: 'spend',
          event: 'purchase',
          unitsPerBlock:
            ratePoints === undefined
              ? ONE
              : { num: ratePoints.num * 10n ** BigInt(precision), den: ratePoints.den },
          perAmount: per !== undefined && per.amount > 0 ? per.amount : 1,
          mode: rule.rate.mode ?? 'proportional',
          rounding: rule.rounding ?? 'floor',
          scope: rule.roundingScope ?? 'order',
          basis: basisSpec(rule.basis, program.guards?.noEarningOnPointsPaid ?? true),
          lines: rule.lines === undefined ? undefined : zoned(rule.lines, [...at, 'lines'], LINE_FACTS),
          rate: { points: String(rule.rate.points), per: String(rule.rate.per) },
        });
        break;
      }
      case 'items':
        awards.push({
          ...base,
          kind: 'items',
          event: 'purchase',
          units: points(rule.points, [...at, 'points']) ?? 0,
          per: rule.per ?? 'unit',
          lines: zoned(rule.lines, [...at, 'lines'], LINE_FACTS),
        });
        break;
      case 'fixed': {
        if (rule.customEvent !== undefined && rule.event !== 'custom') {
          add([...at, 'customEvent'], 'not_applicable', 'customEvent only applies to event "custom"');
        }
        if (rule.referral !== undefined && rule.event !== 'referral') {
          add([...at, 'referral'], 'not_applicable', 'referral only applies to event "referral"');
        }
        if (rule.birthday !== undefined && rule.event !== 'birthday') {
          add([...at, 'birthday'], 'not_applicable', 'birthday only applies to event "birthday"');
        }
        awards.push({
          ...base,
          kind: 'fixed',
          event: rule.event,
          units: points(rule.points, [...at, 'points']) ?? 0,
          customEvent: rule.customEvent,
          referralRole: rule.referral?.role ?? 'referrer',
          referralTrigger: rule.referral?.trigger ?? 'signup',
          birthdayWindow: rule.birthday?.window ?? 'day',
        });
        break;
      }
      case 'multiplier': {
        const factor = decimal(rule.factor, 'multiplier factor', [...at, 'factor']) ?? ONE;
        if (factor.num > 1000n * factor.den) {
          add([...at, 'factor'], 'too_big', 'A multiplier factor must be at most 1000');
        }
        const target = rule.appliesTo;
        const m: { appliesTo: (r: CompiledAwardRule) => boolean } = { appliesTo: (r) => r.kind === 'spend' };
        if (target !== undefined) {
          const kinds = target.kinds === undefined ? undefined : new Set<string>(target.kinds);
          const groups = target.groups === undefined ? undefined : new Set(target.groups);
          const ids = target.rules === undefined ? undefined : new Set(target.rules);
          m.appliesTo = (r) =>
            (kinds === undefined || kinds.has(r.kind)) &&
            (groups === undefined || groups.has(r.group)) &&
            (ids === undefined || ids.has(r.id));
          pendingAppliesTo.push(() => {
            checkRefs(target.rules, [...at, 'appliesTo', 'rules'], 'rule', (x) => awardIds.has(x));
            checkRefs(target.groups, [...at, 'appliesTo', 'groups'], 'award group', (x) =>
              awardGroups.has(x),
            );
          });
        }
        multipliers.push({
          ...base,
          kind: 'multiplier',
          factor,
          factorText: String(rule.factor),
          appliesTo: (r) => m.appliesTo(r),
        });
        break;
      }
    }
  });

  const awardIds = new Set(awards.map((r) => r.id));
  const awardGroups = new Set(awards.map((r) => r.group));
  // With rules left out by the shape check, a reference to a rule, group or campaign may be to one
  // of them: such references are not checked.
  const rulesPartial = partial('earning');
  const checkRefs = (
    list: readonly string[] | undefined,
    path: readonly PathSegment[],
    what: string,
    exists: (x: string) => boolean,
  ): void => {
    if (rulesPartial) return;
    list?.forEach((x, i) => {
      if (!exists(x)) add([...path, i], 'unknown_reference', `No ${what} "${x}" in this program`);
    });
  };
  for (const check of pendingAppliesTo) check();
  for (const [name, shared] of Object.entries(program.conditions ?? {})) {
    activityDays = Math.max(activityDays, lookBack(shared, issues, ['conditions', name]));
  }

  // ---- stacking ----
  const groupModes = new Map<string, StackingMode>();
  for (const [group, kind] of groupKinds) groupModes.set(group, kind === 'award' ? 'sum' : 'multiply');
  for (const [group, mode] of Object.entries(program.stacking ?? {})) {
    const kind = groupKinds.get(group);
    if (kind === undefined) {
      if (!rulesPartial) add(['stacking', group], 'unknown_group', `No rule is in group "${group}"`);
      continue;
    }
    if (kind === 'award' && mode === 'multiply') {
      add(
        ['stacking', group],
        'invalid_mode',
        `"multiply" stacks multipliers; award group "${group}" can use "sum", "max" or "first"`,
      );
      continue;
    }
    groupModes.set(group, mode);
  }

  // ---- caps ----
  const caps: CompiledCap[] = [];
  const capIds = new Set<string>();
  (program.caps ?? []).forEach((cap, k) => {
    const index = ix('caps', k);
    const at: PathSegment[] = ['caps', index];
    if (capIds.has(cap.id)) add([...at, 'id'], 'duplicate_id', `Cap id "${cap.id}" is used twice`);
    capIds.add(cap.id);
    if (cap.points === undefined && cap.count === undefined) {
      add(at, 'empty_cap', 'A cap needs "points", "count" or both');
    }
    const target = cap.appliesTo;
    checkRefs(target?.rules, [...at, 'appliesTo', 'rules'], 'award rule', (x) => awardIds.has(x));
    checkRefs(target?.groups, [...at, 'appliesTo', 'groups'], 'award group', (x) => awardGroups.has(x));
    checkRefs(target?.campaigns, [...at, 'appliesTo', 'campaigns'], 'campaign', (x) => campaigns.has(x));
    const rulesSet = target?.rules === undefined ? undefined : new Set(target.rules);
    const groupsSet = target?.groups === undefined ? undefined : new Set(target.groups);
    const campaignsSet = target?.campaigns === undefined ? undefined : new Set(target.campaigns);
    caps.push({
      id: cap.id,
      index,
      units: cap.points === undefined ? undefined : points(cap.points, [...at, 'points']),
      count: cap.count,
      window: cap.window,
      appliesTo: (r) =>
        (rulesSet === undefined || rulesSet.has(r.id)) &&
        (groupsSet === undefined || groupsSet.has(r.group)) &&
        (campaignsSet === undefined || (r.campaign !== undefined && campaignsSet.has(r.campaign))),
    });
  });

  // ---- rewards and redemption ----
  const rewards = new Map<string, CompiledReward>();
  (program.rewards ?? []).forEach((reward, k) => {
    const at: PathSegment[] = ['rewards', ix('rewards', k)];
    if (rewards.has(reward.id)) add([...at, 'id'], 'duplicate_id', `Reward id "${reward.id}" is used twice`);
    const units = points(reward.points, [...at, 'points']);
    const kind = reward.kind ?? 'goods';
    if (kind === 'coupon' && reward.coupon === undefined) {
      add([...at, 'coupon'], 'missing_coupon', 'A coupon reward needs its coupon terms');
    }
    if (kind !== 'coupon' && reward.coupon !== undefined) {
      add([...at, 'coupon'], 'not_applicable', 'coupon terms need kind: "coupon"');
    }
    const money = (x: string | number | undefined, path: PathSegment[]): number | null =>
      x === undefined || !currencyOk
        ? null
        : (collect(() => parseMoney(x, currency, { path }).amount) ?? null);
    const eligibleTiers = reward.eligibility?.tiers ?? null;
    eligibleTiers?.forEach((tierId, k) => {
      if (!(program.tiers?.levels ?? []).some((t) => t.id === tierId)) {
        add(
          [...at, 'eligibility', 'tiers', k],
          'unknown_reference',
          program.tiers === undefined
            ? `No tier "${tierId}": this program has no tiers`
            : `No tier "${tierId}" in this program`,
        );
      }
    });
    const c = reward.coupon;
    const coupon: CouponTerms | null =
      c === undefined
        ? null
        : {
            discount:
              c.discount.type === 'amountOff'
                ? {
                    type: 'amountOff',
                    amount: money(c.discount.amount, [...at, 'coupon', 'discount', 'amount']) ?? 0,
                  }
                : c.discount.type === 'percentOff'
                  ? {
                      type: 'percentOff',
                      percent: c.discount.percent,
                      maxAmount: money(c.discount.maxAmount, [...at, 'coupon', 'discount', 'maxAmount']),
                    }
                  : { type: 'freeShipping' },
            minSpend: money(c.minSpend, [...at, 'coupon', 'minSpend']),
            validDays: c.validDays ?? null,
            categories: c.categories ?? null,
            currency,
          };
    rewards.set(reward.id, {
      id: reward.id,
      units: units ?? 0,
      kind,
      coupon,
      limit:
        reward.limitPerMember === undefined
          ? null
          : { count: reward.limitPerMember.count, window: reward.limitPerMember.window },
      eligibleTiers,
    });
  });
  const gifts: CompiledGift[] = [];
  const rewardsPartial = partial('rewards');
  (program.gifts ?? []).forEach((g, i) => {
    const at: PathSegment[] = ['gifts', ix('gifts', i)];
    g.rewards.forEach((id, k) => {
      if (!rewards.has(id) && !rewardsPartial)
        add([...at, 'rewards', k], 'unknown_reference', `No reward "${id}" in the catalog`);
    });
    if (g.on === 'tierReached') {
      if (g.tierId === undefined) add([...at, 'tierId'], 'missing_tier', 'A tierReached gift names its tier');
      else if (!partial('tiers') && !(program.tiers?.levels ?? []).some((t) => t.id === g.tierId)) {
        add([...at, 'tierId'], 'unknown_reference', `No tier "${g.tierId}" in this program`);
      }
    } else if (g.tierId !== undefined)
      add([...at, 'tierId'], 'not_applicable', 'tierId applies only to on: "tierReached"');
    gifts.push({ id: g.id, on: g.on, tierId: g.tierId ?? null, rewards: g.rewards });
  });
  const r = program.redemption ?? {};
  const minUnits = r.minPoints === undefined ? 0 : (points(r.minPoints, ['redemption', 'minPoints']) ?? 0);
  const maxUnits =
    r.maxPointsPerOrder === undefined
      ? Number.MAX_SAFE_INTEGER
      : (points(r.maxPointsPerOrder, ['redemption', 'maxPointsPerOrder']) ?? Number.MAX_SAFE_INTEGER);
  const multipleUnits =
    r.multipleOf === undefined ? 1 : (points(r.multipleOf, ['redemption', 'multipleOf']) ?? 1);
  if (minUnits > maxUnits) {
    add(['redemption', 'minPoints'], 'min_above_max', 'minPoints is above maxPointsPerOrder');
  }
  if (multipleUnits === 0)
    add(['redemption', 'multipleOf'], 'not_positive', 'multipleOf must be greater than 0');

  // ---- pending, expiry, refunds, late events ----
  let pendingSpec: PendingSpec | null = null;
  const pend = program.pending;
  if (pend !== undefined) {
    const untilCompleted = pend.until === 'orderCompleted';
    if (pend.days === undefined && !untilCompleted) {
      add(['pending'], 'empty_pending', 'pending needs "days" (a return window) or until: "orderCompleted"');
    }
    if (pend.maxDays !== undefined && !untilCompleted) {
      add(['pending', 'maxDays'], 'not_applicable', 'maxDays applies only with until: "orderCompleted"');
    }
    const t = pend.appliesTo;
    checkRefs(t?.rules, ['pending', 'appliesTo', 'rules'], 'award rule', (x) => awardIds.has(x));
    checkRefs(t?.groups, ['pending', 'appliesTo', 'groups'], 'award group', (x) => awardGroups.has(x));
    const rulesSet = t?.rules === undefined ? undefined : new Set(t.rules);
    const groupsSet = t?.groups === undefined ? undefined : new Set(t.groups);
    const kindsSet = t?.kinds === undefined ? undefined : new Set<string>(t.kinds);
    pendingSpec = {
      // With until: "orderCompleted", the days are the fallback (maxDays, or none).
      days: untilCompleted ? (pend.maxDays ?? null) : (pend.days ?? 0),
      untilCompleted,
      appliesTo: (rule) =>
        rule.event === 'purchase' &&
        (rulesSet === undefined || rulesSet.has(rule.id)) &&
        (groupsSet === undefined || groupsSet.has(rule.group)) &&
        (kindsSet === undefined || kindsSet.has(rule.kind)),
    };
  }
  const expirySpec: ExpirySpec = program.expiry ?? { mode: 'never' };
  if (expirySpec.mode === 'rolling') {
    if ((expirySpec.days === undefined) === (expirySpec.months === undefined)) {
      add(['expiry'], 'days_or_months', 'Rolling expiry needs exactly one of "days" or "months"');
    }
    const pendingDays = pendingSpec?.days ?? 0;
    if (
      !partial('pending') &&
      (expirySpec.from ?? 'activated') === 'earned' &&
      expirySpec.days !== undefined &&
      expirySpec.days <= pendingDays
    ) {
      add(
        ['expiry', 'days'],
        'expires_while_pending',
        `Points would expire (${expirySpec.days} days after earning) before they activate (${pendingDays} days pending)`,
      );
    }
  }
  const refundPolicy = program.refunds?.policy ?? 'clampToZero';
  let floorUnits = Number.NEGATIVE_INFINITY;
  const floorInput = program.refunds?.negativeFloor;
  if (floorInput !== undefined) {
    if (refundPolicy !== 'allowNegative') {
      add(
        ['refunds', 'negativeFloor'],
        'not_applicable',
        'negativeFloor applies only with policy "allowNegative"',
      );
    }
    floorUnits =
      collect(() => parsePoints(floorInput, precision, { path: ['refunds', 'negativeFloor'] })) ?? 0;
    if (floorUnits > 0) {
      add(['refunds', 'negativeFloor'], 'not_negative', 'negativeFloor must be 0 or below, e.g. "-500"');
    }
  }

  const tiers =
    program.tiers === undefined
      ? null
      : compileTiers(
          program.tiers,
          issues,
          zoned,
          (b) => basisSpec(b, program.guards?.noEarningOnPointsPaid ?? true),
          rewardsPartial ? null : new Set(rewards.keys()),
        );
  for (const rule of awards) {
    if (rule.wallet === 'qualifying' && tiers === null && !partial('tiers')) {
      issues.push({
        code: 'no_tiers',
        path: ['earning', rule.index, 'wallet'],
        message: 'Qualifying value only counts for tiers, and this program has none',
      });
    }
  }

  if (issues.length > 0) return issues;

  const awardsByEvent: Record<AwardEvent, CompiledAwardRule[]> = {
    purchase: [],
    signup: [],
    birthday: [],
    referral: [],
    custom: [],
  };
  for (const rule of awards) awardsByEvent[rule.event].push(rule);
  return {
    program,
    id: program.id,
    version: program.version ?? 1,
    effectiveFromMs,
    currency,
    exponent,
    timeZone,
    precision,
    weekStartsOn: (program.weekStartsOn ?? 1) as CompiledProgram['weekStartsOn'],
    leapDayBirthday,
    awardsByEvent,
    awards,
    multipliers,
    groupModes,
    caps,
    rewards,
    redemption: {
      order: r.order ?? 'expiryFirst',
      minUnits,
      maxUnits,
      multipleUnits,
      cancellableDays: r.cancellableDays ?? 365,
    },
    recentEvents: program.idempotency?.recentEvents ?? 1000,
    orderRetentionDays: program.orderRetentionDays ?? 90,
    pending: pendingSpec,
    expiry: expirySpec,
    refunds: { policy: refundPolicy, floorUnits: refundPolicy === 'allowNegative' ? floorUnits : 0 },
    lateEvents: {
      mode: program.lateEvents?.mode ?? 'refuse',
      windowDays: program.lateEvents?.windowDays ?? 7,
    },
    tiers,
    gifts,
    membership: {
      start: program.membership?.start ?? 'active',
      verification: program.membership?.verification ?? false,
      accrueWhileSuspended: program.membership?.accrueWhileSuspended ?? false,
      onClose: program.membership?.onClose ?? 'forfeit',
    },
    guards: {
      maxAwardsPerHour: program.guards?.maxAwardsPerHour ?? null,
      blockCircularReferrals: (program.guards?.circularReferrals ?? 'block') === 'block',
      noEarningOnPointsPaid: program.guards?.noEarningOnPointsPaid ?? true,
      flagRefundAfterRedeem: program.guards?.flagRefundAfterRedeem ?? true,
    },
    customFacts,
    activityDays,
  };
}

/** The basis a rule or metric names, with the defaults (subtotal - discounts - pointsPaid). */
function basisSpec(
  basis:
    | { readonly include?: readonly string[] | undefined; readonly subtract?: readonly string[] | undefined }
    | undefined,
  forcePointsPaid = false,
): BasisSpec {
  const include = new Set(basis?.include ?? ['subtotal']);
  const subtract = new Set(basis?.subtract ?? ['discounts', 'pointsPaid']);
  // Frozen: earning caches what it derives from a spec (its key, its component names).
  return Object.freeze({
    subtotal: include.has('subtotal'),
    tax: include.has('tax'),
    shipping: include.has('shipping'),
    discounts: subtract.has('discounts'),
    giftCards: subtract.has('giftCards'),
    pointsPaid: forcePointsPaid || subtract.has('pointsPaid'),
  });
}

function negative(path: readonly PathSegment[]): LoyaltyIssue {
  return { code: 'negative', path, message: 'Must not be negative' };
}

/**
 * The longest `spendInWindow` / `ordersInWindow` look-back in a condition (`params: { days }`),
 * checking each is a whole number of days from 1 to {@link MAX_ACTIVITY_DAYS}.
 */
function lookBack(condition: Condition, issues: LoyaltyIssue[], at: readonly PathSegment[]): number {
  let max = 0;
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: condition, path: [...at] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const n = node as Record<string, unknown>;
    for (const key of ['all', 'any'] as const) {
      const list = n[key];
      if (Array.isArray(list)) {
        list.forEach((c, i) => {
          stack.push({ node: c, path: [...path, key, i] });
        });
      }
    }
    if (n['not'] !== undefined) stack.push({ node: n['not'], path: [...path, 'not'] });
    const windowed = n['fact'] === 'spendInWindow' || n['fact'] === 'ordersInWindow';
    const check = (ref: Record<string, unknown>, refPath: PathSegment[]): void => {
      const days = (ref['params'] as Record<string, unknown> | undefined)?.['days'];
      if (typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_ACTIVITY_DAYS) {
        max = Math.max(max, days);
      } else {
        issues.push({
          code: 'invalid_params',
          path: [...refPath, 'params', 'days'],
          message: `${String(ref['fact'])} needs params: { days: 1..${MAX_ACTIVITY_DAYS} }`,
        });
      }
    };
    if (windowed) check(n, path);
    const value = n['value'];
    if (
      typeof value === 'object' &&
      value !== null &&
      ((value as Record<string, unknown>)['fact'] === 'spendInWindow' ||
        (value as Record<string, unknown>)['fact'] === 'ordersInWindow')
    ) {
      check(value as Record<string, unknown>, [...path, 'value']);
    }
  }
  return max;
}
