// A MemberStore over SQLite with better-sqlite3 (12.x): the embedded default. Copy it into your app.
// Three tables: members (latest state and version), an append-only ledger, processed events. One
// IMMEDIATE transaction per commit; optimistic concurrency on the member's version; idempotency by
// a unique (member, event id). See docs/guides/persistence.md.
import type Database from 'better-sqlite3';
import {
  assertCommit,
  type CommitResult,
  type MemberErasure,
  type MemberLedger,
  type MemberStore,
  migrateEntries,
  migrateState,
  type StoreCommit,
} from 'loyalty-engine';

/** The tables, created when missing. JSON is stored as text (checked with json_valid). */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS members (
  id            TEXT PRIMARY KEY,
  version       INTEGER NOT NULL CHECK (version >= 0),  -- = the number of ledger entries
  state         TEXT NOT NULL CHECK (json_valid(state)),
  initial_state TEXT NOT NULL CHECK (json_valid(initial_state))  -- at enrollment, for replay
) STRICT;

CREATE TABLE IF NOT EXISTS ledger (
  member_id   TEXT NOT NULL REFERENCES members (id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  source_key  TEXT NOT NULL,
  type        TEXT NOT NULL,
  event_id    TEXT,            -- NULL for effects of the passing of time
  occurred_at TEXT NOT NULL,
  entry       TEXT NOT NULL CHECK (json_valid(entry)),
  PRIMARY KEY (member_id, seq),
  UNIQUE (member_id, source_key)
) STRICT;

CREATE TABLE IF NOT EXISTS processed_events (
  member_id TEXT NOT NULL REFERENCES members (id),
  event_id  TEXT NOT NULL,
  version   INTEGER NOT NULL,  -- the member's version once the event was applied
  PRIMARY KEY (member_id, event_id)
) STRICT;

-- Append-only, with one exception: an erasure rewrites an entry's JSON with its personal data
-- redacted (eraseSqliteMember), never its position, key, type, event or time.
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
WHEN NEW.member_id IS NOT OLD.member_id OR NEW.seq IS NOT OLD.seq OR NEW.source_key IS NOT OLD.source_key
  OR NEW.type IS NOT OLD.type OR NEW.event_id IS NOT OLD.event_id OR NEW.occurred_at IS NOT OLD.occurred_at
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
`;

/**
 * A MemberStore over an open better-sqlite3 database: sets WAL mode, a busy timeout (several
 * processes may share the file) and foreign keys, and creates the tables when missing.
 */
export function createSqliteStore(db: Database.Database): MemberStore {
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SQLITE_SCHEMA);

  const selectState = db.prepare<[string], { state: string }>('SELECT state FROM members WHERE id = ?');
  const selectVersion = db.prepare<[string], { version: number }>('SELECT version FROM members WHERE id = ?');
  const selectEvent = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM processed_events WHERE member_id = ? AND event_id = ?',
  );
  const insertMember = db.prepare<[string, number, string, string]>(
    'INSERT INTO members (id, version, state, initial_state) VALUES (?, ?, ?, ?)',
  );
  const updateMember = db.prepare<[number, string, string, number]>(
    'UPDATE members SET version = ?, state = ? WHERE id = ? AND version = ?',
  );
  const insertEntry = db.prepare<[string, number, string, string, string | null, string, string]>(
    `INSERT INTO ledger (member_id, seq, source_key, type, event_id, occurred_at, entry)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare<[string, string, number]>(
    'INSERT INTO processed_events (member_id, event_id, version) VALUES (?, ?, ?)',
  );
  const selectInitial = db.prepare<[string], { initial_state: string }>(
    'SELECT initial_state FROM members WHERE id = ?',
  );
  const selectEntries = db.prepare<[string], { entry: string }>(
    'SELECT entry FROM ledger WHERE member_id = ? ORDER BY seq',
  );

  // One transaction per commit. IMMEDIATE takes the write lock at BEGIN, so the checks below and the
  // writes that follow them see the same database, across connections and processes.
  const write = db.transaction((c: StoreCommit): CommitResult => {
    if (c.eventId !== null && selectEvent.get(c.memberId, c.eventId) !== undefined) {
      return { status: 'duplicate' };
    }
    const storedVersion = selectVersion.get(c.memberId)?.version ?? 0;
    if (storedVersion !== c.expectedVersion) return { status: 'conflict', storedVersion };
    const state = JSON.stringify(c.state);
    if (c.expectedVersion === 0) {
      insertMember.run(c.memberId, c.state.version, state, JSON.stringify(c.enrolled));
    } else if (updateMember.run(c.state.version, state, c.memberId, c.expectedVersion).changes !== 1) {
      throw new Error(`member ${c.memberId} changed inside a write transaction`); // cannot happen
    }
    for (const e of c.entries) {
      insertEntry.run(c.memberId, e.seq, e.sourceKey, e.type, e.eventId, e.occurredAt, JSON.stringify(e));
    }
    if (c.eventId !== null) insertEvent.run(c.memberId, c.eventId, c.state.version);
    return { status: 'committed', version: c.state.version };
  });

  return {
    async load(memberId) {
      const row = selectState.get(memberId);
      // States written by an older version of the library are upgraded on read (current ones as they are).
      return row === undefined ? undefined : migrateState(JSON.parse(row.state));
    },
    async hasEvent(memberId, eventId) {
      return selectEvent.get(memberId, eventId) !== undefined;
    },
    async commit(commit) {
      assertCommit(commit);
      return write.immediate(commit);
    },
    async ledger(memberId): Promise<MemberLedger | undefined> {
      // One read transaction: the initial state and the entries as of the same moment.
      return db.transaction(() => {
        const initial = selectInitial.get(memberId);
        if (initial === undefined) return undefined;
        return {
          initial: migrateState(JSON.parse(initial.initial_state)),
          entries: migrateEntries(selectEntries.all(memberId).map((r): unknown => JSON.parse(r.entry))),
        };
      })();
    },
  };
}

