/**
 * Earning: which rules fire for an event and how many points each gives (DOMAIN.md points 9-11).
 * Candidates are computed exactly (integer ratios), multipliers applied before a single rounding,
 * then stacking groups pick their winners, then caps limit what is granted. Pure: reads the state,
 * never changes it; the engine turns the decisions into ledger entries.
 */
import { LoyaltyError } from '../errors/index.js';
import type { LoyaltyEvent } from '../events/index.js';
import type { CapCount, Explanation, LineRounding, LineShare, MemberState } from '../ledger/index.js';
import { allocateIntegers } from '../money/index.js';
import { ratioToDecimal, roundDivide } from '../points/ratio.js';
import type {
  CompiledAwardRule,
  CompiledCap,
  CompiledMultiplierRule,
  CompiledProgram,
  ZonedCondition,
} from '../program/index.js';
import type { CompiledCondition } from '../rules/index.js';
import {
  addMonthsYmd,
  epochDayOf,
  periodStartDay,
  recurrenceIn,
  ymdOf,
  ymdOfEpochDay,
} from '../time/internal.js';
import { basisComponents, basisKey, lineBasis } from './basis.js';
import { birthdayWeekYear, type EventFacts } from './eventFacts.js';

/** Every {@link RuleOutcomeReason}, in order: for code that enumerates them (catalogues, tests). */
export const RULE_OUTCOME_REASONS = [
  'awarded',
  'capped',
  'notValidNow',
  'conditionFalse',
  'noEligibleLines',
  'zeroPoints',
  'alreadyAwarded',
  'notBirthday',
  'noBirthday',
  'notThisReferral',
  'otherCustomEvent',
  'outranked',
  'multiplierApplied',
  'multiplierNotApplied',
  'circularReferral',
  'velocity',
] as const;

/** Why a rule did or did not award points for an event. */
export type RuleOutcomeReason = (typeof RULE_OUTCOME_REASONS)[number];

/** What happened to one rule for one event (for `engine.explainEvent`). */
export interface RuleOutcome {
  readonly ruleId: string;
  readonly kind: 'spend' | 'items' | 'fixed' | 'multiplier';
  readonly reason: RuleOutcomeReason;
  /** Point units granted (0 unless awarded or capped). */
  readonly points: number;
}

/** An abuse guard that withheld an award. */
export interface GuardHit {
  readonly guard: 'velocity' | 'circularReferral';
  readonly ruleId: string;
  readonly points: number;
  readonly reason: string;
}

/** One award decided for an event. */
export interface AwardDecision {
  readonly rule: CompiledAwardRule;
  readonly requested: number;
  readonly granted: number;
  readonly lines: readonly LineShare[] | null;
  readonly onceKey: string | null;
  readonly caps: readonly CapCount[];
  /** The cap that bound, when `granted < requested`. */
  readonly capped: { readonly capId: string } | null;
  readonly explanation: Explanation;
}

interface Candidate {
  readonly rule: CompiledAwardRule;
  readonly num: bigint;
  readonly den: bigint;
  /** Per-line exact values (line-scope spend rules). */
  readonly perLine: readonly { readonly num: bigint; readonly den: bigint }[] | null;
  /** Weights for splitting the points over lines (basis or counts); null when not line-based. */
  readonly weights: readonly number[] | null;
  readonly onceKey: string | null;
  readonly basis: Explanation['basis'];
  readonly count: number | null;
  requested: number;
  multipliers: CompiledMultiplierRule[];
  mNum: bigint;
  mDen: bigint;
  outranked: string[];
  rounded: readonly number[] | null;
  tierMultiplier: { readonly tierId: string; readonly factor: string } | null;
}

/**
 * Decides the awards of an event.
 *
 * @param program - the program version in force at the event
 * @param state - the member before the event
 * @param event - the parsed event
 * @param f - the event's facts
 * @returns the awards (in rule order) and the outcome of every rule considered
 */
