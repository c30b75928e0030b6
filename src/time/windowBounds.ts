import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { assertTimeZone } from './assertTimeZone.js';
import { policyOf, recurrenceIn } from './birthdayInYear.js';
import { addMonthsYmd, epochDayOf, type Ymd, ymdOfEpochDay } from './calendar.js';
import { localEpochDayOf } from './localPartsOf.js';
import { messages } from './messages.js';
import { epochOf, instantOf } from './parseInstant.js';
import { ymdOf } from './parseLocalDate.js';
import { assertUnit, nextPeriodStartDay, periodStartDay, weekStartsOnOf } from './periods.js';
import { startOfEpochDay } from './startOfLocalDate.js';
import type { Bounds, Instant, TimeZone, Window, WindowContext } from './types.js';

const EARLIEST: Instant = '0000-01-01T00:00:00.000Z';
const MAX_DAYS = 3_660_000;
const MAX_MONTHS = 120_000;

function count(value: unknown, path: readonly PathSegment[], max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const name = String(path[path.length - 1]);
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid window', [
      { code: 'invalid_window', path, message: messages.notAnInteger(name, value, 1, max) },
    ]);
  }
  return value;
}

const dayOf = (d: Ymd): number => epochDayOf(d.year, d.month, d.day);

/**
 * Resolves a {@link Window} against `asOf` in a zone into half-open bounds `[start, end)`: `start` is
 * included, `end` is excluded, so consecutive periods share a boundary without overlapping and
 * "until the end of the day" needs no 23:59:59.999.
 *
 * - `rollingDays` N: from the start of the local day N-1 days before `asOf`'s, to `asOf` included
 *   (end = asOf + 1 ms). 1 day = today so far.
 * - `rollingMonths` N: from the day after the same (clamped) date N months before, to `asOf` included:
 *   12 months as of 2026-03-15 = 2025-03-16 00:00 up to `asOf`.
 * - `calendar`: the whole day/week/month/quarter/year containing `asOf` (`weekStartsOn` from `ctx`).
 * - `anniversaryYear`: from the last anniversary of the local joining date on or before `asOf`'s
 *   local date, to the next one (29 February follows `ctx.policy`).
 * - `fixedCycle`: periods of `months` months starting at `anchor` (each start computed from the
 *   anchor, clamped: anchor 31 Jan, 1 month -> 31 Jan, 28 Feb, 31 Mar, ...), the one containing `asOf`.
 * - `lifetime`: everything up to `asOf` included.
 *
 * @param window - the window definition
 * @param asOf - the moment of evaluation
 * @param zone - IANA zone (program or member zone)
 * @param ctx - `joinedAt` (needed by `anniversaryYear`), `weekStartsOn`, `policy`
 * @returns `{ start, end }`, half-open; always contains `asOf`
 * @throws {LoyaltyError} INVALID_DATE when `asOf`, `ctx.joinedAt` or an anchor is not valid
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `zone` is unknown
 * @throws {LoyaltyError} INVALID_ARGUMENT when the window is malformed or `joinedAt` is missing
 * @example
 * windowBounds({ type: 'calendar', unit: 'month' }, '2026-03-10T12:00:00Z', 'Asia/Shanghai')
 * //=> { start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' }
 * windowBounds({ type: 'rollingDays', days: 7 }, '2026-03-10T12:00:00Z', 'UTC')
 * //=> { start: '2026-03-04T00:00:00.000Z', end: '2026-03-10T12:00:00.001Z' }
 */
export function windowBounds(window: Window, asOf: Instant, zone: TimeZone, ctx: WindowContext = {}): Bounds {
  const asOfMs = epochOf(asOf, ['asOf']);
  assertTimeZone(zone, ['zone']);
  if (typeof window !== 'object' || window === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid window', [
      { code: 'invalid_window', path: ['window'], message: messages.unknownWindow(window) },
    ]);
  }
  const today = localEpochDayOf(asOfMs, zone);
  const upToAsOf = (startMs: number): Bounds => ({ start: instantOf(startMs), end: instantOf(asOfMs + 1) });
  const days = (first: number, next: number): Bounds => ({
    start: instantOf(startOfEpochDay(first, zone)),
    end: instantOf(startOfEpochDay(next, zone)),
  });
  switch (window.type) {
    case 'rollingDays': {
      const n = count(window.days, ['window', 'days'], MAX_DAYS);
      return upToAsOf(startOfEpochDay(today - n + 1, zone));
    }
    case 'rollingMonths': {
      const n = count(window.months, ['window', 'months'], MAX_MONTHS);
      return upToAsOf(startOfEpochDay(dayOf(addMonthsYmd(ymdOfEpochDay(today), -n)) + 1, zone));
    }
    case 'calendar': {
      const unit: unknown = window.unit;
      try {
        assertUnit(unit);
      } catch {
        throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid window', [
          {
            code: 'invalid_window',
            path: ['window', 'unit'],
            message: messages.badOption('unit', unit, ['day', 'week', 'month', 'quarter', 'year']),
          },
        ]);
      }
      const first = periodStartDay(today, unit, weekStartsOnOf(ctx));
      return days(first, nextPeriodStartDay(first, unit));
    }
    case 'anniversaryYear': {
      if (ctx.joinedAt === undefined) {
        throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid window', [
          {
            code: 'missing_joined_at',
            path: ['ctx', 'joinedAt'],
            message: messages.missingJoinedAt(window.type),
          },
        ]);
      }
      const joined = ymdOfEpochDay(localEpochDayOf(epochOf(ctx.joinedAt, ['ctx', 'joinedAt']), zone));
      const policy = policyOf(ctx.policy);
      const year = ymdOfEpochDay(today).year;
      const thisYear = dayOf(recurrenceIn(joined, year, policy));
      return thisYear <= today
        ? days(thisYear, dayOf(recurrenceIn(joined, year + 1, policy)))
        : days(dayOf(recurrenceIn(joined, year - 1, policy)), thisYear);
    }
    case 'fixedCycle': {
      const m = count(window.months, ['window', 'months'], MAX_MONTHS);
      const anchor = ymdOf(window.anchor, ['window', 'anchor']);
      const now = ymdOfEpochDay(today);
      let k = Math.floor((now.year * 12 + now.month - (anchor.year * 12 + anchor.month)) / m);
      if (dayOf(addMonthsYmd(anchor, k * m)) > today) k -= 1;
      return days(dayOf(addMonthsYmd(anchor, k * m)), dayOf(addMonthsYmd(anchor, (k + 1) * m)));
    }
    case 'lifetime':
      return { start: EARLIEST, end: instantOf(asOfMs + 1) };
    default: {
      const unknownType: unknown = (window as { type?: unknown }).type;
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid window', [
        { code: 'invalid_window', path: ['window', 'type'], message: messages.unknownWindow(unknownType) },
      ]);
    }
  }
}

/**
 * Tells whether an instant lies within half-open bounds: `start <= instant < end`.
 *
 * @param instant - the moment
 * @param bounds - `{ start, end }` as returned by {@link windowBounds}
 * @returns true when inside
 * @throws {LoyaltyError} INVALID_DATE when an argument is not an instant
 * @example
 * isWithin('2026-03-31T16:00:00.000Z', { start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' }) //=> false
 */
export function isWithin(instant: Instant, bounds: Bounds): boolean {
  const t = epochOf(instant, ['instant']);
  return t >= epochOf(bounds.start, ['bounds', 'start']) && t < epochOf(bounds.end, ['bounds', 'end']);
}
