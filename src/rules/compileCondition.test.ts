import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError, type LoyaltyError } from '../errors/index.js';
import { compileCondition } from './compileCondition.js';
import { explainCondition } from './explainCondition.js';
import type { Condition, ExplainGroup, ExplainLeaf } from './types.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

function leaf(operator: string, value: unknown, fact = 'f'): Condition {
  return { all: [{ fact, operator, value }] };
}
function run(operator: string, factValue: unknown, value: unknown): boolean {
  return compileCondition(leaf(operator, value))({ f: factValue });
}
function errorOf(fn: () => unknown): LoyaltyError {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
  throw new Error('expected a LoyaltyError');
}

describe('built-in operators (json-rules-engine 7 semantics)', () => {
  test('equal / notEqual are strict', () => {
    expect(run('equal', 1, 1)).toBe(true);
    expect(run('equal', '1', 1)).toBe(false);
    expect(run('equal', null, null)).toBe(true);
    expect(run('equal', undefined, null)).toBe(false);
    expect(run('notEqual', undefined, null)).toBe(true);
    expect(run('equal', Number.NaN, 0)).toBe(false);
    expect(run('notEqual', Number.NaN, 0)).toBe(true);
    expect(compileCondition({ all: [{ fact: 'missing', operator: 'equal', value: undefined }] })({})).toBe(
      true,
    );
  });
  test('in / notIn use indexOf: arrays strictly, strings as substring search', () => {
    expect(run('in', 'b', ['a', 'b'])).toBe(true);
    expect(run('in', 1, ['1'])).toBe(false);
    expect(run('in', 'bc', 'abcd')).toBe(true);
    expect(run('in', 1, '123')).toBe(true);
    expect(run('in', undefined, 'is undefined')).toBe(true);
    expect(run('in', 'x', [])).toBe(false);
    expect(run('notIn', 'x', [])).toBe(true);
    expect(run('in', Number.NaN, [0])).toBe(false);
    expect(errorOf(() => run('in', 1, [Number.NaN])).code).toBe('INVALID_CONDITION');
  });
  test('in / notIn against lists of only strings or only numbers (compared without indexOf) agree with indexOf', () => {
    const lists: unknown[][] = [
      ['a', 'b'],
      ['gold', 'platinum', 'silver', 'basic', 'vip', 'staff'],
      [6, 7],
      [1, 2, 3, 5, 8, 13],
      [0, 1.5, -2],
      ['1', 1],
    ];
    const facts: unknown[] = [
      'a',
      'b',
      'vip',
      'staff',
      'x',
      '',
      7,
      6,
      13,
      8,
      2,
      4,
      0,
      -0,
      1.5,
      -2,
      '1',
      1,
      '7',
    ];
    facts.push(null, undefined, true, Number.NaN, ['a'], { a: 1 });
    for (const list of lists) {
      for (const x of facts) {
        expect(run('in', x, list)).toBe(list.indexOf(x) > -1);
        expect(run('notIn', x, list)).toBe(list.indexOf(x) === -1);
      }
    }
  });
  test('in with a non-array value: refused at compile time, INVALID_CONDITION at run time via a fact reference', () => {
    expect(errorOf(() => compileCondition(leaf('in', 5))).code).toBe('INVALID_CONDITION');
    const c = compileCondition({ all: [{ fact: 'f', operator: 'in', value: { fact: 'list' } }] });
    const e = errorOf(() => c({ f: 1 }));
    expect(e.code).toBe('INVALID_CONDITION');
    expect(e.path).toEqual(['all', 0]);
    expect(c({ f: 1, list: [1] })).toBe(true);
  });
  test('contains / doesNotContain are false unless the fact is an array', () => {
    expect(run('contains', ['a'], 'a')).toBe(true);
    expect(run('contains', 'abc', 'a')).toBe(false);
    expect(run('doesNotContain', 'abc', 'z')).toBe(false);
    expect(run('doesNotContain', [], 'z')).toBe(true);
    expect(run('doesNotContain', null, 'z')).toBe(false);
    expect(run('contains', [null], null)).toBe(true);
  });
  test('contains / doesNotContain agree with indexOf for arrays with holes, mixed types and literals of every kind', () => {
    // biome-ignore lint/suspicious/noSparseArray: a hole on purpose
    const holey = [1, , 'a', undefined, 0, false];
    const facts: unknown[] = [
      holey,
      [],
      ['sale', 'new'],
      [1, 2, 3],
      ['1', 2],
      [-0],
      [null],
      [[1]],
      new Array(3),
    ];
    const literals: unknown[] = ['a', 'sale', 'x', '', 1, 2, 0, -0, 3, null, true, false, [1], { a: 1 }];
    for (const fact of facts) {
      for (const literal of literals) {
        const found = (fact as unknown[]).indexOf(literal) > -1;
        expect(run('contains', fact, literal)).toBe(found);
        expect(run('doesNotContain', fact, literal)).toBe(!found);
      }
    }
  });
  test('numeric operators: parseFloat validation, then JavaScript comparison', () => {
    expect(run('lessThan', 1, 2)).toBe(true);
    expect(run('lessThan', null, 2)).toBe(false);
    expect(run('lessThan', undefined, 2)).toBe(false);
    expect(run('lessThan', '', 2)).toBe(false);
    expect(run('lessThan', true, 2)).toBe(false);
    expect(run('lessThan', '10', '9')).toBe(true); // string comparison, as in json-rules-engine
    expect(run('lessThan', '12abc', 20)).toBe(false); // parseFloat says 12 but '12abc' < 20 is false
    expect(run('greaterThan', [5], 4)).toBe(true);
    expect(run('greaterThanInclusive', 'Infinity', 1e9)).toBe(true);
    expect(run('lessThanInclusive', 2, null)).toBe(false);
    expect(run('greaterThanInclusive', 0, null)).toBe(true);
    expect(run('greaterThan', Number.NaN, 0)).toBe(false);
  });
});

