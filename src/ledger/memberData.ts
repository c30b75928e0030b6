/**
 * Member data (issue 11 item 5): everything held about a member as one JSON document, and the
 * redaction of their personal data, which keeps every point, lot and total
 * (docs/decisions/017-schema-versions-and-member-data.md, docs/guides/member-data.md).
 *
 * Personal data here is what the member gave about themselves, `state.profile` (birthday, tags,
 * attributes), and the facts recorded from it in explanations and order records (`birthday`, `tags`,
 * `memberAttributes`, `isBirthdayToday`, `isBirthdayWeek`, `isBirthdayMonth`). The time zone is kept:
 * it places the member's calendar (local days of caps, metrics and expiry), so erasing it would move
 * points. Event payloads are kept as sent (refunds are settled on them); the host keeps personal
 * data out of them.
 */
import { assertNever, LoyaltyError } from '../errors/index.js';
import type { LoyaltyEvent } from '../events/index.js';
import { assertCurrentEntries, stateSchemaVersion } from './migrate.js';
import {
  type Explanation,
  type IssuedReward,
  type LedgerEntry,
  type Lot,
  type MemberProfile,
  type MemberState,
  type MemberStatus,
  type OrderRecord,
  type PointTotals,
  type RewardIssuedEntry,
  SCHEMA_VERSION,
  type TierState,
} from './types.js';

/** The recorded facts that come from the member's profile (docs/facts.md). */
export const PERSONAL_FACTS: readonly string[] = Object.freeze([
  'birthday',
  'tags',
  'memberAttributes',
  'isBirthdayToday',
  'isBirthdayWeek',
  'isBirthdayMonth',
]);

/** What an erasure removes, as written in the `memberErased` entry. */
export const ERASED_FIELDS: readonly string[] = Object.freeze([
  'profile.birthday',
  'profile.tags',
  'profile.attributes',
  ...PERSONAL_FACTS.map((f) => `facts.${f}`),
]);

/** A member's ledger as a store keeps it: the state at enrollment and every entry, in order. */
export interface MemberLedgerData {
  readonly initial: MemberState;
  readonly entries: readonly LedgerEntry[];
}

/** Everything the library holds about a member, as one JSON document ({@link exportMemberData}). */
export interface MemberDataExport {
  readonly format: 'loyalty-engine/member-data';
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly memberId: string;
  readonly programId: string;
  readonly joinedAt: string;
  readonly status: MemberStatus;
  /** The erasure, when the member's personal data was erased: when it was asked, and its entry. */
  readonly erasure: { readonly requestedAt: string; readonly seq: number } | null;
  /** What the member gave about themselves: birthday, time zone, tags, attributes. */
  readonly profile: MemberProfile;
  readonly tier: TierState | null;
  readonly points: {
    readonly totals: PointTotals;
    /** Lots with points left, in redemption order. */
    readonly openLots: readonly Lot[];
    readonly debt: number;
  };
  readonly rewards: {
    /** Issued and not used yet. */
    readonly open: readonly IssuedReward[];
    /** Every reward issued to the member, as its `rewardIssued` entry. */
    readonly issued: readonly RewardIssuedEntry[];
  };
  readonly referredBy: string | null;
  /** The member's current state, as stored. */
  readonly state: MemberState;
  /** The member's whole ledger, as stored. */
  readonly entries: readonly LedgerEntry[];
}

/**
 * Everything held about a member as one JSON document, for a data subject access request (GDPR
 * Art. 15 and 20, PIPL Art. 45): the profile, status, tier, points, issued rewards, and the state
 * and ledger themselves. Pure; `JSON.stringify` it as it is. It covers what the library holds; the
 * host adds what it keeps elsewhere (name, contact details, raw event payloads).
 *
 * @param state - the member's current state (schema {@link SCHEMA_VERSION}; migrate older ones first)
 * @param entries - the member's whole ledger, from the first entry
 * @returns the document
 * @throws {LoyaltyError} UNSUPPORTED_SCHEMA_VERSION for a state or entries of another schema
 *   version; INVALID_ARGUMENT when an entry belongs to another member
 * @example
 * const doc = exportMemberData(state, ledger.entries);
 * res.setHeader('content-type', 'application/json').end(JSON.stringify(doc));
 */
export function exportMemberData(state: MemberState, entries: readonly LedgerEntry[]): MemberDataExport {
  checkMemberData(state, entries, 'entries');
  const issued = new Map<string, RewardIssuedEntry>();
  let erasure: MemberDataExport['erasure'] = null;
  const visit = (list: readonly LedgerEntry[]): void => {
    for (const e of list) {
      if (e.type === 'rewardIssued') issued.set(e.key, e);
      else if (e.type === 'stateRederived') visit(e.entries);
      else if (e.type === 'memberErased') erasure = { requestedAt: e.requestedAt, seq: e.seq };
    }
  };
  visit(entries);
  return {
    format: 'loyalty-engine/member-data',
    schemaVersion: SCHEMA_VERSION,
    memberId: state.memberId,
    programId: state.programId,
    joinedAt: state.joinedAt,
    status: state.status,
    erasure,
    profile: state.profile,
    tier: state.tier,
    points: { totals: state.totals, openLots: state.lots, debt: state.debt },
    rewards: { open: state.rewards, issued: [...issued.values()] },
    referredBy: state.referredBy,
    state,
    entries,
  };
}

