import { describe, expect, test } from 'vitest';
import type { LoyaltyIssue } from '../errors/index.js';
import { copyJson, copyJsonBounded, deepFreeze } from './copyJson.js';

describe('copyJson', () => {
  test('copies plain JSON and leaves the input untouched (and unfrozen)', () => {
    const input = { a: [1, 'x', null, { b: true }], c: { d: 2 } };
    const issues: LoyaltyIssue[] = [];
    const copy = deepFreeze(copyJson(input, [], issues));
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(Object.isFrozen(input.c)).toBe(false);
    expect(Object.isFrozen((copy as typeof input).c)).toBe(true);
    expect(issues).toEqual([]);
  });

  test('refuses non-JSON values, forbidden keys, non-finite numbers, with paths', () => {
    const issues: LoyaltyIssue[] = [];
    copyJson({ f: () => 1, n: Number.NaN, d: new Date(0), ['__proto__']: 1, ok: 1 }, ['attributes'], issues);
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}');
    copyJson(hostile, ['x'], issues);
    expect(issues.map((i) => `${i.path.join('.')}:${i.code}`).sort()).toEqual([
      'attributes.__proto__:forbidden_key',
      'attributes.d:invalid_type',
      'attributes.f:invalid_type',
      'attributes.n:invalid_type',
      'x.__proto__:forbidden_key',
    ]);
  });

  test('a deeply nested value is refused without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const issues: LoyaltyIssue[] = [];
    copyJson(deep, [], issues);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('limit_exceeded');
    expect(issues[0]?.message).toMatch(/Nested deeper than 16 levels/);
  });

  test('an object written with a __proto__ literal is not plain data; one from JSON.parse has a forbidden key', () => {
    const issues: LoyaltyIssue[] = [];
    // An object literal sets the prototype (no own key): refused as not plain data.
    copyJson({ a: { __proto__: { polluted: true } } }, ['m'], issues);
    // JSON.parse makes an own property "__proto__": refused as a forbidden key.
    copyJson(JSON.parse('{"a": {"__proto__": {"polluted": true}}}'), ['j'], issues);
    // A null-prototype object is plain data.
    copyJson({ a: Object.assign(Object.create(null), { b: 1 }) }, ['n'], issues);
    expect(issues.map((i) => `${i.path.join('.')}:${i.code}`)).toEqual([
      'm.a:invalid_type',
      'j.a.__proto__:forbidden_key',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('a total length of strings and keys is enforced, and stops the copy', () => {
    const issues: LoyaltyIssue[] = [];
    const r = copyJsonBounded({ a: 'x'.repeat(60), b: 'y'.repeat(60) }, [], issues, {
      maxDepth: 5,
      maxNodes: 100,
      maxStringLength: 100,
      maxTotalStringLength: 100,
      name: 'Limits',
    });
    expect(r).toEqual({ value: null, stopped: true });
    expect(issues.map((i) => i.message)).toEqual([
      'Too large: more than 100 characters in strings and keys (Limits.maxTotalStringLength)',
    ]);
  });

  test('too many values is refused', () => {
    const issues: LoyaltyIssue[] = [];
    copyJson(
      Array.from({ length: 20 }, () => 1),
      [],
      issues,
      { maxDepth: 5, maxNodes: 10, maxStringLength: 5 },
    );
    expect(issues.map((i) => i.code)).toEqual(['limit_exceeded']);
  });
});
