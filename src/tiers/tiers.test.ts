// Issue 7: tiers on metrics over windows, upgrades, period ends with retention and grace,
// downgrades, manual grants, refunds, benefits, tierStatus, and the static checks.
import fc from 'fast-check';
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
  type TierChangedEntry,
  validateProgram,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const Y = (yuan: number) => yuan * 100;

function tiered(
  extra: Partial<NonNullable<ProgramInput['tiers']>> = {},
  program: Partial<ProgramInput> = {},
): ProgramInput {
  return {
    id: 'club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
    tiers: {
      metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
      levels: [
        { id: 'member', name: '普通' },
        {
          id: 'silver',
          name: '银卡',
          entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(1000) },
          retention: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(800) },
          benefits: { earningMultiplier: '1.2', discountPercent: 5 },
        },
        {
          id: 'gold',
          name: '金卡',
          entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(5000) },
          retention: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(4000) },
          benefits: { earningMultiplier: '1.5', freeShipping: true },
        },
        {
          id: 'vip',
          entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(20000) },
          benefits: { earningMultiplier: '2', prioritySupport: true },
        },
      ],
      ...extra,
    },
    ...program,
  };
}

let n = 0;
const buy = (occurredAt: string, price: number, id = `o-${++n}`) => ({
  type: 'purchase',
  id,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'x', quantity: 1, price }],
});

function setup(p: ProgramInput = tiered(), zone?: string) {
  const engine = createEngine(defineProgram(p));
  const state = engine.enroll({
    memberId: 'm',
    joinedAt: '2025-06-01T00:00:00Z',
    ...(zone ? { timeZone: zone } : {}),
  });
  return { engine, state };
}

const changes = (effects: readonly LedgerEntry[]) =>
  effects
    .filter((e): e is TierChangedEntry => e.type === 'tierChanged')
    .map(
      (e) => `${e.from}->${e.to}:${e.reason}@${e.occurredAt}${e.until !== null ? ` until ${e.until}` : ''}`,
    );

describe('upgrades (DOMAIN.md point 13)', () => {
  test('upgrade is immediate when the entry threshold is met; the period is the rest of the year plus the next', () => {
    const { engine, state } = setup();
    expect(state.tier?.id).toBe('member');
    const a = engine.apply(state, buy('2026-03-01T02:00:00Z', Y(600)));
    expect(changes(a.effects)).toEqual([]);
    const b = engine.apply(a.state, buy('2026-03-02T02:00:00Z', Y(400)));
    expect(changes(b.effects)).toEqual([
      'member->silver:qualified@2026-03-02T02:00:00.000Z until 2027-12-31T16:00:00.000Z',
    ]);
    const changed = b.effects.find((e): e is TierChangedEntry => e.type === 'tierChanged')!;
    expect(changed.metrics).toEqual({ spend: Y(1000) });
    expect(
      b.effects.filter((e) => e.type === 'benefitGranted').map((e) => ('benefit' in e ? e.benefit : '')),
    ).toEqual(['earningMultiplier', 'discountPercent']);
    // the new tier's multiplier applies from the next purchase: 100.00 x 1.2
    const c = engine.apply(b.state, buy('2026-03-03T02:00:00Z', Y(100)));
    expect(c.effects.find((e) => e.type === 'pointsEarned')).toMatchObject({
      points: 120,
      explanation: { multipliers: [{ ruleId: 'tier:silver', group: 'tier', factor: '1.2' }] },
    });
    expect(engine.benefits(c.state, '2026-03-03T02:00:00Z')).toEqual({
      tierId: 'silver',
      earningMultiplier: '1.2',
      discountPercent: 5,
    });
  });

  test('one big order goes straight to the highest tier it qualifies for', () => {
    const { engine, state } = setup();
    const r = engine.apply(state, buy('2026-05-01T02:00:00Z', Y(6000)));
    expect(changes(r.effects)).toEqual([
      'member->gold:qualified@2026-05-01T02:00:00.000Z until 2027-12-31T16:00:00.000Z',
    ]);
  });

  test('with only purchases (no refunds, inside one window) the tier never goes down', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: Y(3000) }), { maxLength: 25 }), (prices) => {
        const { engine, state } = setup();
        let s: MemberState = state;
        let rank = 0;
        const ranks = ['member', 'silver', 'gold', 'vip'];
        prices.forEach((p, i) => {
          s = engine.apply(
            s,
            buy(`2026-02-${String(1 + (i % 27)).padStart(2, '0')}T0${i % 10}:00:00Z`, p),
          ).state;
          const now = ranks.indexOf(s.tier!.id);
          expect(now).toBeGreaterThanOrEqual(rank);
          rank = now;
        });
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 100) },
    );
  });
});

