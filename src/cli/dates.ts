import { isLocalDate, localDateOf, parseInstant } from 'loyalty-engine';
import { CliError } from './errors.js';

/** Turns a date cell into the local calendar date `YYYY-MM-DD` (in the report's zone); throws a message. */
export type DateReader = (text: string) => string;

const TOKENS: Readonly<
  Record<string, { readonly re: string; readonly part: 'y' | 'm' | 'd' | 'h' | 'i' | 's' }>
> = {
  YYYY: { re: '(\\d{4})', part: 'y' },
  MM: { re: '(\\d{2})', part: 'm' },
  M: { re: '(\\d{1,2})', part: 'm' },
  DD: { re: '(\\d{2})', part: 'd' },
  D: { re: '(\\d{1,2})', part: 'd' },
  HH: { re: '(\\d{2})', part: 'h' },
  H: { re: '(\\d{1,2})', part: 'h' },
  mm: { re: '(\\d{2})', part: 'i' },
  ss: { re: '(\\d{2})', part: 's' },
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * A reader for `--date-format`:
 * - `iso` (default): `YYYY-MM-DD`, or a date-time `YYYY-MM-DDTHH:mm[:ss[.fff]]` (or with a space);
 *   with `Z` or an offset it is an instant, mapped to its day in `zone`; without, it is already
 *   local and its date is taken as is.
 * - `unix` / `unix-ms`: seconds / milliseconds since 1970-01-01T00:00:00Z, mapped to `zone`.
 * - a pattern of `YYYY`, `MM`/`M`, `DD`/`D`, `HH`/`H`, `mm`, `ss` and literal characters, e.g.
 *   `YYYYMMDD`, `DD/MM/YYYY`, `MM/DD/YYYY HH:mm`: a local wall time in `zone`.
 */
export function dateReader(format: string | undefined, zone: string): DateReader {
  const f = format ?? 'iso';
  if (f === 'iso') return (text) => readIso(text, zone);
  if (f === 'unix' || f === 'unix-ms') {
    const scale = f === 'unix' ? 1000 : 1;
    return (text) => {
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`${JSON.stringify(text)} is not a ${f} timestamp`);
      const ms = Number(text) * scale;
      const d = new Date(ms);
      if (Number.isNaN(d.getTime())) throw new Error(`${JSON.stringify(text)} is out of range`);
      return localDateOf(d.toISOString(), zone);
    };
  }
  const parts: ('y' | 'm' | 'd' | 'h' | 'i' | 's')[] = [];
  let re = '';
  for (let i = 0; i < f.length; ) {
    const token = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'].find((t) => f.startsWith(t, i));
    if (token !== undefined) {
      re += TOKENS[token]!.re;
      parts.push(TOKENS[token]!.part);
      i += token.length;
    } else {
      re += f[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  if (!(parts.includes('y') && parts.includes('m') && parts.includes('d'))) {
    throw new CliError(
      `--date-format ${JSON.stringify(f)} needs YYYY, MM (or M) and DD (or D); or use iso, unix, unix-ms`,
      2,
    );
  }
  const pattern = new RegExp(`^${re}$`);
  return (text) => {
    const m = pattern.exec(text);
    if (m === null) throw new Error(`${JSON.stringify(text)} does not match the date format ${f}`);
    const value = (p: string): number => {
      const k = parts.indexOf(p as never);
      return k < 0 ? 0 : Number(m[k + 1]);
    };
    return checkedDate(value('y'), value('m'), value('d'), value('h'), value('i'), value('s'), text);
  };
}

function readIso(text: string, zone: string): string {
  const m = ISO.exec(text);
  if (m === null) {
    throw new Error(
      `${JSON.stringify(text)} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss with an optional offset); pass --date-format for other forms`,
    );
  }
  const local = checkedDate(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    text,
  );
  if (m[7] === undefined) return local;
  let instant: string;
  try {
    instant = parseInstant(text.replace(' ', 'T').replace(/\s+(?=[Zz+-]\d*)/, ''));
  } catch {
    throw new Error(`${JSON.stringify(text)} is not a valid instant`);
  }
  return localDateOf(instant, zone);
}

function checkedDate(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  text: string,
): string {
  const date = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isLocalDate(date) || h > 23 || mi > 59 || s > 59)
    throw new Error(`${JSON.stringify(text)} is not a real date or time`);
  return date;
}

/** Reads `--observation-end` / `--calibration-end`: a local date, or an instant. */
export function endOption(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  if (isLocalDate(text)) return text;
  try {
    return parseInstant(text);
  } catch {
    throw new CliError(
      `${flag} must be a date YYYY-MM-DD or an instant with an offset (got ${JSON.stringify(text)})`,
      2,
    );
  }
}
