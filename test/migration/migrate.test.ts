// Issue 11 item 3: states and ledgers written by schema version 1 (commit b741424, before member
// status, issued rewards and gifts) migrate to the current version, then apply, replay and
// checkInvariants work on them and give what the current engine gives for the same scenario.
import { readFileSync } from 'node:fs';
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  migrateEntries,
  migrateState,
  pointsLiability,
  pointsLiabilityFromLedger,
  SCHEMA_VERSION,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { members, program } from '../fixtures/state-v1/scenario.js';

interface Fixture {
  readonly initial: Record<string, unknown>;
  readonly entries: Record<string, unknown>[];
  readonly state: Record<string, unknown>;
}

const fixture = (memberId: string): Fixture =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/state-v1/${memberId}.json`, import.meta.url), 'utf8'),
  ) as Fixture;

const engine = createEngine(defineProgram(program));

/** The scenario run on the current engine. */
function current(memberId: string): { initial: MemberState; entries: LedgerEntry[]; state: MemberState } {
  const m = members.find((x) => x.enroll['memberId'] === memberId)!;
  const initial = engine.enroll(m.enroll as unknown as Parameters<typeof engine.enroll>[0]);
  let state = initial;
  const entries: LedgerEntry[] = [];
  for (const step of m.steps) {
    const d = 'event' in step ? engine.apply(state, step.event) : engine.advance(state, step.advance);
    state = d.state;
    entries.push(...d.effects);
  }
  return { initial, entries, state };
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

const MEMBERS = ['alice', 'bob'] as const;

function invariants(state: MemberState, entries: readonly LedgerEntry[]) {
  return engine.checkInvariants(state, entries);
}

/**
 * A deep copy without `countedAt` keys, and with `recentEventIds` sorted: version 1 kept the recent
 * ids of a re-derived state in time order, the current engine in the order applied (decision 002),
 * so after a re-derivation the same ids come in another order.
 */
function withoutCountedAt<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'countedAt' ? undefined : key === 'recentEventIds' ? [...(v as string[])].sort() : v,
  ) as T;
}

describe('the fixtures are schema version 1', () => {
  test.each(MEMBERS)('%s: no status, no rewards, entries without schemaVersion', (id) => {
    const f = fixture(id);
    expect(f.state['schemaVersion']).toBe(1);
    expect(f.state).not.toHaveProperty('status');
    expect(f.state).not.toHaveProperty('rewards');
    expect(f.entries.length).toBeGreaterThan(10);
    for (const e of f.entries) expect(e).not.toHaveProperty('schemaVersion');
  });

  test('they cover a journal anchor and stateRederived entries with nested entries and state', () => {
    const bob = fixture('bob');
    expect(bob.state['journal']).not.toBeNull();
    expect(bob.entries.filter((e) => e['type'] === 'stateRederived')).toHaveLength(2);
    const alice = fixture('alice');
    const types = new Set(alice.entries.map((e) => e['type']));
    for (const t of ['pointsEarned', 'pointsActivated', 'tierChanged', 'pointsRedeemed', 'pointsReversed'])
      expect(types).toContain(t);
    for (const t of ['redemptionCancelled', 'pointsAdjusted', 'pointsExpired']) expect(types).toContain(t);
  });
});

describe.each(MEMBERS)('%s: migrated from schema version 1', (id) => {
  const f = fixture(id);
  const initial = migrateState(f.initial);
  const entries = migrateEntries(f.entries);
  const state = migrateState(f.state);

  test('is the current schema, nested states and entries included', () => {
    expect(SCHEMA_VERSION).toBe(2);
    for (const s of [initial, state]) {
      expect(s).toMatchObject({ schemaVersion: 2, status: 'active', rewards: [] });
      if (s.journal !== null) expect(s.journal.anchor).toMatchObject({ schemaVersion: 2, status: 'active' });
    }
    for (const e of entries) {
      expect(e.schemaVersion).toBe(2);
      if (e.type === 'stateRederived') {
        expect(e.state).toMatchObject({ schemaVersion: 2, status: 'active', rewards: [] });
        for (const inner of e.entries) expect(inner.schemaVersion).toBe(2);
      }
    }
  });

  test('equals what the current engine writes for the same scenario', () => {
    // Order awards' countedAt (added after version 2 was cut) is not written by the migration: the
    // engine derives it from the lots when it is missing. Compared without it.
    const now = withoutCountedAt(current(id));
    expect(initial).toEqual(now.initial);
    expect(withoutCountedAt(entries)).toEqual(now.entries);
    expect(withoutCountedAt(state)).toEqual(now.state);
    // (Deep equality, not the same JSON text: parsed events now keep the schema's key order, which
    // version 1 did not, e.g. a purchase's filled-in orderId.)
  });

  test('replay, checkInvariants and apply work on it', () => {
    // replay writes countedAt from the entries; the migrated state has none (derived when needed)
    expect(withoutCountedAt(engine.replay(initial, entries))).toEqual(withoutCountedAt(state));
    expect(invariants(state, entries)).toEqual([]);
    const next = {
      type: 'purchase',
      id: `${id}-after-upgrade`,
      occurredAt: '2026-06-01T03:00:00Z',
      currency: 'CNY',
      lines: [{ sku: 'beans', quantity: 1, price: 5000 }],
    };
    const d = engine.apply(state, next);
    expect(withoutCountedAt(d)).toEqual(withoutCountedAt(engine.apply(current(id).state, next)));
    expect(withoutCountedAt(engine.replay(initial, [...entries, ...d.effects]))).toEqual(
      withoutCountedAt(d.state),
    );
    expect(invariants(d.state, [...entries, ...d.effects])).toEqual([]);
  });

  test('liability reads the same numbers before and after the migration', () => {
    const options = {
      asOf: '2026-06-01T00:00:00Z',
      timeZone: 'Asia/Shanghai',
      pointValue: { currency: 'CNY', perPoint: '0.01' },
    };
    const fromOld = pointsLiabilityFromLedger(f.entries as unknown as LedgerEntry[], options);
    expect(pointsLiabilityFromLedger(entries, options)).toEqual(fromOld);
    expect(pointsLiability([state], options)).toEqual(fromOld);
  });

  test('migrating again changes nothing; the input is not changed', () => {
    const before = JSON.stringify(f);
    expect(migrateState(state)).toBe(state);
    expect(migrateEntries(entries)).toEqual(entries);
    migrateState(f.state);
    migrateEntries(f.entries);
    expect(JSON.stringify(f)).toBe(before);
  });

  test('the engine refuses the unmigrated state and entries, naming the migration', () => {
    const old = f.state as unknown as MemberState;
    for (const call of [
      () => engine.apply(old, { type: 'birthday', id: 'x', occurredAt: '2026-07-01T00:00:00Z' }),
      () => engine.balance(old, '2026-07-01T00:00:00Z'),
      () => engine.advance(old, '2026-07-01T00:00:00Z'),
      () => engine.replay(f.initial as unknown as MemberState, entries),
    ]) {
      const r = refusal(call);
      expect(r).toMatchObject({ code: 'UNSUPPORTED_SCHEMA_VERSION', path: 'state.schemaVersion' });
      expect(r.message).toContain('migrateState');
    }
    const r = refusal(() => engine.replay(initial, f.entries as unknown as LedgerEntry[]));
    expect(r).toMatchObject({ code: 'UNSUPPORTED_SCHEMA_VERSION', path: 'entries.0.schemaVersion' });
    expect(r.message).toContain('migrateEntries');
  });
});

describe('unknown and future versions', () => {
  const alice = fixture('alice');

  test.each([
    [3, 'newer than this version'],
    [99, 'newer than this version'],
    [0, 'is not a version'],
    ['2', 'is not a version'],
    [null, 'is not a version'],
  ])('state schemaVersion %j is refused: %s', (v, message) => {
    const r = refusal(() => migrateState({ ...alice.state, schemaVersion: v }));
    expect(r).toMatchObject({ code: 'UNSUPPORTED_SCHEMA_VERSION', path: 'state.schemaVersion' });
    expect(r.message).toContain(message);
    // the engine refuses it too, without migrating
    const e = refusal(() =>
      engine.balance({ ...alice.state, schemaVersion: v } as never, '2026-07-01T00:00:00Z'),
    );
    expect(e).toMatchObject({ code: 'UNSUPPORTED_SCHEMA_VERSION', path: 'state.schemaVersion' });
  });

  test('an entry of a future version is refused at its path, even nested', () => {
    const entries = migrateEntries(alice.entries);
    const future = [...entries.slice(0, 3), { ...entries[3]!, schemaVersion: 3 }];
    expect(refusal(() => migrateEntries(future))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      path: 'entries.3.schemaVersion',
    });
    expect(refusal(() => engine.replay(migrateState(alice.initial), future as never))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      path: 'entries.3.schemaVersion',
    });
    const bob = fixture('bob');
    const i = bob.entries.findIndex((e) => e['type'] === 'stateRederived');
    const nested = bob.entries.map((e, j) =>
      j === i ? { ...e, entries: [{ ...(e['entries'] as object[])[0], schemaVersion: 7 }] } : e,
    );
    expect(refusal(() => migrateEntries(nested))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      path: `entries.${i}.entries.0.schemaVersion`,
    });
  });

  test('what is not a state or a list of entries is INVALID_ARGUMENT', () => {
    expect(refusal(() => migrateState(null)).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => migrateState([])).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => migrateEntries({})).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => migrateEntries([1]))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'entries.0' });
  });

  test('a development state that already has status and rewards keeps them', () => {
    const dev = {
      ...alice.state,
      status: 'suspended',
      rewards: [{ key: 'k', rewardId: 'r', issuedAt: 'x', validUntil: null }],
    };
    expect(migrateState(dev)).toMatchObject({
      schemaVersion: 2,
      status: 'suspended',
      rewards: [{ key: 'k' }],
    });
  });
});
