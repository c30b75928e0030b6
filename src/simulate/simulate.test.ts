import { createEngine, defineProgram, type MemberState, type ProgramInput, simulate } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../../test/support/mulberry32.js';

const base: ProgramInput = {
  id: 'shop',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  rewards: [{ id: 'gift', points: '300' }],
  expiry: { mode: 'rolling', months: 6 },
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member' },
      { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 500_000 } },
    ],
  },
};

/** A year of purchases and some redemptions for 30 members, in time order. */
function stream(seed: number): Record<string, unknown>[] {
  const rnd = mulberry32(seed);
  const out: Record<string, unknown>[] = [];
  let t = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 600; i++) {
    t += Math.floor(rnd() * 14 * 3_600_000);
    const memberId = `m-${Math.floor(rnd() * 30)}`;
    const occurredAt = new Date(t).toISOString();
    if (rnd() < 0.15) out.push({ type: 'redemption', id: `r-${i}`, memberId, occurredAt, rewardId: 'gift' });
    else {
      out.push({
        type: 'purchase',
        id: `o-${i}`,
        memberId,
        occurredAt,
        currency: 'CNY',
        lines: [{ sku: 's', quantity: 1, price: 1_000 + Math.floor(rnd() * 40_000) }],
      });
    }
  }
  return out;
}

