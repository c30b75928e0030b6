import fc from 'fast-check';
import {
  type CustomerSummary,
  calibrationHoldout,
  groupSummaries,
  isLoyaltyError,
  summarizeTransactions,
  type Transaction,
} from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const DAY = 86_400_000;

function thrown(fn: () => unknown): { code: string; path: readonly (string | number)[] } {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  throw new Error('did not throw');
}

describe('summarizeTransactions: hand-checked logs', () => {
  it('counts purchases on one day once, sums their values, excludes the first day from monetary', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-01T10:00:00Z', amount: 1000 },
      { customerId: 'a', occurredAt: '2024-01-01T18:00:00Z', amount: 500 },
      { customerId: 'a', occurredAt: '2024-01-11T09:00:00Z', amount: 3000 },
      { customerId: 'a', occurredAt: '2024-01-21', amount: 2000 },
      { customerId: 'a', occurredAt: '2024-01-21T23:59:59Z', amount: 1 },
      { customerId: 'b', occurredAt: '2024-01-30T00:00:00Z', amount: 700 },
    ];
    expect(summarizeTransactions(log, { observationEnd: '2024-01-31' })).toEqual([
      {
        customerId: 'a',
        frequency: 2,
        recency: 20,
        T: 30,
        monetary: 2500.5,
        totalValue: 6501,
        periods: 3,
        transactions: 5,
        firstPurchaseDate: '2024-01-01',
        lastPurchaseDate: '2024-01-21',
      },
      {
        customerId: 'b',
        frequency: 0,
        recency: 0,
        T: 1,
        monetary: 0,
        totalValue: 700,
        periods: 1,
        transactions: 1,
        firstPurchaseDate: '2024-01-30',
        lastPurchaseDate: '2024-01-30',
      },
    ]);
  });

  it('weeks are days / 7 (the published CDNOW convention)', () => {
    const [s] = summarizeTransactions(
      [
        { customerId: '1', occurredAt: '1997-01-01', amount: 2933 },
        { customerId: '1', occurredAt: '1997-08-02', amount: 1496 },
      ],
      { observationEnd: '1997-09-30', period: 'week' },
    );
    expect(s!.recency).toBe(213 / 7);
    expect(s!.T).toBe(272 / 7);
  });

  it('maps instants to days in the time zone', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-03-01T15:59:59Z', amount: 1 }, // 23:59:59 in Shanghai
      { customerId: 'a', occurredAt: '2024-03-01T16:00:00Z', amount: 2 }, // 00:00 Mar 2 in Shanghai
    ];
    expect(summarizeTransactions(log, { observationEnd: '2024-03-10' })[0]!.frequency).toBe(0);
    const sh = summarizeTransactions(log, { observationEnd: '2024-03-10', timeZone: 'Asia/Shanghai' })[0]!;
    expect(sh).toMatchObject({
      frequency: 1,
      firstPurchaseDate: '2024-03-01',
      lastPurchaseDate: '2024-03-02',
      T: 9,
    });
  });

  it('handles a DST day in New York', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-03-10T04:59:00Z', amount: 1 }, // Mar 9 23:59 EST
      { customerId: 'a', occurredAt: '2024-03-10T05:00:00Z', amount: 1 }, // Mar 10 00:00 EST
      { customerId: 'a', occurredAt: '2024-03-11T03:59:00Z', amount: 1 }, // Mar 10 23:59 EDT
      { customerId: 'a', occurredAt: '2024-03-11T04:00:00Z', amount: 1 }, // Mar 11 00:00 EDT
    ];
    const [s] = summarizeTransactions(log, { observationEnd: '2024-03-11', timeZone: 'America/New_York' });
    expect(s).toMatchObject({ frequency: 2, recency: 2, periods: 3, firstPurchaseDate: '2024-03-09' });
  });

  it('ignores transactions after observationEnd (an instant cuts within the day)', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-01T10:00:00Z', amount: 1 },
      { customerId: 'a', occurredAt: '2024-01-05T10:00:00Z', amount: 2 },
      { customerId: 'a', occurredAt: '2024-01-05T12:00:00Z', amount: 4 },
      { customerId: 'b', occurredAt: '2024-02-01', amount: 8 },
    ];
    const [a, b] = summarizeTransactions(log, { observationEnd: '2024-01-05T11:00:00Z' });
    expect(a).toMatchObject({ totalValue: 3, T: 4, frequency: 1 });
    expect(b).toBeUndefined();
  });

  it('zero amounts are purchases; negative amounts are refused or ignored', () => {
    const zero = summarizeTransactions([{ customerId: 'z', occurredAt: '2024-01-01', amount: 0 }], {
      observationEnd: '2024-01-02',
    });
    expect(zero[0]).toMatchObject({ periods: 1, totalValue: 0 });
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-01', amount: 100 },
      { customerId: 'a', occurredAt: '2024-01-02', amount: -100 },
    ];
    expect(thrown(() => summarizeTransactions(log, { observationEnd: '2024-01-05' }))).toEqual({
      code: 'INVALID_AMOUNT',
      path: ['transactions', 1, 'amount'],
    });
    expect(
      summarizeTransactions(log, { observationEnd: '2024-01-05', negativeAmounts: 'ignore' })[0],
    ).toMatchObject({
      frequency: 0,
      totalValue: 100,
      transactions: 1,
    });
  });

  it('firstPurchase include makes monetary the mean of all purchase days', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-01', amount: 100 },
      { customerId: 'a', occurredAt: '2024-01-02', amount: 200 },
    ];
    const [s] = summarizeTransactions(log, { observationEnd: '2024-01-05', firstPurchase: 'include' });
    expect(s).toMatchObject({ frequency: 1, monetary: 150 });
  });

  it('validates input with codes and paths', () => {
    const end = { observationEnd: '2024-01-05' };
    const ok = { customerId: 'a', occurredAt: '2024-01-01', amount: 1 };
    const cases: [unknown, string, (string | number)[]][] = [
      [[ok, null], 'INVALID_ARGUMENT', ['transactions', 1]],
      [[{ ...ok, customerId: '' }], 'INVALID_ARGUMENT', ['transactions', 0, 'customerId']],
      [[{ ...ok, customerId: 7 }], 'INVALID_ARGUMENT', ['transactions', 0, 'customerId']],
      [[{ ...ok, amount: 1.5 }], 'INVALID_AMOUNT', ['transactions', 0, 'amount']],
      [[{ ...ok, amount: '1' }], 'INVALID_AMOUNT', ['transactions', 0, 'amount']],
      [[ok, { ...ok, occurredAt: '2024-02-30' }], 'INVALID_DATE', ['transactions', 1, 'occurredAt']],
      [[{ ...ok, occurredAt: '2024-01-01T10:00:00' }], 'INVALID_DATE', ['transactions', 0, 'occurredAt']],
      [[{ ...ok, occurredAt: new Date(Number.NaN) }], 'INVALID_DATE', ['transactions', 0, 'occurredAt']],
    ];
    for (const [input, code, path] of cases) {
      expect(thrown(() => summarizeTransactions(input as Transaction[], end))).toEqual({ code, path });
    }
    expect(thrown(() => summarizeTransactions([ok], { observationEnd: 'soon' }))).toEqual({
      code: 'INVALID_DATE',
      path: ['options', 'observationEnd'],
    });
    expect(thrown(() => summarizeTransactions([ok], { ...end, timeZone: 'Mars/Olympus' })).code).toBe(
      'UNKNOWN_TIME_ZONE',
    );
    expect(thrown(() => summarizeTransactions([ok], { ...end, period: 'month' as 'day' })).path).toEqual([
      'options',
      'period',
    ]);
    expect(thrown(() => summarizeTransactions(42 as unknown as Transaction[], end)).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      thrown(() => summarizeTransactions([ok, { ...ok, amount: Number.MAX_SAFE_INTEGER }], end)).code,
    ).toBe('INVALID_AMOUNT');
  });

  it('ordered: true refuses a customer going back in time', () => {
    const log: Transaction[] = [
      { customerId: 'a', occurredAt: '2024-01-03', amount: 1 },
      { customerId: 'b', occurredAt: '2024-01-01', amount: 1 },
      { customerId: 'a', occurredAt: '2024-01-02', amount: 1 },
    ];
    expect(
      thrown(() => summarizeTransactions(log, { observationEnd: '2024-01-05', ordered: true })).code,
    ).toBe('OUT_OF_ORDER');
  });

  it('accepts Date objects and offsets', () => {
    const [s] = summarizeTransactions(
      [
        { customerId: 'a', occurredAt: new Date('2024-01-01T23:30:00Z'), amount: 1 },
        { customerId: 'a', occurredAt: '2024-01-02T00:30:00+02:00', amount: 1 },
      ],
      { observationEnd: '2024-01-03' },
    );
    expect(s!.frequency).toBe(0);
  });
});

