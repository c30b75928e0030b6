// ApplyOptions.facts accepts any object of facts, interfaces included (an interface has no index
// signature, so `Record<string, unknown>` refused `MemberAnalyticsFacts`). The type assertions are
// checked by `npm run typecheck`; the test checks the facts are read at run time too.
import { type ApplyOptions, createEngine, defineProgram, type ProcessEventOptions } from 'loyalty-engine';
import type { MemberAnalyticsFacts } from 'loyalty-engine/analytics';
import { describe, expect, expectTypeOf, test } from 'vitest';

interface HostFacts {
  readonly pAlive: number;
  readonly segment?: string;
}

describe('ApplyOptions.facts', () => {
  test('takes interfaces such as MemberAnalyticsFacts, and plain records', () => {
    expectTypeOf<{ facts: MemberAnalyticsFacts }>().toExtend<ApplyOptions>();
    expectTypeOf<{ facts: HostFacts }>().toExtend<ApplyOptions>();
    expectTypeOf<{ facts: Record<string, unknown> }>().toExtend<ApplyOptions>();
    expectTypeOf<{ facts: MemberAnalyticsFacts }>().toExtend<Pick<ProcessEventOptions, 'facts'>>();
    // not a primitive
    expectTypeOf<{ facts: number }>().not.toExtend<ApplyOptions>();
    expectTypeOf<{ facts: string }>().not.toExtend<ApplyOptions>();
  });

  test('facts given as an interface value are read by rules', () => {
    const engine = createEngine(
      defineProgram({
        id: 'p',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        customFacts: ['pAlive'],
        earning: [
          {
            id: 'win-back',
            kind: 'fixed',
            event: 'purchase',
            points: '50',
            when: { fact: 'pAlive', operator: 'lessThan', value: 0.3 },
          },
        ],
      }),
    );
    const facts: HostFacts = { pAlive: 0.2 };
    const state = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const d = engine.apply(
      state,
      {
        type: 'purchase',
        id: 'o1',
        occurredAt: '2026-02-01T00:00:00Z',
        currency: 'CNY',
        lines: [{ sku: 's', quantity: 1, price: 100 }],
      },
      { facts },
    );
    expect(d.effects.find((e) => e.type === 'pointsEarned')).toMatchObject({ points: 50 });
  });
});
