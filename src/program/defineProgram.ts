import { fromZodIssues, guard, LoyaltyError, type LoyaltyIssue } from '../errors/index.js';
import { copyJson, deepFreeze } from '../json/index.js';
import { type CompiledProgram, compileProgram } from './compileProgram.js';
import { programSchema } from './schema.js';
import type { Program, ProgramValidation } from './types.js';

/** Compiled form of every program `defineProgram` accepted, so `createEngine` compiles once. */
const COMPILED = new WeakMap<object, CompiledProgram>();

/**
 * Validates a loyalty program (plain JSON) and returns it, typed and deep-frozen. Shape and meaning
 * are both checked, and **every** problem is reported with its path: unknown fields (typos),
 * unknown currency or time zone, decimals that are not exact at the program's precision, duplicate
 * ids, conditions that do not compile or read unknown facts, caps and multipliers naming rules that
 * do not exist, stacking modes that do not fit their group, and more.
 *
 * @param json - the program, e.g. parsed from your admin UI or a file
 * @returns the program (the same data, frozen)
 * @throws {LoyaltyError} INVALID_PROGRAM listing every problem; `error.issues[i].path` is e.g.
 *   `['earning', 2, 'rate', 'points']`
 * @example
 * const program = defineProgram({
 *   id: 'coffee-club', currency: 'CNY', timeZone: 'Asia/Shanghai',
 *   earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
 *   rewards: [{ id: 'coffee', points: '100' }],
 * });
 */
export function defineProgram(json: unknown): Program {
  const result = validateProgram(json);
  if (!result.success) throw result.error;
  return result.program;
}

/**
 * The non-throwing form of {@link defineProgram}, for admin forms: `{ success: true, program }` or
 * `{ success: false, error }` where `error` is the `LoyaltyError` (INVALID_PROGRAM) that
 * `defineProgram` would throw.
 *
 * @param json - the program
 * @returns the validation result
 * @example
 * const check = validateProgram(form);
 * if (!check.success) for (const i of check.error.issues) showError(i.path, i.message);
 */
export function validateProgram(json: unknown): ProgramValidation {
  return guard(() => {
    const parsed = programSchema.safeParse(json);
    if (!parsed.success) {
      return { success: false, error: invalid(fromZodIssues(parsed.error.issues)) } as const;
    }
    const copyIssues: LoyaltyIssue[] = [];
    const copy = copyJson(parsed.data, [], copyIssues, PROGRAM_JSON_LIMITS);
    if (copyIssues.length > 0) return { success: false, error: invalid(copyIssues) } as const;
    const program = deepFreeze(copy) as Program;
    const compiled = compileProgram(program);
    if (Array.isArray(compiled)) return { success: false, error: invalid(compiled) } as const;
    COMPILED.set(program, compiled);
    return { success: true, program } as const;
  }, 'validateProgram');
}

/** @internal The compiled form of a program, compiling (and validating) it when needed. */
export function compiledProgramOf(program: Program): CompiledProgram {
  const known = COMPILED.get(program);
  if (known !== undefined) return known;
  const checked = defineProgram(program);
  return COMPILED.get(checked)!;
}

function invalid(issues: ConstructorParameters<typeof LoyaltyError>[2]): LoyaltyError {
  return new LoyaltyError('INVALID_PROGRAM', 'Invalid program', issues);
}

/** Bounds of a program's JSON as a whole (conditions have their own, finer limits). */
const PROGRAM_JSON_LIMITS = { maxDepth: 100, maxNodes: 200_000, maxStringLength: 10_000 } as const;
