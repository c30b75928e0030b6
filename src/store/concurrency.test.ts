// Concurrent processEvent calls for one member, with every store call (load, hasEvent, commit)
// delayed and released in an order fast-check chooses (fc.scheduler): whatever the interleaving,
// the store ends as if the events had been applied one after another, in the order they were
// committed, each exactly once.
import fc from 'fast-check';
import {
  createEngine,
  createMemoryStore,
  defineProgram,
  type LedgerEntry,
  type MemberState,
  type MemberStore,
  type ProcessedEvent,
  processEvent,
} from 'loyalty-engine';
import { expect, test } from 'vitest';

const RUNS = Number(process.env.FC_RUNS ?? 100);

const engine = createEngine(
  defineProgram({
    id: 'coffee-club',
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    earning: [
      { id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' } },
      {
        id: 'first',
        kind: 'fixed',
        event: 'purchase',
        points: '25',
        when: { fact: 'isFirstPurchase', operator: 'equal', value: true },
      },
      { id: 'review', kind: 'fixed', event: 'custom', customEvent: 'review', points: '10' },
    ],
    // Concurrent deliveries commit in any time order: late events are re-derived, not refused.
    lateEvents: { mode: 'rederive', windowDays: 30 },
    // A short window of recent ids, so that redeliveries also test the store's index of event ids.
    idempotency: { recentEvents: 2 },
  }),
);
const JOINED = '2026-03-01T00:00:00Z';
const enroll = () => ({ joinedAt: JOINED });

type Event = Record<string, unknown> & { id: string; occurredAt: string };

/** Up to 7 distinct events of one member at a few instants, each delivered once or twice. */
const arbDeliveries = fc
  .uniqueArray(
    fc.record({
      kind: fc.constantFrom('purchase', 'custom', 'adjustment'),
      hour: fc.integer({ min: 1, max: 6 }),
      amount: fc.integer({ min: 1, max: 60_000 }),
      copies: fc.integer({ min: 1, max: 2 }),
    }),
    { minLength: 1, maxLength: 7, selector: (e) => `${e.kind}${e.hour}${e.amount}` },
  )
  .map((specs) =>
    specs.flatMap((s, i) => {
      const base = {
        id: `e-${i}`,
        memberId: 'alice',
        occurredAt: `2026-03-02T${String(s.hour).padStart(2, '0')}:00:00Z`,
      };
      const event: Event =
        s.kind === 'purchase'
          ? {
              ...base,
              type: 'purchase',
              currency: 'CNY',
              lines: [{ sku: 'beans', quantity: 1, price: s.amount }],
            }
          : s.kind === 'custom'
            ? { ...base, type: 'custom', name: 'review' }
            : { ...base, type: 'adjustment', points: 1 + (s.amount % 100), reason: 'goodwill' };
      return Array.from({ length: s.copies }, () => event);
    }),
  );

/** Delays each call and each answer of a store until the scheduler releases it. */
function scheduled(s: fc.Scheduler, store: MemberStore): MemberStore {
  const delay =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await s.schedule(Promise.resolve());
      return s.schedule(fn(...args));
    };
  return {
    load: delay(store.load),
    hasEvent: delay(store.hasEvent),
    commit: delay(store.commit),
    ledger: store.ledger,
  };
}

/** The ids of the events in the order the ledger applied them. */
function appliedOrder(entries: readonly LedgerEntry[]): string[] {
  return entries
    .filter((e) => e.type === 'eventApplied' || e.type === 'stateRederived')
    .map((e) => (e.type === 'stateRederived' ? e.lateEventId : e.eventId));
}

test('concurrent processEvent calls end as the same events applied one at a time, each once', async () => {
  await fc.assert(
    fc.asyncProperty(arbDeliveries, fc.scheduler(), async (deliveries, s) => {
      const store = createMemoryStore();
      const all = Promise.all(
        deliveries.map((e) =>
          processEvent(scheduled(s, store), engine, e, { enroll, maxRetries: deliveries.length }),
        ),
      );
      const results: ProcessedEvent[] = await s.waitFor(all);

      const byId = new Map(deliveries.map((e) => [e.id, e]));
      // Exactly one delivery of each event applied it; the others were no-ops.
      for (const id of byId.keys()) {
        const applied = results.filter((r, i) => deliveries[i]!.id === id && !r.duplicate);
        expect(applied).toHaveLength(1);
      }
      for (const r of results) if (r.duplicate) expect(r.effects).toEqual([]);

      // No entry lost or doubled: the ledger is exactly the committed effects, numbered 1..n.
      const stored = (await store.load('alice'))!;
      const ledger = (await store.ledger('alice'))!;
      const committed = results.flatMap((r) => r.effects).sort((a, b) => a.seq - b.seq);
      expect(ledger.entries).toEqual(JSON.parse(JSON.stringify(committed)));
      expect(ledger.entries.map((e) => e.seq)).toEqual(ledger.entries.map((_, i) => i + 1));
      expect(stored.version).toBe(ledger.entries.length);
      const order = appliedOrder(ledger.entries);
      expect([...order].sort()).toEqual([...byId.keys()].sort());

      // The same events applied one at a time, in the order they were committed, give the same state.
      let sequential: MemberState = engine.enroll({ memberId: 'alice', joinedAt: JOINED });
      for (const id of order) sequential = engine.apply(sequential, byId.get(id)).state;
      expect(stored).toEqual(JSON.parse(JSON.stringify(sequential)));
      expect(engine.replay(ledger.initial, ledger.entries)).toEqual(stored);
      expect(engine.checkInvariants(stored, ledger.entries)).toEqual([]);

      // And in time order (re-derivation makes the balance independent of the commit order).
      const inTime = [...byId.values()].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
      const timeOrdered = engine.applyAll(
        engine.enroll({ memberId: 'alice', joinedAt: JOINED }),
        inTime,
      ).state;
      expect(engine.balance(stored, '2026-03-03T00:00:00Z')).toEqual(
        engine.balance(timeOrdered, '2026-03-03T00:00:00Z'),
      );
      expect(stored.totals).toEqual(timeOrdered.totals);
    }),
    { numRuns: RUNS },
  );
});
