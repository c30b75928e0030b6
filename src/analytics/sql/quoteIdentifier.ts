import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import * as msg from './messages.js';

/**
 * Quotes one SQL identifier for PostgreSQL and DuckDB: wrapped in double quotes, inner double
 * quotes doubled, so any name (keywords, spaces, capitals) is safe and case is kept.
 *
 * @param name - the identifier, e.g. `order lines`
 * @param path - where it came from, for the error
 * @returns the quoted identifier, e.g. `"order lines"`
 * @throws {LoyaltyError} INVALID_ARGUMENT when the name is empty, too long or holds a NUL character
 * @example
 * quoteIdentifier('customer "id"'); //=> '"customer ""id"""'
 */
export function quoteIdentifier(name: unknown, path: readonly PathSegment[] = []): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 128 || name.includes('\u0000')) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid SQL identifier', [
      { code: 'invalid_identifier', path, message: msg.badIdentifier(name) },
    ]);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string as an SQL literal (single quotes doubled). Internal: only for validated values. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
