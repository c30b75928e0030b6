import { describe, expect, test } from 'vitest';
import { isLoyaltyError, type LoyaltyError } from '../errors/index.js';
import { assertTimeZone, isTimeZone } from './assertTimeZone.js';
import { compareInstants, isInstant, parseInstant } from './parseInstant.js';
import { isLocalDate, parseLocalDate } from './parseLocalDate.js';

function errorOf(fn: () => unknown): LoyaltyError {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
  throw new Error('expected a LoyaltyError');
}

describe('parseInstant', () => {
  test.each([
    ['2026-03-01T09:30:00.000Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T17:30:00+08:00', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T17:30:00+0800', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T17:30:00+08', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T04:00:00-05:30', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T00:30:00+01:00', '2026-02-28T23:30:00.000Z'],
    ['2026-03-01t09:30:00z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00.5Z', '2026-03-01T09:30:00.500Z'],
    ['2026-03-01T09:30:00.123456789Z', '2026-03-01T09:30:00.123Z'],
    ['2026-03-01T09:30:00,25Z', '2026-03-01T09:30:00.250Z'],
    ['2028-02-29T23:59:59.999Z', '2028-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s -> %s', (input, expected) => {
    expect(parseInstant(input)).toBe(expected);
    expect(isInstant(input)).toBe(true);
  });

  test.each([
    ['2026-03-01T09:30:00', /no time zone/],
    ['2026-03-01 09:30:00', /no time zone/],
    ['2026-03-01', /date without a time/],
    ['2026-02-30T00:00:00Z', /day 30 does not exist/],
    ['2026-02-29T00:00:00Z', /2026 is not a leap year/],
    ['1900-02-29T00:00:00Z', /1900 is not a leap year/],
    ['2026-13-01T00:00:00Z', /month 13/],
    ['2026-04-31T00:00:00Z', /day 31/],
    ['2026-03-01T24:00:00Z', /00:00:00 to 23:59:59/],
    ['2026-03-01T23:60:00Z', /00:00:00 to 23:59:59/],
    ['2026-12-31T23:59:60Z', /00:00:00 to 23:59:59/],
    ['2026-03-01T09:30:00+24:00', /offset/],
    ['0000-01-01T00:00:00+01:00', /0000 to 9999/],
    ['yesterday', /not an ISO-8601 instant/],
    ['', /not an ISO-8601 instant/],
    [' 2026-03-01T09:30:00Z', /not an ISO-8601 instant/],
    ['+002026-03-01T09:30:00Z', /not an ISO-8601 instant/],
    ['2026-3-1T09:30:00Z', /not an ISO-8601 instant/],
  ])('rejects %j with INVALID_DATE', (input, message) => {
    const e = errorOf(() => parseInstant(input, ['event', 'occurredAt']));
    expect(e.code).toBe('INVALID_DATE');
    expect(e.path).toEqual(['event', 'occurredAt']);
    expect(e.message).toMatch(message);
    expect(isInstant(input)).toBe(false);
  });

  test.each([[undefined], [null], [1_700_000_000_000], [new Date(0)], [{}]])(
    'rejects non-string %j',
    (input) => {
      expect(errorOf(() => parseInstant(input)).code).toBe('INVALID_DATE');
      expect(isInstant(input)).toBe(false);
    },
  );

  test('compareInstants compares moments, not strings', () => {
    expect(compareInstants('2026-03-01T10:00:00+08:00', '2026-03-01T02:00:00.000Z')).toBe(0);
    expect(compareInstants('2026-03-01T10:00:00+08:00', '2026-03-01T01:59:59.999Z')).toBe(1);
    expect(compareInstants('2026-03-01T09:00:00+08:00', '2026-03-01T01:00:00.001Z')).toBe(-1);
    expect(errorOf(() => compareInstants('2026-03-01', '2026-03-01T00:00:00Z')).path).toEqual(['a']);
  });
});

describe('parseLocalDate', () => {
  test.each(['2026-03-01', '2028-02-29', '2000-02-29', '0000-02-29', '9999-12-31', '2026-12-31'])(
    '%s',
    (d) => {
      expect(parseLocalDate(d)).toBe(d);
      expect(isLocalDate(d)).toBe(true);
    },
  );
  test.each([
    ['2026-02-29', /2026 is not a leap year/],
    ['2100-02-29', /2100 is not a leap year/],
    ['2026-04-31', /day 31 does not exist/],
    ['2026-00-10', /month 00/],
    ['2026-02-00', /day 00/],
    ['2026-3-1', /expected "YYYY-MM-DD"/],
    ['2026-03-01T00:00:00Z', /expected "YYYY-MM-DD"/],
    [20260301, /Expected a calendar date string/],
  ])('rejects %j', (d, message) => {
    const e = errorOf(() => parseLocalDate(d, ['member', 'birthday']));
    expect(e.code).toBe('INVALID_DATE');
    expect(e.path).toEqual(['member', 'birthday']);
    expect(e.message).toMatch(message);
    expect(isLocalDate(d)).toBe(false);
  });
});

describe('time zones', () => {
  test.each([
    'UTC',
    'Asia/Shanghai',
    'Europe/Berlin',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Etc/GMT-8',
  ])('%s is known', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
    expect(() => assertTimeZone(zone)).not.toThrow();
  });
  test.each(['Mars/Olympus', 'Europe/Atlantis', '', '+08:00', '-0500', 'GMT+8x', 42, undefined, null])(
    '%j is unknown',
    (zone) => {
      expect(isTimeZone(zone)).toBe(false);
      expect(isTimeZone(zone)).toBe(false); // memoized answer is the same
      const e = errorOf(() => assertTimeZone(zone, ['program', 'timeZone']));
      expect(e.code).toBe('UNKNOWN_TIME_ZONE');
      expect(e.path).toEqual(['program', 'timeZone']);
    },
  );
  test('a fixed offset gets a hint', () => {
    expect(errorOf(() => assertTimeZone('+08:00')).message).toMatch(/fixed offset.*Etc\/GMT-8/);
  });
});
