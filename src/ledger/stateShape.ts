/**
 * A shallow check of a member state's shape, run by the engine before it reads a state: a state
 * read back from storage that was changed or damaged (a field missing, `null`, of another type) is
 * refused with the field's path instead of failing somewhere inside. It checks the top-level fields
 * only (constant time); `engine.checkInvariants` checks the meaning of a state.
 */
import type { LoyaltyIssue } from '../errors/index.js';
import type { MemberState } from './types.js';

type Kind = 'string' | 'count' | 'number' | 'array' | 'object' | 'stringOrNull' | 'objectOrNull';

const FIELDS: readonly (readonly [keyof MemberState, Kind])[] = [
  ['memberId', 'string'],
  ['version', 'count'],
  ['joinedAt', 'string'],
  ['profile', 'object'],
  ['clock', 'string'],
  ['lots', 'array'],
  ['totals', 'object'],
  ['orders', 'array'],
  ['redemptions', 'array'],
  ['caps', 'object'],
  ['activity', 'array'],
  ['stats', 'object'],
  ['onceKeys', 'object'],
  ['recentEventIds', 'array'],
  ['referredBy', 'stringOrNull'],
  ['debt', 'number'],
  ['lastActivityAt', 'string'],
  ['journal', 'objectOrNull'],
  ['nextDue', 'object'],
  ['status', 'string'],
  ['rewards', 'array'],
  ['tier', 'objectOrNull'],
  ['metrics', 'object'],
];

const EXPECTED: Readonly<Record<Kind, string>> = {
  string: 'a string',
  count: 'a whole number of 0 or more',
  number: 'a finite number',
  array: 'an array',
  object: 'an object',
  stringOrNull: 'a string or null',
  objectOrNull: 'an object or null',
};

function fits(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'count':
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'stringOrNull':
      return v === null || typeof v === 'string';
    case 'objectOrNull':
      return v === null || (typeof v === 'object' && !Array.isArray(v));
  }
}

/**
 * The top-level fields of a state that do not have the type the engine wrote (empty when all do).
 * @internal
 */
export function stateShapeIssues(state: MemberState): LoyaltyIssue[] {
  const issues: LoyaltyIssue[] = [];
  const s = state as unknown as Readonly<Record<string, unknown>>;
  for (const [field, kind] of FIELDS) {
    if (!fits(s[field], kind)) {
      issues.push({
        code: 'invalid_state',
        path: ['state', field],
        message: `Expected ${EXPECTED[kind]} (the state was changed or damaged after the engine wrote it: store and load states as the engine returns them)`,
      });
    }
  }
  return issues;
}
