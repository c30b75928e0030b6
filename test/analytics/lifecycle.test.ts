import fc from 'fast-check';
import { isLoyaltyError, LIFECYCLE_STAGES, lifecycleStage } from 'loyalty-engine/analytics';
import { describe, expect, it } from 'vitest';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('lifecycleStage', () => {
  it('uses the documented default thresholds (days)', () => {
    expect(lifecycleStage({ frequency: 0, recency: 0, T: 30 })).toBe('new');
    expect(lifecycleStage({ frequency: 0, recency: 0, T: 31 })).toBe('active');
    expect(lifecycleStage({ frequency: 1, recency: 10, T: 100 })).toBe('active'); // idle 90
    expect(lifecycleStage({ frequency: 1, recency: 9, T: 100 })).toBe('at-risk'); // idle 91
    expect(lifecycleStage({ frequency: 1, recency: 0, T: 180 })).toBe('at-risk');
    expect(lifecycleStage({ frequency: 1, recency: 0, T: 365 })).toBe('lapsed');
    expect(lifecycleStage({ frequency: 1, recency: 0, T: 366 })).toBe('churned');
  });

  it('weeks are converted to days', () => {
    expect(lifecycleStage({ frequency: 1, recency: 0, T: 12 }, { period: 'week' })).toBe('active'); // 84 days idle
    expect(lifecycleStage({ frequency: 1, recency: 0, T: 14 }, { period: 'week' })).toBe('at-risk'); // 98 days idle
  });

  it('personal rhythm: a weekly buyer idle for 5 weeks has lapsed', () => {
    const weekly = { frequency: 10, recency: 70, T: 105 }; // gap 7 days, idle 35
    expect(lifecycleStage(weekly)).toBe('active');
    expect(lifecycleStage(weekly, { personal: true })).toBe('lapsed'); // 35 > 4*7=28, <= 56
    expect(lifecycleStage({ frequency: 1, recency: 70, T: 105 }, { personal: true })).toBe('active'); // too few repeats
  });

  it('property: more idle time never gives an earlier stage', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (frequency, recency, idle, more, personal) => {
          const r = frequency === 0 ? 0 : recency;
          const a = lifecycleStage({ frequency, recency: r, T: r + idle }, { personal });
          const b = lifecycleStage({ frequency, recency: r, T: r + idle + more }, { personal });
          if (a !== 'new')
            expect(LIFECYCLE_STAGES.indexOf(b)).toBeGreaterThanOrEqual(LIFECYCLE_STAGES.indexOf(a));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('validates', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isLoyaltyError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(err(() => lifecycleStage({ frequency: 0, recency: 5, T: 1 }))).toBe('INVALID_ARGUMENT');
    expect(err(() => lifecycleStage({ frequency: 0, recency: 0, T: 1 }, { activeWithinDays: 500 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(err(() => lifecycleStage({ frequency: 0, recency: 0, T: 1 }, { newWithinDays: -1 }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
