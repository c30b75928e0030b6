import { guard } from '../errors/index.js';
import { parseEvent } from '../events/index.js';
import { resolveEventLimits } from '../events/limits.js';
import {
  assertCurrentEntries,
  balanceAt,
  checkInvariants,
  foldEntries,
  type LedgerEntry,
  type MemberState,
} from '../ledger/index.js';
import type { ProgramInput } from '../program/index.js';
import { initialTier, tierStatusOf } from '../tiers/index.js';
import { parseInstant } from '../time/index.js';
import { isoOf, laterInstant, msOf } from '../time/internal.js';
import { advanceState, deadlineOf } from './advance.js';
import { applyEvent, checkState, decideEvent } from './applyEvent.js';
import { enrollMember } from './enroll.js';
import { eraseMember } from './erase.js';
import { expiringBetween } from './expiringBetween.js';
import { explainEntry, ruleReports } from './explain.js';
import type { Decision, Engine, EngineOptions } from './types.js';
import { compileVersions } from './versions.js';

/**
 * Binds a program (or its versions) to the engine's pure functions. Compiles every rule once; holds
 * no member state, so one engine serves every member, concurrently.
 *
 * @param program - a program from `defineProgram` (or plain JSON, validated here; a literal written
 *   `as const` is accepted), or a list of versions with increasing `version` and `effectiveFrom`
 * @param options - `eventLimits`: overrides of `DEFAULT_EVENT_LIMITS` for the raw events the
 *   engine parses (stricter for a public endpoint, looser for bulk imports)
 * @returns the engine
 * @throws {LoyaltyError} INVALID_PROGRAM when a program (or the list of versions) is invalid
 * @throws {LoyaltyError} INVALID_ARGUMENT for bad `options.eventLimits`
 * @example
 * const engine = createEngine(defineProgram(json));
 * let member = engine.enroll({ memberId: 'm-1', joinedAt: '2026-03-01T00:00:00Z' });
 * const { state, effects } = engine.apply(member, {
 *   type: 'purchase', id: 'o-1001', occurredAt: '2026-03-01T09:30:00Z', currency: 'CNY',
 *   lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
 * });
 */
