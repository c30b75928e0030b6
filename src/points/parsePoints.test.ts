import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { addPoints, subtractPoints, sumPoints } from './addPoints.js';
import { formatPoints } from './formatPoints.js';
import { parsePoints } from './parsePoints.js';
import { isPointsPrecision, unitsPerPoint } from './pointsPrecision.js';
import { POINTS_PRECISIONS, type PointsPrecision } from './types.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const MAX = Number.MAX_SAFE_INTEGER;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
  }
  return undefined;
}

describe('parsePoints / formatPoints', () => {
  test.each([
    ['12.5', 2, 1250],
    ['12.50', 2, 1250],
    ['100', 0, 100],
    ['-3', 0, -3],
    ['-0.5', 1, -5],
    ['0.0001', 4, 1],
    ['-0', 0, 0],
    [12.5, 1, 125],
    [100, 0, 100],
  ] as const)('parsePoints(%j, %i) = %i', (input, precision, units) => {
    const u = parsePoints(input, precision);
    expect(u).toBe(units);
    expect(Object.is(u, -0)).toBe(false);
  });

  test('precision defaults to 0', () => {
    expect(parsePoints('7')).toBe(7);
    expect(codeOf(() => parsePoints('7.5'))).toBe('INVALID_POINTS');
  });

  test.each([
    ['12.5', 0, /whole/],
    ['12.555', 2, /more than 2 decimals/],
    ['1,000', 0, /thousands/],
    ['1e3', 0, /exponent/],
    ['', 0, /empty/],
    ['ten', 0, /not a valid decimal/],
    ['9007199254740992', 0, /safe integer/],
    ['900719925474.0992', 4, /safe integer/],
  ] as const)('parsePoints(%j, %i) is INVALID_POINTS', (input, precision, message) => {
    try {
      parsePoints(input, precision, { path: ['adjustment', 'points'] });
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && e.code).toBe('INVALID_POINTS');
      expect(isLoyaltyError(e) && e.path).toEqual(['adjustment', 'points']);
      expect((e as Error).message).toMatch(message);
    }
  });

  test('bad numbers and precisions', () => {
    expect(codeOf(() => parsePoints(Number.NaN))).toBe('INVALID_POINTS');
    expect(codeOf(() => parsePoints(0.1 + 0.2, 4))).toBe('INVALID_POINTS');
    expect(codeOf(() => parsePoints(null as unknown as string))).toBe('INVALID_POINTS');
    expect(codeOf(() => parsePoints('1', 5 as PointsPrecision))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => formatPoints(1, -1 as PointsPrecision))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => formatPoints(1.5, 0))).toBe('INVALID_POINTS');
    expect(codeOf(() => formatPoints(2 ** 53, 0))).toBe('INVALID_POINTS');
  });

  test.each([
    [1250, 2, '12.50'],
    [-5, 1, '-0.5'],
    [0, 3, '0.000'],
    [100, 0, '100'],
    [1, 4, '0.0001'],
  ] as const)('formatPoints(%i, %i) = %j', (units, precision, text) => {
    expect(formatPoints(units, precision)).toBe(text);
  });

  test('precision helpers', () => {
    expect(POINTS_PRECISIONS.map((p) => unitsPerPoint(p))).toEqual([1, 10, 100, 1000, 10000]);
    expect(isPointsPrecision(4)).toBe(true);
    expect(isPointsPrecision(5)).toBe(false);
    expect(isPointsPrecision('2')).toBe(false);
    expect(codeOf(() => unitsPerPoint(7 as PointsPrecision))).toBe('INVALID_ARGUMENT');
  });

  test('parsePoints(formatPoints(u, p), p) === u for every precision', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger()),
        fc.constantFrom(...POINTS_PRECISIONS),
        (units, p) => {
          expect(parsePoints(formatPoints(units, p), p)).toBe(units);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('addPoints / subtractPoints / sumPoints', () => {
  test('examples and errors', () => {
    expect(addPoints(1250, 50)).toBe(1300);
    expect(subtractPoints(100, 250)).toBe(-150);
    expect(sumPoints([100, 250, -50])).toBe(300);
    expect(sumPoints([])).toBe(0);
    expect(sumPoints([MAX, 1, -1])).toBe(MAX);
    expect(Object.is(subtractPoints(5, 5), -0)).toBe(false);
    expect(codeOf(() => addPoints(MAX, 1))).toBe('INVALID_POINTS');
    expect(codeOf(() => subtractPoints(-MAX, 1))).toBe('INVALID_POINTS');
    expect(codeOf(() => sumPoints([MAX, MAX]))).toBe('INVALID_POINTS');
    expect(codeOf(() => addPoints(0.5, 1))).toBe('INVALID_POINTS');
    expect(codeOf(() => addPoints(1, Number.NaN))).toBe('INVALID_POINTS');
    expect(codeOf(() => sumPoints([1, '2' as unknown as number]))).toBe('INVALID_POINTS');
  });

  const any = fc.maxSafeInteger();
  const small = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
  test('commutative; overflow exactly when the exact sum is unsafe', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        const exact = BigInt(a) + BigInt(b);
        if (exact > BigInt(MAX) || exact < -BigInt(MAX)) {
          expect(codeOf(() => addPoints(a, b))).toBe('INVALID_POINTS');
          expect(codeOf(() => addPoints(b, a))).toBe('INVALID_POINTS');
        } else {
          expect(addPoints(a, b)).toBe(Number(exact));
          expect(addPoints(b, a)).toBe(addPoints(a, b));
        }
      }),
      { numRuns: RUNS },
    );
  });
  test('associative within range; subtract undoes add; sum agrees', () => {
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        expect(addPoints(addPoints(a, b), c)).toBe(addPoints(a, addPoints(b, c)));
        expect(subtractPoints(addPoints(a, b), b)).toBe(a);
        expect(sumPoints([a, b, c])).toBe(addPoints(addPoints(a, b), c));
      }),
      { numRuns: RUNS },
    );
  });
});
