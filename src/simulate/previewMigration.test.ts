import { createEngine, defineProgram, type ProgramInput, previewMigration } from 'loyalty-engine';
import { expect, test } from 'vitest';

const Y = (y: number) => y * 100;
const v1: ProgramInput = {
  id: 'club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member' },
      {
        id: 'silver',
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(1000) },
        retention: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(800) },
      },
    ],
  },
};
const v2: ProgramInput = {
  ...v1,
  version: 2,
  effectiveFrom: '2026-07-01T00:00:00Z',
  tiers: {
    ...v1.tiers!,
    levels: [
      { id: 'member' },
      {
        id: 'silver',
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(1100) },
      },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: Y(3000) } },
    ],
  },
};

test('previewMigration: who moves under the new version, and why', () => {
  const engine = createEngine(defineProgram(v1));
  const spend = (id: string, yuan: number) =>
    engine.apply(engine.enroll({ memberId: id, joinedAt: '2026-01-01T00:00:00Z' }), {
      type: 'purchase',
      id: `o-${id}`,
      occurredAt: '2026-03-01T02:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'x', quantity: 1, price: Y(yuan) }],
    }).state;
  const states = [spend('a', 700), spend('b', 1050), spend('c', 3500), spend('d', 100)];
  const before = structuredClone(states);
  const p = previewMigration(engine, defineProgram(v2), states, '2026-07-01T00:00:00Z');
  expect(p.members.map((m) => [m.memberId, m.tierNow, m.tierUnderNew, m.move, m.keepsTierUnderNew])).toEqual([
    ['a', 'member', 'member', 'same', true],
    ['b', 'silver', 'member', 'down', false], // 1,050 < the new threshold of 1,100
    ['c', 'silver', 'gold', 'up', true],
    ['d', 'member', 'member', 'same', true],
  ]);
  expect(p.members[1]!.metrics).toEqual({ spend: Y(1050) });
  expect(p.moves).toEqual([
    { from: 'member', to: 'member', members: 2 },
    { from: 'silver', to: 'gold', members: 1 },
    { from: 'silver', to: 'member', members: 1 },
  ]);
  expect(states).toEqual(before);
});
