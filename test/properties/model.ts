/**
 * An independent model of the calendar ideas the engine's caps and birthday awards use, written
 * with `Intl` and UTC date arithmetic only (no code from src/time), so the properties compare the
 * engine against a second implementation rather than against itself.
 */
const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant in a zone, as days since 1970-01-01. */
export function localDay(instant: string, zone: string): number {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day'])) / DAY;
}

/** Year, month (1-12), day and weekday (0 = Sunday) of a local day number. */
export function ymd(day: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(day * DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

const dayOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / DAY;
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isLeap = (year: number): boolean => daysInMonth(year, 2) === 29;

/** A cap window as the program writes it. */
export type CapWindow =
  | { readonly type: 'rollingDays'; readonly days: number }
  | { readonly type: 'rollingMonths'; readonly months: number }
  | { readonly type: 'calendar'; readonly unit: 'day' | 'week' | 'month' | 'quarter' | 'year' }
  | { readonly type: 'lifetime' };

/**
 * The first local day of the window that ends on (rolling) or contains (calendar) `today`.
 * Rolling N months: from the day after the same date N months earlier (clamped to the month's
 * end, so 31 March - 1 month = 28 February).
 */
export function windowStart(window: CapWindow, today: number, weekStartsOn: number): number {
  const t = ymd(today);
  switch (window.type) {
    case 'rollingDays':
      return today - window.days + 1;
    case 'rollingMonths': {
      const index = t.year * 12 + (t.month - 1) - window.months;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      return dayOf(year, month, Math.min(t.day, daysInMonth(year, month))) + 1;
    }
    case 'calendar':
      switch (window.unit) {
        case 'day':
          return today;
        case 'week':
          return today - ((t.weekday - weekStartsOn + 7) % 7);
        case 'month':
          return dayOf(t.year, t.month, 1);
        case 'quarter':
          return dayOf(t.year, Math.floor((t.month - 1) / 3) * 3 + 1, 1);
        case 'year':
          return dayOf(t.year, 1, 1);
      }
      break;
    case 'lifetime':
      return Number.NEGATIVE_INFINITY;
  }
  throw new Error(`unknown window ${JSON.stringify(window)}`);
}

/** Month and day of a `YYYY-MM-DD` birthday in `year`, with the program's 29 February policy. */
export function birthdayIn(
  birthday: string,
  year: number,
  policy: 'feb28' | 'mar1',
): { month: number; day: number } {
  const month = Number(birthday.slice(5, 7));
  const day = Number(birthday.slice(8, 10));
  if (month === 2 && day === 29 && !isLeap(year))
    return policy === 'mar1' ? { month: 3, day: 1 } : { month: 2, day: 28 };
  return { month, day };
}
