/**
 * The simulator's settings from the environment (the test) or the command line (the soak run).
 *
 * - `SIM_STREAMS`: streams (members) to run; `SIM_EVENTS`: operations per stream.
 * - `SIM_BASE_SEED`: the run's base seed; stream `i` gets `streamSeed(base, i)`.
 * - `SIM_SEED`: run exactly this one stream seed (what a failure prints).
 * - `SIM_DEEP=1`: every check after every operation (slower; the default spaces the costly ones).
 * - `SIM_SHRINK_MS`: how long a failure may be shrunk (0: not at all).
 */
import { type Cadence, DEFAULT_CADENCE, EVERY_STEP } from './simulator.js';

export interface SimOptions {
  readonly streams: number;
  readonly events: number;
  readonly baseSeed: number;
  readonly seed: number | undefined;
  readonly deep: boolean;
  readonly cadence: Cadence;
  readonly shrinkMs: number;
}

/** Defaults sized so test/simulation takes about a minute on a 2-core machine. */
export const DEFAULTS = { streams: 100, events: 500, baseSeed: 20_261_203, shrinkMs: 20_000 } as const;

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new Error(`${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

/** Reads the SIM_* variables. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): SimOptions {
  const deep = env['SIM_DEEP'] === '1' || env['SIM_DEEP'] === 'true';
  const seed = env['SIM_SEED'];
  return {
    streams: integer('SIM_STREAMS', env['SIM_STREAMS'], DEFAULTS.streams, 1),
    events: integer('SIM_EVENTS', env['SIM_EVENTS'], DEFAULTS.events, 1),
    baseSeed: integer('SIM_BASE_SEED', env['SIM_BASE_SEED'], DEFAULTS.baseSeed, 0) >>> 0,
    seed: seed === undefined || seed === '' ? undefined : integer('SIM_SEED', seed, 0, 0) >>> 0,
    deep,
    cadence: deep ? EVERY_STEP : DEFAULT_CADENCE,
    shrinkMs: integer('SIM_SHRINK_MS', env['SIM_SHRINK_MS'], DEFAULTS.shrinkMs, 0),
  };
}
