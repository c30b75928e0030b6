import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { checkProgramFile, formatProblems } from './program.js';
import { printable } from './text.js';

export const LINT_HELP = `Usage: loyalty-engine lint <program.json> [--json]

Validates a loyalty program (one program object, or an array of its versions, oldest first) and
prints every problem with its line, column and path, e.g.

  program.json:12:9: earning[1].rate.points: Must be a decimal number of points (invalid_points)

Options:
  --json     print the result as JSON: { ok, problems: [{ line, column, path, code, message }] }
  -h, --help this help

Exit codes: 0 valid, 1 problems found (or the file is not JSON), 2 usage error.
`;

export function lintCommand(args: readonly string[], io: CliIo): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw usageError((e as Error).message, 'lint');
  }
  if (parsed.values.help) {
    io.stdout.write(LINT_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== 1) throw usageError('lint takes one file: the program JSON', 'lint');
  const name = parsed.positionals[0]!;
  const result = checkProgramFile(resolve(io.cwd ?? process.cwd(), name), name);
  if (parsed.values.json) {
    io.stdout.write(
      `${JSON.stringify(result.ok ? { ok: true, problems: [] } : { ok: false, problems: result.problems }, null, 2)}\n`,
    );
    return result.ok ? EXIT.ok : EXIT.problems;
  }
  if (!result.ok) {
    io.stdout.write(formatProblems(name, result.problems));
    io.stdout.write(
      `${name}: ${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'}\n`,
    );
    return EXIT.problems;
  }
  const latest = result.programs[result.programs.length - 1]!;
  const tiers = latest.tiers?.levels.map((l) => l.id).join(', ');
  const rules = latest.earning?.length ?? 0;
  const parts = [
    `${rules} earning ${rules === 1 ? 'rule' : 'rules'}`,
    `${latest.rewards?.length ?? 0} ${latest.rewards?.length === 1 ? 'reward' : 'rewards'}`,
    tiers === undefined ? 'no tiers' : `tiers ${tiers}`,
  ];
  const versions = result.programs.length === 1 ? '' : ` (${result.programs.length} versions)`;
  io.stdout.write(`${name}: ok, program ${printable(latest.id)}${versions}: ${parts.join(', ')}\n`);
  return EXIT.ok;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}
