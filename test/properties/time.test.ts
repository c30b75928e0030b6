/**
 * Property tests of time and reversals (issue 6): random valid programs with pending points, every
 * expiry mode, refund policies, late-event modes and program versions (test/arbitraries/program.ts,
 * `time`/`versions`/`tiers` options), and random timed streams for one member: events, refunds,
 * completions, tier grants and calls to `advance` between them, some events late
 * (test/arbitraries/events.ts, `timedStreamArb`). Checked after every step.
 *
 * fast-check prints the counterexample, its seed and path; replay it with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/properties/time.test.ts`. `FC_RUNS` scales the
 * number of programs per property (default 100 for the cheap ones), `FC_SHRINK_MS` bounds shrinking.
 */
import fc from 'fast-check';
import {
  type Decision,
  isLoyaltyError,
  type LedgerEntry,
  type Lot,
  type LoyaltyEvent,
  type MemberState,
  type PointsPrecision,
  type PointTotals,
  type ProgramInput,
  parseEvent,
  parsePoints,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { MEMBER_ID, type TimedStream, timedStreamArb } from '../arbitraries/events.js';
import { type GeneratedProgram, programArb } from '../arbitraries/program.js';
import {
  deepFreeze,
  json,
  nonJson,
  outcomeOf,
  params,
  property,
  REFUSALS,
  roundTrip,
  runs,
} from './harness.js';
import { engineOf, instantsOf, inTimeOrder, simulateTimed, type TimedStep, withoutVersion } from './timed.js';

const retention = fc.constantFrom(undefined, 30, 400);
const programs = fc.oneof(
  programArb({ time: true, versions: true, orderRetentionDays: retention }),
  programArb({ time: true, versions: true, tiers: true, orderRetentionDays: retention }),
);
const scenario = programs.chain((program) => timedStreamArb(program).map((stream) => ({ program, stream })));
/** Indices into the instants worth advancing to (`instantsOf`), one pair per step (cycled). */
const picks = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 16, maxLength: 16 });

/** The version of a program in force at an instant. */
function versionAt(versions: readonly ProgramInput[], at: string): ProgramInput {
  let v = versions[0]!;
  for (const x of versions) {
    if (x.effectiveFrom === undefined || Date.parse(x.effectiveFrom) <= Date.parse(at)) v = x;
  }
  return v;
}

const ZERO: PointTotals = {
  earned: 0,
  adjustedIn: 0,
  adjustedOut: 0,
  redeemed: 0,
  restored: 0,
  expired: 0,
  reversed: 0,
};

/** Point movements of a ledger, summed from its entries (a re-derivation restarts from its state). */
function ledgerTotals(entries: readonly LedgerEntry[]): PointTotals {
  let t = { ...ZERO };
  for (const e of entries) {
    switch (e.type) {
      case 'stateRederived':
        t = { ...e.state.totals };
        break;
      case 'pointsEarned':
        t.earned += e.points;
        break;
      case 'pointsAdjusted':
        if (e.points > 0) t.adjustedIn += e.points;
        else t.adjustedOut -= e.points;
        break;
      case 'pointsRedeemed':
        t.redeemed += e.points;
        break;
      case 'redemptionCancelled':
        t.restored += e.points;
        break;
      case 'pointsExpired':
        t.expired += e.points;
        break;
      case 'pointsReversed':
        t.reversed += e.points;
        break;
      default:
        break;
    }
  }
  return t;
}

const net = (t: PointTotals): number =>
  t.earned + t.adjustedIn + t.restored - t.redeemed - t.adjustedOut - t.expired - t.reversed;

/** Whether a lot's points can be spent at an instant (available and not expired). */
const usable = (lot: Lot, at: string): boolean =>
  lot.availableAt !== null && lot.availableAt <= at && (lot.expiresAt === null || lot.expiresAt > at);

/** The parsed event of a step, or undefined (an advance, or an event that does not parse). */
function parsed(step: TimedStep): LoyaltyEvent | undefined {
  if (!('event' in step.step)) return undefined;
  try {
    return parseEvent(step.step.event);
  } catch {
    return undefined;
  }
}

/** The error code and first issue code of a refusal. */
const codeOf = (error: unknown): string =>
  isLoyaltyError(error) ? `${error.code}:${error.issues[0]?.code ?? ''}` : String(error);

