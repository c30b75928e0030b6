import { LoyaltyError } from '../errors/index.js';
import { compareMoney, type Money } from '../money/index.js';
import { localPartsOf } from '../time/index.js';
import { daysFromCivil, isCalendarDate, isLeapYear, isoWeekdayOfDays, parseMonthDay } from './calendar.js';
import type { OperatorFunction } from './types.js';

/** Context the domain operators are created in. */
export interface LoyaltyOperatorOptions {
  /** IANA zone in which weekdays, hours, dates and birthdays are read. */
  readonly timeZone: string;
  /** 29 Feb birthdays in non-leap years: `'feb28'` (default) or `'mar1'`. */
  readonly leapDayBirthday?: 'feb28' | 'mar1';
}

/** @internal Static description of one domain operator. */
export interface DomainOperatorSpec {
  readonly needsZone: boolean;
  /** What the value must be, for messages. */
  readonly expects: string;
  /** Compile-time check of a literal value. */
  readonly validate: (value: unknown) => boolean;
  readonly create: (options: LoyaltyOperatorOptions) => OperatorFunction;
}

const WEEKDAY_NAMES: Readonly<Record<string, number>> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

function weekdayNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isInteger(x) && x >= 1 && x <= 7 ? x : undefined;
  if (typeof x === 'string' && Object.hasOwn(WEEKDAY_NAMES, x.toLowerCase()))
    return WEEKDAY_NAMES[x.toLowerCase()];
  return undefined;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minuteOfDay(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isInteger(x) && x >= 0 && x <= 24 ? x * 60 : undefined;
  if (typeof x !== 'string') return undefined;
  const m = HHMM.exec(x);
  if (m === null) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : undefined;
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
}

