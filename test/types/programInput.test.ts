// A program literal written `as const` (readonly arrays, literal types) is a ProgramInput, and
// defineProgram / createEngine take it. The assertions are checked by `npm run typecheck`.
import {
  createEngine,
  defineProgram,
  type LoyaltyEventInput,
  type Program,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, expectTypeOf, test } from 'vitest';

const coffeeClub = {
  id: 'coffee-club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  customFacts: ['pAlive'],
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'pastry',
      kind: 'items',
      points: '5',
      lines: { all: [{ fact: 'category', operator: 'in', value: ['pastry', 'cake'] }] },
    },
  ],
  rewards: [{ id: 'coffee', points: '100' }],
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member' },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100_000 } },
    ],
  },
} as const;

const purchase = {
  type: 'purchase',
  id: 'o-1',
  occurredAt: '2026-03-01T09:30:00Z',
  currency: 'CNY',
  lines: [{ sku: 'croissant', category: 'pastry', tags: ['fresh'], quantity: 2, price: 1500 }],
} as const;

describe('readonly input types', () => {
  test('an `as const` program is a ProgramInput; defineProgram and createEngine take it', () => {
    expectTypeOf(coffeeClub).toExtend<ProgramInput>();
    const checked = coffeeClub satisfies ProgramInput;
    // a validated Program is still a ProgramInput
    expectTypeOf<Program>().toExtend<ProgramInput>();
    const engine = createEngine(checked);
    expect(engine.program.id).toBe('coffee-club');
    expect(createEngine([coffeeClub]).programs).toHaveLength(1);
    expect(defineProgram(coffeeClub).earning?.length).toBe(2);
  });

  test('an `as const` event is a LoyaltyEventInput', () => {
    expectTypeOf(purchase).toExtend<LoyaltyEventInput>();
    const engine = createEngine(defineProgram(coffeeClub));
    const state = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const event: LoyaltyEventInput = purchase;
    expect(engine.apply(state, event).effects.map((e) => e.type)).toContain('pointsEarned');
  });
});
