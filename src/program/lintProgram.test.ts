import { defineProgram, lintProgram, type ProgramInput } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const base: ProgramInput = {
  id: 'p',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
};
const codes = (p: ProgramInput) => lintProgram(defineProgram(p)).map((w) => `${w.code}@${w.path.join('.')}`);

describe('lintProgram: each warning has a program that triggers it and a near-identical one that does not', () => {
  test('a clean program has no warnings', () => {
    expect(codes(base)).toEqual([]);
  });

  test.each<[string, ProgramInput, ProgramInput, string]>([
    [
      'a condition that contradicts itself',
      {
        ...base,
        earning: [
          {
            id: 'x',
            kind: 'fixed',
            event: 'purchase',
            points: '1',
            when: {
              all: [
                { fact: 'channel', operator: 'equal', value: 'app' },
                { fact: 'channel', operator: 'equal', value: 'web' },
              ],
            },
          },
        ],
      },
      {
        ...base,
        earning: [
          {
            id: 'x',
            kind: 'fixed',
            event: 'purchase',
            points: '1',
            when: {
              any: [
                { fact: 'channel', operator: 'equal', value: 'app' },
                { fact: 'channel', operator: 'equal', value: 'web' },
              ],
            },
          },
        ],
      },
      'never_fires@earning.0.when',
    ],
    [
      'a line condition on an empty list',
      {
        ...base,
        earning: [
          { id: 'x', kind: 'items', points: '1', lines: { fact: 'category', operator: 'in', value: [] } },
        ],
      },
      {
        ...base,
        earning: [
          {
            id: 'x',
            kind: 'items',
            points: '1',
            lines: { fact: 'category', operator: 'in', value: ['cups'] },
          },
        ],
      },
      'never_fires@earning.0.lines',
    ],
    [
      'a rule that ends before the version takes effect',
      {
        ...base,
        effectiveFrom: '2026-06-01T00:00:00Z',
        earning: [{ ...base.earning![0]!, validUntil: '2026-05-01T00:00:00Z' } as never],
      },
      {
        ...base,
        effectiveFrom: '2026-06-01T00:00:00Z',
        earning: [{ ...base.earning![0]!, validUntil: '2026-07-01T00:00:00Z' } as never],
      },
      'never_fires@earning.0.validUntil',
    ],
    [
      'a rule always outranked in a "first" group',
      {
        ...base,
        earning: [
          { id: 'a', kind: 'fixed', event: 'purchase', points: '5', group: 'g' },
          { id: 'b', kind: 'fixed', event: 'purchase', points: '9', group: 'g' },
        ],
        stacking: { g: 'first' },
      },
      {
        ...base,
        earning: [
          {
            id: 'a',
            kind: 'fixed',
            event: 'purchase',
            points: '5',
            group: 'g',
            when: { fact: 'channel', operator: 'equal', value: 'app' },
          },
          { id: 'b', kind: 'fixed', event: 'purchase', points: '9', group: 'g' },
        ],
        stacking: { g: 'first' },
      },
      'never_fires@earning.1',
    ],
    [
      'two rules that always fire together in a sum group',
      {
        ...base,
        earning: [base.earning![0]!, { id: 'copy', kind: 'spend', rate: { points: '2', per: '1.00' } }],
      },
      {
        ...base,
        earning: [base.earning![0]!, { id: 'copy', kind: 'spend', rate: { points: '2', per: '1.00' } }],
        stacking: { base: 'max' },
      },
      'ambiguous_stacking@earning.1',
    ],
    [
      'a cap that applies to no enabled rule',
      {
        ...base,
        earning: [
          ...base.earning!,
          { id: 'bonus', kind: 'fixed', event: 'purchase', points: '1', group: 'promo' },
        ],
        caps: [
          {
            id: 'c',
            count: 1,
            window: { type: 'lifetime' },
            appliesTo: { groups: ['promo'], rules: ['base'] },
          },
        ],
      },
      {
        ...base,
        earning: [
          ...base.earning!,
          { id: 'bonus', kind: 'fixed', event: 'purchase', points: '1', group: 'promo' },
        ],
        caps: [
          {
            id: 'c',
            count: 1,
            window: { type: 'lifetime' },
            appliesTo: { groups: ['promo'], rules: ['bonus'] },
          },
        ],
      },
      'cap_never_binds@caps.0',
    ],
    [
      'a count cap on a once-only award that allows as many',
      {
        ...base,
        earning: [{ id: 'welcome', kind: 'fixed', event: 'signup', points: '50' }],
        caps: [{ id: 'c', count: 1, window: { type: 'lifetime' } }],
      },
      {
        ...base,
        earning: [{ id: 'welcome', kind: 'fixed', event: 'signup', points: '50' }],
        caps: [{ id: 'c', points: '30', window: { type: 'lifetime' } }],
      },
      'cap_never_binds@caps.0',
    ],
    [
      'a cap of zero',
      { ...base, caps: [{ id: 'c', points: '0', window: { type: 'calendar', unit: 'month' } }] },
      { ...base, caps: [{ id: 'c', points: '1', window: { type: 'calendar', unit: 'month' } }] },
      'cap_blocks_rule@caps.0',
    ],
    [
      'expiry counted from earning about as long as pending',
      { ...base, pending: { days: 30 }, expiry: { mode: 'rolling', months: 1, from: 'earned' } },
      { ...base, pending: { days: 30 }, expiry: { mode: 'rolling', months: 1 } },
      'expiry_shorter_than_pending@expiry.months',
    ],
    [
      'a tier on points the caps never allow',
      {
        ...base,
        caps: [{ id: 'c', points: '100', window: { type: 'calendar', unit: 'month' } }],
        tiers: {
          metrics: { pts: { kind: 'points', window: { type: 'calendar', unit: 'year' } } },
          levels: [
            { id: 'member' },
            { id: 'gold', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 5000 } },
          ],
          policy: { period: { type: 'months', months: 12 } },
        },
      },
      {
        ...base,
        caps: [{ id: 'c', points: '1000', window: { type: 'calendar', unit: 'month' } }],
        tiers: {
          metrics: { pts: { kind: 'points', window: { type: 'calendar', unit: 'year' } } },
          levels: [
            { id: 'member' },
            { id: 'gold', entry: { fact: 'pts', operator: 'greaterThanInclusive', value: 5000 } },
          ],
          policy: { period: { type: 'months', months: 12 } },
        },
      },
      'tier_unreachable_under_caps@tiers.levels.1.entry',
    ],
    [
      'a reward costing more than a member can hold before it expires',
      {
        ...base,
        caps: [{ id: 'c', points: '100', window: { type: 'calendar', unit: 'month' } }],
        expiry: { mode: 'rolling', months: 3 },
        rewards: [{ id: 'tv', points: '1000' }],
      },
      {
        ...base,
        caps: [{ id: 'c', points: '100', window: { type: 'calendar', unit: 'month' } }],
        expiry: { mode: 'rolling', months: 12 },
        rewards: [{ id: 'tv', points: '1000' }],
      },
      'reward_unaffordable@rewards.0.points',
    ],
    [
      'a reward the redemption limits never allow',
      { ...base, rewards: [{ id: 'tv', points: '1000' }], redemption: { maxPointsPerOrder: '500' } },
      { ...base, rewards: [{ id: 'tv', points: '500' }], redemption: { maxPointsPerOrder: '500' } },
      'reward_not_redeemable@rewards.0.points',
    ],
    [
      'an hour range on the local hour number instead of the instant',
      {
        ...base,
        earning: [
          {
            id: 'evening',
            kind: 'fixed',
            event: 'purchase',
            points: '5',
            when: { fact: 'localHour', operator: 'hourBetween', value: [18, 22] },
          },
        ],
      },
      {
        ...base,
        earning: [
          {
            id: 'evening',
            kind: 'fixed',
            event: 'purchase',
            points: '5',
            when: { fact: 'occurredAt', operator: 'hourBetween', value: [18, 22] },
          },
        ],
      },
      'time_operator_on_non_instant@earning.0.when',
    ],
    [
      'a weekday test on the weekday number, deep in a multiplier condition',
      {
        ...base,
        earning: [
          ...(base.earning ?? []),
          {
            id: 'weekend',
            kind: 'multiplier',
            factor: '2',
            when: {
              any: [
                { fact: 'channel', operator: 'equal', value: 'app' },
                { not: { fact: 'localWeekday', operator: 'weekdayIn', value: [1, 2, 3, 4, 5] } },
              ],
            },
          },
        ],
      },
      {
        ...base,
        earning: [
          ...(base.earning ?? []),
          {
            id: 'weekend',
            kind: 'multiplier',
            factor: '2',
            when: {
              any: [
                { fact: 'channel', operator: 'equal', value: 'app' },
                { not: { fact: 'occurredAt', operator: 'weekdayIn', value: [1, 2, 3, 4, 5] } },
              ],
            },
          },
        ],
      },
      'time_operator_on_non_instant@earning.1.when.any.1.not',
    ],
  ])('%s', (_name, triggers, clean, expected) => {
    expect(codes(triggers)).toContain(expected);
    expect(codes(clean)).not.toContain(expected);
  });
});

describe('lintProgram messages', () => {
  test('say "1 month" and "2 months", not "1 months"', () => {
    const message = (months: number, days: number) =>
      lintProgram(
        defineProgram({ ...base, pending: { days }, expiry: { mode: 'rolling', months, from: 'earned' } }),
      )[0]?.message;
    expect(message(1, 30)).toContain('expire 1 month after they are earned, but stay pending 30 days');
    expect(message(2, 61)).toContain('expire 2 months after');
    expect(message(1, 1)).toBeUndefined();
  });
});
