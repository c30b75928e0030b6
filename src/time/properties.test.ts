import { tz } from '@date-fns/tz';
import { addMonths, getDaysInMonth } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addLocalDays, addLocalMonths } from './addLocalMonths.js';
import { addDaysIn, addMonthsIn } from './addMonthsIn.js';
import { daysBetweenIn } from './daysBetweenIn.js';
import { localDateOf, localPartsOf } from './localPartsOf.js';
import { parseInstant } from './parseInstant.js';
import { periodKey } from './periodKey.js';
import { endOfDayIn, startOfDayIn } from './startOfDayIn.js';
import { startOfLocalDate } from './startOfLocalDate.js';
import { endOfPeriodIn, startOfPeriodIn } from './startOfPeriodIn.js';
import type { PeriodUnit, WeekStartsOn, Window } from './types.js';
import { isWithin, windowBounds } from './windowBounds.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const opts = { numRuns: RUNS };

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Shanghai',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'UTC',
] as const;
/** DST changes of the zones above (UTC instants), to sample around them. */
const CHANGES = [
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2018-11-04T03:00:00Z',
  '2019-02-17T02:00:00Z',
  '1996-10-27T01:00:00Z',
  '2099-03-29T01:00:00Z',
].map(Date.parse);

const MIN = Date.UTC(1970, 0, 1);
const MAX = Date.UTC(2100, 0, 1);
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const arbZone = fc.constantFrom(...ZONES);
const arbInstant = fc.oneof(
  fc.integer({ min: MIN, max: MAX }).map(iso),
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
    .map(([t, d]) => iso(t + d)),
);
const arbUnit = fc.constantFrom<PeriodUnit>('day', 'week', 'month', 'quarter', 'year');
const arbWeekStart = fc.integer({ min: 0, max: 6 }) as fc.Arbitrary<WeekStartsOn>;
const arbLocalDate = fc
  .tuple(
    fc.integer({ min: 1900, max: 2100 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .map(([y, m, d]) => {
    const day = Math.min(d, getDaysInMonth(new Date(Date.UTC(y, m - 1, 1, 12))));
    return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
const ymd = (d: string): [number, number, number] => d.split('-').map(Number) as [number, number, number];

/** An independent oracle: the wall clock read by Intl, not by @date-fns/tz. */
const oracles = new Map<string, Intl.DateTimeFormat>();
function oracleParts(instant: string, zone: string): Record<string, number> {
  let f = oracles.get(zone);
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
      weekday: 'short',
    });
    oracles.set(zone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(Date.parse(instant))) {
    if (p.type === 'weekday')
      out['weekday'] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.value) + 1;
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out;
}

describe('days in a zone', () => {
  test('end of day is exactly 1 ms before the next start of day', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, (x, zone) => {
        const end = endOfDayIn(x, zone);
        const next = iso(Date.parse(end) + 1);
        expect(startOfDayIn(next, zone)).toBe(next);
        expect(localDateOf(next, zone)).toBe(addLocalDays(localDateOf(x, zone), 1));
        expect(localDateOf(end, zone)).toBe(localDateOf(x, zone));
      }),
      opts,
    );
  });

  test('startOfDay <= instant <= endOfDay, and the start is on the same local date', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, (x, zone) => {
        const s = startOfDayIn(x, zone);
        const e = endOfDayIn(x, zone);
        const t = Date.parse(x);
        expect(Date.parse(s)).toBeLessThanOrEqual(t);
        expect(t).toBeLessThanOrEqual(Date.parse(e));
        expect(localDateOf(s, zone)).toBe(localDateOf(x, zone));
        // nothing earlier is on that date
        expect(localDateOf(iso(Date.parse(s) - 1), zone) < localDateOf(x, zone)).toBe(true);
        expect(startOfLocalDate(localDateOf(x, zone), zone)).toBe(s);
      }),
      opts,
    );
  });

  test('localPartsOf agrees with Intl.DateTimeFormat', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, (x, zone) => {
        const p = localPartsOf(x, zone);
        const o = oracleParts(x, zone);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second, p.weekday]).toEqual([
          o['year'],
          o['month'],
          o['day'],
          o['hour'],
          o['minute'],
          o['second'],
          o['weekday'],
        ]);
        const jan1 = Date.UTC(p.year, 0, 1);
        expect(p.dayOfYear).toBe((Date.UTC(p.year, p.month - 1, p.day) - jan1) / DAY + 1);
      }),
      opts,
    );
  });
});

