import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type MemberState,
  type ProgramInput,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const json: ProgramInput = {
  id: 'shop',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  rewards: [{ id: 'mug', points: '30' }],
  redemption: { minPoints: '10', maxPointsPerOrder: '200', multipleOf: '5' },
};
const engine = createEngine(defineProgram(json));

function member(): MemberState {
  return engine.enroll({ memberId: 'm-1', joinedAt: '2026-01-01T00:00:00Z' });
}

const buy = (id: string, price: number, occurredAt = '2026-01-02T00:00:00Z', extra: object = {}) => ({
  type: 'purchase',
  id,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 's', quantity: 1, price }],
  ...extra,
});

function refusal(fn: () => unknown): { code: string; path: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, path: e.path.join('.'), message: e.issues[0]!.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A member with 100 points. */
function rich(): MemberState {
  return engine.apply(member(), buy('o-1', 10000)).state;
}

describe('createEngine', () => {
  test('enroll validates its input', () => {
    expect(refusal(() => engine.enroll({ memberId: '', joinedAt: 'yesterday' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'memberId',
    });
    expect(
      refusal(() =>
        engine.enroll({ memberId: 'x', joinedAt: '2026-01-01T00:00:00Z', timeZone: 'Nowhere/City' }),
      ),
    ).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'timeZone' });
  });

  test('state and effects are plain JSON and survive a round trip', () => {
    const r = engine.apply(member(), buy('o-1', 12345));
    const back = JSON.parse(JSON.stringify(r));
    expect(back).toEqual(r);
    const next = engine.apply(back.state, buy('o-2', 100, '2026-01-03T00:00:00Z'));
    expect(next).toEqual(engine.apply(r.state, buy('o-2', 100, '2026-01-03T00:00:00Z')));
  });

  test('the same event twice changes nothing and adds no entry', () => {
    const once = engine.apply(member(), buy('o-1', 5000));
    const twice = engine.apply(once.state, buy('o-1', 5000));
    expect(twice.effects).toEqual([]);
    expect(twice.state).toBe(once.state);
    // Even with a different payload: the id is the idempotency key.
    expect(engine.apply(once.state, buy('o-1', 9999)).effects).toEqual([]);
  });

  test('a second event for an order already applied is refused', () => {
    const s = engine.apply(member(), buy('e-1', 5000, undefined, { orderId: 'order-1' })).state;
    expect(refusal(() => engine.apply(s, buy('e-2', 5000, undefined, { orderId: 'order-1' })))).toMatchObject(
      {
        code: 'INVALID_EVENT',
        path: 'orderId',
      },
    );
  });

  test('events in the wrong order, before joining, for another member, in another currency are refused', () => {
    const s = engine.apply(member(), buy('o-1', 100, '2026-02-01T00:00:00Z')).state;
    expect(refusal(() => engine.apply(s, buy('o-0', 100, '2026-01-15T00:00:00Z'))).code).toBe('OUT_OF_ORDER');
    expect(refusal(() => engine.apply(member(), buy('o-0', 100, '2025-12-31T00:00:00Z')))).toMatchObject({
      code: 'INVALID_EVENT',
      path: 'occurredAt',
    });
    expect(
      refusal(() => engine.apply(s, { ...buy('o-9', 100, '2026-03-01T00:00:00Z'), memberId: 'm-2' })),
    ).toMatchObject({
      code: 'INVALID_EVENT',
      path: 'memberId',
    });
    expect(
      refusal(() => engine.apply(s, { ...buy('o-9', 100, '2026-03-01T00:00:00Z'), currency: 'USD' })),
    ).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      path: 'currency',
    });
  });

  test('events at the same instant are in order', () => {
    const s = engine.apply(member(), buy('o-1', 100, '2026-02-01T00:00:00Z')).state;
    expect(engine.apply(s, buy('o-2', 100, '2026-02-01T00:00:00Z')).effects).toHaveLength(2);
  });

  test('malformed events list every problem with its path', () => {
    const r = refusal(() =>
      engine.apply(member(), { type: 'purchase', id: 'x', occurredAt: 'soon', currency: 'CNY', lines: [] }),
    );
    expect(r).toMatchObject({ code: 'INVALID_EVENT', path: 'lines' });
    expect(
      refusal(() => engine.apply(member(), { type: 'refund?', id: 'x', occurredAt: '2026-01-02T00:00:00Z' })),
    ).toMatchObject({
      code: 'INVALID_EVENT',
      path: 'type',
    });
  });

  describe('redemption (DOMAIN.md point 2)', () => {
    test.each([
      [
        { points: 5 },
        'REDEMPTION_NOT_ALLOWED',
        'points',
        'A redemption needs at least 10 points; this one is 5',
      ],
      [
        { points: 205 },
        'REDEMPTION_NOT_ALLOWED',
        'points',
        'At most 200 points can be redeemed per order; this one is 205',
      ],
      [
        { points: 12 },
        'REDEMPTION_NOT_ALLOWED',
        'points',
        'Redemptions must be in steps of 5 points; 12 is not',
      ],
      [
        { points: 105 },
        'INSUFFICIENT_POINTS',
        'points',
        'The redemption needs 105 points but 100 are available',
      ],
      [{ rewardId: 'cup' }, 'UNKNOWN_REWARD', 'rewardId', 'No reward "cup" in program "shop" version 1'],
      [
        { rewardId: 'mug', quantity: 4 },
        'INSUFFICIENT_POINTS',
        'rewardId',
        'The redemption needs 120 points but 100 are available',
      ],
      [
        { points: 10, rewardId: 'mug' },
        'INVALID_EVENT',
        'points',
        'A redemption names either points or a rewardId, not both or neither',
      ],
    ])('%j is refused with %s', (body, code, path, message) => {
      const s = rich();
      const before = structuredClone(s);
      expect(
        refusal(() =>
          engine.apply(s, { type: 'redemption', id: 'r', occurredAt: '2026-01-03T00:00:00Z', ...body }),
        ),
      ).toEqual({
        code,
        path,
        message,
      });
      expect(s).toEqual(before);
    });

    test('a cancellation restores the lots; a second cancellation or an unknown id is refused', () => {
      const s = rich();
      const r = engine.apply(s, {
        type: 'redemption',
        id: 'r1',
        occurredAt: '2026-01-03T00:00:00Z',
        rewardId: 'mug',
        quantity: 2,
      });
      expect(engine.balance(r.state, '2026-01-03T00:00:00Z').available).toBe(40);
      const c = engine.apply(r.state, {
        type: 'redemptionCancellation',
        id: 'c1',
        occurredAt: '2026-01-04T00:00:00Z',
        redemptionId: 'r1',
      });
      expect(engine.balance(c.state, '2026-01-04T00:00:00Z').available).toBe(100);
      expect(c.state.lots).toEqual(s.lots);
      expect(
        refusal(() =>
          engine.apply(c.state, {
            type: 'redemptionCancellation',
            id: 'c2',
            occurredAt: '2026-01-05T00:00:00Z',
            redemptionId: 'r1',
          }),
        ),
      ).toMatchObject({ code: 'REDEMPTION_NOT_ALLOWED', path: 'redemptionId' });
      expect(
        refusal(() =>
          engine.apply(c.state, {
            type: 'redemptionCancellation',
            id: 'c3',
            occurredAt: '2026-01-05T00:00:00Z',
            redemptionId: 'nope',
          }),
        ),
      ).toMatchObject({ code: 'INVALID_EVENT', path: 'redemptionId' });
    });
  });

  test('adjustments credit a lot or debit like a redemption', () => {
    const s = rich();
    const plus = engine.apply(s, {
      type: 'adjustment',
      id: 'a1',
      occurredAt: '2026-01-03T00:00:00Z',
      points: 25,
      reason: 'goodwill',
    });
    expect(plus.effects[1]).toMatchObject({
      type: 'pointsAdjusted',
      points: 25,
      lot: { amount: 25, ruleId: null },
    });
    const minus = engine.apply(plus.state, {
      type: 'adjustment',
      id: 'a2',
      occurredAt: '2026-01-03T00:00:00Z',
      points: -110,
      reason: 'fraud',
    });
    expect(minus.effects[1]).toMatchObject({
      type: 'pointsAdjusted',
      points: -110,
      lot: null,
      allocations: [
        { lotId: 'o-1:base:earned', points: 100 },
        { lotId: 'a1:adjusted', points: 10 },
      ],
    });
    expect(engine.balance(minus.state, '2026-01-03T00:00:00Z').available).toBe(15);
    expect(
      refusal(() =>
        engine.apply(minus.state, {
          type: 'adjustment',
          id: 'a3',
          occurredAt: '2026-01-03T00:00:00Z',
          points: -16,
          reason: 'x',
        }),
      ).code,
    ).toBe('INSUFFICIENT_POINTS');
  });

  test('applyAll is all or nothing and equals applying one by one', () => {
    const events = [buy('o-1', 1000), buy('o-2', 2000, '2026-01-03T00:00:00Z')];
    const all = engine.applyAll(member(), events);
    const one = engine.apply(engine.apply(member(), events[0]).state, events[1]);
    expect(all.state).toEqual(one.state);
    expect(all.effects).toHaveLength(4);
    const start = member();
    expect(
      refusal(() =>
        engine.applyAll(start, [
          ...events,
          { type: 'redemption', id: 'r', occurredAt: '2026-01-04T00:00:00Z', points: 100 },
        ]),
      ).code,
    ).toBe('INSUFFICIENT_POINTS');
  });

  test('replay rebuilds the state and refuses entries that do not continue the ledger', () => {
    const start = member();
    const r = engine.applyAll(start, [buy('o-1', 1000), buy('o-2', 2000, '2026-01-03T00:00:00Z')]);
    expect(engine.replay(start, r.effects)).toEqual(r.state);
    expect(refusal(() => engine.replay(start, r.effects.slice(1)))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'entries',
    });
  });

  test('a state of another program or schema version is refused', () => {
    const other = createEngine(defineProgram({ ...json, id: 'other' }));
    expect(refusal(() => other.apply(member(), buy('o', 1))).code).toBe('INVALID_ARGUMENT');
    expect(
      refusal(() =>
        engine.balance({ ...member(), schemaVersion: 99 } as unknown as MemberState, '2026-01-01T00:00:00Z'),
      ).path,
    ).toBe('state.schemaVersion');
  });
});

