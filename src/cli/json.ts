import { CliError } from './errors.js';

/** A 1-based line and column in a text. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse with a located message: `file:line:column: message`. V8 reports a character
 * position ("... in JSON at position 42" or "(line 3 column 5)"), turned here into a line and
 * column of the file.
 */
export function parseJsonFile(text: string, file: string, what: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const lc = /line (\d+) column (\d+)/.exec(message);
    const at = /position (\d+)/.exec(message);
    let where = '';
    if (lc !== null) where = `:${Number(lc[1]) + lineOffset}:${lc[2]}`;
    else if (at !== null) {
      const p = positionAt(text, Number(at[1]));
      where = `:${p.line + lineOffset}:${p.column}`;
    } else if (text.trim() === '') where = lineOffset > 0 ? `:${lineOffset + 1}` : '';
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/ in JSON at position \d+.*$/, '');
    throw new CliError(`${file}${where}: the ${what} is not valid JSON: ${reason}`);
  }
}

/**
 * Where each value of a JSON text is: for an object member, the position of its key; for an
 * array element, of the value. `locate(path)` answers for the deepest part of `path` that exists
 * (a missing field is reported where its parent is). The text must be valid JSON.
 */
export function jsonLocator(text: string): (path: readonly (string | number)[]) => Position {
  const offsets = new Map<string, number>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const string = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        const key = string();
        offsets.set(JSON.stringify([...path, key]), keyAt);
        ws();
        i += 1; // ':'
        value([...path, key]);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let k = 0; ; k++) {
        ws();
        offsets.set(JSON.stringify([...path, k]), i);
        value([...path, k]);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !',}] \t\n\r'.includes(text[i]!)) i += 1;
    }
  };
  ws();
  offsets.set('[]', i);
  value([]);
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const at = offsets.get(JSON.stringify(path.slice(0, n)));
      if (at !== undefined) return positionAt(text, at);
    }
    return { line: 1, column: 1 };
  };
}
