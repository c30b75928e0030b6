// A MemberStore over PostgreSQL with node-postgres (`pg`): for shops with many app servers applying
// events for the same members. Copy it into your app. The same three tables as the SQLite store, as
// JSONB: members (latest state and version), an append-only ledger, processed events. One
// transaction per commit; optimistic concurrency on the member's version (a conditional UPDATE);
// idempotency by a unique (member, event id). See docs/guides/persistence.md.
import {
  assertCommit,
  type CommitResult,
  type LedgerEntry,
  type MemberErasure,
  type MemberLedger,
  type MemberState,
  type MemberStore,
  migrateEntries,
  migrateState,
  type StoreCommit,
} from 'loyalty-engine';
import type { Pool, PoolClient } from 'pg';

/** The tables in `schema`, created when missing. */
export function postgresSchema(schema: string): string {
  const s = identifier(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.members (
  id            text PRIMARY KEY,
  version       integer NOT NULL CHECK (version >= 0),  -- = the number of ledger entries
  state         jsonb NOT NULL,
  initial_state jsonb NOT NULL                          -- at enrollment, for replay
);

CREATE TABLE IF NOT EXISTS ${s}.ledger (
  member_id   text NOT NULL REFERENCES ${s}.members (id),
  seq         integer NOT NULL CHECK (seq >= 1),
  source_key  text NOT NULL,
  type        text NOT NULL,
  event_id    text,             -- NULL for effects of the passing of time
  occurred_at timestamptz NOT NULL,
  entry       jsonb NOT NULL,
  PRIMARY KEY (member_id, seq),
  UNIQUE (member_id, source_key)
);

CREATE TABLE IF NOT EXISTS ${s}.processed_events (
  member_id text NOT NULL REFERENCES ${s}.members (id),
  event_id  text NOT NULL,
  version   integer NOT NULL,   -- the member's version once the event was applied
  PRIMARY KEY (member_id, event_id)
);

-- Append-only, with one exception: an erasure rewrites an entry's JSON with its personal data
-- redacted (erasePostgresMember), never its position, key, type, event or time.
CREATE OR REPLACE FUNCTION ${s}.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
  IF TG_OP = 'UPDATE' AND NEW.member_id = OLD.member_id AND NEW.seq = OLD.seq
     AND NEW.source_key = OLD.source_key AND NEW.type = OLD.type
     AND NEW.event_id IS NOT DISTINCT FROM OLD.event_id AND NEW.occurred_at = OLD.occurred_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the ledger is append-only';
END $$;
CREATE OR REPLACE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ${s}.ledger
FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_append_only();
`;
}

/** Creates the tables in `schema` when missing (run once, at deploy time). */
export async function migratePostgres(pool: Pool, schema: string): Promise<void> {
  await pool.query(postgresSchema(schema));
}

/**
 * A MemberStore over a pg Pool, its tables in `schema` (see `migratePostgres`). Each commit takes one
 * pooled connection for one transaction.
 */
export function createPostgresStore(pool: Pool, schema = 'loyalty'): MemberStore {
  const s = identifier(schema);

  async function write(client: PoolClient, c: StoreCommit): Promise<boolean> {
    // The version check is the write itself: a conditional UPDATE (or an INSERT for a new member).
    // A concurrent writer of the same member waits on the row lock, then finds the version changed.
    const state = JSON.stringify(c.state);
    const member =
      c.expectedVersion === 0
        ? await client.query(
            `INSERT INTO ${s}.members (id, version, state, initial_state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO NOTHING`,
            [c.memberId, c.state.version, state, JSON.stringify(c.enrolled)],
          )
        : await client.query(
            `UPDATE ${s}.members SET version = $2, state = $3 WHERE id = $1 AND version = $4`,
            [c.memberId, c.state.version, state, c.expectedVersion],
          );
    if (member.rowCount !== 1) return false;
    if (c.eventId !== null) {
      const event = await client.query(
        `INSERT INTO ${s}.processed_events (member_id, event_id, version) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [c.memberId, c.eventId, c.state.version],
      );
      if (event.rowCount !== 1) return false;
    }
    const values: unknown[] = [];
    const rows = c.entries.map((e) => {
      values.push(c.memberId, e.seq, e.sourceKey, e.type, e.eventId, e.occurredAt, JSON.stringify(e));
      const i = values.length - 7;
      return `($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}, $${i + 6}, $${i + 7})`;
    });
    await client.query(
      `INSERT INTO ${s}.ledger (member_id, seq, source_key, type, event_id, occurred_at, entry)
       VALUES ${rows.join(', ')}`,
      values,
    );
    return true;
  }

  const store: MemberStore = {
    async load(memberId) {
      const r = await pool.query<{ state: MemberState }>(`SELECT state FROM ${s}.members WHERE id = $1`, [
        memberId,
      ]);
      const row = r.rows[0];
      // States written by an older version of the library are upgraded on read (current ones as they are).
      return row === undefined ? undefined : migrateState(row.state);
    },
    async hasEvent(memberId, eventId) {
      const r = await pool.query(
        `SELECT 1 FROM ${s}.processed_events WHERE member_id = $1 AND event_id = $2`,
        [memberId, eventId],
      );
      return r.rowCount === 1;
    },
    async commit(c): Promise<CommitResult> {
      assertCommit(c);
      const client = await pool.connect();
      let written = false;
      try {
        await client.query('BEGIN');
        written = await write(client, c);
        await client.query(written ? 'COMMIT' : 'ROLLBACK');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      if (written) return { status: 'committed', version: c.state.version };
      // Nothing written: say why. A duplicate event id wins over a version conflict.
      if (c.eventId !== null && (await store.hasEvent(c.memberId, c.eventId))) return { status: 'duplicate' };
      const r = await pool.query<{ version: number }>(`SELECT version FROM ${s}.members WHERE id = $1`, [
        c.memberId,
      ]);
      return { status: 'conflict', storedVersion: r.rows[0]?.version ?? 0 };
    },
    async ledger(memberId): Promise<MemberLedger | undefined> {
      // One statement, so one snapshot: the enrolled state and every entry as of the same moment.
      const r = await pool.query<{ initial: MemberState; entries: LedgerEntry[] }>(
        `SELECT m.initial_state AS initial,
                coalesce((SELECT jsonb_agg(l.entry ORDER BY l.seq) FROM ${s}.ledger l WHERE l.member_id = m.id),
                         '[]'::jsonb) AS entries
         FROM ${s}.members m WHERE m.id = $1`,
        [memberId],
      );
      const row = r.rows[0];
      return row === undefined
        ? undefined
        : { initial: migrateState(row.initial), entries: migrateEntries(row.entries) };
    },
  };
  return store;
}

