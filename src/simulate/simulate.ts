/**
 * Backtesting (issue 9 item 1): replay a historical event stream under two programs and compare.
 * The core is pure and replayable, so "what would last year have looked like under the new
 * program?" is a fold of the same events through a second engine. Streaming: memory grows with the
 * number of members (two states each) and the read-ahead (`batchSize` events), never with the
 * length of the stream.
 */
import { createEngine, type Engine, type EnrollInput } from '../engine/index.js';
import { isLoyaltyError, LoyaltyError, type LoyaltyErrorCode } from '../errors/index.js';
import { parseEvent } from '../events/index.js';
import type { MemberState } from '../ledger/index.js';
import { currencyExponent, type Money } from '../money/index.js';
import type { Program } from '../program/index.js';
import { periodKey } from '../time/index.js';

/** What the simulation reports for one program. */
export interface SimulatedArm {
  /** Point units earned (and added by adjustments). */
  readonly issued: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly reversed: number;
  /** Available + pending - debt at the end, over all members. */
  readonly outstanding: number;
  /** The money value of the points issued (at the stated point value), in minor units. */
  readonly issuedValue: Money | null;
  /** The money value of what is outstanding at the end. */
  readonly outstandingValue: Money | null;
  /** Members per tier at the end (when the program has tiers). */
  readonly tiers: Readonly<Record<string, number>>;
  /** Events refused, by error code (e.g. a redemption the candidate's members cannot pay). */
  readonly refused: Readonly<Partial<Record<LoyaltyErrorCode, number>>>;
}

/** One member's difference between the programs (candidate minus current). */
export interface MemberDiff {
  readonly memberId: string;
  readonly issued: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly outstanding: number;
  readonly tier: { readonly current: string | null; readonly candidate: string | null };
}

/** Members per tier at a period's end, under each program. */
export interface TierSnapshot {
  /** The period key in the program's zone, e.g. `2026-03`. */
  readonly period: string;
  readonly current: Readonly<Record<string, number>>;
  readonly candidate: Readonly<Record<string, number>>;
}

/** The result of {@link simulate}. */
export interface SimulationResult {
  readonly events: number;
  readonly members: number;
  readonly current: SimulatedArm;
  readonly candidate: SimulatedArm;
  /** Candidate minus current, over all members. */
  readonly diff: {
    readonly issued: number;
    readonly redeemed: number;
    readonly expired: number;
    readonly outstanding: number;
    /** The change in the value of the points issued (at the point value). */
    readonly cost: Money | null;
  };
  /** Members whose final tier differs, counted by (current, candidate) pair. */
  readonly tierMoves: readonly { readonly from: string; readonly to: string; readonly members: number }[];
  /** Members per tier at the end of each month (program zone), when the programs have tiers. */
  readonly tierHistory: readonly TierSnapshot[];
  /** Per member, sorted by the largest absolute change in points issued, then member id. */
  readonly perMember: readonly MemberDiff[];
}

/** Progress of a long simulation. */
export interface SimulationProgress {
  readonly events: number;
  readonly members: number;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Events in time order, each with a `memberId`; an array, an iterable or an async iterable. */
  readonly events: Iterable<unknown> | AsyncIterable<unknown>;
  readonly programs: {
    readonly current: Program | readonly Program[];
    readonly candidate: Program | readonly Program[];
  };
  /** How to enroll a member first seen in the stream (default: joined at their first event). */
  readonly members?: (
    memberId: string,
    first: { readonly occurredAt: string },
  ) => Omit<EnrollInput, 'memberId'>;
  /** The value of one point unit, e.g. `{ amount: 1, currency: 'CNY' }` (one fen a point). */
  readonly pointValue?: Money;
  /** Advance every member to this instant at the end (expiries, tier period ends). */
  readonly until?: string;
  /** Called every `progressEvery` events (default 10,000). */
  readonly onProgress?: (progress: SimulationProgress) => void;
  readonly progressEvery?: number;
  /**
   * Events read ahead and then applied member by member (default 200,000), month-end tier snapshots
   * included. Memory grows with it (the events held) and the peak heap falls with it (fewer
   * intermediate states outlive a garbage collection); 1 applies each event as it comes.
   * The result does not depend on it. Events are held parsed (copies), so a source may reuse its
   * objects.
   */
  readonly batchSize?: number;
  /** Keep per-member tier snapshots at month ends (default true when the programs have tiers). */
  readonly tierHistory?: boolean;
}

