import { describe, expect, test } from 'vitest';
import { compareArms, type MemberOutcome } from './compareArms.js';
import { mulberry32 } from './mulberry32.js';

const outcome = (
  arm: string,
  i: number,
  spend: number,
  orders: number,
  days: number,
  points: number,
): MemberOutcome => ({
  memberId: `${arm}-${i}`,
  arm,
  spend,
  orders,
  purchaseDays: days,
  pointsIssued: points,
});

// Hand-checkable data. control: spend 0, 10.00, 20.00, 30.00 CNY; treatment: 5, 15, 25, 45, 60.
const small: MemberOutcome[] = [
  ...[
    [0, 0, 0, 0],
    [1000, 1, 1, 10],
    [2000, 2, 2, 20],
    [3000, 1, 1, 30],
  ].map(([s, o, d, p], i) => outcome('control', i, s!, o!, d!, p!)),
  ...[
    [500, 1, 1, 5],
    [1500, 1, 1, 15],
    [2500, 2, 2, 25],
    [4500, 3, 3, 45],
    [6000, 2, 1, 60],
  ].map(([s, o, d, p], i) => outcome('double', i, s!, o!, d!, p!)),
];
const pointValue = { currency: 'CNY', perPoint: '0.005' }; // half a fen per point

describe('compareArms: hand-checked', () => {
  const r = compareArms(small, { control: 'control', currency: 'CNY', pointValue });
  const get = (metric: string) => r.comparisons.find((c) => c.metric === metric)!;

  test('arm summaries (exact money)', () => {
    expect(r.arms).toEqual([
      {
        arm: 'control',
        members: 4,
        orders: 4,
        repeaters: 1,
        spend: { amount: 6000, currency: 'CNY' },
        spendPerMember: { amount: 1500, currency: 'CNY' },
        repeatRate: 0.25,
        aov: { amount: 1500, currency: 'CNY' },
        pointsIssued: 60,
        pointsCost: { amount: 30, currency: 'CNY' }, // 60 x 0.5 fen
        pointsCostPerMember: { amount: 8, currency: 'CNY' }, // 7.5 fen, half-even
      },
      {
        arm: 'double',
        members: 5,
        orders: 9,
        repeaters: 2,
        spend: { amount: 15000, currency: 'CNY' },
        spendPerMember: { amount: 3000, currency: 'CNY' },
        repeatRate: 0.4,
        aov: { amount: 1667, currency: 'CNY' }, // 15000 / 9 = 1666.67
        pointsIssued: 150,
        pointsCost: { amount: 75, currency: 'CNY' },
        pointsCostPerMember: { amount: 15, currency: 'CNY' },
      },
    ]);
    expect(r).toMatchObject({
      control: 'control',
      currency: 'CNY',
      confidence: 0.95,
      test: 'welch',
      bootstrap: null,
    });
    expect(r.comparisons.map((c) => c.metric)).toEqual([
      'spendPerMember',
      'repeatRate',
      'aov',
      'pointsCostPerMember',
    ]);
  });

  // SOURCE for the tests below: scipy 1.17.1 ttest_ind(double, control, equal_var=False) and its
  // confidence_interval(0.95); Hedges' g = (1 - 3/(4(n1+n2) - 9)) (m1 - m2) / s_pooled; AOV by the
  // delta method computed in numpy (np.cov, ddof = 1).
  test('spend per member: Welch and Hedges g', () => {
    const c = get('spendPerMember');
    expect(c).toMatchObject({ armValue: 3000, controlValue: 1500, difference: 1500, relativeDifference: 1 });
    expect(c.t!).toBeCloseTo(1.2602520756252087, 12);
    expect(c.df!).toBeCloseTo(6.518796992481202, 12);
    expect(c.pValue!).toBeCloseTo(0.2508135988081453, 12);
    expect(c.ci![0]).toBeCloseTo(-1357.1347992601582, 8);
    expect(c.ci![1]).toBeCloseTo(4357.134799260159, 8);
    expect(c.effectSize!.measure).toBe('hedgesG');
    expect(c.effectSize!.value).toBeCloseTo(0.7055336829505574, 12);
  });

  test("repeat rate: Welch on the 0/1 indicator, Cohen's h", () => {
    const c = get('repeatRate');
    expect(c.armValue).toBe(0.4);
    expect(c.controlValue).toBe(0.25);
    expect(c.t!).toBeCloseTo(0.4285714285714286, 12);
    expect(c.df!).toBeCloseTo(6.814569536423841, 12);
    expect(c.pValue!).toBeCloseTo(0.6814552801280139, 12);
    expect(c.ci![0]).toBeCloseTo(-0.6822057025615385, 12);
    expect(c.effectSize).toEqual({ measure: 'cohensH', value: expect.closeTo(0.32224085480796805, 14) });
  });

  test('AOV: ratio of totals with delta-method variances', () => {
    const c = get('aov');
    expect(c.armValue).toBeCloseTo(15000 / 9, 12);
    expect(c.controlValue).toBe(1500);
    expect(c.standardError!).toBeCloseTo(Math.sqrt(145747.59945130313 + 291666.6666666667), 9);
    expect(c.t!).toBeCloseTo(0.2520010080060482, 12);
    expect(c.df!).toBeCloseTo(5.683037694787842, 12);
    expect(c.pValue!).toBeCloseTo(0.8099044788657623, 12);
    expect(c.ci![0]).toBeCloseTo(-1473.7877674857712, 8);
    expect(c.ci![1]).toBeCloseTo(1807.1211008191046, 8);
    expect(c.effectSize).toBeNull();
  });

  test('points cost per member, in minor units', () => {
    const c = get('pointsCostPerMember');
    expect(c).toMatchObject({ armValue: 15, controlValue: 7.5, difference: 7.5 });
    expect(c.t!).toBeCloseTo(1.260252075625209, 12);
    expect(c.ci![1]).toBeCloseTo(21.78567399630079, 10);
  });

  test('input order does not matter', () => {
    const reversed = compareArms([...small].reverse(), { control: 'control', currency: 'CNY', pointValue });
    expect(reversed.arms).toEqual(r.arms);
    expect(reversed.comparisons.map((c) => c.t)).toEqual(r.comparisons.map((c) => c.t));
  });
});

