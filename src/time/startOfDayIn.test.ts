import { tz } from '@date-fns/tz';
import { endOfDay, startOfDay } from 'date-fns';
import { describe, expect, test } from 'vitest';
import { endOfDayIn, startOfDayIn } from './startOfDayIn.js';
import { endOfLocalDate, startOfLocalDate } from './startOfLocalDate.js';
import { endOfMonthIn, startOfMonthIn } from './startOfMonthIn.js';
import { endOfPeriodIn, startOfPeriodIn } from './startOfPeriodIn.js';
import { endOfQuarterIn, startOfQuarterIn } from './startOfQuarterIn.js';
import { endOfWeekIn, startOfWeekIn } from './startOfWeekIn.js';
import { endOfYearIn, startOfYearIn } from './startOfYearIn.js';

const HOUR = 3_600_000;
const lengthOf = (date: string, zone: string): number =>
  (Date.parse(endOfLocalDate(date, zone)) + 1 - Date.parse(startOfLocalDate(date, zone))) / HOUR;

// Expected values are written by hand from the zones' published rules, so a wrong tz library or
// a wrong algorithm both fail here.
describe('days around DST changes', () => {
  test.each([
    // zone, date, start, end, hours
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.999Z', 23],
    ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.999Z', 25],
    ['Europe/Berlin', '2026-07-01', '2026-06-30T22:00:00.000Z', '2026-07-01T21:59:59.999Z', 24],
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z', 23],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z', 25],
    ['Asia/Shanghai', '2026-03-01', '2026-02-28T16:00:00.000Z', '2026-03-01T15:59:59.999Z', 24],
    ['Asia/Shanghai', '2026-10-25', '2026-10-24T16:00:00.000Z', '2026-10-25T15:59:59.999Z', 24],
    // Lord Howe: 30-minute DST, changes at 02:00 local
    ['Australia/Lord_Howe', '2026-04-05', '2026-04-04T13:00:00.000Z', '2026-04-05T13:29:59.999Z', 24.5],
    ['Australia/Lord_Howe', '2026-10-04', '2026-10-03T13:30:00.000Z', '2026-10-04T12:59:59.999Z', 23.5],
    // Sao Paulo 2018: DST started at midnight, so 4 November began at 01:00
    ['America/Sao_Paulo', '2018-11-03', '2018-11-03T03:00:00.000Z', '2018-11-04T02:59:59.999Z', 24],
    ['America/Sao_Paulo', '2018-11-04', '2018-11-04T03:00:00.000Z', '2018-11-05T01:59:59.999Z', 23],
    // ... and ended at midnight, so 16 February 2019 had 25 hours (23:00-24:00 twice)
    ['America/Sao_Paulo', '2019-02-16', '2019-02-16T02:00:00.000Z', '2019-02-17T02:59:59.999Z', 25],
    ['UTC', '2028-02-29', '2028-02-29T00:00:00.000Z', '2028-02-29T23:59:59.999Z', 24],
  ])('%s %s', (zone, date, start, end, hours) => {
    expect(startOfLocalDate(date, zone)).toBe(start);
    expect(endOfLocalDate(date, zone)).toBe(end);
    expect(lengthOf(date, zone)).toBe(hours);
    // any instant of that day gives the same bounds
    const mid = new Date((Date.parse(start) + Date.parse(end)) / 2).toISOString();
    for (const x of [start, mid, end]) {
      expect(startOfDayIn(x, zone)).toBe(start);
      expect(endOfDayIn(x, zone)).toBe(end);
      expect(startOfPeriodIn(x, zone, 'day')).toBe(start);
      expect(endOfPeriodIn(x, zone, 'day')).toBe(end);
    }
  });

  test('Sao Paulo midnight that does not exist starts the day at 01:00 local', () => {
    expect(startOfDayIn('2018-11-04T15:00:00Z', 'America/Sao_Paulo')).toBe('2018-11-04T03:00:00.000Z');
  });

  test('the answer does not depend on the host time zone (date-fns endOfDay does)', () => {
    // Documented reason for our own wall-clock resolution: date-fns gives the first 23:59:59.999 of
    // this 25-hour day on some hosts; ours is always 1 ms before 17 February starts.
    const x = '2019-02-16T12:00:00Z';
    const dateFns = new Date(+endOfDay(x, { in: tz('America/Sao_Paulo') })).toISOString();
    expect(['2019-02-17T01:59:59.999Z', '2019-02-17T02:59:59.999Z']).toContain(dateFns);
    expect(endOfDayIn(x, 'America/Sao_Paulo')).toBe('2019-02-17T02:59:59.999Z');
    // where date-fns is unambiguous, we agree with it
    expect(startOfDayIn('2026-03-29T12:00:00Z', 'Europe/Berlin')).toBe(
      new Date(+startOfDay('2026-03-29T12:00:00Z', { in: tz('Europe/Berlin') })).toISOString(),
    );
  });

  test('accepts offsets and returns canonical UTC', () => {
    expect(startOfDayIn('2026-03-01T00:30:00+08:00', 'Asia/Shanghai')).toBe('2026-02-28T16:00:00.000Z');
  });
});

