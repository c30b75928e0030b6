import type { PathSegment } from './formatPath.js';
import type { LoyaltyIssue } from './loyaltyError.js';

/** The shape of a zod issue that we read; structural, so this module does not import zod. */
export interface ZodLikeIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** zod 4 `invalid_union`: the issues of each alternative. */
  readonly errors?: readonly (readonly ZodLikeIssue[])[];
}

/**
 * Maps every zod issue to a {@link LoyaltyIssue}, keeping zod's code, prefixing the path with
 * `root` (e.g. `['event']`). For a union where no alternative matched, the alternative that got
 * furthest (the fewest issues) is reported, each of its issues with its own path.
 */
export function fromZodIssues(
  issues: readonly ZodLikeIssue[],
  root: readonly PathSegment[] = [],
): LoyaltyIssue[] {
  const out: LoyaltyIssue[] = [];
  for (const issue of issues) {
    const path = [...root, ...issue.path.map(toSegment)];
    const alternatives = issue.code === 'invalid_union' ? (issue.errors ?? []) : [];
    const best = alternatives
      .filter((a) => a.length > 0)
      .reduce<readonly ZodLikeIssue[] | undefined>(
        (acc, a) => (acc === undefined || a.length < acc.length ? a : acc),
        undefined,
      );
    if (best !== undefined && alternatives.length > 0 && best.length <= 3) {
      out.push(...fromZodIssues(best, path));
    } else {
      out.push({ code: issue.code, path, message: issue.message });
    }
  }
  return out;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}