describe('period ends: retention, grace, downgrade (DOMAIN.md point 13)', () => {
  function gold(extra: Partial<NonNullable<ProgramInput['tiers']>> = {}) {
    const { engine, state } = setup(tiered(extra));
    // gold from May 2026 until the end of 2027 (Shanghai)
    return { engine, s: engine.apply(state, buy('2026-05-01T02:00:00Z', Y(6000))).state };
  }

  test('retention met over the last year: the tier is renewed for a year', () => {
    const { engine, s } = gold();
    const kept = engine.apply(s, buy('2027-06-01T02:00:00Z', Y(4000)));
    const r = engine.advance(kept.state, '2028-01-15T00:00:00Z');
    expect(r.effects).toMatchObject([
      {
        type: 'tierRenewed',
        tier: 'gold',
        until: '2028-12-31T16:00:00.000Z',
        occurredAt: '2027-12-31T16:00:00.000Z',
      },
    ]);
  });

  test('retention missed: down one step at the period end (not before)', () => {
    const { engine, s } = gold();
    const low = engine.apply(s, buy('2027-06-01T02:00:00Z', Y(3999))).state;
    expect(engine.advance(low, '2027-12-31T15:59:59.999Z').effects).toEqual([]);
    const r = engine.advance(low, '2028-01-15T00:00:00Z');
    expect(changes(r.effects)).toEqual([
      'gold->silver:periodEnded@2027-12-31T16:00:00.000Z until 2028-12-31T16:00:00.000Z',
    ]);
    // silver's own retention (800) is met by 2027's 3,999: kept through 2028 ... then the 2028 spend decides
    const later = engine.advance(r.state, '2029-01-15T00:00:00Z');
    expect(changes(later.effects)).toEqual(['silver->member:periodEnded@2028-12-31T16:00:00.000Z']);
  });

  test('toQualifying goes to the tier whose retention still holds; grace delays the downgrade', () => {
    const { engine, s } = gold({ policy: { downgrade: 'toQualifying', graceDays: 30 } });
    const r = engine.advance(s, '2028-03-01T00:00:00Z'); // nothing spent in 2027
    expect(changes(r.effects)).toEqual(['gold->member:periodEnded@2028-01-30T16:00:00.000Z']);
    expect(engine.tierStatus(s, '2028-01-15T00:00:00Z')?.tier.id).toBe('gold'); // still within grace
  });

  test('a purchase during the grace period meets retention in the new year', () => {
    const { engine, s } = gold({
      policy: { graceDays: 30 },
      metrics: { spend: { kind: 'spend', window: { type: 'rollingMonths', months: 12 } } },
    });
    const regained = engine.apply(s, buy('2028-01-10T02:00:00Z', Y(4000)));
    // Renewed as soon as retention is met, not at the end of grace.
    expect(regained.effects.filter((e) => e.type === 'tierRenewed')).toMatchObject([
      { type: 'tierRenewed', tier: 'gold', occurredAt: '2028-01-10T02:00:00.000Z' },
    ]);
    expect(engine.advance(regained.state, '2028-03-01T00:00:00Z').effects).toEqual([]);
  });

  test('a rolling 12-month window: spend rolls out, and tierStatus counts it before it happens', () => {
    const p = tiered({
      metrics: { spend: { kind: 'spend', window: { type: 'rollingMonths', months: 12 } } },
      policy: { period: { type: 'months', months: 12 } },
    });
    const { engine, state } = setup(p);
    let s = engine.apply(state, buy('2026-01-10T02:00:00Z', Y(700))).state;
    s = engine.apply(s, buy('2026-06-10T02:00:00Z', Y(300))).state; // silver until the end of 10 Jun 2027
    expect(s.tier).toMatchObject({ id: 'silver', until: '2027-06-10T16:00:00.000Z' });
    s = engine.apply(s, buy('2026-09-01T02:00:00Z', Y(300))).state;
    const status = engine.tierStatus(s, '2026-12-01T00:00:00Z')!;
    // at the end of the period (10 June 2027) the window starts on 11 June 2026: the January and June
    // purchases (1,000) have rolled out, September's 300 is left: 500 still needed to keep 800
    expect(status.retention).toMatchObject({
      tierId: 'silver',
      met: true,
      requirements: [
        {
          metric: 'spend',
          value: Y(1300),
          by: '2027-06-10T16:00:00.000Z',
          valueAtBy: Y(300),
          needed: Y(500),
        },
      ],
    });
    expect(status.next).toMatchObject({
      tierId: 'gold',
      met: false,
      requirements: [{ metric: 'spend', threshold: Y(5000), value: Y(1300), by: null, needed: Y(3700) }],
    });
  });
});

