import { describe, expect, test } from 'vitest';
import { incompleteBeta, studentTCdf, studentTQuantile, studentTUpperTail } from './studentT.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

// SOURCE: scipy 1.17.1, `scipy.stats.t.cdf(t, df)` / `.sf` / `.ppf(p, df)` printed with repr().
describe('Student t against scipy.stats.t', () => {
  test.each([
    [2.0, 5, 0.9490302605850708],
    [-1.5, 3.7, 0.10679908460100675],
    [0.3, 1, 0.5927735790777423],
    [-3.2, 17.776, 0.0025114441781486974],
    [1.0, 30, 0.8373456922869849],
    [2.5, 1e6, 0.9937902552489184],
  ])('cdf(%f, df %f)', (t, df, expected) => {
    expect(rel(studentTCdf(t, df), expected)).toBeLessThan(df > 1e5 ? 1e-12 : 1e-13);
  });

  test.each([
    [12.0, 7, 3.179155189092549e-6],
    [40.0, 2.5, 7.09781714524669e-5],
    [2.5, 1e6, 0.006209744751081627],
  ])('upper tail(%f, df %f) keeps relative accuracy', (t, df, expected) => {
    // the df = 1e6 tail is the hardest case of the continued fraction (see studentT.ts)
    expect(rel(studentTUpperTail(t, df), expected)).toBeLessThan(df > 1e5 ? 1e-10 : 1e-13);
  });

  test.each([
    [0.975, 10, 2.228138851986274],
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.95, 30, 1.697260886593957],
    [0.995, 5, 4.032142983555228],
    [0.999, 3.3, 8.9515951094625],
    [1e-8, 4, -131.59473694062356],
    [0.975, 1e6, 1.959966356814107],
    [0.975, 17.776, 2.102821310380221],
    [0.6, 100, 0.25402218245822766],
  ])('quantile(%f, df %f)', (p, df, expected) => {
    expect(rel(studentTQuantile(p, df), expected)).toBeLessThan(df > 1e5 ? 1e-11 : 1e-13);
  });
});

// SOURCE: printed t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, upper critical values of
// Student's t), three decimals.
test.each([
  [1, 0.95, 6.314],
  [5, 0.975, 2.571],
  [10, 0.99, 2.764],
  [20, 0.995, 2.845],
  [100, 0.975, 1.984],
])('table: df %i, %f quantile = %f', (df, p, expected) => {
  expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
});

describe('closed forms', () => {
  // Absolute errors on the CDF (the closed forms themselves cancel in the far lower tail), and
  // relative errors on upper tails written without cancellation.
  const ts = [-30, -4, -1.3, -0.2, 0, 0.05, 0.7, 2, 9, 250];
  test('df = 1 (Cauchy): 1/2 + atan(t)/pi; tail atan(1/t)/pi', () => {
    for (const t of ts)
      expect(Math.abs(studentTCdf(t, 1) - (0.5 + Math.atan(t) / Math.PI))).toBeLessThan(1e-15);
    for (const t of [0.5, 3, 80, 1e6])
      expect(rel(studentTUpperTail(t, 1), Math.atan(1 / t) / Math.PI)).toBeLessThan(1e-14);
  });
  test('df = 2: 1/2 + t / (2 sqrt(2 + t^2)); tail 1 / (r (r + t)) with r = sqrt(2 + t^2)', () => {
    for (const t of ts)
      expect(Math.abs(studentTCdf(t, 2) - (0.5 + t / (2 * Math.sqrt(2 + t * t))))).toBeLessThan(1e-15);
    for (const t of [0.5, 3, 80, 1e6]) {
      const r = Math.sqrt(2 + t * t);
      expect(rel(studentTUpperTail(t, 2), 1 / (r * (r + t)))).toBeLessThan(1e-14);
    }
  });
  test('df = 3: 1/2 + (u/(1+u^2) + atan u)/pi with u = t/sqrt 3', () => {
    for (const t of ts) {
      const u = t / Math.sqrt(3);
      expect(Math.abs(studentTCdf(t, 3) - (0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI))).toBeLessThan(
        1e-15,
      );
    }
  });
  test('df = 4: 1/2 + (3/4) s (1 - s^2/3) with s = t / sqrt(4 + t^2)', () => {
    for (const t of ts) {
      const s = t / Math.sqrt(4 + t * t);
      expect(Math.abs(studentTCdf(t, 4) - (0.5 + 0.75 * s * (1 - (s * s) / 3)))).toBeLessThan(1e-15);
    }
  });
  test('quantile inverts the cdf', () => {
    for (const df of [1, 2, 3.5, 9, 44.2, 1000]) {
      for (const p of [1e-12, 1e-4, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9]) {
        expect(rel(studentTCdf(studentTQuantile(p, df), df), p)).toBeLessThan(1e-11);
      }
    }
  });
  test('edges', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 7)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTUpperTail(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTCdf(0, 13.5)).toBe(0.5);
  });
});

// SOURCE: scipy.special.betainc(a, b, x), scipy 1.17.1.
test('regularized incomplete beta', () => {
  expect(rel(incompleteBeta(2, 3, 0.4), 0.5248)).toBeLessThan(1e-14); // 1 - (0.6^4 + 4*0.4*0.6^3) exactly
  expect(rel(incompleteBeta(0.5, 0.5, 0.25), 1 / 3)).toBeLessThan(1e-14); // (2/pi) asin(sqrt(x))
  expect(incompleteBeta(3, 4, 0)).toBe(0);
  expect(incompleteBeta(3, 4, 1)).toBe(1);
});
