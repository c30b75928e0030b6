/**
 * Small proleptic-Gregorian helpers on calendar dates (no zones): day numbers and ISO weekdays.
 * @internal
 */

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** ISO weekday (1 = Monday .. 7 = Sunday) of a day number. */
export function isoWeekdayOfDays(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** True in leap years. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAY = /^(?:(\d{4})-|--)?(\d{2})-(\d{2})$/;

/** Parses a birthday `YYYY-MM-DD`, `--MM-DD` or `MM-DD` into month and day; undefined when invalid. */
export function parseMonthDay(value: unknown): { month: number; day: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = MONTH_DAY.exec(value);
  if (m === null) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const maxDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (maxDay === undefined || day < 1 || day > maxDay) return undefined;
  if (m[1] !== undefined && month === 2 && day === 29 && !isLeapYear(Number(m[1]))) return undefined;
  return { month, day };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a valid calendar date `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const max = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return max !== undefined && d >= 1 && d <= max;
}