describe('decorators', () => {
  test('someFact / everyFact need an array fact; everyFact of [] is true', () => {
    expect(run('someFact:equal', [1, 2], 2)).toBe(true);
    expect(run('everyFact:greaterThan', [1, 2], 0)).toBe(true);
    expect(run('everyFact:greaterThan', [], 0)).toBe(true);
    expect(run('someFact:equal', 2, 2)).toBe(false);
  });
  test('someValue / everyValue need an array value', () => {
    expect(run('someValue:equal', 2, [1, 2])).toBe(true);
    expect(run('everyValue:lessThan', 0, [1, 2])).toBe(true);
    expect(errorOf(() => compileCondition(leaf('someValue:equal', 3))).code).toBe('INVALID_CONDITION');
  });
  test('not, swap and chains compose outermost first', () => {
    expect(run('not:equal', 1, 1)).toBe(false);
    expect(run('swap:contains', 'a', ['a'])).toBe(true);
    expect(run('everyFact:not:equal', [1, 2], 3)).toBe(true);
    expect(run('not:someFact:equal', [1, 2], 2)).toBe(false);
    expect(run('swap:in', ['x', 'y'], 'x')).toBe(true);
  });
});

describe('booleans, references, paths', () => {
  test('empty all is true and empty any is true (json-rules-engine 7)', () => {
    expect(compileCondition({ all: [] })({})).toBe(true);
    expect(compileCondition({ any: [] })({})).toBe(true);
    expect(compileCondition({ not: { any: [] } })({})).toBe(false);
  });
  test('paths: subset of JSONPath; non-object facts ignore the path', () => {
    const c = (path: string): boolean =>
      compileCondition({ all: [{ fact: 'o', path, operator: 'equal', value: 1 }] })({
        o: { a: { b: 1 }, l: [1], 'k k': 1, s: '1' },
      });
    expect(c('$.a.b')).toBe(true);
    expect(c('a.b')).toBe(true);
    expect(c('$.l[0]')).toBe(true);
    expect(c("$['k k']")).toBe(true);
    expect(
      compileCondition({ all: [{ fact: 'n', path: '$.x', operator: 'equal', value: 5 }] })({ n: 5 }),
    ).toBe(true);
    expect(
      compileCondition({ all: [{ fact: 'o', path: '$.s.length', operator: 'equal', value: 0 }] })({
        o: { s: '' },
      }),
    ).toBe(false);
    for (const bad of [
      '$..a',
      '$.*',
      '$[?(@.a)]',
      '$.a[0:2]',
      '$[-1]',
      '$.__proto__',
      "$['constructor']",
      '.a',
    ]) {
      const e = errorOf(() =>
        compileCondition({ all: [{ fact: 'o', path: bad, operator: 'equal', value: 1 }] }),
      );
      expect(e.code).toBe('INVALID_CONDITION');
      expect(e.path).toEqual(['all', 0, 'path']);
    }
  });
  test('only own properties are read', () => {
    const c = compileCondition({ all: [{ fact: 'toString', operator: 'equal', value: undefined }] });
    expect(c({})).toBe(true);
    const proto = Object.create({ tier: 'gold' }) as Record<string, unknown>;
    expect(compileCondition({ all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] })(proto)).toBe(
      false,
    );
  });
  test('forbidden names are refused', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      expect(
        errorOf(() => compileCondition({ all: [{ fact: name, operator: 'equal', value: 1 }] })).code,
      ).toBe('INVALID_CONDITION');
    }
  });
  test('condition references, cycles, unknown names', () => {
    const conditions: Record<string, Condition> = {
      gold: { all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] },
      goldOrVip: { any: [{ condition: 'gold' }, { fact: 'vip', operator: 'equal', value: true }] },
    };
    const c = compileCondition({ all: [{ condition: 'goldOrVip' }] }, { conditions });
    expect(c({ tier: 'gold' })).toBe(true);
    expect(c({ vip: true })).toBe(true);
    expect(c({})).toBe(false);
    expect([...c.factNames].sort()).toEqual(['tier', 'vip']);
    const cyc = errorOf(() =>
      compileCondition(
        { all: [{ condition: 'a' }] },
        { conditions: { a: { not: { condition: 'b' } }, b: { all: [{ condition: 'a' }] } } },
      ),
    );
    expect(cyc.code).toBe('INVALID_CONDITION');
    expect(cyc.message).toContain('a -> b -> a');
    expect(errorOf(() => compileCondition({ all: [{ condition: 'nope' }] })).path).toEqual([
      'all',
      0,
      'condition',
    ]);
  });
  test('every issue is reported with its path', () => {
    const e = errorOf(() =>
      compileCondition({
        all: [
          { fact: 'a', operator: 'equal', value: 1 },
          { fact: 'b', operator: 'equals', value: 1 },
          { any: [{ fact: 'c', operator: 'greaterThan' } as unknown as Condition] },
          { fact: 'd', operater: 'equal', value: 1 } as unknown as Condition,
        ],
      }),
    );
    expect(e.code).toBe('INVALID_CONDITION');
    const paths = e.issues.map((i) => i.path);
    expect(paths).toContainEqual(['all', 1, 'operator']);
    expect(paths).toContainEqual(['all', 2, 'any', 0, 'value']);
    expect(e.issues.length).toBeGreaterThanOrEqual(3);
    expect(e.message).toContain('did you mean "equal"');
  });
  test('knownFacts refuses unknown facts', () => {
    const e = errorOf(() => compileCondition(leaf('equal', 1, 'tierr'), { knownFacts: ['tier'] }));
    expect(e.issues[0]!.code).toBe('unknown_fact');
    expect(e.path).toEqual(['all', 0, 'fact']);
  });
});

