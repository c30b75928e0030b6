import {
  createEngine,
  DEFAULT_EVENT_LIMITS,
  defineProgram,
  type EventLimits,
  isLoyaltyError,
  type LoyaltyError,
  parseEvent,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const at = '2026-03-01T10:00:00Z';
const line = (i: number, extra: object = {}) => ({
  id: `l${i}`,
  sku: 'latte',
  quantity: 1,
  price: 3200,
  ...extra,
});
const purchase = (lines: object[], extra: object = {}) => ({
  type: 'purchase',
  id: 'o-1',
  occurredAt: at,
  currency: 'CNY',
  lines,
  ...extra,
});

function refusal(input: unknown, limits?: Partial<EventLimits>): LoyaltyError {
  try {
    parseEvent(input, limits === undefined ? undefined : { limits });
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
  throw new Error('accepted');
}
const issuesOf = (input: unknown, limits?: Partial<EventLimits>): string[] =>
  refusal(input, limits).issues.map((i) => `${i.path.join('.')}:${i.code}`);

describe('EventLimits', () => {
  test('lines: 1,000 by default, configurable both ways', () => {
    const many = purchase(Array.from({ length: 1_001 }, (_, i) => line(i)));
    expect(issuesOf(many)).toEqual(['lines:limit_exceeded']);
    expect(refusal(many).issues[0]?.message).toBe(
      'Too many lines: 1001 (the limit is 1000, EventLimits.maxLines)',
    );
    expect(() => parseEvent(many, { limits: { maxLines: 2_000 } })).not.toThrow();
    expect(issuesOf(purchase([line(0), line(1)]), { maxLines: 1 })).toEqual(['lines:limit_exceeded']);
  });

  test('nesting, values and string lengths of the whole event, attributes included', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 30; i++) deep = { a: deep };
    expect(issuesOf(purchase([line(0, { attributes: { deep } })]))).toEqual([
      `lines.0.attributes.deep${'.a'.repeat(16)}:limit_exceeded`,
    ]);
    expect(() =>
      parseEvent(purchase([line(0, { attributes: { deep } })]), { limits: { maxDepth: 40 } }),
    ).not.toThrow();
    expect(
      issuesOf(purchase([line(0, { attributes: { note: 'x'.repeat(50) } })]), { maxStringLength: 20 }),
    ).toEqual(['lines.0.attributes.note:limit_exceeded']);
    expect(issuesOf(purchase([line(0), line(1)]), { maxNodes: 10 })).toEqual([':limit_exceeded']);
    expect(issuesOf(purchase([line(0)]), { maxTotalStringLength: 20 })).toEqual([':limit_exceeded']);
    expect(refusal(purchase([line(0)]), { maxTotalStringLength: 20 }).issues[0]?.message).toContain(
      'EventLimits.maxTotalStringLength',
    );
  });

  test('a 10,000-level nesting is a LoyaltyError, not a stack overflow', () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(refusal({ type: 'custom', id: 'c', occurredAt: at, name: 'x', attributes: { deep } }).code).toBe(
      'INVALID_EVENT',
    );
    expect(refusal(deep).code).toBe('INVALID_EVENT');
  });

  test('bad options are INVALID_ARGUMENT; the defaults are frozen', () => {
    for (const limits of [{ maxLinez: 1 }, { maxLines: 0 }, { maxLines: Number.NaN }]) {
      let code: string | undefined;
      try {
        parseEvent(purchase([line(0)]), { limits } as never);
      } catch (e) {
        if (isLoyaltyError(e)) code = e.code;
      }
      expect(code).toBe('INVALID_ARGUMENT');
    }
    expect(Object.isFrozen(DEFAULT_EVENT_LIMITS)).toBe(true);
    expect(DEFAULT_EVENT_LIMITS.maxLines).toBe(1_000);
  });

  test('an event parsed with other limits is applied as parsed', () => {
    const engine = createEngine(
      defineProgram({
        id: 'p',
        currency: 'CNY',
        timeZone: 'UTC',
        earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
      }),
    );
    const member = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const big = purchase(Array.from({ length: 1_500 }, (_, i) => line(i, { price: 100 })));
    expect(() => engine.apply(member, big)).toThrow(/Invalid event/);
    const { state } = engine.apply(member, parseEvent(big, { limits: { maxLines: 2_000 } }));
    expect(state.totals.earned).toBe(1_500);
    // Or give the engine its event limits.
    const bulk = createEngine(engine.program, { eventLimits: { maxLines: 2_000 } });
    expect(bulk.apply(member, big).state.totals.earned).toBe(1_500);
    expect(bulk.applyAll(member, [big]).state.totals.earned).toBe(1_500);
    expect(bulk.explainEvent(member, big).effects.length).toBeGreaterThan(0);
    const strict = createEngine(engine.program, { eventLimits: { maxLines: 1 } });
    expect(() => strict.apply(member, purchase([line(0), line(1)]))).toThrow(/Invalid event/);
    expect(() => createEngine(engine.program, { eventLimits: { maxLinez: 1 } as never })).toThrow(
      /Invalid event limits/,
    );
  });
});

describe('prototype keys and reserved names in events', () => {
  test('__proto__, constructor, prototype keys in attributes are refused with their paths', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const custom = JSON.parse(
        `{"type":"custom","id":"c","occurredAt":"${at}","name":"review","attributes":{"stars":5,"${key}":{"polluted":true}}}`,
      );
      expect(issuesOf(custom)).toEqual([`attributes.${key}:forbidden_key`]);
      const lineAttrs = JSON.parse(`{"${key}": {"polluted": true}}`);
      expect(issuesOf(purchase([line(0, { attributes: lineAttrs })]))).toEqual([
        `lines.0.attributes.${key}:forbidden_key`,
      ]);
      const top = JSON.parse(`{"type":"custom","id":"c","occurredAt":"${at}","name":"x","${key}":1}`);
      expect(issuesOf(top)).toEqual([`${key}:forbidden_key`]);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('line ids that every object has as a property are refused (they key refunds in the state)', () => {
    for (const id of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(issuesOf(purchase([line(0, { id })]))).toEqual(['lines.0.id:invalid_format']);
      const refund = {
        type: 'refund',
        id: 'r',
        orderId: 'o',
        occurredAt: at,
        lines: [{ lineId: id, quantity: 1 }],
      };
      expect(issuesOf(refund)).toEqual(['lines.0.lineId:invalid_format']);
    }
  });
});

describe('numbers in events', () => {
  test('non-finite, fractional and unsafe amounts are refused with their paths', () => {
    expect(issuesOf(purchase([line(0, { price: Number.POSITIVE_INFINITY })]))).toEqual([
      'lines.0.price:invalid_type',
    ]);
    expect(issuesOf(purchase([line(0, { price: 12.5 })]))).toEqual(['lines.0.price:invalid_type']);
    expect(issuesOf(purchase([line(0, { price: 2 ** 53 })]))).toEqual(['lines.0.price:too_big']);
    expect(issuesOf(purchase([line(0, { price: 9_007_199_254_740, quantity: 1_000_000 })]))).toEqual([
      'lines.0.price:amount_overflow',
    ]);
    expect(
      issuesOf(
        purchase([line(0, { price: Number.MAX_SAFE_INTEGER }), line(1, { price: Number.MAX_SAFE_INTEGER })]),
      ),
    ).toEqual(['lines:amount_overflow']);
    expect(
      issuesOf({ type: 'adjustment', id: 'a', occurredAt: at, points: -(2 ** 53), reason: 'x' }),
    ).toEqual(['points:too_small']);
  });
});
