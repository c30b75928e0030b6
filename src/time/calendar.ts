/**
 * Internal proleptic-Gregorian calendar arithmetic on plain (year, month, day) triples: no zone, no
 * offset, no host time zone (only the UTC methods of Date are used). Not exported from the package.
 */

/** Milliseconds in a 24-hour day (for epoch-day conversions of UTC midnights only). */
export const MS_PER_DAY = 86_400_000;

/** A calendar date as numbers; month 1..12. */
export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1]!;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const;

/** Day of the year, 1..366, of a calendar date. */
export function dayOfYearOf(year: number, month: number, day: number): number {
  return DAYS_BEFORE_MONTH[month - 1]! + day + (month > 2 && isLeapYear(year) ? 1 : 0);
}

/** Days since 1970-01-01 of a calendar date (negative before). */
export function epochDayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0..99 as written
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** The calendar date of an epoch day. */
export function ymdOfEpochDay(epochDay: number): Ymd {
  const d = new Date(epochDay * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of an epoch day: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar months, clamping the day to the length of the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonthsYmd(date: Ymd, months: number): Ymd {
  const total = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a calendar date. */
export function formatYmd(date: Ymd): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses and validates `YYYY-MM-DD`; `undefined` when malformed, a string reason when impossible. */
export function readYmd(input: string): Ymd | string | undefined {
  const m = LOCAL_DATE.exec(input);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `month ${m[2]} does not exist (01 to 12)`;
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) {
    return month === 2 && day === 29
      ? `${m[1]} is not a leap year, so February has 28 days`
      : `day ${m[3]} does not exist in that month (it has ${dim} days)`;
  }
  return { year, month, day };
}

/** Epoch day of the first day of the week containing `epochDay`. */
export function startOfWeekEpochDay(epochDay: number, weekStartsOn: number): number {
  const weekday = isoWeekdayOfEpochDay(epochDay) % 7; // 0 = Sunday .. 6 = Saturday
  return epochDay - ((weekday - weekStartsOn + 7) % 7);
}

/** First month (1, 4, 7, 10) of the quarter containing `month`. */
export function quarterStartMonth(month: number): number {
  return month - ((month - 1) % 3);
}
