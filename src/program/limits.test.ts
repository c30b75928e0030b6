import {
  createEngine,
  DEFAULT_PROGRAM_LIMITS,
  defineProgram,
  isLoyaltyError,
  type ProgramLimits,
  validateProgram,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const minimal = { id: 'p', currency: 'CNY', timeZone: 'Asia/Shanghai' };
const leaf = (i = 0) => ({ fact: 'orderCount', operator: 'greaterThan', value: i });
const spend = (id: string, extra: object = {}) => ({
  id,
  kind: 'spend',
  rate: { points: '1', per: '1.00' },
  ...extra,
});

function issuesOf(json: unknown, limits?: Partial<ProgramLimits>): string[] {
  const r = validateProgram(json, limits === undefined ? undefined : { limits });
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.join('.')}:${i.code}`);
}

function messagesOf(json: unknown, limits?: Partial<ProgramLimits>): string[] {
  const r = validateProgram(json, limits === undefined ? undefined : { limits });
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

function nestAll(depth: number): object {
  let c: object = leaf();
  for (let i = 0; i < depth; i++) c = { all: [c] };
  return c;
}

describe('ProgramLimits', () => {
  test('counts: each is configurable, and beyond it is limit_exceeded at the field naming the limit', () => {
    const rules = Array.from({ length: 3 }, (_, i) => spend(`r${i}`));
    const program = {
      ...minimal,
      customFacts: ['a', 'b', 'c'],
      conditions: { x: leaf(1), y: leaf(2), z: leaf(3) },
      earning: rules,
      caps: [1, 2, 3].map((i) => ({ id: `c${i}`, points: '10', window: { type: 'lifetime' } })),
      rewards: [1, 2, 3].map((i) => ({ id: `w${i}`, points: '10' })),
      gifts: [1, 2, 3].map((i) => ({ id: `g${i}`, on: 'activation', rewards: ['w1'] })),
    };
    expect(issuesOf(program)).toEqual([]);
    const two = {
      maxRules: 2,
      maxCaps: 2,
      maxRewards: 2,
      maxGifts: 2,
      maxCustomFacts: 2,
      maxSharedConditions: 2,
    };
    expect(issuesOf(program, two)).toEqual([
      'earning:limit_exceeded',
      'caps:limit_exceeded',
      'rewards:limit_exceeded',
      'gifts:limit_exceeded',
      'customFacts:limit_exceeded',
      'conditions:limit_exceeded',
    ]);
    expect(messagesOf(program, { maxRules: 2 })).toEqual([
      'Too many earning rules: 3 (the limit is 2, ProgramLimits.maxRules)',
    ]);
  });

  test('the defaults are documented values, frozen', () => {
    expect(Object.isFrozen(DEFAULT_PROGRAM_LIMITS)).toBe(true);
    expect(DEFAULT_PROGRAM_LIMITS.maxRules).toBe(1_000);
    expect(DEFAULT_PROGRAM_LIMITS.maxConditionDepth).toBe(32);
    expect(DEFAULT_PROGRAM_LIMITS.maxPathDepth).toBe(16);
    expect(DEFAULT_PROGRAM_LIMITS.maxTotalConditionNodes).toBe(20_000);
  });

  test('condition depth and size, path depth and length', () => {
    const deep = { ...minimal, earning: [spend('a', { when: nestAll(40) })] };
    expect(issuesOf(deep)).toEqual([`earning.0.when${'.all.0'.repeat(32)}:limit_exceeded`]);
    expect(messagesOf(deep)[0]).toContain('ProgramLimits');
    expect(issuesOf(deep, { maxConditionDepth: 50 })).toEqual([]);
    expect(
      issuesOf({ ...minimal, earning: [spend('a', { when: nestAll(5) })] }, { maxConditionDepth: 3 }),
    ).not.toEqual([]);

    const path = (p: string) => ({
      ...minimal,
      customFacts: ['profile'],
      earning: [spend('a', { when: { fact: 'profile', path: p, operator: 'equal', value: 1 } })],
    });
    expect(issuesOf(path('$.a.b.c'))).toEqual([]);
    expect(issuesOf(path('$.a.b.c'), { maxPathDepth: 2 })).toEqual(['earning.0.when.path:limit_exceeded']);
    expect(issuesOf(path(`$.${'a'.repeat(300)}`))).toEqual(['earning.0.when.path:limit_exceeded']);
    expect(messagesOf(path('$.a.b.c'), { maxPathDepth: 2 })[0]).toContain('ProgramLimits');
  });

  test('all conditions together are bounded, shared conditions counted each time they are used', () => {
    const wide = { any: Array.from({ length: 500 }, (_, i) => leaf(i)) };
    const program = {
      ...minimal,
      conditions: { wide },
      earning: Array.from({ length: 30 }, (_, i) => spend(`r${i}`, { when: { condition: 'wide' } })),
    };
    expect(issuesOf(program)).toEqual([]);
    const found = validateProgram(program, { limits: { maxTotalConditionNodes: 5_000 } });
    expect(found.success).toBe(false);
    if (!found.success) {
      expect(found.error.issues).toHaveLength(1);
      expect(found.error.issues[0]?.code).toBe('limit_exceeded');
      expect(found.error.issues[0]?.message).toContain('ProgramLimits.maxTotalConditionNodes');
    }
  });

  test('size of the whole program: values, nesting, string lengths', () => {
    expect(issuesOf({ ...minimal, description: 'x'.repeat(20) }, { maxStringLength: 15 })).toEqual([
      'description:limit_exceeded',
    ]);
    expect(issuesOf({ ...minimal, description: 'x'.repeat(20) }, { maxTotalStringLength: 30 })).toEqual([
      ':limit_exceeded',
    ]);
    expect(issuesOf({ ...minimal, earning: [spend('a'), spend('b')] }, { maxNodes: 10 })).toEqual([
      ':limit_exceeded',
    ]);
    expect(messagesOf({ ...minimal, earning: [spend('a')] }, { maxDepth: 2 })).toEqual([
      'Nested deeper than 2 levels (ProgramLimits.maxDepth)',
    ]);
  });

  test('bad options are INVALID_ARGUMENT, thrown even by validateProgram', () => {
    for (const limits of [
      { maxRulez: 1 },
      { maxRules: 0 },
      { maxRules: 1.5 },
      { maxRules: '5' },
      { maxConditionDepth: 5_000 },
    ]) {
      let code: string | undefined;
      try {
        validateProgram(minimal, { limits } as never);
      } catch (e) {
        if (isLoyaltyError(e)) code = e.code;
      }
      expect(code, JSON.stringify(limits)).toBe('INVALID_ARGUMENT');
    }
    expect(() => defineProgram(minimal, { limits: { maxRules: 5 } })).not.toThrow();
  });
});

describe('prototype keys and reserved names', () => {
  test('__proto__, constructor, prototype as keys are refused with their path, even as JSON.parse own keys', () => {
    const json = JSON.parse(
      '{"id":"p","currency":"CNY","timeZone":"UTC","__proto__":{"x":1},"conditions":{"constructor":{"all":[]}},"rewards":[{"id":"w","points":"1","names":{"en":"Coffee","prototype":"x"}}]}',
    );
    expect(issuesOf(json)).toEqual([
      '__proto__:forbidden_key',
      'conditions.constructor:forbidden_key',
      'rewards.0.names.prototype:forbidden_key',
    ]);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  test('as fact names and path segments', () => {
    for (const when of [
      { fact: '__proto__', operator: 'equal', value: 1 },
      { fact: 'memberAttributes', path: '$.constructor.prototype', operator: 'equal', value: 1 },
      { fact: 'memberAttributes', path: "$['__proto__']", operator: 'equal', value: 1 },
    ]) {
      const found = validateProgram({ ...minimal, earning: [spend('a', { when })] });
      expect(found.success).toBe(false);
      if (!found.success) {
        expect(found.error.issues).toHaveLength(1);
        expect(found.error.issues[0]?.code).toMatch(/^(forbidden_name|invalid_path)$/);
        expect(found.error.issues[0]?.path.at(-1)).toBe(when.path === undefined ? 'fact' : 'path');
        expect(found.error.issues[0]?.message).toContain('could reach the object prototype');
      }
    }
  });

  test('names every object has are refused as ids, metric names and custom facts', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']) {
      const found = issuesOf({
        ...minimal,
        customFacts: [name],
        earning: [spend(name)],
        caps: [{ id: name, points: '1', window: { type: 'lifetime' } }],
        rewards: [{ id: name, points: '1' }],
        tiers: {
          metrics: { [name]: { kind: 'spend', window: { type: 'lifetime' } } },
          levels: [{ id: name }],
        },
      });
      expect(found, name).toEqual(
        expect.arrayContaining([
          'customFacts.0:invalid_format',
          'earning.0.id:invalid_format',
          'caps.0.id:invalid_format',
          'rewards.0.id:invalid_format',
          'tiers.levels.0.id:invalid_format',
        ]),
      );
      expect(found.some((p) => p.startsWith('tiers.metrics'))).toBe(true);
    }
    expect(issuesOf({ ...minimal, earning: [spend('toStringAndMore')] })).toEqual([]);
  });
});

describe('one pass: shape and meaning problems together', () => {
  test('an unknown field and a broken rule do not hide unknown references and tier order', () => {
    const found = issuesOf({
      ...minimal,
      timeZone: 'Asia/Nowhere',
      extra: true,
      earning: [spend('base', { bogus: 1 }), { id: 'broken', kind: 'spend' }, spend('base')],
      caps: [{ id: 'c', points: '10', window: { type: 'lifetime' }, appliesTo: { rules: ['nope'] } }],
      rewards: [{ id: 'coffee', points: 'ten' }],
      tiers: {
        metrics: { spent: { kind: 'spend', window: { type: 'lifetime' } } },
        levels: [
          { id: 'member' },
          {
            id: 'gold',
            entry: { all: [{ fact: 'spent', operator: 'greaterThanInclusive', value: 50_000 }] },
          },
          {
            id: 'silver',
            entry: { all: [{ fact: 'spent', operator: 'greaterThanInclusive', value: 10_000 }] },
          },
        ],
      },
    });
    // Shape: the unknown fields and the rule without a rate.
    expect(found).toEqual(
      expect.arrayContaining([
        'extra:unrecognized_keys',
        'earning.0.bogus:unrecognized_keys',
        'earning.1.rate:invalid_type',
      ]),
    );
    // Meaning, of the well-shaped parts: zone, duplicate id (at its index as written), decimal, tier order.
    expect(found).toEqual(
      expect.arrayContaining([
        'timeZone:unknown_time_zone',
        'earning.2.id:duplicate_id',
        'rewards.0.points:invalid_points',
        'tiers.levels.2.entry:thresholds_not_increasing',
      ]),
    );
    // With a rule left out, references to rules are not checked (it may be the one named).
    expect(found.filter((p) => p.includes('unknown_reference'))).toEqual([]);
  });

  test('unknown references are reported with shape problems elsewhere', () => {
    const found = issuesOf({
      ...minimal,
      extra: 1,
      earning: [spend('base')],
      caps: [{ id: 'c', points: '10', window: { type: 'lifetime' }, appliesTo: { rules: ['nope'] } }],
      gifts: [{ id: 'g', on: 'activation', rewards: ['missing'] }],
    });
    expect(found).toEqual([
      'extra:unrecognized_keys',
      'caps.0.appliesTo.rules.0:unknown_reference',
      'gifts.0.rewards.0:unknown_reference',
    ]);
  });
});

describe('numbers', () => {
  test('non-finite, unsafe, exponent and too many decimals are refused with codes and paths', () => {
    const found = issuesOf({
      ...minimal,
      earning: [
        { id: 'a', kind: 'spend', rate: { points: Number.NaN, per: '1.00' } },
        { id: 'b', kind: 'spend', rate: { points: '99999999999999999999', per: '1.00' } },
        { id: 'c', kind: 'spend', rate: { points: '1e400', per: '1.00' } },
        { id: 'd', kind: 'spend', rate: { points: '1', per: '1.001' } },
        { id: 'e', kind: 'multiplier', factor: '99999999999999999999' },
      ],
      rewards: [
        { id: 'r1', points: 2 ** 53 },
        { id: 'r2', points: '0.5' },
      ],
    });
    expect(found).toEqual([
      'earning.0.rate.points:invalid_type',
      'earning.1.rate.points:out_of_range',
      'earning.2.rate.points:invalid_decimal',
      'earning.3.rate.per:invalid_amount',
      'earning.4.factor:out_of_range',
      'rewards.0.points:invalid_points',
      'rewards.1.points:invalid_points',
    ]);
  });
});

describe('inputs', () => {
  test('the input is neither changed nor frozen, valid or not', () => {
    const valid = { ...minimal, earning: [spend('a')] };
    const invalid = { ...minimal, earning: [spend('a', { extra: 1 })], __proto__: null };
    for (const input of [valid, invalid]) {
      const before = JSON.stringify(input);
      validateProgram(input);
      expect(JSON.stringify(input)).toBe(before);
      expect(Object.isFrozen(input)).toBe(false);
      expect(Object.isFrozen(input.earning)).toBe(false);
    }
    expect(createEngine(defineProgram(valid)).program).toEqual(valid);
  });
});