export function decideAwards(
  program: CompiledProgram,
  state: MemberState,
  event: LoyaltyEvent,
  f: EventFacts,
): { readonly awards: AwardDecision[]; readonly outcomes: RuleOutcome[]; readonly guards: GuardHit[] } {
  const outcomes: RuleOutcome[] = [];
  const guards: GuardHit[] = [];
  const rules = rulesFor(program, state, event);
  if (rules.length === 0) return { awards: [], outcomes, guards };
  const t = f.epochMs;
  const holds = (c: ZonedCondition | undefined): boolean => c === undefined || c.forZone(f.zone)(f.facts);
  const bases = new Map<string, number[]>();
  const lineMatches = new Map<CompiledCondition, boolean[]>();
  const matching = (c: ZonedCondition): boolean[] => {
    const compiled = c.forZone(f.zone);
    let m = lineMatches.get(compiled);
    if (m === undefined) {
      m = f.lineFacts().map((line) => compiled(line));
      lineMatches.set(compiled, m);
    }
    return m;
  };
  const scale = 10n ** BigInt(program.precision);

  // 1. candidates
  const candidates: Candidate[] = [];
  for (const rule of rules) {
    if (t < rule.validFromMs || t >= rule.validUntilMs) {
      outcomes.push(notAwarded(rule, 'notValidNow'));
      continue;
    }
    let onceKey: string | null = null;
    if (rule.kind === 'fixed') {
      const gate = gateFixed(program, state, event, rule, f);
      if (gate === 'circularReferral') {
        guards.push({
          guard: 'circularReferral',
          ruleId: rule.id,
          points: rule.units,
          reason: `Member ${state.memberId} was referred by ${state.referredBy ?? ''}, whom this referral names as the new member`,
        });
      }
      if (typeof gate !== 'string' || gate.startsWith('key:')) {
        onceKey = typeof gate === 'string' ? gate.slice(4) : null;
      } else {
        outcomes.push(notAwarded(rule, gate as RuleOutcomeReason));
        continue;
      }
      if (onceKey !== null && Object.hasOwn(state.onceKeys, onceKey)) {
        outcomes.push(notAwarded(rule, 'alreadyAwarded'));
        continue;
      }
    }
    if (!holds(rule.when)) {
      outcomes.push(notAwarded(rule, 'conditionFalse'));
      continue;
    }
    let cand: Candidate | undefined;
    switch (rule.kind) {
      case 'spend': {
        const key = basisKey(rule.basis);
        let basis = bases.get(key);
        if (basis === undefined) {
          basis = lineBasis(f.breakdown(), rule.basis);
          bases.set(key, basis);
        }
        const eligible = rule.lines === undefined ? undefined : matching(rule.lines);
        const weights = eligible === undefined ? basis : basis.map((b, i) => (eligible[i] ? b : 0));
        let amount = 0;
        for (const w of weights) amount += w;
        if (amount <= 0) {
          outcomes.push(notAwarded(rule, eligible === undefined ? 'zeroPoints' : 'noEligibleLines'));
          continue;
        }
        const ids = f.breakdown().lineIds;
        const basisInfo: Explanation['basis'] = {
          amount,
          currency: program.currency,
          lines: basisLines(weights, ids),
          components: basisComponents(rule.basis),
        };
        if (rule.scope === 'line') {
          const perLine = weights.map((w) => exactSpend(rule, w));
          const den = perLine.reduce((d, x) => lcm(d, x.den), 1n);
          const num = perLine.reduce((s, x) => s + x.num * (den / x.den), 0n);
          cand = candidate(rule, num, den, perLine, weights, null, basisInfo, null);
        } else {
          const x = exactSpend(rule, amount);
          cand = candidate(rule, x.num, x.den, null, weights, null, basisInfo, null);
        }
        break;
      }
      case 'items': {
        const eligible = matching(rule.lines);
        const weights =
          event.type === 'purchase'
            ? event.lines.map((l, i) => (eligible[i] ? (rule.per === 'unit' ? l.quantity : 1) : 0))
            : [];
        const count = weights.reduce((a, b) => a + b, 0);
        if (count === 0) {
          outcomes.push(notAwarded(rule, 'noEligibleLines'));
          continue;
        }
        cand = candidate(rule, BigInt(count) * BigInt(rule.units), 1n, null, weights, null, null, count);
        break;
      }
      case 'fixed':
        cand = candidate(rule, BigInt(rule.units), 1n, null, null, onceKey, null, null);
        break;
    }
    if (cand.num === 0n) {
      outcomes.push(notAwarded(rule, 'zeroPoints'));
      continue;
    }
    candidates.push(cand);
  }
  if (candidates.length === 0) return { awards: [], outcomes, guards };

  // 2. multipliers (evaluated once per event, only now that something can be multiplied)
  const firing: CompiledMultiplierRule[] = [];
  for (const mult of program.multipliers) {
    const valid = t >= mult.validFromMs && t < mult.validUntilMs;
    const fires = valid && candidates.some((c) => mult.appliesTo(c.rule)) && holds(mult.when);
    if (fires) firing.push(mult);
    outcomes.push({
      ruleId: mult.id,
      kind: 'multiplier',
      reason: fires ? 'multiplierApplied' : valid ? 'multiplierNotApplied' : 'notValidNow',
      points: 0,
    });
  }
  // The member's tier multiplier (a benefit) applies to spend rules, after base rules, before rounding.
  const tier = state.tier === null ? undefined : program.tiers?.levels.find((t) => t.id === state.tier!.id);
  const tierMultiplier = tier?.multiplier ?? null;
  for (const c of candidates) {
    const chosen = combineMultipliers(
      firing.length === 0 ? firing : firing.filter((m) => m.appliesTo(c.rule)),
      program,
    );
    c.multipliers = chosen.rules;
    c.mNum = chosen.num;
    c.mDen = chosen.den;
    if (tierMultiplier !== null && c.rule.kind === 'spend' && tier !== undefined) {
      c.mNum *= tierMultiplier.num;
      c.mDen *= tierMultiplier.den;
      c.tierMultiplier = {
        tierId: tier.id,
        factor: ratioToDecimal(tierMultiplier.num, tierMultiplier.den).text,
      };
    }
    if (c.perLine !== null) {
      const rounded = c.perLine.map((x) =>
        Number(roundDivide(x.num * c.mNum, x.den * c.mDen, roundingOf(c.rule))),
      );
      c.rounded = rounded;
      c.requested = rounded.reduce((a, b) => a + b, 0);
    } else {
      c.requested = Number(roundDivide(c.num * c.mNum, c.den * c.mDen, roundingOf(c.rule)));
    }
    if (!Number.isSafeInteger(c.requested)) throw tooBig(c.rule);
  }

  // 3. stacking groups (a candidate that rounds to nothing does not compete)
  const positive = candidates.filter((c) => {
    if (c.requested > 0) return true;
    outcomes.push({ ruleId: c.rule.id, kind: c.rule.kind, reason: 'zeroPoints', points: 0 });
    return false;
  });
  const winners = stack(positive, program, outcomes);

  // 4. caps (and the velocity guard: awards per member in any 60 minutes)
  const used = new Map<string, { points: number; count: number }>();
  const minute = Math.floor(f.epochMs / 60_000);
  let velocityLeft = Number.POSITIVE_INFINITY;
  if (program.guards.maxAwardsPerHour !== null) {
    let recent = 0;
    for (const b of state.caps[VELOCITY] ?? []) if (b[0] > minute - 60) recent += b[2];
    velocityLeft = Math.max(0, program.guards.maxAwardsPerHour - recent);
  }
  const awards: AwardDecision[] = [];
  for (const c of winners) {
    let granted = c.requested;
    let binding: CompiledCap | undefined;
    let bindingRemaining = 0;
    const counts: CapCount[] = [];
    for (const cap of program.caps) {
      if (!cap.appliesTo(c.rule)) continue;
      const start = windowStartDay(cap, f.localDay, program);
      const u = usage(state, cap, start, used);
      const remainingPoints =
        cap.units === undefined ? Number.POSITIVE_INFINITY : Math.max(0, cap.units - u.points);
      const countLeft = cap.count === undefined ? true : u.count < cap.count;
      const allowed = countLeft ? Math.min(granted, remainingPoints) : 0;
      if (allowed < granted) {
        granted = allowed;
        binding = cap;
        bindingRemaining = countLeft ? remainingPoints : 0;
      }
      // A lifetime cap keeps one running counter (day 0); windows keep a bucket per local day.
      counts.push(
        Number.isFinite(start)
          ? { capId: cap.id, day: f.localDay, keepFrom: start }
          : { capId: cap.id, day: 0, keepFrom: 0 },
      );
    }
    if (granted > 0 && velocityLeft <= 0) {
      guards.push({
        guard: 'velocity',
        ruleId: c.rule.id,
        points: granted,
        reason: `More than ${program.guards.maxAwardsPerHour} awards within 60 minutes`,
      });
      outcomes.push({ ruleId: c.rule.id, kind: c.rule.kind, reason: 'velocity', points: 0 });
      continue;
    }
    if (granted > 0 && program.guards.maxAwardsPerHour !== null) {
      velocityLeft -= 1;
      counts.push({ capId: VELOCITY, day: minute, keepFrom: minute - 59 });
    }
    if (granted > 0) {
      for (const k of counts) {
        const u = used.get(k.capId) ?? { points: 0, count: 0 };
        used.set(k.capId, { points: u.points + granted, count: u.count + 1 });
      }
    }
    const shares = granted > 0 ? lineShares(c, granted, f) : null;
    const exact = ratioToDecimal(c.num * c.mNum, c.den * c.mDen * scale);
    const lineRounding = c.perLine === null ? null : roundedLines(c, f.breakdown().lineIds, scale);
    const explanation: Explanation = {
      ruleId: c.rule.id,
      ruleKind: c.rule.kind,
      programVersion: program.version,
      timeZone: f.zone,
      group: c.rule.group,
      stacking: { mode: program.groupModes.get(c.rule.group) ?? 'sum', outranked: c.outranked },
      facts: factsRead(c.rule.when, f),
      basis: c.basis,
      rate:
        c.rule.kind === 'spend'
          ? { points: c.rule.rate.points, per: c.rule.rate.per, mode: c.rule.mode }
          : null,
      count: c.count,
      multipliers: [
        ...c.multipliers.map((m) => ({ ruleId: m.id, group: m.group, factor: m.factorText })),
        ...(c.tierMultiplier === null
          ? []
          : [{ ruleId: `tier:${c.tierMultiplier.tierId}`, group: 'tier', factor: c.tierMultiplier.factor }]),
      ],
      unrounded: exact.text,
      exact: exact.exact,
      rounding: roundingOf(c.rule),
      ...(lineRounding === null ? {} : { lineRounding }),
      requested: c.requested,
      granted,
      cap: binding === undefined ? null : { capId: binding.id, remaining: bindingRemaining },
    };
    outcomes.push({
      ruleId: c.rule.id,
      kind: c.rule.kind,
      reason: granted < c.requested ? 'capped' : 'awarded',
      points: granted,
    });
    awards.push({
      rule: c.rule,
      requested: c.requested,
      granted,
      lines: shares,
      onceKey: c.onceKey,
      caps: granted > 0 ? counts : [],
      capped: binding === undefined ? null : { capId: binding.id },
      explanation,
    });
  }
  return { awards, outcomes, guards };
}

