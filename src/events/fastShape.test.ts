import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LoyaltyIssue } from '../errors/index.js';
import { copyJsonBounded } from '../json/index.js';
import { fastShape } from './fastShape.js';
import { DEFAULT_EVENT_LIMITS, type EventLimits, eventJsonLimits } from './limits.js';
import { eventSchema } from './schema.js';

/** The full path's answer: what the schema returns after the bounded copy, or 'invalid'. */
function slowShape(input: unknown, limits: EventLimits): unknown {
  const issues: LoyaltyIssue[] = [];
  const copy = copyJsonBounded(input, [], issues, eventJsonLimits(limits));
  if (copy.stopped || issues.length > 0) return 'invalid';
  const lines = (copy.value as { lines?: unknown } | null)?.lines;
  if (Array.isArray(lines) && lines.length > limits.maxLines) return 'invalid';
  const parsed = eventSchema.safeParse(copy.value);
  return parsed.success ? parsed.data : 'invalid';
}

const MAX = Number.MAX_SAFE_INTEGER;
const idArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('a'.repeat(128), 'toString'),
);
const instantArb = fc.constantFrom('2026-03-01T10:00:00Z', '2026-03-01T10:00:00+08:00', 'x'.repeat(64));
const minorArb = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, MAX));

const lineArb = fc.record(
  {
    id: fc.oneof(idArb, fc.constantFrom('0', '1')),
    sku: fc.string({ minLength: 1, maxLength: 8 }),
    category: fc.string({ maxLength: 8 }),
    tags: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    quantity: fc.integer({ min: 1, max: 1_000_000 }),
    price: minorArb,
    discount: minorArb,
    tax: minorArb,
  },
  { requiredKeys: ['sku', 'quantity', 'price'] },
);

const eventArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      type: fc.constant('purchase'),
      id: idArb,
      occurredAt: instantArb,
      memberId: idArb,
      orderId: idArb,
      currency: fc.constantFrom('CNY', 'EUR', ''),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
      orderDiscount: minorArb,
      shipping: minorArb,
      shippingTax: minorArb,
      payments: fc.array(
        fc.record({
          method: fc.constantFrom('card', 'giftCard', 'points'),
          amount: fc.integer({ min: 1, max: 500 }),
        }),
        { maxLength: 2 },
      ),
      channel: fc.string({ maxLength: 6 }),
      store: fc.string({ maxLength: 6 }),
      couponCodes: fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }),
    },
    { requiredKeys: ['type', 'id', 'occurredAt', 'currency', 'lines'] },
  ),
  fc.record(
    {
      type: fc.constant('redemption'),
      id: idArb,
      occurredAt: instantArb,
      memberId: idArb,
      points: fc.integer({ min: 1, max: MAX }),
      rewardId: idArb,
      quantity: fc.integer({ min: 1, max: 10_000 }),
      orderId: idArb,
    },
    { requiredKeys: ['type', 'id', 'occurredAt'] },
  ),
  fc.record(
    {
      type: fc.constant('refund'),
      id: idArb,
      occurredAt: instantArb,
      orderId: idArb,
      lines: fc.array(fc.record({ lineId: idArb, quantity: fc.integer({ min: 1, max: 1_000_000 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      reason: fc.string({ maxLength: 10 }),
    },
    { requiredKeys: ['type', 'id', 'occurredAt', 'orderId'] },
  ),
  fc.record({
    type: fc.constant('adjustment'),
    id: idArb,
    occurredAt: instantArb,
    points: fc.integer({ min: -MAX, max: MAX }),
    reason: fc.string({ minLength: 1, maxLength: 10 }),
  }),
  fc.record({ type: fc.constantFrom('orderCompleted'), id: idArb, occurredAt: instantArb, orderId: idArb }),
  fc.record({
    type: fc.constant('custom'),
    id: idArb,
    occurredAt: instantArb,
    name: fc.string({ minLength: 1, maxLength: 9 }),
  }),
  fc.record(
    { type: fc.constant('signup'), id: idArb, occurredAt: instantArb, referredBy: idArb },
    { requiredKeys: ['type', 'id', 'occurredAt'] },
  ),
  fc.record({ type: fc.constant('birthday'), id: idArb, occurredAt: instantArb }),
  fc.record(
    {
      type: fc.constant('referral'),
      id: idArb,
      occurredAt: instantArb,
      referrerId: idArb,
      refereeId: idArb,
      status: fc.constantFrom('signedUp', 'qualified'),
    },
    { requiredKeys: ['type', 'id', 'occurredAt', 'referrerId', 'refereeId'] },
  ),
  fc.record(
    {
      type: fc.constant('redemptionCancellation'),
      id: idArb,
      occurredAt: instantArb,
      redemptionId: idArb,
      reason: fc.string(),
    },
    { requiredKeys: ['type', 'id', 'occurredAt', 'redemptionId'] },
  ),
);

const AT = '2026-03-01T10:00:00Z';
/** One event of each type the fast path knows, with every optional field. */
const FULL: readonly Record<string, unknown>[] = [
  {
    type: 'purchase',
    id: 'p',
    occurredAt: AT,
    memberId: 'm',
    orderId: 'o',
    currency: 'CNY',
    lines: [
      { id: 'l', sku: 's', category: 'c', tags: ['t'], quantity: 2, price: 100, discount: 5, tax: 1 },
      { sku: 's2', quantity: 1, price: 10 },
    ],
    orderDiscount: 1,
    shipping: 2,
    shippingTax: 1,
    payments: [{ method: 'card', amount: 100 }],
    channel: 'app',
    store: 's1',
    couponCodes: ['c'],
  },
  {
    type: 'redemption',
    id: 'r',
    occurredAt: AT,
    memberId: 'm',
    points: 5,
    rewardId: 'x',
    quantity: 2,
    orderId: 'o',
  },
  {
    type: 'refund',
    id: 'f',
    occurredAt: AT,
    orderId: 'o',
    lines: [{ lineId: 'l', quantity: 1 }],
    reason: 'r',
  },
  { type: 'adjustment', id: 'a', occurredAt: AT, points: -3, reason: 'r' },
  { type: 'orderCompleted', id: 'c', occurredAt: AT, orderId: 'o' },
  { type: 'custom', id: 'u', occurredAt: AT, name: 'review' },
  { type: 'signup', id: 's', occurredAt: AT, referredBy: 'x' },
  { type: 'birthday', id: 'b', occurredAt: AT },
  { type: 'referral', id: 'e', occurredAt: AT, referrerId: 'x', refereeId: 'y', status: 'qualified' },
  { type: 'redemptionCancellation', id: 'n', occurredAt: AT, redemptionId: 'r', reason: 'r' },
];

/** Values that break a field: wrong types, edges of the ranges, what JSON cannot hold. */
const DELETE = Symbol('delete');
const BAD_VALUES: readonly unknown[] = [
  undefined,
  '',
  'a'.repeat(129),
  'a'.repeat(201),
  'a'.repeat(1001),
  '__proto__',
  'constructor',
  'hasOwnProperty',
  -1,
  0,
  -0,
  0.5,
  1_000_001,
  10_001,
  MAX + 1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  null,
  [],
  {},
  new Date(0),
  Object.create(null) as unknown,
  ['a'.repeat(201)],
  Array.from({ length: 101 }, () => 'x'),
  Array.from({ length: 51 }, () => ({ method: 'card', amount: 1 })),
];
const badValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...BAD_VALUES),
);

/** Changes one place of an event: a value replaced or removed, a key added. */
function mutate(
  event: Record<string, unknown>,
  where: number,
  pick: number,
  bad: unknown,
  kind: number,
): unknown {
  const copy = structuredClone(event);
  const holders: Record<string, unknown>[] = [copy];
  for (const v of Object.values(copy)) {
    if (Array.isArray(v))
      for (const x of v) if (typeof x === 'object' && x !== null) holders.push(x as Record<string, unknown>);
  }
  const holder = holders[where % holders.length]!;
  const keys = Object.keys(holder);
  const key = keys[pick % Math.max(1, keys.length)] ?? 'id';
  if (kind === 0) delete holder[key];
  else if (kind === 1) holder[key] = bad;
  else if (kind === 2)
    holder[['attributes', 'extra', '__proto__', 'constructor', 'lines', 'type'][pick % 6]!] = bad;
  else if (kind === 3 && typeof holder[key] === 'string')
    holder[key] = `${holder[key] as string}${'é'.repeat(pick % 300)}`;
  else
    Object.defineProperty(holder, '__proto__', {
      value: bad,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return copy;
}

function agree(input: unknown, limits: EventLimits = DEFAULT_EVENT_LIMITS): void {
  const fast = fastShape(input, limits);
  if (fast === undefined) return;
  const slow = slowShape(input, limits);
  expect(slow).not.toBe('invalid');
  expect(fast).toStrictEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

describe('fastShape (the fast path of parseEvent) against the schema', () => {
  test('accepts every well-formed event of the types it knows, exactly as the schema returns it', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const slow = slowShape(event, DEFAULT_EVENT_LIMITS);
        const fast = fastShape(event, DEFAULT_EVENT_LIMITS);
        if (slow === 'invalid') expect(fast).toBeUndefined();
        else {
          expect(fast).toStrictEqual(slow);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('never accepts what the schema refuses, nor shapes it differently, on mutated events', () => {
    fc.assert(
      fc.property(
        eventArb,
        fc.nat(),
        fc.nat(),
        badValueArb,
        fc.integer({ min: 0, max: 4 }),
        (event, where, pick, bad, kind) => agree(mutate(event, where, pick, bad, kind)),
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 3000) },
    );
  });

  test('agrees on every field of every known type replaced by every edge value, or removed', () => {
    const edges = [
      ...BAD_VALUES,
      1,
      50,
      51,
      100,
      101,
      128,
      200,
      1000,
      10_000,
      1_000_000,
      MAX,
      -MAX,
      -MAX - 1,
    ];
    const strings = [0, 1, 8, 9, 50, 51, 64, 65, 128, 129, 200, 201, 1000, 1001].map((n) => 'x'.repeat(n));
    let accepted = 0;
    for (const event of FULL) {
      expect(fastShape(event, DEFAULT_EVENT_LIMITS), String(event['type'])).toBeDefined();
      agree(event);
      const holders: Record<string, unknown>[] = [event];
      for (const v of Object.values(event))
        if (Array.isArray(v))
          for (const x of v)
            if (typeof x === 'object' && x !== null) holders.push(x as Record<string, unknown>);
      holders.forEach((_, h) => {
        for (const key of Object.keys(holders[h]!)) {
          for (const bad of [...edges, ...strings, DELETE]) {
            const copy = structuredClone(event);
            const hs: Record<string, unknown>[] = [copy];
            for (const v of Object.values(copy))
              if (Array.isArray(v))
                for (const x of v)
                  if (typeof x === 'object' && x !== null) hs.push(x as Record<string, unknown>);
            if (bad === DELETE) delete hs[h]![key];
            else hs[h]![key] = bad;
            if (fastShape(copy, DEFAULT_EVENT_LIMITS) !== undefined) accepted++;
            agree(copy);
          }
        }
      });
    }
    expect(accepted).toBeGreaterThan(100); // the edges inside the ranges are taken by the fast path
  });

  test('stays inside tightened limits (or leaves the event to the full path)', () => {
    const limitsArb = fc.record({
      maxNodes: fc.integer({ min: 1, max: 40 }),
      maxDepth: fc.integer({ min: 1, max: 6 }),
      maxStringLength: fc.integer({ min: 1, max: 20 }),
      maxTotalStringLength: fc.integer({ min: 1, max: 200 }),
      maxLines: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(eventArb, limitsArb, (event, limits) => agree(event, limits)),
      { numRuns: 2000 },
    );
  });

  test('leaves attributes, unknown types, non-plain objects and throwing getters to the full path', () => {
    const at = '2026-03-01T10:00:00Z';
    expect(
      fastShape({ type: 'custom', id: 'e', occurredAt: at, name: 'n', attributes: {} }, DEFAULT_EVENT_LIMITS),
    ).toBeUndefined();
    expect(fastShape({ type: 'tierRevoke', id: 'e', occurredAt: at }, DEFAULT_EVENT_LIMITS)).toBeUndefined();
    expect(fastShape(new (class {})(), DEFAULT_EVENT_LIMITS)).toBeUndefined();
    const trap = { type: 'birthday', id: 'e' } as Record<string, unknown>;
    Object.defineProperty(trap, 'occurredAt', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(fastShape(trap, DEFAULT_EVENT_LIMITS)).toBeUndefined();
    expect(fastShape({ type: 'birthday', id: 'e', occurredAt: at }, DEFAULT_EVENT_LIMITS)).toEqual({
      id: 'e',
      occurredAt: at,
      type: 'birthday',
    });
  });
});
