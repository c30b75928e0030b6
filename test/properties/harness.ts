/**
 * What the property suites share: fast-check parameters read from the environment (`FC_RUNS`,
 * `FC_SEED`, `FC_PATH`, `FC_SHRINK_MS`), a `property` whose shrinking is bounded in time, the
 * refusal codes, and small helpers on plain JSON.
 */
import fc from 'fast-check';
import { type Decision, isLoyaltyError } from 'loyalty-engine';

export const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const PATH = process.env.FC_PATH === undefined ? {} : { path: process.env.FC_PATH };
/** How long fast-check may shrink a counterexample after the first failure (FC_SHRINK_MS, default 5 s). */
export const SHRINK_MS = Number(process.env.FC_SHRINK_MS ?? 5_000);

/** `RUNS` scaled by `factor` (at least 1): for properties that cost more per run. */
export const runs = (factor: number): number => Math.max(1, Math.round(RUNS * factor));

/**
 * fast-check parameters: `numRuns`, the seed and path to replay, and a hard time limit of
 * `perRunMs` per run (ten times what a run takes on a loaded 2-core machine) plus
 * {@link SHRINK_MS}. Runs that are this slow without failing count as a failure
 * (`markInterruptAsFailure`), never as a pass.
 */
export function params(numRuns = RUNS, perRunMs = 150): fc.Parameters<unknown> {
  return {
    numRuns,
    interruptAfterTimeLimit: numRuns * perRunMs + SHRINK_MS,
    markInterruptAsFailure: true,
    ...SEED,
    ...PATH,
  };
}

/**
 * `fc.property` over one arbitrary, with shrinking bounded in time: once a run has failed and
 * {@link SHRINK_MS} have passed, further shrink candidates pass without being checked, so
 * fast-check stops and prints the smallest counterexample found so far (its seed and path replay
 * it). Runs before the first failure are always checked; a failure is always reported.
 */
export function property<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void): fc.IPropertyWithHooks<[T]> {
  let failedAt: number | undefined;
  return fc.property(arb, (value) => {
    if (failedAt !== undefined && Date.now() - failedAt > SHRINK_MS) return;
    try {
      predicate(value);
    } catch (e) {
      failedAt ??= Date.now();
      throw e;
    }
  });
}

/** Codes of events refused for what they say or when they come (never INVALID_ARGUMENT: the state is fine). */
export const REFUSALS: ReadonlySet<string> = new Set([
  'INVALID_EVENT',
  'OUT_OF_ORDER',
  'CURRENCY_MISMATCH',
  'INSUFFICIENT_POINTS',
  'REDEMPTION_NOT_ALLOWED',
  'UNKNOWN_REWARD',
]);

export const json = (x: unknown): string => JSON.stringify(x);

/** Paths in a value that JSON does not carry: undefined, functions, non-finite numbers, class instances. */
export function nonJson(value: unknown, path = '$'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (typeof value !== 'object') return [`${path} is ${typeof value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonJson(v, `${path}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return [`${path} is a ${proto?.constructor?.name}`];
  return Object.entries(value).flatMap(([k, v]) => nonJson(v, `${path}.${k}`));
}

export const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The error code of a refusal, or `ok`. */
export function outcomeOf(fn: () => Decision): { ok: Decision } | { code: string } {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!isLoyaltyError(e)) throw e;
    return { code: e.code };
  }
}
