/**
 * Program linting (issue 9 item 5): what is valid but probably not what the author meant. Warnings,
 * not errors: `defineProgram` accepts these programs; an admin UI shows the warnings next to the
 * fields. Each check is conservative: it warns only when it can tell for sure from the JSON.
 */
import { guard, type PathSegment } from '../errors/index.js';
import type { Condition } from '../rules/index.js';
import type { CompiledAwardRule, CompiledProgram } from './compileProgram.js';
import { compiledProgramOf } from './defineProgram.js';
import type { Program } from './types.js';

/** One lint warning: a stable code, the path of the field, a sentence. */
export interface LintWarning {
  /**
   * `never_fires`, `ambiguous_stacking`, `cap_never_binds`, `cap_blocks_rule`,
   * `expiry_shorter_than_pending`, `tier_unreachable_under_caps`, `reward_unaffordable`,
   * `reward_not_redeemable`, `time_operator_on_non_instant`.
   */
  readonly code: string;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** `1 month`, `2 months`. */
function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Approximate length of a cap or metric window in days (rolling months as 30 days each). */
function windowDays(w: {
  readonly type: string;
  readonly days?: number;
  readonly months?: number;
  readonly unit?: string;
}): number {
  switch (w.type) {
    case 'rollingDays':
      return w.days ?? 1;
    case 'rollingMonths':
      return (w.months ?? 1) * 30;
    case 'calendar':
      return w.unit === 'year'
        ? 365
        : w.unit === 'quarter'
          ? 91
          : w.unit === 'month'
            ? 30
            : w.unit === 'week'
              ? 7
              : 1;
    case 'anniversaryYear':
      return 365;
    case 'fixedCycle':
      return (w.months ?? 1) * 30;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Leaves `{ fact, path, operator, value }` directly under an `all` (or the root leaf). */
function allLeaves(c: Condition | undefined): Record<string, unknown>[] {
  if (c === undefined) return [];
  const node = c as unknown as Record<string, unknown>;
  if (typeof node['fact'] === 'string') return [node];
  if (Array.isArray(node['all'])) {
    return (node['all'] as unknown[]).filter(
      (x): x is Record<string, unknown> =>
        typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>)['fact'] === 'string',
    );
  }
  return [];
}

/** Every leaf of a condition (under `all`, `any` and `not`, at any depth) with its path inside it. */
function everyLeaf(
  c: unknown,
  at: PathSegment[],
  out: { leaf: Record<string, unknown>; path: PathSegment[] }[] = [],
): { leaf: Record<string, unknown>; path: PathSegment[] }[] {
  if (typeof c !== 'object' || c === null) return out;
  const node = c as Record<string, unknown>;
  if (typeof node['fact'] === 'string') out.push({ leaf: node, path: at });
  for (const key of ['all', 'any'] as const) {
    const list = node[key];
    if (Array.isArray(list))
      list.forEach((x, i) => {
        everyLeaf(x, [...at, key, i], out);
      });
  }
  if (node['not'] !== undefined) everyLeaf(node['not'], [...at, 'not'], out);
  return out;
}

/**
 * The operators that read an instant as their fact (the weekday, hour, date or birthday of the
 * moment, in the program's zone): on anything else they never hold.
 */
const INSTANT_OPERATORS: ReadonlySet<string> = new Set([
  'weekdayIn',
  'hourBetween',
  'dateBetween',
  'isBirthday',
  'inBirthdayWeek',
  'inBirthdayMonth',
]);

/** Built-in facts that are not instants, with what to use instead. */
const NOT_INSTANTS: Readonly<Record<string, string>> = {
  localHour:
    'the local hour as a number 0-23: compare it with greaterThanInclusive / lessThan, or use hourBetween on "occurredAt"',
  localWeekday:
    'the local ISO weekday as a number 1-7: compare it with "in", or use weekdayIn on "occurredAt"',
  localMonth:
    'the local month as a number 1-12: compare it with "in", or use these operators on "occurredAt"',
  localDate: 'the local date "YYYY-MM-DD", not an instant: use these operators on "occurredAt"',
  birthday:
    'the member\'s birthday "YYYY-MM-DD": the birthday operators take "occurredAt" as the fact and the birthday as the value ({ "fact": "birthday" })',
  orderCount: 'a number',
  itemCount: 'a number',
  lifetimePoints: 'a number',
};

/** Why a condition can never hold, when that is plain from its leaves. */
function contradiction(c: Condition | undefined): string | undefined {
  const leaves = allLeaves(c);
  const equal = new Map<string, unknown>();
  for (const l of leaves) {
    const key = `${String(l['fact'])}${l['path'] === undefined ? '' : ` ${String(l['path'])}`}`;
    if (
      (l['operator'] === 'in' || l['operator'] === 'someValue:equal') &&
      Array.isArray(l['value']) &&
      l['value'].length === 0
    ) {
      return `"${key}" must be in an empty list`;
    }
    if (l['operator'] === 'equal' && typeof l['value'] !== 'object') {
      if (equal.has(key) && equal.get(key) !== l['value']) {
        return `"${key}" must equal both ${JSON.stringify(equal.get(key))} and ${JSON.stringify(l['value'])}`;
      }
      equal.set(key, l['value']);
    }
  }
  for (const l of leaves) {
    const key = `${String(l['fact'])}${l['path'] === undefined ? '' : ` ${String(l['path'])}`}`;
    if (l['operator'] === 'notEqual' && equal.has(key) && equal.get(key) === l['value']) {
      return `"${key}" must both equal and not equal ${JSON.stringify(l['value'])}`;
    }
  }
  return undefined;
}

/** Whether a rule has a candidate for every event of its type (no condition that could fail). */
function alwaysFires(r: CompiledAwardRule): boolean {
  if (r.when !== undefined || Number.isFinite(r.validFromMs) || Number.isFinite(r.validUntilMs)) return false;
  if (r.kind === 'fixed') return r.event === 'purchase' || r.event === 'signup';
  return false;
}

/**
 * Lints a valid program: returns warnings (never throws for a valid program), each with a stable
 * code and the path of the field concerned.
 *
 * @param program - a program (validated here if it was not by `defineProgram`)
 * @returns the warnings, in the order of the checks
 * @throws {LoyaltyError} INVALID_PROGRAM when the program is not valid at all
 * @example
 * for (const w of lintProgram(program)) showWarning(w.path, w.message);
 */
export function lintProgram(program: Program): LintWarning[] {
  return guard(() => lint(compiledProgramOf(program)), 'lintProgram');
}

function lint(p: CompiledProgram): LintWarning[] {
  const out: LintWarning[] = [];
  const warn = (code: string, path: PathSegment[], message: string): void => {
    out.push({ code, path, message });
  };
  const awards = p.awards;

  // 1. rules that can never fire
  for (const r of [...awards, ...p.multipliers]) {
    const at: PathSegment[] = ['earning', r.index];
    if (Number.isFinite(p.effectiveFromMs) && r.validUntilMs <= p.effectiveFromMs) {
      warn(
        'never_fires',
        [...at, 'validUntil'],
        `Rule ${r.id} ends before this program version takes effect`,
      );
    }
    const why = contradiction(r.when?.condition);
    if (why !== undefined) warn('never_fires', [...at, 'when'], `Rule ${r.id} can never fire: ${why}`);
  }
  for (const r of awards) {
    if (r.kind === 'items' || r.kind === 'spend') {
      const why = contradiction(r.lines?.condition);
      if (why !== undefined)
        warn('never_fires', ['earning', r.index, 'lines'], `Rule ${r.id} matches no line: ${why}`);
    }
  }
  // time operators on facts that are not instants (the condition never holds)
  for (const r of [...awards, ...p.multipliers]) {
    for (const { leaf, path } of everyLeaf(r.when?.condition, ['earning', r.index, 'when'])) {
      const fact = String(leaf['fact']);
      const operator = String(leaf['operator']);
      if (
        leaf['path'] === undefined &&
        INSTANT_OPERATORS.has(operator) &&
        Object.hasOwn(NOT_INSTANTS, fact) &&
        !p.customFacts.includes(fact)
      ) {
        warn(
          'time_operator_on_non_instant',
          path,
          `Rule ${r.id}: ${operator} reads an instant, but "${fact}" is ${NOT_INSTANTS[fact]}; as written it never holds`,
        );
      }
    }
  }
  // a rule always outranked in a "first" group by an earlier rule that always fires
  const byGroup = new Map<string, CompiledAwardRule[]>();
  for (const r of awards) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  for (const [group, rules] of byGroup) {
    const mode = p.groupModes.get(group) ?? 'sum';
    if (mode === 'first') {
      for (const r of rules) {
        const winner = rules.find(
          (x) => x.order < r.order && x.kind === r.kind && x.event === r.event && alwaysFires(x),
        );
        if (winner !== undefined) {
          warn(
            'never_fires',
            ['earning', r.index],
            `Rule ${r.id} never wins group "${group}" (first): rule ${winner.id} always fires before it`,
          );
        }
      }
    }
    // 2. ambiguous stacking: rules that always fire together in a "sum" group
    if (mode === 'sum') {
      for (let i = 0; i < rules.length; i++) {
        for (let j = i + 1; j < rules.length; j++) {
          const a = rules[i]!;
          const b = rules[j]!;
          if (a.kind !== b.kind || a.event !== b.event || a.wallet !== b.wallet) continue;
          const same = (x?: { condition: Condition }, y?: { condition: Condition }) =>
            JSON.stringify(x?.condition ?? null) === JSON.stringify(y?.condition ?? null);
          const sameLines =
            a.kind === 'fixed' ||
            same(
              (a as { lines?: { condition: Condition } }).lines,
              (b as { lines?: { condition: Condition } }).lines,
            );
          if (
            same(a.when, b.when) &&
            sameLines &&
            a.validFromMs === b.validFromMs &&
            a.validUntilMs === b.validUntilMs
          ) {
            warn(
              'ambiguous_stacking',
              ['earning', b.index],
              `Rules ${a.id} and ${b.id} fire on the same events in group "${group}", which sums them: members get both. Use stacking "max" or "first" if one should win`,
            );
          }
        }
      }
    }
  }

  // 3. caps
  for (const cap of p.caps) {
    const at: PathSegment[] = ['caps', cap.index];
    const applies = awards.filter((r) => cap.appliesTo(r));
    if (applies.length === 0) {
      warn('cap_never_binds', at, `Cap ${cap.id} applies to no enabled rule`);
      continue;
    }
    if (cap.units === 0 || cap.count === 0) {
      for (const r of applies)
        warn('cap_blocks_rule', at, `Cap ${cap.id} allows nothing: rule ${r.id} can never award`);
    }
    const onceOnly = applies.every(
      (r) => r.kind === 'fixed' && (r.event === 'signup' || r.event === 'birthday'),
    );
    if (
      onceOnly &&
      cap.count !== undefined &&
      cap.count >= 1 &&
      (cap.window.type === 'lifetime' || windowDays(cap.window) <= 365)
    ) {
      const perWindow = applies.length;
      if (cap.count >= perWindow && cap.units === undefined) {
        warn(
          'cap_never_binds',
          at,
          `Cap ${cap.id} counts once-a-year awards and allows ${cap.count}: it never limits anything`,
        );
      }
    }
  }

  // 4. expiry shorter than (or barely longer than) pending
  const pendingDays = p.pending?.days ?? 0;
  if (
    p.expiry.mode === 'rolling' &&
    (p.expiry.from ?? 'activated') === 'earned' &&
    p.expiry.months !== undefined &&
    pendingDays >= p.expiry.months * 28
  ) {
    warn(
      'expiry_shorter_than_pending',
      ['expiry', 'months'],
      `Points expire ${count(p.expiry.months, 'month')} after they are earned, but stay pending ${count(pendingDays, 'day')}: some expire before or right after they activate`,
    );
  }

  // caps on every award rule: the most points a member can get per day
  const allRuleCaps = p.caps.filter((c) => c.units !== undefined && awards.every((r) => c.appliesTo(r)));
  const maxPerDay = Math.min(
    ...allRuleCaps.map((c) => (c.window.type === 'lifetime' ? 0 : c.units! / windowDays(c.window))),
    Number.POSITIVE_INFINITY,
  );
  const lifetimeCap = Math.min(
    ...allRuleCaps.filter((c) => c.window.type === 'lifetime').map((c) => c.units!),
    Number.POSITIVE_INFINITY,
  );

  // 5. tiers nobody can reach under the caps (points metrics)
  for (const t of p.tiers?.levels ?? []) {
    for (const th of t.entryThresholds?.thresholds ?? []) {
      const m = p.tiers!.metrics.get(th.metric);
      if (m === undefined || m.kind !== 'points') continue;
      const reachable = Math.min(
        lifetimeCap,
        Number.isFinite(maxPerDay) ? maxPerDay * windowDays(m.window) : Number.POSITIVE_INFINITY,
      );
      if (th.value > reachable && t.entryThresholds?.mode === 'all') {
        warn(
          'tier_unreachable_under_caps',
          ['tiers', 'levels', t.rank, 'entry'],
          `Tier ${t.id} needs ${th.metric} >= ${th.value} but the caps allow at most ${Math.floor(reachable)} points in that window`,
        );
      }
    }
  }

  // 6. rewards
  const expiryDays =
    p.expiry.mode === 'rolling'
      ? (p.expiry.days ?? (p.expiry.months ?? 0) * 30)
      : p.expiry.mode === 'inactivity'
        ? Number.POSITIVE_INFINITY
        : p.expiry.mode === 'calendar'
          ? windowDays({ type: 'calendar', unit: p.expiry.unit }) * ((p.expiry.periodsLater ?? 0) + 1)
          : Number.POSITIVE_INFINITY;
  const holdable = Math.min(lifetimeCap, maxPerDay * expiryDays);
  (p.program.rewards ?? []).forEach((reward, i) => {
    const units = p.rewards.get(reward.id)?.units ?? 0;
    if (units > p.redemption.maxUnits || units % p.redemption.multipleUnits !== 0) {
      warn(
        'reward_not_redeemable',
        ['rewards', i, 'points'],
        `Reward ${reward.id} costs ${units} point units, which the redemption limits (maximum per order, step) do not allow`,
      );
    } else if (units > holdable) {
      warn(
        'reward_unaffordable',
        ['rewards', i, 'points'],
        `Reward ${reward.id} costs ${units} point units, but the caps and expiry let a member hold at most about ${Math.floor(holdable)}`,
      );
    }
  });
  return out;
}
