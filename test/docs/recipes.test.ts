// The recipes of docs/recipes/ run as written: each page's program JSON is read from the page,
// validated, and applied to a short event stream that checks what the page's table says. The
// TypeScript on the pages is type-checked (with the declarations it assumes), and the VIP page's
// `canRedeem` is run.
import {
  createEngine,
  defineProgram,
  type Engine,
  isLoyaltyError,
  type LedgerEntry,
  type MemberState,
  type PointsEarnedEntry,
} from 'loyalty-engine';
import { analyticsFacts, summarizeTransactions } from 'loyalty-engine/analytics';
import { describe, expect, test } from 'vitest';
import { codeBlocks } from './markdown.js';
import { typeErrors, writeSnippet } from './runTs.js';

/** The program of a recipe page: its first `json` block. */
function recipe(page: string): Engine {
  const block = codeBlocks(`docs/recipes/${page}`).find((b) => b.lang === 'json');
  if (block === undefined) throw new Error(`docs/recipes/${page}: no json block`);
  return createEngine(defineProgram(JSON.parse(block.code)));
}

/** A member and the engine, with `apply` keeping the state. */
function member(engine: Engine, memberId: string, joinedAt: string, extra: { birthday?: string } = {}) {
  let state: MemberState = engine.enroll({ memberId, joinedAt, ...extra });
  return {
    get state() {
      return state;
    },
    apply(event: Record<string, unknown>, facts?: Record<string, unknown>): readonly LedgerEntry[] {
      const r = engine.apply(state, event, facts === undefined ? undefined : { facts });
      state = r.state;
      return r.effects;
    },
    available(): number {
      return engine.balance(state, state.clock).available;
    },
  };
}

const earned = (effects: readonly LedgerEntry[]): Record<string, number> =>
  Object.fromEntries(
    effects.filter((e): e is PointsEarnedEntry => e.type === 'pointsEarned').map((e) => [e.ruleId, e.points]),
  );

const reversed = (effects: readonly LedgerEntry[]): Record<string, number> =>
  Object.fromEntries(effects.flatMap((e) => (e.type === 'pointsReversed' ? [[e.ruleId, e.points]] : [])));

let n = 0;
const buy = (occurredAt: string, price: number, extra: Record<string, unknown> = {}) => ({
  type: 'purchase',
  id: `o-${++n}`,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'item', quantity: 1, price }],
  ...extra,
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return `${e.code}:${e.issues[0]?.code}`;
    throw e;
  }
  return 'none';
}

