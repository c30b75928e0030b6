import { compileCondition } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { anniversaryOf, birthdayInYear } from './birthdayInYear.js';
import { isBirthdayMonth, isBirthdayOn, isBirthdayWeek } from './isBirthdayOn.js';

describe('birthdayInYear and anniversaryOf', () => {
  test.each([
    ['2000-02-29', 2026, 'feb28', '2026-02-28'],
    ['2000-02-29', 2026, 'mar1', '2026-03-01'],
    ['2000-02-29', 2028, 'feb28', '2028-02-29'],
    ['2000-02-29', 2028, 'mar1', '2028-02-29'],
    ['2000-02-29', 2100, 'feb28', '2100-02-28'],
    ['0000-02-29', 2026, 'mar1', '2026-03-01'],
    ['0000-07-14', 2026, 'feb28', '2026-07-14'],
    ['1990-12-31', 2026, 'feb28', '2026-12-31'],
    ['1990-02-28', 2028, 'mar1', '2028-02-28'],
  ] as const)('%s in %i (%s) = %s', (b, year, policy, expected) => {
    expect(birthdayInYear(b, year, policy)).toBe(expected);
    expect(anniversaryOf(b, year, policy)).toBe(expected);
  });

  test('default policy is feb28', () => {
    expect(birthdayInYear('2000-02-29', 2027)).toBe('2027-02-28');
    expect(anniversaryOf('2024-02-29', 2027)).toBe('2027-02-28');
  });

  test('bad input', () => {
    expect(() => birthdayInYear('1999-02-29', 2026)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
    expect(() => birthdayInYear('2000-02-29', 2026.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => birthdayInYear('2000-02-29', 2026, 'mar2' as 'mar1')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('isBirthdayOn / isBirthdayWeek / isBirthdayMonth', () => {
  test('birthday is judged in the zone', () => {
    // 16:30Z on 1 March is 00:30 on 2 March in Shanghai
    expect(isBirthdayOn('1990-03-02', '2026-03-01T16:30:00Z', 'Asia/Shanghai')).toBe(true);
    expect(isBirthdayOn('1990-03-02', '2026-03-01T16:30:00Z', 'UTC')).toBe(false);
    expect(isBirthdayOn('1990-03-01', '2026-03-01T16:30:00Z', 'UTC')).toBe(true);
  });

  test('29 February in a non-leap year', () => {
    expect(isBirthdayOn('2000-02-29', '2026-02-28T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayOn('2000-02-29', '2026-03-01T12:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayOn('2000-02-29', '2026-03-01T12:00:00Z', 'UTC', 'mar1')).toBe(true);
    expect(isBirthdayOn('2000-02-29', '2026-02-28T12:00:00Z', 'UTC', 'mar1')).toBe(false);
    // leap year: only the 29th
    expect(isBirthdayOn('2000-02-29', '2028-02-28T12:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayOn('2000-02-29', '2028-02-29T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayOn('2000-02-29', '2028-03-01T12:00:00Z', 'UTC', 'mar1')).toBe(false);
  });

  test('birthday week (Monday weeks by default)', () => {
    // Monday 2 March 2026 .. Sunday 8 March
    expect(isBirthdayWeek('1990-03-08', '2026-03-02T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayWeek('1990-03-09', '2026-03-02T12:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayWeek('1990-03-01', '2026-03-02T12:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayWeek('1990-03-01', '2026-03-02T12:00:00Z', 'UTC', { weekStartsOn: 0 })).toBe(true);
    expect(isBirthdayWeek('1990-03-08', '2026-03-02T12:00:00Z', 'UTC', { weekStartsOn: 0 })).toBe(false);
  });

  test('birthday week across New Year', () => {
    // Monday 28 December 2026 .. Sunday 3 January 2027
    expect(isBirthdayWeek('1990-01-02', '2026-12-28T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayWeek('1990-12-29', '2027-01-03T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayWeek('1990-12-27', '2027-01-03T12:00:00Z', 'UTC')).toBe(false);
  });

  test('29 February birthday week in a non-leap year follows the policy', () => {
    // Monday 2 March 2026 week contains 1 March? No: 23 Feb .. 1 Mar is the previous week.
    expect(isBirthdayWeek('2000-02-29', '2026-02-23T12:00:00Z', 'UTC')).toBe(true); // 28 Feb
    expect(isBirthdayWeek('2000-02-29', '2026-03-02T12:00:00Z', 'UTC', { policy: 'mar1' })).toBe(false);
    expect(isBirthdayWeek('2000-02-29', '2026-03-01T12:00:00Z', 'UTC', { policy: 'mar1' })).toBe(true);
  });

  test('birthday month', () => {
    expect(isBirthdayMonth('1990-03-31', '2026-02-28T17:00:00Z', 'Asia/Shanghai')).toBe(true);
    expect(isBirthdayMonth('1990-03-31', '2026-02-28T17:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayMonth('2000-02-29', '2026-02-01T00:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayMonth('2000-02-29', '2026-03-01T00:00:00Z', 'UTC')).toBe(false);
  });
});

describe('isBirthdayMonth: the 29 February policy, as the engine applies it', () => {
  test('29 February in leap and non-leap years, under both policies (default feb28)', () => {
    // feb28 (the default, as the engine's leapDayBirthday): February every year
    expect(isBirthdayMonth('2000-02-29', '2027-02-10T12:00:00Z', 'UTC')).toBe(true);
    expect(isBirthdayMonth('2000-02-29', '2027-03-10T12:00:00Z', 'UTC')).toBe(false);
    expect(isBirthdayMonth('2000-02-29', '2027-02-10T12:00:00Z', 'UTC', 'feb28')).toBe(true);
    expect(isBirthdayMonth('2000-02-29', '2028-02-10T12:00:00Z', 'UTC', 'feb28')).toBe(true);
    // mar1: March in years without 29 February, February in leap years
    expect(isBirthdayMonth('2000-02-29', '2027-03-10T12:00:00Z', 'UTC', 'mar1')).toBe(true);
    expect(isBirthdayMonth('2000-02-29', '2027-02-10T12:00:00Z', 'UTC', 'mar1')).toBe(false);
    expect(isBirthdayMonth('2000-02-29', '2028-02-10T12:00:00Z', 'UTC', 'mar1')).toBe(true);
    expect(isBirthdayMonth('2000-02-29', '2028-03-10T12:00:00Z', 'UTC', 'mar1')).toBe(false);
    // other birthdays are not moved
    expect(isBirthdayMonth('1990-02-28', '2027-02-10T12:00:00Z', 'UTC', 'mar1')).toBe(true);
    expect(() => isBirthdayMonth('2000-02-29', '2027-02-10T12:00:00Z', 'UTC', 'mar2' as 'mar1')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  test('the helpers agree with the rule operators on every day of a leap and a non-leap year', () => {
    for (const policy of ['feb28', 'mar1'] as const) {
      const op = (operator: string) =>
        compileCondition(
          { all: [{ fact: 't', operator, value: { fact: 'birthday' } }] },
          { timeZone: 'Asia/Shanghai', leapDayBirthday: policy },
        );
      const month = op('inBirthdayMonth');
      const day = op('isBirthday');
      const week = op('inBirthdayWeek');
      for (
        let t = Date.parse('2027-01-01T04:00:00Z');
        t < Date.parse('2029-01-01T00:00:00Z');
        t += 86_400_000
      ) {
        const instant = new Date(t).toISOString();
        const facts = { t: instant, birthday: '2000-02-29' };
        expect(isBirthdayMonth('2000-02-29', instant, 'Asia/Shanghai', policy)).toBe(month(facts));
        expect(isBirthdayOn('2000-02-29', instant, 'Asia/Shanghai', policy)).toBe(day(facts));
        expect(isBirthdayWeek('2000-02-29', instant, 'Asia/Shanghai', { policy })).toBe(week(facts));
      }
    }
  });
});
