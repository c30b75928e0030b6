import type { RepeatSummary } from '../types.js';
import { checkNonNegative } from './checks.js';
import type { BgNbdParams, ParetoNbdParams } from './types.js';

/** A source of uniform numbers in [0, 1): pass a seeded generator (the library never uses Math.random). */
export type RandomSource = () => number;

/** Options of the simulators. */
export interface SimulateOptions {
  /** Number of customers to draw. */
  readonly customers: number;
  /** Observation length per customer (periods since the first purchase): one number or one per customer. */
  readonly T: number | readonly number[];
  /** Uniform [0, 1) generator, e.g. a seeded mulberry32. */
  readonly random: RandomSource;
}

/**
 * Draws customer summaries from a BG/NBD (or, with `modified`, a Modified BG/NBD) population, for
 * tests and benchmarks. Deterministic for a deterministic `random`.
 *
 * @param params - r, alpha, a, b
 * @param options - customers, T, random (and `modified`)
 * @returns one (frequency, recency, T) per customer, times continuous
 * @throws {LoyaltyError} INVALID_ARGUMENT for a negative count or T
 * @example simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { customers: 1000, T: 39, random: mulberry32(1) })
 */
export function simulateBgNbd(
  params: BgNbdParams,
  options: SimulateOptions & { readonly modified?: boolean },
): RepeatSummary[] {
  const { random } = options;
  const n = checkNonNegative(options.customers, ['options', 'customers'], 'customers', true);
  const out: RepeatSummary[] = [];
  for (let i = 0; i < n; i++) {
    const T = ageOf(options.T, i);
    const lambda = gamma(params.r, random) / params.alpha;
    const p = beta(params.a, params.b, random);
    let x = 0;
    let tx = 0;
    let t = 0;
    let alive = !(options.modified === true && random() < p);
    while (alive) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      if (random() < p) alive = false;
    }
    out.push({ frequency: x, recency: tx, T });
  }
  return out;
}

/**
 * Draws customer summaries from a Pareto/NBD population (exponential lifetimes), for tests and
 * benchmarks.
 *
 * @param params - r, alpha, s, beta
 * @param options - customers, T, random
 * @returns one (frequency, recency, T) per customer, times continuous
 * @throws {LoyaltyError} INVALID_ARGUMENT for a negative count or T
 * @example simulateParetoNbd({ r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }, { customers: 1000, T: 39, random })
 */
export function simulateParetoNbd(params: ParetoNbdParams, options: SimulateOptions): RepeatSummary[] {
  const { random } = options;
  const n = checkNonNegative(options.customers, ['options', 'customers'], 'customers', true);
  const out: RepeatSummary[] = [];
  for (let i = 0; i < n; i++) {
    const T = ageOf(options.T, i);
    const lambda = gamma(params.r, random) / params.alpha;
    const mu = gamma(params.s, random) / params.beta;
    const end = Math.min(T, -Math.log(1 - random()) / mu);
    let x = 0;
    let tx = 0;
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > end) break;
      x++;
      tx = t;
    }
    out.push({ frequency: x, recency: tx, T });
  }
  return out;
}

function ageOf(T: number | readonly number[], i: number): number {
  const v = typeof T === 'number' ? T : T[i % T.length]!;
  return checkNonNegative(v, ['options', 'T'], 'T');
}

/** Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shape < 1 by the u^(1/shape) boost). */
function gamma(shape: number, random: RandomSource): number {
  if (shape < 1) return gamma(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function beta(a: number, b: number, random: RandomSource): number {
  const x = gamma(a, random);
  const y = gamma(b, random);
  return x / (x + y);
}

function normal(random: RandomSource): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
