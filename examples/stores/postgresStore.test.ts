/**
 * The PostgreSQL MemberStore against a real server, with several Node processes writing the same
 * members at once (postgresWorker.ts). Runs when PGHOST or DATABASE_URL is set (CI starts a server,
 * see .ci/run); under CI, a missing server fails instead of skipping. Each run works in its own
 * schema, dropped at the end.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEngine,
  defineProgram,
  type LedgerEntry,
  type LoyaltyEvent,
  type MemberState,
  type MemberStore,
  type ProgramInput,
  processEvent,
} from 'loyalty-engine';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, erasePostgresMember, migratePostgres } from './postgresStore.js';

const enabled = process.env.PGHOST !== undefined || process.env.DATABASE_URL !== undefined;
const url = process.env.DATABASE_URL;
const connection = url === undefined ? {} : { connectionString: url };

if (process.env.CI && !enabled) {
  it('CI provides a PostgreSQL server (.ci/run exports PGHOST)', () => {
    expect.fail(
      'CI is set but neither PGHOST nor DATABASE_URL is: the PostgreSQL store tests would be skipped',
    );
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const WORKER = join(here, 'postgresWorker.ts');

const program: ProgramInput = {
  id: 'coffee-club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } },
    {
      id: 'first',
      kind: 'fixed',
      event: 'purchase',
      points: '25',
      when: { fact: 'isFirstPurchase', operator: 'equal', value: true },
    },
    { id: 'review', kind: 'fixed', event: 'custom', customEvent: 'review', points: '10' },
  ],
  rewards: [{ id: 'coffee', points: '100' }],
  // Processes deliver in any order: a late event is re-derived in time order, not refused.
  lateEvents: { mode: 'rederive', windowDays: 30 },
  idempotency: { recentEvents: 3 },
};
const engine = createEngine(defineProgram(program));
const JOINED = '2026-03-01T00:00:00Z';
const enroll = () => ({ joinedAt: JOINED });

const buy = (memberId: string, id: string, hour: number, price: number) => ({
  type: 'purchase',
  id,
  memberId,
  occurredAt: `2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`,
  currency: 'CNY',
  lines: [{ sku: 'beans', quantity: 1, price }],
});
const review = (memberId: string, id: string, hour: number) => ({
  type: 'custom',
  id,
  memberId,
  occurredAt: `2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`,
  name: 'review',
});

interface Delivery {
  readonly id: string;
  readonly memberId: string;
  readonly duplicate: boolean;
  readonly attempts: number;
  readonly seqs: readonly number[];
}

/** A seeded shuffle (mulberry32), so each worker gets its own, reproducible order. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.skipIf(!enabled)('PostgreSQL MemberStore (pg), several processes at once', () => {
  const schema = `loyalty_test_${process.pid}_${Date.now().toString(36)}`;
  let pool: pg.Pool;
  let store: MemberStore;

  beforeAll(async () => {
    pool = new pg.Pool({ max: 4, ...connection });
    await migratePostgres(pool, schema);
    await pool.query(`CREATE TABLE "${schema}".barrier (name text NOT NULL, worker int NOT NULL)`);
    store = createPostgresStore(pool, schema);
  });

  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  });

  /** Starts one worker process per job, all at once; resolves with each worker's deliveries. */
  function runWorkers(jobs: readonly object[]): Promise<Delivery[][]> {
    return Promise.all(
      jobs.map(
        (job) =>
          new Promise<Delivery[]>((done, fail) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', WORKER, JSON.stringify({ schema, program, joinedAt: JOINED, ...job })],
              { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
            );
            let out = '';
            let err = '';
            child.stdout.on('data', (d: Buffer) => {
              out += d;
            });
            child.stderr.on('data', (d: Buffer) => {
              err += d;
            });
            child.on('error', fail);
            child.on('close', (code) => {
              if (code !== 0) fail(new Error(`worker exited with ${code}:\n${err}`));
              else
                done(
                  out
                    .trim()
                    .split('\n')
                    .filter((l) => l !== '')
                    .map((l) => JSON.parse(l) as Delivery),
                );
            });
          }),
      ),
    );
  }

  /** The member as stored, its ledger from the table, and the checks every test makes on them. */
  async function expectSound(
    memberId: string,
  ): Promise<{ state: MemberState; entries: readonly LedgerEntry[] }> {
    const state = (await store.load(memberId))!;
    const ledger = (await store.ledger(memberId))!;
    expect(ledger.entries.map((e) => e.seq)).toEqual(ledger.entries.map((_, i) => i + 1));
    expect(state.version).toBe(ledger.entries.length);
    expect(engine.replay(ledger.initial, ledger.entries)).toEqual(state);
    expect(engine.checkInvariants(state, ledger.entries)).toEqual([]);
    return { state, entries: ledger.entries };
  }

  it('commits through processEvent; a duplicate is a no-op, also beyond the window; replay equals the state', async () => {
    const first = await processEvent(store, engine, buy('solo', 'o-1', 1, 19990), { enroll });
    expect(first.effects.map((e) => e.type)).toEqual(['eventApplied', 'pointsEarned', 'pointsEarned']);
    for (let i = 2; i <= 5; i++) await processEvent(store, engine, review('solo', `rv-${i}`, i));
    expect((await store.load('solo'))!.recentEventIds).not.toContain('o-1');
    const again = await processEvent(store, engine, buy('solo', 'o-1', 1, 19990));
    expect(again).toMatchObject({ duplicate: true, effects: [], attempts: 1 });
    const { state } = await expectSound('solo');
    expect(state.version).toBe(11);
    expect(engine.balance(state, state.clock).available).toBe(19 + 25 + 40);
    const rows = await pool.query(
      `SELECT seq, type, event_id FROM "${schema}".ledger WHERE member_id = 'solo' AND seq <= 3 ORDER BY seq`,
    );
    expect(rows.rows).toEqual([
      { seq: 1, type: 'eventApplied', event_id: 'o-1' },
      { seq: 2, type: 'pointsEarned', event_id: 'o-1' },
      { seq: 3, type: 'pointsEarned', event_id: 'o-1' },
    ]);
  });

  it('a commit is all or nothing, and the ledger table is append-only', async () => {
    const first = await processEvent(store, engine, buy('atomic', 'o-1', 1, 10000), { enroll });
    const d = engine.apply(first.state, buy('atomic', 'o-2', 2, 5000));
    const forged = d.effects.map((e, i) => (i === 1 ? { ...e, sourceKey: first.effects[1]!.sourceKey } : e));
    await expect(
      store.commit({
        memberId: 'atomic',
        expectedVersion: first.state.version,
        state: d.state,
        entries: forged,
        eventId: 'o-2',
      }),
    ).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await store.load('atomic')).toEqual(first.state);
    expect(await store.hasEvent('atomic', 'o-2')).toBe(false);
    await expect(pool.query(`DELETE FROM "${schema}".ledger WHERE member_id = 'atomic'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query(`UPDATE "${schema}".ledger SET type = 'x'`)).rejects.toThrow(/append-only/);
    for (const column of ['seq = seq + 10', "source_key = 'x'", "event_id = 'x'", 'occurred_at = now()']) {
      await expect(pool.query(`UPDATE "${schema}".ledger SET ${column}`)).rejects.toThrow(/append-only/);
    }
  });

  it('an erasure rewrites the rows redacted in one transaction; the table replays to the erased state', async () => {
    const withProfile = () => ({
      joinedAt: JOINED,
      birthday: '1988-07-01',
      attributes: { drink: 'flat white' },
    });
    await processEvent(store, engine, buy('erased', 'o-1', 1, 10000), { enroll: withProfile });
    await processEvent(store, engine, review('erased', 'rv-1', 2));
    // the ledger rows carry personal data too: a profile change records the new birthday and tags
    await processEvent(store, engine, {
      type: 'memberProfileUpdated',
      id: 'pu-1',
      memberId: 'erased',
      occurredAt: '2026-03-02T02:30:00Z',
      birthday: '1988-07-02',
      tags: ['night owl'],
    });
    expect(JSON.stringify(await store.ledger('erased'))).toContain('night owl');
    const loaded = (await store.load('erased'))!;
    const erasure = engine.eraseMemberData(
      loaded,
      { requestedAt: '2026-03-04T00:00:00Z' },
      (await store.ledger('erased'))!,
    );

    // a writer that commits in between makes the erasure a conflict: nothing written
    await processEvent(store, engine, buy('erased', 'o-2', 3, 1000));
    const later = (await store.load('erased'))!;
    expect(await erasePostgresMember(pool, erasure, schema)).toEqual({
      status: 'conflict',
      storedVersion: later.version,
    });
    expect(JSON.stringify(await store.ledger('erased'))).toContain('1988-07-01');

    const again = engine.eraseMemberData(
      later,
      { requestedAt: '2026-03-04T00:00:00Z' },
      (await store.ledger('erased'))!,
    );
    expect(await erasePostgresMember(pool, again, schema)).toEqual({
      status: 'committed',
      version: later.version + 1,
    });
    const rows = await pool.query(
      `SELECT (SELECT jsonb_agg(entry) FROM "${schema}".ledger WHERE member_id = 'erased') AS entries,
              (SELECT jsonb_agg(jsonb_build_array(state, initial_state)) FROM "${schema}".members WHERE id = 'erased') AS members`,
    );
    const text = JSON.stringify(rows.rows);
    expect(text).not.toContain('1988-07-01');
    expect(text).not.toContain('flat white');
    expect(text).not.toContain('1988-07-02');
    expect(text).not.toContain('night owl');
    const { state } = await expectSound('erased');
    expect(state).toEqual(again.state);
    expect(engine.balance(state, state.clock)).toEqual(engine.balance(later, later.clock));
  });

  it('two processes write one member from the same version: one wins, the other conflicts and retries', async () => {
    await processEvent(store, engine, buy('duel', 'o-0', 1, 10000), { enroll });
    const barrier = { name: 'duel', parties: 2 };
    const [a, b] = await runWorkers([
      { deliveries: [buy('duel', 'o-a', 2, 20000)], barrier },
      { deliveries: [buy('duel', 'o-b', 2, 30000)], barrier },
    ]);
    const results = [a![0]!, b![0]!];
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    const [winner, loser] = results[0]!.attempts === 1 ? results : [results[1]!, results[0]!];
    expect(winner!.seqs[0]).toBe(4); // both loaded version 3
    expect(loser!.seqs[0]).toBe(winner!.seqs.at(-1)! + 1);
    const { state } = await expectSound('duel');
    expect(engine.balance(state, state.clock).available).toBe(25 + 10 + 20 + 30);
  });

  it('four processes deliver the same 18 events for 3 members: each applied once, no entry lost or doubled', async () => {
    const members = ['m-1', 'm-2', 'm-3'];
    const events = members.flatMap((m, k) => [
      buy(m, `${m}-o1`, 3, 10000 + k),
      buy(m, `${m}-o2`, 1, 25000),
      review(m, `${m}-rv`, 2),
      buy(m, `${m}-o3`, 5, 4000),
      review(m, `${m}-rv2`, 4),
      buy(m, `${m}-o4`, 4, 999),
    ]);
    const started = Date.now();
    // All four load their first member, then wait for each other: they start writing at once.
    const barrier = { name: 'crowd', parties: 4 };
    const workers = await runWorkers(
      [1, 2, 3, 4].map((seed) => ({ deliveries: shuffled(events, seed), barrier })),
    );
    const elapsed = Date.now() - started;
    const deliveries = workers.flat();
    expect(deliveries).toHaveLength(4 * events.length);

    // Every event applied by exactly one delivery; the other three were no-ops.
    for (const e of events) {
      const mine = deliveries.filter((d) => d.id === e.id);
      expect(mine.filter((d) => !d.duplicate)).toHaveLength(1);
      for (const d of mine.filter((x) => x.duplicate)) expect(d.seqs).toEqual([]);
    }
    const retries = deliveries.reduce((n, d) => n + d.attempts - 1, 0);
    console.log(
      `4 processes, ${deliveries.length} deliveries: ${retries} retries after version conflicts, ${elapsed} ms`,
    );

    for (const m of members) {
      const { state, entries } = await expectSound(m);
      // The table holds exactly the entries the winning deliveries committed.
      const committed = deliveries.filter((d) => d.memberId === m).flatMap((d) => d.seqs);
      expect(committed.sort((x, y) => x - y)).toEqual(entries.map((e) => e.seq));
      // The same events applied one at a time, in the order the table says they were committed.
      const order = entries
        .filter((e) => e.type === 'eventApplied' || e.type === 'stateRederived')
        .map((e) => (e.type === 'stateRederived' ? e.lateEventId : e.eventId));
      expect([...order].sort()).toEqual(
        events
          .filter((e) => e.memberId === m)
          .map((e) => e.id)
          .sort(),
      );
      let sequential = engine.enroll({ memberId: m, joinedAt: JOINED });
      for (const id of order)
        sequential = engine.apply(
          sequential,
          events.find((e) => e.id === id),
        ).state;
      expect(state).toEqual(sequential);
      // And the balance is the one of the events in time order.
      const inTime = events
        .filter((e) => e.memberId === m)
        .sort((x, y) => (x.occurredAt < y.occurredAt ? -1 : 1)) as unknown as LoyaltyEvent[];
      const timeOrdered = engine.applyAll(engine.enroll({ memberId: m, joinedAt: JOINED }), inTime).state;
      expect(engine.balance(state, '2026-03-03T00:00:00Z')).toEqual(
        engine.balance(timeOrdered, '2026-03-03T00:00:00Z'),
      );
    }
  });
});
