import { fromZodIssues, guard, LoyaltyError } from '../errors/index.js';
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
    const program = deepFreeze(structuredCloneJson(parsed.data)) as Program;
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

/** A JSON-only deep copy (the program is JSON; this drops nothing zod accepted). */
function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = structuredCloneJson(v);
    return out;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