/** Types of the entries the passing of time writes. */
const TIME_EFFECTS = new Set([
  'pointsActivated',
  'pointsExpired',
  'tierChanged',
  'tierRenewed',
  'benefitGranted',
  'benefitRevoked',
]);

describe('time and reversals: random programs x random timed streams', () => {
  test('the generators reach every time effect, refund path, refusal and program version', () => {
    const seen = new Map<string, number>();
    const tally = (what: string): void => {
      seen.set(what, (seen.get(what) ?? 0) + 1);
    };
    for (const { program, stream } of fc.sample(scenario, { numRuns: 150, seed: 2026 })) {
      const first = program.versions[0]!.version ?? 1;
      simulateTimed(program.versions, stream, ({ step, result, error, before }) => {
        if (error !== undefined) tally(`refused ${codeOf(error)}`);
        if ('advanceTo' in step && (result?.effects.length ?? 0) > 0) tally('advance with effects');
        for (const e of result?.effects ?? []) {
          tally(e.type);
          if (e.programVersion > first) tally('entry of a later version');
          if (e.type === 'pointsActivated') tally(`activated: ${e.reason}`);
          if (e.type === 'pointsExpired') tally(`expired: ${e.reason}`);
          if (e.type === 'tierChanged') tally(`tier: ${e.reason}`);
          if (e.type === 'pointsReversed') {
            if (e.debt > 0) tally('reversed into debt');
            if (e.shortfall > 0) tally('reversed with a shortfall');
            if (e.allocations.some((a) => a.lotId !== e.awardLotId)) tally('reversed from other lots');
            const own = before.lots.find((l) => l.id === e.awardLotId);
            if (own !== undefined && !usable(own, e.occurredAt)) tally('reversed pending points');
          }
          if (e.type === 'eventApplied' && e.refund !== null)
            tally(e.refund.full ? 'full refund' : 'partial refund');
          if (e.type === 'pointsEarned' && e.debtRepaid > 0) tally('earning repaid a debt');
        }
      });
    }
    const expected = [
      'advance with effects',
      'entry of a later version',
      'activated: windowPassed',
      'activated: orderCompleted',
      'expired: lotExpired',
      'expired: inactivity',
      'pointsReversed',
      'reversed into debt',
      'reversed with a shortfall',
      'reversed from other lots',
      'reversed pending points',
      'earning repaid a debt',
      'full refund',
      'partial refund',
      'qualifyingEarned',
      'qualifyingReversed',
      'stateRederived',
      'tier: qualified',
      'tier: periodEnded',
      'tier: granted',
      'tier: revoked',
      'tier: refundRevoked',
      'tierRenewed',
      'benefitGranted',
      'benefitRevoked',
      'refused OUT_OF_ORDER:late_event',
      'refused INVALID_EVENT:unknown_order',
      'refused INVALID_EVENT:unknown_line',
      'refused INVALID_EVENT:more_than_bought',
      'refused INVALID_EVENT:duplicate_line',
      'refused INVALID_EVENT:already_refunded',
      ...[...REFUSALS].map((code) => `refused ${code}`),
    ];
    const missing = expected.filter(
      (what) =>
        [...seen].filter(([k]) => k === what || k.startsWith(`${what}:`)).reduce((a, [, n]) => a + n, 0) < 2,
    );
    expect(missing, json(Object.fromEntries(seen))).toEqual([]);
  });

  test('conservation: the ledger, the totals, the open lots and the balance agree after every step', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        simulateTimed(program.versions, stream, (step, { engine, initial }) => {
          const { after: s, entries, before } = step;
          expect(engine.checkInvariants(s, entries)).toEqual([]);
          // earned + adjusted in + restored - redeemed - adjusted out - expired - reversed ...
          expect(ledgerTotals(entries), 'totals summed from the ledger').toEqual(s.totals);
          // ... = the open lots less the debt = available + pending
          const open = s.lots.reduce((a, l) => a + l.remaining, 0);
          expect(net(s.totals)).toBe(open - s.debt);
          const b = engine.balance(s, s.clock);
          expect(b.available + b.pending).toBe(net(s.totals));
          expect(s.debt).toBeGreaterThanOrEqual(0);
          // In debt, nothing is available, and nothing waits pending beside it.
          if (s.debt > 0) {
            expect(b.available).toBe(-s.debt);
            expect(b.pending, 'pending points beside a debt').toBe(0);
          }
          // Time is materialized up to the clock: nothing open is past its expiry.
          for (const lot of s.lots) {
            if (lot.expiresAt !== null)
              expect(lot.expiresAt > s.clock, `${lot.id} open after expiry`).toBe(true);
          }
          const effects = step.result?.effects ?? [];
          effects.forEach((e, i) => {
            expect(e.seq).toBe(before.version + 1 + i);
          });
          // Folding the step's entries onto the state before gives the state after; replaying the
          // whole ledger from enrolment does too (checked every 8th step and at the end: it is a left fold).
          if (effects.length > 0) expect(engine.replay(before, effects)).toStrictEqual(s);
          if (step.index % 8 === 7 || step.index === stream.steps.length - 1) {
            expect(engine.replay(initial, entries)).toStrictEqual(s);
          }
        });
      }),
      params(runs(0.4), 1500),
    );
  });

  test('advance is idempotent and composes: advance(advance(s, a), b) = advance(s, b) for a <= b', () => {
    fc.assert(
      property(fc.tuple(scenario, picks), ([{ program, stream }, pairs]) => {
        simulateTimed(program.versions, stream, ({ after: s, index }) => {
          const instants = instantsOf(s);
          const [i, j] = pairs[index % pairs.length]!;
          let a = instants[i % instants.length]!;
          let b = instants[j % instants.length]!;
          if (a > b) [a, b] = [b, a];
          const once = engine(program).advance(s, b);
          const again = engine(program).advance(once.state, b);
          expect(again.effects, 'advancing twice to the same instant').toEqual([]);
          expect(again.state).toStrictEqual(once.state);
          const first = engine(program).advance(s, a);
          const second = engine(program).advance(first.state, b);
          expect(second.state, `advance to ${a} then ${b}`).toStrictEqual(once.state);
          expect([...first.effects, ...second.effects]).toStrictEqual(once.effects);
          // Time effects only, in time order, from the clock up to b.
          let last = s.clock;
          for (const e of once.effects) {
            expect(TIME_EFFECTS.has(e.type), `${e.type} written by advance`).toBe(true);
            expect(e.eventId).toBeNull();
            expect(e.occurredAt >= last && e.occurredAt <= b, `${e.sourceKey} at ${e.occurredAt}`).toBe(true);
            last = e.occurredAt;
          }
          // Advancing to the past changes nothing.
          const past = engine(program).advance(s, new Date(Date.parse(s.clock) - 86_400_000).toISOString());
          expect(past.effects).toEqual([]);
          expect(past.state).toStrictEqual(s);
        });
      }),
      params(runs(0.4), 2000),
    );
  });

  test('balance(s, t) never changes the state and predicts advance: balance(advance(s, t), t) for t >= clock', () => {
    fc.assert(
      property(fc.tuple(scenario, picks), ([{ program, stream }, pairs]) => {
        simulateTimed(program.versions, stream, ({ after: s, index }) => {
          const e = engine(program);
          const snapshot = structuredClone(s);
          const instants = instantsOf(s);
          for (const k of pairs[index % pairs.length]!) {
            const t = instants[k % instants.length]!;
            const predicted = e.balance(s, t);
            const advanced = e.advance(s, t);
            expect(predicted, `balance at ${t}`).toEqual(e.balance(advanced.state, t));
            // Reminders: what expiringBetween lists for [clock, t) is what advancing expires before t.
            const listed = e.expiringBetween(s, s.clock, t).reduce((a, x) => a + x.points, 0);
            const before = new Date(Date.parse(t) - 1).toISOString();
            const upTo = e.advance(s, [before, s.clock].sort()[1]!).effects;
            const expired = upTo.reduce((a, x) => a + (x.type === 'pointsExpired' ? x.points : 0), 0);
            expect(listed, `expiringBetween(${s.clock}, ${t})`).toBe(expired);
          }
          expect(s, 'balance, expiringBetween or advance changed the state').toStrictEqual(snapshot);
        });
      }),
      params(runs(0.4), 2500),
    );
  });

  test('no lot expires twice, expired or pending points are never spent, expiry and activation come on time', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        /** Versions whose lots carry an expiry date (rolling or calendar expiry). */
        const dated = new Set(
          program.versions
            .filter((v) => v.expiry?.mode === 'rolling' || v.expiry?.mode === 'calendar')
            .map((v) => v.version ?? 1),
        );
        /** Turning expiry on never dates lots made under a version without it (decision 011). */
        const undated = (lot: Lot, what: string): void => {
          if (!dated.has(lot.programVersion)) expect(lot.expiresAt, `${what}: ${json(lot)}`).toBeNull();
        };
        const lots = new Map<string, Lot>();
        /** Lots pending when made, and those activated since. */
        const pending = new Set<string>();
        const activated = new Set<string>();
        const reset = (s: MemberState): void => {
          for (const lot of s.lots)
            if (lot.availableAt !== null && lot.availableAt <= s.clock) activated.add(lot.id);
          for (const lot of lots.values()) lots.set(lot.id, { ...lot, remaining: 0 });
          for (const r of s.redemptions)
            for (const d of r.drawn) lots.set(d.lot.id, { ...d.lot, remaining: 0 });
          for (const lot of s.lots) lots.set(lot.id, lot);
        };
        const take = (lotId: string, points: number, what: string): Lot => {
          const lot = lots.get(lotId);
          expect(lot, `${what}: unknown lot ${lotId}`).toBeDefined();
          expect(points, `${what}: ${points} from ${lotId}`).toBeGreaterThan(0);
          expect(
            points,
            `${what}: ${points} from ${lotId}, which holds ${lot!.remaining}`,
          ).toBeLessThanOrEqual(lot!.remaining);
          lots.set(lotId, { ...lot!, remaining: lot!.remaining - points });
          return lot!;
        };
        simulateTimed(program.versions, stream, ({ result, after }) => {
          for (const e of result?.effects ?? []) {
            const what = `${e.type} ${e.sourceKey}`;
            switch (e.type) {
              case 'stateRederived':
                reset(e.state);
                break;
              case 'pointsEarned':
                lots.set(e.lot.id, e.lot);
                undated(e.lot, what);
                if (e.lot.availableAt !== e.lot.earnedAt) pending.add(e.lot.id);
                break;
              case 'pointsAdjusted':
              case 'pointsRedeemed':
                if (e.type === 'pointsAdjusted' && e.lot !== null) {
                  lots.set(e.lot.id, e.lot);
                  undated(e.lot, what);
                }
                for (const a of e.allocations) {
                  const lot = take(a.lotId, a.points, what);
                  expect(usable(lot, e.occurredAt), `${what} spends ${lot.id}: ${json(lot)}`).toBe(true);
                }
                break;
              case 'redemptionCancelled':
                for (const a of e.restored) {
                  const lot = lots.get(a.lotId)!;
                  lots.set(a.lotId, { ...lot, remaining: lot.remaining + a.points });
                }
                break;
              case 'pointsActivated': {
                const lot = lots.get(e.lotId)!;
                // An award whose lot holds none of its points (they paid off a debt, or a refund
                // took them) is activated with 0 points.
                if (e.points > 0) expect(lot.remaining, `${what}: lot is open`).toBeGreaterThan(0);
                expect(
                  lot.availableAt === null || lot.availableAt > lot.earnedAt,
                  `${what}: lot was pending`,
                ).toBe(true);
                if (e.reason === 'windowPassed') expect(e.occurredAt).toBe(lot.availableAt);
                else expect(lot.availableAt === null || lot.availableAt > e.occurredAt).toBe(true);
                expect(e.points).toBe(lot.remaining);
                lots.set(e.lotId, { ...lot, availableAt: e.availableAt, expiresAt: e.expiresAt });
                undated(lots.get(e.lotId)!, what);
                activated.add(e.lotId);
                break;
              }
              case 'pointsExpired':
                // Inactivity expiry only while a version with inactivity expiry is in force.
                if (e.reason === 'inactivity') {
                  expect(versionAt(program.versions, e.occurredAt).expiry?.mode, what).toBe('inactivity');
                }
                for (const a of e.allocations) {
                  const open = lots.get(a.lotId)?.remaining;
                  const lot = take(a.lotId, a.points, what);
                  if (e.reason === 'lotExpired') {
                    // The whole lot, at (or, for a restored lot, after) its expiry: never twice.
                    expect(a.points, `${what}: the whole lot`).toBe(open);
                    expect(
                      lot.expiresAt !== null && lot.expiresAt <= e.occurredAt,
                      `${what}: ${json(lot)}`,
                    ).toBe(true);
                    if (e.eventId === null) expect(e.occurredAt).toBe(lot.expiresAt);
                  } else {
                    expect(usable(lot, e.occurredAt), `${what}: ${json(lot)}`).toBe(true);
                  }
                }
                break;
              case 'pointsReversed':
                for (const a of e.allocations) {
                  const lot = take(a.lotId, a.points, what);
                  if (a.lotId !== e.awardLotId) {
                    expect(usable(lot, e.occurredAt), `${what} takes from ${json(lot)}`).toBe(true);
                  }
                }
                break;
              default:
                break;
            }
          }
          // The model and the state hold the same open lots.
          const open = [...lots.values()].filter((l) => l.remaining > 0);
          expect(open.map((l) => `${l.id}:${l.remaining}`).sort()).toEqual(
            after.lots.map((l) => `${l.id}:${l.remaining}`).sort(),
          );
          // Nothing pending past its activation date: activated by an entry.
          for (const lot of after.lots) {
            if (!pending.has(lot.id) || activated.has(lot.id)) continue;
            expect(lot.availableAt === null || lot.availableAt > after.clock, `${lot.id} not activated`).toBe(
              true,
            );
          }
        });
      }),
      params(runs(0.4), 1500),
    );
  });

  test('refunds: repeated partial refunds never reverse more than an award earned; policies hold', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const precision = program.precision as PointsPrecision;
        /** Per award (its lot id, or the qualifying entry's key): points earned and requested back so far. */
        const awards = new Map<string, { points: number; requested: number; orderId: string }>();
        /** The awards of the newest order with each id. */
        const ofOrder = new Map<string, string[]>();
        const reset = (s: MemberState): void => {
          awards.clear();
          ofOrder.clear();
          for (const o of s.orders) {
            ofOrder.set(
              o.orderId,
              o.awards.map((a) => a.lotId),
            );
            for (const a of o.awards)
              awards.set(a.lotId, { points: a.points, requested: a.reversed, orderId: o.orderId });
          }
        };
        simulateTimed(program.versions, stream, (st) => {
          const { result, error, before, after } = st;
          const full: string[] = [];
          for (const e of result?.effects ?? []) {
            const what = `${e.type} ${e.sourceKey}`;
            switch (e.type) {
              case 'stateRederived':
                reset(e.state);
                break;
              case 'eventApplied':
                if (e.purchase !== null) ofOrder.set(e.purchase.orderId, []);
                if (e.refund?.full === true) full.push(e.refund.orderId);
                if (e.refund !== null) {
                  expect(after.stats.lifetimeSpend).toBe(before.stats.lifetimeSpend - e.refund.spend);
                  expect(after.stats.orderCount).toBe(before.stats.orderCount - (e.refund.full ? 1 : 0));
                }
                break;
              case 'pointsEarned':
              case 'qualifyingEarned': {
                const key = e.type === 'pointsEarned' ? e.lot.id : e.sourceKey;
                const orderId = e.type === 'pointsEarned' ? e.lot.orderId : e.orderId;
                if (orderId === null) break;
                awards.set(key, { points: e.points, requested: 0, orderId });
                ofOrder.get(orderId)?.push(key);
                break;
              }
              case 'pointsReversed':
              case 'qualifyingReversed': {
                const key = e.type === 'pointsReversed' ? e.awardLotId : e.awardKey;
                const award = awards.get(key);
                expect(award, `${what}: reverses an unknown award ${key}`).toBeDefined();
                const requested = e.type === 'pointsReversed' ? e.requested : e.points;
                award!.requested += requested;
                expect(award!.requested, `${what}: more than the award earned`).toBeLessThanOrEqual(
                  award!.points,
                );
                if (e.type === 'qualifyingReversed') break;
                expect(e.points + e.shortfall).toBe(e.requested);
                expect(e.allocations.reduce((a, x) => a + x.points, 0) + e.debt).toBe(e.points);
                const refunds = versionAt(program.versions, e.occurredAt).refunds;
                const policy = refunds?.policy ?? 'clampToZero';
                if (policy === 'pendingOnly') {
                  expect(e.allocations.every((a) => a.lotId === e.awardLotId)).toBe(true);
                }
                if (policy !== 'allowNegative') expect(e.debt).toBe(0);
                else if (refunds?.negativeFloor !== undefined && e.debt > 0) {
                  const floor = parsePoints(refunds.negativeFloor, precision);
                  expect(after.debt, `${what}: debt below the floor ${floor}`).toBeLessThanOrEqual(-floor);
                }
                break;
              }
              default:
                break;
            }
          }
          // A full refund gives back exactly what every award of the order earned.
          for (const orderId of full) {
            for (const key of ofOrder.get(orderId) ?? []) {
              const award = awards.get(key)!;
              expect(award.requested, `award ${key} of fully refunded ${orderId}`).toBe(award.points);
            }
          }
          // Refunds of unknown orders and lines, of more than was bought, or naming a line twice: refused.
          const event = parsed(st);
          if (
            event?.type === 'refund' &&
            error === undefined &&
            result !== undefined &&
            result.effects.length > 0
          ) {
            expect(event.orderId).not.toBe('order-ghost');
            expect(event.lines?.some((l) => l.lineId === 'no-such-line') ?? false).toBe(false);
          }
          if (event?.type === 'refund' && event.occurredAt >= before.clock && result?.effects.length !== 0) {
            const dupLine = new Set(event.lines?.map((l) => l.lineId)).size !== (event.lines?.length ?? 0);
            if (event.orderId === 'order-ghost' || dupLine) {
              expect(error === undefined ? 'applied' : codeOf(error)).toMatch(/^INVALID_EVENT:/);
            }
          }
        });
      }),
      params(runs(0.4), 1500),
    );
  });

  test('late events: refused with OUT_OF_ORDER, or re-derived to the state of applying every event in time order', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const mode = program.versions[0]!.lateEvents;
        const window = (mode?.windowDays ?? 7) * 86_400_000;
        const ids = new Set<string>();
        let latest = '';
        const sim = simulateTimed(program.versions, stream, (step, { engine, initial }) => {
          const { before, after, result, error, applied } = step;
          const event = parsed(step);
          if (event !== undefined) {
            const late =
              event.occurredAt < before.clock &&
              event.occurredAt >= before.joinedAt &&
              (event.memberId === undefined || event.memberId === MEMBER_ID) &&
              !ids.has(event.id);
            if (late && (mode?.mode ?? 'refuse') === 'refuse') {
              expect(
                codeOf(error),
                `late event ${event.id} at ${event.occurredAt}, clock ${before.clock}`,
              ).toBe('OUT_OF_ORDER:late_event');
            }
            if (late && mode?.mode === 'rederive') {
              if (result !== undefined) {
                expect(result.effects.map((e) => e.type)).toEqual(['stateRederived']);
                // The same state as applying every event in time order (the version counts entries),
                // journal included; its clock is that of its latest entry, the stateRederived one
                // dated at the clock before (a state never goes back in time).
                const inOrder = engine.applyAll(initial, inTimeOrder(applied));
                const caughtUp = engine.advance(inOrder.state, before.clock).state;
                expect(result.effects[0]!.occurredAt).toBe(before.clock);
                expect(comparable(after), `re-derived ${event.id}`).toStrictEqual(
                  comparable(atLeast(caughtUp, before.clock)),
                );
                // The recent ids are those applied, in the order applied, the late one last (decision 002).
                const recent = [...before.recentEventIds, event.id];
                expect(after.recentEventIds, `recent ids after ${event.id}`).toStrictEqual(
                  recent.slice(-recentEventsAt(program.versions, before.clock)),
                );
              } else if (codeOf(error) === 'OUT_OF_ORDER:late_event') {
                // Refused only beyond the journal's reach.
                const anchor = before.journal?.anchor.clock ?? before.clock;
                expect(
                  event.occurredAt < anchor,
                  `${event.id} at ${event.occurredAt}, journal from ${anchor}`,
                ).toBe(true);
                expect(
                  Date.parse(event.occurredAt) < Date.parse(latest) - window,
                  `${event.id} at ${event.occurredAt}: within ${mode.windowDays ?? 7} days of the latest event (${latest})`,
                ).toBe(true);
              }
            }
          }
          for (const e of applied) {
            ids.add(e.id);
            if (e.occurredAt > latest) latest = e.occurredAt;
          }
        });
        // Time jumps between events change nothing: every applied event in time order, then up to the clock.
        const last = sim.steps.at(-1);
        if (last === undefined) return;
        const inOrder = sim.engine.applyAll(sim.initial, inTimeOrder(last.applied));
        const caughtUp = sim.engine.advance(inOrder.state, last.after.clock).state;
        const rederivedAt = last.entries.reduce(
          (t, e) => (e.type === 'stateRederived' && e.occurredAt > t ? e.occurredAt : t),
          '',
        );
        expect(comparable(last.after)).toStrictEqual(comparable(atLeast(caughtUp, rederivedAt)));
      }),
      params(runs(0.4), 2000),
    );
  });

  test('effects and states are plain JSON; a second engine from the same JSON gives byte-identical output', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const first = simulateTimed(program.versions, stream, (step) => {
          const bad = nonJson(step.after);
          expect(bad, `not JSON: ${bad.join(', ')}`).toEqual([]);
          for (const e of step.result?.effects ?? []) {
            const badEffect = nonJson(e, e.sourceKey);
            expect(badEffect, `not JSON: ${badEffect.join(', ')}`).toEqual([]);
            expect(roundTrip(e)).toStrictEqual(e);
          }
          if (step.index === stream.steps.length - 1) expect(roundTrip(step.after)).toStrictEqual(step.after);
        });
        const second = simulateTimed(roundTrip(program.versions), roundTrip(stream) as TimedStream);
        first.steps.forEach((a, i) => {
          const b = second.steps[i]!;
          expect(json(b.after)).toBe(json(a.after));
          expect(json(b.result?.effects ?? null)).toBe(json(a.result?.effects ?? null));
          expect(codeOf(b.error)).toBe(codeOf(a.error));
        });
      }),
      params(runs(0.4), 2000),
    );
  });

  test('a refused event throws a LoyaltyError with a refusal code and leaves the state exactly as it was', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const e = engine(program);
        let state = e.enroll(stream.member);
        for (const step of stream.steps) {
          const snapshot = structuredClone(state);
          deepFreeze(state);
          let outcome: { ok: Decision } | { code: string };
          if ('advanceTo' in step) outcome = { ok: e.advance(state, step.advanceTo) };
          else {
            const event = step.event;
            deepFreeze(event);
            outcome = outcomeOf(() => e.apply(state, event));
          }
          expect(state).toStrictEqual(snapshot);
          if ('ok' in outcome) state = outcome.ok.state;
          else expect(REFUSALS, `refused with ${outcome.code}`).toContain(outcome.code);
        }
      }),
      params(runs(0.4), 2000),
    );
  });
});

