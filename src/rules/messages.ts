/**
 * Message builders for the rules module: one place for every sentence a shop developer reads.
 * @internal
 */

export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const msg = {
  notAnObject: (got: string): string =>
    `Expected a condition object ({ all }, { any }, { not }, { condition } or { fact, operator, value }), got ${got}`,
  ambiguousNode: (keys: readonly string[]): string =>
    `A condition must have exactly one of all, any, not, condition or fact; this one has ${keys.join(', ')}`,
  missingKey: (key: string): string => `Missing "${key}"`,
  unknownOperator: (name: string, hint: string | undefined): string =>
    `Unknown operator "${name}"${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
  unknownDecorator: (name: string, full: string): string =>
    `Unknown operator decorator "${name}" in "${full}" (known: someFact, everyFact, someValue, everyValue, not, swap)`,
  unknownFact: (name: string): string => `Unknown fact "${name}": it is not in the list of known facts`,
  forbiddenName: (name: string): string =>
    `"${name}" is not allowed as a fact name or path segment (it could reach the object prototype)`,
  badPath: (path: string, why: string): string =>
    `Unsupported path "${path}": ${why}. Supported: $.a.b, $.a[0], $['key with spaces']`,
  unknownConditionRef: (name: string): string =>
    `No shared condition named "${name}"; pass it in options.conditions`,
  cycle: (chain: readonly string[]): string =>
    `Shared conditions reference each other in a cycle: ${chain.join(' -> ')}`,
  notFinite: (): string => 'Numbers in conditions must be finite and within the safe integer range',
  badValue: (operator: string, expected: string): string => `Operator "${operator}" expects ${expected}`,
  needsZone: (operator: string): string =>
    `Operator "${operator}" works in the program time zone: pass options.timeZone (an IANA zone, e.g. "Asia/Shanghai")`,
  badZone: (zone: string): string => `Unknown time zone "${zone}"`,
  itemValue: (operator: string): string =>
    `Operator "${operator}" expects a nested condition over item facts as its value, rooted at all, any or not`,
  countValue: (): string =>
    'Operator "countItems" expects { where: <condition>, min?: number, max?: number, count?: "lines" | "quantity" }',
  itemFactRef: (operator: string): string =>
    `Operator "${operator}" needs its nested condition written in place, not a fact reference`,
  limit: (what: string, max: number): string => `${what} exceeds the limit of ${max} (see RuleLimits)`,
  runtimeType: (operator: string, expected: string, got: string): string =>
    `Operator "${operator}" needs ${expected}, got ${got} (json-rules-engine would reject the whole run here)`,
  customThrew: (operator: string, message: string): string =>
    `Custom operator "${operator}" threw: ${message}`,
  asyncFact: (name: string): string =>
    `Fact "${name}" returned a Promise: facts must be synchronous values or functions (use the json-rules-engine interop for async facts)`,
  factThrew: (name: string, message: string): string => `Computing fact "${name}" failed: ${message}`,
  ruleShape: (): string => 'A rule must be an object { id, conditions }',
  ruleKey: (key: string): string => `Unknown key "${key}" on a rule (a rule is { id, conditions })`,
  ruleSetShape: (): string =>
    'Rules must be a record from rule id to condition, or a list of { id, conditions }',
  badOperatorName: (name: string): string =>
    `Custom operator name "${name}" is not allowed: it must be a non-empty string that is not a built-in operator or decorator name`,
};

/** A short description of a runtime value's type, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
