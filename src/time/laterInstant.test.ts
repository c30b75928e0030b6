import { describe, expect, test } from 'vitest';
import { earlierInstant, laterInstant } from './internal.js';

describe('laterInstant / earlierInstant (canonical ISO instants compare as strings)', () => {
  const a = '2026-02-28T23:59:59.999Z';
  const b = '2026-03-01T00:00:00.000Z';
  test('pick the later and the earlier, whatever the order', () => {
    expect(laterInstant(a, b)).toBe(b);
    expect(laterInstant(b, a)).toBe(b);
    expect(earlierInstant(a, b)).toBe(a);
    expect(earlierInstant(b, a)).toBe(a);
    expect(laterInstant(a, a)).toBe(a);
  });
  test('unlike Math.max, which gives NaN for instants', () => {
    expect(Math.max(a as unknown as number, b as unknown as number)).toBeNaN();
  });
});