describe('program versions', () => {
  const v1 = defineProgram({ ...json, version: 1 });
  const v2 = defineProgram({
    ...json,
    version: 2,
    effectiveFrom: '2026-06-01T00:00:00+08:00',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '2', per: '1.00' } }],
  });
  const versioned = createEngine([v2, v1]);

  test('an event is evaluated under the version in force at its occurredAt; effects record it', () => {
    const s = versioned.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const before = versioned.apply(s, buy('o-1', 100, '2026-05-31T15:59:59Z'));
    expect(before.effects[1]).toMatchObject({ points: 1, programVersion: 1, lot: { programVersion: 1 } });
    const after = versioned.apply(before.state, buy('o-2', 100, '2026-05-31T16:00:00Z'));
    expect(after.effects[1]).toMatchObject({ points: 2, programVersion: 2 });
    expect(versioned.program.version).toBe(2);
    expect(versioned.programs.map((p) => p.version)).toEqual([1, 2]);
  });

  test('versions must share id and currency and increase with effectiveFrom', () => {
    expect(refusal(() => createEngine([v1, defineProgram({ ...json, version: 2 })])).code).toBe(
      'INVALID_PROGRAM',
    );
    expect(
      refusal(() =>
        createEngine([
          v1,
          defineProgram({ ...json, id: 'x', version: 2, effectiveFrom: '2026-06-01T00:00:00Z' }),
        ]),
      ).code,
    ).toBe('INVALID_PROGRAM');
    expect(refusal(() => createEngine([])).code).toBe('INVALID_PROGRAM');
  });
});
