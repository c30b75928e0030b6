/**
 * Property tests of the engine and its ledger (issue 5): random valid programs
 * (test/arbitraries/program.ts) and random event streams for one member
 * (test/arbitraries/events.ts), applied event by event. Refused events are skipped, as a host
 * would; they must throw a LoyaltyError.
 *
 * Each `test` checks one family of properties over its own simulation, so a failure names the
 * property that broke. fast-check prints the counterexample, its seed and path; replay it with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/properties`. `FC_RUNS` sets the number of
 * programs per property (default 100, each with up to 60 events); `FC_SHRINK_MS` how long a
 * counterexample may be shrunk (default 5 s).
 */
import fc from 'fast-check';
import {
  createEngine,
  type Decision,
  defineProgram,
  type Engine,
  isLoyaltyError,
  type LedgerEntry,
  type LoyaltyEvent,
  type MemberState,
  type PointsPrecision,
  parsePoints,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { type Stream, streamArb } from '../arbitraries/events.js';
import { EXPONENT, type GeneratedProgram, programArb } from '../arbitraries/program.js';
import {
  deepFreeze,
  json,
  nonJson,
  outcomeOf,
  params,
  property,
  REFUSALS,
  RUNS,
  roundTrip,
} from './harness.js';
import {
  birthdayIn,
  combinedFactor,
  localDay,
  localHour,
  type Rational,
  rational,
  round,
  times,
  windowStart,
  ymd,
} from './model.js';

type Program = GeneratedProgram['json'];

/** What one event did: the state before it, and its result or its error. */
interface Step {
  readonly index: number;
  readonly event: unknown;
  readonly before: MemberState;
  readonly result: Decision | undefined;
  readonly error: unknown;
  /** The state after the step (the state before, when the event was refused). */
  readonly after: MemberState;
  /** The whole ledger after the step. */
  readonly entries: readonly LedgerEntry[];
}

interface Simulation {
  readonly engine: Engine;
  readonly initial: MemberState;
  readonly steps: readonly Step[];
}

/**
 * Applies a stream event by event, skipping refused events (which must throw a LoyaltyError), and
 * calls `check` after each step.
 */
function simulate(
  program: Program,
  stream: Stream,
  check?: (step: Step, sim: Simulation) => void,
): Simulation {
  const engine = createEngine(defineProgram(program));
  const initial = engine.enroll(stream.member);
  const steps: Step[] = [];
  const sim: Simulation = { engine, initial, steps };
  let state = initial;
  let entries: LedgerEntry[] = [];
  stream.events.forEach((event, index) => {
    let result: Decision | undefined;
    let error: unknown;
    try {
      result = engine.apply(state, event);
    } catch (e) {
      error = e;
    }
    // A refusal is a LoyaltyError, never another error (its code is checked by its own property).
    if (error !== undefined && !isLoyaltyError(error)) throw error;
    const before = state;
    if (result !== undefined) {
      state = result.state;
      if (result.effects.length > 0) entries = [...entries, ...result.effects];
    }
    const step: Step = { index, event, before, result, error, after: state, entries };
    steps.push(step);
    check?.(step, sim);
  });
  return sim;
}

const scenario = programArb().chain((program) => streamArb(program).map((stream) => ({ program, stream })));
/** Programs with refund policies (mostly `allowNegative`) and late events re-derived; streams with refunds. */
const refundsAndLate = programArb({ refundsAndLate: true }).chain((program) =>
  streamArb(program).map((stream) => ({ program, stream })),
);
/** Both kinds of scenario, for properties that hold whatever the refund and late-event policies. */
const anyScenario = fc.oneof(scenario, refundsAndLate);
/**
 * Per-run time limit for properties over {@link anyScenario}: re-derivations re-apply a journal of
 * events, so a run takes several times longer than one of `scenario` (ten times that, loaded).
 */
const ANY_SCENARIO_MS = 600;

/** The award rules that are switched on, with their groups and campaigns. */
function awardRules(program: Program): { id: string; group: string; campaign: string | undefined }[] {
  return (program.earning ?? [])
    .filter((r) => r.kind !== 'multiplier' && r.enabled !== false)
    .map((r) => ({ id: r.id, group: r.group ?? 'base', campaign: r.campaign }));
}

/**
 * Point movements of a ledger, summed independently of the engine's totals, and the debt. A
 * `stateRederived` entry replaces the state as a whole, so the sums start over from its totals.
 */
function sums(entries: readonly LedgerEntry[]) {
  let s = { earned: 0, adjustedIn: 0, adjustedOut: 0, redeemed: 0, restored: 0, expired: 0, reversed: 0 };
  let debt = 0;
  for (const e of entries) {
    if (e.type === 'pointsEarned') {
      s.earned += e.points;
      debt -= e.debtRepaid;
    } else if (e.type === 'pointsAdjusted' && e.points > 0) {
      s.adjustedIn += e.points;
      debt -= e.debtRepaid;
    } else if (e.type === 'pointsAdjusted') s.adjustedOut += -e.points;
    else if (e.type === 'pointsRedeemed') s.redeemed += e.points;
    else if (e.type === 'redemptionCancelled') {
      s.restored += e.points;
      debt -= e.debtRepaid ?? 0;
    } else if (e.type === 'pointsExpired') s.expired += e.points;
    else if (e.type === 'pointsReversed') {
      s.reversed += e.points;
      debt += e.debt;
    } else if (e.type === 'stateRederived') {
      s = { ...e.state.totals };
      debt = e.state.debt;
    }
  }
  const available =
    s.earned + s.adjustedIn + s.restored - s.redeemed - s.adjustedOut - s.expired - s.reversed;
  return { ...s, debt, available };
}

type Purchase = Extract<LoyaltyEvent, { type: 'purchase' }>;

/** A model value that is not checked. */
const SKIP = Symbol('skip');

/** Merchandise after line and order discounts (negative when the order discount also covers tax). */
function netOf(p: Purchase): number {
  return p.lines.reduce((a, l) => a + l.price * l.quantity - (l.discount ?? 0), 0) - (p.orderDiscount ?? 0);
}

/** What a purchase adds to the member's spend: merchandise after discounts, never below 0. */
function spendOf(p: Purchase): number {
  return Math.max(0, netOf(p));
}

/** What the order costs, as `parseEvent` checks payments against: net, tax, shipping, shipping tax. */
function totalOf(p: Purchase): number {
  return netOf(p) + p.lines.reduce((a, l) => a + (l.tax ?? 0), 0) + (p.shipping ?? 0) + (p.shippingTax ?? 0);
}

describe('engine properties: random programs x random event streams', () => {
  test('the generators reach every effect, every refusal and the interesting award paths', () => {
    const seen = new Map<string, number>();
    const tally = (what: string): void => {
      seen.set(what, (seen.get(what) ?? 0) + 1);
    };
    for (const { program, stream } of fc.sample(scenario, { numRuns: 150, seed: 2026 })) {
      simulate(program.json, stream, ({ result, error }) => {
        if (error !== undefined) tally(`refused ${(error as { code: string }).code}`);
        if (result !== undefined && result.effects.length === 0) tally('duplicate');
        for (const e of result?.effects ?? []) {
          tally(e.type);
          if (e.type === 'pointsEarned') {
            const x = e.explanation;
            tally(`award ${x.ruleKind}`);
            if (x.multipliers.length > 0) tally('award multiplied');
            if (new Set(x.multipliers.map((m) => m.group)).size < x.multipliers.length) {
              tally('award with two multipliers in a group');
            }
            if (x.stacking.outranked.length > 0) tally('award outranked others');
            if (x.cap !== null) tally('award capped');
            if (e.lines !== null) tally('award with line shares');
            if (e.onceKey !== null) tally('once-only award');
          }
          if (e.type === 'pointsRedeemed') tally(e.rewardId === null ? 'redeemed points' : 'redeemed reward');
          if (e.type === 'pointsAdjusted') tally(e.points > 0 ? 'adjusted in' : 'adjusted out');
        }
      });
    }
    const expected = [
      'eventApplied',
      'pointsEarned',
      'ruleCapped',
      'pointsRedeemed',
      'redemptionCancelled',
      'pointsAdjusted',
      'referralQualified',
      'duplicate',
      'award spend',
      'award items',
      'award fixed',
      'award multiplied',
      'award with two multipliers in a group',
      'award outranked others',
      'award capped',
      'award with line shares',
      'once-only award',
      'redeemed points',
      'redeemed reward',
      'adjusted in',
      'adjusted out',
      ...[...REFUSALS].map((code) => `refused ${code}`),
    ];
    const missing = expected.filter((what) => (seen.get(what) ?? 0) < 3);
    expect(missing, json(Object.fromEntries(seen))).toEqual([]);
  });

  test('the refund and late-event scenarios reach debts, their repayment and re-derivations', () => {
    const seen = new Map<string, number>();
    const tally = (what: string): void => {
      seen.set(what, (seen.get(what) ?? 0) + 1);
    };
    for (const { program, stream } of fc.sample(refundsAndLate, { numRuns: 150, seed: 2026 })) {
      simulate(program.json, stream, ({ result, error, entries }) => {
        if (error !== undefined) tally(`refused ${(error as { code: string }).code}`);
        const effects = result?.effects ?? [];
        const rederived = entries.some((e) => e.type === 'stateRederived');
        for (const e of effects) {
          tally(e.type);
          if (e.type === 'pointsReversed' && e.debt > 0) tally('debt');
          if (e.type === 'pointsReversed' && e.shortfall > 0) tally('shortfall');
          if (e.type === 'pointsReversed' && e.lines !== null) tally('line reversal');
          if ((e.type === 'pointsEarned' || e.type === 'pointsAdjusted') && e.debtRepaid > 0) {
            tally('debt repaid');
          }
          if (e.type === 'pointsEarned' && e.debtRepaid > 0 && e.lot.remaining === 0)
            tally('debt repaid in full');
          if (e.type === 'stateRederived' && e.state.debt > 0) tally('re-derived with a debt');
          if (e.type === 'pointsRedeemed' && rederived) tally('redeemed after a re-derivation');
        }
      });
    }
    const expected = [
      'pointsReversed',
      'debt',
      'shortfall',
      'line reversal',
      'debt repaid',
      'debt repaid in full',
      'stateRederived',
      're-derived with a debt',
      'redeemed after a re-derivation',
      'refused OUT_OF_ORDER',
      'refused INVALID_EVENT',
    ];
    const missing = expected.filter((what) => (seen.get(what) ?? 0) < 3);
    expect(missing, json(Object.fromEntries(seen))).toEqual([]);
  });

  test('a refused event throws a LoyaltyError with a refusal code (the engine accepts its own entries)', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        simulate(program.json, stream, ({ index, error }) => {
          if (error === undefined || !isLoyaltyError(error)) return;
          expect(REFUSALS, `event ${index} refused with ${error.code}: ${error.message}`).toContain(
            error.code,
          );
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('ledger invariants, conservation, no balance below the floor and versions hold after every step', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        const awards = awardRules(program.json);
        simulate(program.json, stream, (step, { engine }) => {
          const { after: state, entries } = step;
          expect(engine.checkInvariants(state, entries)).toEqual([]);
          // Conservation, spelled out: what the ledger moved is what the member can spend (negative
          // when a reversal left a debt).
          const { debt, available, ...totals } = sums(entries);
          const balance = engine.balance(state, state.clock);
          expect(available).toBe(balance.available);
          expect(state.debt).toBe(debt);
          expect(balance.pending).toBe(0);
          expect(balance.expiring).toEqual([]);
          expect(engine.balance(state, '2099-01-01T00:00:00Z').available).toBe(balance.available);
          expect(state.totals).toEqual(totals);
          if (!program.refunds) expect(totals.reversed).toBe(0);
          expect(totals.expired).toBe(0);
          // No balance below the floor (0 unless allowNegative), no empty or overdrawn lot.
          expect(balance.available).toBeGreaterThanOrEqual(program.floorUnits);
          for (const lot of state.lots) {
            expect(lot.remaining).toBeGreaterThan(0);
            expect(lot.remaining).toBeLessThanOrEqual(lot.amount);
          }
          // Versions count entries; an event's entries continue the ledger.
          expect(state.version).toBe(entries.length);
          const effects = step.result?.effects ?? [];
          effects.forEach((e, i) => {
            expect(e.seq).toBe(step.before.version + 1 + i);
          });
          // An event adds a bounded number of entries: its own record, per award rule at most a
          // cap record and a credit, and a referral-qualified note.
          // plus one rewardIssued per unit of a reward redeemed
          const issuedNow = effects.filter((e) => e.type === 'rewardIssued').length;
          expect(effects.length - issuedNow).toBeLessThanOrEqual(2 + 2 * awards.length);
          // A late event re-derived writes one stateRederived entry (with the re-derived entries inside).
          if (step.result !== undefined && effects.length > 0) {
            expect(['eventApplied', 'stateRederived']).toContain(effects[0]!.type);
            if (effects[0]!.type === 'stateRederived') expect(effects.length).toBe(1);
          }
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('caps are never exceeded: lifetime, rolling and calendar windows, points and count', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const p = program.json;
        const awards = awardRules(p);
        const zone = stream.member.timeZone ?? p.timeZone;
        const caps = (p.caps ?? []).map((c) => {
          const targets = new Set(
            awards
              .filter(
                (r) =>
                  (c.appliesTo?.rules === undefined || c.appliesTo.rules.includes(r.id)) &&
                  (c.appliesTo?.groups === undefined || c.appliesTo.groups.includes(r.group)) &&
                  (c.appliesTo?.campaigns === undefined ||
                    (r.campaign !== undefined && c.appliesTo.campaigns.includes(r.campaign))),
              )
              .map((r) => r.id),
          );
          const units =
            c.points === undefined ? undefined : parsePoints(c.points, program.precision as PointsPrecision);
          return { ...c, targets, units };
        });
        if (caps.length === 0) return;
        const { steps } = simulate(p, stream);
        const ledger = steps.at(-1)?.entries ?? [];
        for (const cap of caps) {
          // The ledger only grows, so checking each award against the window ending on its day
          // checks every prefix, i.e. every step.
          const counted: { day: number; points: number }[] = [];
          for (const e of ledger) {
            if (e.type !== 'pointsEarned' || !cap.targets.has(e.ruleId)) continue;
            const day = localDay(e.occurredAt, zone);
            counted.push({ day, points: e.points });
            const from = windowStart(cap.window, day, p.weekStartsOn ?? 1);
            const inWindow = counted.filter((x) => x.day >= from);
            const what = `cap ${cap.id} ${json(cap.window)} at ${e.sourceKey}`;
            if (cap.units !== undefined) {
              expect(
                inWindow.reduce((a, x) => a + x.points, 0),
                what,
              ).toBeLessThanOrEqual(cap.units);
            }
            if (cap.count !== undefined) expect(inWindow.length, what).toBeLessThanOrEqual(cap.count);
          }
        }
      }),
      params(),
    );
  });

  test('once-only awards: sign-up once, referral once per referee, birthday once a year on the right day', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const p = program.json;
        const zone = stream.member.timeZone ?? p.timeZone;
        const birthday = stream.member.birthday;
        const fixed = new Map(
          (p.earning ?? []).flatMap((r) =>
            r.kind === 'fixed' && r.enabled !== false ? [[r.id, r] as const] : [],
          ),
        );
        const { steps } = simulate(p, stream);
        const ledger = steps.at(-1)?.entries ?? [];
        const eventOf = new Map(
          ledger.flatMap((e) => (e.type === 'eventApplied' ? [[e.eventId, e.event] as const] : [])),
        );
        const seen = new Set<string>();
        for (const e of ledger) {
          if (e.type !== 'pointsEarned') continue;
          if (e.onceKey !== null) {
            expect(seen.has(e.onceKey), `once-only key ${e.onceKey} used twice`).toBe(false);
            seen.add(e.onceKey);
          }
          const rule = fixed.get(e.ruleId);
          if (rule === undefined) continue;
          const event = eventOf.get(e.eventId)!;
          const day = localDay(e.occurredAt, zone);
          const t = ymd(day);
          let key: string | undefined;
          switch (rule.event) {
            case 'signup':
              key = 'signup';
              break;
            case 'referral':
              key =
                rule.referral?.role === 'referee'
                  ? 'referee'
                  : `referral:${event.type === 'referral' ? event.refereeId : '?'}`;
              break;
            case 'birthday': {
              expect(birthday, 'a birthday award for a member without a birthday').toBeDefined();
              const window = rule.birthday?.window ?? 'day';
              if (window === 'week') continue;
              const on = birthdayIn(birthday!, t.year, p.leapDayBirthday ?? 'feb28');
              expect(t.month, `${e.sourceKey} in the birthday month`).toBe(on.month);
              if (window === 'day') expect(t.day, `${e.sourceKey} on the birthday`).toBe(on.day);
              key = `birthday:${t.year}`;
              break;
            }
            default:
              continue;
          }
          const k = `${rule.id}|${key}`;
          expect(seen.has(k), `${rule.id} awarded twice for ${key}`).toBe(false);
          seen.add(k);
        }
      }),
      params(),
    );
  });

  test('replaying the ledger gives the live state after every step', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        simulate(program.json, stream, (step, { engine, initial }) => {
          if (step.result === undefined || step.result.effects.length === 0) return;
          expect(engine.replay(initial, step.entries)).toStrictEqual(step.after);
          // Folding only this event's entries onto the state before gives the same.
          expect(engine.replay(step.before, step.result.effects)).toStrictEqual(step.after);
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('applying an event twice changes nothing the second time', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        simulate(program.json, stream, (step, { engine }) => {
          if (step.result === undefined) return;
          const again = engine.apply(step.after, step.event);
          expect(again.effects).toEqual([]);
          if (again.state !== step.after) expect(again.state).toStrictEqual(step.after);
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('state and effects are plain JSON: a JSON round trip gives them back unchanged', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        simulate(program.json, stream, (step) => {
          const bad = nonJson(step.after);
          expect(bad, `not JSON: ${bad.join(', ')}`).toEqual([]);
          expect(roundTrip(step.after)).toStrictEqual(step.after);
          for (const e of step.result?.effects ?? []) {
            const badEffect = nonJson(e, e.sourceKey);
            expect(badEffect, `not JSON: ${badEffect.join(', ')}`).toEqual([]);
            expect(roundTrip(e)).toStrictEqual(e);
          }
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('a JSON round-tripped state decides the next event byte for byte as the live one', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        simulate(program.json, stream, (step, { engine }) => {
          const replayed = outcomeOf(() => engine.apply(roundTrip(step.before), roundTrip(step.event)));
          if (step.result !== undefined) {
            expect('ok' in replayed, 'the round-tripped state refused an event the live one took').toBe(true);
            if ('ok' in replayed) {
              expect(json(replayed.ok.state)).toBe(json(step.result.state));
              expect(json(replayed.ok.effects)).toBe(json(step.result.effects));
            }
          } else {
            expect(replayed).toEqual({ code: (step.error as { code: string }).code });
          }
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('determinism: a second engine from the same program JSON gives byte-identical states and effects', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        const first = simulate(program.json, stream);
        const second = simulate(roundTrip(program.json), roundTrip(stream));
        expect(second.steps.length).toBe(first.steps.length);
        first.steps.forEach((a, i) => {
          const b = second.steps[i]!;
          expect(json(b.after)).toBe(json(a.after));
          expect(json(b.result?.effects ?? null)).toBe(json(a.result?.effects ?? null));
          expect((b.error as { code?: string } | undefined)?.code).toBe(
            (a.error as { code?: string } | undefined)?.code,
          );
        });
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('apply never mutates its inputs; a refused event leaves the state exactly as it was', () => {
    fc.assert(
      property(anyScenario, ({ program, stream }) => {
        const engine = createEngine(defineProgram(program.json));
        let state = engine.enroll(stream.member);
        for (const event of stream.events) {
          const snapshot = structuredClone(state);
          const eventSnapshot = structuredClone(event);
          // Frozen inputs: any write into them throws a TypeError (not a LoyaltyError) and fails here.
          deepFreeze(state);
          deepFreeze(event);
          const outcome = outcomeOf(() => engine.apply(state, event));
          expect(state).toStrictEqual(snapshot);
          expect(event).toStrictEqual(eventSnapshot);
          if ('ok' in outcome) state = outcome.ok.state;
        }
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('applyAll equals apply one by one, and a batch with a refused event changes nothing', () => {
    const windows = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      property(fc.tuple(anyScenario, windows), ([{ program, stream }, picks]) => {
        const { engine, steps } = simulate(program.json, stream);
        if (steps.length === 0) return;
        for (const [start, length] of picks) {
          const from = start % steps.length;
          const batch = steps.slice(from, from + length);
          const before = batch[0]!.before;
          const snapshot = structuredClone(before);
          const outcome = outcomeOf(() =>
            engine.applyAll(
              before,
              batch.map((s) => s.event),
            ),
          );
          if (batch.every((s) => s.result !== undefined)) {
            expect('ok' in outcome, 'applyAll refused events that apply accepted one by one').toBe(true);
            if ('ok' in outcome) {
              expect(outcome.ok.state).toStrictEqual(batch[batch.length - 1]!.after);
              expect(outcome.ok.effects).toStrictEqual(batch.flatMap((s) => s.result!.effects));
            }
          } else {
            const firstRefused = batch.find((s) => s.result === undefined)!;
            expect(outcome).toEqual({ code: (firstRefused.error as { code: string }).code });
          }
          expect(before).toStrictEqual(snapshot);
        }
      }),
      params(RUNS, ANY_SCENARIO_MS),
    );
  });

  test('awards follow their rule: rate, block mode, scope, multipliers and rounding, recomputed exactly', () => {
    const stacked = programArb({ stackedMultipliers: true }).chain((program) =>
      streamArb(program).map((stream) => ({ program, stream })),
    );
    fc.assert(
      property(fc.oneof(scenario, stacked), ({ program, stream }) => {
        const p = program.json;
        const rules = new Map((p.earning ?? []).map((r) => [r.id, r]));
        const unit: Rational = { n: BigInt(program.scale), d: 1n };
        const exponent = 10n ** BigInt(EXPONENT[program.currency]);
        // Multipliers in evaluation order (priority, then id), by group.
        const multipliers = (p.earning ?? [])
          .flatMap((r) => (r.kind === 'multiplier' && r.enabled !== false ? [r] : []))
          .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || (a.id < b.id ? -1 : 1));
        const groups = new Map<string, typeof multipliers>();
        for (const m of multipliers) {
          const g = m.group ?? 'multipliers';
          groups.set(g, [...(groups.get(g) ?? []), m]);
        }
        const award = awardRules(p);
        simulate(p, stream, ({ result }) => {
          for (const e of result?.effects ?? []) {
            if (e.type !== 'pointsEarned') continue;
            const x = e.explanation;
            const rule = rules.get(e.ruleId)!;
            // Which multipliers of a group without conditions apply, and which the group's mode keeps.
            const target = award.find((r) => r.id === e.ruleId)!;
            const t = Date.parse(e.occurredAt);
            for (const [group, list] of groups) {
              if (list.some((m) => m.when !== undefined)) continue;
              const applying = list.filter(
                (m) =>
                  (m.validFrom === undefined || Date.parse(m.validFrom) <= t) &&
                  (m.validUntil === undefined || t < Date.parse(m.validUntil)) &&
                  (m.appliesTo === undefined
                    ? rule.kind === 'spend'
                    : (m.appliesTo.kinds === undefined || m.appliesTo.kinds.includes(rule.kind as 'spend')) &&
                      (m.appliesTo.groups === undefined || m.appliesTo.groups.includes(target.group)) &&
                      (m.appliesTo.rules === undefined || m.appliesTo.rules.includes(rule.id))),
              );
              const mode = p.stacking?.[group] ?? 'multiply';
              let kept = applying;
              if (mode === 'first') kept = applying.slice(0, 1);
              if (mode === 'max' && applying.length > 0) {
                const best = applying.reduce((a, m) => {
                  const fa = rational(a.factor);
                  const fm = rational(m.factor);
                  return fm.n * fa.d > fa.n * fm.d ? m : a;
                });
                kept = [best];
              }
              const listed = x.multipliers.filter((m) => m.group === group).map((m) => m.ruleId);
              expect(listed, `${e.sourceKey}: multipliers of group ${group} (${mode})`).toEqual(
                kept.map((m) => m.id),
              );
            }
            const factor = combinedFactor(x.multipliers, (g) => p.stacking?.[g] ?? 'multiply');
            let expected: bigint;
            if (rule.kind === 'spend') {
              const rate = rational(rule.rate.points);
              const perMinor = rational(rule.rate.per);
              const per = (perMinor.n * exponent) / perMinor.d;
              const mode = rule.rate.mode ?? 'proportional';
              const units = (amount: number): Rational => {
                const a = BigInt(amount);
                if (mode === 'proportional') return times(times({ n: a, d: per }, rate), unit);
                const blocks = mode === 'perFullBlock' ? a / per : (a + per - 1n) / per;
                return times(times({ n: blocks, d: 1n }, rate), unit);
              };
              const rounding = rule.rounding ?? 'floor';
              const basis = x.basis!;
              expect(basis.lines.reduce((a, l) => a + l.amount, 0)).toBe(basis.amount);
              expected =
                (rule.roundingScope ?? 'order') === 'order'
                  ? round(times(units(basis.amount), factor), rounding)
                  : basis.lines.reduce((a, l) => a + round(times(units(l.amount), factor), rounding), 0n);
            } else if (rule.kind === 'items') {
              const each = times(rational(rule.points), unit);
              expected = round(times(times({ n: BigInt(x.count!), d: 1n }, each), factor), 'floor');
            } else if (rule.kind === 'fixed') {
              expected = round(times(times(rational(rule.points), unit), factor), 'floor');
            } else {
              throw new Error(`a multiplier ${rule.id} earned points`);
            }
            expect(x.requested, `${e.sourceKey}: ${json(x)}`).toBe(Number(expected));
            expect(e.points).toBeLessThanOrEqual(x.requested);
            if (x.cap === null) expect(e.points).toBe(x.requested);
          }
        });
      }),
      params(),
    );
  });

  test('member statistics: order count and lifetime spend (merchandise after discounts, never negative)', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        simulate(program.json, stream, ({ after, entries }) => {
          const purchases = entries.flatMap((e) =>
            e.type === 'eventApplied' && e.event.type === 'purchase' ? [e.event] : [],
          );
          expect(after.stats.orderCount).toBe(purchases.length);
          expect(after.stats.lastPurchaseAt).toBe(purchases.at(-1)?.occurredAt ?? null);
          expect(after.stats.firstPurchaseAt).toBe(purchases[0]?.occurredAt ?? null);
          expect(after.stats.lifetimeSpend, 'lifetime spend').toBe(
            purchases.reduce((a, x) => a + spendOf(x), 0),
          );
        });
      }),
      params(),
    );
  });

  test('the facts an award recorded are the true values as of just before its event', () => {
    const conditioned = programArb({ conditioned: true }).chain((program) =>
      streamArb(program).map((stream) => ({ program, stream })),
    );
    fc.assert(
      property(fc.oneof(scenario, conditioned), ({ program, stream }) => {
        const zone = stream.member.timeZone ?? program.json.timeZone;
        const currency = program.currency;
        const money = (amount: number) => ({ amount, currency });
        simulate(program.json, stream, ({ before, result, entries }) => {
          if (result === undefined || result.effects.length === 0) return;
          const earlier = entries.slice(0, before.version);
          const purchases = earlier.flatMap((e) =>
            e.type === 'eventApplied' && e.event.type === 'purchase' ? [e.event] : [],
          );
          const event = (result.effects[0] as Extract<LedgerEntry, { type: 'eventApplied' }>).event;
          const today = localDay(event.occurredAt, zone);
          const inWindow = (days: number) =>
            purchases.filter((p) => {
              const d = localDay(p.occurredAt, zone);
              return d > today - days && d <= today;
            });
          const s = sums(earlier);
          const lazy = (params: Record<string, unknown>, fn: (p: Record<string, unknown>) => unknown) =>
            fn(params);
          const truth: Record<string, (p: Record<string, unknown>) => unknown> = {
            orderCount: () => purchases.length,
            isFirstPurchase: () => event.type === 'purchase' && purchases.length === 0,
            localHour: () => localHour(event.occurredAt, zone),
            localWeekday: () => ((ymd(today).weekday + 6) % 7) + 1,
            pointsBalance: () => s.earned + s.adjustedIn + s.restored - s.redeemed - s.adjustedOut,
            // Orders whose discount exceeds their net make the expected spend ambiguous here; the
            // member-statistics property checks them.
            spendInWindow: (p) => {
              const orders = inWindow(p['days'] as number);
              return orders.some((x) => netOf(x) < 0)
                ? SKIP
                : money(orders.reduce((a, x) => a + spendOf(x), 0));
            },
            ordersInWindow: (p) => inWindow(p['days'] as number).length,
            total: () => (event.type === 'purchase' ? money(totalOf(event)) : undefined),
            channel: () => (event.type === 'purchase' ? event.channel : undefined),
            store: () => (event.type === 'purchase' ? event.store : undefined),
          };
          for (const e of result.effects) {
            if (e.type !== 'pointsEarned') continue;
            for (const [name, recorded] of Object.entries(e.explanation.facts)) {
              const fn = truth[name];
              if (fn === undefined) continue;
              const reads =
                typeof recorded === 'object' && recorded !== null && '$reads' in recorded
                  ? (recorded as { $reads: { params: Record<string, unknown>; value: unknown }[] }).$reads
                  : [{ params: {}, value: recorded }];
              for (const r of reads) {
                const expected = lazy(r.params, fn);
                if (expected !== SKIP)
                  expect(r.value, `${e.sourceKey}: fact ${name} ${json(r.params)}`).toEqual(expected);
              }
            }
          }
        });
      }),
      params(),
    );
  });

  test('every award explains itself: summary, granted points, line shares, condition', () => {
    fc.assert(
      property(scenario, ({ program, stream }) => {
        const rules = new Map((program.json.earning ?? []).map((r) => [r.id, r]));
        simulate(program.json, stream, (step, { engine }) => {
          const effects = step.result?.effects ?? [];
          for (const e of effects) {
            if (e.type === 'ruleCapped') {
              expect(e.granted).toBeLessThan(e.requested);
              expect(e.granted).toBeGreaterThanOrEqual(0);
            }
            if (e.type !== 'pointsEarned') continue;
            const x = engine.explain(e);
            expect(typeof x.summary).toBe('string');
            expect(x.summary.length).toBeGreaterThan(0);
            expect(x.derivation?.granted).toBe(e.points);
            expect(x.derivation?.ruleId).toBe(e.ruleId);
            expect(x.derivation!.requested).toBeGreaterThanOrEqual(e.points);
            expect(x.lot).toStrictEqual(e.lot);
            expect(e.lot.amount).toBe(e.points);
            if (e.lines !== null) expect(e.lines.reduce((a, l) => a + l.points, 0)).toBe(e.points);
            if (x.derivation!.cap !== null) {
              expect(effects.some((c) => c.type === 'ruleCapped' && c.ruleId === e.ruleId)).toBe(true);
            }
            // The condition, re-evaluated on the facts the award recorded, still holds.
            if (rules.get(e.ruleId)?.when !== undefined) expect(x.condition?.result).toBe(true);
          }
        });
      }),
      params(),
    );
  });
});

describe('engine properties: bounded state', () => {
  const DAY = 86_400_000;
  const windowDays = (w: NonNullable<Program['caps']>[number]['window']): number => {
    switch (w.type) {
      case 'rollingDays':
        return w.days;
      case 'rollingMonths':
        return w.months * 31 + 1;
      case 'calendar':
        return { day: 1, week: 7, month: 31, quarter: 92, year: 366 }[w.unit];
      case 'lifetime':
        return 1;
    }
  };
  const small = programArb({
    recentEvents: fc.integer({ min: 1, max: 8 }),
    orderRetentionDays: fc.integer({ min: 0, max: 30 }),
    cancellableDays: fc.integer({ min: 0, max: 30 }),
  });
  const long = small.chain((program) =>
    streamArb(program, { minLength: 50, maxLength: 400, dupWindow: 1 }).map((stream) => ({
      program,
      stream,
    })),
  );

  test('a long stream keeps recent ids, records and counters within their windows', () => {
    fc.assert(
      property(long, ({ program, stream }) => {
        const p = program.json;
        const recent = p.idempotency!.recentEvents!;
        const retention = p.orderRetentionDays!;
        const cancellable = p.redemption!.cancellableDays!;
        const awards = awardRules(p).length;
        const caps = new Map((p.caps ?? []).map((c) => [c.id, c]));
        let applied = 0;
        simulate(p, stream, ({ after: state, result }) => {
          if (result !== undefined && result.effects.length > 0) applied++;
          // one reward issued per unit of a reward redeemed comes on top
          const issued = result?.effects.filter((e) => e.type === 'rewardIssued').length ?? 0;
          expect((result?.effects.length ?? 0) - issued).toBeLessThanOrEqual(2 + 2 * awards);
          expect(state.recentEventIds.length).toBe(Math.min(recent, applied));
          const clock = Date.parse(state.clock);
          for (const o of state.orders)
            expect(Date.parse(o.occurredAt)).toBeGreaterThanOrEqual(clock - retention * DAY);
          for (const r of state.redemptions) {
            expect(Date.parse(r.occurredAt)).toBeGreaterThanOrEqual(clock - cancellable * DAY);
          }
          expect(state.activity.length).toBeLessThanOrEqual(367);
          for (const [id, buckets] of Object.entries(state.caps)) {
            const cap = caps.get(id)!;
            expect(
              buckets.length,
              `cap ${id} (${json(cap.window)}) keeps ${buckets.length} buckets`,
            ).toBeLessThanOrEqual(windowDays(cap.window));
          }
        });
      }),
      params(Math.max(1, Math.round(RUNS / 5)), 500),
    );
  });
});

/**
 * The smallest counterexamples of the properties above that failed on the engine, as plain
 * examples, so each bug has a readable regression test (see the report of the engine-props branch).
 */
describe('counterexamples found by the properties', () => {
  const joinedAt = '2026-01-01T00:00:00Z';

  test('cancelling a redemption just past its cancellable window is refused as an event, not a ledger mismatch', () => {
    // Default cancellableDays: 365. The cancellation comes 365 days and 1 second after the redemption.
    const engine = createEngine(defineProgram({ id: 'p', currency: 'CNY', timeZone: 'UTC' }));
    let m = engine.enroll({ memberId: 'm-1', joinedAt });
    m = engine.apply(m, {
      type: 'adjustment',
      id: 'a-1',
      occurredAt: '2026-01-02T00:00:00Z',
      points: 100,
      reason: 'gift',
    }).state;
    m = engine.apply(m, {
      type: 'redemption',
      id: 'r-1',
      occurredAt: '2026-01-02T00:00:00Z',
      points: 50,
    }).state;
    const late = {
      type: 'redemptionCancellation',
      id: 'c-1',
      occurredAt: '2027-01-02T00:00:01Z',
      redemptionId: 'r-1',
    };
    const outcome = outcomeOf(() => engine.apply(m, late));
    expect(outcome).toEqual({ code: 'INVALID_EVENT' });
  });

  test('an award whose condition read an absent fact is still plain JSON', () => {
    const engine = createEngine(
      defineProgram({
        id: 'p',
        currency: 'CNY',
        timeZone: 'UTC',
        earning: [
          {
            id: 'not-in-store',
            kind: 'fixed',
            event: 'purchase',
            points: '5',
            when: { not: { fact: 'channel', operator: 'equal', value: 'store' } },
          },
        ],
      }),
    );
    const m = engine.enroll({ memberId: 'm-1', joinedAt });
    const { effects } = engine.apply(m, {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-01-02T00:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
    });
    const earned = effects.find((e) => e.type === 'pointsEarned')!;
    const bad = nonJson(earned, earned.sourceKey);
    expect(bad, `not JSON: ${bad.join(', ')}`).toEqual([]);
    expect(roundTrip(earned)).toStrictEqual(earned);
  });

  test('a lifetime cap keeps one counter, not one bucket per day with an award', () => {
    const engine = createEngine(
      defineProgram({
        id: 'p',
        currency: 'CNY',
        timeZone: 'UTC',
        earning: [{ id: 'visit', kind: 'fixed', event: 'purchase', points: '1' }],
        caps: [{ id: 'life', points: '1000000', window: { type: 'lifetime' } }],
      }),
    );
    let m = engine.enroll({ memberId: 'm-1', joinedAt });
    for (let day = 1; day <= 40; day++) {
      const occurredAt = new Date(Date.parse(joinedAt) + day * 86_400_000).toISOString();
      m = engine.apply(m, {
        type: 'purchase',
        id: `o-${day}`,
        occurredAt,
        currency: 'CNY',
        lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
      }).state;
    }
    expect(m.totals.earned).toBe(40);
    expect(m.caps['life']!.length).toBeLessThanOrEqual(1);
  });

  test('an order discount larger than the lines net never makes spend negative', () => {
    // parseEvent accepts an order discount up to the lines' amount including tax.
    const engine = createEngine(defineProgram({ id: 'p', currency: 'CNY', timeZone: 'UTC' }));
    const m = engine.enroll({ memberId: 'm-1', joinedAt });
    const { state } = engine.apply(m, {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-01-02T00:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'latte', quantity: 1, price: 10_000, tax: 5_000 }],
      orderDiscount: 12_000,
    });
    expect(state.stats.lifetimeSpend).toBeGreaterThanOrEqual(0);
  });

  test('an order discount on lines whose net is zero still counts in the total and discounts facts', () => {
    const engine = createEngine(
      defineProgram({
        id: 'p',
        currency: 'CNY',
        timeZone: 'UTC',
        earning: [
          {
            id: 'any-total',
            kind: 'fixed',
            event: 'purchase',
            points: '1',
            when: {
              all: [
                {
                  fact: 'total',
                  operator: 'moneyGreaterThanInclusive',
                  value: { amount: 0, currency: 'CNY' },
                },
                {
                  fact: 'discounts',
                  operator: 'moneyGreaterThanInclusive',
                  value: { amount: 0, currency: 'CNY' },
                },
              ],
            },
          },
        ],
      }),
    );
    const m = engine.enroll({ memberId: 'm-1', joinedAt });
    // A free item with 2.00 tax and a 1.00 order discount: the order costs 1.00.
    const { effects } = engine.apply(m, {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-01-02T00:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'gift', quantity: 1, price: 0, tax: 200 }],
      orderDiscount: 100,
    });
    const earned = effects.find((e) => e.type === 'pointsEarned')!;
    expect(earned.type === 'pointsEarned' && earned.explanation.facts).toEqual({
      total: { $reads: [{ params: {}, value: { amount: 100, currency: 'CNY' } }] },
      discounts: { $reads: [{ params: {}, value: { amount: 100, currency: 'CNY' } }] },
    });
  });

  test('an event re-sent after it left the idempotency window does not credit twice', () => {
    const engine = createEngine(
      defineProgram({ id: 'p', currency: 'CNY', timeZone: 'UTC', idempotency: { recentEvents: 1 } }),
    );
    let m = engine.enroll({ memberId: 'm-1', joinedAt });
    const gift = {
      type: 'adjustment',
      id: 'a-1',
      occurredAt: '2026-01-02T00:00:00Z',
      points: 100,
      reason: 'gift',
    };
    const entries: LedgerEntry[] = [];
    for (const event of [gift, { ...gift, id: 'a-2' }, gift]) {
      const outcome = outcomeOf(() => engine.apply(m, event));
      if ('ok' in outcome) {
        m = outcome.ok.state;
        entries.push(...outcome.ok.effects);
      }
    }
    expect(engine.checkInvariants(m, entries)).toEqual([]);
    expect(engine.balance(m, m.clock).available).toBe(200);
  });

  test('point totals stay exact: adjustments that would leave the safe integer range are refused', () => {
    const engine = createEngine(defineProgram({ id: 'p', currency: 'CNY', timeZone: 'UTC' }));
    let m = engine.enroll({ memberId: 'm-1', joinedAt });
    const at = '2026-01-02T00:00:00Z';
    for (const event of [
      { type: 'adjustment', id: 'a-1', occurredAt: at, points: Number.MAX_SAFE_INTEGER, reason: 'import' },
      { type: 'adjustment', id: 'a-2', occurredAt: at, points: Number.MAX_SAFE_INTEGER, reason: 'import' },
      { type: 'redemption', id: 'r-1', occurredAt: at, points: 1 },
    ]) {
      const outcome = outcomeOf(() => engine.apply(m, event));
      if ('ok' in outcome) m = outcome.ok.state;
      expect(Number.isSafeInteger(engine.balance(m, at).available), `after ${event.id}`).toBe(true);
    }
  });
});