describe('recipes', () => {
  test('activation-bonus.md: welcome once, first order within 7 days, refunded with the order', () => {
    const engine = recipe('activation-bonus.md');
    const mei = member(engine, 'mei', '2026-03-01T10:00:00+08:00');
    expect(earned(mei.apply({ type: 'signup', id: 's1', occurredAt: '2026-03-01T10:00:00+08:00' }))).toEqual({
      welcome: 50,
    });
    expect(earned(mei.apply({ type: 'signup', id: 's2', occurredAt: '2026-03-01T11:00:00+08:00' }))).toEqual(
      {},
    );
    const first = buy('2026-03-04T12:00:00+08:00', 8000);
    expect(earned(mei.apply(first))).toEqual({ base: 80, 'first-order': 200 });
    expect(earned(mei.apply(buy('2026-03-05T12:00:00+08:00', 8000)))).toEqual({ base: 80 });
    const refund = { type: 'refund', id: 'rf', occurredAt: '2026-03-06T12:00:00+08:00', orderId: first.id };
    expect(reversed(mei.apply(refund))).toEqual({ base: 80, 'first-order': 200 });
    expect(mei.available()).toBe(50 + 80);

    const jun = member(engine, 'jun', '2026-03-01T10:00:00+08:00');
    const late = buy('2026-03-10T12:00:00+08:00', 8000);
    const report = engine.explainEvent(jun.state, late);
    const rule = report.rules.find((r) => r.ruleId === 'first-order');
    expect(rule?.reason).toBe('conditionFalse');
    expect(rule?.condition?.kind === 'all' && rule.condition.children[1]).toMatchObject({
      fact: 'daysSinceJoined',
      factValue: 9,
      result: false,
    });
    expect(earned(jun.apply(late))).toEqual({ base: 80 });
  });

  test('birthday-double-points.md: x2 in the birthday month, a gift once a year', () => {
    const engine = recipe('birthday-double-points.md');
    const m = member(engine, 'yu', '2026-01-01T00:00:00Z', { birthday: '1990-03-20' });
    const march = m.apply(buy('2026-03-05T12:00:00+08:00', 15000));
    expect(earned(march)).toEqual({ base: 300 });
    expect(engine.explain(march[1]!).summary).toContain('x2 birthday-double');
    expect(earned(m.apply({ type: 'birthday', id: 'b1', occurredAt: '2026-03-10T09:00:00+08:00' }))).toEqual({
      'birthday-gift': 100,
    });
    expect(earned(m.apply({ type: 'birthday', id: 'b2', occurredAt: '2026-03-25T09:00:00+08:00' }))).toEqual(
      {},
    );
    expect(earned(m.apply(buy('2026-04-02T12:00:00+08:00', 15000)))).toEqual({ base: 150 });
    // a 29 February birthday with leapDayBirthday "mar1": March in 2026, February in 2028
    const leap = member(engine, 'leap', '2026-01-01T00:00:00Z', { birthday: '2000-02-29' });
    expect(earned(leap.apply(buy('2026-02-10T12:00:00+08:00', 1000)))).toEqual({ base: 10 });
    expect(earned(leap.apply(buy('2026-03-10T12:00:00+08:00', 1000)))).toEqual({ base: 20 });
    expect(earned(leap.apply(buy('2028-02-10T12:00:00+08:00', 1000)))).toEqual({ base: 20 });
  });

  test('win-back.md: a bonus for at-risk members, once in 12 months, from analytics facts', () => {
    const engine = recipe('win-back.md');
    // Bo's history: three orders, the last five months before today
    const summary = summarizeTransactions(
      [
        { customerId: 'bo', occurredAt: '2025-06-01T10:00:00+08:00', amount: 5000 },
        { customerId: 'bo', occurredAt: '2025-07-01T10:00:00+08:00', amount: 5000 },
        { customerId: 'bo', occurredAt: '2025-10-01T10:00:00+08:00', amount: 5000 },
      ],
      { observationEnd: '2026-03-01', timeZone: 'Asia/Shanghai' },
    )[0]!;
    const facts = analyticsFacts({ summary, predictions: { pAlive: 0.21 } });
    expect(facts.lifecycleStage).toBe('at-risk');
    const bo = member(engine, 'bo', '2025-06-01T00:00:00Z');
    const r = bo.apply(buy('2026-03-02T12:00:00+08:00', 5000), { ...facts });
    expect(earned(r)).toEqual({ base: 50, 'win-back': 300 });
    const award = r.find((e): e is PointsEarnedEntry => e.type === 'pointsEarned' && e.ruleId === 'win-back');
    expect(award?.explanation.facts).toMatchObject({ pAlive: 0.21 });
    const again = bo.apply(buy('2026-03-09T12:00:00+08:00', 5000), { ...facts });
    expect(earned(again)).toEqual({ base: 50 });
    expect(again.map((e) => e.type)).toContain('ruleCapped');

    const ann = member(engine, 'ann', '2025-06-01T00:00:00Z');
    const active = { pAlive: 0.92, lifecycleStage: 'active' };
    expect(earned(ann.apply(buy('2026-03-02T12:00:00+08:00', 5000), active))).toEqual({ base: 50 });
    const unknown = member(engine, 'new', '2025-06-01T00:00:00Z');
    expect(earned(unknown.apply(buy('2026-03-02T12:00:00+08:00', 5000)))).toEqual({ base: 50 });
  });

  test('vip-exclusive-rewards.md: upgrade, x2, VIP-only bonus, manual grant, the host check', async () => {
    const engine = recipe('vip-exclusive-rewards.md');
    const lin = member(engine, 'lin', '2026-01-01T00:00:00Z');
    const up = lin.apply(buy('2026-02-01T12:00:00+08:00', 320000));
    expect(earned(up)).toEqual({ base: 3200 });
    expect(up.map((e) => e.type)).toEqual([
      'eventApplied',
      'pointsEarned',
      'tierChanged',
      'benefitGranted',
      'benefitGranted',
      'benefitGranted',
      'benefitGranted',
    ]);
    const vipOrder = lin.apply(buy('2026-02-02T12:00:00+08:00', 10000));
    expect(earned(vipOrder)).toEqual({ base: 200 });
    expect(engine.explain(vipOrder[1]!).summary).toContain('x2 tier:vip');
    const night = { type: 'custom', name: 'tasting-night', occurredAt: '2026-02-03T20:00:00+08:00' };
    expect(earned(lin.apply({ ...night, id: 'n1' }))).toEqual({ 'vip-tasting-night': 200 });

    const plain = member(engine, 'qian', '2026-01-01T00:00:00Z');
    plain.apply(buy('2026-02-01T12:00:00+08:00', 49999));
    expect(plain.state.tier?.id).toBe('member');
    expect(earned(plain.apply({ ...night, id: 'n2' }))).toEqual({});

    const partner = member(engine, 'partner', '2026-01-01T00:00:00Z');
    const grant = partner.apply({
      type: 'tierGrant',
      id: 'g1',
      occurredAt: '2026-02-01T00:00:00Z',
      tierId: 'vip',
      reason: 'partner',
    });
    expect(grant.find((e) => e.type === 'tierChanged')).toMatchObject({ to: 'vip', reason: 'granted' });
    expect(partner.state.tier).toMatchObject({ id: 'vip', locked: true });
    expect(engine.advance(partner.state, '2028-01-01T00:00:00Z').effects).toEqual([]);

    // the page's canRedeem, as written
    const ts = codeBlocks('docs/recipes/vip-exclusive-rewards.md').find((b) => b.lang === 'ts')!;
    const file = writeSnippet(
      'recipe-vip-canRedeem',
      `import type { Engine, MemberState } from 'loyalty-engine';\n${ts.code}export { canRedeem };\n`,
    );
    const { canRedeem } = (await import(file)) as {
      canRedeem: (e: Engine, s: MemberState, id: string, now: string) => boolean;
    };
    const now = '2026-02-05T00:00:00Z';
    expect(canRedeem(engine, lin.state, 'private-tasting', now)).toBe(true);
    expect(canRedeem(engine, plain.state, 'private-tasting', now)).toBe(false);
    expect(canRedeem(engine, plain.state, 'tea-sampler', now)).toBe(true);
    expect(engine.benefits(lin.state, now)).toMatchObject({ tierId: 'vip', birthdayGift: 'tea-sampler' });
  });

  test('points-mall.md: catalog, limits, cancellation, points as cash', () => {
    const engine = recipe('points-mall.md');
    const m = member(engine, 'm', '2026-01-01T00:00:00Z');
    const big = m.apply(buy('2026-03-01T12:00:00+08:00', 300000));
    expect(earned(big)).toEqual({ base: 3000 });
    expect(m.state.lots[0]?.expiresAt).toBe('2027-12-31T16:00:00.000Z');
    const mugs = { type: 'redemption', id: 'rd-mugs', occurredAt: '2026-03-02T00:00:00Z', rewardId: 'mug' };
    const r = m.apply({ ...mugs, quantity: 2 });
    expect(r.find((e) => e.type === 'pointsRedeemed')).toMatchObject({ points: 1600, quantity: 2 });
    expect(m.available()).toBe(1400);
    const at = '2026-03-03T00:00:00Z';
    expect(
      refusal(() => engine.apply(m.state, { type: 'redemption', id: 'x', occurredAt: at, points: 150 })),
    ).toBe('REDEMPTION_NOT_ALLOWED:not_multiple');
    expect(
      refusal(() =>
        engine.apply(m.state, { type: 'redemption', id: 'y', occurredAt: at, rewardId: 'earbuds' }),
      ),
    ).toBe('INSUFFICIENT_POINTS:insufficient_points');
    const cancelled = m.apply({
      type: 'redemptionCancellation',
      id: 'c1',
      occurredAt: '2026-03-04T00:00:00Z',
      redemptionId: 'rd-mugs',
      reason: 'out of stock',
    });
    expect(cancelled.find((e) => e.type === 'redemptionCancelled')).toMatchObject({ points: 1600 });
    expect(m.available()).toBe(3000);
    // checkout: 100.00 CNY, 10.00 of it paid with 1,000 points
    m.apply({
      type: 'redemption',
      id: 'rd-cash',
      occurredAt: '2026-03-05T12:00:00+08:00',
      points: 1000,
      orderId: 'o-cash',
    });
    const paid = m.apply(
      buy('2026-03-05T12:00:01+08:00', 10000, {
        orderId: 'o-cash',
        payments: [
          { method: 'points', amount: 1000 },
          { method: 'card', amount: 9000 },
        ],
      }),
    );
    expect(earned(paid)).toEqual({ base: 90 });
    expect(m.available()).toBe(3000 - 1000 + 90);
  });

  test('the TypeScript on the recipe pages type-checks', { timeout: 180_000 }, () => {
    const winBack = codeBlocks('docs/recipes/win-back.md').find((b) => b.lang === 'ts')!;
    const vip = codeBlocks('docs/recipes/vip-exclusive-rewards.md').find((b) => b.lang === 'ts')!;
    const files = [
      writeSnippet(
        'recipe-win-back',
        `${winBack.code.replace(/^(import .*\n)/, `$1import type { Engine, MemberState } from 'loyalty-engine';\nimport type { Transaction } from 'loyalty-engine/analytics';\n`)}` +
          'declare const orders: Transaction[];\ndeclare const today: string;\ndeclare const engine: Engine;\n' +
          'declare const state: MemberState;\ndeclare const event: unknown;\ndeclare const memberId: string;\n',
      ),
      writeSnippet(
        'recipe-vip-check',
        `import type { Engine, MemberState } from 'loyalty-engine';\n${vip.code}export { canRedeem };\n`,
      ),
    ];
    expect(typeErrors(files)).toEqual([]);
  });
});
