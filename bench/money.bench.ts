/**
 * Money and points primitives: how fast the exact (decimal.js / BigInt) paths are.
 * Run: npx vitest bench --run bench/money.bench.ts
 */
import { allocate, type Money, type PointsRate, pointsFromMoney } from 'loyalty-engine';
import { bench, describe } from 'vitest';

const order: Money = { amount: 19990, currency: 'CNY' };
const proportional: PointsRate = {
  points: '10',
  per: { amount: 10000, currency: 'CNY' },
  mode: 'proportional',
};
const started: PointsRate = {
  points: '10',
  per: { amount: 10000, currency: 'CNY' },
  mode: 'perStartedBlock',
};
const weights10 = [1990, 2500, 999, 12000, 350, 780, 4100, 15, 6600, 1230];
const weights100 = Array.from({ length: 100 }, (_, i) => ((i * 7919) % 1000) + 1);

describe('pointsFromMoney', () => {
  bench('proportional, floor', () => {
    pointsFromMoney(order, proportional);
  });
  bench('proportional, 2 multipliers, precision 2', () => {
    pointsFromMoney(order, proportional, { multipliers: ['1.5', '1.2'], precision: 2, rounding: 'halfEven' });
  });
  bench('perStartedBlock', () => {
    pointsFromMoney(order, started);
  });
});

describe('allocate', () => {
  bench('10 integer weights', () => {
    allocate(19990, weights10);
  });
  bench('100 integer weights', () => {
    allocate(1_999_999, weights100);
  });
  bench('3 decimal-string weights', () => {
    allocate(19990, ['0.5', '0.3', '0.2']);
  });
});
