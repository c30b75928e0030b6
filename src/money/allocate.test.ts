import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { allocate, allocateMoney } from './allocate.js';
import { money } from './money.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
  }
  return undefined;
}

/** A decimal string weight as an exact rational p / 10^s. */
function rational(w: string | number): [bigint, bigint] {
  const [i, f = ''] = String(w).split('.');
  return [BigInt(`${i}${f}`), 10n ** BigInt(f.length)];
}

describe('allocate', () => {
  test.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1000, ['0.7', '0.3'], [700, 300]],
    [5, [0, 1, 0, 1], [0, 3, 0, 2]],
    [0, [1, 2], [0, 0]],
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [10, [3], [10]],
    [7, ['1.5', 2, '0.5'], [3, 3, 1]],
    [Number.MAX_SAFE_INTEGER, [1, 1], [4503599627370496, 4503599627370495]],
  ] as const)('allocate(%i, %j) = %j', (amount, weights, expected) => {
    const parts = allocate(amount, weights);
    expect(parts).toEqual(expected);
    expect(parts.some((p) => Object.is(p, -0))).toBe(false);
  });

  test('allocateMoney keeps the currency', () => {
    expect(allocateMoney(money(1000, 'USD'), [1, 2])).toEqual([money(333, 'USD'), money(667, 'USD')]);
  });

  test.each([
    [[], 'INVALID_ARGUMENT'],
    [[0, 0], 'INVALID_ARGUMENT'],
    [[1, -1], 'INVALID_ARGUMENT'],
    [['x'], 'INVALID_ARGUMENT'],
    [[Number.NaN], 'INVALID_ARGUMENT'],
    [['1,5'], 'INVALID_ARGUMENT'],
  ])('weights %j are %s', (weights, code) => {
    expect(codeOf(() => allocate(100, weights))).toBe(code);
  });

  test('bad amounts and paths', () => {
    expect(codeOf(() => allocate(1.5, [1]))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => allocate(2 ** 53, [1]))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => allocateMoney({ amount: 1, currency: 'ABC' }, [1]))).toBe('UNKNOWN_CURRENCY');
    try {
      allocate(100, [1, 2, -3]);
    } catch (e) {
      expect(isLoyaltyError(e) && e.path).toEqual(['weights', 2]);
    }
  });

  const arbWeight = fc.oneof(
    fc.nat({ max: 1000 }),
    fc
      .tuple(fc.nat({ max: 100_000 }), fc.nat({ max: 4 }))
      .map(([n, s]) =>
        s === 0 ? String(n) : `${Math.floor(n / 10 ** s)}.${String(n % 10 ** s).padStart(s, '0')}`,
      ),
  );
  const arbCase = fc
    .tuple(
      fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger()),
      fc.array(arbWeight, { minLength: 1, maxLength: 20 }),
    )
    .filter(([, ws]) => ws.some((w) => rational(w)[0] > 0n));

  test('parts sum exactly and each is within one unit of its exact share (rational check)', () => {
    fc.assert(
      fc.property(arbCase, ([amount, weights]) => {
        const parts = allocate(amount, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(amount));
        // common denominator: every weight as p_i / L
        const rs = weights.map(rational);
        let L = 1n; // weights have denominators 10^s: the largest is a common multiple
        for (const [, d] of rs) if (d > L) L = d;
        const ws = rs.map(([p, d]) => p * (L / d));
        const W = ws.reduce((a, b) => a + b, 0n);
        ws.forEach((w, i) => {
          // |part - amount*w/W| < 1  <=>  |part*W - amount*w| < W
          const diff = BigInt(parts[i]!) * W - BigInt(amount) * w;
          expect(diff < W && -diff < W).toBe(true);
          if (w === 0n) expect(parts[i]).toBe(0);
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('deterministic, and a negative amount mirrors the positive one', () => {
    fc.assert(
      fc.property(arbCase, ([amount, weights]) => {
        expect(allocate(amount, weights)).toEqual(allocate(amount, weights));
        expect(allocate(-amount, weights)).toEqual(allocate(amount, weights).map((p) => (p === 0 ? 0 : -p)));
      }),
      { numRuns: RUNS },
    );
  });

  test('scaling all weights does not change the result', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 1, max: 1000 }), ([amount, weights], k) => {
        const scaled = weights.map((w) => {
          const [p, d] = rational(w);
          return (p * BigInt(k)) % d === 0n ? String((p * BigInt(k)) / d) : null;
        });
        fc.pre(scaled.every((s) => s !== null));
        expect(allocate(amount, scaled as string[])).toEqual(allocate(amount, weights));
      }),
      { numRuns: RUNS },
    );
  });
});
