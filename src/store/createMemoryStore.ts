import type { LedgerEntry, MemberState } from '../ledger/index.js';
import { assertCommit } from './assertCommit.js';
import type { CommitResult, MemberLedger, MemberStore, StoreCommit } from './types.js';

/** One member as the memory store keeps it: JSON text, as a database would. */
interface Row {
  readonly initial: string;
  state: string;
  version: number;
  readonly entries: string[];
  readonly eventIds: Set<string>;
}

/**
 * A {@link MemberStore} in memory, for tests and prototypes, with the semantics of the SQL stores:
 * each commit is atomic, a version other than the expected one is a `conflict`, an event id already
 * committed for the member is a `duplicate` (for as long as the store lives, beyond the engine's
 * window of recent ids). States and entries are kept as JSON text, so what `load` returns is what a
 * database would give back (a fresh, unshared copy), never an object the caller still holds.
 *
 * Every method answers in a later microtask, so concurrent `processEvent` calls interleave their
 * loads and commits, and conflicts happen as they would against a database.
 *
 * @returns an empty store
 * @example
 * const store = createMemoryStore();
 * const enroll = (_id: string, e: LoyaltyEvent) => ({ joinedAt: e.occurredAt });
 * await processEvent(store, engine, { type: 'signup', id: 's-1', memberId: 'm-1', occurredAt }, { enroll });
 * const { initial, entries } = (await store.ledger('m-1'))!;
 * engine.replay(initial, entries); // equals (await store.load('m-1'))
 */
export function createMemoryStore(): MemberStore {
  const rows = new Map<string, Row>();
  return Object.freeze({
    async load(memberId: string): Promise<MemberState | undefined> {
      const row = rows.get(memberId);
      return row === undefined ? undefined : (JSON.parse(row.state) as MemberState);
    },
    async hasEvent(memberId: string, eventId: string): Promise<boolean> {
      return rows.get(memberId)?.eventIds.has(eventId) ?? false;
    },
    async commit(commit: StoreCommit): Promise<CommitResult> {
      assertCommit(commit);
      const row = rows.get(commit.memberId);
      if (commit.eventId !== null && row?.eventIds.has(commit.eventId)) return { status: 'duplicate' };
      const storedVersion = row?.version ?? 0;
      if (storedVersion !== commit.expectedVersion) return { status: 'conflict', storedVersion };
      // Serialize everything first, so a value JSON cannot hold leaves the store untouched.
      const state = JSON.stringify(commit.state);
      const entries = commit.entries.map((entry) => JSON.stringify(entry));
      const target: Row = row ?? {
        initial: JSON.stringify(commit.enrolled),
        state,
        version: 0,
        entries: [],
        eventIds: new Set(),
      };
      target.state = state;
      target.version = commit.state.version;
      target.entries.push(...entries);
      if (commit.eventId !== null) target.eventIds.add(commit.eventId);
      rows.set(commit.memberId, target);
      return { status: 'committed', version: target.version };
    },
    async ledger(memberId: string): Promise<MemberLedger | undefined> {
      const row = rows.get(memberId);
      if (row === undefined) return undefined;
      return {
        initial: JSON.parse(row.initial) as MemberState,
        entries: row.entries.map((e) => JSON.parse(e) as LedgerEntry),
      };
    },
  });
}
