// Experiment outcomes read from real ledgers: members assigned by hash, each arm under its own
// program (the variant's), and the comparison of the arms. Numbers checked by hand below.
import {
  assignVariant,
  compareArms,
  createEngine,
  defineExperiment,
  defineProgram,
  type Engine,
  experimentOutcomes,
  type LedgerEntry,
  type MemberState,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const base = {
  id: 'cafe',
  name: 'Cafe',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  pending: { days: 0 },
};
const programs: Record<string, Engine> = {
  control: createEngine(
    defineProgram({ ...base, earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }] }),
  ),
  double: createEngine(
    defineProgram({ ...base, earning: [{ id: 'base', kind: 'spend', rate: { points: '2', per: '1.00' } }] }),
  ),
};

const purchase = (id: string, at: string, price: number) => ({
  type: 'purchase',
  id,
  occurredAt: at,
  currency: 'CNY',
  lines: [{ id: 'l1', sku: 'latte', quantity: 1, price }],
});

function run(engine: Engine, memberId: string, events: readonly unknown[]): LedgerEntry[] {
  let s: MemberState = engine.enroll({ memberId, joinedAt: '2026-01-01T00:00:00Z' });
  const out: LedgerEntry[] = [];
  for (const e of events) {
    const r = engine.apply(s, e);
    s = r.state;
    out.push(...r.effects);
  }
  return out;
}

describe('experimentOutcomes', () => {
  const from = '2026-03-01T00:00:00+08:00';
  const to = '2026-04-01T00:00:00+08:00';

  test('spend, orders, purchase days and points per member, within the window', () => {
    const ledger = [
      ...run(programs.control!, 'a', [
        purchase('a-0', '2026-02-20T10:00:00+08:00', 9900), // before the window: ignored
        purchase('a-1', '2026-03-02T10:00:00+08:00', 3000),
        purchase('a-2', '2026-03-02T18:00:00+08:00', 2000), // same local day
        purchase('a-3', '2026-03-10T10:00:00+08:00', 1000),
        { type: 'refund', id: 'r-3', occurredAt: '2026-03-11T10:00:00+08:00', orderId: 'a-3' }, // full refund
        { type: 'refund', id: 'r-0', occurredAt: '2026-03-12T10:00:00+08:00', orderId: 'a-0' }, // an order before the window
        purchase('a-4', '2026-04-02T10:00:00+08:00', 5000), // after the window: ignored
      ]),
      ...run(programs.control!, 'b', [purchase('b-1', '2026-03-05T10:00:00+08:00', 4000)]),
    ];
    const out = experimentOutcomes(ledger, { from, to, armOf: () => 'control', members: ['a', 'b', 'c'] });
    expect(out).toEqual([
      // 30.00 + 20.00 (10.00 refunded in full); 2 orders on one day; 30 + 20 points (10 reversed)
      { memberId: 'a', arm: 'control', spend: 5000, orders: 2, purchaseDays: 1, pointsIssued: 50 },
      { memberId: 'b', arm: 'control', spend: 4000, orders: 1, purchaseDays: 1, pointsIssued: 40 },
      // in the population, no activity: counts as zeros
      { memberId: 'c', arm: 'control', spend: 0, orders: 0, purchaseDays: 0, pointsIssued: 0 },
    ]);
  });

  test('members mapped to null (held out) are left out; without `members`, everyone in the ledger', () => {
    const ledger = [
      ...run(programs.control!, 'a', [purchase('a-1', '2026-03-02T10:00:00+08:00', 3000)]),
      ...run(programs.control!, 'b', [purchase('b-1', '2026-03-05T10:00:00+08:00', 4000)]),
    ];
    const out = experimentOutcomes(ledger, { from, to, armOf: (id) => (id === 'a' ? null : 'x') });
    expect(out.map((o) => o.memberId)).toEqual(['b']);
  });

  test('entries out of ledger order are refused', () => {
    const ledger = run(programs.control!, 'a', [purchase('a-1', '2026-03-02T10:00:00+08:00', 3000)]);
    expect(() => experimentOutcomes([...ledger].reverse(), { from, to, armOf: () => 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => experimentOutcomes(ledger, { from: to, to: from, armOf: () => 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: ['options', 'to'] }),
    );
  });

  test('end to end: assign, apply each arm its program, compare', () => {
    const experiment = defineExperiment({
      key: 'double-points',
      variants: [
        { id: 'control', weight: 1 },
        { id: 'double', weight: 1 },
      ],
    });
    const members = Array.from({ length: 40 }, (_, i) => `m-${i}`);
    const ledger: LedgerEntry[] = [];
    members.forEach((id, i) => {
      const arm = assignVariant(experiment, id).variant!;
      // the same behaviour in both arms: everyone buys 10.00 + i CNY once, every third member twice
      const events = [purchase(`${id}-1`, '2026-03-03T10:00:00+08:00', 1000 + i * 100)];
      if (i % 3 === 0) events.push(purchase(`${id}-2`, '2026-03-20T10:00:00+08:00', 500));
      ledger.push(...run(programs[arm]!, id, events));
    });
    const outcomes = experimentOutcomes(ledger, {
      from,
      to,
      members,
      armOf: (id) => assignVariant(experiment, id).variant,
    });
    const report = compareArms(outcomes, {
      control: 'control',
      currency: 'CNY',
      pointValue: { currency: 'CNY', perPoint: '0.01' },
    });
    const [control, double] = report.arms;
    expect(control!.members + double!.members).toBe(40);
    // the double arm earns 2 points per yuan: its points per yuan spent is exactly twice the control's
    expect(double!.pointsIssued / double!.spend.amount).toBeCloseTo(
      (2 * control!.pointsIssued) / control!.spend.amount,
      12,
    );
    expect(control!.pointsIssued).toBe(control!.spend.amount / 100);
    const cost = report.comparisons.find((c) => c.metric === 'pointsCostPerMember')!;
    expect(cost.difference!).toBeGreaterThan(0);
  });
});
