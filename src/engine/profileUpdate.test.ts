// memberProfileUpdated: birthday, time zone, tags and attributes changed by an event, as a ledger
// entry (so replay reproduces it); decision 018.
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type LoyaltyEventInput,
  type MemberProfileUpdatedEntry,
  type MemberState,
  type PointsEarnedEntry,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [
      { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
      { id: 'bday', kind: 'fixed', event: 'birthday', points: '100', birthday: { window: 'month' } },
    ],
  }),
);

const enrolled = (extra: { birthday?: string; timeZone?: string } = {}): MemberState =>
  engine.enroll({
    memberId: 'm',
    joinedAt: '2026-01-01T00:00:00Z',
    tags: ['web'],
    attributes: { city: 'Shanghai', vip: true },
    ...extra,
  });

const update = (id: string, occurredAt: string, changes: Record<string, unknown>): LoyaltyEventInput =>
  ({ type: 'memberProfileUpdated', id, occurredAt, ...changes }) as LoyaltyEventInput;
const birthday = (id: string, occurredAt: string) => ({ type: 'birthday', id, occurredAt });
const earned = (effects: readonly LedgerEntry[]) =>
  effects.filter((e): e is PointsEarnedEntry => e.type === 'pointsEarned').map((e) => e.points);

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, issues: e.issues.map((i) => [i.code, i.path]) };
    throw e;
  }
  return 'none';
}

describe('memberProfileUpdated', () => {
  test('a partial update: given fields replaced, attributes merged, removed ones dropped; replay reproduces it', () => {
    const s0 = enrolled({ birthday: '1990-03-15' });
    const d = engine.apply(
      s0,
      update('p1', '2026-02-01T00:00:00Z', {
        birthday: '1990-05-20',
        timeZone: 'Europe/Paris',
        attributes: { city: 'Paris', language: 'fr' },
        removeAttributes: ['vip'],
      }),
    );
    expect(d.effects.map((e) => e.type)).toEqual(['eventApplied', 'memberProfileUpdated']);
    expect(d.state.profile).toEqual({
      birthday: '1990-05-20',
      timeZone: 'Europe/Paris',
      tags: ['web'],
      attributes: { city: 'Paris', language: 'fr' },
    });
    const entry = d.effects[1] as MemberProfileUpdatedEntry;
    expect(entry.fields).toEqual(['birthday', 'timeZone', 'attributes']);
    expect(entry.profile).toEqual(d.state.profile);
    expect(engine.explain(entry).summary).toBe('Profile updated: birthday, timeZone, attributes');
    expect(engine.replay(s0, d.effects)).toEqual(d.state);
    expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
    // the input state is unchanged
    expect(s0.profile.birthday).toBe('1990-03-15');

    // null removes the birthday and the zone override; tags are replaced as a whole
    const d2 = engine.apply(
      d.state,
      update('p2', '2026-02-02T00:00:00Z', { birthday: null, timeZone: null, tags: [] }),
    );
    expect(d2.state.profile).toEqual({
      birthday: null,
      timeZone: null,
      tags: [],
      attributes: { city: 'Paris', language: 'fr' },
    });
    expect(engine.replay(s0, [...d.effects, ...d2.effects])).toEqual(d2.state);
  });

  test('a changed birthday affects later birthday bonuses only: no second award in the same year', () => {
    let s = enrolled({ birthday: '1990-03-15' });
    s = engine.apply(s, update('p1', '2026-02-01T00:00:00Z', { birthday: '1990-04-02' })).state;
    // the old birthday month no longer earns
    expect(earned(engine.apply(s, birthday('b-mar', '2026-03-15T04:00:00Z')).effects)).toEqual([]);
    const april = engine.apply(s, birthday('b-apr', '2026-04-02T04:00:00Z'));
    expect(earned(april.effects)).toEqual([100]);
    // moved again after this year's award: nothing more this year, the next year's in the new month
    s = engine.apply(april.state, update('p2', '2026-04-10T00:00:00Z', { birthday: '1990-06-01' })).state;
    expect(earned(engine.apply(s, birthday('b-jun', '2026-06-01T04:00:00Z')).effects)).toEqual([]);
    expect(earned(engine.apply(s, birthday('b-jun2', '2027-06-01T04:00:00Z')).effects)).toEqual([100]);
  });

  test('a member without a birthday gives one and earns the bonus', () => {
    let s = enrolled();
    expect(earned(engine.apply(s, birthday('b0', '2026-05-01T04:00:00Z')).effects)).toEqual([]);
    s = engine.apply(s, update('p1', '2026-05-01T05:00:00Z', { birthday: '0000-05-09' })).state;
    expect(earned(engine.apply(s, birthday('b1', '2026-05-02T04:00:00Z')).effects)).toEqual([100]);
  });

  test('invalid updates are INVALID_EVENT with every path, and nothing changes', () => {
    const s = enrolled();
    expect(
      refusal(() =>
        engine.apply(
          s,
          update('x', '2026-02-01T00:00:00Z', {
            birthday: '1990-02-30',
            timeZone: 'Mars/Olympus',
            attributes: { city: 'Paris' },
            removeAttributes: ['city'],
          }),
        ),
      ),
    ).toEqual({
      code: 'INVALID_EVENT',
      issues: [
        ['invalid_local_date', ['birthday']],
        ['unknown_time_zone', ['timeZone']],
        ['set_and_removed', ['removeAttributes', 0]],
      ],
    });
    expect(refusal(() => engine.apply(s, update('y', '2026-02-01T00:00:00Z', {})))).toEqual({
      code: 'INVALID_EVENT',
      issues: [['empty_update', []]],
    });
    expect(s.version).toBe(0);
  });

  test('a late profile update is re-derived in time order (lateEvents: rederive), and replays', () => {
    const late = createEngine(
      defineProgram({
        id: 'club',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        lateEvents: { mode: 'rederive', windowDays: 7 },
        earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
      }),
    );
    const s0 = late.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const buy = late.apply(s0, {
      type: 'purchase',
      id: 'o1',
      occurredAt: '2026-02-02T00:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 's', quantity: 1, price: 1000 }],
    });
    const d = late.apply(buy.state, update('p1', '2026-02-01T00:00:00Z', { attributes: { city: 'Paris' } }));
    expect(d.effects.map((e) => e.type)).toEqual(['stateRederived']);
    expect(d.state.profile.attributes).toEqual({ city: 'Paris' });
    expect(late.balance(d.state, '2026-02-03T00:00:00Z').available).toBe(10);
    expect(late.replay(s0, [...buy.effects, ...d.effects])).toEqual(d.state);
  });
});