describe('weeks, months, quarters, years', () => {
  test('week starts on Monday by default, configurable', () => {
    const wed = '2026-03-04T12:00:00Z';
    expect(startOfWeekIn(wed, 'Asia/Shanghai')).toBe('2026-03-01T16:00:00.000Z');
    expect(endOfWeekIn(wed, 'Asia/Shanghai')).toBe('2026-03-08T15:59:59.999Z');
    expect(startOfWeekIn(wed, 'UTC', { weekStartsOn: 0 })).toBe('2026-03-01T00:00:00.000Z');
    expect(endOfWeekIn(wed, 'UTC', { weekStartsOn: 0 })).toBe('2026-03-07T23:59:59.999Z');
    expect(startOfWeekIn(wed, 'UTC', { weekStartsOn: 3 })).toBe('2026-03-04T00:00:00.000Z');
    expect(startOfWeekIn(wed, 'UTC', { weekStartsOn: 4 })).toBe('2026-02-26T00:00:00.000Z');
    expect(startOfWeekIn(wed, 'UTC', { weekStartsOn: 6 })).toBe('2026-02-28T00:00:00.000Z');
  });

  test('a week containing the Berlin spring change lasts 167 hours', () => {
    const s = startOfWeekIn('2026-03-27T12:00:00Z', 'Europe/Berlin');
    const e = endOfWeekIn('2026-03-27T12:00:00Z', 'Europe/Berlin');
    expect(s).toBe('2026-03-22T23:00:00.000Z');
    expect(e).toBe('2026-03-29T21:59:59.999Z');
    expect((Date.parse(e) + 1 - Date.parse(s)) / HOUR).toBe(167);
  });

  test('rejects a bad weekStartsOn', () => {
    expect(() => startOfWeekIn('2026-03-04T12:00:00Z', 'UTC', { weekStartsOn: 7 as 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  test('month, quarter and year in a zone', () => {
    const x = '2026-02-10T12:00:00Z';
    expect(startOfMonthIn(x, 'Asia/Shanghai')).toBe('2026-01-31T16:00:00.000Z');
    expect(endOfMonthIn(x, 'Asia/Shanghai')).toBe('2026-02-28T15:59:59.999Z');
    expect(endOfMonthIn('2028-02-10T12:00:00Z', 'UTC')).toBe('2028-02-29T23:59:59.999Z');
    expect(startOfQuarterIn('2026-05-20T12:00:00Z', 'Asia/Shanghai')).toBe('2026-03-31T16:00:00.000Z');
    expect(endOfQuarterIn('2026-05-20T12:00:00Z', 'Asia/Shanghai')).toBe('2026-06-30T15:59:59.999Z');
    expect(startOfQuarterIn('2026-12-31T23:00:00Z', 'UTC')).toBe('2026-10-01T00:00:00.000Z');
    expect(endOfQuarterIn('2026-12-31T23:00:00Z', 'UTC')).toBe('2026-12-31T23:59:59.999Z');
    expect(startOfYearIn('2026-05-20T12:00:00Z', 'Asia/Shanghai')).toBe('2025-12-31T16:00:00.000Z');
    expect(endOfYearIn('2026-05-20T12:00:00Z', 'Asia/Shanghai')).toBe('2026-12-31T15:59:59.999Z');
    // New Year's Eve 20:00 in New York is already next year in UTC
    expect(startOfYearIn('2027-01-01T01:00:00Z', 'America/New_York')).toBe('2026-01-01T05:00:00.000Z');
    expect(endOfMonthIn('2026-10-10T12:00:00Z', 'Europe/Berlin')).toBe('2026-10-31T22:59:59.999Z');
  });

  test('unknown zone and bad instant are typed errors', () => {
    expect(() => startOfMonthIn('2026-02-10T12:00:00Z', 'Asia/Beijing')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TIME_ZONE' }),
    );
    expect(() => endOfYearIn('2026-02-10 12:00', 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
    expect(() => startOfPeriodIn('2026-02-10T12:00:00Z', 'UTC', 'fortnight' as 'day')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
