import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Dec, ROUNDING_MODES } from '../money/index.js';
import { ratioOfDecimal, ratioOfNumber, roundRatio } from './rational.js';

describe('roundRatio', () => {
  test.each([
    // num, den, floor, ceil, down, up, halfUp, halfDown, halfEven
    [5n, 2n, [2n, 3n, 2n, 3n, 3n, 2n, 2n]],
    [-5n, 2n, [-3n, -2n, -2n, -3n, -3n, -2n, -2n]],
    [7n, 2n, [3n, 4n, 3n, 4n, 4n, 3n, 4n]],
    [-7n, 2n, [-4n, -3n, -3n, -4n, -4n, -3n, -4n]],
    [12n, 5n, [2n, 3n, 2n, 3n, 2n, 2n, 2n]],
    [-13n, 5n, [-3n, -2n, -2n, -3n, -3n, -3n, -3n]],
    [6n, 3n, [2n, 2n, 2n, 2n, 2n, 2n, 2n]],
    [5n, -2n, [-3n, -2n, -2n, -3n, -3n, -2n, -2n]],
  ] as const)('%i / %i', (num, den, expected) => {
    // ROUNDING_MODES order: floor, ceil, down, up, halfUp, halfDown, halfEven
    expect(ROUNDING_MODES.map((m) => roundRatio(num, den, m))).toEqual(expected);
  });

  test('property: agrees with decimal.js rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (num, den) => {
          const exact = new Dec(num.toString()).div(den.toString());
          const modes = { floor: 3, ceil: 2, down: 1, up: 0, halfUp: 4, halfDown: 5, halfEven: 6 } as const;
          for (const m of ROUNDING_MODES) {
            expect(roundRatio(num, den, m).toString()).toBe(exact.toDecimalPlaces(0, modes[m]).toFixed());
          }
        },
      ),
    );
  });
});

test('ratios of decimals and of floats (shortest round-trip form)', () => {
  expect(ratioOfDecimal('-12.50')).toEqual({ num: -1250n, den: 100n });
  expect(ratioOfDecimal('3')).toEqual({ num: 3n, den: 1n });
  expect(ratioOfNumber(0.1)).toEqual({ num: 1n, den: 10n });
  expect(ratioOfNumber(4 / 9)).toEqual({ num: 4444444444444444n, den: 10n ** 16n });
  const tiny = ratioOfNumber(5e-324);
  expect(tiny.num).toBe(5n);
  expect(tiny.den).toBe(10n ** 324n);
});
