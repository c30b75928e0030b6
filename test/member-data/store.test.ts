// An erasure committed through a MemberStore like `advance` output (eventId null): the stored state
// is the erased one and the stored ledger (not yet rewritten) still replays to it; concurrent
// writers meet a version conflict instead of losing the erasure.
import {
  createEngine,
  createMemoryStore,
  defineProgram,
  type LoyaltyEvent,
  processEvent,
  redactMemberData,
} from 'loyalty-engine';
import { expect, test } from 'vitest';

const engine = createEngine(
  defineProgram({
    id: 'club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [
      { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
      { id: 'birthday', kind: 'fixed', event: 'birthday', points: '100', birthday: { window: 'month' } },
    ],
  }),
);
const enroll = (_id: string, e: LoyaltyEvent) => ({ joinedAt: e.occurredAt, birthday: '1988-07-01' });
const buy = (id: string, occurredAt: string, price: number) => ({
  type: 'purchase',
  id,
  memberId: 'mei',
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'tea', quantity: 1, price }],
});

test('an erasure commits like advance output; the stored ledger replays; a stale writer conflicts', async () => {
  const store = createMemoryStore();
  await processEvent(store, engine, buy('o-1', '2026-07-01T03:00:00Z', 5000), { enroll });
  await processEvent(store, engine, {
    type: 'birthday',
    id: 'bd',
    memberId: 'mei',
    occurredAt: '2026-07-02T03:00:00Z',
  });
  const loaded = (await store.load('mei'))!;
  const ledger = (await store.ledger('mei'))!;
  expect(loaded.profile.birthday).toBe('1988-07-01');

  const erasure = engine.eraseMemberData(loaded, { requestedAt: '2026-07-03T00:00:00Z' }, ledger);
  const result = await store.commit({
    memberId: 'mei',
    expectedVersion: loaded.version,
    state: erasure.state,
    entries: erasure.effects,
    eventId: null,
  });
  expect(result).toEqual({ status: 'committed', version: loaded.version + 1 });
  // a writer that loaded before the erasure cannot overwrite it
  const stale = engine.apply(loaded, buy('o-2', '2026-07-04T03:00:00Z', 1000));
  expect(
    await store.commit({
      memberId: 'mei',
      expectedVersion: loaded.version,
      state: stale.state,
      entries: stale.effects,
      eventId: 'o-2',
    }),
  ).toEqual({ status: 'conflict', storedVersion: loaded.version + 1 });

  const stored = (await store.load('mei'))!;
  expect(stored).toEqual(erasure.state);
  expect(stored.profile.birthday).toBeNull();
  const after = (await store.ledger('mei'))!;
  expect(engine.replay(after.initial, after.entries)).toEqual(stored);
  // the rows the host rewrites: the same ledger, redacted, replays to the same state
  const redacted = redactMemberData({ initial: after.initial, entries: after.entries });
  expect(engine.replay(redacted.initial, redacted.entries)).toEqual(stored);
  expect(JSON.stringify(redacted)).not.toContain('1988-07-01');
  // processEvent goes on from the erased state
  const next = await processEvent(store, engine, buy('o-3', '2026-07-05T03:00:00Z', 2000));
  expect(next.state.profile.birthday).toBeNull();
  expect(engine.balance(next.state, next.state.clock).available).toBe(50 + 100 + 20);
});