/** A synthetic experiment: 30% of members buy nothing; buyers spend ~ lognormal; a lift multiplies spend. */
function synthetic(random: () => number, n: number, lift: number, start = 0): MemberOutcome[] {
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: MemberOutcome[] = [];
  for (const [arm, factor] of [
    ['control', 1],
    ['treatment', 1 + lift],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const buys = random() >= 0.3;
      const orders = buys ? 1 + Math.floor(random() * 3) : 0;
      const spend = buys ? Math.round(factor * 8000 * Math.exp(0.5 * normal() - 0.125)) : 0;
      out.push({
        memberId: `${arm}-${start + i}`,
        arm,
        spend,
        orders,
        purchaseDays: orders,
        pointsIssued: Math.floor(spend / 100),
      });
    }
  }
  return out;
}
// Expected spend per member: 0.7 x 8000 = 5600 (the lognormal factor has mean 1).

describe('compareArms: statistical behaviour', () => {
  test('recovers a known 20% lift in spend per member', () => {
    const r = compareArms(synthetic(mulberry32(11), 5000, 0.2), { control: 'control', currency: 'CNY' });
    const c = r.comparisons.find((x) => x.metric === 'spendPerMember')!;
    // true difference 0.2 x 5600 = 1120 minor units; the 95% interval must hold it (seeded data)
    expect(c.ci![0]).toBeLessThan(1120);
    expect(c.ci![1]).toBeGreaterThan(1120);
    expect(c.relativeDifference!).toBeGreaterThan(0.15);
    expect(c.relativeDifference!).toBeLessThan(0.25);
    expect(c.pValue!).toBeLessThan(1e-10);
  });

  // Over K independent A/A experiments the number of p-values below 0.05 is Binomial(K, 0.05) if
  // the test holds its level. K = 400 gives mean 20, sd 4.36; the bounds [4, 40] are 3.7 / 4.6 sd
  // out, so a correct test fails this check with probability below 3e-4 (and the seed is fixed).
  test('A/A: the false-positive rate is the stated 5%', () => {
    const random = mulberry32(2026);
    const rejections = { spendPerMember: 0, repeatRate: 0, aov: 0 } as Record<string, number>;
    for (let k = 0; k < 400; k++) {
      const r = compareArms(synthetic(random, 150, 0), { control: 'control', currency: 'CNY' });
      for (const c of r.comparisons) if (c.pValue !== null && c.pValue < 0.05) rejections[c.metric]! += 1;
    }
    for (const m of ['spendPerMember', 'repeatRate', 'aov']) {
      expect(rejections[m]).toBeGreaterThanOrEqual(4);
      expect(rejections[m]).toBeLessThanOrEqual(40);
    }
  });

  test('95% intervals cover a known lift about 95% of the time', () => {
    // 200 experiments: coverage count ~ Binomial(200, 0.95), mean 190, sd 3.1; >= 178 is 3.9 sd.
    const random = mulberry32(77);
    let covered = 0;
    for (let k = 0; k < 200; k++) {
      const c = compareArms(synthetic(random, 200, 0.1), {
        control: 'control',
        currency: 'CNY',
        metrics: ['spendPerMember'],
      }).comparisons[0]!;
      if (c.ci![0] <= 560 && 560 <= c.ci![1]) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(178);
  });
});

describe('compareArms: bootstrap', () => {
  const data = synthetic(mulberry32(5), 400, 0.15);
  test('seeded: same seed, same result; agrees with Welch on large samples', () => {
    const a = compareArms(data, {
      control: 'control',
      currency: 'CNY',
      bootstrap: { seed: 42, resamples: 1000 },
    });
    const b = compareArms(data, {
      control: 'control',
      currency: 'CNY',
      bootstrap: { seed: 42, resamples: 1000 },
    });
    expect(a).toEqual(b);
    expect(a.bootstrap).toEqual({ method: 'percentile', resamples: 1000 });
    const c = a.comparisons.find((x) => x.metric === 'spendPerMember')!;
    const width = c.ci![1] - c.ci![0];
    expect(Math.abs(c.bootstrap!.ci[0] - c.ci![0])).toBeLessThan(0.1 * width);
    expect(Math.abs(c.bootstrap!.ci[1] - c.ci![1])).toBeLessThan(0.1 * width);
    expect(c.bootstrap!.resamples).toBe(1000);
    const other = compareArms(data, {
      control: 'control',
      currency: 'CNY',
      bootstrap: { seed: 43, resamples: 1000 },
    });
    expect(other.comparisons[0]!.bootstrap!.ci).not.toEqual(c.bootstrap!.ci);
  });

  test('a caller-supplied random function is used as is', () => {
    const a = compareArms(data, {
      control: 'control',
      currency: 'CNY',
      bootstrap: { random: mulberry32(42), resamples: 1000 },
    });
    const b = compareArms(data, {
      control: 'control',
      currency: 'CNY',
      bootstrap: { seed: 42, resamples: 1000 },
    });
    expect(a.comparisons).toEqual(b.comparisons);
  });

  test('A/A: bootstrap p-values below 0.05 about 5% of the time', () => {
    // 100 experiments: Binomial(100, 0.05), mean 5, sd 2.2; <= 15 is 4.6 sd.
    const random = mulberry32(99);
    let rejections = 0;
    for (let k = 0; k < 100; k++) {
      const r = compareArms(synthetic(random, 100, 0), {
        control: 'control',
        currency: 'CNY',
        metrics: ['spendPerMember'],
        bootstrap: { random, resamples: 400 },
      });
      if (r.comparisons[0]!.bootstrap!.pValue < 0.05) rejections++;
    }
    expect(rejections).toBeLessThanOrEqual(15);
  });

  test('a random function outside [0, 1) is refused', () => {
    expect(() =>
      compareArms(data, { control: 'control', currency: 'CNY', bootstrap: { random: () => 1 } }),
    ).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: ['options', 'bootstrap', 'random'] }),
    );
    expect(() => compareArms(data, { control: 'control', currency: 'CNY', bootstrap: {} })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('compareArms: typed errors', () => {
  const opts = { control: 'control', currency: 'CNY' };
  const err = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return [(e as { code: string }).code, (e as { path: unknown }).path];
    }
    return null;
  };
  test('missing or tiny arms are INSUFFICIENT_DATA', () => {
    expect(err(() => compareArms(small, { ...opts, control: 'nobody' }))).toEqual([
      'INSUFFICIENT_DATA',
      ['options', 'control'],
    ]);
    expect(err(() => compareArms(small.slice(0, 4), opts))).toEqual(['INSUFFICIENT_DATA', ['outcomes']]);
    expect(err(() => compareArms(small.slice(0, 5), opts))).toEqual(['INSUFFICIENT_DATA', ['outcomes']]);
    expect(err(() => compareArms([], opts))).toEqual(['INSUFFICIENT_DATA', ['options', 'control']]);
  });
  test('malformed input is INVALID_ARGUMENT with a path', () => {
    expect(err(() => compareArms([...small, small[0]!], opts))).toEqual([
      'INVALID_ARGUMENT',
      ['outcomes', 9, 'memberId'],
    ]);
    expect(err(() => compareArms([{ ...small[0]!, spend: 1.5 }], opts))).toEqual([
      'INVALID_ARGUMENT',
      ['outcomes', 0, 'spend'],
    ]);
    expect(err(() => compareArms([{ ...small[0]!, orders: -1 }], opts))).toEqual([
      'INVALID_ARGUMENT',
      ['outcomes', 0, 'orders'],
    ]);
    expect(err(() => compareArms(small, { ...opts, metrics: ['pointsCostPerMember'] }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'pointValue'],
    ]);
    expect(err(() => compareArms(small, { ...opts, metrics: ['clv' as never] }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'metrics', 0],
    ]);
    expect(err(() => compareArms(small, { ...opts, confidence: 95 }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'confidence'],
    ]);
    expect(err(() => compareArms(small, { ...opts, bootstrap: { seed: 1, resamples: 10 } }))).toEqual([
      'INVALID_ARGUMENT',
      ['options', 'bootstrap', 'resamples'],
    ]);
  });
  test('money in two currencies is CURRENCY_MISMATCH', () => {
    expect(
      err(() => compareArms(small, { ...opts, pointValue: { currency: 'USD', perPoint: '0.01' } })),
    ).toEqual(['CURRENCY_MISMATCH', ['options', 'pointValue', 'currency']]);
  });
  test('an arm without orders has no AOV: null, not NaN', () => {
    const noOrders = small.map((o) =>
      o.arm === 'control' ? { ...o, spend: 0, orders: 0, purchaseDays: 0 } : o,
    );
    const r = compareArms(noOrders, opts);
    expect(r.arms[0]!.aov).toBeNull();
    expect(r.comparisons.find((c) => c.metric === 'aov')).toMatchObject({
      controlValue: null,
      difference: null,
      t: null,
      ci: null,
    });
    expect(r.comparisons.find((c) => c.metric === 'spendPerMember')!.relativeDifference).toBeNull(); // control mean 0
  });
});