describe('limits and hostile input', () => {
  test('depth, nodes, strings, arrays', () => {
    let deep: Condition = { fact: 'a', operator: 'equal', value: 1 };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    expect(errorOf(() => compileCondition(deep)).code).toBe('LIMIT_EXCEEDED');
    let veryDeep: unknown = {};
    for (let i = 0; i < 100_000; i++) veryDeep = { not: veryDeep };
    expect(errorOf(() => compileCondition(veryDeep as Condition)).code).toBe('LIMIT_EXCEEDED');
    const wide = { any: Array.from({ length: 50 }, () => ({ fact: 'a', operator: 'equal', value: 1 })) };
    expect(errorOf(() => compileCondition(wide, { limits: { maxNodes: 20 } })).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => compileCondition(leaf('equal', 'x'.repeat(2000)))).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => compileCondition(leaf('equal', 1), { limits: { maxDepth: 0 } })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
  test('exponential sharing through references is bounded', () => {
    const conditions: Record<string, Condition> = {
      c0: { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
    };
    for (let i = 1; i < 30; i++)
      conditions[`c${i}`] = { all: [{ condition: `c${i - 1}` }, { condition: `c${i - 1}` }] };
    expect(errorOf(() => compileCondition({ all: [{ condition: 'c29' }] }, { conditions })).code).toBe(
      'LIMIT_EXCEEDED',
    );
  });
  test('arbitrary JSON never throws anything but a LoyaltyError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 3 }), (cond, facts) => {
        try {
          const c = compileCondition(cond as unknown as Condition);
          if (typeof facts === 'object' && facts !== null && !Array.isArray(facts))
            c(facts as Record<string, unknown>);
        } catch (e) {
          expect(isLoyaltyError(e)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('lazy facts', () => {
  test('a function fact is computed only when read, once per evaluation and params', () => {
    let calls = 0;
    const facts = {
      cheap: 1,
      spend: (p: Readonly<Record<string, unknown>>) => {
        calls++;
        return p['days'] === 30 ? 500 : 100;
      },
    };
    const c = compileCondition({
      any: [
        { fact: 'cheap', operator: 'equal', value: 1 },
        { fact: 'spend', operator: 'greaterThan', value: 0 },
      ],
    });
    expect(c(facts)).toBe(true);
    expect(calls).toBe(0);
    const d = compileCondition({
      all: [
        { fact: 'spend', params: { days: 30 }, operator: 'greaterThan', value: 400 },
        { fact: 'spend', params: { days: 30 }, operator: 'lessThan', value: 600 },
        { fact: 'spend', operator: 'equal', value: 100 },
      ],
    });
    expect(d(facts)).toBe(true);
    expect(calls).toBe(2);
  });
  test('async and throwing facts give LoyaltyErrors', () => {
    const c = compileCondition(leaf('equal', 1));
    expect(errorOf(() => c({ f: () => Promise.resolve(1) })).code).toBe('INVALID_ARGUMENT');
    expect(
      errorOf(() =>
        c({
          f: () => {
            throw new Error('db down');
          },
        }),
      ).message,
    ).toContain('db down');
  });
});

describe('custom operators', () => {
  test('registered at compile time; only true passes; cannot replace built-ins', () => {
    const c = compileCondition(leaf('divisibleBy', 3), {
      operators: { divisibleBy: (a, b) => typeof a === 'number' && a % (b as number) === 0 },
    });
    expect(c({ f: 9 })).toBe(true);
    expect(c({ f: 10 })).toBe(false);
    const truthy = compileCondition(
      { not: { fact: 'f', operator: 'one', value: 0 } },
      {
        operators: { one: () => 1 as unknown as boolean },
      },
    );
    expect(truthy({})).toBe(true);
    expect(errorOf(() => compileCondition(leaf('equal', 1), { operators: { equal: () => true } })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('explainCondition', () => {
  test('leaf values, expected values, results and short-circuits', () => {
    const c = compileCondition({
      all: [
        { fact: 'tier', operator: 'equal', value: 'gold' },
        { fact: 'spend', operator: 'greaterThan', value: { fact: 'threshold' } },
      ],
    });
    const ex = explainCondition(c, { tier: 'silver', spend: 10, threshold: 5 }) as ExplainGroup;
    expect(ex.result).toBe(false);
    const first = ex.children[0] as ExplainLeaf;
    expect(first).toMatchObject({
      kind: 'fact',
      fact: 'tier',
      factValue: 'silver',
      value: 'gold',
      result: false,
      evaluated: true,
    });
    expect(ex.children[1]!.evaluated).toBe(false);
    const ok = explainCondition(c, { tier: 'gold', spend: 10, threshold: 5 }) as ExplainGroup;
    expect(ok.result).toBe(true);
    expect(ok.children[1]).toMatchObject({ factValue: 10, value: 5, result: true });
  });
});
