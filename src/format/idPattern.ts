/**
 * The source of the program schema's id pattern (`ID_PATTERN` in program/schema.ts), so that an
 * `invalid_format` issue on an id gets its own sentence without importing the schema (and zod) into
 * the formatter. A test keeps the two equal.
 */
export const ID_PATTERN_SOURCE = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$';