describe('periods in a zone', () => {
  test('start <= instant <= end; end + 1 ms starts the next period; keys agree', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, arbUnit, arbWeekStart, (x, zone, unit, weekStartsOn) => {
        const o = unit === 'week' ? { weekStartsOn } : {};
        const s = startOfPeriodIn(x, zone, unit, o);
        const e = endOfPeriodIn(x, zone, unit, o);
        const t = Date.parse(x);
        expect(Date.parse(s) <= t && t <= Date.parse(e)).toBe(true);
        const next = iso(Date.parse(e) + 1);
        expect(startOfPeriodIn(next, zone, unit, o)).toBe(next);
        expect(startOfDayIn(s, zone)).toBe(s);
        if (unit !== 'week' || weekStartsOn === 1) {
          expect(periodKey(s, zone, unit)).toBe(periodKey(x, zone, unit));
          expect(periodKey(e, zone, unit)).toBe(periodKey(x, zone, unit));
          expect(periodKey(next, zone, unit) > periodKey(x, zone, unit)).toBe(true);
        }
        if (unit === 'week') {
          expect(localPartsOf(s, zone).weekday % 7).toBe(weekStartsOn);
          expect(daysBetweenIn(s, e, zone)).toBe(6);
        }
      }),
      opts,
    );
  });

  test('window bounds contain asOf and are well ordered', () => {
    const arbWindow: fc.Arbitrary<Window> = fc.oneof(
      fc.integer({ min: 1, max: 800 }).map((days) => ({ type: 'rollingDays', days }) as const),
      fc.integer({ min: 1, max: 60 }).map((months) => ({ type: 'rollingMonths', months }) as const),
      arbUnit.map((unit) => ({ type: 'calendar', unit }) as const),
      fc.constant({ type: 'anniversaryYear' } as const),
      fc
        .tuple(fc.integer({ min: 1, max: 24 }), arbLocalDate)
        .map(([months, anchor]) => ({ type: 'fixedCycle', months, anchor }) as const),
      fc.constant({ type: 'lifetime' } as const),
    );
    fc.assert(
      fc.property(arbWindow, arbInstant, arbInstant, arbZone, arbWeekStart, (w, asOf, joinedAt, zone, ws) => {
        const b = windowBounds(w, asOf, zone, { joinedAt, weekStartsOn: ws });
        expect(isWithin(asOf, b)).toBe(true);
        expect(Date.parse(b.start) < Date.parse(b.end)).toBe(true);
        expect(b.start).toBe(parseInstant(b.start));
        expect(b.end).toBe(parseInstant(b.end));
      }),
      opts,
    );
  });
});

describe('month clamping laws', () => {
  test('addLocalMonths: day = min(day, days in target month); agrees with date-fns addMonths', () => {
    fc.assert(
      fc.property(arbLocalDate, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const [y, m, day] = ymd(d);
        const [ry, rm, rd] = ymd(addLocalMonths(d, n));
        expect(ry * 12 + rm).toBe(y * 12 + m + n);
        expect(rd).toBe(Math.min(day, getDaysInMonth(new Date(Date.UTC(ry, rm - 1, 1, 12)))));
        const ref = addMonths(Date.UTC(y, m - 1, day, 12), n, { in: tz('UTC') });
        expect([ry, rm, rd]).toEqual([ref.getFullYear(), ref.getMonth() + 1, ref.getDate()]);
      }),
      opts,
    );
  });

  test('one month twice clamps at most as much as two months at once', () => {
    // addMonths(addMonths(d, 1), 1).day = min(addMonths(d, 2).day, days in the month between)
    fc.assert(
      fc.property(arbLocalDate, (d) => {
        const twice = ymd(addLocalMonths(addLocalMonths(d, 1), 1));
        const once = ymd(addLocalMonths(d, 2));
        const middle = ymd(addLocalMonths(d, 1));
        expect([twice[0], twice[1]]).toEqual([once[0], once[1]]);
        const dimMiddle = getDaysInMonth(new Date(Date.UTC(middle[0], middle[1] - 1, 1, 12)));
        expect(twice[2]).toBe(Math.min(once[2], dimMiddle));
      }),
      opts,
    );
  });

  test('adding months to a day <= 28 is associative and invertible', () => {
    fc.assert(
      fc.property(
        arbLocalDate.filter((d) => ymd(d)[2] <= 28),
        fc.integer({ min: -120, max: 120 }),
        fc.integer({ min: -120, max: 120 }),
        (d, a, b) => {
          expect(addLocalMonths(addLocalMonths(d, a), b)).toBe(addLocalMonths(d, a + b));
          expect(addLocalMonths(addLocalMonths(d, a), -a)).toBe(d);
        },
      ),
      opts,
    );
  });

  test('addMonthsIn moves the local date like addLocalMonths', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, fc.integer({ min: -36, max: 36 }), (x, zone, n) => {
        const r = addMonthsIn(x, n, zone);
        const expected = addLocalMonths(localDateOf(x, zone), n);
        const got = localDateOf(r, zone);
        // equal, except that a wall time in a midnight gap lands after it (still the same date)
        expect(got).toBe(expected);
      }),
      opts,
    );
  });
});

describe('calendar days', () => {
  test('addDaysIn keeps the wall time (or moves forward across a gap) and daysBetweenIn inverts it', () => {
    fc.assert(
      fc.property(arbInstant, arbZone, fc.integer({ min: -400, max: 400 }), (x, zone, n) => {
        const r = addDaysIn(x, n, zone);
        expect(daysBetweenIn(x, r, zone)).toBe(n);
        const a = localPartsOf(x, zone);
        const b = localPartsOf(r, zone);
        const wallA = a.hour * 60 + a.minute;
        const wallB = b.hour * 60 + b.minute;
        // same wall time, unless it does not exist that day: then at most one hour later
        expect(wallB - wallA >= 0 && wallB - wallA <= 60).toBe(true);
        if (wallB === wallA) expect(b.second).toBe(a.second);
      }),
      opts,
    );
  });
});
