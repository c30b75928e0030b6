import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { type DecimalInput, splitDecimal, toDec } from '../money/index.js';
import { messages } from './messages.js';
import { murmurHash3 } from './murmurHash3.js';

/** One arm of an experiment as written by the host. */
export interface VariantInput {
  /** A stable id (`"control"`, `"double-points"`); the host maps it to a program or a program version. */
  readonly id: string;
  /** Relative weight: a decimal >= 0 (`1`, `"0.25"`); shares are weight / sum of weights. */
  readonly weight: DecimalInput;
}

/** An experiment as written by the host (see {@link defineExperiment}). */
export interface ExperimentInput {
  /** The experiment's key: seeds the assignment, so it must never change while the experiment runs. */
  readonly key: string;
  readonly variants: readonly VariantInput[];
  /**
   * Members held out of the experiment: `share` (a decimal in [0, 1)) of members get no variant.
   * `key` (default: the experiment key) names the holdout: experiments that give the same holdout
   * key hold out the same members (a global holdout).
   */
  readonly holdout?: { readonly share: DecimalInput; readonly key?: string };
}

/** A validated experiment: plain frozen data, ready for {@link assignVariant}. */
export interface Experiment {
  readonly key: string;
  readonly variants: readonly {
    readonly id: string;
    /** The weight as an exact decimal string. */
    readonly weight: string;
    /** weight / sum of weights (informative; the assignment uses exact integer bounds). */
    readonly share: number;
    /**
     * The exclusive upper end of the variant's range of 32-bit buckets:
     * `ceil(2^32 x (w_0 + ... + w_i) / sum of weights)`, computed exactly.
     */
    readonly bucketEnd: number;
  }[];
  /** `null` without a holdout. */
  readonly holdout: {
    readonly share: string;
    readonly key: string;
    /** A member is held out when its holdout bucket is below `ceil(share x 2^32)`. */
    readonly bucketEnd: number;
  } | null;
  /** `murmurHash3(key, 0)`: the seed of the members' variant buckets. */
  readonly seed: number;
  /** `murmurHash3(holdout.key, 1)`: the seed of the members' holdout buckets (0 without a holdout). */
  readonly holdoutSeed: number;
}

const TWO_32 = 2n ** 32n;

/**
 * Validates an experiment and precomputes its exact bucket ranges.
 *
 * **Assignment** (platform-independent, documented so other systems can reproduce it; see
 * docs/guides/experiments.md): with MurmurHash3 x86_32 over UTF-8,
 * `seed = murmurHash3(key, 0)`, `bucket = murmurHash3(memberId, seed)`, and the member gets the
 * first variant `i` with `bucket < ceil(2^32 x (w_0 + ... + w_i) / W)`. With a holdout, the member
 * is held out first when `murmurHash3(memberId, murmurHash3(holdoutKey, 1)) < ceil(share x 2^32)`.
 * The result depends only on the member id, the experiment key, the weights and the holdout: not on
 * program versions, other experiments, time or the order members are seen in.
 *
 * @param input - `{ key, variants: [{ id, weight }], holdout?: { share, key? } }`
 * @returns the experiment, frozen
 * @throws {LoyaltyError} INVALID_ARGUMENT when the key or a variant id is empty, ids repeat, a weight
 *   is negative or not a decimal, every weight is 0, or the holdout share is outside [0, 1)
 * @example
 * const exp = defineExperiment({ key: 'double-points-2026-q2', variants: [
 *   { id: 'control', weight: 1 }, { id: 'double', weight: 1 }], holdout: { share: '0.1' } });
 */
