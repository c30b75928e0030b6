/**
 * Tier decisions (DOMAIN.md points 12-14): upgrades as soon as a higher tier's entry condition
 * holds; at the end of a tier period (plus grace), renewal when retention holds, else a downgrade by
 * one step or to the tier still qualified for; manual grants (optionally locked) and revokes; a
 * refund within `refundRevokeDays` of the upgrade it caused revokes it when the member no longer
 * qualifies. Returns tier and benefit entries as data for the engine to number.
 */
import type { MemberState, TierState } from '../ledger/index.js';
import type { CompiledProgram, CompiledTier, CompiledTiers } from '../program/index.js';
import { addDaysIn } from '../time/index.js';
import {
  addMonthsYmd,
  epochDayOf,
  instantOf,
  isoOf,
  localEpochDayOf,
  msOf,
  startOfEpochDay,
  ymdOfEpochDay,
} from '../time/internal.js';
import { metricValues } from './metricValues.js';

/** A tier or benefit entry without the fields every entry has. */
export type TierEffect =
  | {
      readonly type: 'tierChanged';
      readonly from: string;
      readonly to: string;
      readonly reason: 'qualified' | 'periodEnded' | 'granted' | 'revoked' | 'refundRevoked';
      readonly metrics: Readonly<Record<string, number>>;
      readonly since: string;
      readonly until: string | null;
      readonly locked: boolean;
      readonly orderId: string | null;
    }
  | {
      readonly type: 'tierRenewed';
      readonly tier: string;
      readonly until: string;
      readonly metrics: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'benefitGranted' | 'benefitRevoked';
      readonly tierId: string;
      readonly benefit: string;
      readonly value: unknown;
    };

/** The tier a new member starts in. */
export function initialTier(program: CompiledProgram, joinedAt: string): TierState | null {
  const base = program.tiers?.levels[0];
  if (base === undefined) return null;
  return {
    id: base.id,
    since: joinedAt,
    until: null,
    locked: false,
    lockedUntil: null,
    cause: null,
    previous: null,
    floor: null,
  };
}

/** The end of a tier period that starts at `at` (an upgrade or a grant). */
export function periodUntil(tiers: CompiledTiers, at: string, zone: string): string {
  const day = localEpochDayOf(msOf(at), zone);
  const p = tiers.period;
  if (p.type === 'calendarYears') {
    const year = ymdOfEpochDay(day).year + p.years + 1;
    return instantOf(startOfEpochDay(epochDayOf(year, 1, 1), zone));
  }
  const d = addMonthsYmd(ymdOfEpochDay(day), p.months);
  return instantOf(startOfEpochDay(epochDayOf(d.year, d.month, d.day) + 1, zone));
}

/** The end of the period after one that ended at `until` (a renewal, or a step down). */
export function renewedUntil(tiers: CompiledTiers, until: string, zone: string): string {
  const last = localEpochDayOf(msOf(until) - 1, zone);
  const p = tiers.period;
  const d = addMonthsYmd(
    ymdOfEpochDay(last),
    p.type === 'calendarYears' ? 12 * Math.max(1, p.years) : p.months,
  );
  return instantOf(startOfEpochDay(epochDayOf(d.year, d.month, d.day) + 1, zone));
}

/** When the current period's final decision falls: `until` plus the grace days, or null. */
export function periodDue(tiers: CompiledTiers, tier: TierState, zone: string): string | null {
  if (tier.until === null) return null;
  return tiers.graceDays === 0 ? tier.until : addDaysIn(tier.until, tiers.graceDays, zone);
}

/**
 * The next moment the period's end is looked at, for a state whose clock is `clock`: `until` (is
 * retention met at the period's last moment?), then, with grace and while it is not, the end of
 * grace (`firstCheckDone`: the check at `until` was made and kept nothing). Null for open-ended tiers.
 */
export function nextPeriodCheck(
  tiers: CompiledTiers,
  tier: TierState,
  zone: string,
  clock: string,
  firstCheckDone: boolean,
): string | null {
  if (tier.until === null) return null;
  if (tiers.graceDays === 0 || (clock < tier.until && !firstCheckDone)) return tier.until;
  return periodDue(tiers, tier, zone);
}

