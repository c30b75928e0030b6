import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { epochDayOf, MS_PER_DAY, ymdOfEpochDay } from './calendar.js';
import { canonicalEpoch, epochOf, instantOf, msOf } from './parseInstant.js';

const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const msArb = fc.oneof(
  fc.integer({ min: MIN_MS, max: MAX_MS }),
  fc.integer({ min: 0, max: 400 * 366 }).map((d) => Date.UTC(1900, 0, 1) + d * MS_PER_DAY - 1),
  fc.constantFrom(MIN_MS, MAX_MS, 0, -1, Date.UTC(2000, 1, 29), Date.UTC(2100, 2, 1) - 1),
);

/** The Date-based definitions these functions replace (the oracle). */
function epochDayByDate(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

describe('integer calendar arithmetic agrees with Date', () => {
  test('instantOf writes what toISOString writes, and canonicalEpoch / epochOf read it back', () => {
    fc.assert(
      fc.property(msArb, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantOf(ms)).toBe(iso);
        expect(canonicalEpoch(iso)).toBe(ms);
        expect(msOf(iso)).toBe(ms);
        expect(epochOf(iso)).toBe(ms);
      }),
      { numRuns: 5000 },
    );
    expect(instantOf(1.9)).toBe(new Date(1.9).toISOString());
    expect(instantOf(-1.5)).toBe(new Date(-1.5).toISOString());
  });

  test('epochDayOf and ymdOfEpochDay, with months and days rolling over like Date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9998 }),
        fc.integer({ min: -30, max: 40 }),
        fc.integer({ min: -70, max: 70 }),
        (year, month, day) => {
          const e = epochDayOf(year, month, day);
          expect(e).toBe(epochDayByDate(year, month, day));
          const back = new Date(e * MS_PER_DAY);
          expect(ymdOfEpochDay(e)).toEqual({
            year: back.getUTCFullYear(),
            month: back.getUTCMonth() + 1,
            day: back.getUTCDate(),
          });
        },
      ),
      { numRuns: 5000 },
    );
    expect(ymdOfEpochDay(epochDayOf(0, 1, 1))).toEqual({ year: 0, month: 1, day: 1 });
  });

  test('canonicalEpoch accepts exactly the canonical form of a real instant', () => {
    const near = fc
      .tuple(msArb, fc.nat(23), fc.constantFrom('0', '9', 'x', ' ', '-', ':', 'Z', '+'))
      .map(([ms, i, c]) => {
        const iso = new Date(ms).toISOString();
        return iso.slice(0, i) + c + iso.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 30 })), (s) => {
        const ms = canonicalEpoch(s);
        if (Number.isNaN(ms)) {
          const d = Date.parse(s);
          expect(Number.isNaN(d) || new Date(d).toISOString() !== s).toBe(true);
        } else expect(new Date(ms).toISOString()).toBe(s);
      }),
      { numRuns: 5000 },
    );
    for (const bad of [
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-01T00:00:00.000+',
      '2026-01-01T00:00:00Z',
    ]) {
      expect(canonicalEpoch(bad), bad).toBeNaN();
    }
  });
});
