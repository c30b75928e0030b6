/**
 * The deterministic simulator (issue 11 item 1): seeded programs and long event streams, checked
 * after every step against a naive reference model and against the engine itself. See
 * ./simulator.ts for the checks and docs/development.md ("The simulator") for the SIM_* variables.
 *
 * A failure prints its seed, step and check, a reproduction command (`SIM_SEED=<seed> SIM_EVENTS=<n>
 * npx vitest run test/simulation`, which runs exactly that one stream) and the smallest failing
 * list of operations that shrinking found within SIM_SHRINK_MS.
 */
import { createEngine, defineProgram, type Engine } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { optionsFromEnv } from './options.js';
import { streamSeed } from './rng.js';
import {
  describeFailure,
  EVERY_STEP,
  type Failure,
  runSeed,
  Simulation,
  setupOf,
  shrink,
} from './simulator.js';

const options = optionsFromEnv(process.env);
const { events, cadence } = options;

/** Streams per test, so the run shows progress and each test stays well inside its timeout. */
const CHUNK = 10;
const TIMEOUT = 15 * 60_000;

function report(failure: Failure, stream?: number): string {
  const shrunk = options.shrinkMs > 0 ? shrink(failure, events, options.shrinkMs) : undefined;
  return describeFailure(failure, events, {
    ...(stream !== undefined ? { stream } : {}),
    ...(shrunk !== undefined ? { shrunk } : {}),
    deep: options.deep,
  });
}

const seen = { streams: 0, ops: 0, applied: 0, duplicates: 0, refused: 0 };
const features = new Set<string>();
const entryTypes = new Set<string>();

function runStreams(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const seed = streamSeed(options.baseSeed, i);
    const { failure, stats } = runSeed(seed, events, cadence);
    seen.streams += 1;
    seen.ops += stats.ops;
    seen.applied += stats.applied;
    seen.duplicates += stats.duplicates;
    seen.refused += Object.values(stats.refused).reduce((a, n) => a + n, 0);
    for (const f of stats.features) features.add(f);
    for (const t of Object.keys(stats.entries)) entryTypes.add(t);
    if (failure !== undefined) expect.fail(report(failure, i));
  }
}

if (options.seed !== undefined) {
  const seed = options.seed;
  test(`simulation of seed ${seed} (${events} operations)`, { timeout: TIMEOUT }, () => {
    const { failure, stats } = runSeed(seed, events, cadence);
    console.log(
      `seed ${seed}: ${stats.ops} operations, ${stats.applied} applied, ${stats.duplicates} duplicates, refused ${JSON.stringify(stats.refused)}`,
    );
    if (failure !== undefined) expect.fail(report(failure));
  });
} else {
  describe(`simulation: ${options.streams} streams of ${events} operations (base seed ${options.baseSeed}${options.deep ? ', every check after every step' : ''})`, () => {
    for (let from = 0; from < options.streams; from += CHUNK) {
      const to = Math.min(options.streams, from + CHUNK);
      test(`streams ${from}..${to - 1}`, { timeout: TIMEOUT }, () => runStreams(from, to));
    }

    test('the streams reach what the generator aims at', () => {
      console.log(
        `simulation: ${seen.streams} streams, ${seen.ops} operations (${seen.applied} applied, ${seen.duplicates} duplicates, ${seen.refused} refused)`,
      );
      // Only meaningful for a run of some size: a handful of short streams reaches less.
      if (seen.streams < 40 || events < 200) return;
      const wanted = [
        'refund into debt',
        'refund shortfall',
        'line refund',
        'debt repaid by earning',
        'pending until completed',
        'pending days',
        'expired lotExpired',
        'expired inactivity',
        'activated windowPassed',
        'tier qualified',
        'redemption cancelled',
        'later program version',
        'late event re-derived',
      ];
      expect(wanted.filter((f) => !features.has(f))).toEqual([]);
      const entries = [
        'eventApplied',
        'pointsEarned',
        'pointsAdjusted',
        'pointsRedeemed',
        'redemptionCancelled',
        'pointsActivated',
        'pointsExpired',
        'pointsReversed',
        'rewardIssued',
        'rewardUsed',
        'tierChanged',
        'memberStatusChanged',
        'stateRederived',
        'ruleCapped',
      ];
      expect(entries.filter((t) => !entryTypes.has(t))).toEqual([]);
    });
  });
}

describe('the simulator itself', () => {
  test('a seed reproduces its program, member and operations exactly', () => {
    const seed = streamSeed(options.baseSeed, 7);
    const a = new Simulation(setupOf(seed, 120), cadence);
    const b = new Simulation(setupOf(seed, 120), EVERY_STEP);
    expect(a.run(120)).toBeUndefined();
    expect(b.run(120)).toBeUndefined();
    // The checks' cadence does not change the stream: the generator sees only the engine's answers.
    expect(JSON.stringify(b.ops)).toBe(JSON.stringify(a.ops));
    expect(JSON.stringify(setupOf(seed, 120).program)).toBe(JSON.stringify(a.setup.program));
    expect(a.ops.length).toBe(120);
  });

  test('it catches an engine that keeps a point it did not write into the ledger', () => {
    // A broken engine: every award also adds one unit to the state's first lot, silently.
    const broken = (engine: Engine): Engine => ({
      ...engine,
      apply: (state, event, opts) => {
        const r = engine.apply(state, event, opts);
        const [lot, ...rest] = r.state.lots;
        if (lot === undefined || !r.effects.some((e) => e.type === 'pointsEarned')) return r;
        return {
          ...r,
          state: {
            ...r.state,
            lots: [{ ...lot, remaining: lot.remaining + 1, amount: lot.amount + 1 }, ...rest],
          },
        };
      },
    });
    let caught: Failure | undefined;
    for (let i = 0; i < 20 && caught === undefined; i++) {
      const setup = setupOf(streamSeed(options.baseSeed, 1000 + i), 150);
      caught = new Simulation({ ...setup, engine: broken(setup.engine) }, cadence).run(150);
    }
    expect(caught?.check).toMatch(/^(reference|invariants|replay|balance)\./);
  });

  test('every generated program (all its versions) is valid', () => {
    for (let i = 0; i < 50; i++) {
      const setup = setupOf(streamSeed(options.baseSeed, 2000 + i), 300);
      expect(() => createEngine(setup.program.versions.map((v) => defineProgram(v)))).not.toThrow();
    }
  });
});
