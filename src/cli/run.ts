import { createRequire } from 'node:module';
import { CliError, EXIT, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { lintCommand } from './lint.js';
import { reportCommand } from './report.js';
import { simulateCommand } from './simulate.js';

export const HELP = `Usage: loyalty-engine <command> [options]

Commands:
  report <transactions.csv> --out <report.html>
                  an HTML report of a customer base: KPIs, RFM segments, P(alive), CLV, holdout check
  simulate <program.json> <events.jsonl>
                  apply events to members with a program; print balances, tiers and totals
  lint <program.json>
                  validate a program; print every problem with its line and path

Run 'loyalty-engine <command> --help' for a command's options.

Options:
  -h, --help      this help
  -v, --version   the version
`;

/**
 * Runs the CLI with arguments (without node and the script) and returns the exit code: 0 done,
 * 1 problems in the input, 2 a usage error. Messages go to `io.stderr`, results to `io.stdout`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(HELP);
        return EXIT.usage;
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(HELP);
        return EXIT.ok;
      case '-v':
      case '--version':
        io.stdout.write(`${version()}\n`);
        return EXIT.ok;
      case 'report':
        return await reportCommand(rest, io);
      case 'simulate':
        return await simulateCommand(rest, io);
      case 'lint':
        return lintCommand(rest, io);
      default:
        throw usageError(`unknown command ${JSON.stringify(command)}: use report, simulate or lint`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(
        `loyalty-engine${command === undefined || !['report', 'simulate', 'lint'].includes(command) ? '' : ` ${command}`}: ${e.message}\n`,
      );
      return e.exitCode;
    }
    throw e;
  }
}

function version(): string {
  // The package's own package.json, by self-reference (listed in its exports).
  return (createRequire(import.meta.url)('loyalty-engine/package.json') as { version: string }).version;
}
