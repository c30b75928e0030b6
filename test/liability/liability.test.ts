// Liability functions on small hand-checked ledgers: pending points, debts, precision, calendar
// expiry months, refunds in the deferred-revenue schedule, points without consideration, errors.
import {
  createEngine,
  deferredRevenue,
  defineProgram,
  estimateBreakage,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
  pointCohorts,
  pointsLiability,
  pointsLiabilityFromLedger,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

function run(program: Partial<ProgramInput>, events: readonly unknown[], memberId = 'm') {
  const engine = createEngine(
    defineProgram({
      id: 'p',
      name: 'P',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
      ...program,
    } as ProgramInput),
  );
  let state: MemberState = engine.enroll({ memberId, joinedAt: '2026-01-01T00:00:00+08:00' });
  const ledger: LedgerEntry[] = [];
  for (const e of events) {
    const r = engine.apply(state, e);
    state = r.state;
    ledger.push(...r.effects);
  }
  return { engine, state, ledger };
}
const buy = (id: string, at: string, yuan: number, quantity = 1) => ({
  type: 'purchase',
  id,
  occurredAt: at,
  currency: 'CNY',
  lines: [{ id: 'l', sku: 'x', quantity, price: (yuan * 100) / quantity }],
});
const timeZone = 'Asia/Shanghai';
const pointValue = { currency: 'CNY', perPoint: '0.01' };

describe('pointsLiability', () => {
  test('pending points are owed too, and reported apart', () => {
    const { state, ledger } = run({ pending: { days: 14 } }, [buy('o1', '2026-03-01T10:00:00+08:00', 80)]);
    const asOf = '2026-03-05T00:00:00+08:00';
    const l = pointsLiability([state], { asOf, timeZone, pointValue });
    expect(l).toMatchObject({ points: 80, available: 0, pending: 80, value: cny(80) });
    expect(pointsLiabilityFromLedger(ledger, { asOf, timeZone, pointValue })).toEqual(l);
    // after the return window the same points are available
    expect(
      pointsLiabilityFromLedger(ledger, { asOf: '2026-03-20T00:00:00+08:00', timeZone, pointValue }),
    ).toMatchObject({
      points: 80,
      available: 80,
      pending: 0,
    });
  });

  test('a debt (allowNegative) is reported, not netted', () => {
    const { state } = run({ refunds: { policy: 'allowNegative' } }, [
      buy('o1', '2026-03-01T10:00:00+08:00', 100),
      { type: 'redemption', id: 'r1', occurredAt: '2026-03-02T10:00:00+08:00', points: 100 },
      { type: 'refund', id: 'f1', occurredAt: '2026-03-03T10:00:00+08:00', orderId: 'o1' },
    ]);
    expect(pointsLiability([state], { asOf: '2026-03-04T00:00:00Z', timeZone, pointValue })).toMatchObject({
      points: 0,
      debt: 100,
    });
  });

  test('point units at the program precision; the value is rounded once', () => {
    const { state } = run(
      { pointsPrecision: 2, earning: [{ id: 'base', kind: 'spend', rate: { points: '0.15', per: '1.00' } }] },
      [buy('o1', '2026-03-01T10:00:00+08:00', 10)],
    );
    // 10.00 CNY x 0.15 = 1.50 points = 150 units; 1.5 points x 0.01 CNY = 1.5 fen -> 2 (half-even)
    const l = pointsLiability([state], {
      asOf: '2026-03-02T00:00:00Z',
      timeZone,
      pointValue: { ...pointValue, pointsPrecision: 2 },
    });
    expect(l).toMatchObject({ points: 150, value: cny(2) });
    expect(
      pointsLiability([state], {
        asOf: '2026-03-02T00:00:00Z',
        timeZone,
        pointValue: { ...pointValue, pointsPrecision: 2 },
        rounding: 'floor',
      }).value,
    ).toEqual(cny(1));
  });

  test('expiry month is the last day the points can be used, in the zone', () => {
    // calendar expiry: points earned in March expire at the end of 31 March (expiresAt = 1 April 00:00 +08)
    const { state } = run({ expiry: { mode: 'calendar', unit: 'month' } }, [
      buy('o1', '2026-03-31T23:00:00+08:00', 10),
    ]);
    expect(state.lots[0]!.expiresAt).toBe('2026-03-31T16:00:00.000Z');
    const l = pointsLiability([state], {
      asOf: '2026-03-31T23:30:00+08:00',
      timeZone,
      pointValue,
      ageBuckets: [1, 7],
    });
    expect(l.byExpiryMonth).toEqual([{ month: '2026-03', points: 10, value: cny(10) }]);
    expect(l.byAge.map((b) => [b.fromDays, b.toDays, b.points])).toEqual([
      [0, 1, 10],
      [1, 7, 0],
      [7, null, 0],
    ]);
    // a minute after midnight the lot is expired even though no entry says so yet
    expect(pointsLiability([state], { asOf: '2026-04-01T00:00:00+08:00', timeZone, pointValue }).points).toBe(
      0,
    );
  });

  test('bucket values are an exact split of the total value', () => {
    const { state } = run({}, [
      buy('o1', '2026-01-05T10:00:00+08:00', 1),
      buy('o2', '2026-03-01T10:00:00+08:00', 2),
    ]);
    // 3 points x 0.005 = 1.5 fen -> 2; split 1 : 2 by largest remainder -> 1 + 1
    const l = pointsLiability([state], {
      asOf: '2026-03-02T00:00:00Z',
      timeZone,
      pointValue: { currency: 'CNY', perPoint: '0.005' },
    });
    expect(l.value).toEqual(cny(2));
    expect(l.byAge.map((b) => b.value.amount)).toEqual([1, 1, 0, 0, 0]);
  });

  test('typed errors', () => {
    const { state } = run({}, [buy('o1', '2026-03-01T10:00:00+08:00', 10)]);
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return [(e as { code: string }).code, (e as { path: unknown }).path];
      }
      return null;
    };
    const o = { asOf: '2026-03-02T00:00:00Z', timeZone, pointValue };
    expect(err(() => pointsLiability([state], { ...o, asOf: '2026-02-01T00:00:00Z' }))).toEqual([
      'INVALID_ARGUMENT',
      ['states', 0, 'clock'],
    ]);
    expect(err(() => pointsLiability([state], { ...o, ageBuckets: [30, 30] }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'ageBuckets'],
    ]);
    expect(
      err(() => pointsLiability([state], { ...o, pointValue: { currency: 'XYZ', perPoint: '1' } })),
    ).toEqual(['UNKNOWN_CURRENCY', ['options', 'pointValue', 'currency']]);
    expect(
      err(() => pointsLiability([state], { ...o, pointValue: { currency: 'CNY', perPoint: '-1' } })),
    ).toEqual(['INVALID_ARGUMENT', ['options', 'pointValue', 'perPoint']]);
    expect(
      err(() => pointsLiability([state], { ...o, pointValue: { ...pointValue, pointsPrecision: 5 } })),
    ).toEqual(['INVALID_ARGUMENT', ['options', 'pointValue', 'pointsPrecision']]);
    expect(err(() => pointsLiability([state], { ...o, timeZone: 'Mars/Base' }))).toEqual([
      'UNKNOWN_TIME_ZONE',
      ['options', 'timeZone'],
    ]);
    expect(err(() => pointsLiability([state], { ...o, asOf: 'yesterday' }))).toEqual([
      'INVALID_DATE',
      ['options', 'asOf'],
    ]);
    const { ledger } = run({}, [
      buy('o1', '2026-03-01T10:00:00+08:00', 10),
      { type: 'redemption', id: 'r', occurredAt: '2026-03-01T11:00:00+08:00', points: 5 },
    ]);
    expect(err(() => pointsLiabilityFromLedger(ledger.slice(2), o))).toEqual([
      'INVALID_ARGUMENT',
      ['entries', 1],
    ]); // a draw from an unknown lot
    expect(err(() => pointsLiabilityFromLedger([ledger[1]!, ledger[0]!], o))).toEqual([
      'INVALID_ARGUMENT',
      ['entries', 1, 'seq'],
    ]);
  });
});

