import {
  capIssues,
  fromZodIssues,
  guard,
  LoyaltyError,
  type LoyaltyIssue,
  withoutCovered,
} from '../errors/index.js';
import { copyJsonBounded, deepFreeze } from '../json/index.js';
import { checkCounts, fillGaps } from './checkShape.js';
import { type CompiledProgram, compileProgram } from './compileProgram.js';
import {
  type ProgramLimits,
  type ProgramOptions,
  programJsonLimits,
  resolveProgramLimits,
} from './limits.js';
import { programSchema } from './schema.js';
import type { Program, ProgramValidation } from './types.js';

/** Compiled form of every program `defineProgram` accepted, so `createEngine` compiles once. */
const COMPILED = new WeakMap<object, CompiledProgram>();

/**
 * Validates a loyalty program (plain JSON) and returns it, typed and deep-frozen. Shape and meaning
 * are both checked, and **every** problem is reported with its path, in one pass: unknown fields
 * (typos), wrong types, unknown currency or time zone, decimals that are not exact at the program's
 * precision, duplicate ids, conditions that do not compile or read unknown facts, caps and
 * multipliers naming rules that do not exist, stacking modes that do not fit their group, sizes
 * beyond the limits, and more.
 *
 * @param json - the program, e.g. parsed from your admin UI or a file (never changed or frozen)
 * @param options - `limits`: overrides of {@link DEFAULT_PROGRAM_LIMITS}
 * @returns the program (a copy of the data, frozen)
 * @throws {LoyaltyError} INVALID_PROGRAM listing every problem; `error.issues[i].path` is e.g.
 *   `['earning', 2, 'rate', 'points']`
 * @throws {LoyaltyError} INVALID_ARGUMENT when `options.limits` names an unknown limit or a value
 *   that is not a positive integer
 * @example
 * const program = defineProgram({
 *   id: 'coffee-club', currency: 'CNY', timeZone: 'Asia/Shanghai',
 *   earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
 *   rewards: [{ id: 'coffee', points: '100' }],
 * });
 * @example
 * // an admin UI for merchants: smaller programs than the defaults allow
 * defineProgram(json, { limits: { maxRules: 50, maxConditionNodes: 100 } });
 */
export function defineProgram(json: unknown, options?: ProgramOptions): Program {
  const result = validateProgram(json, options);
  if (!result.success) throw result.error;
  return result.program;
}

/**
 * The non-throwing form of {@link defineProgram}, for admin forms: `{ success: true, program }` or
 * `{ success: false, error }` where `error` is the `LoyaltyError` (INVALID_PROGRAM) that
 * `defineProgram` would throw. It throws only for bad `options`.
 *
 * @param json - the program
 * @param options - `limits`: overrides of {@link DEFAULT_PROGRAM_LIMITS}
 * @returns the validation result
 * @throws {LoyaltyError} INVALID_ARGUMENT for bad `options.limits`
 * @example
 * const check = validateProgram(form);
 * if (!check.success) for (const i of check.error.issues) showError(i.path, i.message);
 */
export function validateProgram(json: unknown, options?: ProgramOptions): ProgramValidation {
  const limits = guard(() => resolveProgramLimits(options), 'validateProgram');
  return guard(() => validate(json, limits), 'validateProgram');
}

/**
 * Copy within the limits (forbidden keys, non-JSON values, sizes), counts, shape, meaning: every
 * problem of each step is collected; a later step checks what the earlier ones left valid.
 */
function validate(json: unknown, limits: ProgramLimits): ProgramValidation {
  const copyIssues: LoyaltyIssue[] = [];
  const copy = copyJsonBounded(json, [], copyIssues, programJsonLimits(limits));
  if (copy.stopped) return failure(copyIssues);
  const input = copy.value;
  const left = new Set<string>();
  const countIssues: LoyaltyIssue[] = [];
  const record = typeof input === 'object' && input !== null && !Array.isArray(input);
  if (record) checkCounts(input as Record<string, unknown>, limits, countIssues, left);
  const parsed = programSchema.safeParse(input);
  if (parsed.success && copyIssues.length === 0 && countIssues.length === 0) {
    const program = deepFreeze(parsed.data) as Program;
    const compiled = compileProgram(program, { limits });
    if (Array.isArray(compiled)) return failure(compiled);
    COMPILED.set(program, compiled);
    return { success: true, program } as const;
  }
  const shapeIssues = parsed.success ? [] : fromZodIssues(parsed.error.issues);
  let meaningIssues: LoyaltyIssue[] = [];
  if (record) {
    const gaps = parsed.success
      ? { fields: left, kept: {} }
      : fillGaps(input as Record<string, unknown>, parsed.error.issues, left);
    const program = gaps === null ? undefined : programSchema.safeParse(input);
    if (gaps !== null && program?.success === true) {
      const compiled = compileProgram(program.data, { limits, gaps });
      if (Array.isArray(compiled)) meaningIssues = compiled;
    }
  }
  return failure([
    ...copyIssues,
    ...countIssues,
    ...withoutCovered([...shapeIssues, ...meaningIssues], copyIssues),
  ]);
}

function failure(issues: readonly LoyaltyIssue[]): ProgramValidation {
  return {
    success: false,
    error: new LoyaltyError('INVALID_PROGRAM', 'Invalid program', capIssues(issues)),
  } as const;
}

/** @internal The compiled form of a program, compiling (and validating) it when needed. */
export function compiledProgramOf(program: Program): CompiledProgram {
  const known = COMPILED.get(program);
  if (known !== undefined) return known;
  const checked = defineProgram(program);
  return COMPILED.get(checked)!;
}