/** Naive reference: per customer, the set of days with their values. */
function reference(
  log: readonly { c: string; day: number; amount: number }[],
  endDay: number,
): CustomerSummary[] {
  const by = new Map<string, Map<number, { v: number; n: number }>>();
  for (const t of log) {
    if (t.day > endDay) continue;
    const days = by.get(t.c) ?? new Map<number, { v: number; n: number }>();
    by.set(t.c, days);
    const d = days.get(t.day) ?? { v: 0, n: 0 };
    days.set(t.day, { v: d.v + t.amount, n: d.n + 1 });
  }
  return [...by.keys()].sort().map((c) => {
    const days = [...by.get(c)!.entries()].sort((a, b) => a[0] - b[0]);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const total = days.reduce((s, d) => s + d[1].v, 0);
    const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
    return {
      customerId: c,
      frequency: days.length - 1,
      recency: last[0] - first[0],
      T: endDay - first[0],
      monetary: days.length > 1 ? (total - first[1].v) / (days.length - 1) : 0,
      totalValue: total,
      periods: days.length,
      transactions: days.reduce((s, d) => s + d[1].n, 0),
      firstPurchaseDate: iso(first[0]),
      lastPurchaseDate: iso(last[0]),
    };
  });
}

const logArb = fc.array(
  fc.record({
    c: fc.constantFrom('a', 'b', 'c', 'd', 'é', '10', '9'),
    day: fc.integer({ min: 19_700, max: 19_760 }),
    amount: fc.integer({ min: 0, max: 1_000_000 }),
  }),
  { maxLength: 60 },
);
const toTx = (log: readonly { c: string; day: number; amount: number }[]): Transaction[] =>
  log.map((t) => ({
    customerId: t.c,
    occurredAt: new Date(t.day * DAY).toISOString().slice(0, 10),
    amount: t.amount,
  }));