/**
 * A member's stored ledger with their personal data redacted: the state at enrollment and every
 * entry, with the same `seq`, `sourceKey` and amounts, for the host to write over the stored rows
 * (and over any copy restored from a backup later). `engine.eraseMemberData` returns it too.
 * Replaying the redacted ledger followed by the `memberErased` entry gives the erased state.
 *
 * @param ledger - the state at enrollment and every entry, in order
 * @returns the redacted copies (the input is not changed)
 * @throws {LoyaltyError} UNSUPPORTED_SCHEMA_VERSION for a state or entries of another schema
 *   version; INVALID_ARGUMENT when an entry belongs to another member
 */
export function redactMemberData(ledger: MemberLedgerData): MemberLedgerData {
  checkMemberData(ledger.initial, ledger.entries, 'ledger.entries');
  return { initial: redactState(ledger.initial), entries: ledger.entries.map(redactEntry) };
}

/** The state after a `memberErased` entry (for the fold): redacted, without the journal. */
export function erasedState(state: MemberState): MemberState {
  return { ...redactState(state), journal: null };
}

function checkMemberData(state: MemberState, entries: readonly LedgerEntry[], at: string): void {
  const v = stateSchemaVersion(state);
  if (v !== SCHEMA_VERSION) {
    throw new LoyaltyError('UNSUPPORTED_SCHEMA_VERSION', 'Unsupported state version', [
      {
        code: 'state_version',
        path: ['state', 'schemaVersion'],
        message: `This state was written with schema version ${v}: upgrade it with migrateState(state) first`,
      },
    ]);
  }
  if (!Array.isArray(entries)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid ledger entries', [
      { code: 'invalid_entries', path: [at], message: 'Expected the list of the member ledger entries' },
    ]);
  }
  assertCurrentEntries(entries);
  entries.forEach((e, i) => {
    if (e.memberId !== state.memberId) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Entry of another member', [
        {
          code: 'member_mismatch',
          path: [at, i, 'memberId'],
          message: `Entry ${e.sourceKey} belongs to member "${e.memberId}", not "${state.memberId}"`,
        },
      ]);
    }
  });
}

function redactProfile(p: MemberProfile): MemberProfile {
  return { birthday: null, timeZone: p.timeZone, tags: [], attributes: {} };
}

function redactFacts(facts: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!PERSONAL_FACTS.some((f) => Object.hasOwn(facts, f))) return facts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) if (!PERSONAL_FACTS.includes(k)) out[k] = v;
  return out;
}

function redactExplanation(x: Explanation): Explanation {
  const facts = redactFacts(x.facts);
  return facts === x.facts ? x : { ...x, facts };
}

function redactOrder(o: OrderRecord): OrderRecord {
  return {
    ...o,
    purchase: redactEvent(o.purchase),
    awards: o.awards.map((a) => ({ ...a, facts: redactFacts(a.facts) })),
  };
}

function redactState(s: MemberState): MemberState {
  return {
    ...s,
    profile: redactProfile(s.profile),
    orders: s.orders.map(redactOrder),
    journal:
      s.journal === null
        ? null
        : { anchor: redactState(s.journal.anchor), events: s.journal.events.map(redactEvent) },
  };
}

function redactEntry(e: LedgerEntry): LedgerEntry {
  switch (e.type) {
    case 'eventApplied':
      return { ...e, event: redactEvent(e.event) };
    case 'pointsEarned':
    case 'qualifyingEarned':
      return { ...e, explanation: redactExplanation(e.explanation) };
    case 'stateRederived':
      return { ...e, entries: e.entries.map(redactEntry), state: redactState(e.state) };
    case 'ruleCapped':
    case 'pointsRedeemed':
    case 'redemptionCancelled':
    case 'pointsAdjusted':
    case 'referralQualified':
    case 'pointsActivated':
    case 'pointsExpired':
    case 'pointsReversed':
    case 'qualifyingReversed':
    case 'tierChanged':
    case 'tierRenewed':
    case 'benefitGranted':
    case 'benefitRevoked':
    case 'guardTriggered':
    case 'memberStatusChanged':
    case 'rewardIssued':
    case 'rewardUsed':
    case 'memberErased':
      return e; // no personal data
    default:
      return assertNever(e, 'ledger entry');
  }
}

/**
 * Events carry no profile data today: every type is listed so that a new event carrying some
 * (a profile update) cannot be added without deciding here what erasure removes from it.
 */
function redactEvent<E extends LoyaltyEvent>(e: E): E {
  const event: LoyaltyEvent = e;
  switch (event.type) {
    case 'purchase':
    case 'signup':
    case 'birthday':
    case 'referral':
    case 'custom':
    case 'redemption':
    case 'redemptionCancellation':
    case 'adjustment':
    case 'refund':
    case 'orderCompleted':
    case 'tierGrant':
    case 'tierRevoke':
    case 'memberVerified':
    case 'memberActivated':
    case 'memberSuspended':
    case 'memberReinstated':
    case 'memberClosed':
    case 'rewardUsed':
      return e;
    default:
      return assertNever(event, 'event');
  }
}