/**
 * Commits an erasure (`engine.eraseMemberData(state, request, ledger)` with the member's ledger from
 * this store) in one IMMEDIATE transaction: the erased state (expecting the version it was made
 * from), the `memberErased` entry, and the redacted enrollment state and entries written over the
 * stored ones (matched by seq and source key). `conflict` when the member changed meanwhile: load,
 * read the ledger and erase again. See docs/guides/member-data.md.
 */
export function eraseSqliteMember(db: Database.Database, erasure: MemberErasure): CommitResult {
  const { state, effects, ledger } = erasure;
  if (ledger === null)
    throw new Error('eraseSqliteMember needs the erasure of the whole ledger (pass it to eraseMemberData)');
  const expectedVersion = state.version - effects.length;
  assertCommit({ memberId: state.memberId, expectedVersion, state, entries: effects, eventId: null });
  const write = db.transaction((): CommitResult => {
    const stored = db
      .prepare<[string], { version: number }>('SELECT version FROM members WHERE id = ?')
      .get(state.memberId);
    const storedVersion = stored?.version ?? 0;
    if (storedVersion !== expectedVersion || ledger.entries.length !== expectedVersion) {
      return { status: 'conflict', storedVersion };
    }
    db.prepare<[number, string, string, string, number]>(
      'UPDATE members SET version = ?, state = ?, initial_state = ? WHERE id = ? AND version = ?',
    ).run(
      state.version,
      JSON.stringify(state),
      JSON.stringify(ledger.initial),
      state.memberId,
      expectedVersion,
    );
    const rewrite = db.prepare<[string, string, number, string]>(
      'UPDATE ledger SET entry = ? WHERE member_id = ? AND seq = ? AND source_key = ?',
    );
    for (const e of ledger.entries) {
      if (rewrite.run(JSON.stringify(e), state.memberId, e.seq, e.sourceKey).changes !== 1) {
        throw new Error(`ledger row ${e.seq} (${e.sourceKey}) of ${state.memberId} is not the one erased`);
      }
    }
    const insert = db.prepare<[string, number, string, string, string | null, string, string]>(
      `INSERT INTO ledger (member_id, seq, source_key, type, event_id, occurred_at, entry)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of effects) {
      insert.run(state.memberId, e.seq, e.sourceKey, e.type, e.eventId, e.occurredAt, JSON.stringify(e));
    }
    return { status: 'committed', version: state.version };
  });
  return write.immediate();
}
