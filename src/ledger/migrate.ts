/**
 * Schema migrations of member states and ledger entries (docs/decisions/017-schema-versions-and-member-data.md).
 * A host loads what it stored years ago, passes it through `migrateState` / `migrateEntries`, and
 * gets the shape this version of the library reads. Pure: the input is not changed.
 *
 * Schema versions:
 * - **1**: the shape before member status, issued rewards and gifts. States have no `status` and no
 *   `rewards`; entries have no `schemaVersion` field.
 * - **2** (current): states have `status` and `rewards`; every entry has `schemaVersion: 2`.
 */
import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { type LedgerEntry, type MemberState, SCHEMA_VERSION } from './types.js';

type Json = Record<string, unknown>;

/**
 * Upgrades a member state written by this or an older version of the library to the current schema
 * ({@link SCHEMA_VERSION}). A state that is current already comes back as it is, so a store can call
 * this on every load. Nested states (the late-event journal's anchor) are upgraded too.
 *
 * Version 1 to 2: `status` becomes `"active"` (version 1 had no membership flow: every member could
 * earn and redeem) and `rewards` (issued rewards not used yet) becomes empty (version 1 issued none).
 *
 * @param input - a state as stored (parsed JSON)
 * @returns the state in the current schema
 * @throws {LoyaltyError} UNSUPPORTED_SCHEMA_VERSION when the state's `schemaVersion` is newer than
 *   this library or not a version it knows; INVALID_ARGUMENT when the input is not a member state
 * @example
 * const state = migrateState(JSON.parse(row.state));
 * const { state: next, effects } = engine.apply(state, event);
 */
export function migrateState(input: unknown): MemberState {
  return migrateStateAt(input, ['state']);
}

/**
 * Upgrades ledger entries written by this or an older version of the library to the current schema
 * ({@link SCHEMA_VERSION}), one by one: a ledger written across an upgrade holds entries of both
 * versions. Current entries come back as they are. The entries and states nested in a
 * `stateRederived` entry are upgraded too. Nothing else changes: `seq`, `sourceKey` and every amount
 * stay as they were, so `engine.replay(migrateState(initial), migrateEntries(entries))` gives the
 * member's state, and liability reports read the same numbers.
 *
 * Version 1 to 2: each entry gets `schemaVersion: 2`.
 *
 * @param input - the entries as stored (parsed JSON), in ledger order
 * @returns the entries in the current schema
 * @throws {LoyaltyError} UNSUPPORTED_SCHEMA_VERSION when an entry's `schemaVersion` is newer than
 *   this library or not a version it knows; INVALID_ARGUMENT when the input is not a list of entries
 */
export function migrateEntries(input: unknown): LedgerEntry[] {
  return migrateEntriesAt(input, ['entries']);
}

/** The schema version of a stored state (1, 2, ...) without migrating it, or throws as `migrateState`. */
export function stateSchemaVersion(input: unknown, path: readonly PathSegment[] = ['state']): number {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid state', [
      { code: 'invalid_state', path, message: 'Expected a member state (a JSON object)' },
    ]);
  }
  const v = (input as Json)['schemaVersion'];
  return checkVersion(v, [...path, 'schemaVersion'], 'state');
}

function migrateStateAt(input: unknown, path: readonly PathSegment[]): MemberState {
  const version = stateSchemaVersion(input, path);
  if (version === SCHEMA_VERSION) return input as MemberState;
  return stateV1ToV2(input as Json, path);
}

function migrateEntriesAt(input: unknown, path: readonly PathSegment[]): LedgerEntry[] {
  if (!Array.isArray(input)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid ledger entries', [
      { code: 'invalid_entries', path, message: 'Expected a list of ledger entries' },
    ]);
  }
  return input.map((e: unknown, i) => migrateEntry(e, [...path, i]));
}

