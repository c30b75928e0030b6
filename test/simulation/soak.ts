/**
 * The simulator's soak run: random stream seeds until the time is up, then how many streams and
 * operations were checked and every failing seed (with its reproduction command).
 *
 *   npm run soak -- --minutes 30 [--events 500] [--seed <base>] [--deep] [--shrink-ms 20000]
 *
 * The base seed is random unless given (it is printed, so a whole soak run can be repeated); stream
 * `i` runs seed `streamSeed(base, i)`, like the test. Exits 1 when a stream failed.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULTS } from './options.js';
import { streamSeed } from './rng.js';
import { DEFAULT_CADENCE, describeFailure, EVERY_STEP, type Failure, runSeed, shrink } from './simulator.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    events: { type: 'string', default: '500' },
    seed: { type: 'string' },
    deep: { type: 'boolean', default: false },
    'shrink-ms': { type: 'string', default: String(DEFAULTS.shrinkMs) },
  },
  strict: true,
});

function number(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number >= ${min}, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const minutes = number('minutes', values.minutes, 0);
const events = Math.floor(number('events', values.events, 1));
const base =
  values.seed === undefined ? randomInt(0, 2 ** 32 - 1) : Math.floor(number('seed', values.seed, 0)) >>> 0;
const shrinkMs = Math.floor(number('shrink-ms', values['shrink-ms'], 0));
const cadence = values.deep ? EVERY_STEP : DEFAULT_CADENCE;

console.log(
  `soak: ${minutes} min, ${events} operations per stream, base seed ${base}${values.deep ? ', every check after every step' : ''}`,
);
const started = Date.now();
const deadline = started + minutes * 60_000;
let streams = 0;
let ops = 0;
let applied = 0;
const failures: Failure[] = [];
let lastReport = started;

for (let i = 0; streams === 0 || Date.now() < deadline; i++) {
  const seed = streamSeed(base, i);
  const { failure, stats } = runSeed(seed, events, cadence);
  streams += 1;
  ops += stats.ops;
  applied += stats.applied;
  if (failure !== undefined) {
    failures.push(failure);
    const shrunk = shrinkMs > 0 ? shrink(failure, events, shrinkMs) : undefined;
    console.log(
      `\n${describeFailure(failure, events, { stream: i, deep: values.deep, ...(shrunk !== undefined ? { shrunk } : {}) })}\n`,
    );
  }
  if (Date.now() - lastReport >= 30_000) {
    lastReport = Date.now();
    const s = Math.round((lastReport - started) / 1000);
    console.log(`  ${s}s: ${streams} streams, ${ops} operations, ${failures.length} failing`);
  }
}

const seconds = (Date.now() - started) / 1000;
console.log(
  `soak done: ${streams} streams, ${ops} operations (${applied} applied) checked in ${seconds.toFixed(0)}s (${Math.round(ops / seconds)} operations/s), base seed ${base}`,
);
if (failures.length === 0) {
  console.log('no failures');
} else {
  console.log(`${failures.length} failing stream(s):`);
  for (const f of failures) {
    console.log(
      `  seed ${f.seed}, step ${f.step}, ${f.check}: SIM_SEED=${f.seed} SIM_EVENTS=${events}${values.deep ? ' SIM_DEEP=1' : ''} npx vitest run test/simulation`,
    );
  }
  process.exitCode = 1;
}
