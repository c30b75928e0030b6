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

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local wall clock minus UTC). */
export function offsetMs(ms: number, zone: string): number {
  let f = clocks.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clocks.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant (ms) a local wall-clock time (given as if it were UTC, in ms) happens in a zone. */
export function instantOfWall(wall: number, zone: string): number {
  const guess = wall - offsetMs(wall, zone);
  return wall - offsetMs(guess, zone);
}

/** The first instant of a local day (days since 1970-01-01) in a zone, in ms. */
export function startOfLocalDay(day: number, zone: string): number {
  return instantOfWall(day * DAY, zone);
}

/** `n` local days after an instant, at the same wall-clock time (DST-safe), in ms. */
export function addLocalDays(instant: string, n: number, zone: string): number {
  const ms = Date.parse(instant);
  return instantOfWall(ms + offsetMs(ms, zone) + n * DAY, zone);
}

/** A tier metric's window as the program writes it. */
export type TierWindow =
  | CapWindow
  | { readonly type: 'anniversaryYear' }
  | { readonly type: 'fixedCycle'; readonly months: number; readonly anchor: string };

/** A date plus months, clamped to the month's end (31 January + 1 month = 28/29 February). */
function addMonthsClamped(year: number, month: number, day: number, months: number): number {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return dayOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * The first local day of a tier metric's window as of local day `today` (the window always ends
 * today, as far as the metric counts): anniversary years run from the last anniversary of the
 * local joining date (29 February by `policy`), fixed cycles from the anchor plus a multiple of
 * their months (each clamped from the anchor).
 */
export function tierWindowStart(
  window: TierWindow,
  today: number,
  joinedDay: number,
  policy: 'feb28' | 'mar1',
): number {
  if (window.type === 'anniversaryYear') {
    const j = ymd(joinedDay);
    const on = (year: number): number => {
      const b = birthdayIn(
        `2000-${String(j.month).padStart(2, '0')}-${String(j.day).padStart(2, '0')}`,
        year,
        policy,
      );
      return dayOf(year, b.month, b.day);
    };
    const year = ymd(today).year;
    return on(year) <= today ? on(year) : on(year - 1);
  }
  if (window.type === 'fixedCycle') {
    const [ay, am, ad] = window.anchor.split('-').map(Number) as [number, number, number];
    const t = ymd(today);
    let k = Math.floor((t.year * 12 + t.month - (ay * 12 + am)) / window.months) + 1;
    while (addMonthsClamped(ay, am, ad, k * window.months) > today) k--;
    return addMonthsClamped(ay, am, ad, k * window.months);
  }
  return windowStart(window, today, 1);
}