export function createEngine(
  program: ProgramInput | readonly ProgramInput[],
  options?: EngineOptions,
): Engine {
  const versions = guard(() => compileVersions(program), 'createEngine');
  // Raw events are parsed within the engine's event limits first; a parsed event passes through.
  const overrides = options?.eventLimits;
  const limits =
    overrides === undefined
      ? undefined
      : guard(() => resolveEventLimits({ limits: overrides }), 'createEngine');
  const parsed = (event: unknown): unknown => (limits === undefined ? event : parseEvent(event, { limits }));
  // A late-event journal moves its anchor by applying events to it (without journaling them again).
  versions.bindRoll((anchor, event) => applyEvent(versions.plain, anchor, event, undefined).state);
  const programId = versions.latest.id;
  const versionAtJoin = (joinedAt: string) => {
    const first = versions.list[0]!;
    return msOf(joinedAt) < first.effectiveFromMs ? first : versions.at(joinedAt);
  };
  const zoneOf = (state: MemberState): string => state.profile.timeZone ?? versions.at(state.clock).timeZone;
  // The lots are kept in the redemption order of the version in force at the state's clock (the
  // first version's before it takes effect, or for a clock that is not an instant).
  const orderAt = (clock: string) => {
    const ms = msOf(clock);
    let v = versions.list[0]!;
    for (const x of versions.list) if (x.effectiveFromMs <= ms) v = x;
    return v.redemption.order;
  };
  const engine: Engine = {
    program: versions.latest.program,
    programs: versions.list.map((v) => v.program),
    enroll: (input) =>
      guard(
        () =>
          enrollMember(
            programId,
            input,
            (joinedAt) => initialTier(versionAtJoin(joinedAt), joinedAt),
            versions.latest.membership.start,
          ),
        'enroll',
      ),
    apply: (state, event, options) =>
      guard(() => {
        checkState(state, programId);
        return applyEvent(versions, state, parsed(event), options);
      }, 'apply'),
    applyAll: (state, events, options) =>
      guard(() => {
        checkState(state, programId);
        let current = state;
        const effects: LedgerEntry[] = [];
        for (const event of events) {
          const d = applyEvent(versions, current, parsed(event), options);
          current = d.state;
          effects.push(...d.effects);
        }
        return { state: current, effects } satisfies Decision;
      }, 'applyAll'),
    advance: (state, to) =>
      guard(() => {
        checkState(state, programId);
        const d = advanceState(versions, state, parseInstant(to, ['to']));
        return { state: d.state, effects: d.entries } satisfies Decision;
      }, 'advance'),
    balance: (state, asOf) =>
      guard(() => {
        checkState(state, programId);
        const t = parseInstant(asOf, ['asOf']);
        // What advancing to t would leave (every expiry and activation before it), without changing the state.
        const s = t > state.clock ? advanceState(versions, state, t).state : state;
        return balanceAt(s, t, zoneOf(s), deadlineOf(versions, s, zoneOf(s), t));
      }, 'balance'),
    expiringBetween: (state, from, to) =>
      guard(() => {
        checkState(state, programId);
        return expiringBetween(
          versions,
          state,
          parseInstant(from, ['from']),
          parseInstant(to, ['to']),
          zoneOf(state),
        );
      }, 'expiringBetween'),
    tierStatus: (state, asOf) =>
      guard(() => {
        checkState(state, programId);
        const t = parseInstant(asOf, ['asOf']);
        const s = t > state.clock ? advanceState(versions, state, t).state : state;
        const program = versions.at(laterInstant(t, s.clock));
        return tierStatusOf(program, s, zoneOf(s), t, (id) => {
          const level = program.program.tiers?.levels.find((l) => l.id === id);
          return level?.name ?? null;
        });
      }, 'tierStatus'),
    benefits: (state, asOf) =>
      guard(() => {
        checkState(state, programId);
        const t = parseInstant(asOf, ['asOf']);
        const s = t > state.clock ? advanceState(versions, state, t).state : state;
        if (s.status !== 'active') return { tierId: s.tier?.id ?? null };
        const level = versions.at(laterInstant(t, s.clock)).tiers?.levels.find((l) => l.id === s.tier?.id);
        return { tierId: s.tier?.id ?? null, ...(level?.benefits ?? {}) };
      }, 'benefits'),
    memberCard: (state, asOf) =>
      guard(() => {
        checkState(state, programId);
        const t = parseInstant(asOf, ['asOf']);
        const s = t > state.clock ? advanceState(versions, state, t).state : state;
        const zone = zoneOf(s);
        const program = versions.at(laterInstant(t, s.clock));
        const level = program.program.tiers?.levels.find((l) => l.id === s.tier?.id);
        const balance = balanceAt(s, t, zone, deadlineOf(versions, s, zone, t));
        const soon = isoOf(msOf(t) + 30 * 86_400_000);
        const expiring = expiringBetween(versions, s, t, soon, zone);
        const status = engine.tierStatus(s, t);
        return {
          memberId: s.memberId,
          status: s.status,
          asOf: t,
          tier:
            s.tier === null
              ? null
              : {
                  id: s.tier.id,
                  name: level?.name ?? null,
                  names: level?.names ?? {},
                  color: level?.color ?? null,
                  until: s.tier.until,
                },
          points: {
            available: balance.available,
            pending: balance.pending,
            expiringSoon: expiring.map((x) => ({ on: x.on, points: x.points })),
          },
          tierProgress: status?.next ?? null,
          benefits: engine.benefits(s, t),
          rewards: s.rewards.filter((r) => r.validUntil === null || r.validUntil > t),
        };
      }, 'memberCard'),
    replay: (initial: MemberState, entries: readonly LedgerEntry[]) =>
      guard(() => {
        checkState(initial, programId);
        assertCurrentEntries(entries);
        return foldEntries(initial, entries, versions.foldConfigOf);
      }, 'replay'),
    explain: (effect) => guard(() => explainEntry(versions, effect), 'explain'),
    explainEvent: (state, event, options) =>
      guard(() => {
        checkState(state, programId);
        const d = decideEvent(versions, state, parsed(event), options);
        if (d.duplicate) {
          return {
            event: d.event,
            programVersion: versions.at(d.event.occurredAt).version,
            rules: [],
            effects: [],
          };
        }
        return {
          event: d.event,
          programVersion: d.program.version,
          rules: ruleReports(d.program, d.outcomes, d.facts, d.zone),
          effects: d.entries,
        };
      }, 'explainEvent'),
    checkInvariants: (state, entries) => checkInvariants(state, entries, orderAt(state.clock)),
    eraseMemberData: (state, request, ledger) =>
      guard(() => {
        checkState(state, programId);
        return eraseMember(versions, state, request, ledger);
      }, 'eraseMemberData'),
  };
  return Object.freeze(engine);
}
