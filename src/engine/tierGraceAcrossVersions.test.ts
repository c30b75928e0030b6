import { createEngine, defineProgram, type ProgramInput } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

/**
 * A tier period that ends under a later program version is checked with that version's grace
 * (simulator seed 2929845644): `advance` used to take the grace days of the version in force at the
 * state's clock, so it waited for the old, longer grace, decided nothing in between, and a later
 * `advance` at the same instant as an event renewed the tier there.
 */
const tiers = (graceDays: number) => ({
  metrics: { spend: { kind: 'spend', window: { type: 'rollingMonths', months: 1 } } },
  levels: [
    { id: 'member', name: 'Member' },
    {
      id: 'silver',
      name: 'Silver',
      entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100 },
      retention: { fact: 'spend', operator: 'greaterThanInclusive', value: 100 },
    },
  ],
  policy: { period: { type: 'months', months: 1 }, downgrade: 'oneStep', graceDays },
});
const base = {
  id: 'club',
  currency: 'CNY',
  timeZone: 'UTC',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
};
const v1 = defineProgram({ ...base, version: 1, tiers: tiers(54) } as ProgramInput);
const v2 = defineProgram({
  ...base,
  version: 2,
  effectiveFrom: '2027-01-19T00:00:00Z',
  tiers: tiers(5),
} as ProgramInput);
const engine = createEngine([v1, v2]);
const buy = (id: string, at: string, price: number) => ({
  type: 'purchase',
  id,
  occurredAt: at,
  currency: 'CNY',
  lines: [{ sku: 'tea', quantity: 1, price }],
});

describe('tier grace across program versions', () => {
  const joined = engine.enroll({ memberId: 'm', joinedAt: '2026-12-01T00:00:00Z' });
  const silver = engine.apply(joined, buy('o-1', '2026-12-23T00:00:00Z', 20000)).state;

  test('a period ending under version 2 steps down at the end of version 2 grace', () => {
    expect(silver.tier).toMatchObject({ id: 'silver', until: '2027-01-24T00:00:00.000Z' });
    const { state, effects } = engine.advance(silver, '2027-02-10T00:00:00Z');
    expect(
      effects.filter((e) => e.type === 'tierChanged').map((e) => [e.occurredAt, e.programVersion]),
    ).toEqual([['2027-01-29T00:00:00.000Z', 2]]);
    expect(state.tier?.id).toBe('member');
  });

  test('an event after that grace finds nothing left for advance at its own instant', () => {
    const after = engine.apply(silver, buy('o-2', '2027-02-10T00:00:00Z', 100)).state;
    expect(engine.advance(after, after.clock).effects).toEqual([]);
    const stepwise = engine.apply(
      engine.advance(silver, '2027-01-25T00:00:00Z').state,
      buy('o-2', '2027-02-10T00:00:00Z', 100),
    ).state;
    expect(stepwise.tier).toEqual(after.tier);
  });
});

describe('tier grace ending under a later version', () => {
  // Simulator seed 1662910939 (soak): the end of grace, set by the version in force at the period
  // end (5 days), fell under a version with a longer grace (60 days); decided under that version it
  // was "still in grace", wrote nothing, and `advance` stopped there: a lot's later expiry was never
  // written. Now the same version sets when the check falls and decides it.
  const w1 = defineProgram({
    ...base,
    version: 1,
    expiry: { mode: 'rolling', days: 91 },
    tiers: tiers(5),
  } as ProgramInput);
  const w2 = defineProgram({
    ...base,
    version: 2,
    effectiveFrom: '2027-01-26T00:00:00Z',
    expiry: { mode: 'rolling', days: 91 },
    tiers: tiers(60),
  } as ProgramInput);
  const e2 = createEngine([w1, w2]);

  test('steps down at the end of the grace of the period-end version, and later expiries still happen', () => {
    const joined = e2.enroll({ memberId: 'm', joinedAt: '2026-12-01T00:00:00Z' });
    const silver = e2.apply(joined, buy('o-1', '2026-12-23T00:00:00Z', 20000)).state;
    expect(silver.tier?.until).toBe('2027-01-24T00:00:00.000Z');
    const { state, effects } = e2.advance(silver, '2027-06-01T00:00:00Z');
    expect(effects.filter((e) => e.type === 'tierChanged').map((e) => e.occurredAt)).toEqual([
      '2027-01-29T00:00:00.000Z',
    ]);
    expect(effects.filter((e) => e.type === 'pointsExpired').map((e) => e.points)).toEqual([200]);
    expect(state.lots).toEqual([]);
    expect(e2.advance(state, state.clock).effects).toEqual([]);
  });
});