/** Events read ahead by default (see {@link SimulateOptions.batchSize}). */
const DEFAULT_BATCH = 200_000;

interface Pair {
  current: MemberState;
  candidate: MemberState;
  /** The stream position of the member's first event. */
  readonly since: number;
  /** The member's events read ahead, parsed, and their stream positions. */
  queue: unknown[];
  positions: number[];
}

/** A month end met in the stream: tiers as of `at`, for the members seen before position `index`. */
interface MonthEnd {
  readonly period: string;
  readonly at: string;
  readonly index: number;
  readonly current: Record<string, number>;
  readonly candidate: Record<string, number>;
}

/**
 * Replays an event stream under the current and a candidate program, member by member, and returns
 * per-member and aggregate differences: points issued, redeemed, expired and outstanding, their
 * value at a point value, tier moves and the tier distribution at each month end. Deterministic:
 * the same inputs give the same result. Events refused under a program (a redemption its members
 * cannot pay, say) are counted by error code and skipped, under that program only.
 *
 * @throws {LoyaltyError} INVALID_PROGRAM for an invalid program; INVALID_EVENT for an event without
 *   a `memberId` or out of time order across the stream
 * @example
 * const r = await simulate({ events, programs: { current: v1, candidate: v2 }, pointValue: { amount: 1, currency: 'CNY' } });
 * r.diff.cost; // what the candidate costs more (or less) in points, in money
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const current = createEngine(options.programs.current);
  const candidate = createEngine(options.programs.candidate);
  const zone = current.program.timeZone;
  const withTiers = current.program.tiers !== undefined || candidate.program.tiers !== undefined;
  const keepHistory = options.tierHistory ?? withTiers;
  const every = options.progressEvery ?? 10_000;
  const members = new Map<string, Pair>();
  const refused = {
    current: new Map<LoyaltyErrorCode, number>(),
    candidate: new Map<LoyaltyErrorCode, number>(),
  };
  const history: TierSnapshot[] = [];
  let events = 0;
  let lastAt = '';
  let month: string | undefined;

  const snapshot = (period: string, at: string): void => {
    const counts = { current: {} as Record<string, number>, candidate: {} as Record<string, number> };
    for (const pair of members.values()) {
      pair.current = current.advance(pair.current, at).state;
      pair.candidate = candidate.advance(pair.candidate, at).state;
      const a = pair.current.tier?.id;
      const b = pair.candidate.tier?.id;
      if (a !== undefined) counts.current[a] = (counts.current[a] ?? 0) + 1;
      if (b !== undefined) counts.candidate[b] = (counts.candidate[b] ?? 0) + 1;
    }
    history.push({ period, current: counts.current, candidate: counts.candidate });
  };

  const refuse = (arm: 'current' | 'candidate', code: LoyaltyErrorCode): void => {
    const m = refused[arm];
    m.set(code, (m.get(code) ?? 0) + 1);
  };

  const step = (
    engine: Engine,
    state: MemberState,
    event: unknown,
    arm: 'current' | 'candidate',
  ): MemberState => {
    try {
      return engine.apply(state, event).state;
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      refuse(arm, e.code);
      return state;
    }
  };

  // Events are read ahead (up to `batchSize`) and applied member by member, each member's month-end
  // tier snapshots taken between its events: a member's states between two of its events in the
  // same batch die young instead of being promoted and collected later, which is what kept the peak
  // heap at three times the live states. Members are independent and each member goes through the
  // same events and month ends in the same order as when the events are applied one by one, so the
  // result is the same.
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const monthEnds: MonthEnd[] = [];
  let read = 0;
  let queued = 0;
  const monthEnd = (pair: Pair, m: MonthEnd): void => {
    pair.current = current.advance(pair.current, m.at).state;
    pair.candidate = candidate.advance(pair.candidate, m.at).state;
    const a = pair.current.tier?.id;
    const b = pair.candidate.tier?.id;
    if (a !== undefined) m.current[a] = (m.current[a] ?? 0) + 1;
    if (b !== undefined) m.candidate[b] = (m.candidate[b] ?? 0) + 1;
  };
  const flush = (): void => {
    for (const pair of members.values()) {
      if (pair.queue.length === 0 && monthEnds.length === 0) continue;
      // Month ends met before the member's first event do not count it.
      let m = 0;
      while (m < monthEnds.length && monthEnds[m]!.index <= pair.since) m++;
      for (let i = 0; i < pair.queue.length; i++) {
        const position = pair.positions[i]!;
        while (m < monthEnds.length && monthEnds[m]!.index <= position) monthEnd(pair, monthEnds[m++]!);
        const event = pair.queue[i];
        pair.current = step(current, pair.current, event, 'current');
        pair.candidate = step(candidate, pair.candidate, event, 'candidate');
        events += 1;
        if (options.onProgress !== undefined && events % every === 0) {
          options.onProgress({ events, members: members.size });
        }
      }
      while (m < monthEnds.length) monthEnd(pair, monthEnds[m++]!);
      pair.queue = [];
      pair.positions = [];
    }
    for (const m of monthEnds) history.push({ period: m.period, current: m.current, candidate: m.candidate });
    monthEnds.length = 0;
    queued = 0;
  };

  for await (const event of options.events as AsyncIterable<unknown>) {
    const memberId = (event as { memberId?: unknown } | null)?.memberId;
    const occurredAt = (event as { occurredAt?: unknown } | null)?.occurredAt;
    if (typeof memberId !== 'string' || typeof occurredAt !== 'string') {
      throw new LoyaltyError('INVALID_EVENT', 'Invalid event for simulate', [
        {
          code: 'missing_member',
          path: ['events', read, 'memberId'],
          message: 'Each event needs a memberId and an occurredAt',
        },
      ]);
    }
    const at = new Date(Date.parse(occurredAt)).toISOString();
    if (Number.isNaN(Date.parse(occurredAt)) || at < lastAt) {
      throw new LoyaltyError('INVALID_EVENT', 'Events out of order', [
        {
          code: 'out_of_order',
          path: ['events', read, 'occurredAt'],
          message: `simulate needs events in time order: ${occurredAt} comes after ${lastAt}`,
        },
      ]);
    }
    if (keepHistory) {
      const key = periodKey(at, zone, 'month');
      if (month !== undefined && key !== month) {
        // The month just ended: tiers as of its last moment, for the members seen so far.
        monthEnds.push({
          period: month,
          at: new Date(Date.parse(at) - 1).toISOString(),
          index: read,
          current: {},
          candidate: {},
        });
      }
      month = key;
    }
    lastAt = at;
    let pair = members.get(memberId);
    if (pair === undefined) {
      const input = { memberId, joinedAt: at, ...(options.members?.(memberId, { occurredAt: at }) ?? {}) };
      pair = {
        current: current.enroll(input),
        candidate: candidate.enroll(input),
        since: read,
        queue: [],
        positions: [],
      };
      members.set(memberId, pair);
    }
    const position = read;
    read += 1;
    // Parsed once for both programs: the engines take a parsed event as it is, and the two states
    // then share it (an order keeps its purchase) instead of holding a copy each.
    let parsed: unknown;
    try {
      parsed = parseEvent(event);
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      refuse('current', e.code);
      refuse('candidate', e.code);
      events += 1;
      if (options.onProgress !== undefined && events % every === 0) {
        options.onProgress({ events, members: members.size });
      }
      continue;
    }
    pair.queue.push(parsed);
    pair.positions.push(position);
    queued += 1;
    if (queued >= batchSize) flush();
  }
  flush();
  const end = options.until ?? lastAt;
  if (end !== '') {
    for (const pair of members.values()) {
      pair.current = current.advance(pair.current, end).state;
      pair.candidate = candidate.advance(pair.candidate, end).state;
    }
  }
  if (keepHistory && month !== undefined) snapshot(month, end);
  options.onProgress?.({ events, members: members.size });
  return summarize(members, refused, events, history, options.pointValue ?? null);
}

function totalsOf(s: MemberState) {
  const t = s.totals;
  let open = 0;
  for (const lot of s.lots) open += lot.remaining;
  return {
    issued: t.earned + t.adjustedIn,
    redeemed: t.redeemed - t.restored,
    expired: t.expired,
    reversed: t.reversed,
    outstanding: open - s.debt,
  };
}

function pointsValue(points: number, pointValue: Money | null): Money | null {
  if (pointValue === null) return null;
  currencyExponent(pointValue.currency, ['pointValue', 'currency']);
  return { amount: points * pointValue.amount, currency: pointValue.currency };
}

function summarize(
  members: ReadonlyMap<string, Pair>,
  refused: { current: Map<LoyaltyErrorCode, number>; candidate: Map<LoyaltyErrorCode, number> },
  events: number,
  tierHistory: TierSnapshot[],
  pointValue: Money | null,
): SimulationResult {
  const arm = (pick: (p: Pair) => MemberState, refusals: Map<LoyaltyErrorCode, number>): SimulatedArm => {
    let issued = 0;
    let redeemed = 0;
    let expired = 0;
    let reversed = 0;
    let outstanding = 0;
    const tiers: Record<string, number> = {};
    for (const pair of members.values()) {
      const s = pick(pair);
      const t = totalsOf(s);
      issued += t.issued;
      redeemed += t.redeemed;
      expired += t.expired;
      reversed += t.reversed;
      outstanding += t.outstanding;
      if (s.tier !== null) tiers[s.tier.id] = (tiers[s.tier.id] ?? 0) + 1;
    }
    return {
      issued,
      redeemed,
      expired,
      reversed,
      outstanding,
      issuedValue: pointsValue(issued, pointValue),
      outstandingValue: pointsValue(outstanding, pointValue),
      tiers,
      refused: Object.fromEntries([...refusals].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  };
  const a = arm((p) => p.current, refused.current);
  const b = arm((p) => p.candidate, refused.candidate);
  const moves = new Map<string, number>();
  const perMember: MemberDiff[] = [];
  for (const [memberId, pair] of members) {
    const x = totalsOf(pair.current);
    const y = totalsOf(pair.candidate);
    const from = pair.current.tier?.id ?? null;
    const to = pair.candidate.tier?.id ?? null;
    if (from !== to && from !== null && to !== null)
      moves.set(`${from}\u0000${to}`, (moves.get(`${from}\u0000${to}`) ?? 0) + 1);
    perMember.push({
      memberId,
      issued: y.issued - x.issued,
      redeemed: y.redeemed - x.redeemed,
      expired: y.expired - x.expired,
      outstanding: y.outstanding - x.outstanding,
      tier: { current: from, candidate: to },
    });
  }
  perMember.sort(
    (p, q) =>
      Math.abs(q.issued) - Math.abs(p.issued) ||
      (p.memberId < q.memberId ? -1 : p.memberId > q.memberId ? 1 : 0),
  );
  return {
    events,
    members: members.size,
    current: a,
    candidate: b,
    diff: {
      issued: b.issued - a.issued,
      redeemed: b.redeemed - a.redeemed,
      expired: b.expired - a.expired,
      outstanding: b.outstanding - a.outstanding,
      cost: pointsValue(b.issued - a.issued, pointValue),
    },
    tierMoves: [...moves]
      .map(([k, n]) => {
        const [from, to] = k.split('\u0000') as [string, string];
        return { from, to, members: n };
      })
      .sort((p, q) => q.members - p.members || (p.from + p.to < q.from + q.to ? -1 : 1)),
    tierHistory,
    perMember,
  };
}
