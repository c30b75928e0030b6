import { defineProgram, isLoyaltyError, type LoyaltyError, validateProgram } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const minimal = { id: 'p', currency: 'CNY', timeZone: 'Asia/Shanghai' };

function issuesOf(json: unknown): { path: string; code: string; message: string }[] {
  const r = validateProgram(json);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

describe('defineProgram', () => {
  test('accepts a minimal program and returns it frozen, as written', () => {
    const p = defineProgram(minimal);
    expect(p).toEqual(minimal);
    expect(Object.isFrozen(p)).toBe(true);
  });

  test('throws INVALID_PROGRAM listing every problem with its path', () => {
    let error: LoyaltyError | undefined;
    try {
      defineProgram({
        id: 'bad id',
        currency: 'XXY',
        timeZone: 'Mars/Olympus',
        earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.001' } }],
        extra: 1,
      });
    } catch (e) {
      if (isLoyaltyError(e)) error = e;
    }
    expect(error?.code).toBe('INVALID_PROGRAM');
    // Shape problems come first (zod); meaning is checked once the shape is right.
    expect(error?.issues.map((i) => i.path.join('.'))).toEqual(['id', 'extra']);
    expect(error?.issues[1]?.message).toBe('Unknown field "extra" (check its spelling)');
  });

  test('semantic problems are all reported, with paths into the program', () => {
    const found = issuesOf({
      id: 'p',
      currency: 'XXY',
      timeZone: 'Mars/Olympus',
      earning: [
        { id: 'a', kind: 'fixed', event: 'signup', points: '1.5' },
        { id: 'a', kind: 'multiplier', factor: '-2', group: 'g' },
        { id: 'c', kind: 'fixed', event: 'signup', points: '5', group: 'g', customEvent: 'review' },
      ],
      stacking: { nope: 'max' },
      caps: [{ id: 'cap', window: { type: 'lifetime' }, appliesTo: { rules: ['zzz'] } }],
      rewards: [{ id: 'coffee', points: '0' }],
    });
    expect(found.map((i) => `${i.path}:${i.code}`)).toEqual([
      'currency:unknown_currency',
      'timeZone:unknown_time_zone',
      'earning.1.id:duplicate_id',
      'earning.0.points:invalid_points',
      'earning.1.factor:negative',
      'earning.2.group:mixed_group',
      'earning.2.customEvent:not_applicable',
      'stacking.nope:unknown_group',
      'caps.0:empty_cap',
      'caps.0.appliesTo.rules.0:unknown_reference',
    ]);
  });

  test('conditions are compiled: unknown facts and operators fail at definition, with the rule path', () => {
    const found = issuesOf({
      ...minimal,
      earning: [
        {
          id: 'base',
          kind: 'spend',
          rate: { points: '1', per: '1.00' },
          when: { all: [{ fact: 'chanel', operator: 'equal', value: 'app' }] },
          lines: { all: [{ fact: 'category', operator: 'equalz', value: 'x' }] },
        },
      ],
    });
    expect(found.map((i) => i.path)).toEqual(['earning.0.when.all.0.fact', 'earning.0.lines.all.0.operator']);
  });

  test('customFacts extend the facts conditions may read', () => {
    const rule = {
      id: 'winback',
      kind: 'fixed',
      event: 'purchase',
      points: '100',
      when: { fact: 'pAlive', operator: 'lessThan', value: 0.3 },
    };
    expect(validateProgram({ ...minimal, earning: [rule] }).success).toBe(false);
    expect(validateProgram({ ...minimal, customFacts: ['pAlive'], earning: [rule] }).success).toBe(true);
    expect(issuesOf({ ...minimal, customFacts: ['orderCount'] })[0]?.code).toBe('reserved_fact');
  });

  test('windowed member facts need params.days within 1..366', () => {
    const when = {
      fact: 'spendInWindow',
      params: { days: 400 },
      operator: 'moneyGreaterThan',
      value: { amount: 1, currency: 'CNY' },
    };
    expect(
      issuesOf({ ...minimal, earning: [{ id: 'x', kind: 'fixed', event: 'purchase', points: '1', when }] }),
    ).toEqual([
      {
        path: 'earning.0.when.params.days',
        code: 'invalid_params',
        message: 'spendInWindow needs params: { days: 1..366 }',
      },
    ]);
  });

  test('an award group cannot multiply; validUntil must follow validFrom', () => {
    const found = issuesOf({
      ...minimal,
      earning: [
        {
          id: 'x',
          kind: 'fixed',
          event: 'signup',
          points: '1',
          validFrom: '2026-02-01T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
        },
      ],
      stacking: { base: 'multiply' },
    });
    expect(found.map((i) => `${i.path}:${i.code}`)).toEqual([
      'earning.0.validUntil:empty_validity',
      'stacking.base:invalid_mode',
    ]);
  });

  test('money in the program is exact in its currency (JPY has no decimals)', () => {
    const found = issuesOf({
      id: 'p',
      currency: 'JPY',
      timeZone: 'Asia/Tokyo',
      earning: [{ id: 'x', kind: 'spend', rate: { points: '1', per: '100.5' } }],
    });
    expect(found.map((i) => i.path)).toEqual(['earning.0.rate.per']);
  });

  test('readable messages for shape errors', () => {
    const found = issuesOf({ ...minimal, pointsPrecision: 7, earning: [{ id: 'x', kind: 'spend' }] });
    expect(found).toEqual([
      { path: 'pointsPrecision', code: 'too_big', message: 'Must be at most 4' },
      { path: 'earning.0.rate', code: 'invalid_type', message: 'Required: expected an object' },
    ]);
  });
});
