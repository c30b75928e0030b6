import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assignVariant, assignVariants } from './assignVariant.js';
import { defineExperiment, type ExperimentInput } from './defineExperiment.js';
import { murmurHash3 } from './murmurHash3.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 20);

const twoArms = defineExperiment({
  key: 'double-points-2026-q2',
  variants: [
    { id: 'control', weight: 1 },
    { id: 'double', weight: 1 },
  ],
});

/** The documented algorithm, written independently with BigInt (docs/guides/experiments.md). */
function reference(input: ExperimentInput, memberId: string): string | null {
  if (input.holdout !== undefined && Number(input.holdout.share) > 0) {
    const hSeed = murmurHash3(input.holdout.key ?? input.key, 1);
    const [i = '0', f = ''] = String(input.holdout.share).split('.');
    const share = BigInt(i + f);
    const scale = 10n ** BigInt(f.length);
    if (BigInt(murmurHash3(memberId, hSeed)) * scale < share * 2n ** 32n) return null;
  }
  const bucket = BigInt(murmurHash3(memberId, murmurHash3(input.key, 0)));
  const ws = input.variants.map((v) => BigInt(Math.round(Number(v.weight) * 1e6)));
  const total = ws.reduce((a, b) => a + b, 0n);
  let cum = 0n;
  for (let i = 0; i < ws.length; i++) {
    cum += ws[i]!;
    if (bucket * total < cum * 2n ** 32n) return input.variants[i]!.id;
  }
  throw new Error('unreachable');
}

const arbInput = (): fc.Arbitrary<ExperimentInput> =>
  fc
    .record({
      key: fc.string({ minLength: 1, maxLength: 20 }),
      weights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
      holdout: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
    })
    .filter((x) => x.weights.some((w) => w > 0))
    .map((x) => ({
      key: x.key,
      variants: x.weights.map((w, i) => ({ id: `v${i}`, weight: w })),
      ...(x.holdout === undefined ? {} : { holdout: { share: `0.${String(x.holdout).padStart(2, '0')}` } }),
    }));