describe('what counts (DOMAIN.md point 12)', () => {
  test('pending points do not count until they activate', () => {
    const p = tiered(
      {
        metrics: { pts: { kind: 'points', window: { type: 'lifetime' } } },
        levels: [
          { id: 'member' },
          { id: 'silver', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 100 } },
        ],
      },
      { pending: { days: 7 } },
    );
    const { engine, state } = setup(p);
    const r = engine.apply(state, buy('2026-03-01T02:00:00Z', Y(150)));
    expect(r.state.tier?.id).toBe('member');
    const later = engine.advance(r.state, '2026-03-09T00:00:00Z');
    expect(later.effects.map((e) => e.type)).toEqual(['pointsActivated', 'tierChanged']);
  });

  test('refunded purchases stop counting; a refund within refundRevokeDays revokes the upgrade it caused', () => {
    const { engine, state } = setup(tiered({ policy: { refundRevokeDays: 30 } }));
    let s = engine.apply(state, buy('2026-03-01T02:00:00Z', Y(500))).state;
    s = engine.apply(s, buy('2026-03-02T02:00:00Z', Y(600), 'big')).state;
    expect(s.tier?.id).toBe('silver');
    const r = engine.apply(s, {
      type: 'refund',
      id: 'rf',
      occurredAt: '2026-03-10T02:00:00Z',
      orderId: 'big',
    });
    expect(changes(r.effects)).toEqual(['silver->member:refundRevoked@2026-03-10T02:00:00.000Z']);
    expect(engine.tierStatus(r.state, '2026-03-10T02:00:00Z')?.metrics).toEqual({ spend: Y(500) });
  });

  test('qualifying value (成长值): its own rules, never reduced by redemptions', () => {
    const p = tiered(
      {
        metrics: { growth: { kind: 'qualifying', window: { type: 'lifetime' } } },
        levels: [
          { id: 'member' },
          { id: 'silver', entry: { fact: 'growth', operator: 'greaterThanInclusive', value: 100 } },
        ],
      },
      {
        earning: [
          { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
          { id: 'growth', kind: 'spend', wallet: 'qualifying', rate: { points: '1', per: '10.00' } },
        ],
      },
    );
    const { engine, state } = setup(p);
    const r = engine.apply(state, buy('2026-03-01T02:00:00Z', Y(1000)));
    expect(r.effects.map((e) => e.type)).toEqual([
      'eventApplied',
      'pointsEarned',
      'qualifyingEarned',
      'tierChanged',
    ]);
    const spent = engine.apply(r.state, {
      type: 'redemption',
      id: 'rd',
      occurredAt: '2026-03-02T00:00:00Z',
      points: 1000,
    });
    expect(engine.balance(spent.state, '2026-03-02T00:00:00Z').available).toBe(0);
    expect(engine.tierStatus(spent.state, '2026-03-02T00:00:00Z')?.metrics).toEqual({ growth: 100 });
  });

  test('orders, active days and months, custom counters', () => {
    const p = tiered({
      metrics: {
        orders: { kind: 'orders', window: { type: 'calendar', unit: 'year' } },
        days: { kind: 'activeDays', window: { type: 'calendar', unit: 'year' } },
        months: { kind: 'activeMonths', window: { type: 'lifetime' } },
        reviews: { kind: 'counter', customEvent: 'review', window: { type: 'rollingDays', days: 30 } },
      },
      levels: [
        { id: 'member' },
        {
          id: 'regular',
          entry: {
            all: [
              { fact: 'orders', operator: 'greaterThanInclusive', value: 3 },
              { fact: 'months', operator: 'greaterThanInclusive', value: 2 },
            ],
          },
        },
      ],
    });
    const { engine, state } = setup(p);
    let s = engine.applyAll(state, [
      buy('2026-01-05T02:00:00Z', 100),
      buy('2026-01-05T03:00:00Z', 100),
      buy('2026-01-20T02:00:00Z', 100),
      { type: 'custom', id: 'rv', occurredAt: '2026-01-21T02:00:00Z', name: 'review' },
    ]).state;
    expect(engine.tierStatus(s, s.clock)?.metrics).toEqual({ orders: 3, days: 2, months: 1, reviews: 1 });
    expect(s.tier?.id).toBe('member');
    s = engine.apply(s, buy('2026-02-01T02:00:00Z', 100)).state;
    expect(s.tier?.id).toBe('regular');
  });
});