/** The lines of a basis that count (a positive amount), with their amounts. */
function basisLines(
  weights: readonly number[],
  ids: readonly string[],
): { readonly lineId: string; readonly amount: number }[] {
  const out: { lineId: string; amount: number }[] = [];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w > 0) out.push({ lineId: ids[i]!, amount: w });
  }
  return out;
}

/** Line-scoped rounding, line by line (lines that earn on a zero basis left out); null for order scope. */
function roundedLines(c: Candidate, lineIds: readonly string[], scale: bigint): LineRounding[] | null {
  if (c.perLine === null || c.rounded === null) return null;
  const out: LineRounding[] = [];
  c.perLine.forEach((x, i) => {
    if ((c.weights?.[i] ?? 0) <= 0) return;
    const d = ratioToDecimal(x.num * c.mNum, x.den * c.mDen * scale);
    out.push({ lineId: lineIds[i]!, unrounded: d.text, exact: d.exact, points: c.rounded![i]! });
  });
  return out;
}

/** The error of an award beyond the safe integers. */
function tooBig(rule: CompiledAwardRule): LoyaltyError {
  return new LoyaltyError('INVALID_POINTS', 'Award out of range', [
    {
      code: 'points_overflow',
      path: ['earning', rule.index],
      message: `Rule ${rule.id} would award more than ${Number.MAX_SAFE_INTEGER} point units`,
    },
  ]);
}

