import type { PathSegment } from './formatPath.js';
import type { IssueParam, LoyaltyIssue } from './loyaltyError.js';

/** The shape of a zod issue that we read; structural, so this module does not import zod. */
export interface ZodLikeIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** zod 4 `invalid_union`: the issues of each alternative. */
  readonly errors?: readonly (readonly ZodLikeIssue[])[] | undefined;
  /** `invalid_type`: the expected type. */
  readonly expected?: string | undefined;
  /** `invalid_type`: the input that failed. */
  readonly input?: unknown | undefined;
  /** `too_small` / `too_big`: what is measured (`string`, `array`, `number`, ...). */
  readonly origin?: string | undefined;
  readonly minimum?: number | bigint | undefined;
  readonly maximum?: number | bigint | undefined;
  readonly inclusive?: boolean | undefined;
  /** `unrecognized_keys`: the keys. */
  readonly keys?: readonly string[] | undefined;
  /** `invalid_value`: the allowed values. */
  readonly values?: readonly unknown[] | undefined;
  /** `invalid_union` on a discriminated union: the discriminator and its options. */
  readonly discriminator?: string | undefined;
  readonly options?: readonly unknown[] | undefined;
  /** `invalid_format`: the format (`regex`, ...). */
  readonly format?: string | undefined;
  /** `invalid_format` with `format: 'regex'`: the pattern's source. */
  readonly pattern?: string | undefined;
  /** `not_multiple_of`: the step. */
  readonly divisor?: number | bigint | undefined;
}

/**
 * Maps every zod issue to a {@link LoyaltyIssue}, keeping zod's code, prefixing the path with
 * `root` (e.g. `['event']`). For a union where no alternative matched, the alternative that got
 * furthest (the fewest issues) is reported, each of its issues with its own path. Messages are
 * written here (zod/mini ships none): a sentence a shop developer understands.
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
    } else if (issue.code === 'unrecognized_keys' && issue.keys !== undefined && issue.keys.length > 0) {
      for (const key of issue.keys) {
        out.push({
          code: issue.code,
          path: [...path, key],
          message: `Unknown field "${key}" (check its spelling)`,
          params: { key },
        });
      }
    } else {
      const params = zodParams(issue);
      out.push({
        code: issue.code,
        path,
        message: describeZodIssue(issue),
        ...(params === undefined ? {} : { params }),
      });
    }
  }
  return out;
}

const GENERIC = new Set(['Invalid input', '']);

/**
 * A readable message for one zod issue, written from its fields (zod's own wording varies between
 * zod classic and zod/mini). Custom messages given in a schema (refinements, formats) are kept.
 */
export function describeZodIssue(issue: ZodLikeIssue): string {
  const custom = !GENERIC.has(issue.message) && !issue.message.startsWith('Invalid input:');
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `Required: expected ${article(issue.expected)}`
        : `Expected ${article(issue.expected)}, got ${kindOf(issue.input)}`;
    case 'too_small':
      return bound(issue, 'small');
    case 'too_big':
      return bound(issue, 'big');
    case 'invalid_value':
      return `Expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return issue.discriminator !== undefined
        ? `Unknown ${issue.discriminator}: expected one of ${(issue.options ?? []).map((v) => JSON.stringify(v)).join(', ')}`
        : 'Does not match any of the allowed shapes';
    case 'invalid_format':
      if (custom) return issue.message;
      return `Does not have the expected format${issue.format !== undefined && issue.format !== 'regex' ? ` (${issue.format})` : ''}`;
    case 'not_multiple_of':
      return 'Is not a multiple of the allowed step';
    case 'unrecognized_keys':
      return 'Has unknown fields';
    default:
      return custom ? issue.message : 'Invalid value';
  }
}

type Scalar = string | number | boolean | null;

function scalar(v: unknown): Scalar {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint')
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : String(v);
  return String(v);
}

/** What the input was, as a word: `undefined`, `null`, `array`, `nan`, or its `typeof`. */
function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  return typeof v;
}

/** zod writes a regex as `/source/flags`; params carry the source. */
function patternSource(pattern: string): string {
  const m = /^\/([\s\S]*)\/[a-z]*$/.exec(pattern);
  return m === null ? pattern : m[1]!;
}

/** The figures of a zod issue as {@link LoyaltyIssue.params}, for messages in other languages. */
function zodParams(issue: ZodLikeIssue): Readonly<Record<string, IssueParam>> | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return { expected: issue.expected ?? 'value', received: received(issue.input) };
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      return {
        origin: issue.origin ?? 'number',
        ...(limit === undefined
          ? {}
          : { [issue.code === 'too_small' ? 'minimum' : 'maximum']: scalar(limit) }),
        inclusive: issue.inclusive !== false,
      };
    }
    case 'invalid_value':
      return { values: (issue.values ?? []).map(scalar) };
    case 'invalid_union':
      return issue.discriminator === undefined
        ? undefined
        : { discriminator: issue.discriminator, options: (issue.options ?? []).map(scalar) };
    case 'invalid_format':
      return {
        format: issue.format ?? 'regex',
        ...(issue.pattern === undefined ? {} : { pattern: patternSource(issue.pattern) }),
      };
    case 'not_multiple_of':
      return issue.divisor === undefined ? undefined : { divisor: scalar(issue.divisor) };
    default:
      return undefined;
  }
}

function bound(issue: ZodLikeIssue, side: 'small' | 'big'): string {
  const limit = side === 'small' ? issue.minimum : issue.maximum;
  const n = limit === undefined ? '?' : String(limit);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return side === 'small'
        ? n === '1'
          ? 'Must not be empty'
          : `Must be at least ${n} characters long`
        : `Must be at most ${n} characters long`;
    case 'array':
    case 'set':
      return side === 'small'
        ? n === '1'
          ? 'Must not be empty'
          : `Must have at least ${n} entries`
        : `Must have at most ${n} entries`;
    default:
      if (side === 'small') return inclusive ? `Must be at least ${n}` : `Must be greater than ${n}`;
      return inclusive ? `Must be at most ${n}` : `Must be less than ${n}`;
  }
}

function article(expected: string | undefined): string {
  if (expected === undefined) return 'a value';
  if (expected === 'object' || expected === 'array' || expected === 'int') {
    return expected === 'int' ? 'an integer' : `an ${expected}`;
  }
  return `a ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'string')
    return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}
