import { createEngine, defineProgram, isLoyaltyError, type MemberState } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'p',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  }),
);
const at = '2026-03-01T10:00:00Z';
const member = engine.apply(engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' }), {
  type: 'purchase',
  id: 'p1',
  occurredAt: at,
  currency: 'CNY',
  lines: [{ sku: 'tea', quantity: 1, price: 2500 }],
}).state;
const next = {
  type: 'purchase',
  id: 'p2',
  occurredAt: '2026-03-02T10:00:00Z',
  currency: 'CNY',
  lines: [{ sku: 'tea', quantity: 1, price: 1000 }],
};

/** Every way a stored state's field can come back wrong. */
const DAMAGE: readonly unknown[] = [undefined, null, 1, -1, 1.5, 'x', true, [], {}];

describe('a damaged stored state is refused with the field, not an internal error', () => {
  const fields = Object.keys(member).filter((k) => k !== 'schemaVersion' && k !== 'programId');

  test.each(fields)('state.%s', (field) => {
    for (const bad of DAMAGE) {
      const damaged = { ...member, [field]: bad } as unknown as MemberState;
      let error: unknown;
      try {
        engine.apply(damaged, next);
        engine.balance(damaged, at);
      } catch (e) {
        error = e;
      }
      if (error === undefined) continue; // the value happens to be valid there (e.g. [] lots)
      expect(isLoyaltyError(error), `${field} = ${JSON.stringify(bad)}`).toBe(true);
      const e = error as { code: string; issues: readonly { path: readonly unknown[] }[] };
      expect(e.code, `${field} = ${JSON.stringify(bad)}: ${String(error)}`).not.toBe('INTERNAL');
      if (e.code === 'INVALID_ARGUMENT')
        expect(e.issues.map((i) => i.path.join('.'))).toContain(`state.${field}`);
    }
  });

  test('an intact state passes, and a missing array is named with its path', () => {
    expect(engine.apply(member, next).state.version).toBeGreaterThan(member.version);
    const { lots: _lots, ...withoutLots } = member;
    expect(() => engine.apply(withoutLots as unknown as MemberState, next)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        issues: [expect.objectContaining({ code: 'invalid_state', path: ['state', 'lots'] })],
      }),
    );
  });
});