/** The outcome of a rule that gave nothing. */
function notAwarded(rule: CompiledAwardRule, reason: RuleOutcomeReason): RuleOutcome {
  return { ruleId: rule.id, kind: rule.kind, reason, points: 0 };
}

/** The counter of the velocity guard among the cap counters (by minute). */
const VELOCITY = '$velocity';

function candidate(
  rule: CompiledAwardRule,
  num: bigint,
  den: bigint,
  perLine: Candidate['perLine'],
  weights: readonly number[] | null,
  onceKey: string | null,
  basis: Explanation['basis'],
  count: number | null,
): Candidate {
  return {
    rule,
    num,
    den,
    perLine,
    weights,
    onceKey,
    basis,
    count,
    requested: 0,
    multipliers: [],
    mNum: 1n,
    mDen: 1n,
    outranked: [],
    rounded: null,
    tierMultiplier: null,
  };
}

/** The award rules to consider for an event, in evaluation order. */
function rulesFor(
  program: CompiledProgram,
  state: MemberState,
  event: LoyaltyEvent,
): readonly CompiledAwardRule[] {
  switch (event.type) {
    case 'purchase': {
      const base = program.awardsByEvent.purchase;
      if (state.referredBy === null || state.stats.orderCount > 0) return base;
      const referee = program.awardsByEvent.referral.filter(
        (r) => r.kind === 'fixed' && r.referralRole === 'referee' && r.referralTrigger === 'firstPurchase',
      );
      return referee.length === 0 ? base : [...base, ...referee].sort((a, b) => a.order - b.order);
    }
    case 'signup':
    case 'birthday':
    case 'referral':
    case 'custom':
      return program.awardsByEvent[event.type];
    default:
      return [];
  }
}