describe('manual grants and locks', () => {
  test('a locked grant is not downgraded; a revoke drops to the tier the metrics reach', () => {
    const { engine, state } = setup();
    const g = engine.apply(state, {
      type: 'tierGrant',
      id: 'g',
      occurredAt: '2026-01-01T00:00:00Z',
      tierId: 'vip',
    });
    expect(changes(g.effects)).toEqual(['member->vip:granted@2026-01-01T00:00:00.000Z']);
    expect(g.state.tier).toMatchObject({ id: 'vip', locked: true, until: null });
    expect(engine.advance(g.state, '2030-01-01T00:00:00Z').effects).toEqual([]);
    let s = engine.apply(g.state, buy('2026-02-01T02:00:00Z', Y(1200))).state;
    const r = engine.apply(s, { type: 'tierRevoke', id: 'rv', occurredAt: '2026-02-02T00:00:00Z' });
    expect(changes(r.effects)).toEqual([
      'vip->silver:revoked@2026-02-02T00:00:00.000Z until 2027-12-31T16:00:00.000Z',
    ]);
    s = r.state;
    const code = (() => {
      try {
        engine.apply(s, {
          type: 'tierGrant',
          id: 'g2',
          occurredAt: '2026-02-03T00:00:00Z',
          tierId: 'platinum',
        });
      } catch (e) {
        return isLoyaltyError(e) ? `${e.code}:${e.issues[0]?.code}` : 'other';
      }
      return 'none';
    })();
    expect(code).toBe('INVALID_EVENT:unknown_tier');
  });
  test('a grant that would end no later than it starts is refused (its path: until)', () => {
    // It used to be applied: the tier's period had ended already, and the next `advance` stepped
    // down once per period missed, all at one instant, every entry with the same source key.
    const { engine, state } = setup();
    const grant = (until: string) => ({
      type: 'tierGrant',
      id: 'g',
      occurredAt: '2026-06-01T08:00:00+08:00',
      tierId: 'gold',
      lock: false,
      until,
    });
    for (const until of ['2026-02-01T00:00:00Z', '2026-06-01T00:00:00Z']) {
      const refused = (() => {
        try {
          engine.apply(state, grant(until));
        } catch (e) {
          return isLoyaltyError(e) ? [e.code, e.issues[0]?.code, e.issues[0]?.path] : 'other';
        }
        return 'applied';
      })();
      expect(refused).toEqual(['INVALID_EVENT', 'grant_ends_before', ['until']]);
    }
    const g = engine.apply(state, grant('2026-06-01T00:00:00.001Z'));
    expect(g.state.tier).toMatchObject({ id: 'gold', until: '2026-06-01T00:00:00.001Z' });
  });
});