/**
 * A state as the late-event property compares it with applying the events in time order: without
 * `version` (it counts ledger entries) and `recentEventIds` (in the order applied, checked apart).
 */
function comparable(s: MemberState): unknown {
  return { ...(withoutVersion(s) as MemberState), recentEventIds: [] };
}

/** The `idempotency.recentEvents` of the version in force at an instant. */
function recentEventsAt(versions: readonly ProgramInput[], at: string): number {
  let v = versions[0]!;
  for (const x of versions)
    if (x.effectiveFrom !== undefined && Date.parse(x.effectiveFrom) <= Date.parse(at)) v = x;
  return v.idempotency?.recentEvents ?? 1000;
}

/**
 * `s` with its clock at least `at`: a state applied in time order has no `stateRederived` entries,
 * so its clock (that of its latest entry) can be earlier than the re-derived state's.
 */
function atLeast(s: MemberState, at: string): MemberState {
  return at > s.clock ? { ...s, clock: at } : s;
}

/** The engine of a generated program (cached: compiling is the expensive part). */
const engines = new WeakMap<GeneratedProgram, ReturnType<typeof engineOf>>();
function engine(p: GeneratedProgram): ReturnType<typeof engineOf> {
  let e = engines.get(p);
  if (e === undefined) {
    e = engineOf(p.versions);
    engines.set(p, e);
  }
  return e;
}