/**
 * Event-specific gates of fixed rules: returns `key:<onceKey>` (or an empty key) when the rule may
 * fire, else the reason it does not.
 */
function gateFixed(
  program: CompiledProgram,
  state: MemberState,
  event: LoyaltyEvent,
  rule: Extract<CompiledAwardRule, { kind: 'fixed' }>,
  f: EventFacts,
): string | null {
  switch (rule.event) {
    case 'purchase':
      return null;
    case 'signup':
      return `key:${rule.id}:signup`;
    case 'custom':
      return event.type === 'custom' && (rule.customEvent === undefined || rule.customEvent === event.name)
        ? null
        : 'otherCustomEvent';
    case 'referral': {
      if (event.type === 'purchase') return `key:${rule.id}:referee`; // first purchase of a referred member
      if (event.type !== 'referral') return 'notThisReferral';
      const role = event.referrerId === state.memberId ? 'referrer' : 'referee';
      const status = event.status ?? 'signedUp';
      if (role !== rule.referralRole) return 'notThisReferral';
      if (
        program.guards.blockCircularReferrals &&
        ((role === 'referrer' && state.referredBy === event.refereeId) ||
          (role === 'referee' && state.referredBy !== null && state.referredBy !== event.referrerId))
      ) {
        return 'circularReferral';
      }
      const wanted = rule.referralTrigger === 'signup' ? 'signedUp' : 'qualified';
      if (status !== wanted || (role === 'referee' && rule.referralTrigger === 'firstPurchase')) {
        return 'notThisReferral';
      }
      return role === 'referrer' ? `key:${rule.id}:referral:${event.refereeId}` : `key:${rule.id}:referee`;
    }
    case 'birthday': {
      if (state.profile.birthday === null) return 'noBirthday';
      const bd = ymdOf(state.profile.birthday);
      const today = ymdOfEpochDay(f.localDay);
      const occurrence = recurrenceIn(bd, today.year, program.leapDayBirthday);
      let year: number | undefined;
      if (rule.birthdayWindow === 'day') {
        year = occurrence.month === today.month && occurrence.day === today.day ? today.year : undefined;
      } else if (rule.birthdayWindow === 'month') {
        year = occurrence.month === today.month ? today.year : undefined;
      } else {
        year = birthdayWeekYear(bd, f.localDay, program.leapDayBirthday, program.weekStartsOn);
      }
      return year === undefined ? 'notBirthday' : `key:${rule.id}:birthday:${year}`;
    }
  }
}

