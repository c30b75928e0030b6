import { describe, expect, test } from 'vitest';
import { welchTest } from './welchTest.js';

describe('welchTest: published results', () => {
  // SOURCE: R, `t.test(extra ~ group, data = sleep)` (the sleep data of Student 1908, in R's
  // datasets package): "t = -1.8608, df = 17.776, p-value = 0.07939 ... 95 percent confidence
  // interval: -3.3654832 0.2054832; mean in group 1 0.75, mean in group 2 2.33". Full-precision
  // values from scipy 1.17.1, `ttest_ind(a, b, equal_var=False)` and its confidence_interval().
  const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  test("Student's sleep data, as R prints it", () => {
    const r = welchTest(group1, group2);
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.pValue).toBeCloseTo(0.07939, 5);
    expect(r.ci![0]).toBeCloseTo(-3.3654832, 7);
    expect(r.ci![1]).toBeCloseTo(0.2054832, 7);
    expect(r.means[0]).toBeCloseTo(0.75, 12);
    expect(r.means[1]).toBeCloseTo(2.33, 12);
  });

  test("Student's sleep data, to scipy's precision", () => {
    const r = welchTest(group1, group2);
    expect(r.t!).toBeCloseTo(-1.8608134674868526, 12);
    expect(r.df!).toBeCloseTo(17.776473516178488, 10);
    expect(r.pValue!).toBeCloseTo(0.0793941401873583, 12);
    expect(r.ci![0]).toBeCloseTo(-3.3654832307117104, 11);
    expect(r.ci![1]).toBeCloseTo(0.20548323071171137, 11);
  });

  // SOURCE: Wikipedia, "Welch's t-test", examples 1 and 2 (t = -2.46, nu = 25.0, p = 0.021;
  // t = -1.57, nu = 9.9, p = 0.149); full precision from scipy 1.17.1 as above.
  test('Wikipedia example 1 (equal sizes)', () => {
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTest(a, b);
    expect(r.t!).toBeCloseTo(-2.455356398286006, 12);
    expect(r.df!).toBeCloseTo(24.988529290231416, 10);
    expect(r.pValue!).toBeCloseTo(0.021378001462866992, 12);
    expect(r.ci![0]).toBeCloseTo(-3.984096267140929, 11);
    expect(r.ci![1]).toBeCloseTo(-0.3492370661924069, 11);
  });

  test('Wikipedia example 2 (unequal sizes), 99% interval', () => {
    const a = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b = [
      21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5,
      23.5, 21.5, 21.8,
    ];
    const r = welchTest(a, b, { confidence: 0.99 });
    expect(r.t!).toBeCloseTo(-1.5654335235985037, 12);
    expect(r.df!).toBeCloseTo(9.904741248650831, 10);
    expect(r.pValue!).toBeCloseTo(0.14884169660532817, 12);
    expect(r.ci![0]).toBeCloseTo(-4.619078329902643, 10);
    expect(r.ci![1]).toBeCloseTo(1.5690783299026458, 10);
    expect(r.sizes).toEqual([10, 20]);
  });
});

describe('welchTest: edges and errors', () => {
  test('hand-checked: a = [1, 3], b = [2, 2, 2, 6]', () => {
    // means 2 and 3; variances 2 and 4; se^2 = 2/2 + 4/4 = 2; t = -1/sqrt 2;
    // df = 2^2 / (1^2/1 + 1^2/3) = 4 / (4/3) = 3
    const r = welchTest([1, 3], [2, 2, 2, 6]);
    expect(r.difference).toBe(-1);
    expect(r.standardError).toBeCloseTo(Math.SQRT2, 15);
    expect(r.t).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(r.df).toBeCloseTo(3, 14);
    expect(r.variances).toEqual([2, 4]);
  });
  test('two constant samples: the test is undefined, not a division by zero', () => {
    const r = welchTest([5, 5, 5], [7, 7]);
    expect(r).toMatchObject({ difference: -2, t: null, df: null, pValue: null, ci: null, standardError: 0 });
  });
  test('typed errors', () => {
    expect(() => welchTest([1], [1, 2])).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => welchTest([1, Number.NaN], [1, 2])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: ['a', 1] }),
    );
    expect(() => welchTest([1, 2], [1, 2], { confidence: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
