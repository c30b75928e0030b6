import { describe, expect, test } from 'vitest';
import { localDateOf, localPartsOf } from './localPartsOf.js';
import { periodKey } from './periodKey.js';
import type { Window } from './types.js';
import { isWithin, windowBounds } from './windowBounds.js';

describe('windowBounds', () => {
  const asOf = '2026-03-10T12:00:00Z';
  test.each([
    [
      { type: 'calendar', unit: 'month' },
      'Asia/Shanghai',
      '2026-02-28T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
    ],
    [{ type: 'calendar', unit: 'quarter' }, 'UTC', '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    [
      { type: 'calendar', unit: 'year' },
      'Europe/Berlin',
      '2025-12-31T23:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ],
    [{ type: 'calendar', unit: 'week' }, 'UTC', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    [
      { type: 'calendar', unit: 'day' },
      'America/New_York',
      '2026-03-10T04:00:00.000Z',
      '2026-03-11T04:00:00.000Z',
    ],
    [{ type: 'rollingDays', days: 7 }, 'UTC', '2026-03-04T00:00:00.000Z', '2026-03-10T12:00:00.001Z'],
    [
      { type: 'rollingDays', days: 1 },
      'Asia/Shanghai',
      '2026-03-09T16:00:00.000Z',
      '2026-03-10T12:00:00.001Z',
    ],
    [{ type: 'rollingMonths', months: 12 }, 'UTC', '2025-03-11T00:00:00.000Z', '2026-03-10T12:00:00.001Z'],
    [{ type: 'rollingMonths', months: 1 }, 'UTC', '2026-02-11T00:00:00.000Z', '2026-03-10T12:00:00.001Z'],
    [{ type: 'lifetime' }, 'UTC', '0000-01-01T00:00:00.000Z', '2026-03-10T12:00:00.001Z'],
    [
      { type: 'fixedCycle', months: 3, anchor: '2025-11-15' },
      'UTC',
      '2026-02-15T00:00:00.000Z',
      '2026-05-15T00:00:00.000Z',
    ],
    [
      { type: 'fixedCycle', months: 6, anchor: '2030-01-01' },
      'UTC',
      '2026-01-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ],
  ] as [Window, string, string, string][])('%j in %s', (window, zone, start, end) => {
    const b = windowBounds(window, asOf, zone);
    expect(b).toEqual({ start, end });
    expect(isWithin(asOf, b)).toBe(true);
    expect(isWithin(b.start, b)).toBe(true);
    expect(isWithin(b.end, b)).toBe(false);
  });

  test('rolling months ending on a month end', () => {
    const b = windowBounds({ type: 'rollingMonths', months: 1 }, '2026-03-31T12:00:00Z', 'UTC');
    expect(b.start).toBe('2026-03-01T00:00:00.000Z');
  });

  test('fixed cycles from the 31st clamp each start from the anchor', () => {
    const w: Window = { type: 'fixedCycle', months: 1, anchor: '2026-01-31' };
    expect(windowBounds(w, '2026-02-28T12:00:00Z', 'UTC')).toEqual({
      start: '2026-02-28T00:00:00.000Z',
      end: '2026-03-31T00:00:00.000Z',
    });
    expect(windowBounds(w, '2026-02-27T12:00:00Z', 'UTC')).toEqual({
      start: '2026-01-31T00:00:00.000Z',
      end: '2026-02-28T00:00:00.000Z',
    });
    expect(windowBounds(w, '2026-03-30T12:00:00Z', 'UTC').start).toBe('2026-02-28T00:00:00.000Z');
  });

  test('anniversary year of joining, in the zone', () => {
    // joined at 17:00Z on 14 May = 01:00 on 15 May in Shanghai
    const ctx = { joinedAt: '2024-05-14T17:00:00Z' };
    expect(windowBounds({ type: 'anniversaryYear' }, '2026-03-10T12:00:00Z', 'Asia/Shanghai', ctx)).toEqual({
      start: '2025-05-14T16:00:00.000Z',
      end: '2026-05-14T16:00:00.000Z',
    });
    expect(windowBounds({ type: 'anniversaryYear' }, '2026-05-14T16:00:00Z', 'Asia/Shanghai', ctx)).toEqual({
      start: '2026-05-14T16:00:00.000Z',
      end: '2027-05-14T16:00:00.000Z',
    });
  });

  test('anniversary year of a 29 February joiner', () => {
    const ctx = { joinedAt: '2024-02-29T12:00:00Z' };
    expect(windowBounds({ type: 'anniversaryYear' }, '2026-02-28T12:00:00Z', 'UTC', ctx).start).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(
      windowBounds({ type: 'anniversaryYear' }, '2026-02-28T12:00:00Z', 'UTC', { ...ctx, policy: 'mar1' }),
    ).toEqual({ start: '2025-03-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
  });

  test('calendar week uses ctx.weekStartsOn', () => {
    expect(windowBounds({ type: 'calendar', unit: 'week' }, asOf, 'UTC', { weekStartsOn: 0 }).start).toBe(
      '2026-03-08T00:00:00.000Z',
    );
  });

  test.each([
    [{ type: 'rollingDays', days: 0 }, ['window', 'days']],
    [{ type: 'rollingDays', days: 1.5 }, ['window', 'days']],
    [{ type: 'rollingMonths', months: -1 }, ['window', 'months']],
    [{ type: 'calendar', unit: 'decade' }, ['window', 'unit']],
    [{ type: 'fixedCycle', months: 0, anchor: '2026-01-01' }, ['window', 'months']],
    [{ type: 'sliding' }, ['window', 'type']],
    [{ type: 'anniversaryYear' }, ['ctx', 'joinedAt']],
  ])('rejects %j', (window, path) => {
    expect(() => windowBounds(window as Window, asOf, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path }),
    );
  });

  test('rejects a bad anchor or joinedAt as INVALID_DATE', () => {
    expect(() => windowBounds({ type: 'fixedCycle', months: 1, anchor: '2026-02-30' }, asOf, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', path: ['window', 'anchor'] }),
    );
    expect(() => windowBounds({ type: 'anniversaryYear' }, asOf, 'UTC', { joinedAt: '2024-05-14' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', path: ['ctx', 'joinedAt'] }),
    );
  });
});

describe('periodKey', () => {
  test.each([
    ['2026-03-01T09:30:00Z', 'Asia/Shanghai', 'day', '2026-03-01'],
    ['2026-03-01T16:30:00Z', 'Asia/Shanghai', 'day', '2026-03-02'],
    ['2026-03-01T09:30:00Z', 'Asia/Shanghai', 'week', '2026-W09'],
    ['2026-03-01T09:30:00Z', 'Asia/Shanghai', 'month', '2026-03'],
    ['2026-03-01T09:30:00Z', 'Asia/Shanghai', 'quarter', '2026-Q1'],
    ['2026-12-31T16:30:00Z', 'Asia/Shanghai', 'quarter', '2027-Q1'],
    ['2026-08-31T16:30:00Z', 'UTC', 'quarter', '2026-Q3'],
    ['2026-10-01T00:00:00Z', 'UTC', 'quarter', '2026-Q4'],
    ['2026-03-01T09:30:00Z', 'Asia/Shanghai', 'year', '2026'],
    // ISO week-years
    ['2027-01-01T09:30:00Z', 'Asia/Shanghai', 'week', '2026-W53'],
    ['2024-12-30T12:00:00Z', 'UTC', 'week', '2025-W01'],
    ['2021-01-03T12:00:00Z', 'UTC', 'week', '2020-W53'],
    ['2026-01-01T12:00:00Z', 'UTC', 'week', '2026-W01'],
    ['2026-12-28T12:00:00Z', 'UTC', 'week', '2026-W53'],
  ] as const)('%s in %s by %s = %s', (x, zone, unit, key) => {
    expect(periodKey(x, zone, unit)).toBe(key);
  });
});

describe('localPartsOf / localDateOf', () => {
  test('reads the wall clock of the zone', () => {
    expect(localPartsOf('2026-03-01T16:30:00Z', 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 3,
      day: 2,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 1,
      dayOfYear: 61,
    });
    expect(localPartsOf('2026-03-01T16:30:45Z', 'America/New_York')).toEqual({
      year: 2026,
      month: 3,
      day: 1,
      hour: 11,
      minute: 30,
      second: 45,
      weekday: 7,
      dayOfYear: 60,
    });
    expect(localPartsOf('2028-12-31T23:59:59.999Z', 'UTC').dayOfYear).toBe(366);
    expect(localPartsOf('2026-04-05T13:15:00Z', 'Australia/Lord_Howe')).toMatchObject({
      hour: 23,
      minute: 45,
    });
    expect(localDateOf('2026-03-01T16:30:00Z', 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDateOf('2026-03-01T16:30:00Z', 'America/New_York')).toBe('2026-03-01');
  });

  test('both readings of a repeated hour', () => {
    expect(localPartsOf('2026-11-01T05:30:00Z', 'America/New_York').hour).toBe(1);
    expect(localPartsOf('2026-11-01T06:30:00Z', 'America/New_York').hour).toBe(1);
  });

  test('typed errors', () => {
    expect(() => localPartsOf('2026-03-01T16:30:00', 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', path: ['instant'] }),
    );
    expect(() => localPartsOf('2026-03-01T16:30:00Z', 'Asia/Peking')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TIME_ZONE', path: ['zone'] }),
    );
  });
});
