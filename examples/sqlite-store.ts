// Persistence with SQLite: members, an append-only ledger and the processed event ids in one file,
// written through processEvent (load, apply, commit in one transaction; reload and retry when
// another writer got there first). The adapter is examples/stores/sqliteStore.ts (better-sqlite3);
// docs/guides/persistence.md explains the design.
// Run: npx tsx examples/sqlite-store.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine, defineProgram, type LoyaltyEvent, processEvent } from 'loyalty-engine';
import { createSqliteStore } from './stores/sqliteStore.js';

const engine = createEngine(
  defineProgram({
    id: 'coffee-club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
    rewards: [{ id: 'coffee', name: 'A coffee', points: '100' }],
  }),
);
// A member the store has not seen yet is enrolled when their first event arrives.
const enroll = (_memberId: string, event: LoyaltyEvent) => ({ joinedAt: event.occurredAt });

const dir = mkdtempSync(join(tmpdir(), 'loyalty-sqlite-example-'));
const file = join(dir, 'loyalty.db');
const db = new Database(file);
const store = createSqliteStore(db);

const purchase = (id: string, day: number, price: number) => ({
  type: 'purchase',
  id,
  memberId: 'alice',
  occurredAt: `2026-03-0${day}T10:00:00+08:00`,
  currency: 'CNY',
  lines: [{ sku: 'beans-1kg', quantity: 1, price }],
});

async function deliver(what: string, event: Record<string, unknown>): Promise<void> {
  const r = await processEvent(store, engine, event, { enroll });
  const outcome = r.duplicate ? 'duplicate, nothing written' : `${r.effects.length} entries written`;
  const balance = engine.balance(r.state, r.state.clock).available;
  console.log(`  ${what.padEnd(32)} ${outcome.padEnd(28)} version ${r.state.version}, ${balance} points`);
}

console.log('Alice, one event at a time');
await deliver('o-1001: beans for 199.90', purchase('o-1001', 2, 19990));
await deliver('o-1001 again (the queue retried)', purchase('o-1001', 2, 19990));
await deliver('o-1002: a grinder for 880.00', purchase('o-1002', 3, 88000));
await deliver('r-1: a coffee for 100 points', {
  type: 'redemption',
  id: 'r-1',
  memberId: 'alice',
  occurredAt: '2026-03-04T09:00:00+08:00',
  rewardId: 'coffee',
});

// Two app servers, each with its own connection to the file, apply events for Alice at once.
console.log('Two app servers write Alice at the same moment');
const serverB = new Database(file);
const [a, b] = await Promise.all([
  processEvent(store, engine, purchase('o-1003', 5, 3200)),
  processEvent(createSqliteStore(serverB), engine, purchase('o-1004', 5, 4500)),
]);
for (const [name, r] of [
  ['server A, o-1003', a],
  ['server B, o-1004', b],
] as const) {
  const how =
    r.attempts === 1
      ? 'on the first try'
      : `on try ${r.attempts} (version conflict: reloaded, applied again)`;
  console.log(`  ${name}: committed seq ${r.effects[0]!.seq}-${r.effects.at(-1)!.seq} ${how}`);
}

console.log('The ledger table (append-only)');
const rows = db
  .prepare<[string], { seq: number; type: string; event_id: string; source_key: string }>(
    'SELECT seq, type, event_id, source_key FROM ledger WHERE member_id = ? ORDER BY seq',
  )
  .all('alice');
console.log('  seq  type            event_id  source_key');
for (const r of rows) {
  console.log(`  ${String(r.seq).padStart(3)}  ${r.type.padEnd(15)} ${r.event_id.padEnd(9)} ${r.source_key}`);
}

const state = (await store.load('alice'))!;
const ledger = (await store.ledger('alice'))!;
const replayed = JSON.stringify(engine.replay(ledger.initial, ledger.entries)) === JSON.stringify(state);
const processed = db.prepare('SELECT count(*) AS n FROM processed_events').get() as { n: number };
const sound = engine.checkInvariants(state, ledger.entries).length === 0;
console.log(
  `members.version ${state.version}, ${ledger.entries.length} ledger rows, ${processed.n} processed events`,
);
console.log(
  `replay from the table equals the stored state: ${replayed}, invariants: ${sound ? 'ok' : 'broken'}`,
);

serverB.close();
db.close();
rmSync(dir, { recursive: true, force: true });

/* Expected output:
Alice, one event at a time
  o-1001: beans for 199.90         2 entries written            version 2, 19 points
  o-1001 again (the queue retried) duplicate, nothing written   version 2, 19 points
  o-1002: a grinder for 880.00     2 entries written            version 4, 107 points
  r-1: a coffee for 100 points     3 entries written            version 7, 7 points
Two app servers write Alice at the same moment
  server A, o-1003: committed seq 8-9 on the first try
  server B, o-1004: committed seq 10-11 on try 2 (version conflict: reloaded, applied again)
The ledger table (append-only)
  seq  type            event_id  source_key
    1  eventApplied    o-1001    o-1001:applied
    2  pointsEarned    o-1001    o-1001:base:earned
    3  eventApplied    o-1002    o-1002:applied
    4  pointsEarned    o-1002    o-1002:base:earned
    5  eventApplied    r-1       r-1:applied
    6  pointsRedeemed  r-1       r-1:redeemed
    7  rewardIssued    r-1       r-1:coffee:1:issued
    8  eventApplied    o-1003    o-1003:applied
    9  pointsEarned    o-1003    o-1003:base:earned
   10  eventApplied    o-1004    o-1004:applied
   11  pointsEarned    o-1004    o-1004:base:earned
members.version 11, 11 ledger rows, 5 processed events
replay from the table equals the stored state: true, invariants: ok
*/
