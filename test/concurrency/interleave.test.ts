// Issue 11 item 4: one engine instance serving many members from async code shares no mutable state
// between members. Each member's events are applied by its own async task; the tasks interleave at
// every await in an order drawn by fast-check's scheduler. Every member must end with exactly the
// state and entries of a run of that member alone, on a fresh engine.
import fc from 'fast-check';
import {
  createEngine,
  defineProgram,
  type Engine,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type ProgramInput,
} from 'loyalty-engine';
import { expect, test } from 'vitest';

const program: ProgramInput = {
  id: 'shared',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    { id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } },
    {
      id: 'weekend',
      kind: 'multiplier',
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
    { id: 'bday', kind: 'fixed', event: 'birthday', points: '100', birthday: { window: 'month' } },
  ],
  caps: [{ id: 'daily', points: '500', window: { type: 'calendar', unit: 'day' } }],
  rewards: [{ id: 'tea', points: '100' }],
  pending: { days: 3 },
  expiry: { mode: 'rolling', days: 60 },
  refunds: { policy: 'allowNegative', negativeFloor: '-500' },
  lateEvents: { mode: 'rederive', windowDays: 30 },
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'rollingDays', days: 90 } } },
    policy: { period: { type: 'months', months: 3 } },
    levels: [
      { id: 'member' },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 50_000 } },
    ],
  },
};

type Step = { kind: 'buy' | 'refund' | 'redeem' | 'bday' | 'dup' | 'advance'; hours: number; amount: number };
const step = fc.record({
  kind: fc.constantFrom<Step['kind']>('buy', 'buy', 'refund', 'redeem', 'bday', 'dup', 'advance'),
  hours: fc.integer({ min: -30, max: 72 }), // negative: a late event
  amount: fc.integer({ min: 100, max: 60_000 }),
});

interface Outcome {
  readonly state: MemberState;
  readonly entries: readonly LedgerEntry[];
  readonly refusals: readonly string[];
}

/** Applies one member's steps; `pause` is awaited between engine calls (where other members run). */
async function runMember(
  engine: Engine,
  memberId: string,
  steps: readonly Step[],
  pause: () => Promise<void>,
) {
  let state = engine.enroll({ memberId, joinedAt: '2026-01-01T00:00:00Z', birthday: '1990-02-14' });
  const entries: LedgerEntry[] = [];
  const refusals: string[] = [];
  let t = Date.parse('2026-01-10T00:00:00Z');
  let lastEvent: unknown;
  const orders: string[] = [];
  for (const [i, s] of steps.entries()) {
    t += s.hours * 3_600_000;
    const at = new Date(t).toISOString();
    const id = `${memberId}-${i}`;
    const event =
      s.kind === 'buy'
        ? {
            type: 'purchase',
            id,
            memberId,
            occurredAt: at,
            currency: 'CNY',
            lines: [{ sku: 'x', quantity: 1, price: s.amount }],
          }
        : s.kind === 'refund' && orders.length > 0
          ? { type: 'refund', id, memberId, occurredAt: at, orderId: orders[s.amount % orders.length] }
          : s.kind === 'redeem'
            ? { type: 'redemption', id, memberId, occurredAt: at, rewardId: 'tea' }
            : s.kind === 'bday'
              ? { type: 'birthday', id, memberId, occurredAt: at }
              : s.kind === 'dup'
                ? lastEvent
                : undefined;
    await pause();
    try {
      const r = event === undefined ? engine.advance(state, at) : engine.apply(state, event);
      state = r.state;
      entries.push(...r.effects);
      if (s.kind === 'buy') orders.push(id);
      if (event !== undefined) lastEvent = event;
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      refusals.push(`${i}:${e.code}`);
    }
  }
  return { state, entries, refusals } satisfies Outcome;
}

test('members applied concurrently through one engine end exactly as when each runs alone', async () => {
  const shared = createEngine(defineProgram(program));
  await fc.assert(
    fc.asyncProperty(
      fc.scheduler(),
      fc.array(fc.array(step, { minLength: 1, maxLength: 25 }), { minLength: 2, maxLength: 5 }),
      async (s, streams) => {
        const together = streams.map((steps, m) =>
          runMember(shared, `m${m}`, steps, () => s.schedule(Promise.resolve(), `m${m}`)),
        );
        const outcomes = await s.waitFor(Promise.all(together));
        for (const [m, steps] of streams.entries()) {
          const alone = await runMember(createEngine(defineProgram(program)), `m${m}`, steps, async () => {});
          expect(outcomes[m]).toEqual(alone);
        }
      },
    ),
    { numRuns: 40 },
  );
});
