import type { LoyaltyErrorCode } from './codes.js';
import { formatPath, type PathSegment } from './formatPath.js';

const BRAND: unique symbol = Symbol.for('loyalty-engine/error');

/** A value in {@link LoyaltyIssue.params}: a JSON scalar or a list of them. */
export type IssueParam = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** One problem found in the input: a machine-readable code, where it is, and what to do. */
export interface LoyaltyIssue {
  /** A fine-grained code, e.g. zod's `too_small` or ours `unknown_currency`; see `ISSUE_CODES`. */
  readonly code: string;
  /** Where in the input the problem is, e.g. `['earning', 2, 'rate', 'points']`. */
  readonly path: readonly PathSegment[];
  /** A sentence a shop developer understands (English). */
  readonly message: string;
  /**
   * The figures and names the message is made of, as data, e.g. `{ minimum: 1, origin: 'string' }`
   * or `{ required: 500, available: 300 }`, so that `createFormatter` can say the same thing in
   * another language. Absent when the issue has none.
   */
  readonly params?: Readonly<Record<string, IssueParam>>;
}

/**
 * The only error type the library throws. `code` is stable and meant for branching; `issues` lists
 * every problem found (not just the first), each with the path of the offending field.
 * When a `LoyaltyError` is thrown, nothing was applied.
 */
export class LoyaltyError extends Error {
  override readonly name = 'LoyaltyError';
  /** Brand that survives the dual-package hazard (two copies of the library loaded). */
  readonly [BRAND] = true as const;
  /** The stable error code. */
  readonly code: LoyaltyErrorCode;
  /** Every problem found, each with its path. Never empty. */
  readonly issues: readonly LoyaltyIssue[];

  /**
   * @param code - the stable code
   * @param summary - one line saying what failed, e.g. `Invalid program`
   * @param issues - the problems; when empty, one issue is made from the summary with an empty path
   * @param options - `cause` for wrapped errors
   */
  constructor(
    code: LoyaltyErrorCode,
    summary: string,
    issues: readonly LoyaltyIssue[] = [],
    options?: { cause?: unknown },
  ) {
    const list = issues.length > 0 ? issues : [{ code: code.toLowerCase(), path: [], message: summary }];
    super(formatMessage(summary, list, issues.length > 0), options);
    this.code = code;
    this.issues = Object.freeze(
      list.map((i) =>
        Object.freeze({
          ...i,
          path: Object.freeze([...i.path]),
          ...(i.params === undefined ? {} : { params: Object.freeze({ ...i.params }) }),
        }),
      ),
    );
  }

  /** The path of the first issue (empty when the error is not about one field). */
  get path(): readonly PathSegment[] {
    return this.issues[0]?.path ?? [];
  }

  /** A plain JSON form for logs and HTTP responses. */
  toJSON(): { name: 'LoyaltyError'; code: LoyaltyErrorCode; message: string; issues: LoyaltyIssue[] } {
    return { name: 'LoyaltyError', code: this.code, message: this.message, issues: [...this.issues] };
  }
}

function formatMessage(summary: string, issues: readonly LoyaltyIssue[], listed: boolean): string {
  if (!listed) return summary;
  if (issues.length === 1) {
    const only = issues[0]!;
    return only.path.length > 0
      ? `${summary}: ${only.message} (at ${formatPath(only.path)})`
      : `${summary}: ${only.message}`;
  }
  const lines = issues.map((i) => `- ${i.message}${i.path.length > 0 ? ` (at ${formatPath(i.path)})` : ''}`);
  return `${summary} (${issues.length} problems):\n${lines.join('\n')}`;
}

/**
 * True when `e` is a {@link LoyaltyError}, even one thrown by another copy of the library
 * (ESM and CJS builds loaded side by side), where `instanceof` would say false.
 */
export function isLoyaltyError(e: unknown): e is LoyaltyError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