export function defineExperiment(input: ExperimentInput): Experiment {
  const issues: { path: PathSegment[]; message: string }[] = [];
  const fail = (path: PathSegment[], message: string): void => {
    issues.push({ path, message });
  };
  if (typeof input !== 'object' || input === null) {
    throw invalid([{ path: [], message: messages.noVariants() }]);
  }
  const key: unknown = input.key;
  if (typeof key !== 'string' || key.length === 0) fail(['key'], messages.badKey(key));
  const variants: unknown = input.variants;
  const ids = new Set<string>();
  const scaled: { id: string; weight: string; parts: { integer: string; fraction: string } }[] = [];
  if (!Array.isArray(variants) || variants.length === 0) {
    fail(['variants'], messages.noVariants());
  } else {
    variants.forEach((v: unknown, i) => {
      const id: unknown = typeof v === 'object' && v !== null ? (v as VariantInput).id : undefined;
      if (typeof id !== 'string' || id.length === 0) {
        fail(['variants', i, 'id'], messages.badVariantId(id));
        return;
      }
      if (ids.has(id)) fail(['variants', i, 'id'], messages.duplicateVariant(id));
      ids.add(id);
      try {
        const d = toDec((v as VariantInput).weight, 'weight', 'INVALID_ARGUMENT', ['variants', i, 'weight']);
        if (d.isNegative() && !d.isZero()) {
          fail(['variants', i, 'weight'], messages.negativeWeight(id));
          return;
        }
        const plain = d.abs().toFixed();
        const parts = splitDecimal(plain);
        if (typeof parts !== 'string') scaled.push({ id, weight: plain, parts });
      } catch (e) {
        if (e instanceof LoyaltyError) for (const x of e.issues) fail([...x.path], x.message);
        else throw e;
      }
    });
  }
  let holdout: Experiment['holdout'] = null;
  if (input.holdout !== undefined) {
    const h: unknown = input.holdout;
    const share: unknown = typeof h === 'object' && h !== null ? (h as { share: unknown }).share : undefined;
    const hKey: unknown =
      typeof h === 'object' && h !== null ? ((h as { key?: unknown }).key ?? key) : undefined;
    let ok = true;
    let plain = '';
    try {
      const d = toDec(share as DecimalInput, 'holdout share', 'INVALID_ARGUMENT', ['holdout', 'share']);
      if (d.isNegative() || d.gte(1)) ok = false;
      plain = d.abs().toFixed();
    } catch {
      ok = false;
    }
    if (!ok) fail(['holdout', 'share'], messages.badHoldoutShare(share));
    if (typeof hKey !== 'string' || hKey.length === 0) {
      // Without its own key the holdout uses the experiment key, already reported when invalid.
      if ((h as { key?: unknown }).key !== undefined) fail(['holdout', 'key'], messages.badHoldoutKey(hKey));
    } else if (ok) {
      const parts = splitDecimal(plain);
      if (typeof parts !== 'string') {
        const num = BigInt(`${parts.integer}${parts.fraction}`);
        const den = 10n ** BigInt(parts.fraction.length);
        holdout = Object.freeze({ share: plain, key: hKey, bucketEnd: Number(ceilDiv(num * TWO_32, den)) });
      }
    }
  }
  if (issues.length === 0 && scaled.length > 0) {
    const scale = Math.max(...scaled.map((s) => s.parts.fraction.length));
    const ints = scaled.map((s) => BigInt(`${s.parts.integer}${s.parts.fraction.padEnd(scale, '0')}`));
    const total = ints.reduce((a, b) => a + b, 0n);
    if (total === 0n) fail(['variants'], messages.allWeightsZero());
    else {
      let cum = 0n;
      const out = scaled.map((s, i) => {
        cum += ints[i]!;
        return Object.freeze({
          id: s.id,
          weight: s.weight,
          share: Number(ints[i]!) / Number(total),
          bucketEnd: Number(ceilDiv(cum * TWO_32, total)),
        });
      });
      const k = key as string;
      return Object.freeze({
        key: k,
        variants: Object.freeze(out),
        holdout,
        seed: murmurHash3(k, 0),
        holdoutSeed: holdout === null ? 0 : murmurHash3(holdout.key, 1),
      });
    }
  }
  throw invalid(issues);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function invalid(issues: readonly { path: PathSegment[]; message: string }[]): LoyaltyError {
  return new LoyaltyError(
    'INVALID_ARGUMENT',
    'Invalid experiment',
    issues.map((i) => ({ code: 'invalid_experiment', path: i.path, message: i.message })),
  );
}
