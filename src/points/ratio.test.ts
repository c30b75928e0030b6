import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { allocate, allocateIntegers } from '../money/allocate.js';
import { ROUNDING_MODES, type RoundingMode } from '../money/types.js';
import { pointsFromMoney } from './pointsFromMoney.js';
import {
  multiplyRatio,
  ONE,
  type Ratio,
  ratioOf,
  ratioToDecimal,
  roundDivide,
  roundDivideNumber,
} from './ratio.js';
import type { PointsPrecision } from './types.js';

const runs = Number(process.env['FC_RUNS'] ?? 2000);
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 4 }))
  .map(([n, d]) => (d === 0 ? String(n) : (n / 10 ** d).toFixed(d)));
const mode = fc.constantFrom<RoundingMode>(...ROUNDING_MODES);

describe('ratio: the earning fast path agrees with pointsFromMoney', () => {
  test('units, unrounded value and exactness are the same for every rounding mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        decimal,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(decimal, { maxLength: 3 }),
        mode,
        fc.constantFrom<PointsPrecision>(0, 1, 2, 3, 4),
        (amount, points, per, multipliers, rounding, precision) => {
          let expected: ReturnType<typeof pointsFromMoney>;
          try {
            expected = pointsFromMoney(
              { amount, currency: 'CNY' },
              { points, per: { amount: per, currency: 'CNY' } },
              { precision, rounding, multipliers },
            );
          } catch (e) {
            fc.pre(!(isLoyaltyError(e) && e.code === 'INVALID_POINTS')); // beyond safe units: refused by both
            throw e;
          }
          const rate = ratioOf(points, 'points', 'INVALID_ARGUMENT', []);
          const m = multipliers.reduce<Ratio>(
            (acc, x) => multiplyRatio(acc, ratioOf(x, 'm', 'INVALID_ARGUMENT', [])),
            ONE,
          );
          const scale = 10n ** BigInt(precision);
          const num = BigInt(amount) * rate.num * scale * m.num;
          const den = BigInt(per) * rate.den * m.den;
          expect(Number(roundDivide(num, den, rounding))).toBe(expected.units);
          const text = ratioToDecimal(num, den * scale);
          expect(text.text).toBe(expected.unrounded);
          expect(text.exact).toBe(expected.exact);
        },
      ),
      { numRuns: runs },
    );
  });

  test('roundDivideNumber equals roundDivide on safe integers', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        mode,
        (n, d, rounding) => {
          expect(roundDivideNumber(n, d, rounding)).toBe(Number(roundDivide(BigInt(n), BigInt(d), rounding)));
        },
      ),
      { numRuns: runs },
    );
  });

  test('ratioToDecimal: exact decimals end without zeros; others have 20 digits, half-even', () => {
    expect(ratioToDecimal(1999n, 100n)).toEqual({ text: '19.99', exact: true });
    expect(ratioToDecimal(200n, 10n)).toEqual({ text: '20', exact: true });
    expect(ratioToDecimal(2n, 3n)).toEqual({ text: '0.66666666666666666667', exact: false });
    expect(ratioToDecimal(-1n, 3n)).toEqual({ text: '-0.33333333333333333333', exact: false });
    expect(ratioToDecimal(0n, 7n)).toEqual({ text: '0', exact: true });
  });
});

describe('allocateIntegers is allocate on integer weights', () => {
  test('same parts, same tie-break', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        (amount, weights) => {
          const fast = allocateIntegers(amount, weights);
          if (weights.every((w) => w === 0)) expect(fast).toEqual(weights.map(() => 0));
          else expect(fast).toEqual(allocate(amount, weights));
        },
      ),
      { numRuns: runs },
    );
  });
});
