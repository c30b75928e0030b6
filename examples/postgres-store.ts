// Persistence with PostgreSQL: the same three tables as the SQLite example, as JSONB, for shops with
// many app servers applying events for the same members. processEvent loads, applies and commits in
// one transaction that expects the version it loaded; when another server got there first, it
// reloads and applies again. The adapter is examples/stores/postgresStore.ts (node-postgres `pg`);
// docs/guides/persistence.md explains the design.
// Needs a server: set PGHOST, PGUSER, PGPASSWORD, PGDATABASE (or DATABASE_URL). The tables go into
// a schema of their own, dropped at the end.
// Run: npx tsx examples/postgres-store.ts
import { isDeepStrictEqual } from 'node:util';
import {
  createEngine,
  defineProgram,
  type LoyaltyEvent,
  type MemberStore,
  type ProcessedEvent,
  processEvent,
} from 'loyalty-engine';
import pg from 'pg';
import { createPostgresStore, migratePostgres } from './stores/postgresStore.js';

if (process.env.PGHOST === undefined && process.env.DATABASE_URL === undefined) {
  console.error(
    'This example needs a PostgreSQL server: set PGHOST (and PGUSER, PGPASSWORD) or DATABASE_URL',
  );
  process.exit(1);
}
const connection =
  process.env.DATABASE_URL === undefined ? {} : { connectionString: process.env.DATABASE_URL };

const engine = createEngine(
  defineProgram({
    id: 'coffee-club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
    rewards: [{ id: 'coffee', name: 'A coffee', points: '100' }],
  }),
);
const enroll = (_memberId: string, event: LoyaltyEvent) => ({ joinedAt: event.occurredAt });

const schema = `loyalty_example_${process.pid}`;
const pool = new pg.Pool({ ...connection, max: 2 });
await migratePostgres(pool, schema);
const store = createPostgresStore(pool, schema);
// Three more app servers, each with its own connection pool.
const servers = [1, 2, 3].map(() => new pg.Pool({ ...connection, max: 2 }));

/** Holds each store's first load until `n` stores have loaded: they all hold the same version. */
function loadingTogether(stores: MemberStore[]): MemberStore[] {
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived = 0;
  return stores.map((s) => {
    let first = true;
    return {
      ...s,
      async load(memberId) {
        const state = await s.load(memberId);
        if (first) {
          first = false;
          if (++arrived === stores.length) release();
          await all;
        }
        return state;
      },
    };
  });
}

const purchase = (id: string, day: number, price: number) => ({
  type: 'purchase',
  id,
  memberId: 'alice',
  occurredAt: `2026-03-0${day}T10:00:00+08:00`,
  currency: 'CNY',
  lines: [{ sku: 'beans-1kg', quantity: 1, price }],
});