describe('summarizeTransactions: properties', () => {
  it('equals the naive reference for any log (any order)', () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 19_700, max: 19_770 }), (log, endDay) => {
        const end = new Date(endDay * DAY).toISOString().slice(0, 10);
        expect(summarizeTransactions(toTx(log), { observationEnd: end })).toEqual(reference(log, endDay));
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on input order; ordered mode on sorted input agrees', () => {
    fc.assert(
      fc.property(logArb, fc.func(fc.integer()), (log, key) => {
        const opts = { observationEnd: '2024-12-31', period: 'week' } as const;
        const base = summarizeTransactions(toTx(log), opts);
        const shuffled = [...log].sort((x, y) => key(x) - key(y) || 0);
        expect(summarizeTransactions(toTx(shuffled), opts)).toEqual(base);
        const sorted = [...log].sort((x, y) => x.day - y.day);
        expect(summarizeTransactions(toTx(sorted), { ...opts, ordered: true })).toEqual(base);
      }),
      { numRuns: RUNS },
    );
  });

  it('async input gives the same result', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, async (log) => {
        async function* gen() {
          for (const t of toTx(log)) yield t;
        }
        const opts = { observationEnd: '2024-12-31' };
        expect(await summarizeTransactions(gen(), opts)).toEqual(summarizeTransactions(toTx(log), opts));
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it('calibration + holdout add up to the full summary', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const tx = toTx(log);
        const split = calibrationHoldout(tx, { calibrationEnd: '2024-01-31', observationEnd: '2024-03-15' });
        const full = new Map(
          summarizeTransactions(tx, { observationEnd: '2024-03-15' }).map((s) => [s.customerId, s]),
        );
        const cal = summarizeTransactions(tx, { observationEnd: '2024-01-31' });
        expect(split.map((s) => s.customerId)).toEqual(cal.map((s) => s.customerId));
        for (const s of split) {
          const f = full.get(s.customerId)!;
          expect(s.periods + s.frequencyHoldout).toBe(f.periods);
          expect(s.totalValue + s.totalValueHoldout).toBe(f.totalValue);
          expect(s.durationHoldout).toBe(44);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('groupSummaries keeps every customer and distinct keys', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const summaries = summarizeTransactions(toTx(log), { observationEnd: '2024-12-31' });
        const grouped = groupSummaries(summaries);
        expect(grouped.reduce((n, g) => n + (g.count ?? 1), 0)).toBe(summaries.length);
        expect(new Set(grouped.map((g) => `${g.frequency}|${g.recency}|${g.T}`)).size).toBe(grouped.length);
        expect(groupSummaries(grouped)).toEqual(grouped);
      }),
      { numRuns: RUNS },
    );
  });

  it('groupSummaries refuses malformed rows', () => {
    expect(thrown(() => groupSummaries([{ frequency: 1, recency: 5, T: 4 }])).path).toEqual(['summaries', 0]);
    expect(thrown(() => groupSummaries([{ frequency: 1, recency: 1, T: 4, count: 0 }])).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
