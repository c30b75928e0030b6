// The SQLite MemberStore (better-sqlite3) against a real database file: idempotency, version
// conflicts between two connections, atomic commits, an append-only ledger, replay from the table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LoyaltyEvent,
  type MemberStore,
  processEvent,
} from 'loyalty-engine';
import { afterAll, describe, expect, test } from 'vitest';
import { createSqliteStore, eraseSqliteMember } from './sqliteStore.js';

/**
 * better-sqlite3 is a native addon, compiled by `npm ci` for the Node that installed it. CI runs the
 * suite a second time under Node 24 with the same node_modules, where the addon cannot load: only
 * that mismatch skips these tests (any other failure to open a database fails them).
 */
function addonMismatch(): string | undefined {
  try {
    new Database(':memory:').close();
    return undefined;
  } catch (e) {
    if (e instanceof Error && /NODE_MODULE_VERSION/.test(e.message)) {
      return `better-sqlite3 was built for another Node than ${process.version}`;
    }
    throw e;
  }
}
const mismatch = addonMismatch();
if (mismatch !== undefined) console.warn(`skipping the SQLite store tests: ${mismatch}`);

const engine = createEngine(
  defineProgram({
    id: 'coffee-club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
    rewards: [{ id: 'coffee', points: '100' }],
    idempotency: { recentEvents: 2 },
  }),
);
const enroll = (_id: string, e: LoyaltyEvent) => ({ joinedAt: e.occurredAt });
const buy = (id: string, price: number, day = 2, memberId = 'alice') => ({
  type: 'purchase',
  id,
  memberId,
  occurredAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00+08:00`,
  currency: 'CNY',
  lines: [{ sku: 'beans', quantity: 1, price }],
});

describe.skipIf(mismatch !== undefined)('SQLite MemberStore (better-sqlite3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-sqlite-'));
  const open: Database.Database[] = [];
  let n = 0;
  /** A new database file, and `connections` stores on it (like app servers sharing the file). */
  function fresh(connections = 1): { file: string; dbs: Database.Database[]; stores: MemberStore[] } {
    const file = join(dir, `t${n++}.db`);
    const dbs = Array.from({ length: connections }, () => new Database(file));
    open.push(...dbs);
    return { file, dbs, stores: dbs.map((db) => createSqliteStore(db)) };
  }
  afterAll(() => {
    for (const db of open) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectReplayEqualsStored(store: MemberStore, memberId: string): Promise<void> {
    const state = await store.load(memberId);
    const ledger = (await store.ledger(memberId))!;
    expect(ledger.entries.map((e) => e.seq)).toEqual(ledger.entries.map((_, i) => i + 1));
    expect(engine.replay(ledger.initial, ledger.entries)).toEqual(state);
    expect(engine.checkInvariants(state!, ledger.entries)).toEqual([]);
  }

  test('processEvent commits state, ledger rows and the event id; the table replays to the state', async () => {
    const { dbs, stores } = fresh();
    const [db, store] = [dbs[0]!, stores[0]!];
    await processEvent(store, engine, buy('o-1', 19990, 2), { enroll });
    await processEvent(store, engine, buy('o-2', 99900, 3));
    const last = await processEvent(store, engine, {
      type: 'redemption',
      id: 'r-1',
      memberId: 'alice',
      occurredAt: '2026-03-04T10:00:00+08:00',
      rewardId: 'coffee',
    });
    expect(await store.load('alice')).toEqual(last.state);
    expect(engine.balance(last.state, last.state.clock).available).toBe(18); // 19 + 99 - 100
    expect(db.prepare('SELECT seq, type, event_id, source_key FROM ledger ORDER BY seq').all()).toEqual([
      { seq: 1, type: 'eventApplied', event_id: 'o-1', source_key: 'o-1:applied' },
      { seq: 2, type: 'pointsEarned', event_id: 'o-1', source_key: 'o-1:base:earned' },
      { seq: 3, type: 'eventApplied', event_id: 'o-2', source_key: 'o-2:applied' },
      { seq: 4, type: 'pointsEarned', event_id: 'o-2', source_key: 'o-2:base:earned' },
      { seq: 5, type: 'eventApplied', event_id: 'r-1', source_key: 'r-1:applied' },
      { seq: 6, type: 'pointsRedeemed', event_id: 'r-1', source_key: 'r-1:redeemed' },
      { seq: 7, type: 'rewardIssued', event_id: 'r-1', source_key: 'r-1:coffee:1:issued' },
    ]);
    expect(db.prepare('SELECT event_id, version FROM processed_events ORDER BY version').all()).toEqual([
      { event_id: 'o-1', version: 2 },
      { event_id: 'o-2', version: 4 },
      { event_id: 'r-1', version: 7 },
    ]);
    await expectReplayEqualsStored(store, 'alice');
  });

  test("a duplicate delivery is a no-op, also beyond the engine's window of recent ids", async () => {
    const { dbs, stores } = fresh();
    const [db, store] = [dbs[0]!, stores[0]!];
    await processEvent(store, engine, buy('o-1', 19990, 2), { enroll });
    expect(await processEvent(store, engine, buy('o-1', 19990, 2))).toMatchObject({
      duplicate: true,
      effects: [],
    });
    await processEvent(store, engine, buy('o-2', 1000, 3));
    await processEvent(store, engine, buy('o-3', 1000, 4));
    expect((await store.load('alice'))!.recentEventIds).not.toContain('o-1');
    const again = await processEvent(store, engine, buy('o-1', 19990, 2));
    expect(again).toMatchObject({ duplicate: true, effects: [], attempts: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 6 });
  });

  test('two connections write one member at once: one commits, the other conflicts and retries', async () => {
    const { stores } = fresh(2);
    const [one, two] = [stores[0]!, stores[1]!];
    await processEvent(one, engine, buy('o-1', 10000, 2), { enroll });
    const results = await Promise.all([
      processEvent(one, engine, buy('o-2', 20000, 3)),
      processEvent(two, engine, buy('o-3', 30000, 3)),
    ]);
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
    const state = (await two.load('alice'))!;
    expect(state.version).toBe(6);
    expect(engine.balance(state, state.clock).available).toBe(60);
    await expectReplayEqualsStored(one, 'alice');
  });

  test('a commit expecting a stale version is a conflict and writes nothing', async () => {
    const { stores } = fresh();
    const store = stores[0]!;
    const first = await processEvent(store, engine, buy('o-1', 10000, 2), { enroll });
    const stale = engine.enroll({ memberId: 'alice', joinedAt: '2026-03-02T10:00:00+08:00' });
    const d = engine.apply(stale, buy('o-9', 5000, 3));
    expect(
      await store.commit({
        memberId: 'alice',
        expectedVersion: 0,
        state: d.state,
        entries: d.effects,
        eventId: 'o-9',
        enrolled: stale,
      }),
    ).toEqual({ status: 'conflict', storedVersion: 2 });
    expect(await store.load('alice')).toEqual(first.state);
    expect(await store.hasEvent('alice', 'o-9')).toBe(false);
  });

  test('a commit is all or nothing: a failing ledger row rolls back the state and the event id', async () => {
    const { dbs, stores } = fresh();
    const [db, store] = [dbs[0]!, stores[0]!];
    const first = await processEvent(store, engine, buy('o-1', 10000, 2), { enroll });
    const d = engine.apply(first.state, buy('o-2', 5000, 3));
    const forged = d.effects.map((e, i) => (i === 1 ? { ...e, sourceKey: 'o-1:base:earned' } : e));
    await expect(
      store.commit({
        memberId: 'alice',
        expectedVersion: 2,
        state: d.state,
        entries: forged,
        eventId: 'o-2',
      }),
    ).rejects.toThrow(/UNIQUE constraint failed: ledger.member_id, ledger.source_key/);
    expect(await store.load('alice')).toEqual(first.state);
    expect(await store.hasEvent('alice', 'o-2')).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 2 });
  });

  test('refuses a commit that does not fit together before touching the database', async () => {
    const { stores } = fresh();
    const store = stores[0]!;
    const member = engine.enroll({ memberId: 'alice', joinedAt: '2026-03-02T00:00:00Z' });
    const d = engine.apply(member, buy('o-1', 100));
    try {
      await store.commit({
        memberId: 'alice',
        expectedVersion: 0,
        state: d.state,
        entries: d.effects,
        eventId: 'o-1',
      });
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && e.code === 'INVALID_ARGUMENT' && e.issues[0]!.code).toBe(
        'missing_enrolled',
      );
    }
    expect(await store.load('alice')).toBeUndefined();
  });

  test('the ledger table is append-only', async () => {
    const { dbs, stores } = fresh();
    await processEvent(stores[0]!, engine, buy('o-1', 10000, 2), { enroll });
    expect(() => dbs[0]!.prepare("UPDATE ledger SET type = 'x'").run()).toThrow(/append-only/);
    for (const column of ['seq = seq + 10', "source_key = 'x'", "event_id = 'x'", "occurred_at = 'x'"]) {
      expect(() => dbs[0]!.prepare(`UPDATE ledger SET ${column}`).run()).toThrow(/append-only/);
    }
    expect(() => dbs[0]!.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
  });

  test('an erasure rewrites the rows redacted in one transaction; the table replays to the erased state', async () => {
    const { dbs, stores } = fresh();
    const store = stores[0]!;
    const withProfile = (_id: string, e: LoyaltyEvent) => ({
      joinedAt: e.occurredAt,
      birthday: '1988-07-01',
      attributes: { drink: 'flat white' },
    });
    await processEvent(store, engine, buy('o-1', 10000, 2), { enroll: withProfile });
    await processEvent(store, engine, buy('o-2', 5000, 3));
    // the ledger rows carry personal data too: a profile change records the new birthday and tags
    await processEvent(store, engine, {
      type: 'memberProfileUpdated',
      id: 'pu-1',
      memberId: 'alice',
      occurredAt: '2026-03-03T02:00:00Z',
      birthday: '1988-07-02',
      tags: ['night owl'],
    });
    expect(JSON.stringify(await store.ledger('alice'))).toContain('night owl');
    const loaded = (await store.load('alice'))!;
    const ledger = (await store.ledger('alice'))!;
    const erasure = engine.eraseMemberData(loaded, { requestedAt: '2026-03-04T00:00:00Z' }, ledger);

    // a writer that commits in between makes the erasure a conflict: nothing written
    const other = createSqliteStore(dbs[0]!);
    await processEvent(other, engine, buy('o-3', 1000, 3));
    expect(eraseSqliteMember(dbs[0]!, erasure)).toEqual({
      status: 'conflict',
      storedVersion: loaded.version + 2,
    });
    expect(JSON.stringify(await store.ledger('alice'))).toContain('1988-07-01');

    const fresh2 = (await store.load('alice'))!;
    const again = engine.eraseMemberData(
      fresh2,
      { requestedAt: '2026-03-04T00:00:00Z' },
      (await store.ledger('alice'))!,
    );
    expect(eraseSqliteMember(dbs[0]!, again)).toEqual({ status: 'committed', version: fresh2.version + 1 });
    const rows = dbs[0]!.prepare('SELECT entry FROM ledger').all() as { entry: string }[];
    const members = dbs[0]!.prepare('SELECT state, initial_state FROM members').all();
    const text = JSON.stringify({ rows, members });
    expect(text).not.toContain('1988-07-01');
    expect(text).not.toContain('flat white');
    expect(text).not.toContain('1988-07-02');
    expect(text).not.toContain('night owl');
    expect(await store.load('alice')).toEqual(again.state);
    await expectReplayEqualsStored(store, 'alice');
    expect(engine.balance(again.state, again.state.clock)).toEqual(engine.balance(fresh2, fresh2.clock));
  });

  test('states and entries written by schema version 1 are upgraded on read', async () => {
    const { dbs, stores } = fresh();
    const last = await processEvent(stores[0]!, engine, buy('o-1', 10000, 2), { enroll });
    // make the stored rows look like version 1: no status, no rewards, entries without schemaVersion
    const v1 = ({ status: _s, rewards: _r, ...s }: Record<string, unknown>) => ({ ...s, schemaVersion: 1 });
    const db = dbs[0]!;
    const row = db.prepare('SELECT state, initial_state FROM members').get() as {
      state: string;
      initial_state: string;
    };
    db.prepare('UPDATE members SET state = ?, initial_state = ?').run(
      JSON.stringify(v1(JSON.parse(row.state))),
      JSON.stringify(v1(JSON.parse(row.initial_state))),
    );
    for (const r of db.prepare('SELECT seq, entry FROM ledger').all() as { seq: number; entry: string }[]) {
      const { schemaVersion: _v, ...e } = JSON.parse(r.entry) as Record<string, unknown>;
      db.prepare('UPDATE ledger SET entry = ? WHERE seq = ?').run(JSON.stringify(e), r.seq);
    }
    expect(db.prepare('SELECT entry FROM ledger').all()).not.toContainEqual(
      expect.objectContaining({ entry: expect.stringContaining('schemaVersion') }),
    );
    expect(await stores[0]!.load('alice')).toEqual(last.state);
    await expectReplayEqualsStored(stores[0]!, 'alice');
    await processEvent(stores[0]!, engine, buy('o-2', 5000, 3));
    await expectReplayEqualsStored(stores[0]!, 'alice');
  });

  test('what was committed is there after reopening the file', async () => {
    const { file, dbs, stores } = fresh();
    const last = await processEvent(stores[0]!, engine, buy('o-1', 10000, 2), { enroll });
    dbs[0]!.close();
    const reopened = new Database(file);
    open.push(reopened);
    const store = createSqliteStore(reopened);
    expect(await store.load('alice')).toEqual(last.state);
    await expectReplayEqualsStored(store, 'alice');
  });
});
