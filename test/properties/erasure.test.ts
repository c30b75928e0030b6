/**
 * Property of member data erasure (issue 11 item 5): for random programs (time, tiers, versions,
 * conditions on member facts) and random timed streams, erasing the member's personal data at any
 * point changes no point: lots, totals, debt, tier, balances at any instant, liability and the
 * invariants are what they were; replaying the redacted ledger (or the original one) followed by
 * the `memberErased` entry gives the erased state; nothing recorded from the profile is left; and
 * the rest of the stream applies to the erased state with replay still equal to live.
 * Replay a counterexample with `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/properties/erasure`.
 */
import fc from 'fast-check';
import {
  type Decision,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  pointsLiability,
  pointsLiabilityFromLedger,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { timedStreamArb } from '../arbitraries/events.js';
import { programArb } from '../arbitraries/program.js';
import { params, property, runs } from './harness.js';
import { instantsOf, simulateTimed } from './timed.js';

const retention = fc.constantFrom(undefined, 30, 400);
const programs = fc.oneof(
  programArb({ time: true, versions: true, orderRetentionDays: retention }),
  programArb({ time: true, tiers: true, orderRetentionDays: retention }),
  programArb({ conditioned: true }),
);
const scenario = programs.chain((program) =>
  fc.record({ program: fc.constant(program), stream: timedStreamArb(program), cut: fc.nat() }),
);

const PERSONAL_FACTS = [
  'birthday',
  'tags',
  'memberAttributes',
  'isBirthdayToday',
  'isBirthdayWeek',
  'isBirthdayMonth',
];

/** The recorded facts of a state and a ledger (explanations and order records, nested ones too). */
function recordedFacts(state: MemberState, entries: readonly LedgerEntry[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const ofState = (s: MemberState): void => {
    for (const o of s.orders) for (const a of o.awards) out.push(a.facts);
    if (s.journal !== null) ofState(s.journal.anchor);
  };
  const ofEntries = (list: readonly LedgerEntry[]): void => {
    for (const e of list) {
      if (e.type === 'pointsEarned' || e.type === 'qualifyingEarned') out.push(e.explanation.facts);
      if (e.type === 'stateRederived') {
        ofEntries(e.entries);
        ofState(e.state);
      }
    }
  };
  ofState(state);
  ofEntries(entries);
  return out;
}

function violations(found: readonly { invariant: string; message: string }[]) {
  return found;
}

describe('erasing personal data (issue 11 item 5)', () => {
  test('never changes a point, a total, a balance, the liability or the invariants; replay holds', () => {
    fc.assert(
      property(scenario, ({ program, stream, cut }) => {
        const k = stream.steps.length === 0 ? 0 : cut % (stream.steps.length + 1);
        const sim = simulateTimed(program.versions, {
          member: stream.member,
          steps: stream.steps.slice(0, k),
        });
        const { engine, initial } = sim;
        const last = sim.steps[sim.steps.length - 1];
        const state = last?.after ?? initial;
        const entries = last?.entries ?? [];

        const erased = engine.eraseMemberData(
          state,
          { requestedAt: '2030-01-01T00:00:00Z' },
          { initial, entries },
        );
        const s = erased.state;
        const ledger = [...entries, ...erased.effects];

        // points, lots, totals, tier: unchanged; the profile is gone, the time zone kept
        expect(s.lots).toEqual(state.lots);
        expect(s.totals).toEqual(state.totals);
        expect(s.debt).toBe(state.debt);
        expect(s.tier).toEqual(state.tier);
        expect(s.metrics).toEqual(state.metrics);
        expect(s.stats).toEqual(state.stats);
        expect(s.clock).toBe(state.clock);
        expect(s.version).toBe(state.version + 1);
        expect(s.profile).toEqual({
          birthday: null,
          timeZone: state.profile.timeZone,
          tags: [],
          attributes: {},
        });
        for (const t of instantsOf(state).slice(0, 8)) {
          expect(engine.balance(s, t)).toEqual(engine.balance(state, t));
          expect(engine.expiringBetween(s, state.clock, t)).toEqual(
            engine.expiringBetween(state, state.clock, t),
          );
        }
        const options = {
          asOf: state.clock,
          timeZone: 'UTC',
          pointValue: { currency: program.currency, perPoint: '1' },
        };
        expect(pointsLiability([s], options)).toEqual(pointsLiability([state], options));
        // (a ledger of the erasure entry alone names the member: counted, with nothing outstanding)
        const { members: m1, ...fromLedger } = pointsLiabilityFromLedger(ledger, options);
        const { members: m0, ...fromBefore } = pointsLiabilityFromLedger(entries, options);
        expect(fromLedger).toEqual(fromBefore);
        expect(m1).toBe(entries.length === 0 ? 1 : m0);
        expect(violations(engine.checkInvariants(s, ledger))).toEqual(
          violations(engine.checkInvariants(state, entries)),
        );

        // replay: the redacted ledger and the entry, or the original ledger and the entry
        const redacted = erased.ledger!;
        expect(redacted.entries.map((e) => e.sourceKey)).toEqual(entries.map((e) => e.sourceKey));
        expect(engine.replay(redacted.initial, [...redacted.entries, ...erased.effects])).toStrictEqual(s);
        expect(engine.replay(initial, ledger)).toStrictEqual(s);

        // nothing recorded from the profile is left
        for (const facts of recordedFacts(s, redacted.entries)) {
          for (const f of PERSONAL_FACTS) expect(facts).not.toHaveProperty(f);
        }
        if (stream.member.birthday !== undefined) {
          expect(JSON.stringify({ s, redacted })).not.toContain(`"${stream.member.birthday}"`);
        }

        // the rest of the stream applies to the erased state; replay still equals live
        let live = s;
        let all = ledger;
        for (const step of stream.steps.slice(k)) {
          let d: Decision | undefined;
          if ('advanceTo' in step) d = engine.advance(live, step.advanceTo);
          else {
            try {
              d = engine.apply(live, step.event);
            } catch (e) {
              if (!isLoyaltyError(e)) throw e;
            }
          }
          if (d !== undefined) {
            live = d.state;
            all = [...all, ...d.effects];
          }
        }
        expect(engine.replay(initial, all)).toStrictEqual(live);
        expect(live.profile.birthday).toBeNull();
      }),
      params(runs(0.4), 2000),
    );
  });
});
