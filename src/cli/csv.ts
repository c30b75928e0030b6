import { CliError } from './errors.js';

/** A field separator: one character, or runs of spaces and tabs. */
export type Delimiter = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'whitespace' };

/** Reads `--delimiter`: `,` (default), `;`, `|`, `tab`, or `whitespace`. */
export function parseDelimiter(text: string | undefined): Delimiter {
  if (text === undefined || text === ',') return { kind: 'char', char: ',' };
  if (text === 'tab' || text === '\\t' || text === '\t') return { kind: 'char', char: '\t' };
  if (text === 'whitespace' || text === 'space') return { kind: 'whitespace' };
  if ([...text].length === 1 && text !== '"' && text !== '\n' && text !== '\r')
    return { kind: 'char', char: text };
  throw new CliError(
    `--delimiter must be one character, 'tab' or 'whitespace' (got ${JSON.stringify(text)})`,
    2,
  );
}

/** One record of a delimited file and the line it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

/**
 * Splits lines into records (RFC 4180 quoting: a field in double quotes may hold the delimiter,
 * `""` for a quote, and line breaks, so one record may span lines). Blank lines are skipped.
 * With `whitespace`, fields are separated by runs of spaces and tabs and quotes are plain text.
 */
export async function* csvRecords(
  lines: AsyncIterable<{ line: string; number: number }>,
  delimiter: Delimiter,
  file: string,
): AsyncGenerator<CsvRecord> {
  let pending: string | null = null;
  let start = 0;
  let lastNumber = 0;
  for await (const { line, number } of lines) {
    lastNumber = number;
    if (delimiter.kind === 'whitespace') {
      const trimmed = line.trim();
      if (trimmed !== '') yield { fields: trimmed.split(/[ \t]+/), line: number };
      continue;
    }
    const text: string = pending === null ? line : `${pending}\n${line}`;
    if (pending === null) start = number;
    if (pending === null && line.trim() === '') continue;
    const parsed = splitRecord(text, delimiter.char, file, start);
    if (parsed === null) {
      pending = text;
      continue;
    }
    pending = null;
    yield { fields: parsed, line: start };
  }
  if (pending !== null) {
    throw new CliError(
      `${file}:${start}: a quoted field opened on this line is not closed by the end of the file (line ${lastNumber})`,
    );
  }
}

/** The fields of a record, or null when a quoted field is still open at the end of `text`. */
function splitRecord(text: string, delimiter: string, file: string, line: number): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return null;
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (text[i] !== delimiter) {
        const where = text.slice(0, i).split('\n').length - 1;
        throw new CliError(
          `${file}:${line + where}: unexpected text after a closing quote in field ${fields.length} (a quote inside a quoted field is written "")`,
        );
      }
      i += 1;
      continue;
    }
    const end = text.indexOf(delimiter, i);
    if (end < 0) {
      fields.push(text.slice(i));
      return fields;
    }
    fields.push(text.slice(i, end));
    i = end + 1;
  }
}
