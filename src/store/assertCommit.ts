import { LoyaltyError, type LoyaltyIssue } from '../errors/index.js';
import type { StoreCommit } from './types.js';

/**
 * Checks that a commit fits together before a store writes it: the state and every entry belong to
 * the member, the entries are numbered `expectedVersion + 1` to `state.version` without a gap, and a
 * new member's commit carries its enrolled state (version 0). Stores call it first, so a host bug
 * never reaches the ledger.
 *
 * @param commit - what a store is asked to write
 * @throws {LoyaltyError} INVALID_ARGUMENT listing every problem found
 * @example
 * const { state, effects } = engine.apply(loaded, event);
 * assertCommit({ memberId: 'm-1', expectedVersion: loaded.version, state, entries: effects, eventId: event.id });
 */
export function assertCommit(commit: StoreCommit): void {
  const issues: LoyaltyIssue[] = [];
  const add = (path: (string | number)[], code: string, message: string): void => {
    issues.push({ code, path, message });
  };
  const { memberId, expectedVersion, state, entries, eventId } = commit;
  if (typeof memberId !== 'string' || memberId === '') {
    add(['memberId'], 'invalid_member_id', 'Expected a non-empty member id');
  }
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    add(['expectedVersion'], 'invalid_version', 'Expected a version: an integer, 0 or more');
  }
  if (eventId !== null && (typeof eventId !== 'string' || eventId === '')) {
    add(['eventId'], 'invalid_event_id', 'Expected an event id (a non-empty string) or null');
  }
  if (typeof state !== 'object' || state === null) {
    add(['state'], 'invalid_state', 'Expected the new member state');
  } else {
    if (state.memberId !== memberId) {
      add(
        ['state', 'memberId'],
        'member_mismatch',
        `The state is of member "${state.memberId}", not "${memberId}"`,
      );
    }
    if (Array.isArray(entries) && state.version !== expectedVersion + entries.length) {
      add(
        ['state', 'version'],
        'version_mismatch',
        `The state is at version ${state.version}, but ${expectedVersion} + ${entries.length} entries is ${expectedVersion + entries.length}`,
      );
    }
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    add(['entries'], 'no_entries', 'A commit appends at least one ledger entry');
  } else {
    entries.forEach((entry, i) => {
      if (entry.seq !== expectedVersion + i + 1) {
        add(
          ['entries', i, 'seq'],
          'seq_gap',
          `Entry ${i} has seq ${entry.seq}, expected ${expectedVersion + i + 1} (entries continue the stored ledger)`,
        );
      }
      if (entry.memberId !== memberId) {
        add(
          ['entries', i, 'memberId'],
          'member_mismatch',
          `The entry is of member "${entry.memberId}", not "${memberId}"`,
        );
      }
    });
  }
  if (expectedVersion === 0) {
    const enrolled = commit.enrolled;
    if (enrolled === undefined) {
      add(
        ['enrolled'],
        'missing_enrolled',
        'A new member (expectedVersion 0) needs its enrolled state, for replay',
      );
    } else if (enrolled.version !== 0 || enrolled.memberId !== memberId) {
      add(
        ['enrolled'],
        'invalid_enrolled',
        `Expected the state of member "${memberId}" at enrollment (version 0)`,
      );
    }
  }
  if (issues.length > 0) throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid commit', issues);
}
