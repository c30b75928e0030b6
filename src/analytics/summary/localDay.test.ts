import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDay,
  dayFromCivil,
  formatDay,
  localDayFunction,
  parseDateDay,
  parseInstantMs,
} from './localDay.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);

describe('localDay helpers', () => {
  it('parses instants like Date.parse for valid ISO forms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, off) => {
          const iso = new Date(ms).toISOString();
          expect(parseInstantMs(iso)).toBe(ms);
          expect(parseInstantMs(`${iso.slice(0, 19)}Z`)).toBe(Math.floor(ms / 1000) * 1000);
          expect(parseInstantMs(`${iso.slice(0, 16)}Z`)).toBe(Math.floor(ms / 60_000) * 60_000);
          const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
          const sign = off < 0 ? '-' : '+';
          const a = Math.abs(off);
          const zone = `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          expect(parseInstantMs(local + zone)).toBe(ms);
          expect(
            dayFromCivil(
              ...(Object.values(civilFromDay(Math.floor(ms / 86_400_000))) as [number, number, number]),
            ),
          ).toBe(Math.floor(ms / 86_400_000));
          expect(parseDateDay(formatDay(Math.floor(ms / 86_400_000)))).toBe(Math.floor(ms / 86_400_000));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects malformed text', () => {
    for (const bad of [
      '2024-01-01T10:00:00',
      '2024-01-01 10:00:00Z',
      '2024-13-01T10:00:00Z',
      '2024-02-30T10:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:60:00Z',
      '2024-01-01T10:00:00.Z',
      '2024-01-01T10:00:00.1234567890Z',
      '2024-01-01T10:00:00+2:00',
      '2024-01-01T10:00:00Zjunk',
      '2O24-01-01T10:00:00Z',
      '1999-1a-01T10:00:00Z',
    ]) {
      expect(Number.isNaN(parseInstantMs(bad)), bad).toBe(true);
    }
    for (const bad of ['2024-1-01', '2023-02-29', '2024/01/01', '20a4-01-01'])
      expect(Number.isNaN(parseDateDay(bad)), bad).toBe(true);
    expect(parseDateDay('2024-02-29')).toBe(dayFromCivil(2024, 2, 29));
  });

  it('local days agree with Intl for many zones and instants', () => {
    const zones = [
      'Asia/Kolkata',
      'America/St_Johns',
      'Pacific/Chatham',
      'Europe/London',
      'America/Sao_Paulo',
    ];
    for (const zone of zones) {
      const dayOf = localDayFunction(zone);
      const f = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
          expect(formatDay(dayOf(ms))).toBe(f.format(ms));
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    }
  });
});