describe('simulate', () => {
  test('an unchanged program gives a zero diff, and each arm equals applying the events live', async () => {
    const events = stream(1);
    const program = defineProgram(base);
    const r = await simulate({
      events,
      programs: { current: program, candidate: program },
      until: '2027-01-01T00:00:00Z',
    });
    expect(r.diff).toEqual({ issued: 0, redeemed: 0, expired: 0, outstanding: 0, cost: null });
    expect(
      r.perMember.every((m) => m.issued === 0 && m.outstanding === 0 && m.tier.current === m.tier.candidate),
    ).toBe(true);
    expect(r.tierMoves).toEqual([]);
    expect(r.current).toEqual(r.candidate);
    // live: the same events through one engine, member by member
    const engine = createEngine(program);
    const states = new Map<string, MemberState>();
    for (const e of events) {
      const id = e['memberId'] as string;
      const s = states.get(id) ?? engine.enroll({ memberId: id, joinedAt: e['occurredAt'] as string });
      try {
        states.set(id, engine.apply(s, e).state);
      } catch {
        states.set(id, s);
      }
    }
    let issued = 0;
    let outstanding = 0;
    for (const s of states.values()) {
      const after = engine.advance(s, '2027-01-01T00:00:00Z').state;
      issued += after.totals.earned + after.totals.adjustedIn;
      outstanding +=
        engine.balance(after, after.clock).available + engine.balance(after, after.clock).pending;
    }
    expect(r.current.issued).toBe(issued);
    expect(r.current.outstanding).toBe(outstanding);
    expect(r.members).toBe(states.size);
    expect(r.events).toBe(events.length);
  });

  test('a richer candidate: more points issued, its cost at a point value, tier moves and history', async () => {
    const events = stream(2);
    const candidate = defineProgram({
      ...base,
      version: 2,
      earning: [{ id: 'base', kind: 'spend', rate: { points: '2', per: '1.00' } }],
      tiers: {
        ...base.tiers!,
        levels: [
          { id: 'member' },
          { id: 'silver', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 200_000 } },
        ],
      },
    });
    const progress: number[] = [];
    const r = await simulate({
      events,
      programs: { current: defineProgram(base), candidate },
      pointValue: { amount: 1, currency: 'CNY' },
      progressEvery: 200,
      onProgress: (p) => progress.push(p.events),
    });
    expect(r.candidate.issued).toBeGreaterThan(r.current.issued);
    expect(r.diff.cost).toEqual({ amount: r.diff.issued, currency: 'CNY' });
    expect(r.tierMoves.every((m) => m.from === 'member' && m.to === 'silver')).toBe(true);
    expect(r.tierMoves.reduce((s, m) => s + m.members, 0)).toBeGreaterThan(0);
    expect(r.tierHistory.map((h) => h.period)).toEqual(
      Array.from({ length: r.tierHistory.length }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(progress).toEqual([200, 400, 600, 600].slice(0, progress.length));
    // redemptions the current members could not pay are refused there, not under the candidate
    expect(
      (r.current.refused.INSUFFICIENT_POINTS ?? 0) >= (r.candidate.refused.INSUFFICIENT_POINTS ?? 0),
    ).toBe(true);
    expect(r.perMember[0]!.issued).toBeGreaterThanOrEqual(r.perMember.at(-1)!.issued);
  });

  test('streams from an async iterable; refuses events without a member or out of order', async () => {
    async function* gen() {
      yield* stream(3).slice(0, 50);
    }
    const program = defineProgram(base);
    const r = await simulate({ events: gen(), programs: { current: program, candidate: program } });
    expect(r.events).toBe(50);
    await expect(
      simulate({
        events: [{ type: 'birthday', id: 'x', occurredAt: '2026-01-01T00:00:00Z' }],
        programs: { current: program, candidate: program },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    const [a, b] = stream(4);
    await expect(
      simulate({ events: [a, b], programs: { current: program, candidate: program } }),
    ).resolves.toBeDefined();
    await expect(
      simulate({
        events: [{ ...b!, occurredAt: '2027-01-01T00:00:00Z' }, a],
        programs: { current: program, candidate: program },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT', issues: [{ code: 'out_of_order' }] });
  });

  test('reading ahead and applying member by member changes nothing: any batch size, the same result', async () => {
    const events = stream(5);
    // a member first seen months into the stream: not counted in the month ends before
    events.splice(400, 0, { ...events[400]!, id: 'late-1', memberId: 'm-late' });
    events.splice(450, 0, { ...events[450]!, id: 'late-2', memberId: 'm-late' });
    // an event no program accepts, refused under both
    events.splice(300, 0, {
      ...events[299]!,
      id: 'bad',
      type: 'purchase',
      lines: [{ sku: 's', quantity: -1, price: 1 }],
    });
    const programs = {
      current: defineProgram(base),
      candidate: defineProgram({
        ...base,
        version: 2,
        earning: [{ id: 'base', kind: 'spend', rate: { points: '3', per: '2.00' } }],
      }),
    };
    const run = async (batchSize: number) => {
      const progress: number[] = [];
      const result = await simulate({
        events,
        programs,
        pointValue: { amount: 2, currency: 'CNY' },
        batchSize,
        progressEvery: 100,
        onProgress: (p) => progress.push(p.events),
      });
      return { result, progress };
    };
    const one = await run(1);
    expect(one.result.tierHistory.length).toBeGreaterThan(3);
    expect(one.progress).toEqual([100, 200, 300, 400, 500, 600, 603]);
    expect(one.result.current.refused.INVALID_EVENT).toBe(1);
    expect(one.result.candidate.refused.INVALID_EVENT).toBe(1);
    for (const size of [7, 64, 10_000]) expect(await run(size)).toEqual(one);
  });

  test('a source may reuse one object for every event: events are held as parsed copies', async () => {
    const events = stream(7);
    const program = defineProgram(base);
    function* reused() {
      const slot: Record<string, unknown> = {};
      for (const e of events) {
        for (const k of Object.keys(slot)) delete slot[k];
        Object.assign(slot, e);
        yield slot;
      }
    }
    const expected = await simulate({ events, programs: { current: program, candidate: program } });
    expect(await simulate({ events: reused(), programs: { current: program, candidate: program } })).toEqual(
      expected,
    );
  });

  test('an invalid event is reported at its position in the stream, not at the events applied so far', async () => {
    const program = defineProgram(base);
    const events = stream(6).slice(0, 20);
    events.splice(12, 0, { type: 'purchase', id: 'x', occurredAt: events[11]!['occurredAt'] });
    await expect(
      simulate({ events, programs: { current: program, candidate: program }, batchSize: 1_000 }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['events', 12, 'memberId'] }] });
  });
});
