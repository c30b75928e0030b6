import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError } from './errors.js';

/** Where the CLI writes: the process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Base directory of relative paths (default: the process's). */
  readonly cwd?: string;
}

/**
 * The size of a file, or a clear error when it cannot be read. `name` is the file as the user
 * wrote it (messages use it); `path` is where it is.
 */
export function fileSize(path: string, what: string, name = path): number {
  try {
    const s = statSync(path);
    if (!s.isFile()) throw new CliError(`${name}: not a file (${what})`);
    return s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${name}: cannot read the ${what} (${codeOf(e)})`);
  }
}

/** A whole text file (a leading byte order mark removed). */
export function readText(path: string, what: string, name = path): string {
  fileSize(path, what, name);
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new CliError(`${name}: cannot read the ${what} (${codeOf(e)})`);
  }
}

/**
 * The lines of a text file, streamed, with their 1-based numbers and the bytes read so far (for
 * progress). CRLF and LF both end a line; a leading byte order mark is removed.
 */
export async function* readLines(
  path: string,
  what: string,
  name = path,
): AsyncGenerator<{ line: string; number: number; bytesRead: number }> {
  fileSize(path, what, name);
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      yield { line: number === 1 ? line.replace(/^\uFEFF/, '') : line, number, bytesRead: stream.bytesRead };
    }
  } catch (e) {
    throw new CliError(`${name}: cannot read the ${what} (${codeOf(e)})`);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(e);
}
