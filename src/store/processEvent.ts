import type { ApplyOptions, Decision, Engine, EnrollInput } from '../engine/index.js';
import { LoyaltyError } from '../errors/index.js';
import { type LoyaltyEvent, parseEvent } from '../events/index.js';
import type { MemberState } from '../ledger/index.js';
import type { MemberStore } from './types.js';

/** Options of {@link processEvent}. */
export interface ProcessEventOptions {
  /** The member the event is for; defaults to the event's `memberId` (one of the two is needed). */
  readonly memberId?: string;
  /**
   * Enrolls a member the store does not have yet: returns the enrollment for the member id (it is
   * set for you), e.g. `(_id, event) => ({ joinedAt: event.occurredAt })`. Without it, an event for
   * an unknown member is refused.
   */
  readonly enroll?: (memberId: string, event: LoyaltyEvent) => Omit<EnrollInput, 'memberId'>;
  /**
   * How many times to reload the member and apply the event again after a version conflict (another
   * writer committed first). Default 10; 0 never retries.
   */
  readonly maxRetries?: number;
  /** Values of the program's `customFacts`, passed to `engine.apply`. */
  readonly facts?: ApplyOptions['facts'];
}

/** What {@link processEvent} did: the decision, as committed. */
export interface ProcessedEvent extends Decision {
  /**
   * True when the event had been applied before (by this process, another one, or long ago): nothing
   * was written, `effects` is empty and `state` is the member's stored state.
   */
  readonly duplicate: boolean;
  /** How many times the member was loaded and the event applied: 1, plus one per version conflict. */
  readonly attempts: number;
}

const DEFAULT_MAX_RETRIES = 10;

/**
 * Applies one event to a member held in a store: loads the member (or enrolls a new one), applies
 * the event with the engine, and commits the new state with its ledger entries and the event id in
 * one atomic write that expects the version it loaded. When another writer committed first (a
 * version conflict), it loads again and re-applies, up to `maxRetries` times, so two writers for one
 * member cannot both win and neither loses its event. An event already committed for the member
 * (found in the store's unique index of event ids, or in the state's window of recent ids) is a
 * no-op: nothing is written and `effects` is empty.
 *
 * @param store - where members live (`createMemoryStore()`, or a SQL adapter)
 * @param engine - the engine of the members' program
 * @param event - the event as the host received it (validated here, once)
 * @param options - the member id, enrollment of new members, retries, custom facts
 * @returns the decision as committed (the state after the event and its ledger entries), whether it
 *   was a duplicate, and how many attempts it took
 * @throws {LoyaltyError} INVALID_EVENT, OUT_OF_ORDER, INSUFFICIENT_POINTS and the engine's other
 *   refusals (nothing written); INVALID_ARGUMENT when no member id is known, or the member is not
 *   stored and there is no `enroll`; CONFLICT when every attempt met a version conflict. Errors of
 *   the store itself reach the caller unchanged.
 * @example
 * const store = createMemoryStore();
 * const { state, effects, duplicate } = await processEvent(store, engine, {
 *   type: 'purchase', id: 'o-1001', memberId: 'm-1', occurredAt: '2026-03-01T09:30:00Z',
 *   currency: 'CNY', lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
 * }, { enroll: (_id, e) => ({ joinedAt: e.occurredAt }) });
 */
export async function processEvent(
  store: MemberStore,
  engine: Engine,
  event: unknown,
  options: ProcessEventOptions = {},
): Promise<ProcessedEvent> {
  const parsed = parseEvent(event);
  const memberId = options.memberId ?? parsed.memberId;
  if (memberId === undefined) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'No member for the event', [
      {
        code: 'missing_member_id',
        path: ['memberId'],
        message: 'Give the member id in the event (memberId) or in the options of processEvent',
      },
    ]);
  }
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid option', [
      { code: 'invalid_retries', path: ['maxRetries'], message: 'Expected an integer, 0 or more' },
    ]);
  }
  const applyOptions: ApplyOptions = options.facts === undefined ? {} : { facts: options.facts };
  let storedVersion = 0;
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    // Load first, then ask about the event: a commit of this event between the two is then seen by
    // one of them (in the state's recent ids, or in the store's index).
    const loaded = await store.load(memberId);
    if (loaded !== undefined && (await store.hasEvent(memberId, parsed.id))) {
      return { state: loaded, effects: [], duplicate: true, attempts: attempt };
    }
    const base = loaded ?? enrollNew(engine, memberId, parsed, options);
    const decision = engine.apply(base, parsed, applyOptions);
    if (decision.effects.length === 0) {
      return { state: decision.state, effects: [], duplicate: true, attempts: attempt };
    }
    const result = await store.commit({
      memberId,
      expectedVersion: base.version,
      state: decision.state,
      entries: decision.effects,
      eventId: parsed.id,
      ...(base.version === 0 ? { enrolled: base } : {}),
    });
    switch (result.status) {
      case 'committed':
        return { state: decision.state, effects: decision.effects, duplicate: false, attempts: attempt };
      case 'duplicate':
        return {
          state: (await store.load(memberId)) ?? base,
          effects: [],
          duplicate: true,
          attempts: attempt,
        };
      case 'conflict':
        storedVersion = result.storedVersion;
        break;
    }
  }
  throw new LoyaltyError('CONFLICT', 'Version conflict', [
    {
      code: 'version_conflict',
      path: [],
      message: `Member "${memberId}" was changed by another writer during each of ${maxRetries + 1} attempts to apply event "${parsed.id}" (last seen at version ${storedVersion}); nothing was applied: process the event again later`,
    },
  ]);
}

function enrollNew(
  engine: Engine,
  memberId: string,
  event: LoyaltyEvent,
  options: ProcessEventOptions,
): MemberState {
  if (options.enroll === undefined) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Unknown member', [
      {
        code: 'unknown_member',
        path: ['memberId'],
        message: `The store has no member "${memberId}": enroll the member first, or pass an enroll option`,
      },
    ]);
  }
  return engine.enroll({ ...options.enroll(memberId, event), memberId });
}
