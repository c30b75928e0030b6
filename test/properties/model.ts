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

const hours = new Map<string, Intl.DateTimeFormat>();

/** The local hour (0-23) of an instant in a zone. */
export function localHour(instant: string, zone: string): number {
  let f = hours.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
    hours.set(zone, f);
  }
  return Number(f.formatToParts(new Date(instant)).find((p) => p.type === 'hour')!.value);
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

/** An exact non-negative rational. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** A decimal as the program writes it (`"2.5"`, `"100.00"`, `7`), exactly. */
export function rational(decimal: string | number): Rational {
  const text = String(decimal);
  const [whole, fraction = ''] = text.split('.');
  return { n: BigInt(`${whole}${fraction}`), d: 10n ** BigInt(fraction.length) };
}

export const times = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d });

/** Rounds a non-negative rational to an integer with one of the program's rounding modes. */
export function round(x: Rational, mode: string): bigint {
  const q = x.n / x.d;
  const r = x.n % x.d;
  if (r === 0n) return q;
  const half = 2n * r - x.d; // > 0 above the half, 0 on it, < 0 below
  switch (mode) {
    case 'floor':
    case 'down':
      return q;
    case 'ceil':
    case 'up':
      return q + 1n;
    case 'halfUp':
      return half >= 0n ? q + 1n : q;
    case 'halfDown':
      return half > 0n ? q + 1n : q;
    case 'halfEven':
      return half > 0n || (half === 0n && q % 2n === 1n) ? q + 1n : q;
  }
  throw new Error(`unknown rounding mode ${mode}`);
}

/**
 * The factor of the multipliers an award lists: per group by the group's stacking mode
 * (`multiply`: the product; `sum`: 1 + the sum of (factor - 1), not below 0; `max` and `first`
 * list a single multiplier), then the product of the groups.
 */
export function combinedFactor(
  multipliers: readonly { readonly group: string; readonly factor: string }[],
  modeOf: (group: string) => string,
): Rational {
  const groups = new Map<string, Rational[]>();
  for (const m of multipliers) groups.set(m.group, [...(groups.get(m.group) ?? []), rational(m.factor)]);
  let out: Rational = { n: 1n, d: 1n };
  for (const [group, factors] of groups) {
    let g: Rational;
    if (modeOf(group) === 'sum') {
      // 1 + sum(f - 1) = (1 - k) + sum(f), over a common denominator
      const d = factors.reduce((acc, f) => acc * f.d, 1n);
      const n = factors.reduce((acc, f) => acc + f.n * (d / f.d), 0n) - BigInt(factors.length - 1) * d;
      g = { n: n < 0n ? 0n : n, d };
    } else {
      g = factors.reduce(times, { n: 1n, d: 1n });
    }
    out = times(out, g);
  }
  return out;
}
