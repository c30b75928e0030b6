// Breakage estimated on synthetic histories generated with a known redemption probability.
import {
  createEngine,
  defineProgram,
  estimateBreakage,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
  pointCohorts,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../support/mulberry32.js';

const DAY = 86_400_000;

/**
 * `members` members join over 24 months (2024-2025) and make one purchase each (100-500 points);
 * with probability `p` they redeem all their points after a uniform 0-`redeemWithinDays` days,
 * else they never come back. Observation ends on 2026-01-01, so the last months' cohorts are still
 * running off (censored): the estimator must extrapolate them from the older cohorts.
 */
function history(program: ProgramInput, p: number, seed: number, members: number, redeemWithinDays: number) {
  const engine = createEngine(defineProgram(program));
  const random = mulberry32(seed);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const asOf = '2026-01-01T00:00:00.000Z';
  const ledger: LedgerEntry[] = [];
  for (let i = 0; i < members; i++) {
    const t = start + Math.floor(random() * 730) * DAY + 12 * 3_600_000;
    const yuan = 100 + Math.floor(random() * 401);
    const redeems = random() < p;
    const after = Math.floor(random() * redeemWithinDays * DAY);
    let s: MemberState = engine.enroll({ memberId: `m${i}`, joinedAt: new Date(t - DAY).toISOString() });
    const apply = (event: unknown): void => {
      const r = engine.apply(s, event);
      s = r.state;
      ledger.push(...r.effects);
    };
    apply({
      type: 'purchase',
      id: 'o',
      occurredAt: new Date(t).toISOString(),
      currency: 'CNY',
      lines: [{ id: 'l', sku: 'x', quantity: 1, price: yuan * 100 }],
    });
    if (redeems && t + after < Date.parse(asOf)) {
      apply({ type: 'redemption', id: 'r', occurredAt: new Date(t + after).toISOString(), points: yuan });
    }
    const advanced = engine.advance(s, asOf);
    ledger.push(...advanced.effects);
  }
  return { ledger, asOf };
}

const base = {
  id: 'synthetic',
  name: 'Synthetic',
  currency: 'CNY',
  timeZone: 'UTC',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
};

describe('estimateBreakage recovers a known redemption probability', () => {
  // 1,000 members, point-weighted: the estimate's standard error is about
  // sqrt(p (1 - p) / 1000) x 1.05 (amounts vary) = 0.016 for p = 0.65 (0.015 for p = 0.3). The
  // tolerance 0.06 is 3.8 standard errors: a correct estimator fails it with probability about
  // 1e-4 (and the seeds are fixed).
  test.each([
    [0.65, 11],
    [0.3, 12],
  ])('rolling 6-month expiry, p = %f', (p, seed) => {
    const { ledger, asOf } = history(
      { ...base, expiry: { mode: 'rolling', months: 6 } } as ProgramInput,
      p,
      seed,
      1500,
      165,
    );
    const cohorts = pointCohorts(ledger, { asOf, timeZone: 'UTC' });
    const estimate = estimateBreakage(cohorts);
    expect(Math.abs(estimate.rate - (1 - p))).toBeLessThan(0.06);
    expect(estimate.byAge[0]!.redeemed).toBeCloseTo(p, 1);
    expect(estimate.tail.remaining).toBe(0); // every point is gone within 7 development months
    // Outstanding points of the censored cohorts are expected to run off at the same rate overall.
    const ultimate = estimate.outstanding.breakage;
    expect(ultimate).toBeGreaterThan(1 - p - 0.1);
  });

  test('no expiry: unredeemed points stay for ever and the tail counts them as breakage', () => {
    const { ledger, asOf } = history(
      { ...base, expiry: { mode: 'never' } } as ProgramInput,
      0.6,
      13,
      1500,
      120,
    );
    const estimate = estimateBreakage(pointCohorts(ledger, { asOf, timeZone: 'UTC' }), {
      tail: 'lastHazards',
    });
    expect(Math.abs(estimate.rate - 0.4)).toBeLessThan(0.06);
    expect(estimate.tail.remaining).toBeGreaterThan(0.3); // the never-redeemed points
    // The prudent tail assumes they are all redeemed one day: no breakage at all.
    expect(estimateBreakage(pointCohorts(ledger, { asOf, timeZone: 'UTC' }), { tail: 'redeemed' }).rate).toBe(
      0,
    );
  });
});
