// Issue 11 item 5: a member's data exported as one JSON document, and erased while every point,
// lot, total and liability number stays as it was; replay still works; birthday bonuses stop.
import {
  createEngine,
  defineProgram,
  exportMemberData,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  migrateState,
  pointsLiability,
  pointsLiabilityFromLedger,
  redactMemberData,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [
      { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
      { id: 'birthday', kind: 'fixed', event: 'birthday', points: '200', birthday: { window: 'month' } },
      {
        id: 'vip-bonus',
        kind: 'fixed',
        event: 'purchase',
        points: '50',
        when: { fact: 'memberAttributes', path: '$.vip', operator: 'equal', value: true },
      },
      {
        id: 'birthday-treat',
        kind: 'fixed',
        event: 'purchase',
        points: '10',
        when: { fact: 'isBirthdayMonth', operator: 'equal', value: true },
      },
      {
        id: 'birthday-month',
        kind: 'multiplier',
        factor: '2',
        when: { fact: 'isBirthdayMonth', operator: 'equal', value: true },
      },
    ],
    rewards: [{ id: 'coffee', name: 'A coffee', points: '100' }],
    expiry: { mode: 'rolling', days: 365 },
    lateEvents: { mode: 'rederive', windowDays: 30 },
    tiers: {
      metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
      levels: [
        { id: 'member' },
        { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 50000 } },
      ],
    },
  }),
);

const buy = (id: string, occurredAt: string, price: number) => ({
  type: 'purchase',
  id,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'beans', quantity: 1, price }],
});

const PERSONAL = ['1990-03-14', 'flat white', 'newsletter-opt-in', '"vip":true'];

/** A member with a birthday, tags and attributes, and a ledger with awards that read them. */
function history() {
  const initial = engine.enroll({
    memberId: 'alice',
    joinedAt: '2026-01-05T02:00:00Z',
    birthday: '1990-03-14',
    tags: ['newsletter-opt-in'],
    attributes: { vip: true, drink: 'flat white' },
  });
  let state = initial;
  const entries: LedgerEntry[] = [];
  for (const event of [
    buy('o-1', '2026-03-02T03:00:00Z', 30000),
    { type: 'birthday', id: 'bd-2026', occurredAt: '2026-03-03T01:00:00Z' },
    buy('o-2', '2026-03-10T03:00:00Z', 40000),
    buy('o-late', '2026-03-08T03:00:00Z', 5000), // late: re-derived from the journal
    { type: 'redemption', id: 'r-1', occurredAt: '2026-03-11T03:00:00Z', rewardId: 'coffee' },
  ]) {
    const d = engine.apply(state, event);
    state = d.state;
    entries.push(...d.effects);
  }
  return { initial, state, entries };
}

function refusal(f: () => unknown): { code: string; path: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, path: e.path.join('.'), message: e.message };
    throw e;
  }
  throw new Error('expected a LoyaltyError');
}

const invariants = (state: MemberState, entries: readonly LedgerEntry[]) =>
  engine.checkInvariants(state, entries);