/** Whether `at` falls in the grace period after the tier's period (retention not met yet). */
function inGrace(tiers: CompiledTiers, tier: TierState, zone: string, at: string): boolean {
  if (tier.until === null || tiers.graceDays === 0 || at < tier.until) return false;
  return at < periodDue(tiers, tier, zone)!;
}

function rankOf(tiers: CompiledTiers, id: string): number {
  const i = tiers.levels.findIndex((t) => t.id === id);
  return Math.max(i, 0); // an unknown tier ranks as the base tier
}

/** The locked grant in force at `at` (see {@link TierState.floor}): its rank and end, or null. */
function floorAt(
  tiers: CompiledTiers,
  tier: TierState,
  at: string,
): { readonly rank: number; readonly until: string | null } | null {
  const f = tier.floor ?? null; // states saved before floors existed have none
  if (f === null || (f.until !== null && at >= f.until)) return null;
  return { rank: rankOf(tiers, f.tierId), until: f.until };
}

function holds(c: CompiledTier['entry'], values: Readonly<Record<string, number>>, zone: string): boolean {
  return c === undefined || c.forZone(zone)(values);
}

/** Benefit entries for a change from one tier to another. */
function benefitEffects(tiers: CompiledTiers, from: string, to: string): TierEffect[] {
  const out: TierEffect[] = [];
  const list = (t: CompiledTier | undefined): [string, unknown][] => {
    if (t === undefined) return [];
    const { custom, ...named } = t.benefits;
    return [
      ...Object.entries(named).filter(([, v]) => v !== undefined),
      ...Object.entries(custom ?? {}).map(([k, v]): [string, unknown] => [`custom.${k}`, v]),
    ];
  };
  const old = tiers.levels.find((t) => t.id === from);
  const next = tiers.levels.find((t) => t.id === to);
  for (const [benefit, value] of list(old))
    out.push({ type: 'benefitRevoked', tierId: from, benefit, value });
  for (const [benefit, value] of list(next)) out.push({ type: 'benefitGranted', tierId: to, benefit, value });
  return out;
}

function change(
  tiers: CompiledTiers,
  from: string,
  to: string,
  reason: Extract<TierEffect, { type: 'tierChanged' }>['reason'],
  values: Readonly<Record<string, number>>,
  since: string,
  until: string | null,
  locked: boolean,
  orderId: string | null,
): TierEffect[] {
  return [
    { type: 'tierChanged', from, to, reason, metrics: values, since, until, locked, orderId },
    ...benefitEffects(tiers, from, to),
  ];
}

/**
 * After an event: an upgrade when a higher tier's entry holds (the highest such tier), or, for a
 * refund of the order that caused a recent upgrade, its revocation when the member no longer
 * qualifies.
 */
export function decideAfterEvent(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  now: string,
  cause: {
    readonly eventId: string | null;
    readonly orderId: string | null;
    readonly refundOf: string | null;
  },
): TierEffect[] {
  const tiers = program.tiers;
  const tier = state.tier;
  if (tiers === null || tier === null) return [];
  const values = metricValues(program, state, zone, now);
  const rank = rankOf(tiers, tier.id);
  for (let k = tiers.levels.length - 1; k > rank; k--) {
    if (holds(tiers.levels[k]!.entry, values, zone)) {
      return change(
        tiers,
        tier.id,
        tiers.levels[k]!.id,
        'qualified',
        values,
        now,
        periodUntil(tiers, now, zone),
        false,
        cause.orderId,
      );
    }
  }
  // In grace: retention met now keeps the tier for another period at once.
  if (rank > 0 && inGrace(tiers, tier, zone, now) && holds(tiers.levels[rank]!.retention, values, zone)) {
    return [
      { type: 'tierRenewed', tier: tier.id, until: renewedUntil(tiers, tier.until!, zone), metrics: values },
    ];
  }
  const c = tier.cause;
  if (
    cause.refundOf !== null &&
    c !== null &&
    c.orderId === cause.refundOf &&
    tiers.refundRevokeDays > 0 &&
    msOf(now) - msOf(c.at) <= tiers.refundRevokeDays * 86_400_000 &&
    !holds(tiers.levels[rank]!.entry, values, zone)
  ) {
    let k = rank - 1;
    while (k > 0 && !holds(tiers.levels[k]!.entry, values, zone)) k--;
    // Never below a locked grant in force: back to it, as granted.
    const floor = floorAt(tiers, tier, now);
    if (floor !== null && floor.rank >= k) {
      if (floor.rank >= rank) return [];
      const to = tiers.levels[floor.rank]!;
      return change(tiers, tier.id, to.id, 'refundRevoked', values, now, floor.until, true, null);
    }
    const to = tiers.levels[Math.max(k, 0)]!;
    return change(
      tiers,
      tier.id,
      to.id,
      'refundRevoked',
      values,
      now,
      to.rank === 0 ? null : periodUntil(tiers, now, zone),
      false,
      null,
    );
  }
  return [];
}

