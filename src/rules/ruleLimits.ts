import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { msg } from './messages.js';
import type { RuleLimits } from './types.js';

/**
 * Default {@link RuleLimits}: generous for hand-written loyalty rules, small enough that an
 * untrusted program cannot make one evaluation expensive.
 */
export const DEFAULT_RULE_LIMITS: RuleLimits = Object.freeze({
  maxDepth: 32,
  maxNodes: 1_000,
  maxExpandedNodes: 10_000,
  maxNamedConditions: 1_000,
  maxPathLength: 256,
  maxPathSegments: 16,
  maxStringLength: 1_000,
  maxArrayLength: 1_000,
  maxValueDepth: 16,
});

/**
 * Ceilings of the limits whose checks recurse: conditions and their values are validated
 * recursively, so their depth is bounded whatever the configuration (no stack overflow).
 */
const CEILINGS: Readonly<Partial<Record<keyof RuleLimits, number>>> = {
  maxDepth: 1_000,
  maxValueDepth: 1_000,
};

/**
 * Merges overrides into the defaults, checking each is a positive safe integer (at most 1,000 for
 * `maxDepth` and `maxValueDepth`).
 * @throws {LoyaltyError} INVALID_ARGUMENT when an override is not a positive integer or is above its ceiling
 * @internal
 */
export function resolveLimits(overrides: Partial<RuleLimits> | undefined): RuleLimits {
  if (overrides === undefined) return DEFAULT_RULE_LIMITS;
  const out: Record<string, number> = { ...DEFAULT_RULE_LIMITS };
  for (const key of Object.keys(DEFAULT_RULE_LIMITS)) {
    if (!Object.hasOwn(overrides, key)) continue;
    const v = (overrides as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid rule limits', [
        { code: 'invalid_limit', path: ['limits', key], message: `${key} must be a positive integer` },
      ]);
    }
    const ceiling = CEILINGS[key as keyof RuleLimits];
    if (ceiling !== undefined && v > ceiling) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid rule limits', [
        { code: 'invalid_limit', path: ['limits', key], message: `${key} must be at most ${ceiling}` },
      ]);
    }
    out[key] = v;
  }
  return out as unknown as RuleLimits;
}

/**
 * An iterative (stack-safe) first pass over raw input: bounds its JSON nesting and total size
 * before any recursive parsing, so a hostile input cannot overflow the stack or take long.
 * @throws {LoyaltyError} LIMIT_EXCEEDED
 * @internal
 */
interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: PathSegment | undefined;
}

function pathOf(frame: Frame, root: readonly PathSegment[]): PathSegment[] {
  const out: PathSegment[] = [];
  for (let f: Frame | undefined = frame; f !== undefined && f.key !== undefined; f = f.parent)
    out.unshift(f.key);
  return [...root, ...out];
}

export function checkJsonBounds(input: unknown, limits: RuleLimits, root: readonly PathSegment[]): void {
  const maxDepth = limits.maxDepth * 3 + limits.maxValueDepth + 8;
  const maxValues = limits.maxExpandedNodes * 64;
  const stack: Frame[] = [{ value: input, depth: 0, parent: undefined, key: undefined }];
  let seen = 0;
  const fail = (code: string, summary: string, frame: Frame, message: string): never => {
    throw new LoyaltyError('LIMIT_EXCEEDED', summary, [{ code, path: pathOf(frame, root), message }]);
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (++seen > maxValues)
      fail('too_big', 'Condition too large', frame, msg.limit('The condition input size', maxValues));
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth)
      fail('too_deep', 'Condition nested too deeply', frame, msg.limit('JSON nesting', maxDepth));
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        fail('too_big', 'Condition too large', frame, msg.limit('Array length', limits.maxArrayLength));
      }
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], depth: depth + 1, parent: frame, key: i });
    } else {
      const keys = Object.keys(value);
      if (keys.length > limits.maxArrayLength) {
        fail(
          'too_big',
          'Condition too large',
          frame,
          msg.limit('Number of object keys', limits.maxArrayLength),
        );
      }
      for (const k of keys) {
        stack.push({ value: (value as Record<string, unknown>)[k], depth: depth + 1, parent: frame, key: k });
      }
    }
  }
}