try {
  console.log('Alice, one event at a time');
  for (const [what, event] of [
    ['o-1001: beans for 199.90', purchase('o-1001', 2, 19990)],
    ['o-1001 again (the queue retried)', purchase('o-1001', 2, 19990)],
    ['o-1002: a grinder for 880.00', purchase('o-1002', 3, 88000)],
  ] as const) {
    const r = await processEvent(store, engine, event, { enroll });
    const outcome = r.duplicate ? 'duplicate, nothing written' : `${r.effects.length} entries written`;
    const balance = engine.balance(r.state, r.state.clock).available;
    console.log(`  ${what.padEnd(32)} ${outcome.padEnd(28)} version ${r.state.version}, ${balance} points`);
  }

  console.log('Two app servers load Alice at version 4, then both commit');
  const [a, b] = loadingTogether(servers.slice(0, 2).map((p) => createPostgresStore(p, schema)));
  const duel = await Promise.all([
    processEvent(a!, engine, purchase('o-1003', 5, 3200)),
    processEvent(b!, engine, purchase('o-1004', 5, 4500)),
  ]);
  const tries = (r: ProcessedEvent) => (r.attempts === 1 ? 'the first try' : `try ${r.attempts}`);
  const [won, retried] = duel[0].attempts === 1 ? [duel[0], duel[1]] : [duel[1], duel[0]];
  console.log(`  one committed seq ${won.effects[0]!.seq}-${won.effects.at(-1)!.seq} on ${tries(won)}`);
  console.log(
    `  the other met a version conflict, reloaded, applied again: seq ${retried.effects[0]!.seq}-${retried.effects.at(-1)!.seq} on ${tries(retried)}`,
  );

  console.log('Three app servers receive the same redemption at once (at-least-once delivery)');
  const redemption = {
    type: 'redemption',
    id: 'r-1',
    memberId: 'alice',
    occurredAt: '2026-03-06T09:00:00+08:00',
    rewardId: 'coffee',
  };
  const three = loadingTogether(servers.map((p) => createPostgresStore(p, schema)));
  const deliveries = await Promise.all(three.map((s) => processEvent(s, engine, redemption)));
  const applied = deliveries.filter((r) => !r.duplicate);
  console.log(
    `  applied once (${applied[0]!.effects.length} entries), ${deliveries.length - applied.length} duplicates wrote nothing; balance ${engine.balance(applied[0]!.state, applied[0]!.state.clock).available} points`,
  );

  // Which of o-1003 and o-1004 committed first varies from run to run: group the rows by event.
  const rows = await pool.query<{ event_id: string; types: string; seqs: number }>(
    `SELECT event_id, string_agg(type, ', ' ORDER BY seq) AS types, count(*)::int AS seqs
     FROM "${schema}".ledger WHERE member_id = $1 GROUP BY event_id ORDER BY event_id`,
    ['alice'],
  );
  const gaps = await pool.query<{ n: number; max: number }>(
    `SELECT count(*)::int AS n, max(seq) AS max FROM "${schema}".ledger WHERE member_id = $1`,
    ['alice'],
  );
  const { n, max } = gaps.rows[0]!;
  console.log(
    `The ledger table (append-only): ${n} rows, seq 1 to ${max}${n === max ? ' without a gap' : ' WITH GAPS'}`,
  );
  for (const r of rows.rows) console.log(`  ${r.event_id.padEnd(8)} ${r.types}`);

  const state = (await store.load('alice'))!;
  const ledger = (await store.ledger('alice'))!;
  // JSONB keeps values, not key order: compare as values.
  const replayed = isDeepStrictEqual(engine.replay(ledger.initial, ledger.entries), state);
  const processed = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".processed_events`,
  );
  const sound = engine.checkInvariants(state, ledger.entries).length === 0;
  console.log(
    `members.version ${state.version}, ${ledger.entries.length} ledger rows, ${processed.rows[0]!.n} processed events`,
  );
  console.log(
    `replay from the table equals the stored state: ${replayed}, invariants: ${sound ? 'ok' : 'broken'}`,
  );
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all([pool, ...servers].map((p) => p.end()));
}

/* Expected output:
Alice, one event at a time
  o-1001: beans for 199.90         2 entries written            version 2, 19 points
  o-1001 again (the queue retried) duplicate, nothing written   version 2, 19 points
  o-1002: a grinder for 880.00     2 entries written            version 4, 107 points
Two app servers load Alice at version 4, then both commit
  one committed seq 5-6 on the first try
  the other met a version conflict, reloaded, applied again: seq 7-8 on try 2
Three app servers receive the same redemption at once (at-least-once delivery)
  applied once (3 entries), 2 duplicates wrote nothing; balance 14 points
The ledger table (append-only): 11 rows, seq 1 to 11 without a gap
  o-1001   eventApplied, pointsEarned
  o-1002   eventApplied, pointsEarned
  o-1003   eventApplied, pointsEarned
  o-1004   eventApplied, pointsEarned
  r-1      eventApplied, pointsRedeemed, rewardIssued
members.version 11, 11 ledger rows, 5 processed events
replay from the table equals the stored state: true, invariants: ok
*/
