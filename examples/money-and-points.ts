// Money and points primitives: exact money, the three money-to-points conversions, typed errors.
// Run: npx tsx examples/money-and-points.ts
import {
  allocateMoney,
  formatMoney,
  isLoyaltyError,
  multiplyMoney,
  type PointsConversionMode,
  parseMoney,
  pointsFromMoney,
} from 'loyalty-engine';

// Money is integer minor units plus an ISO 4217 code: "199.90" CNY is 19990 fen, never a float.
const order = parseMoney('199.90', 'CNY');
console.log(`order: ${formatMoney(order)} ${order.currency} = ${order.amount} minor units`);

// The same order under the three conversions a program can choose (DOMAIN.md point 9).
const per100 = { amount: 10000, currency: 'CNY' };
const modes: PointsConversionMode[] = ['proportional', 'perFullBlock', 'perStartedBlock'];
for (const mode of modes) {
  const r = pointsFromMoney(order, { points: '10', per: per100, mode });
  console.log(`10 points per 100.00 CNY, ${mode}: ${r.points} points (unrounded ${r.unrounded})`);
}

// A Gold-tier multiplier of 1.5 applies before the single rounding.
const gold = pointsFromMoney(order, { points: '10', per: per100 }, { multipliers: ['1.5'] });
console.log(`with a 1.5x tier multiplier: ${gold.points} points (unrounded ${gold.unrounded})`);

// Rates use decimal math with an explicit rounding mode; allocation sums exactly.
console.log(`5% of the order, halfEven: ${formatMoney(multiplyMoney(order, '0.05', 'halfEven'))} CNY`);
const discount = parseMoney('10.00', 'CNY');
const parts = allocateMoney(discount, [1, 1, 1]).map((m) => formatMoney(m));
console.log(`10.00 CNY over three lines: ${parts.join(' + ')}`);

// Bad input is a LoyaltyError with a stable code and the path of the field.
try {
  parseMoney('199.905', 'CNY');
} catch (e) {
  if (!isLoyaltyError(e)) throw e;
  console.log(`refused: ${e.code}`);
}

/* Expected output:
order: 199.90 CNY = 19990 minor units
10 points per 100.00 CNY, proportional: 19 points (unrounded 19.99)
10 points per 100.00 CNY, perFullBlock: 10 points (unrounded 10)
10 points per 100.00 CNY, perStartedBlock: 20 points (unrounded 20)
with a 1.5x tier multiplier: 29 points (unrounded 29.985)
5% of the order, halfEven: 10.00 CNY
10.00 CNY over three lines: 3.34 + 3.33 + 3.33
refused: INVALID_AMOUNT
*/
