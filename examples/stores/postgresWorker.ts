// One "app server" of the PostgreSQL concurrency tests (postgresStore.test.ts starts several at once,
// each a separate Node process): it delivers its events one at a time through processEvent and
// prints one JSON line per delivery. Its job comes as JSON in argv[2]:
//   { schema, program, joinedAt, deliveries: [event, ...], barrier?: { name, parties } }
// With a barrier, the worker waits after its first load until `parties` workers have loaded too, so
// that they all hold the same version when they commit: exactly one of them can win.
import { createEngine, defineProgram, type MemberStore, processEvent } from 'loyalty-engine';
import pg from 'pg';
import { createPostgresStore } from './postgresStore.js';

interface Job {
  readonly schema: string;
  readonly program: unknown;
  readonly joinedAt: string;
  readonly deliveries: readonly { readonly id: string; readonly memberId: string }[];
  readonly barrier?: { readonly name: string; readonly parties: number };
}

const job = JSON.parse(process.argv[2] ?? '') as Job;
const engine = createEngine(defineProgram(job.program));
const url = process.env.DATABASE_URL;
const pool = new pg.Pool({ max: 2, ...(url === undefined ? {} : { connectionString: url }) });
const inner = createPostgresStore(pool, job.schema);

/** Waits, after the first load only, until `parties` workers have reached the barrier. */
function withBarrier(store: MemberStore, barrier: { name: string; parties: number }): MemberStore {
  let waited = false;
  return {
    ...store,
    async load(memberId) {
      const state = await store.load(memberId);
      if (!waited) {
        waited = true;
        const table = `"${job.schema}".barrier`;
        await pool.query(`INSERT INTO ${table} (name, worker) VALUES ($1, $2)`, [barrier.name, process.pid]);
        for (let i = 0; ; i++) {
          const r = await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${table} WHERE name = $1`,
            [barrier.name],
          );
          if (r.rows[0]!.n >= barrier.parties) break;
          if (i > 1000) throw new Error(`barrier ${barrier.name}: the other workers never came`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      return state;
    },
  };
}

const store = job.barrier === undefined ? inner : withBarrier(inner, job.barrier);
try {
  for (const event of job.deliveries) {
    const r = await processEvent(store, engine, event, {
      enroll: () => ({ joinedAt: job.joinedAt }),
      maxRetries: 100,
    });
    const seqs = r.effects.map((e) => e.seq);
    console.log(
      JSON.stringify({
        id: event.id,
        memberId: event.memberId,
        duplicate: r.duplicate,
        attempts: r.attempts,
        seqs,
      }),
    );
  }
} finally {
  await pool.end();
}