describe('windows across year ends, leap years and zones', () => {
  test.each([
    // the calendar year of Shanghai ends at 16:00Z on 31 December; New York's at 05:00Z on 1 January
    ['Asia/Shanghai', { type: 'calendar', unit: 'year' }, '2026-12-31T15:59:59Z', '2026-12-31T16:00:00Z'],
    ['America/New_York', { type: 'calendar', unit: 'year' }, '2027-01-01T04:59:59Z', '2027-01-01T05:00:00Z'],
    // the anniversary year of joining (1 June 2025, Shanghai) ends at the start of 1 June local
    ['Asia/Shanghai', { type: 'anniversaryYear' }, '2026-05-31T15:59:59Z', '2026-05-31T16:00:00Z'],
    // a fixed 6-month cycle from 1 March: 1 Sep 2028 starts a new cycle (leap year in between)
    [
      'Asia/Shanghai',
      { type: 'fixedCycle', months: 6, anchor: '2024-03-01' },
      '2028-08-31T15:59:59Z',
      '2028-08-31T16:00:00Z',
    ],
  ] as const)('%s %j: spend counts up to %s and resets at %s', (zone, window, before, after) => {
    const p = tiered({
      metrics: { spend: { kind: 'spend', window } },
      policy: { period: { type: 'months', months: 1 } },
    });
    const { engine, state } = setup(p, zone);
    const s = engine.apply(state, buy(new Date(Date.parse(before) - 86_400_000).toISOString(), Y(100))).state;
    expect(engine.tierStatus(s, before)?.metrics['spend']).toBe(Y(100));
    expect(engine.tierStatus(s, after)?.metrics['spend']).toBe(0);
  });
});

describe('"still needed" is exact', () => {
  test('a purchase of exactly the amount needed upgrades; one minor unit less does not', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: Y(400) }), { maxLength: 6 }), (prices) => {
        const { engine, state } = setup();
        const s = engine.applyAll(
          state,
          prices.map((p, i) => buy(`2026-04-0${1 + i}T02:00:00Z`, p)),
        ).state;
        const status = engine.tierStatus(s, '2026-04-20T02:00:00Z')!;
        const need = status.next!.requirements[0]!.needed;
        if (need <= 1) return;
        const exact = engine.apply(s, buy('2026-04-20T02:00:00Z', need, 'exact'));
        const short = engine.apply(s, buy('2026-04-20T02:00:00Z', need - 1, 'short'));
        expect(exact.state.tier?.id).toBe(status.next!.tierId);
        expect(short.state.tier?.id).toBe(s.tier?.id);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 100) },
    );
  });
});

describe('static checks at defineProgram (issue 7 item 5)', () => {
  const paths = (p: ProgramInput) => {
    const r = validateProgram(p);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.code}`);
  };
  test('thresholds that do not increase, retention above entry, unreachable tiers, base tier conditions', () => {
    const base = tiered();
    const levels = base.tiers!.levels;
    expect(
      paths({
        ...base,
        tiers: {
          ...base.tiers!,
          levels: [
            { id: 'member', entry: { fact: 'spend', operator: 'greaterThan', value: 0 } },
            levels[1]!,
            { ...levels[2]!, entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(900) } },
            { id: 'vip' },
            {
              id: 'top',
              entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(90000) },
              retention: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(99000) },
            },
          ],
        },
      }),
    ).toEqual([
      'tiers.levels.0.entry:base_tier_condition',
      'tiers.levels.3:unreachable',
      'tiers.levels.2.entry:thresholds_not_increasing',
      'tiers.levels.2.retention:retention_above_entry',
      'tiers.levels.4.retention:retention_above_entry',
    ]);
  });

  test('a retention window shorter than the tier period is refused; unknown metrics too', () => {
    const base = tiered();
    expect(
      paths({
        ...base,
        tiers: {
          ...base.tiers!,
          metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'month' } } },
        },
      }),
    ).toContain('tiers.levels.1.retention:window_shorter_than_period');
    expect(
      paths({
        ...base,
        tiers: {
          ...base.tiers!,
          levels: [{ id: 'member' }, { id: 'x', entry: { fact: 'spnd', operator: 'greaterThan', value: 1 } }],
        },
      }),
    ).toEqual(['tiers.levels.1.entry.fact:unknown_fact']);
  });
});
