import type { LedgerEntry, MemberState } from '../ledger/index.js';

/**
 * What a store must do to hold members for the engine: load a member's latest state, tell whether an
 * event was already committed, commit a new state with its ledger entries atomically (expecting a
 * version), and read a member's ledger back for replay and audit.
 *
 * Asynchronous, because real databases are. `createMemoryStore()` implements it in memory; the
 * SQLite and PostgreSQL adapters in `examples/stores/` implement it over SQL (docs/guides/persistence.md).
 * `processEvent` drives it: load, `engine.apply`, commit, retry on a version conflict.
 *
 * Errors of the database itself (connection lost, disk full) are the store's to throw; they reach
 * the caller of `processEvent` unchanged.
 */
export interface MemberStore {
  /**
   * The member's latest committed state, or `undefined` when the store has no such member.
   * Its `version` is the number of the member's ledger entries, which a later commit expects.
   */
  load(memberId: string): Promise<MemberState | undefined>;
  /**
   * Whether an event with this id was committed for this member, however long ago: the store keeps a
   * unique index on (member id, event id), beyond the engine's window of recent event ids
   * (docs/decisions/002-idempotency.md).
   */
  hasEvent(memberId: string, eventId: string): Promise<boolean>;
  /**
   * Atomically: when `eventId` was already committed for the member, writes nothing and answers
   * `duplicate`; when the stored version (0 for a member not stored) is not `expectedVersion`,
   * writes nothing and answers `conflict`; otherwise stores `state`, appends `entries` to the
   * member's ledger, records `eventId` and answers `committed`. All of it, or nothing.
   *
   * @throws {LoyaltyError} INVALID_ARGUMENT when the commit does not fit together (see
   *   `assertCommit`); nothing is written
   */
  commit(commit: StoreCommit): Promise<CommitResult>;
  /**
   * The member's ledger: the state at enrollment and every entry in `seq` order, or `undefined`
   * when the store has no such member. `engine.replay(ledger.initial, ledger.entries)` equals the
   * state `load` returns; `engine.checkInvariants(state, ledger.entries)` audits it.
   */
  ledger(memberId: string): Promise<MemberLedger | undefined>;
}

/** One atomic write: a member's new state, the entries that made it, and the event that caused them. */
export interface StoreCommit {
  readonly memberId: string;
  /** The version the state was loaded at (the number of entries stored); 0 for a new member. */
  readonly expectedVersion: number;
  /** The new state: `state.version === expectedVersion + entries.length`. */
  readonly state: MemberState;
  /** The new ledger entries, at least one, numbered `expectedVersion + 1` to `state.version`. */
  readonly entries: readonly LedgerEntry[];
  /**
   * The id of the event applied, recorded so that a redelivery is a no-op; `null` for entries that no
   * event caused (`engine.advance`: activations and expiries written by a nightly job).
   */
  readonly eventId: string | null;
  /**
   * For a new member (`expectedVersion` 0), required: the state at enrollment (version 0), which the
   * store keeps as the start of the ledger, for replay. Ignored otherwise.
   */
  readonly enrolled?: MemberState;
}

/** What a commit did. Conflicts and duplicates are outcomes, not errors: nothing was written. */
export type CommitResult =
  /** Stored; the member is now at `version`. */
  | { readonly status: 'committed'; readonly version: number }
  /** The event id was already committed for this member: nothing written. */
  | { readonly status: 'duplicate' }
  /** The stored version (0 when the member is not stored) was not the expected one: nothing written. */
  | { readonly status: 'conflict'; readonly storedVersion: number };

/** A member's ledger as a store holds it: what `engine.replay` needs. */
export interface MemberLedger {
  /** The state at enrollment (version 0). */
  readonly initial: MemberState;
  /** Every entry, in `seq` order (1, 2, 3, ...). */
  readonly entries: readonly LedgerEntry[];
}
