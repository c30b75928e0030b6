import {
  createEngine,
  type Engine,
  formatPath,
  isLoyaltyError,
  type LoyaltyIssue,
  type Program,
  validateProgram,
} from 'loyalty-engine';
import { readText } from './io.js';
import { jsonLocator, parseJsonFile } from './json.js';

/** One problem of a program file, with where it is. */
export interface ProgramProblem {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The result of checking a program file: its programs (one, or versions) or its problems. */
export type ProgramCheck =
  | { readonly ok: true; readonly programs: readonly Program[]; readonly engine: Engine }
  | { readonly ok: false; readonly problems: readonly ProgramProblem[] };

/**
 * Reads and validates a program file: one program (an object) or its versions (an array, oldest
 * first, as `createEngine([...])` takes them). Throws a CliError for unreadable or non-JSON files.
 */
export function checkProgramFile(file: string, name = file): ProgramCheck {
  const text = readText(file, 'program', name);
  const json = parseJsonFile(text, name, 'program');
  const locate = jsonLocator(text);
  const problems: ProgramProblem[] = [];
  const add = (issues: readonly LoyaltyIssue[], prefix: readonly (string | number)[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      const { line, column } = locate(path);
      problems.push({ line, column, path: formatPath(path), code: issue.code, message: issue.message });
    }
  };
  const versions = Array.isArray(json) ? json : [json];
  if (versions.length === 0) {
    return {
      ok: false,
      problems: [
        { line: 1, column: 1, path: '', code: 'too_small', message: 'The list of program versions is empty' },
      ],
    };
  }
  const programs: Program[] = [];
  versions.forEach((v, i) => {
    const r = validateProgram(v);
    if (r.success) programs.push(r.program);
    else add(r.error.issues, Array.isArray(json) ? [i] : []);
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    const engine = createEngine(Array.isArray(json) ? programs : programs[0]!);
    return { ok: true, programs, engine };
  } catch (e) {
    if (!isLoyaltyError(e)) throw e;
    add(e.issues, []);
    return { ok: false, problems };
  }
}

/** `file:line:column: path: message (code)`, one line per problem. */
export function formatProblems(file: string, problems: readonly ProgramProblem[]): string {
  return problems
    .map(
      (p) => `${file}:${p.line}:${p.column}: ${p.path === '' ? '' : `${p.path}: `}${p.message} (${p.code})\n`,
    )
    .join('');
}
