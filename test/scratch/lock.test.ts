import { createEngine, defineProgram, type TierChangedEntry } from 'loyalty-engine';
import { test } from 'vitest';

test('lock', () => {
  const Y = (n: number) => n * 100;
  const engine = createEngine(
    defineProgram({
      id: 'club',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
      tiers: {
        metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
        levels: [
          { id: 'member' },
          { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(1000) } },
          { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(5000) } },
          { id: 'vip', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(20000) } },
        ],
      },
    }),
  );
  let m = engine.enroll({ memberId: 'm', joinedAt: '2025-06-01T00:00:00Z' });
  const steps: unknown[] = [
    { type: 'tierGrant', id: 'g', occurredAt: '2026-01-01T00:00:00Z', tierId: 'gold' },
    {
      type: 'purchase',
      id: 'o',
      occurredAt: '2026-02-01T02:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'x', quantity: 1, price: Y(20000) }],
    },
  ];
  for (const e of steps) {
    const r = engine.apply(m, e);
    m = r.state;
    console.log(
      r.effects
        .filter((x): x is TierChangedEntry => x.type === 'tierChanged')
        .map((x) => `${x.from}->${x.to} ${x.reason} until ${x.until} locked ${x.locked}`),
    );
  }
  const r = engine.advance(m, '2030-01-01T00:00:00Z');
  console.log(
    r.effects
      .filter((x): x is TierChangedEntry => x.type === 'tierChanged')
      .map((x) => `${x.from}->${x.to} ${x.reason} @${x.occurredAt}`),
    r.state.tier,
  );
});
