import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { localYmdOf } from '../time/internal.js';
import { messages } from './messages.js';

/** Months as integers: year x 12 + (month - 1). Internal to liability. */

/** The local calendar month of an instant (epoch ms) in a zone. */
export function monthIndexOf(epochMs: number, zone: string): number {
  const ymd = localYmdOf(epochMs, zone);
  return ymd.year * 12 + ymd.month - 1;
}

/** `YYYY-MM` of a month index. */
export function formatMonth(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

/** The month index of `YYYY-MM`. */
export function parseMonth(text: unknown, path: readonly PathSegment[]): number {
  const m = typeof text === 'string' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text) : null;
  if (m === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid month', [
      { code: 'invalid_month', path, message: messages.badMonth(String(path[path.length - 1]), text) },
    ]);
  }
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}