/** Exact points (in units) of a spend rule for an amount, before multipliers. */
function exactSpend(
  rule: Extract<CompiledAwardRule, { kind: 'spend' }>,
  amount: number,
): { num: bigint; den: bigint } {
  const a = BigInt(amount);
  const per = BigInt(rule.perAmount);
  const upb = rule.unitsPerBlock;
  if (rule.mode === 'proportional') return { num: a * upb.num, den: per * upb.den };
  let blocks = a / per;
  if (rule.mode === 'perStartedBlock' && a % per !== 0n) blocks += 1n;
  return { num: blocks * upb.num, den: upb.den };
}

function roundingOf(
  rule: CompiledAwardRule,
): 'floor' | 'ceil' | 'down' | 'up' | 'halfUp' | 'halfDown' | 'halfEven' {
  return rule.kind === 'spend' ? rule.rounding : 'floor';
}

/** Combines the firing multipliers of one award: per group by its mode, then the groups' product. */
function combineMultipliers(
  applying: readonly CompiledMultiplierRule[],
  program: CompiledProgram,
): { rules: CompiledMultiplierRule[]; num: bigint; den: bigint } {
  if (applying.length === 0) return { rules: [], num: 1n, den: 1n };
  const byGroup = new Map<string, CompiledMultiplierRule[]>();
  for (const m of applying) {
    const list = byGroup.get(m.group);
    if (list === undefined) byGroup.set(m.group, [m]);
    else list.push(m);
  }
  let num = 1n;
  let den = 1n;
  const rules: CompiledMultiplierRule[] = [];
  for (const [group, list] of byGroup) {
    const mode = program.groupModes.get(group) ?? 'multiply';
    let gNum = 1n;
    let gDen = 1n;
    if (mode === 'first') {
      gNum = list[0]!.factor.num;
      gDen = list[0]!.factor.den;
      rules.push(list[0]!);
    } else if (mode === 'max') {
      let best = list[0]!;
      for (const m of list) if (m.factor.num * best.factor.den > best.factor.num * m.factor.den) best = m;
      gNum = best.factor.num;
      gDen = best.factor.den;
      rules.push(best);
    } else if (mode === 'sum') {
      // 1 + sum(factor - 1): "+100%" and "+50%" make 2.5x
      for (const m of list) {
        const d = lcm(gDen, m.factor.den);
        gNum = gNum * (d / gDen) + (m.factor.num - m.factor.den) * (d / m.factor.den);
        gDen = d;
        rules.push(m);
      }
      if (gNum < 0n) gNum = 0n;
    } else {
      for (const m of list) {
        gNum *= m.factor.num;
        gDen *= m.factor.den;
        rules.push(m);
      }
    }
    num *= gNum;
    den *= gDen;
  }
  return { rules, num, den };
}