/** Local parts of an instant, or undefined when the fact is not a valid instant. */
function partsOf(instant: unknown, zone: string): LocalParts | undefined {
  if (typeof instant !== 'string') return undefined;
  try {
    return localPartsOf(instant, zone);
  } catch (e) {
    if (e instanceof LoyaltyError && e.code === 'UNKNOWN_TIME_ZONE') throw e;
    return undefined;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isMoney(v: unknown): v is Money {
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger((v as { amount?: unknown }).amount) &&
    typeof (v as { currency?: unknown }).currency === 'string'
  );
}

function moneyOperator(test: (c: number) => boolean): DomainOperatorSpec {
  return {
    needsZone: false,
    expects: 'money as its value: { amount: <integer minor units>, currency: "CNY" }',
    validate: isMoney,
    create: () => {
      // Currencies compareMoney has accepted once: later comparisons in them skip its checks.
      const known = new Set<string>();
      return (a, b) => {
        if (!isMoney(a) || !isMoney(b)) return false;
        if (a.currency === b.currency && known.has(a.currency)) {
          return test(a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0);
        }
        const c = compareMoney(a, b);
        known.add(a.currency);
        return test(c);
      };
    },
  };
}

/** The birthday (month, day) in `year`, applying the 29 Feb policy. */
function birthdayIn(
  year: number,
  bd: { month: number; day: number },
  policy: 'feb28' | 'mar1',
): { month: number; day: number } {
  if (bd.month === 2 && bd.day === 29 && !isLeapYear(year)) {
    return policy === 'mar1' ? { month: 3, day: 1 } : { month: 2, day: 28 };
  }
  return bd;
}

function birthdayOperator(
  test: (p: LocalParts, bd: { month: number; day: number }, policy: 'feb28' | 'mar1') => boolean,
): DomainOperatorSpec {
  return {
    needsZone: true,
    expects: 'a birthday as its value ("YYYY-MM-DD", "--MM-DD" or "MM-DD"), usually a fact reference',
    validate: (v) => parseMonthDay(v) !== undefined,
    create: (o) => {
      const policy = o.leapDayBirthday ?? 'feb28';
      return (a, b) => {
        const bd = parseMonthDay(b);
        if (bd === undefined) return false;
        const p = partsOf(a, o.timeZone);
        return p !== undefined && test(p, bd, policy);
      };
    },
  };
}

/**
 * The domain operators loyalty rules need, by name (line-item quantifiers are compiled separately).
 * @internal
 */
export const DOMAIN_OPERATORS: Readonly<Record<string, DomainOperatorSpec>> = Object.freeze({
  weekdayIn: {
    needsZone: true,
    expects: 'an array of ISO weekdays (1 = Monday .. 7 = Sunday, or names like "sat")',
    validate: (v: unknown) =>
      Array.isArray(v) && v.length > 0 && v.every((x) => weekdayNumber(x) !== undefined),
    create:
      (o: LoyaltyOperatorOptions): OperatorFunction =>
      (a, b) => {
        if (!Array.isArray(b)) return false;
        const p = partsOf(a, o.timeZone);
        return p !== undefined && b.some((x) => weekdayNumber(x) === p.weekday);
      },
  },
  hourBetween: {
    needsZone: true,
    expects:
      '[from, to] local times: whole hours 0..24 or "HH:MM"; from inclusive, to exclusive; wraps past midnight when from > to',
    validate: (v: unknown) =>
      Array.isArray(v) &&
      v.length === 2 &&
      minuteOfDay(v[0]) !== undefined &&
      minuteOfDay(v[1]) !== undefined,
    create:
      (o: LoyaltyOperatorOptions): OperatorFunction =>
      (a, b) => {
        if (!Array.isArray(b) || b.length !== 2) return false;
        const from = minuteOfDay(b[0]);
        const to = minuteOfDay(b[1]);
        const p = partsOf(a, o.timeZone);
        if (from === undefined || to === undefined || p === undefined) return false;
        const m = p.hour * 60 + p.minute;
        return from <= to ? m >= from && m < to : m >= from || m < to;
      },
  },
  dateBetween: {
    needsZone: true,
    expects: '[from, to] calendar dates "YYYY-MM-DD" (inclusive; null for an open end)',
    validate: (v: unknown) =>
      Array.isArray(v) &&
      v.length === 2 &&
      v.every((x) => x === null || isCalendarDate(x)) &&
      (v[0] === null || v[1] === null || (v[0] as string) <= (v[1] as string)),
    create:
      (o: LoyaltyOperatorOptions): OperatorFunction =>
      (a, b) => {
        if (!Array.isArray(b) || b.length !== 2) return false;
        const [from, to] = b as [unknown, unknown];
        if ((from !== null && !isCalendarDate(from)) || (to !== null && !isCalendarDate(to))) return false;
        const p = partsOf(a, o.timeZone);
        if (p === undefined) return false;
        const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
        return (from === null || date >= from) && (to === null || date <= to);
      },
  },
  isBirthday: birthdayOperator((p, bd, policy) => {
    const b = birthdayIn(p.year, bd, policy);
    return p.month === b.month && p.day === b.day;
  }),
  inBirthdayMonth: birthdayOperator((p, bd, policy) => birthdayIn(p.year, bd, policy).month === p.month),
  inBirthdayWeek: birthdayOperator((p, bd, policy) => {
    const today = daysFromCivil(p.year, p.month, p.day);
    for (const year of [p.year - 1, p.year, p.year + 1]) {
      const b = birthdayIn(year, bd, policy);
      const bdDays = daysFromCivil(year, b.month, b.day);
      const monday = bdDays - (isoWeekdayOfDays(bdDays) - 1);
      if (today >= monday && today <= monday + 6) return true;
    }
    return false;
  }),
  moneyEqual: moneyOperator((c) => c === 0),
  moneyNotEqual: moneyOperator((c) => c !== 0),
  moneyLessThan: moneyOperator((c) => c < 0),
  moneyLessThanInclusive: moneyOperator((c) => c <= 0),
  moneyGreaterThan: moneyOperator((c) => c > 0),
  moneyGreaterThanInclusive: moneyOperator((c) => c >= 0),
});

/** Names of the line-item quantifiers; their value is a nested condition over an item's facts. */
export const ITEM_OPERATORS: readonly string[] = Object.freeze(['anyItem', 'everyItem', 'countItems']);