function migrateEntry(input: unknown, path: readonly PathSegment[]): LedgerEntry {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('type' in input)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid ledger entry', [
      { code: 'invalid_entry', path, message: 'Expected a ledger entry (a JSON object with a type)' },
    ]);
  }
  const e = input as Json;
  // Version 1 entries have no schemaVersion field.
  const version =
    'schemaVersion' in e ? checkVersion(e['schemaVersion'], [...path, 'schemaVersion'], 'entry') : 1;
  if (version === SCHEMA_VERSION) return input as LedgerEntry;
  const { type, ...rest } = e;
  const out: Json = { type, schemaVersion: SCHEMA_VERSION, ...rest };
  if (type === 'stateRederived') {
    out['entries'] = migrateEntriesAt(e['entries'], [...path, 'entries']);
    out['state'] = migrateStateAt(e['state'], [...path, 'state']);
  }
  return out as unknown as LedgerEntry;
}

function stateV1ToV2(s: Json, path: readonly PathSegment[]): MemberState {
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    // status and rewards go where version 2 has them: after nextDue, before tier.
    if (key === 'tier' || key === 'metrics') addV2Fields(out, s);
    if (key === 'status' || key === 'rewards') continue;
    out[key] = key === 'tier' ? tierV1ToV2(value) : value;
  }
  addV2Fields(out, s);
  out['schemaVersion'] = SCHEMA_VERSION;
  const journal = s['journal'];
  if (typeof journal === 'object' && journal !== null) {
    const j = journal as Json;
    out['journal'] = { ...j, anchor: migrateStateAt(j['anchor'], [...path, 'journal', 'anchor']) };
  }
  return out as unknown as MemberState;
}

/**
 * Version 2 tiers carry `floor`: the locked grant a member cannot fall below. A version 1 lock was
 * that floor. (Order awards' `countedAt` is left out: the engine falls back to deriving it from the
 * lots for awards that lack it.)
 */
function tierV1ToV2(tier: unknown): unknown {
  if (typeof tier !== 'object' || tier === null || 'floor' in tier) return tier;
  const t = tier as Json;
  return { ...t, floor: t['locked'] === true ? { tierId: t['id'], until: t['lockedUntil'] ?? null } : null };
}

/** Adds `status` and `rewards` once, keeping them when a development build already wrote them. */
function addV2Fields(out: Json, s: Json): void {
  if ('status' in out) return;
  out['status'] = s['status'] ?? 'active';
  out['rewards'] = s['rewards'] ?? [];
}

function checkVersion(v: unknown, path: readonly PathSegment[], what: 'state' | 'entry'): number {
  if (v === SCHEMA_VERSION || v === 1) return v;
  const newer = typeof v === 'number' && Number.isInteger(v) && v > SCHEMA_VERSION;
  throw new LoyaltyError('UNSUPPORTED_SCHEMA_VERSION', `Unsupported ${what} schema version`, [
    {
      code: newer ? 'newer_schema' : 'unknown_schema',
      path,
      message: newer
        ? `This ${what} was written with schema version ${String(v)}, newer than this version of loyalty-engine reads (${SCHEMA_VERSION}): upgrade loyalty-engine`
        : `Schema version ${JSON.stringify(v) ?? String(v)} is not a version of loyalty-engine's ${what} (1 to ${SCHEMA_VERSION})`,
    },
  ]);
}

/**
 * Throws when an entry is not of the current schema (for `engine.replay`, which folds entries as
 * they are): an older entry names `migrateEntries`.
 */
export function assertCurrentEntries(entries: readonly LedgerEntry[]): void {
  for (let i = 0; i < entries.length; i++) {
    const v = (entries[i] as Partial<LedgerEntry> | undefined)?.schemaVersion;
    if (v === SCHEMA_VERSION) continue;
    const older = v === undefined || (typeof v === 'number' && v < SCHEMA_VERSION);
    throw new LoyaltyError('UNSUPPORTED_SCHEMA_VERSION', 'Unsupported entry version', [
      {
        code: 'entry_version',
        path: ['entries', i, 'schemaVersion'],
        message: older
          ? `Entry ${i} was written with schema version ${String(v ?? 1)}: upgrade the ledger with migrateEntries(entries) before replaying it; this version of loyalty-engine reads ${SCHEMA_VERSION}`
          : `Entry schema version ${String(v)} is not supported (expected ${SCHEMA_VERSION}): a newer loyalty-engine wrote it`,
      },
    ]);
  }
}
