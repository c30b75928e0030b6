// The worked example of docs/guides/liability.md, checked number by number. Every figure below is
// computed by hand in the guide.
import {
  createEngine,
  deferredRevenue,
  defineProgram,
  estimateBreakage,
  type LedgerEntry,
  type MemberState,
  pointCohorts,
  pointsLiability,
  pointsLiabilityFromLedger,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'cafe',
    name: 'Cafe',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
    expiry: { mode: 'rolling', months: 3 },
  }),
);
const buy = (id: string, at: string, yuan: number) => ({
  type: 'purchase',
  id,
  occurredAt: `${at}T12:00:00+08:00`,
  currency: 'CNY',
  lines: [{ id: 'l', sku: 'coffee', quantity: 1, price: yuan * 100 }],
});
const redeem = (id: string, at: string, points: number) => ({
  type: 'redemption',
  id,
  occurredAt: `${at}T12:00:00+08:00`,
  points,
});

const history: Record<string, unknown[]> = {
  A: [buy('a1', '2026-01-10', 200), redeem('a2', '2026-02-14', 150)],
  B: [buy('b1', '2026-01-15', 100), buy('b2', '2026-03-20', 50)],
  C: [buy('c1', '2026-02-03', 100), redeem('c2', '2026-03-05', 100)],
  D: [buy('d1', '2026-04-18', 100)],
};
const asOf = '2026-05-01T00:00:00+08:00';
const timeZone = 'Asia/Shanghai';
const pointValue = { currency: 'CNY', perPoint: '0.05' };

const ledger: LedgerEntry[] = [];
const states: MemberState[] = [];
for (const [memberId, events] of Object.entries(history)) {
  let s = engine.enroll({ memberId, joinedAt: '2026-01-01T00:00:00+08:00' });
  for (const e of events) {
    const r = engine.apply(s, e);
    s = r.state;
    ledger.push(...r.effects);
  }
  const advanced = engine.advance(s, asOf); // writes the April expiries, as a nightly job would
  ledger.push(...advanced.effects);
  states.push(advanced.state);
}

describe('worked example (docs/guides/liability.md)', () => {
  test('outstanding points by age and expiry month', () => {
    const liability = pointsLiability(states, { asOf, timeZone, pointValue });
    expect(liability).toMatchObject({
      members: 4,
      points: 150,
      available: 150,
      pending: 0,
      debt: 0,
      value: { amount: 750, currency: 'CNY' },
    });
    expect(liability.byAge).toEqual([
      { fromDays: 0, toDays: 30, points: 100, value: { amount: 500, currency: 'CNY' } }, // D, 13 days
      { fromDays: 30, toDays: 90, points: 50, value: { amount: 250, currency: 'CNY' } }, // B's March lot, 42 days
      { fromDays: 90, toDays: 180, points: 0, value: { amount: 0, currency: 'CNY' } },
      { fromDays: 180, toDays: 365, points: 0, value: { amount: 0, currency: 'CNY' } },
      { fromDays: 365, toDays: null, points: 0, value: { amount: 0, currency: 'CNY' } },
    ]);
    expect(liability.byExpiryMonth).toEqual([
      { month: '2026-06', points: 50, value: { amount: 250, currency: 'CNY' } }, // end of 20 June
      { month: '2026-07', points: 100, value: { amount: 500, currency: 'CNY' } }, // end of 18 July
    ]);
    expect(pointsLiabilityFromLedger(ledger, { asOf, timeZone, pointValue })).toEqual(liability);
  });

  test('cohorts: redemption and expiry curves', () => {
    const cohorts = pointCohorts(ledger, { asOf, timeZone });
    expect(cohorts.month).toBe('2026-05');
    expect(
      cohorts.cohorts.map((c) => [
        c.cohort,
        c.issued,
        c.redeemed,
        c.expired,
        c.outstanding,
        c.completeMonths,
      ]),
    ).toEqual([
      ['2026-01', 300, [0, 150, 0, 0, 0], [0, 0, 0, 150, 0], 0, 4],
      ['2026-02', 100, [0, 100, 0, 0], [0, 0, 0, 0], 0, 3],
      ['2026-03', 50, [0, 0, 0], [0, 0, 0], 50, 2],
      ['2026-04', 100, [0, 0], [0, 0], 100, 1],
    ]);
    expect(cohorts.cohorts[0]!.redeemedShare).toEqual([0, 0.5, 0.5, 0.5, 0.5]);
    expect(cohorts.cohorts[0]!.expiredShare).toEqual([0, 0, 0, 0.5, 0.5]);
  });

  test('breakage from the life table', () => {
    const b = estimateBreakage(pointCohorts(ledger, { asOf, timeZone }));
    expect(b.developmentMonths.map((m) => [m.month, m.cohorts, m.exposure, m.redeemed, m.expired])).toEqual([
      [0, 4, 550, 0, 0],
      [1, 3, 450, 250, 0],
      [2, 2, 150, 0, 0],
      [3, 1, 150, 0, 150],
    ]);
    expect(b.developmentMonths[1]!.redemptionRate).toBeCloseTo(5 / 9, 15);
    expect(b.developmentMonths[3]!.expiryRate).toBe(1);
    expect(b.rate).toBeCloseTo(4 / 9, 15);
    expect(b.byAge[0]).toEqual({
      redeemed: expect.closeTo(5 / 9, 15),
      expired: expect.closeTo(4 / 9, 15),
      removed: 0,
      breakage: expect.closeTo(4 / 9, 15),
    });
    expect(b.byAge[2]!.breakage).toBe(1); // two months old and unredeemed: nobody redeemed after month 1
    expect(b.tail.remaining).toBe(0);
    expect(b.outstanding.points).toBe(150);
    expect(b.outstanding.expectedRedeemed).toBeCloseTo(500 / 9, 12); // April's 100 x 5/9
    expect(b.outstanding.expectedExpired).toBeCloseTo(50 + 400 / 9, 12); // March's 50, April's 100 x 4/9
  });

  test('deferred revenue at a stated 20% breakage', () => {
    const s = deferredRevenue(ledger, { asOf, timeZone, pointValue, breakage: 0.2 });
    expect(s.standAloneSellingPricePerPoint).toBe('0.04');
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    expect(
      s.months.map((m) => [
        m.month,
        m.allocated.amount,
        m.recognized.amount,
        m.recognizedFromBreakage.amount,
        m.deferred.amount,
      ]),
    ).toEqual([
      ['2026-01', 1154, 0, 0, 1154],
      ['2026-02', 385, 721, 144, 818],
      ['2026-03', 192, 385, 0, 625],
      ['2026-04', 385, 433, 433, 577],
      ['2026-05', 0, 0, 0, 577],
    ]);
    expect(
      s.months.map((m) => [m.pointsIssued, m.pointsRedeemed, m.pointsExpired, m.pointsOutstanding]),
    ).toEqual([
      [300, 0, 0, 300],
      [100, 150, 0, 250],
      [50, 100, 0, 200],
      [100, 0, 150, 150],
      [0, 0, 0, 150],
    ]);
    expect(s.totals).toEqual({
      allocated: cny(2116),
      recognized: cny(1539),
      recognizedFromBreakage: cny(577),
      deferred: cny(577),
    });
    expect(s.months[4]!.partial).toBe(true);
    expect(s.pointsWithoutConsideration).toBe(0);
  });
});
