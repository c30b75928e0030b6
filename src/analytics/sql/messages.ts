/** Message builders for SQL generation. */

export const badDialect = (value: unknown): string =>
  `dialect must be 'postgres' or 'duckdb', got ${JSON.stringify(value)}`;

export const badIdentifier = (value: unknown): string =>
  `an identifier must be a non-empty string of at most 128 characters without NUL, got ${JSON.stringify(value)}`;

export const badColumnType = (value: unknown): string =>
  `occurredAtType must be 'timestamptz', 'timestamp' or 'date', got ${JSON.stringify(value)}`;

export const badBoolean = (name: string): string => `${name} must be true or false`;
