import { LoyaltyError } from '../errors/index.js';
import type { Experiment } from './defineExperiment.js';
import { messages } from './messages.js';
import { murmurHash3 } from './murmurHash3.js';

/** Where one member falls in one experiment. */
export interface Assignment {
  readonly experimentKey: string;
  readonly memberId: string;
  /** The variant id; `null` when the member is held out. */
  readonly variant: string | null;
  readonly holdout: boolean;
  /** The member's variant bucket, `murmurHash3(memberId, experiment.seed)` (0 .. 2^32 - 1), for audit. */
  readonly bucket: number;
}

/**
 * The variant of a member in an experiment: a pure function of the member id, the experiment key,
 * the weights and the holdout (see {@link defineExperiment} for the algorithm). The same member gets
 * the same variant on every call, on every platform, whatever program version is in force and
 * whatever other experiments exist; so the host may compute it on each event instead of storing it.
 *
 * Changing the weights of two neighbouring variants while keeping their sum moves members only
 * between those two; in a two-variant experiment any re-weighting moves members only toward the
 * variant that gained (a ramp-up keeps everyone already treated). Changing the holdout share moves
 * members only between the holdout and their own variant. Any other change of weights may move
 * members, so fix the weights before the start.
 *
 * @param experiment - from {@link defineExperiment}
 * @param memberId - the member's id (any non-empty string)
 * @returns the assignment
 * @throws {LoyaltyError} INVALID_ARGUMENT when the member id is empty or `experiment` was not made
 *   by `defineExperiment`
 * @example assignVariant(exp, 'm-1') //=> { experimentKey: 'double-points-2026-q2', memberId: 'm-1', variant: 'double', holdout: false, bucket: ... }
 */
export function assignVariant(experiment: Experiment, memberId: string): Assignment {
  if (typeof memberId !== 'string' || memberId.length === 0) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid member id', [
      { code: 'invalid_member_id', path: ['memberId'], message: messages.badMemberId(memberId) },
    ]);
  }
  if (
    typeof experiment !== 'object' ||
    experiment === null ||
    !Array.isArray(experiment.variants) ||
    typeof experiment.seed !== 'number'
  ) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid experiment', [
      { code: 'invalid_experiment', path: ['experiment'], message: messages.notExperiment() },
    ]);
  }
  const bucket = murmurHash3(memberId, experiment.seed);
  const h = experiment.holdout;
  if (h !== null && murmurHash3(memberId, experiment.holdoutSeed) < h.bucketEnd) {
    return { experimentKey: experiment.key, memberId, variant: null, holdout: true, bucket };
  }
  const variants = experiment.variants;
  let variant = variants[variants.length - 1]!.id;
  for (const v of variants) {
    if (bucket < v.bucketEnd) {
      variant = v.id;
      break;
    }
  }
  return { experimentKey: experiment.key, memberId, variant, holdout: false, bucket };
}

/**
 * A member's assignments in several independent experiments, by experiment key. Each is exactly
 * {@link assignVariant}: experiments do not influence each other (a member never changes arm in one
 * experiment because another one is added, removed or re-weighted).
 *
 * @param experiments - experiments with distinct keys
 * @param memberId - the member's id
 * @returns `{ [experimentKey]: Assignment }`
 * @throws {LoyaltyError} INVALID_ARGUMENT when two experiments share a key, or as {@link assignVariant}
 */
export function assignVariants(
  experiments: readonly Experiment[],
  memberId: string,
): Readonly<Record<string, Assignment>> {
  const out: Record<string, Assignment> = {};
  experiments.forEach((e, i) => {
    const a = assignVariant(e, memberId);
    if (Object.hasOwn(out, e.key)) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid experiments', [
        {
          code: 'duplicate_experiment',
          path: ['experiments', i, 'key'],
          message: messages.duplicateExperiment(e.key),
        },
      ]);
    }
    out[e.key] = a;
  });
  return out;
}
