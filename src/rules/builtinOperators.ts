import { LoyaltyError } from '../errors/index.js';
import { describe, msg } from './messages.js';
import type { OperatorFunction } from './types.js';

/** Thrown where json-rules-engine would raise a TypeError; the leaf adds the condition path. */
export function runtimeTypeError(operator: string, expected: string, got: unknown): LoyaltyError {
  return new LoyaltyError('INVALID_CONDITION', msg.runtimeType(operator, expected, describe(got)), [
    { code: 'type_mismatch', path: [], message: msg.runtimeType(operator, expected, describe(got)) },
  ]);
}

function indexable(operator: string, b: unknown): { indexOf(x: unknown): number } {
  if (typeof b === 'string' || Array.isArray(b)) return b as { indexOf(x: unknown): number };
  throw runtimeTypeError(operator, 'an array (or a string) as its value', b);
}

function isNumberLike(a: unknown): boolean {
  // json-rules-engine: Number.parseFloat(factValue).toString() !== 'NaN'
  return !Number.isNaN(Number.parseFloat(a as string));
}

/**
 * json-rules-engine 7's ten built-in operators, with its exact semantics: `===` equality; `in`
 * and `notIn` use the value's `indexOf` (so a string value means substring search); `contains` and
 * `doesNotContain` are false unless the fact is an array; the numeric operators are false unless
 * `parseFloat(fact)` is a number, then use JavaScript's `<`/`<=`/`>`/`>=`.
 */
export const BUILTIN_OPERATORS: Readonly<Record<string, OperatorFunction>> = Object.freeze({
  equal: (a: unknown, b: unknown): boolean => a === b,
  notEqual: (a: unknown, b: unknown): boolean => a !== b,
  in: (a: unknown, b: unknown): boolean => indexable('in', b).indexOf(a) > -1,
  notIn: (a: unknown, b: unknown): boolean => indexable('notIn', b).indexOf(a) === -1,
  contains: (a: unknown, b: unknown): boolean => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a: unknown, b: unknown): boolean => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a: unknown, b: unknown): boolean => isNumberLike(a) && (a as number) < (b as number),
  lessThanInclusive: (a: unknown, b: unknown): boolean => isNumberLike(a) && (a as number) <= (b as number),
  greaterThan: (a: unknown, b: unknown): boolean => isNumberLike(a) && (a as number) > (b as number),
  greaterThanInclusive: (a: unknown, b: unknown): boolean =>
    isNumberLike(a) && (a as number) >= (b as number),
});

/** The operator decorators of json-rules-engine 7, applied left to right as prefixes: `not:someFact:equal`. */
export const DECORATORS: readonly string[] = Object.freeze([
  'someFact',
  'everyFact',
  'someValue',
  'everyValue',
  'not',
  'swap',
]);

/**
 * Wraps `next` with the decorator `name`, as json-rules-engine's OperatorDecorator does.
 * @internal
 */
export function decorate(name: string, next: OperatorFunction, full: string): OperatorFunction {
  switch (name) {
    case 'someFact':
      return (a, b) => Array.isArray(a) && a.some((fv) => next(fv, b));
    case 'everyFact':
      return (a, b) => Array.isArray(a) && a.every((fv) => next(fv, b));
    case 'someValue':
      return (a, b) => {
        if (!Array.isArray(b)) throw runtimeTypeError(full, 'an array as its value', b);
        return b.some((jv) => next(a, jv));
      };
    case 'everyValue':
      return (a, b) => {
        if (!Array.isArray(b)) throw runtimeTypeError(full, 'an array as its value', b);
        return b.every((jv) => next(a, jv));
      };
    case 'not':
      return (a, b) => !next(a, b);
    case 'swap':
      return (a, b) => next(b, a);
    default:
      throw new LoyaltyError('INTERNAL', `Unknown decorator ${name} (a bug in loyalty-engine)`);
  }
}

/** How an operator name splits: the base operator and the decorators, outermost first. */
export type OperatorSplit =
  | { readonly ok: true; readonly base: string; readonly decorators: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * Splits `name` the way json-rules-engine's OperatorMap.get does: while the name is not a known
 * operator, peel the text before the first `:` as a decorator.
 * @internal
 */
export function splitOperator(name: string, isOperator: (n: string) => boolean): OperatorSplit {
  const decorators: string[] = [];
  let rest = name;
  while (!isOperator(rest)) {
    const i = rest.indexOf(':');
    if (i <= 0) return { ok: false, message: msg.unknownOperator(name, suggest(rest, isOperator)) };
    const dec = rest.slice(0, i);
    if (!DECORATORS.includes(dec)) return { ok: false, message: msg.unknownDecorator(dec, name) };
    decorators.push(dec);
    rest = rest.slice(i + 1);
  }
  return { ok: true, base: rest, decorators };
}

const KNOWN_FOR_HINTS = [...Object.keys(BUILTIN_OPERATORS)];

function suggest(name: string, isOperator: (n: string) => boolean): string | undefined {
  const lower = name.toLowerCase();
  const candidates = [
    ...KNOWN_FOR_HINTS,
    'equals',
    'weekdayIn',
    'hourBetween',
    'dateBetween',
    'isBirthday',
    'inBirthdayWeek',
    'inBirthdayMonth',
    'anyItem',
    'everyItem',
    'countItems',
  ].filter(isOperator);
  return candidates.find((c) => c.toLowerCase() === lower || c.toLowerCase().startsWith(lower.slice(0, 5)));
}