describe('assignVariant', () => {
  // SOURCE: the same buckets from Python's mmh3 5.x: seed = mmh3.hash('double-points-2026-q2', 0,
  // signed=False), bucket = mmh3.hash(member_id.encode('utf-8'), seed, signed=False); 'control'
  // when bucket < 2^31.
  test('golden assignments: the algorithm never changes (members would move between arms)', () => {
    expect(twoArms.seed).toBe(murmurHash3('double-points-2026-q2', 0));
    const got = ['m-1', 'm-2', 'm-3', 'alice@example.com', '会员-8'].map((id) => {
      const a = assignVariant(twoArms, id);
      return [id, a.variant, a.bucket];
    });
    expect(got).toMatchInlineSnapshot(`
      [
        [
          "m-1",
          "double",
          3405888417,
        ],
        [
          "m-2",
          "control",
          1698009075,
        ],
        [
          "m-3",
          "double",
          2253462784,
        ],
        [
          "alice@example.com",
          "control",
          1350106910,
        ],
        [
          "会员-8",
          "control",
          1988348713,
        ],
      ]
    `);
  });

  test('property: deterministic, and equal to the documented algorithm', () => {
    fc.assert(
      fc.property(
        arbInput(),
        fc.array(fc.string({ minLength: 1, maxLength: 24 }), { maxLength: 30 }),
        (input, ids) => {
          const a = defineExperiment(input);
          const b = defineExperiment(structuredClone(input));
          for (const id of ids) {
            const x = assignVariant(a, id);
            expect(assignVariant(b, id)).toEqual(x);
            expect(x.variant).toBe(reference(input, id));
            expect(x.holdout).toBe(x.variant === null);
          }
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  // Each arm's count over N ids is Binomial(N, p) if the hash behaves like a random function. The
  // check |count - Np| <= 5.5 sqrt(Np(1-p)) fails for a correct hash with probability about
  // 3.8e-8 per arm (normal tail beyond 5.5 sd), so at most ~4e-6 over the 100 arms checked below:
  // a failure means a biased assignment, not bad luck. The ids and keys are fixed (fast-check seed),
  // so the test is deterministic.
  const withinBinomial = (count: number, n: number, p: number): boolean =>
    Math.abs(count - n * p) <= 5.5 * Math.sqrt(n * p * (1 - p)) + 1e-9;

  test('weights are respected over 100,000 ids (holdout 10%, weights 1 : 2 : 7)', () => {
    const exp = defineExperiment({
      key: 'tiered-bonus',
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: '2' },
        { id: 'c', weight: 7 },
      ],
      holdout: { share: '0.1' },
    });
    const n = 100_000;
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, holdout: 0 };
    for (let i = 0; i < n; i++) counts[assignVariant(exp, `member-${i}`).variant ?? 'holdout']! += 1;
    expect(withinBinomial(counts['holdout']!, n, 0.1)).toBe(true);
    expect(withinBinomial(counts['a']!, n, 0.9 * 0.1)).toBe(true);
    expect(withinBinomial(counts['b']!, n, 0.9 * 0.2)).toBe(true);
    expect(withinBinomial(counts['c']!, n, 0.9 * 0.7)).toBe(true);
  });

  test('property: weights respected within binomial tolerance for random keys and weights', () => {
    fc.assert(
      fc.property(arbInput(), fc.string({ maxLength: 6 }), (input, prefix) => {
        const exp = defineExperiment(input);
        const n = 5_000;
        const counts = new Map<string | null, number>();
        for (let i = 0; i < n; i++) {
          const v = assignVariant(exp, `${prefix}${i}`).variant;
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        const hold = input.holdout === undefined ? 0 : Number(input.holdout.share);
        const total = input.variants.reduce((s, v) => s + Number(v.weight), 0);
        expect(withinBinomial(counts.get(null) ?? 0, n, hold)).toBe(true);
        for (const v of input.variants) {
          expect(withinBinomial(counts.get(v.id) ?? 0, n, ((1 - hold) * Number(v.weight)) / total)).toBe(
            true,
          );
        }
      }),
      { numRuns: 20, seed: 20260901 },
    );
  });

  test('property: a member never changes arm when other experiments change', () => {
    fc.assert(
      fc.property(arbInput(), arbInput(), arbInput(), fc.string({ minLength: 1 }), (a, b, b2, id) => {
        fc.pre(a.key !== b.key && a.key !== b2.key);
        const A = defineExperiment(a);
        const alone = assignVariant(A, id);
        expect(assignVariants([A, defineExperiment(b)], id)[a.key]).toEqual(alone);
        expect(assignVariants([defineExperiment(b2), A], id)[a.key]).toEqual(alone);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  test('property: ramping up a two-arm experiment only moves members into the ramped arm', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 50 }),
        (x, y, ids) => {
          const [low, high] = x <= y ? [x, y] : [y, x];
          const at = (p: number) =>
            defineExperiment({
              key: 'ramp',
              variants: [
                { id: 'control', weight: 100 - p },
                { id: 'treatment', weight: p },
              ],
            });
          const before = at(low);
          const after = at(high);
          for (const id of ids) {
            if (assignVariant(before, id).variant === 'treatment') {
              expect(assignVariant(after, id).variant).toBe('treatment');
            }
          }
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  test('property: changing the holdout share only moves members between the holdout and their own variant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.string({ minLength: 1 }),
        (s1, s2, id) => {
          const make = (s: number) =>
            defineExperiment({
              key: 'hold',
              variants: [
                { id: 'x', weight: 1 },
                { id: 'y', weight: 3 },
              ],
              holdout: { share: s / 100 },
            });
          const plain = assignVariant(
            defineExperiment({ key: 'hold', variants: make(0).variants }),
            id,
          ).variant;
          for (const s of [s1, s2]) {
            const v = assignVariant(make(s), id).variant;
            expect(v === null || v === plain).toBe(true);
          }
          if (s1 <= s2 && assignVariant(make(s1), id).holdout)
            expect(assignVariant(make(s2), id).holdout).toBe(true);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  test('a global holdout: experiments with the same holdout key hold out the same members', () => {
    const e1 = defineExperiment({
      key: 'e1',
      variants: [{ id: 'a', weight: 1 }],
      holdout: { share: '0.2', key: 'global' },
    });
    const e2 = defineExperiment({
      key: 'e2',
      variants: [{ id: 'b', weight: 1 }],
      holdout: { share: '0.2', key: 'global' },
    });
    for (let i = 0; i < 2000; i++) {
      expect(assignVariant(e1, `m${i}`).holdout).toBe(assignVariant(e2, `m${i}`).holdout);
    }
  });

  test('a variant with weight 0 gets nobody; a single variant gets everybody', () => {
    const e = defineExperiment({
      key: 'z',
      variants: [
        { id: 'off', weight: 0 },
        { id: 'on', weight: '0.5' },
      ],
    });
    const one = defineExperiment({ key: 'z', variants: [{ id: 'only', weight: 3 }] });
    for (let i = 0; i < 1000; i++) {
      expect(assignVariant(e, `m${i}`).variant).toBe('on');
      expect(assignVariant(one, `m${i}`).variant).toBe('only');
    }
    expect(e.variants.map((v) => v.bucketEnd)).toEqual([0, 2 ** 32]);
  });
});

describe('defineExperiment errors', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return {
        code: (e as { code: string }).code,
        paths: (e as { issues: { path: unknown }[] }).issues.map((i) => i.path),
      };
    }
    return null;
  };
  test('every problem with its path', () => {
    expect(
      code(() =>
        defineExperiment({
          key: '',
          variants: [
            { id: 'a', weight: -1 },
            { id: 'a', weight: 'x' },
            { id: '', weight: 1 },
          ],
          holdout: { share: 1 },
        }),
      ),
    ).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [
        ['key'],
        ['variants', 0, 'weight'],
        ['variants', 1, 'id'],
        ['variants', 1, 'weight'],
        ['variants', 2, 'id'],
        ['holdout', 'share'],
      ],
    });
    expect(code(() => defineExperiment({ key: 'k', variants: [] }))).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [['variants']],
    });
    expect(code(() => defineExperiment({ key: 'k', variants: [{ id: 'a', weight: 0 }] }))).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [['variants']],
    });
    expect(
      code(() =>
        defineExperiment({
          key: 'k',
          variants: [{ id: 'a', weight: 1 }],
          holdout: { share: '0.1', key: '' },
        }),
      ),
    ).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [['holdout', 'key']],
    });
    expect(code(() => assignVariant(twoArms, ''))).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [['memberId']],
    });
    expect(code(() => assignVariants([twoArms, twoArms], 'm'))).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: [['experiments', 1, 'key']],
    });
  });
});
