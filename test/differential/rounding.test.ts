/**
 * Differential test: decimal rounding in multiplyMoney and pointsFromMoney (decimal.js inside)
 * against a reference written here with BigInt rational arithmetic only. The reference rounds a
 * fraction n/d from the FLOOR quotient (the library rounds from the truncated one), so the two share
 * no code and no formulation.
 */
import fc from 'fast-check';
import {
  isLoyaltyError,
  type Money,
  multiplyMoney,
  POINTS_PRECISIONS,
  type PointsConversionMode,
  pointsFromMoney,
  ROUNDING_MODES,
  type RoundingMode,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A decimal as an exact fraction coefficient / 10^scale, with its string form. */
interface Dec {
  readonly coef: bigint;
  readonly scale: number;
  readonly text: string;
}

function dec(coef: bigint, scale: number): Dec {
  const neg = coef < 0n;
  const digits = (neg ? -coef : coef).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return { coef, scale, text: neg ? `-${body}` : body };
}

/** Reference rounding of n/d (d > 0) to an integer. */
function roundRef(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const fl = n >= 0n ? n / d : -((-n + d - 1n) / d); // floor(n/d)
  const r = n - fl * d; // 0 <= r < d
  if (r === 0n) return fl;
  const ce = fl + 1n;
  const negative = n < 0n;
  switch (mode) {
    case 'floor':
      return fl;
    case 'ceil':
      return ce;
    case 'down':
      return negative ? ce : fl;
    case 'up':
      return negative ? fl : ce;
    default: {
      if (2n * r < d) return fl;
      if (2n * r > d) return ce;
      if (mode === 'halfUp') return negative ? fl : ce;
      if (mode === 'halfDown') return negative ? ce : fl;
      return fl % 2n === 0n ? fl : ce;
    }
  }
}

function outcome(f: () => number): number | string {
  try {
    return f();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
  }
}

const arbMode = fc.constantFrom(...ROUNDING_MODES);
/** Decimals biased toward ties (.5), small scales, and occasional long ones. */
const arbDecimal = (signed: boolean, maxCoef = 10n ** 12n): fc.Arbitrary<Dec> =>
  fc.oneof(
    fc.constantFrom(dec(5n, 1), dec(15n, 1), dec(25n, 2), dec(125n, 3), dec(1n, 0), dec(0n, 0), dec(3n, 0)),
    fc
      .tuple(fc.bigInt({ min: signed ? -maxCoef : 0n, max: maxCoef }), fc.nat({ max: 8 }))
      .map(([c, s]) => dec(c, s)),
    fc
      .tuple(fc.bigInt({ min: signed ? -(10n ** 30n) : 0n, max: 10n ** 30n }), fc.nat({ max: 30 }))
      .map(([c, s]) => dec(c, s)),
  );
const arbAmount = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.maxSafeInteger(),
);

describe('multiplyMoney agrees with the BigInt reference', () => {
  test('every rounding mode, every sign, overflow included', () => {
    fc.assert(
      fc.property(arbAmount, arbDecimal(true), arbMode, (amount, rate, mode) => {
        const expected = roundRef(BigInt(amount) * rate.coef, 10n ** BigInt(rate.scale), mode);
        const want = expected > MAX || expected < -MAX ? 'INVALID_AMOUNT' : Number(expected);
        const m: Money = { amount, currency: 'USD' };
        expect(outcome(() => multiplyMoney(m, rate.text, mode).amount)).toBe(want);
      }),
      { numRuns: RUNS },
    );
  });

  test('exact ties at x.5 for every mode', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), arbMode, (odd, mode) => {
        const amount = odd * 2 + 1; // odd amount x 0.5 is always a tie
        const expected = roundRef(BigInt(amount) * 5n, 10n, mode);
        expect(multiplyMoney({ amount, currency: 'EUR' }, '0.5', mode).amount).toBe(Number(expected));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('pointsFromMoney agrees with the BigInt reference', () => {
  const arbConvMode = fc.constantFrom<PointsConversionMode>(
    'proportional',
    'perFullBlock',
    'perStartedBlock',
  );
  test('every conversion mode, rounding mode, precision and multiplier list', () => {
    fc.assert(
      fc.property(
        arbAmount,
        fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 3, 7, 50, 100, 300, 10_000)),
        arbDecimal(false, 10n ** 6n),
        fc.array(arbDecimal(false, 10n ** 4n), { maxLength: 3 }),
        fc.constantFrom(...POINTS_PRECISIONS),
        arbMode,
        arbConvMode,
        (amount, perAmount, points, multipliers, precision, rounding, conversion) => {
          const a = BigInt(amount);
          const per = BigInt(perAmount);
          const multCoef = multipliers.reduce((acc, m) => acc * m.coef, 1n);
          const multScale = multipliers.reduce((acc, m) => acc + m.scale, 0);
          // exact points = base * points * multipliers, as numerator / denominator
          let num: bigint;
          let den: bigint;
          let blocks: number | null = null;
          if (conversion === 'proportional') {
            num = a * points.coef * multCoef;
            den = per * 10n ** BigInt(points.scale + multScale);
          } else {
            const absA = a < 0n ? -a : a;
            const full = absA / per;
            const count = conversion === 'perStartedBlock' && absA % per !== 0n ? full + 1n : full;
            const signed = a < 0n ? -count : count;
            blocks = Number(signed);
            num = signed * points.coef * multCoef;
            den = 10n ** BigInt(points.scale + multScale);
          }
          const units = roundRef(num * 10n ** BigInt(precision), den, rounding);
          const got = (() => {
            try {
              return pointsFromMoney(
                { amount, currency: 'CNY' },
                { points: points.text, per: { amount: perAmount, currency: 'CNY' }, mode: conversion },
                { precision, rounding, multipliers: multipliers.map((m) => m.text) },
              );
            } catch (e) {
              return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
            }
          })();
          if (units > MAX || units < -MAX) {
            expect(got).toBe('INVALID_POINTS');
            return;
          }
          if (typeof got === 'string') throw new Error(`unexpected ${got}`);
          expect(got.units).toBe(Number(units));
          expect(Object.is(got.units, -0)).toBe(false);
          expect(got.blocks).toBe(blocks === 0 ? 0 : blocks);
          // the unrounded value: exactly num/den when exact, else within 10^-20 of it
          const [ip, fp = ''] = got.unrounded.replace('-', '').split('.');
          const shownNum = BigInt(`${ip}${fp}`) * (got.unrounded.startsWith('-') ? -1n : 1n);
          const shownDen = 10n ** BigInt(fp.length);
          const diff = shownNum * den - num * shownDen; // (shown - exact) * den * shownDen
          if (got.exact) expect(diff).toBe(0n);
          else {
            expect(diff).not.toBe(0n);
            expect(fp.length).toBe(20);
            const abs = diff < 0n ? -diff : diff;
            expect(2n * abs * 10n ** 20n <= den * shownDen).toBe(true); // |shown - exact| <= 0.5e-20
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
