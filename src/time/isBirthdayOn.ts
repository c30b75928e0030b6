import { assertTimeZone } from './assertTimeZone.js';
import { policyOf, recurrenceIn } from './birthdayInYear.js';
import { epochDayOf, startOfWeekEpochDay, ymdOfEpochDay } from './calendar.js';
import { localEpochDayOf } from './localPartsOf.js';
import { epochOf } from './parseInstant.js';
import { ymdOf } from './parseLocalDate.js';
import { weekStartsOnOf } from './periods.js';
import type { BirthdayPolicy, Instant, LocalDate, TimeZone, WeekOptions } from './types.js';

/** Options of {@link isBirthdayWeek}. */
export interface BirthdayWeekOptions extends WeekOptions {
  /** 29 February policy, default `feb28`. */
  readonly policy?: BirthdayPolicy;
}

/**
 * Tells whether an instant falls on the member's birthday in a zone (the member's zone, or the
 * program's), with the 29 February policy for years without it.
 *
 * @param birthday - `YYYY-MM-DD`; the year is ignored and may be `0000`
 * @param instant - the moment
 * @param zone - IANA zone
 * @param policy - `feb28` (default) or `mar1`
 * @returns true on the birthday's local date
 * @throws {LoyaltyError} INVALID_DATE when `birthday` or `instant` is not valid
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `policy` is not valid
 * @example
 * isBirthdayOn('1990-03-02', '2026-03-01T16:30:00Z', 'Asia/Shanghai') //=> true (00:30 on 2 March there)
 * isBirthdayOn('2000-02-29', '2026-02-28T12:00:00Z', 'UTC') //=> true
 */
export function isBirthdayOn(
  birthday: LocalDate,
  instant: Instant,
  zone: TimeZone,
  policy: BirthdayPolicy = 'feb28',
): boolean {
  const date = ymdOf(birthday, ['birthday']);
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  const p = policyOf(policy);
  const local = ymdOfEpochDay(localEpochDayOf(epochMs, zone));
  const b = recurrenceIn(date, local.year, p);
  return b.month === local.month && b.day === local.day;
}

/**
 * Tells whether an instant falls in the week (in a zone) that contains the member's birthday. Weeks
 * that straddle New Year look at the birthday in both years.
 *
 * @param birthday - `YYYY-MM-DD`; the year is ignored and may be `0000`
 * @param instant - the moment
 * @param zone - IANA zone
 * @param options - `weekStartsOn` (default 1, Monday) and `policy` (default `feb28`)
 * @returns true when the local week of `instant` contains the birthday
 * @throws {LoyaltyError} INVALID_DATE when `birthday` or `instant` is not valid
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when an option is not valid
 * @example
 * // 2026-03-02 is a Monday; the birthday on Sunday 8 March is in the same week
 * isBirthdayWeek('1990-03-08', '2026-03-02T12:00:00Z', 'UTC') //=> true
 */
export function isBirthdayWeek(
  birthday: LocalDate,
  instant: Instant,
  zone: TimeZone,
  options?: BirthdayWeekOptions,
): boolean {
  const date = ymdOf(birthday, ['birthday']);
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  const p = policyOf(options?.policy);
  const first = startOfWeekEpochDay(localEpochDayOf(epochMs, zone), weekStartsOnOf(options));
  const years = new Set([ymdOfEpochDay(first).year, ymdOfEpochDay(first + 6).year]);
  for (const year of years) {
    if (year < 0 || year > 9999) continue;
    const b = recurrenceIn(date, year, p);
    const day = epochDayOf(b.year, b.month, b.day);
    if (day >= first && day <= first + 6) return true;
  }
  return false;
}

/**
 * Tells whether an instant falls in the birthday's month, in a zone, with the 29 February policy the
 * engine uses (a program's `leapDayBirthday`): a 29 February birthday's month is February, except in
 * years without 29 February under `mar1`, where it is March.
 *
 * @param birthday - `YYYY-MM-DD`; the year is ignored and may be `0000`
 * @param instant - the moment
 * @param zone - IANA zone
 * @param policy - `feb28` (default, as the engine's) or `mar1`
 * @returns true when the local month of `instant` is the month of the birthday in that year
 * @throws {LoyaltyError} INVALID_DATE when `birthday` or `instant` is not valid
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when `policy` is not valid
 * @example
 * isBirthdayMonth('1990-03-31', '2026-02-28T17:00:00Z', 'Asia/Shanghai') //=> true (1 March there)
 * isBirthdayMonth('2000-02-29', '2027-03-10T12:00:00Z', 'UTC', 'mar1') //=> true (no 29 February in 2027)
 */
export function isBirthdayMonth(
  birthday: LocalDate,
  instant: Instant,
  zone: TimeZone,
  policy: BirthdayPolicy = 'feb28',
): boolean {
  const date = ymdOf(birthday, ['birthday']);
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  const p = policyOf(policy);
  const local = ymdOfEpochDay(localEpochDayOf(epochMs, zone));
  return recurrenceIn(date, local.year, p).month === local.month;
}
