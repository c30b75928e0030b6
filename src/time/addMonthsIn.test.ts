import { describe, expect, test } from 'vitest';
import { addLocalDays, addLocalMonths, addLocalYears } from './addLocalMonths.js';
import { addDaysIn, addMonthsIn, addYearsIn } from './addMonthsIn.js';
import { daysBetweenIn } from './daysBetweenIn.js';

describe('addDaysIn keeps the wall-clock time', () => {
  test.each([
    // 09:00 Berlin, across the spring change: 23 hours later
    ['2026-03-28T08:00:00Z', 1, 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    // 09:00 Berlin, across the autumn change: 25 hours later
    ['2026-10-24T07:00:00Z', 1, 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    ['2026-03-09T13:00:00Z', -2, 'America/New_York', '2026-03-07T14:00:00.000Z'],
    ['2026-03-01T09:30:00Z', 30, 'Asia/Shanghai', '2026-03-31T09:30:00.000Z'],
    ['2026-03-01T09:30:00Z', 0, 'Asia/Shanghai', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00.123Z', -366, 'UTC', '2025-02-28T09:30:00.123Z'],
  ])('%s + %i days in %s', (x, n, zone, expected) => {
    expect(addDaysIn(x, n, zone)).toBe(expected);
  });

  test('a wall time skipped by DST moves forward by the gap', () => {
    // 02:30 EST on 7 March; 8 March has no 02:30 -> 03:30 EDT
    expect(addDaysIn('2026-03-07T07:30:00Z', 1, 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 02:30 CET on 28 March; 29 March has no 02:30 -> 03:30 CEST
    expect(addDaysIn('2026-03-28T01:30:00Z', 1, 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    // Lord Howe skips 02:00-02:30: 02:15 -> 02:45 (+11:00)
    expect(addDaysIn('2026-10-02T15:45:00Z', 1, 'Australia/Lord_Howe')).toBe('2026-10-03T15:45:00.000Z');
  });

  test('a wall time that happens twice takes the earlier one', () => {
    // 02:30 CEST on 24 October; 25 October has 02:30 twice -> the first (still CEST)
    expect(addDaysIn('2026-10-24T00:30:00Z', 1, 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    // 01:30 EDT on 31 October; 1 November has 01:30 twice -> the first (EDT)
    expect(addDaysIn('2026-10-31T05:30:00Z', 1, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Lord Howe repeats 01:30-02:00: 01:45 -> the first (+11:00)
    expect(addDaysIn('2026-04-03T14:45:00Z', 1, 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
  });

  test('rejects fractional or huge amounts', () => {
    expect(() => addDaysIn('2026-03-01T00:00:00Z', 1.5, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => addDaysIn('2026-03-01T00:00:00Z', Number.NaN, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => addYearsIn('2026-03-01T00:00:00Z', 8000, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('addMonthsIn clamps to the end of the month', () => {
  test.each([
    ['2026-01-31T02:00:00Z', 1, 'Asia/Shanghai', '2026-02-28T02:00:00.000Z'],
    ['2028-01-31T02:00:00Z', 1, 'Asia/Shanghai', '2028-02-29T02:00:00.000Z'],
    ['2026-03-31T02:00:00Z', -1, 'Asia/Shanghai', '2026-02-28T02:00:00.000Z'],
    ['2026-01-31T02:00:00Z', 3, 'Asia/Shanghai', '2026-04-30T02:00:00.000Z'],
    ['2026-05-31T22:00:00Z', 1, 'UTC', '2026-06-30T22:00:00.000Z'],
    // 31 May 23:00 UTC is already 1 June in Shanghai: 1 June + 1 month = 1 July
    ['2026-05-31T23:00:00Z', 1, 'Asia/Shanghai', '2026-06-30T23:00:00.000Z'],
    // 10:00 CET in February -> 10:00 CEST in April (one hour less in UTC)
    ['2026-02-15T09:00:00Z', 2, 'Europe/Berlin', '2026-04-15T08:00:00.000Z'],
    ['2026-12-15T09:00:00Z', 1, 'UTC', '2027-01-15T09:00:00.000Z'],
    ['2026-01-15T09:00:00Z', -13, 'UTC', '2024-12-15T09:00:00.000Z'],
  ])('%s + %i months in %s', (x, n, zone, expected) => {
    expect(addMonthsIn(x, n, zone)).toBe(expected);
  });

  test('addYearsIn: 29 February -> 28 February', () => {
    expect(addYearsIn('2028-02-29T04:00:00Z', 1, 'Asia/Shanghai')).toBe('2029-02-28T04:00:00.000Z');
    expect(addYearsIn('2028-02-29T04:00:00Z', 4, 'Asia/Shanghai')).toBe('2032-02-29T04:00:00.000Z');
    expect(addYearsIn('2026-03-01T04:00:00Z', -1, 'UTC')).toBe('2025-03-01T04:00:00.000Z');
  });
});

describe('local dates', () => {
  test.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2000-03-01', -1, '2000-02-29'],
    ['2026-03-01', 365, '2027-03-01'],
    ['0000-01-01', 59, '0000-02-29'],
  ])('addLocalDays(%s, %i) = %s', (d, n, expected) => {
    expect(addLocalDays(d, n)).toBe(expected);
  });
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-01-15', -25, '2023-12-15'],
  ])('addLocalMonths(%s, %i) = %s', (d, n, expected) => {
    expect(addLocalMonths(d, n)).toBe(expected);
  });
  test('addLocalYears', () => {
    expect(addLocalYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addLocalYears('2028-02-29', -4)).toBe('2024-02-29');
    expect(() => addLocalYears('9999-01-01', 1)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => addLocalMonths('2026-02-30', 1)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

describe('daysBetweenIn counts midnights in the zone', () => {
  test.each([
    ['2026-03-01T15:59:00Z', '2026-03-01T16:01:00Z', 'Asia/Shanghai', 1],
    ['2026-03-01T15:59:00Z', '2026-03-01T16:01:00Z', 'UTC', 0],
    ['2026-03-01T16:01:00Z', '2026-03-01T15:59:00Z', 'Asia/Shanghai', -1],
    ['2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 'Europe/Berlin', 2],
    ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'UTC', 365],
    ['2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z', 'UTC', 366],
  ])('%s -> %s in %s = %i', (a, b, zone, n) => {
    expect(daysBetweenIn(a, b, zone)).toBe(n);
  });
});