describe('estimateBreakage: errors and options', () => {
  test('without a complete month there is nothing to estimate from', () => {
    const { ledger } = run({}, [buy('o1', '2026-03-01T10:00:00+08:00', 10)]);
    expect(() => estimateBreakage(pointCohorts(ledger, { asOf: '2026-03-20T00:00:00Z', timeZone }))).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    expect(() => estimateBreakage(pointCohorts([], { asOf: '2026-03-20T00:00:00Z', timeZone }))).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    const cohorts = pointCohorts(ledger, { asOf: '2026-05-20T00:00:00Z', timeZone });
    expect(() => estimateBreakage(cohorts, { tail: 'maybe' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => estimateBreakage(cohorts, { tailMonths: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => estimateBreakage(cohorts, { fromCohort: '2026-3' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => estimateBreakage(cohorts, { fromCohort: '2026-04' })).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    // nothing ever left the liability: with the default tail all of it is breakage, with 'redeemed' none
    expect(estimateBreakage(cohorts).rate).toBe(1);
    expect(estimateBreakage(cohorts, { tail: 'redeemed' }).rate).toBe(0);
  });
});

describe('deferredRevenue', () => {
  test('a partial refund gives back consideration in proportion to the spend refunded', () => {
    const { ledger } = run({}, [
      buy('o1', '2026-01-10T10:00:00+08:00', 400, 4), // 4 x 100.00 CNY: 400 points
      {
        type: 'refund',
        id: 'f1',
        occurredAt: '2026-02-10T10:00:00+08:00',
        orderId: 'o1',
        lines: [{ lineId: 'l', quantity: 1 }],
      },
    ]);
    // SSP of 400 points at 0.01 and no breakage: 400 fen; C = 40000: D = 40000 x 400 / 40400 = 396.04 -> 396.
    // The refund of a quarter: 396 x 3/4 = 297 left, so -99 in February; 100 points reversed.
    const s = deferredRevenue(ledger, {
      asOf: '2026-03-01T00:00:00+08:00',
      timeZone,
      pointValue,
      breakage: 0,
    });
    expect(
      s.months.map((m) => [
        m.month,
        m.allocated.amount,
        m.recognized.amount,
        m.deferred.amount,
        m.pointsRemoved,
        m.pointsOutstanding,
      ]),
    ).toEqual([
      ['2026-01', 396, 0, 396, 0, 400],
      ['2026-02', -99, 0, 297, 100, 300],
      ['2026-03', 0, 0, 297, 0, 300],
    ]);
    expect(s.standAloneSellingPricePerPoint).toBe('0.01');
  });

  test('points given without a purchase are outside the schedule; from trims the listing', () => {
    const { ledger } = run(
      {
        earning: [
          { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
          { id: 'welcome', kind: 'fixed', event: 'signup', points: '50' },
        ],
      },
      [
        { type: 'signup', id: 's', occurredAt: '2026-01-02T10:00:00+08:00' },
        buy('o1', '2026-02-10T10:00:00+08:00', 100),
      ],
    );
    const s = deferredRevenue(ledger, {
      asOf: '2026-03-15T00:00:00+08:00',
      timeZone,
      pointValue,
      breakage: 0.25,
      from: '2026-03',
    });
    expect(s.pointsWithoutConsideration).toBe(50);
    expect(s.months.map((m) => m.month)).toEqual(['2026-03']);
    // SSP 0.0075; S = 75 fen; D = 10000 x 75 / 10075 = 74.44 -> 74, still deferred
    expect(s.totals).toEqual({
      allocated: cny(74),
      recognized: cny(0),
      recognizedFromBreakage: cny(0),
      deferred: cny(74),
    });
    expect(s.months[0]!.deferred).toEqual(cny(74));
  });

  test('typed errors', () => {
    const { ledger } = run({}, [buy('o1', '2026-01-10T10:00:00+08:00', 10)]);
    const o = { asOf: '2026-03-01T00:00:00Z', timeZone, pointValue, breakage: 0.1 };
    expect(() =>
      deferredRevenue(ledger, { ...o, pointValue: { currency: 'USD', perPoint: '0.01' } }),
    ).toThrow(expect.objectContaining({ code: 'CURRENCY_MISMATCH' }));
    expect(() => deferredRevenue(ledger, { ...o, breakage: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: ['options', 'breakage'] }),
    );
    expect(() => deferredRevenue(ledger, { ...o, from: 'March' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: ['options', 'from'] }),
    );
  });
});
