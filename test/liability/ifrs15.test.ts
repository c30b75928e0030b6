// Golden: the loyalty programme of IFRS 15's Illustrative Example 52 (IE267-IE270), run through
// the engine and deferredRevenue.
// SOURCE: IFRS 15 Revenue from Contracts with Customers, Illustrative Examples, Example 52
// "Customer loyalty programme": 1 point per 10 CU spent, a point is a discount of 1 CU; in Year 1
// customers buy products for CU100,000 and earn 10,000 points; 97% (9,700 points) are expected to
// be redeemed, so the points' stand-alone selling price is CU9,700 and CU8,842 of the transaction
// price goes to them (100,000 x 9,700 / 109,700); 4,500 points are redeemed in Year 1: revenue
// CU4,102 (8,842 x 4,500 / 9,700). In Year 2 a further 4,000 are redeemed (8,500 in total) and the
// estimate becomes 9,800 points: cumulative revenue CU7,669 (8,842 x 8,500 / 9,800), CU3,567 in
// Year 2. The allocation is not redone (IFRS 15.88). (KPMG's IFRS 15 handbook, Example 10A, works
// the same steps with the allocation rounded to CU9,000.)
import {
  createEngine,
  deferredRevenue,
  defineProgram,
  type LedgerEntry,
  type MemberState,
} from 'loyalty-engine';
import { expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'ie52',
    name: 'IFRS 15 Example 52',
    currency: 'JPY', // no minor unit: 1 JPY plays the currency unit CU
    timeZone: 'UTC',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '10', mode: 'perFullBlock' } }],
  }),
);

let state: MemberState = engine.enroll({ memberId: 'customers', joinedAt: '2025-01-01T00:00:00Z' });
const ledger: LedgerEntry[] = [];
for (const e of [
  {
    type: 'purchase',
    id: 'sales-y1',
    occurredAt: '2025-03-01T00:00:00Z',
    currency: 'JPY',
    lines: [{ id: 'l', sku: 'goods', quantity: 1, price: 100_000 }],
  },
  { type: 'redemption', id: 'redeem-y1', occurredAt: '2025-09-01T00:00:00Z', points: 4_500 },
  { type: 'redemption', id: 'redeem-y2', occurredAt: '2026-06-01T00:00:00Z', points: 4_000 },
]) {
  const r = engine.apply(state, e);
  state = r.state;
  ledger.push(...r.effects);
}
const pointValue = { currency: 'JPY', perPoint: '1' };
const options = { timeZone: 'UTC', pointValue };

test('Year 1: allocation 8,842, revenue 4,102', () => {
  const y1 = deferredRevenue(ledger, { ...options, asOf: '2026-01-01T00:00:00Z', breakage: 0.03 });
  expect(y1.standAloneSellingPricePerPoint).toBe('0.97');
  expect(y1.totals.allocated.amount).toBe(8_842);
  expect(y1.totals.recognized.amount).toBe(4_102);
  expect(y1.totals.deferred.amount).toBe(8_842 - 4_102);
});

test('Year 2: the estimate becomes 9,800 points; cumulative revenue 7,669, 3,567 in the year', () => {
  const y2 = deferredRevenue(ledger, {
    ...options,
    asOf: '2027-01-01T00:00:00Z',
    breakage: 0.02,
    allocationBreakage: 0.03,
  });
  expect(y2.totals.allocated.amount).toBe(8_842);
  expect(y2.totals.recognized.amount).toBe(7_669);
  expect(y2.totals.recognized.amount - 4_102).toBe(3_567); // less what Year 1 reported
  expect(y2.allocationBreakageRate).toBe(0.03);
  expect(y2.breakageRate).toBe(0.02);
});
