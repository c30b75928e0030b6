import {
  type CommitResult,
  createEngine,
  createMemoryStore,
  defineProgram,
  isLoyaltyError,
  type LoyaltyEvent,
  type MemberStore,
  type ProgramInput,
  processEvent,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const json: ProgramInput = {
  id: 'coffee-club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } }],
  rewards: [{ id: 'coffee', points: '100' }],
  idempotency: { recentEvents: 2 },
};
const engine = createEngine(defineProgram(json));
const enroll = (_id: string, e: LoyaltyEvent) => ({ joinedAt: e.occurredAt });

const buy = (id: string, price: number, day = 2) => ({
  type: 'purchase',
  id,
  memberId: 'alice',
  occurredAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00+08:00`,
  currency: 'CNY',
  lines: [{ sku: 'beans', quantity: 1, price }],
});

async function code(p: Promise<unknown>): Promise<{ code: string; issue: string }> {
  try {
    await p;
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, issue: e.issues[0]!.code };
    throw e;
  }
  throw new Error('expected a refusal');
}

/** The stored ledger replays to the stored state, and the ledger is sound. */
async function expectConsistent(store: MemberStore, memberId: string): Promise<void> {
  const state = await store.load(memberId);
  const ledger = await store.ledger(memberId);
  expect(state).toBeDefined();
  expect(ledger).toBeDefined();
  expect(ledger!.entries.map((e) => e.seq)).toEqual(ledger!.entries.map((_, i) => i + 1));
  expect(engine.replay(ledger!.initial, ledger!.entries)).toEqual(state);
  expect(engine.checkInvariants(state!, ledger!.entries)).toEqual([]);
}

describe('processEvent on the memory store', () => {
  test('enrolls a new member, applies, commits; the stored ledger replays to the stored state', async () => {
    const store = createMemoryStore();
    const first = await processEvent(store, engine, buy('o-1', 19990), { enroll });
    expect(first).toMatchObject({ duplicate: false, attempts: 1 });
    expect(first.effects.map((e) => e.type)).toEqual(['eventApplied', 'pointsEarned']);
    expect(first.state.version).toBe(2);
    const second = await processEvent(store, engine, buy('o-2', 5000, 3));
    expect(second.state.version).toBe(4);
    expect(engine.balance(second.state, second.state.clock).available).toBe(24);
    expect(await store.load('alice')).toEqual(second.state);
    const ledger = await store.ledger('alice');
    expect(ledger!.initial).toEqual(
      engine.enroll({ memberId: 'alice', joinedAt: '2026-03-02T10:00:00+08:00' }),
    );
    expect(ledger!.entries).toEqual([...first.effects, ...second.effects]);
    await expectConsistent(store, 'alice');
  });

  test('a duplicate delivery is a no-op: nothing written, no effects, the stored state back', async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 19990), { enroll });
    const again = await processEvent(store, engine, buy('o-1', 19990), { enroll });
    expect(again).toMatchObject({ duplicate: true, effects: [], attempts: 1 });
    expect(again.state.version).toBe(2);
    expect((await store.ledger('alice'))!.entries).toHaveLength(2);
  });

  test("a duplicate beyond the engine's window of recent ids is still a no-op (the store's index)", async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 19990, 2), { enroll });
    await processEvent(store, engine, buy('o-2', 1000, 3));
    await processEvent(store, engine, buy('o-3', 1000, 4));
    const loaded = (await store.load('alice'))!;
    expect(loaded.recentEventIds).toEqual(['o-2', 'o-3']); // recentEvents: 2
    // The engine alone recognizes o-1 only by the traces it left (its open lot); once those are gone
    // (points spent, order past retention) only the store's index of event ids can tell.
    expect(engine.apply(loaded, buy('o-1', 19990, 2)).effects).toEqual([]);
    const again = await processEvent(store, engine, buy('o-1', 19990, 2));
    expect(again).toMatchObject({ duplicate: true, effects: [] });
    expect(again.state).toEqual(loaded);
  });

  test('two concurrent writers for one member: one commits, the other meets a conflict and retries', async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 10000, 2), { enroll });
    const [a, b] = await Promise.all([
      processEvent(store, engine, buy('o-2', 20000, 3)),
      processEvent(store, engine, buy('o-3', 30000, 3)),
    ]);
    expect([a.attempts, b.attempts].sort()).toEqual([1, 2]);
    expect([a.duplicate, b.duplicate]).toEqual([false, false]);
    const state = (await store.load('alice'))!;
    expect(state.version).toBe(6);
    expect(engine.balance(state, state.clock).available).toBe(60);
    const winner = a.attempts === 1 ? a : b;
    const loser = a.attempts === 1 ? b : a;
    expect(loser.effects[0]!.seq).toBe(winner.effects.at(-1)!.seq + 1);
    expect(loser.state).toEqual(state);
    await expectConsistent(store, 'alice');
  });

  test('two concurrent deliveries of one event: exactly one applies it', async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 10000, 2), { enroll });
    const results = await Promise.all([1, 2, 3].map(() => processEvent(store, engine, buy('o-2', 20000, 3))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const entries = (await store.ledger('alice'))!.entries;
    expect(entries.filter((e) => e.type === 'eventApplied' && e.eventId === 'o-2')).toHaveLength(1);
    for (const r of results) expect(r.state).toEqual(await store.load('alice'));
  });

  test('two concurrent first events of a new member: one enrolls, the other retries on it', async () => {
    const store = createMemoryStore();
    const [a, b] = await Promise.all([
      processEvent(store, engine, buy('o-1', 10000, 2), { enroll }),
      processEvent(store, engine, buy('o-2', 20000, 2), { enroll }),
    ]);
    expect([a.attempts, b.attempts].sort()).toEqual([1, 2]);
    expect((await store.load('alice'))!.version).toBe(4);
    await expectConsistent(store, 'alice');
  });

  test('every attempt losing to another writer ends in CONFLICT after maxRetries, nothing applied', async () => {
    const inner = createMemoryStore();
    await processEvent(inner, engine, buy('o-1', 10000, 2), { enroll });
    let rival = 0;
    // A store where another writer commits between every load and the commit that follows it.
    const contended: MemberStore = {
      ...inner,
      async load(memberId) {
        const state = await inner.load(memberId);
        rival++;
        await processEvent(inner, engine, buy(`rival-${rival}`, 1000, 3));
        return state;
      },
    };
    expect(await code(processEvent(contended, engine, buy('o-2', 20000, 3), { maxRetries: 2 }))).toEqual({
      code: 'CONFLICT',
      issue: 'version_conflict',
    });
    expect(rival).toBe(3);
    const entries = (await inner.ledger('alice'))!.entries;
    expect(entries.some((e) => e.eventId === 'o-2')).toBe(false);
    expect(entries.filter((e) => e.type === 'eventApplied')).toHaveLength(4);
    await expectConsistent(inner, 'alice');
    // With maxRetries 0 the first conflict is the end.
    expect((await code(processEvent(contended, engine, buy('o-3', 1, 3), { maxRetries: 0 }))).code).toBe(
      'CONFLICT',
    );
    expect(rival).toBe(4);
  });

  test("the engine's refusals reach the caller and nothing is written", async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 19990, 2), { enroll });
    const redeem = { type: 'redemption', id: 'r-1', memberId: 'alice', occurredAt: '2026-03-03T00:00:00Z' };
    expect(await code(processEvent(store, engine, { ...redeem, rewardId: 'coffee' }))).toEqual({
      code: 'INSUFFICIENT_POINTS',
      issue: 'insufficient_points',
    });
    expect(await code(processEvent(store, engine, { ...redeem, type: 'nope' }))).toMatchObject({
      code: 'INVALID_EVENT',
    });
    expect((await store.load('alice'))!.version).toBe(2);
  });

  test('refuses an event without a member id, an unknown member without enroll, bad retries', async () => {
    const store = createMemoryStore();
    const { memberId: _, ...anonymous } = buy('o-1', 100);
    expect(await code(processEvent(store, engine, anonymous))).toEqual({
      code: 'INVALID_ARGUMENT',
      issue: 'missing_member_id',
    });
    expect(await code(processEvent(store, engine, buy('o-1', 100)))).toEqual({
      code: 'INVALID_ARGUMENT',
      issue: 'unknown_member',
    });
    expect(await code(processEvent(store, engine, buy('o-1', 100), { enroll, maxRetries: -1 }))).toEqual({
      code: 'INVALID_ARGUMENT',
      issue: 'invalid_retries',
    });
    expect(await store.load('alice')).toBeUndefined();
    // The member id may come from the options instead of the event.
    const r = await processEvent(store, engine, anonymous, { memberId: 'bob', enroll });
    expect(r.state.memberId).toBe('bob');
  });

  test('passes custom facts to the engine', async () => {
    const vip = createEngine(
      defineProgram({
        ...json,
        customFacts: ['pAlive'],
        earning: [
          {
            id: 'winback',
            kind: 'fixed',
            event: 'purchase',
            points: '50',
            when: { fact: 'pAlive', operator: 'lessThan', value: 0.3 },
          },
        ],
      }),
    );
    const store = createMemoryStore();
    const r = await processEvent(store, vip, buy('o-1', 100), { enroll, facts: { pAlive: 0.2 } });
    expect(vip.balance(r.state, r.state.clock).available).toBe(50);
  });
});

describe('createMemoryStore', () => {
  const a = engine.enroll({ memberId: 'alice', joinedAt: '2026-03-01T00:00:00Z' });
  const applied = engine.apply(a, buy('o-1', 10000));

  test('commit: committed, then duplicate (same event id), then conflict (stale version)', async () => {
    const store = createMemoryStore();
    const commit = { memberId: 'alice', expectedVersion: 0, state: applied.state, entries: applied.effects };
    expect(await store.commit({ ...commit, eventId: 'o-1', enrolled: a })).toEqual<CommitResult>({
      status: 'committed',
      version: 2,
    });
    expect(await store.commit({ ...commit, eventId: 'o-1', enrolled: a })).toEqual({ status: 'duplicate' });
    expect(await store.commit({ ...commit, eventId: 'o-x', enrolled: a })).toEqual({
      status: 'conflict',
      storedVersion: 2,
    });
    expect(await store.hasEvent('alice', 'o-1')).toBe(true);
    expect(await store.hasEvent('alice', 'o-x')).toBe(false);
    expect((await store.ledger('alice'))!.entries).toHaveLength(2);
  });

  test('event ids are unique per member: one referral event goes to the referrer and the referee', async () => {
    const store = createMemoryStore();
    const referral = {
      type: 'referral',
      id: 'ref-1',
      occurredAt: '2026-03-02T00:00:00Z',
      referrerId: 'alice',
      refereeId: 'bob',
      status: 'signedUp',
    };
    const x = await processEvent(store, engine, referral, { memberId: 'alice', enroll });
    const y = await processEvent(store, engine, referral, { memberId: 'bob', enroll });
    expect([x.duplicate, y.duplicate]).toEqual([false, false]);
    expect(y.state.referredBy).toBe('alice');
  });

  test('an eventId of null (time effects from engine.advance) records no event', async () => {
    const expiring = createEngine(
      defineProgram({ ...json, expiry: { mode: 'rolling', days: 30, from: 'earned' } }),
    );
    const store = createMemoryStore();
    const first = await processEvent(store, expiring, buy('o-1', 10000), { enroll });
    const advanced = expiring.advance(first.state, '2026-06-01T00:00:00Z');
    expect(advanced.effects.map((e) => e.type)).toEqual(['pointsExpired']);
    const result = await store.commit({
      memberId: 'alice',
      expectedVersion: first.state.version,
      state: advanced.state,
      entries: advanced.effects,
      eventId: null,
    });
    expect(result).toEqual({ status: 'committed', version: 3 });
    const ledger = (await store.ledger('alice'))!;
    expect(expiring.replay(ledger.initial, ledger.entries)).toEqual(await store.load('alice'));
  });

  test('what load returns is a copy: changing it changes nothing stored', async () => {
    const store = createMemoryStore();
    await processEvent(store, engine, buy('o-1', 10000), { enroll });
    const loaded = (await store.load('alice')) as { version: number };
    loaded.version = 99;
    expect((await store.load('alice'))!.version).toBe(2);
  });

  test('refuses a commit that does not fit together, listing every problem; nothing written', async () => {
    const store = createMemoryStore();
    const problems = async (commit: Parameters<MemberStore['commit']>[0]): Promise<string[]> => {
      try {
        await store.commit(commit);
      } catch (e) {
        if (isLoyaltyError(e) && e.code === 'INVALID_ARGUMENT') return e.issues.map((i) => i.code);
        throw e;
      }
      return [];
    };
    const base = { memberId: 'alice', state: applied.state, entries: applied.effects, eventId: 'o-1' };
    expect(await problems({ ...base, expectedVersion: 0 })).toEqual(['missing_enrolled']);
    expect(await problems({ ...base, expectedVersion: 1, enrolled: a })).toEqual([
      'version_mismatch',
      'seq_gap',
      'seq_gap',
    ]);
    expect(await problems({ ...base, memberId: 'bob', expectedVersion: 0, enrolled: a })).toEqual([
      'member_mismatch',
      'member_mismatch',
      'member_mismatch',
      'invalid_enrolled',
    ]);
    expect(await problems({ ...base, entries: [], expectedVersion: 2, eventId: '' })).toEqual([
      'invalid_event_id',
      'no_entries',
    ]);
    expect(await store.load('alice')).toBeUndefined();
  });
});
