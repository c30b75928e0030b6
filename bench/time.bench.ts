/**
 * Time primitives on the hot path: the rules module reads weekday/hour with localPartsOf for every
 * event; expiry and caps compute end of day in the program zone.
 * Run: npx vitest bench --run bench/time.bench.ts
 */
import { bench, describe } from 'vitest';
import { endOfDayIn, localPartsOf, periodKey, startOfMonthIn } from '../src/time/index.js';

const instants = Array.from({ length: 256 }, (_, i) =>
  new Date(Date.UTC(2026, 0, 1) + i * 7_919_000_123).toISOString(),
);
let i = 0;
const next = (): string => instants[i++ & 255]!;

describe('time', () => {
  bench('localPartsOf (Asia/Shanghai)', () => {
    localPartsOf(next(), 'Asia/Shanghai');
  });
  bench('localPartsOf (Europe/Berlin)', () => {
    localPartsOf(next(), 'Europe/Berlin');
  });
  bench('endOfDayIn (Europe/Berlin)', () => {
    endOfDayIn(next(), 'Europe/Berlin');
  });
  bench('startOfMonthIn (America/New_York)', () => {
    startOfMonthIn(next(), 'America/New_York');
  });
  bench('periodKey week (Asia/Shanghai)', () => {
    periodKey(next(), 'Asia/Shanghai', 'week');
  });
});
