/**
 * Erasure of a member's personal data (issue 11 item 5): one `memberErased` entry, folded like any
 * other, and the member's stored ledger redacted for the host to write back
 * (docs/decisions/017-schema-versions-and-member-data.md).
 */
import { LoyaltyError } from '../errors/index.js';
import {
  ERASED_FIELDS,
  foldEntries,
  type MemberErasedEntry,
  type MemberLedgerData,
  type MemberState,
  redactMemberData,
  SCHEMA_VERSION,
} from '../ledger/index.js';
import { parseInstant } from '../time/index.js';
import type { ErasureRequest, MemberErasure } from './types.js';
import type { Versions } from './versions.js';

/** The erased state, its entry, and the redacted ledger when given. */
export function eraseMember(
  versions: Versions,
  state: MemberState,
  request: ErasureRequest,
  ledger: MemberLedgerData | undefined,
): MemberErasure {
  if (typeof request !== 'object' || request === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid erasure request', [
      { code: 'invalid_request', path: ['request'], message: 'Expected { requestedAt: "<ISO instant>" }' },
    ]);
  }
  const requestedAt = parseInstant(request.requestedAt, ['request', 'requestedAt']);
  if (ledger !== undefined && ledger.entries?.length !== state.version) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Incomplete ledger', [
      {
        code: 'ledger_mismatch',
        path: ['ledger', 'entries'],
        message: `The member's state counts ${state.version} entries; pass the whole ledger (got ${String(ledger.entries?.length)}) or none`,
      },
    ]);
  }
  const redacted = ledger === undefined ? null : redactMemberData(ledger);
  const program = versions.at(state.clock);
  const seq = state.version + 1;
  const entry: MemberErasedEntry = {
    type: 'memberErased',
    schemaVersion: SCHEMA_VERSION,
    seq,
    sourceKey: `erased:${seq}`,
    memberId: state.memberId,
    eventId: null,
    occurredAt: state.clock,
    programId: program.id,
    programVersion: program.version,
    requestedAt,
    erased: ERASED_FIELDS,
  };
  return { state: foldEntries(state, [entry], versions.foldConfigOf), effects: [entry], ledger: redacted };
}