/** Applies each award group's stacking mode; returns the winners in rule order. */
function stack(candidates: Candidate[], program: CompiledProgram, outcomes: RuleOutcome[]): Candidate[] {
  const byGroup = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byGroup.get(c.rule.group);
    if (list === undefined) byGroup.set(c.rule.group, [c]);
    else list.push(c);
  }
  const winners: Candidate[] = [];
  for (const [group, list] of byGroup) {
    const mode = program.groupModes.get(group) ?? 'sum';
    if (mode === 'sum' || list.length === 1) {
      winners.push(...list);
      continue;
    }
    let best = list[0]!;
    if (mode === 'max') for (const c of list) if (c.requested > best.requested) best = c;
    for (const c of list) {
      if (c === best) continue;
      best.outranked.push(c.rule.id);
      outcomes.push({ ruleId: c.rule.id, kind: c.rule.kind, reason: 'outranked', points: 0 });
    }
    winners.push(best);
  }
  return winners.sort((a, b) => a.rule.order - b.rule.order);
}

/** The first local day of a cap's window containing `today`. */
function windowStartDay(cap: CompiledCap, today: number, program: CompiledProgram): number {
  const w = cap.window;
  switch (w.type) {
    case 'rollingDays':
      return today - w.days + 1;
    case 'rollingMonths': {
      const back = addMonthsYmd(ymdOfEpochDay(today), -w.months);
      return epochDayOf(back.year, back.month, back.day) + 1;
    }
    case 'calendar':
      return periodStartDay(today, w.unit, program.weekStartsOn);
    case 'lifetime':
      return Number.NEGATIVE_INFINITY;
  }
}

/** Points and awards counted toward a cap since `start`, including this event's earlier awards. */
function usage(
  state: MemberState,
  cap: CompiledCap,
  start: number,
  used: ReadonlyMap<string, { points: number; count: number }>,
): { points: number; count: number } {
  let points = 0;
  let count = 0;
  for (const b of state.caps[cap.id] ?? []) {
    if (b[0] >= start) {
      points += b[1];
      count += b[2];
    }
  }
  const now = used.get(cap.id);
  if (now !== undefined) {
    points += now.points;
    count += now.count;
  }
  return { points, count };
}

/** Splits granted points over the purchase lines that earned them (exactly, largest remainder). */
function lineShares(c: Candidate, granted: number, f: EventFacts): LineShare[] | null {
  if (c.weights === null) return null;
  const ids = f.breakdown().lineIds;
  const parts =
    c.rounded !== null && granted === c.requested
      ? c.rounded
      : allocateIntegers(granted, c.rounded ?? c.weights);
  const out: LineShare[] = [];
  parts.forEach((p, i) => {
    if (p !== 0) out.push({ lineId: ids[i]!, points: p });
  });
  return out;
}

/** The values of the facts a rule's condition read, for the explanation. */
function factsRead(when: ZonedCondition | undefined, f: EventFacts): Record<string, unknown> {
  if (when === undefined) return {};
  const out: Record<string, unknown> = {};
  for (const name of when.forZone(f.zone).factNames) {
    if (!Object.hasOwn(f.facts, name)) continue;
    const v = f.facts[name];
    if (typeof v === 'function') {
      const reads = f.reads.get(name);
      if (reads !== undefined) out[name] = { $reads: reads };
    } else if (v !== undefined) {
      out[name] = v; // an absent fact stays absent (undefined is not JSON)
    }
  }
  return out;
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
