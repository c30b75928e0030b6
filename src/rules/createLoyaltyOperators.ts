import { LoyaltyError } from '../errors/index.js';
import { compileCondition } from './compileCondition.js';
import { DOMAIN_OPERATORS, type LoyaltyOperatorOptions } from './domainOperators.js';
import { itemQuantity } from './evaluatePlan.js';
import type { CompiledCondition, Condition, Facts, OperatorFunction } from './types.js';

const NO_FACTS: Facts = Object.freeze({});

function asFacts(item: unknown): Facts {
  return typeof item === 'object' && item !== null ? (item as Facts) : NO_FACTS;
}

/**
 * The loyalty domain operators as plain `(factValue, value) => boolean` functions, bound to a
 * time zone: weekdayIn, hourBetween, dateBetween, isBirthday, inBirthdayWeek, inBirthdayMonth,
 * moneyEqual, moneyNotEqual, moneyLessThan(Inclusive), moneyGreaterThan(Inclusive), anyItem,
 * everyItem, countItems. Use them with your own engine (see the `loyalty-engine/json-rules-engine`
 * entry); {@link compileCondition} already knows them.
 *
 * @param options - `timeZone` (IANA) and the 29 Feb birthday policy
 * @returns the operators by name
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when the zone is unknown
 * @example
 * const ops = createLoyaltyOperators({ timeZone: 'Asia/Shanghai' });
 * ops.weekdayIn('2026-03-07T02:00:00Z', [6, 7]); //=> true (a Saturday in Shanghai)
 */
export function createLoyaltyOperators(
  options: LoyaltyOperatorOptions,
): Readonly<Record<string, OperatorFunction>> {
  if (typeof options !== 'object' || options === null || typeof options.timeZone !== 'string') {
    throw new LoyaltyError('INVALID_ARGUMENT', 'createLoyaltyOperators needs { timeZone: "Area/City" }');
  }
  // Validates the zone (throws UNKNOWN_TIME_ZONE).
  compileCondition({ fact: 'x', operator: 'weekdayIn', value: [1] }, { timeZone: options.timeZone });
  const out: Record<string, OperatorFunction> = {};
  for (const name of Object.keys(DOMAIN_OPERATORS)) out[name] = DOMAIN_OPERATORS[name]!.create(options);
  const compiled = new WeakMap<object, CompiledCondition>();
  const nested = (where: unknown): CompiledCondition | undefined => {
    if (typeof where !== 'object' || where === null) return undefined;
    let c = compiled.get(where);
    if (c === undefined) {
      c = compileCondition(where as Condition, {
        timeZone: options.timeZone,
        ...(options.leapDayBirthday === undefined ? {} : { leapDayBirthday: options.leapDayBirthday }),
      });
      compiled.set(where, c);
    }
    return c;
  };
  out['anyItem'] = (a, b) => {
    const c = nested(b);
    return c !== undefined && Array.isArray(a) && a.some((it) => c(asFacts(it)));
  };
  out['everyItem'] = (a, b) => {
    const c = nested(b);
    return c !== undefined && Array.isArray(a) && a.every((it) => c(asFacts(it)));
  };
  out['countItems'] = (a, b) => {
    if (!Array.isArray(a) || typeof b !== 'object' || b === null) return false;
    const spec = b as { where?: unknown; min?: unknown; max?: unknown; count?: unknown };
    const c = spec.where === undefined ? undefined : nested(spec.where);
    let n = 0;
    for (const it of a) {
      if (c !== undefined && !c(asFacts(it))) continue;
      n += spec.count === 'quantity' ? itemQuantity(it) : 1;
    }
    return (typeof spec.min !== 'number' || n >= spec.min) && (typeof spec.max !== 'number' || n <= spec.max);
  };
  return Object.freeze(out);
}
