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

/**
 * Days since 1970-01-01 of a calendar date (negative before). Months and days beyond their ranges
 * roll over as `Date.UTC` does (month 13 is January of the next year, day 0 the last of the previous
 * month). Integer arithmetic (the "days from civil" algorithm), no Date object.
 */
export function epochDayOf(year: number, month: number, day: number): number {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = m0 - Math.floor(m0 / 12) * 12 + 1; // 1..12
  const ya = m <= 2 ? y - 1 : y;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + (day - 1);
}

/** The calendar date of an epoch day ("civil from days", no Date object). */
export function ymdOfEpochDay(epochDay: number): Ymd {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
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
