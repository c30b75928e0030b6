/**
 * Limits on programs (untrusted JSON written by people): what `defineProgram` and
 * `validateProgram` accept, each configurable through `options.limits`. The defaults are generous
 * for hand-written programs and small enough that validating a program, and evaluating its
 * conditions for one event, stays cheap (docs/guides/untrusted-programs.md states the bound).
 */
import { LoyaltyError } from '../errors/index.js';
import { type JsonLimits, resolveLimitOverrides } from '../json/index.js';
import type { RuleLimits } from '../rules/index.js';

/**
 * Limits on a program, see {@link DEFAULT_PROGRAM_LIMITS} for the defaults. A program beyond one is
 * refused (`INVALID_PROGRAM`, issue code `limit_exceeded`, the message naming the limit).
 */
export interface ProgramLimits {
  /** Values in the whole program (objects, arrays, strings, numbers, booleans, nulls). Default 200,000. */
  readonly maxNodes: number;
  /** Nesting of objects and arrays in the whole program. Default 100. */
  readonly maxDepth: number;
  /** Characters in any one string or key (fields with a smaller fixed maximum keep it). Default 10,000. */
  readonly maxStringLength: number;
  /** Characters in all strings and keys together (about the program's size in bytes). Default 1,000,000. */
  readonly maxTotalStringLength: number;
  /** Earning rules (`earning`). Default 1,000. */
  readonly maxRules: number;
  /** Caps (`caps`). Default 1,000. */
  readonly maxCaps: number;
  /** Rewards in the catalog (`rewards`). Default 10,000. */
  readonly maxRewards: number;
  /** Gifts (`gifts`). Default 100. */
  readonly maxGifts: number;
  /** Tier levels (`tiers.levels`). Default 50. */
  readonly maxTiers: number;
  /** Tier metrics (`tiers.metrics`). Default 50. */
  readonly maxMetrics: number;
  /** Declared custom facts (`customFacts`). Default 1,000. */
  readonly maxCustomFacts: number;
  /** Shared conditions (`conditions`). Default 1,000. */
  readonly maxSharedConditions: number;
  /** Nesting of all/any/not, shared-condition references and item conditions in one condition. Default 32. */
  readonly maxConditionDepth: number;
  /** Nodes of one condition as written (all/any/not/reference/leaf). Default 1,000. */
  readonly maxConditionNodes: number;
  /** Nodes of one condition with its shared conditions inlined. Default 10,000. */
  readonly maxExpandedConditionNodes: number;
  /**
   * Nodes of all the program's conditions together (rules' `when` and `lines`, tier entry and
   * retention), shared conditions inlined: what one event can cost to evaluate. Default 20,000.
   */
  readonly maxTotalConditionNodes: number;
  /** Elements of an array in a condition (an `in` list) and sub-conditions of one all/any. Default 1,000. */
  readonly maxConditionArrayLength: number;
  /** Characters in any string of a condition (fact and operator names, values, keys). Default 1,000. */
  readonly maxConditionStringLength: number;
  /** Nesting of a condition's `value` and `params` JSON. Default 16. */
  readonly maxConditionValueDepth: number;
  /** Characters in a fact `path`. Default 256. */
  readonly maxPathLength: number;
  /** Property steps in a fact `path` (`$.a.b[0]` has 3). Default 16. */
  readonly maxPathDepth: number;
}

/** Options of `defineProgram` and `validateProgram`. */
export interface ProgramOptions {
  /** Overrides of {@link DEFAULT_PROGRAM_LIMITS}; each a positive integer. */
  readonly limits?: Partial<ProgramLimits>;
}

/** The default {@link ProgramLimits}. */
export const DEFAULT_PROGRAM_LIMITS: ProgramLimits = Object.freeze({
  maxNodes: 200_000,
  maxDepth: 100,
  maxStringLength: 10_000,
  maxTotalStringLength: 1_000_000,
  maxRules: 1_000,
  maxCaps: 1_000,
  maxRewards: 10_000,
  maxGifts: 100,
  maxTiers: 50,
  maxMetrics: 50,
  maxCustomFacts: 1_000,
  maxSharedConditions: 1_000,
  maxConditionDepth: 32,
  maxConditionNodes: 1_000,
  maxExpandedConditionNodes: 10_000,
  maxTotalConditionNodes: 20_000,
  maxConditionArrayLength: 1_000,
  maxConditionStringLength: 1_000,
  maxConditionValueDepth: 16,
  maxPathLength: 256,
  maxPathDepth: 16,
});

/**
 * Ceilings of the limits whose checks recurse (conditions are compiled recursively; their depth is
 * bounded so that no configuration can overflow the stack).
 */
const CEILINGS: Partial<Record<keyof ProgramLimits, number>> = {
  maxConditionDepth: 1_000,
  maxConditionValueDepth: 1_000,
};

/**
 * Checks the overrides and merges them into the defaults.
 * @throws {LoyaltyError} INVALID_ARGUMENT for an unknown limit or a value that is not a positive
 *   integer (or is above the ceiling of a depth limit, 1,000)
 * @internal
 */
export function resolveProgramLimits(options: ProgramOptions | undefined): ProgramLimits {
  if (options === undefined) return DEFAULT_PROGRAM_LIMITS;
  if (typeof options !== 'object' || options === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid program options', [
      {
        code: 'invalid_options',
        path: [],
        message: 'Options must be an object, e.g. { limits: { maxRules: 100 } }',
      },
    ]);
  }
  const overrides = options.limits;
  if (overrides === undefined) return DEFAULT_PROGRAM_LIMITS;
  return resolveLimitOverrides(overrides, DEFAULT_PROGRAM_LIMITS, CEILINGS, 'program');
}

/** The bounds `copyJson` applies to a whole program. @internal */
export function programJsonLimits(limits: ProgramLimits): JsonLimits {
  return {
    maxDepth: limits.maxDepth,
    maxNodes: limits.maxNodes,
    maxStringLength: limits.maxStringLength,
    maxTotalStringLength: limits.maxTotalStringLength,
    name: 'ProgramLimits',
  };
}

/** The rules module's limits for a program's conditions. @internal */
export function programRuleLimits(limits: ProgramLimits): RuleLimits {
  return {
    maxDepth: limits.maxConditionDepth,
    maxNodes: limits.maxConditionNodes,
    maxExpandedNodes: limits.maxExpandedConditionNodes,
    maxNamedConditions: limits.maxSharedConditions,
    maxPathLength: limits.maxPathLength,
    maxPathSegments: limits.maxPathDepth,
    maxStringLength: limits.maxConditionStringLength,
    maxArrayLength: limits.maxConditionArrayLength,
    maxValueDepth: limits.maxConditionValueDepth,
  };
}
