/** Exit codes: 0 done, 1 the input has problems (bad rows, an invalid program), 2 a usage error. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** An error the CLI reports as one message (no stack) with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.problems,
  ) {
    super(message);
  }
}

/** A usage error: bad flags or arguments. */
export function usageError(message: string, command?: string): CliError {
  const help = command === undefined ? 'loyalty-engine --help' : `loyalty-engine ${command} --help`;
  return new CliError(`${message}\nRun '${help}' for usage.`, EXIT.usage);
}