/**
 * Commits an erasure (`engine.eraseMemberData(state, request, ledger)` with the member's ledger from
 * this store) in one transaction: the erased state (expecting the version it was made from), the
 * `memberErased` entry, and the redacted enrollment state and entries written over the stored ones
 * (matched by seq and source key; the trigger lets an update change nothing but the entry's JSON).
 * `conflict` when the member changed meanwhile: load, read the ledger and erase again. See
 * docs/guides/member-data.md.
 */
export async function erasePostgresMember(
  pool: Pool,
  erasure: MemberErasure,
  schema = 'loyalty',
): Promise<CommitResult> {
  const s = identifier(schema);
  const { state, effects, ledger } = erasure;
  if (ledger === null)
    throw new Error('erasePostgresMember needs the erasure of the whole ledger (pass it to eraseMemberData)');
  const expectedVersion = state.version - effects.length;
  assertCommit({ memberId: state.memberId, expectedVersion, state, entries: effects, eventId: null });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The conditional UPDATE is the version check (and takes the member's row lock first).
    const member = await client.query(
      `UPDATE ${s}.members SET version = $2, state = $3, initial_state = $4 WHERE id = $1 AND version = $5`,
      [state.memberId, state.version, JSON.stringify(state), JSON.stringify(ledger.initial), expectedVersion],
    );
    if (member.rowCount !== 1 || ledger.entries.length !== expectedVersion) {
      await client.query('ROLLBACK');
      const r = await pool.query<{ version: number }>(`SELECT version FROM ${s}.members WHERE id = $1`, [
        state.memberId,
      ]);
      return { status: 'conflict', storedVersion: r.rows[0]?.version ?? 0 };
    }
    for (const e of ledger.entries) {
      const row = await client.query(
        `UPDATE ${s}.ledger SET entry = $1 WHERE member_id = $2 AND seq = $3 AND source_key = $4`,
        [JSON.stringify(e), state.memberId, e.seq, e.sourceKey],
      );
      if (row.rowCount !== 1)
        throw new Error(`ledger row ${e.seq} (${e.sourceKey}) of ${state.memberId} is not the one erased`);
    }
    for (const e of effects) {
      await client.query(
        `INSERT INTO ${s}.ledger (member_id, seq, source_key, type, event_id, occurred_at, entry)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [state.memberId, e.seq, e.sourceKey, e.type, e.eventId, e.occurredAt, JSON.stringify(e)],
      );
    }
    await client.query('COMMIT');
    return { status: 'committed', version: state.version };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** A schema name, checked and quoted. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`Not a plain schema name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