/**
 * At the end of a tier period: renew when retention holds on the metrics as of the period's last
 * moment. With grace, nothing else happens then; retention met during grace renews at once (see
 * {@link decideAfterEvent}), and at the end of grace, failing both checks, the member steps down.
 * Without grace, the step down comes at the period end.
 */
export function decidePeriodEnd(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  at: string,
): TierEffect[] {
  const tiers = program.tiers;
  const tier = state.tier;
  if (tiers === null || tier === null || tier.until === null || at < tier.until) return [];
  const lastMoment = (t: string): string => isoOf(msOf(t) - 1);
  const atEnd = metricValues(program, state, zone, lastMoment(tier.until));
  const atGrace = at === tier.until ? atEnd : metricValues(program, state, zone, lastMoment(at));
  const rank = rankOf(tiers, tier.id);
  const keeps = (c: CompiledTier['retention']): boolean => holds(c, atEnd, zone) || holds(c, atGrace, zone);
  const final = at >= periodDue(tiers, tier, zone)!;
  if (
    rank === 0 ||
    (final ? keeps(tiers.levels[rank]!.retention) : holds(tiers.levels[rank]!.retention, atEnd, zone))
  ) {
    const values = holds(tiers.levels[rank]!.retention, atEnd, zone) ? atEnd : atGrace;
    return [
      { type: 'tierRenewed', tier: tier.id, until: renewedUntil(tiers, tier.until, zone), metrics: values },
    ];
  }
  if (!final) return []; // in grace: wait for its end
  const values = atGrace;
  let k = rank - 1;
  if (tiers.downgrade === 'toQualifying') {
    while (k > 0 && !keeps(tiers.levels[k]!.retention)) k--;
  }
  // Never below a locked grant in force: back to it, as granted.
  const floor = floorAt(tiers, tier, at);
  if (floor !== null && floor.rank >= k && floor.rank < rank) {
    const to = tiers.levels[floor.rank]!;
    return change(tiers, tier.id, to.id, 'periodEnded', values, at, floor.until, true, null);
  }
  const to = tiers.levels[k]!;
  return change(
    tiers,
    tier.id,
    to.id,
    'periodEnded',
    values,
    at,
    to.rank === 0 ? null : renewedUntil(tiers, tier.until, zone),
    false,
    null,
  );
}

/** A manual grant (`lock` keeps it until `until`, or forever without one) or revoke. */
export function decideManual(
  program: CompiledProgram,
  state: MemberState,
  zone: string,
  now: string,
  action:
    | { readonly grant: string; readonly until: string | null; readonly lock: boolean }
    | { readonly revoke: true },
): TierEffect[] {
  const tiers = program.tiers;
  const tier = state.tier;
  if (tiers === null || tier === null) return [];
  const values = metricValues(program, state, zone, now);
  if ('grant' in action) {
    const to = tiers.levels[rankOf(tiers, action.grant)]!;
    const until =
      to.rank === 0 ? null : (action.until ?? (action.lock ? null : periodUntil(tiers, now, zone)));
    return change(tiers, tier.id, to.id, 'granted', values, now, until, action.lock, null);
  }
  let k = tiers.levels.length - 1;
  while (k > 0 && !holds(tiers.levels[k]!.entry, values, zone)) k--;
  const to = tiers.levels[k]!;
  return change(
    tiers,
    tier.id,
    to.id,
    'revoked',
    values,
    now,
    to.rank === 0 ? null : periodUntil(tiers, now, zone),
    false,
    null,
  );
}