describe('exportMemberData', () => {
  test('one JSON document: profile, status, tier, points, rewards, state and ledger', () => {
    const { state, entries } = history();
    const doc = exportMemberData(state, entries);
    expect(doc).toMatchObject({
      format: 'loyalty-engine/member-data',
      schemaVersion: 2,
      memberId: 'alice',
      programId: 'club',
      status: 'active',
      erasure: null,
      profile: {
        birthday: '1990-03-14',
        timeZone: null,
        tags: ['newsletter-opt-in'],
        attributes: { vip: true, drink: 'flat white' },
      },
      tier: { id: 'silver' },
      points: { totals: state.totals, openLots: state.lots, debt: 0 },
      rewards: { open: [{ rewardId: 'coffee', key: 'r-1:coffee:1' }] },
    });
    expect(doc.rewards.issued.map((r) => r.key)).toEqual(['r-1:coffee:1']);
    expect(doc.state).toBe(state);
    expect(doc.entries).toBe(entries);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  test('refuses a state of an older schema, entries of another member, and a missing ledger', () => {
    const { state, entries } = history();
    const old = { ...state, schemaVersion: 1 } as unknown as MemberState;
    expect(refusal(() => exportMemberData(old, entries))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      path: 'state.schemaVersion',
    });
    const foreign = [...entries.slice(0, 2), { ...entries[2]!, memberId: 'bob' }];
    expect(refusal(() => exportMemberData(state, foreign))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'entries.2.memberId',
    });
    expect(refusal(() => exportMemberData(state, undefined as never)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('eraseMemberData', () => {
  const { initial, state, entries } = history();
  const erased = engine.eraseMemberData(state, { requestedAt: '2026-04-01T08:00:00Z' }, { initial, entries });
  const ledger = [...entries, ...erased.effects];

  test('the fixture reads the personal data: awards recorded facts from it, and a journal holds it', () => {
    const facts = JSON.stringify(
      entries.filter((e) => e.type === 'pointsEarned').map((e) => e.explanation.facts),
    );
    expect(facts).toContain('isBirthdayMonth');
    expect(facts).toContain('memberAttributes');
    expect(entries.some((e) => e.type === 'stateRederived')).toBe(true);
    expect(state.journal).not.toBeNull();
    for (const p of PERSONAL) expect(JSON.stringify({ state, entries })).toContain(p);
  });

  test('one memberErased entry at the member clock; the profile is gone, the time zone kept', () => {
    expect(erased.effects).toEqual([
      {
        type: 'memberErased',
        schemaVersion: 2,
        seq: state.version + 1,
        sourceKey: `erased:${state.version + 1}`,
        memberId: 'alice',
        eventId: null,
        occurredAt: state.clock,
        programId: 'club',
        programVersion: 1,
        requestedAt: '2026-04-01T08:00:00.000Z',
        erased: [
          'profile.birthday',
          'profile.tags',
          'profile.attributes',
          'facts.birthday',
          'facts.tags',
          'facts.memberAttributes',
          'facts.isBirthdayToday',
          'facts.isBirthdayWeek',
          'facts.isBirthdayMonth',
        ],
      },
    ]);
    expect(erased.state.profile).toEqual({ birthday: null, timeZone: null, tags: [], attributes: {} });
    expect(erased.state.journal).toBeNull();
    expect(erased.state.version).toBe(state.version + 1);
    expect(erased.state.clock).toBe(state.clock);
    expect(engine.explain(erased.effects[0]!).summary).toContain('Personal data erased');
  });

  test('points, lots, totals, tier, balances and liability are unchanged', () => {
    const { profile: _p, journal: _j, version: _v, orders: o1, ...rest } = erased.state;
    const { profile: _p2, journal: _j2, version: _v2, orders: o2, ...before } = state;
    expect(rest).toEqual(before);
    const points = (orders: typeof o1) =>
      orders.map((o) => ({ ...o, awards: o.awards.map(({ facts: _f, ...a }) => a) }));
    expect(points(o1)).toEqual(points(o2));
    for (const at of [state.clock, '2026-06-01T00:00:00Z', '2027-06-01T00:00:00Z']) {
      expect(engine.balance(erased.state, at)).toEqual(engine.balance(state, at));
    }
    expect(engine.tierStatus(erased.state, state.clock)).toEqual(engine.tierStatus(state, state.clock));
    const options = {
      asOf: '2026-05-01T00:00:00Z',
      timeZone: 'Asia/Shanghai',
      pointValue: { currency: 'CNY', perPoint: '0.01' },
    };
    expect(pointsLiability([erased.state], options)).toEqual(pointsLiability([state], options));
    expect(pointsLiabilityFromLedger(ledger, options)).toEqual(pointsLiabilityFromLedger(entries, options));
    expect(invariants(erased.state, ledger)).toEqual(invariants(state, entries));
    expect(invariants(erased.state, ledger)).toEqual([]);
  });

  test('no personal data is left in the state or the redacted ledger', () => {
    const text = JSON.stringify({ state: erased.state, ledger: erased.ledger });
    for (const p of PERSONAL) expect(text).not.toContain(p);
    expect(text).not.toContain('isBirthday');
    expect(text).not.toContain('memberAttributes');
  });

  test('replay: the redacted ledger and the entry give the erased state; so does the original ledger', () => {
    const r = erased.ledger!;
    expect(r.entries.map((e) => [e.seq, e.sourceKey, e.type])).toEqual(
      entries.map((e) => [e.seq, e.sourceKey, e.type]),
    );
    expect(engine.replay(r.initial, [...r.entries, ...erased.effects])).toEqual(erased.state);
    expect(engine.replay(initial, ledger)).toEqual(erased.state);
    expect(redactMemberData(r)).toEqual(r); // redacting again changes nothing
    expect(JSON.parse(JSON.stringify(erased))).toEqual(erased);
  });

  test('after erasure: no birthday bonus, no attribute bonus; purchases still earn', () => {
    // next year's birthday month: the bonus is due before the erasure, not after it
    const next = { type: 'birthday', id: 'bd-2027', occurredAt: '2027-03-02T01:00:00Z' };
    expect(engine.apply(state, next).effects.filter((e) => e.type === 'pointsEarned')).toHaveLength(1);
    expect(engine.apply(erased.state, next).effects.filter((e) => e.type === 'pointsEarned')).toHaveLength(0);
    const after = engine.apply(erased.state, buy('o-3', '2026-04-02T03:00:00Z', 10000));
    const earned = after.effects.filter((e) => e.type === 'pointsEarned').map((e) => [e.ruleId, e.points]);
    expect(earned).toEqual([['base', 100]]); // no vip-bonus, no birthday treat or multiplier
    const before = engine.apply(state, buy('o-3', '2026-03-12T03:00:00Z', 10000));
    expect(before.effects.filter((e) => e.type === 'pointsEarned').map((e) => [e.ruleId, e.points])).toEqual([
      ['base', 200],
      ['birthday-treat', 10],
      ['vip-bonus', 50],
    ]);
    expect(engine.replay(initial, [...ledger, ...after.effects])).toEqual(after.state);
  });

  test('a late event before the erasure is refused (the journal is gone); after it, re-derived', () => {
    expect(
      refusal(() => engine.apply(erased.state, buy('o-before', '2026-03-09T03:00:00Z', 1000))).code,
    ).toBe('OUT_OF_ORDER');
    const a = engine.apply(erased.state, buy('o-4', '2026-04-10T03:00:00Z', 1000));
    const b = engine.apply(a.state, buy('o-5', '2026-04-12T03:00:00Z', 1000));
    const late = engine.apply(b.state, buy('o-late-2', '2026-04-11T03:00:00Z', 1000));
    expect(late.effects.map((e) => e.type)).toEqual(['stateRederived']);
  });

  test('without the ledger, only the state and the entry; erasing twice is harmless', () => {
    const only = engine.eraseMemberData(state, { requestedAt: '2026-04-01T08:00:00Z' });
    expect(only.ledger).toBeNull();
    expect(only.state).toEqual(erased.state);
    const again = engine.eraseMemberData(erased.state, { requestedAt: '2026-04-02T08:00:00Z' });
    const { version: _a, ...x } = again.state;
    const { version: _b, ...y } = erased.state;
    expect(x).toEqual(y);
  });

  test('a closed membership can be erased: the forfeited balance and the totals stay as they were', () => {
    const closed = engine.apply(state, {
      type: 'memberClosed',
      id: 'close-1',
      occurredAt: '2026-03-20T00:00:00Z',
    });
    expect(closed.state.status).toBe('closed');
    const e = engine.eraseMemberData(closed.state, { requestedAt: '2026-03-21T00:00:00Z' });
    expect(e.state).toMatchObject({ status: 'closed', totals: closed.state.totals, lots: closed.state.lots });
    expect(e.state.profile.birthday).toBeNull();
    expect(exportMemberData(e.state, [...entries, ...closed.effects, ...e.effects]).erasure).toEqual({
      requestedAt: '2026-03-21T00:00:00.000Z',
      seq: e.state.version,
    });
  });

  test('refuses a bad request, a partial ledger, an unmigrated state', () => {
    expect(refusal(() => engine.eraseMemberData(state, { requestedAt: 'yesterday' }))).toMatchObject({
      code: 'INVALID_DATE',
      path: 'request.requestedAt',
    });
    expect(refusal(() => engine.eraseMemberData(state, null as never)).code).toBe('INVALID_ARGUMENT');
    expect(
      refusal(() =>
        engine.eraseMemberData(
          state,
          { requestedAt: '2026-04-01T08:00:00Z' },
          { initial, entries: entries.slice(1) },
        ),
      ),
    ).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'ledger.entries' });
    const old = { ...state, schemaVersion: 1 } as unknown as MemberState;
    const r = refusal(() => engine.eraseMemberData(old, { requestedAt: '2026-04-01T08:00:00Z' }));
    expect(r.code).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(migrateState(erased.state)).toBe(erased.state);
  });
});

describe('eraseMemberData after profile updates', () => {
  test('the memberProfileUpdated entries and events are redacted too; replay still gives the erased state', () => {
    const initial = engine.enroll({ memberId: 'bea', joinedAt: '2026-01-05T02:00:00Z' });
    let state = initial;
    const entries: LedgerEntry[] = [];
    for (const event of [
      {
        type: 'memberProfileUpdated',
        id: 'p-1',
        occurredAt: '2026-02-01T02:00:00Z',
        birthday: '1988-07-21',
        tags: ['tea-lover'],
        attributes: { phone: '13800138000' },
        timeZone: 'Europe/Berlin',
      },
      buy('o-1', '2026-02-02T02:00:00Z', 10_000),
      {
        type: 'memberProfileUpdated',
        id: 'p-2',
        occurredAt: '2026-02-03T02:00:00Z',
        attributes: { city: 'Hangzhou' },
        removeAttributes: ['phone'],
      },
    ]) {
      const r = engine.apply(state, event);
      state = r.state;
      entries.push(...r.effects);
    }
    expect(JSON.stringify(entries)).toContain('13800138000');
    const erased = engine.eraseMemberData(
      state,
      { requestedAt: '2026-03-01T00:00:00Z' },
      { initial, entries },
    );
    const text = JSON.stringify({ state: erased.state, ledger: erased.ledger });
    for (const p of ['1988-07-21', 'tea-lover', '13800138000', 'Hangzhou']) expect(text).not.toContain(p);
    expect(erased.state.profile.timeZone).toBe('Europe/Berlin');
    const r = erased.ledger!;
    expect(engine.replay(r.initial, [...r.entries, ...erased.effects])).toEqual(erased.state);
    expect(redactMemberData(r)).toEqual(r);
  });
});
