import { LoyaltyError } from '../errors/index.js';
import { formatYmd, isLeapYear, type Ymd } from './calendar.js';
import { messages } from './messages.js';
import { ymdOf } from './parseLocalDate.js';
import type { BirthdayPolicy, LocalDate } from './types.js';

const POLICIES: readonly BirthdayPolicy[] = ['feb28', 'mar1'];

/** Internal: validates a 29 February policy (default `feb28`). */
export function policyOf(policy: unknown): BirthdayPolicy {
  if (policy === undefined) return 'feb28';
  if (!POLICIES.includes(policy as BirthdayPolicy)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid option', [
      { code: 'invalid_policy', path: ['policy'], message: messages.badOption('policy', policy, POLICIES) },
    ]);
  }
  return policy as BirthdayPolicy;
}

/** Internal: validates a calendar year 0..9999. */
export function assertYear(year: unknown): asserts year is number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 0 || year > 9999) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid year', [
      { code: 'invalid_year', path: ['year'], message: messages.notAnInteger('year', year, 0, 9999) },
    ]);
  }
}

/** Internal: the recurrence of a month/day in `year`, with the 29 February policy. */
export function recurrenceIn(date: Ymd, year: number, policy: BirthdayPolicy): Ymd {
  if (date.month === 2 && date.day === 29 && !isLeapYear(year)) {
    return policy === 'mar1' ? { year, month: 3, day: 1 } : { year, month: 2, day: 28 };
  }
  return { year, month: date.month, day: date.day };
}

/**
 * The date a birthday falls on in a given year. The birthday's own year is ignored (use `0000` when
 * it is unknown: `0000-02-29` is valid because year 0 is a leap year). 29 February falls on 28
 * February (`feb28`, the default) or 1 March (`mar1`) in years without it.
 *
 * @param birthday - `YYYY-MM-DD`
 * @param year - the year to look at, 0..9999
 * @param policy - `feb28` (default) or `mar1`
 * @returns the local date of the birthday in `year`
 * @throws {LoyaltyError} INVALID_DATE when `birthday` is not a valid local date
 * @throws {LoyaltyError} INVALID_ARGUMENT when `year` or `policy` is not valid
 * @example
 * birthdayInYear('2000-02-29', 2026) //=> '2026-02-28'
 * birthdayInYear('0000-02-29', 2026, 'mar1') //=> '2026-03-01'
 */
export function birthdayInYear(
  birthday: LocalDate,
  year: number,
  policy: BirthdayPolicy = 'feb28',
): LocalDate {
  const date = ymdOf(birthday, ['birthday']);
  assertYear(year);
  return formatYmd(recurrenceIn(date, year, policyOf(policy)));
}

/**
 * The anniversary of a joining date in a given year (same month and day; 29 February follows the
 * policy, as for birthdays). Year 0 of membership is the joining date itself.
 *
 * @param joined - the local date the member joined, `YYYY-MM-DD`
 * @param year - the year to look at, 0..9999
 * @param policy - `feb28` (default) or `mar1`
 * @returns the local date of the anniversary in `year`
 * @throws {LoyaltyError} INVALID_DATE when `joined` is not a valid local date
 * @throws {LoyaltyError} INVALID_ARGUMENT when `year` or `policy` is not valid
 * @example
 * anniversaryOf('2024-02-29', 2027) //=> '2027-02-28'
 */
export function anniversaryOf(joined: LocalDate, year: number, policy: BirthdayPolicy = 'feb28'): LocalDate {
  const date = ymdOf(joined, ['joined']);
  assertYear(year);
  return formatYmd(recurrenceIn(date, year, policyOf(policy)));
}
