/**
 * Simulation of a timed stream (test/arbitraries/events.ts `timedStreamArb`): events applied one
 * by one and calls to `engine.advance` between them, as a host would make them. Refused events are
 * skipped (they must throw a LoyaltyError); `advance` never throws on a valid instant.
 */
import {
  createEngine,
  type Decision,
  defineProgram,
  type Engine,
  isLoyaltyError,
  type LedgerEntry,
  type LoyaltyEvent,
  type MemberState,
  type ProgramInput,
} from 'loyalty-engine';
import type { StreamStep, TimedStream } from '../arbitraries/events.js';

/** What one step did. */
export interface TimedStep {
  readonly index: number;
  readonly step: StreamStep;
  readonly before: MemberState;
  readonly result: Decision | undefined;
  readonly error: unknown;
  /** The state after the step (the state before, when the event was refused). */
  readonly after: MemberState;
  /** The whole ledger after the step. */
  readonly entries: readonly LedgerEntry[];
  /** The events applied so far (parsed), in the order they were applied; a re-derived late event last. */
  readonly applied: readonly LoyaltyEvent[];
}

export interface TimedSimulation {
  readonly engine: Engine;
  readonly initial: MemberState;
  readonly steps: readonly TimedStep[];
}

/** An engine of program versions (oldest first). */
export function engineOf(versions: readonly ProgramInput[]): Engine {
  return createEngine(versions.map((v) => defineProgram(v)));
}

/** The events a step's effects applied: one per `eventApplied`, or the late event of a `stateRederived`. */
export function appliedEvents(effects: readonly LedgerEntry[]): LoyaltyEvent[] {
  const out: LoyaltyEvent[] = [];
  for (const e of effects) {
    if (e.type === 'eventApplied') out.push(e.event);
    if (e.type === 'stateRederived') {
      const late = e.entries.find((x) => x.type === 'eventApplied' && x.eventId === e.lateEventId);
      if (late?.type === 'eventApplied') out.push(late.event);
    }
  }
  return out;
}

/** Applies a timed stream step by step and calls `check` after each step. */
export function simulateTimed(
  versions: readonly ProgramInput[],
  stream: TimedStream,
  check?: (step: TimedStep, sim: TimedSimulation) => void,
): TimedSimulation {
  const engine = engineOf(versions);
  const initial = engine.enroll(stream.member);
  const steps: TimedStep[] = [];
  const sim: TimedSimulation = { engine, initial, steps };
  let state = initial;
  let entries: LedgerEntry[] = [];
  let applied: LoyaltyEvent[] = [];
  stream.steps.forEach((s, index) => {
    let result: Decision | undefined;
    let error: unknown;
    if ('advanceTo' in s) {
      result = engine.advance(state, s.advanceTo);
    } else {
      try {
        result = engine.apply(state, s.event);
      } catch (e) {
        error = e;
      }
    }
    // A refusal is a LoyaltyError, never another error (its code is checked by its own property).
    if (error !== undefined && !isLoyaltyError(error)) throw error;
    const before = state;
    if (result !== undefined) {
      state = result.state;
      if (result.effects.length > 0) {
        entries = [...entries, ...result.effects];
        const events = appliedEvents(result.effects);
        if (events.length > 0) applied = [...applied, ...events];
      }
    }
    const step: TimedStep = { index, step: s, before, result, error, after: state, entries, applied };
    steps.push(step);
    check?.(step, sim);
  });
  return sim;
}

/** Events in time order, as the engine re-derives them: stable, so a late event comes after those at its instant. */
export function inTimeOrder(events: readonly LoyaltyEvent[]): LoyaltyEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.occurredAt < b.e.occurredAt ? -1 : a.e.occurredAt > b.e.occurredAt ? 1 : a.i - b.i))
    .map((x) => x.e);
}

/** A state without its ledger position (`version`, also its journal anchor's), which counts entries. */
export function withoutVersion(s: MemberState): unknown {
  return {
    ...s,
    version: 0,
    journal: s.journal === null ? null : { ...s.journal, anchor: { ...s.journal.anchor, version: 0 } },
  };
}

/**
 * Instants worth advancing or asking the balance at, from a state: its clock and a little after,
 * lot activations and expiries (and the millisecond before), the tier period end, far ahead.
 */
export function instantsOf(s: MemberState): string[] {
  const clock = Date.parse(s.clock);
  const iso = (ms: number) => new Date(ms).toISOString();
  const out = new Set<string>([s.clock, iso(clock + 1), iso(clock + 3_600_000), iso(clock + 86_400_000)]);
  out.add(iso(clock + 35 * 86_400_000));
  out.add(iso(clock + 400 * 86_400_000));
  for (const lot of s.lots) {
    for (const t of [lot.availableAt, lot.expiresAt]) {
      if (t === null || t < s.clock) continue;
      out.add(t);
      out.add(iso(Date.parse(t) - 1));
    }
  }
  if (s.tier?.until != null && s.tier.until >= s.clock) {
    out.add(s.tier.until);
    out.add(iso(Date.parse(s.tier.until) + 30 * 86_400_000));
  }
  return [...out].filter((t) => t >= s.clock).sort();
}
