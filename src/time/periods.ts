import { LoyaltyError } from '../errors/index.js';
import { assertTimeZone } from './assertTimeZone.js';
import {
  addMonthsYmd,
  epochDayOf,
  quarterStartMonth,
  startOfWeekEpochDay,
  ymdOfEpochDay,
} from './calendar.js';
import { localEpochDayOf } from './localPartsOf.js';
import { messages } from './messages.js';
import { epochOf } from './parseInstant.js';
import { startOfEpochDay } from './startOfLocalDate.js';
import type { Instant, PeriodUnit, TimeZone, WeekOptions, WeekStartsOn } from './types.js';

/** Internal helpers shared by the start/end-of-period functions. Not exported from the package. */

export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Reads and validates `weekStartsOn` (default 1, Monday). */
export function weekStartsOnOf(options: WeekOptions | undefined): WeekStartsOn {
  const w = options?.weekStartsOn;
  if (w === undefined) return 1;
  if (!Number.isInteger(w) || w < 0 || w > 6) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid option', [
      {
        code: 'invalid_week_start',
        path: ['weekStartsOn'],
        message: messages.notAnInteger('weekStartsOn', w, 0, 6),
      },
    ]);
  }
  return w;
}

/** Validates a period unit. */
export function assertUnit(unit: unknown): asserts unit is PeriodUnit {
  if (!PERIOD_UNITS.includes(unit as PeriodUnit)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid unit', [
      { code: 'invalid_unit', path: ['unit'], message: messages.badOption('unit', unit, PERIOD_UNITS) },
    ]);
  }
}

/** Epoch day of the first day of the period containing `epochDay`. */
export function periodStartDay(epochDay: number, unit: PeriodUnit, weekStartsOn: WeekStartsOn): number {
  switch (unit) {
    case 'day':
      return epochDay;
    case 'week':
      return startOfWeekEpochDay(epochDay, weekStartsOn);
    case 'month': {
      const { year, month } = ymdOfEpochDay(epochDay);
      return epochDayOf(year, month, 1);
    }
    case 'quarter': {
      const { year, month } = ymdOfEpochDay(epochDay);
      return epochDayOf(year, quarterStartMonth(month), 1);
    }
    case 'year':
      return epochDayOf(ymdOfEpochDay(epochDay).year, 1, 1);
  }
}

/** Epoch day of the first day of the period after the one starting on `startDay`. */
export function nextPeriodStartDay(startDay: number, unit: PeriodUnit): number {
  if (unit === 'day') return startDay + 1;
  if (unit === 'week') return startDay + 7;
  const next = addMonthsYmd(ymdOfEpochDay(startDay), unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
  return epochDayOf(next.year, next.month, next.day);
}

/** Half-open bounds `[start, end)` in epoch ms of the period containing `instant`, validated. */
export function periodBoundsMs(
  instant: Instant,
  zone: TimeZone,
  unit: PeriodUnit,
  options: WeekOptions | undefined,
): { start: number; end: number } {
  const epochMs = epochOf(instant, ['instant']);
  assertTimeZone(zone, ['zone']);
  assertUnit(unit);
  const first = periodStartDay(localEpochDayOf(epochMs, zone), unit, weekStartsOnOf(options));
  return { start: startOfEpochDay(first, zone), end: startOfEpochDay(nextPeriodStartDay(first, unit), zone) };
}
