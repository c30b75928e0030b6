import type { PathSegment } from './formatPath.js';
import { isLoyaltyError, LoyaltyError, type LoyaltyIssue } from './loyaltyError.js';

/** Marks a switch as exhaustive over a discriminated union; reaching it is a bug. */
export function assertNever(value: never, what = 'value'): never {
  throw new LoyaltyError(
    'INTERNAL',
    `Unexpected ${what}: ${JSON.stringify(value)} (a bug in loyalty-engine)`,
  );
}

/**
 * Runs `fn` and guarantees that only a {@link LoyaltyError} escapes: anything else is wrapped as
 * `INTERNAL` with the original error as `cause`. Public entry points use it so that a bug deep
 * inside never surfaces to a shop developer as a bare `TypeError`.
 */
export function guard<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (e) {
    if (isLoyaltyError(e)) throw e;
    throw new LoyaltyError('INTERNAL', `${what} failed unexpectedly (a bug in loyalty-engine)`, [], {
      cause: e,
    });
  }
}

/** The most issues one validation error lists; beyond, one more issue says how many were left out. */
export const MAX_LISTED_ISSUES = 1_000;

/**
 * The issues without repeats (zod can report one problem twice, e.g. an integer above both its
 * maximum and the safe range), at most {@link MAX_LISTED_ISSUES}, the last one saying how many more
 * were found (so a hostile input with a million problems gives an error of bounded size).
 */
export function capIssues(all: readonly LoyaltyIssue[]): readonly LoyaltyIssue[] {
  const keys = new Set<string>();
  const issues = all.filter((i) => {
    const key = JSON.stringify([i.path, i.code, i.message]);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
  if (issues.length <= MAX_LISTED_ISSUES) return issues;
  const more = issues.length - (MAX_LISTED_ISSUES - 1);
  return [
    ...issues.slice(0, MAX_LISTED_ISSUES - 1),
    { code: 'too_many_issues', path: [], message: `${more} more problems not listed` },
  ];
}

/**
 * The issues not at or under the path of one of `covering` (problems already reported there, e.g.
 * by the copy of untrusted JSON, which leaves `null` in place of a refused value).
 */
export function withoutCovered(
  issues: readonly LoyaltyIssue[],
  covering: readonly LoyaltyIssue[],
): LoyaltyIssue[] {
  if (covering.length === 0) return [...issues];
  const key = (path: readonly PathSegment[], n: number): string => JSON.stringify(path.slice(0, n));
  const covered = new Set(covering.map((c) => key(c.path, c.path.length)));
  return issues.filter((i) => {
    for (let n = 0; n <= i.path.length; n++) if (covered.has(key(i.path, n))) return false;
    return true;
  });
}
