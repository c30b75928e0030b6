import { LoyaltyError } from '../errors/index.js';
import { assertAmount, MAX_DAYS, MAX_MONTHS, MAX_YEARS } from './amounts.js';
import { addMonthsYmd, epochDayOf, formatYmd, type Ymd, ymdOfEpochDay } from './calendar.js';
import { messages } from './messages.js';
import { ymdOf } from './parseLocalDate.js';
import type { LocalDate } from './types.js';

function checked(date: Ymd): LocalDate {
  if (date.year < 0 || date.year > 9999)
    throw new LoyaltyError('INVALID_DATE', messages.outOfRange('The result'));
  return formatYmd(date);
}

/**
 * Adds calendar days to a local date (no zone involved).
 *
 * @param date - `YYYY-MM-DD`
 * @param days - whole days, may be negative
 * @returns the date `days` days later
 * @throws {LoyaltyError} INVALID_DATE when `date` is not a valid local date or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `days` is not an integer
 * @example
 * addLocalDays('2028-02-28', 1) //=> '2028-02-29'
 */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = ymdOf(date, ['date']);
  assertAmount(days, 'days', MAX_DAYS);
  return checked(ymdOfEpochDay(epochDayOf(year, month, day) + days));
}

/**
 * Adds calendar months to a local date, clamping the day to the length of the target month:
 * `2026-01-31` + 1 = `2026-02-28`; `2026-03-31` - 1 = `2026-02-28`.
 *
 * @param date - `YYYY-MM-DD`
 * @param months - whole months, may be negative
 * @returns the clamped date `months` months later
 * @throws {LoyaltyError} INVALID_DATE when `date` is not a valid local date or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `months` is not an integer
 * @example
 * addLocalMonths('2028-01-31', 1) //=> '2028-02-29'
 */
export function addLocalMonths(date: LocalDate, months: number): LocalDate {
  const ymd = ymdOf(date, ['date']);
  assertAmount(months, 'months', MAX_MONTHS);
  return checked(addMonthsYmd(ymd, months));
}

/**
 * Adds calendar years to a local date; 29 February becomes 28 February in a year without it.
 *
 * @param date - `YYYY-MM-DD`
 * @param years - whole years, may be negative
 * @returns the clamped date `years` years later
 * @throws {LoyaltyError} INVALID_DATE when `date` is not a valid local date or the result leaves years 0000..9999
 * @throws {LoyaltyError} INVALID_ARGUMENT when `years` is not an integer
 * @example
 * addLocalYears('2028-02-29', 1) //=> '2029-02-28'
 */
export function addLocalYears(date: LocalDate, years: number): LocalDate {
  const ymd = ymdOf(date, ['date']);
  assertAmount(years, 'years', MAX_YEARS);
  return checked(addMonthsYmd(ymd, years * 12));
}
