// Issue 12: member status, coupons and gifts as rewards, the member card.
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
import { describe, expect, test } from 'vitest';

const base = (extra: Partial<ProgramInput> = {}): ProgramInput => ({
  id: 'club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  rewards: [
    { id: 'coffee', name: 'Coffee', names: { 'zh-CN': '咖啡' }, points: '50' },
    {
      id: 'ten-off',
      points: '100',
      kind: 'coupon',
      coupon: { discount: { type: 'amountOff', amount: '10.00' }, minSpend: '50.00', validDays: 30 },
      limitPerMember: { count: 2, window: { type: 'calendar', unit: 'month' } },
    },
    {
      id: 'welcome-pack',
      points: '0',
      kind: 'coupon',
      coupon: { discount: { type: 'percentOff', percent: 20, maxAmount: '30.00' } },
    },
    { id: 'cake', points: '0' },
  ],
  gifts: [
    { id: 'new-member', on: 'activation', rewards: ['welcome-pack'] },
    { id: 'bday', on: 'birthdayMonth', rewards: ['cake'] },
  ],
  ...extra,
});

let n = 0;
const ev = (type: string, at: string, extra: Record<string, unknown> = {}) => ({
  type,
  id: `e-${++n}`,
  occurredAt: at,
  ...extra,
});
const buy = (at: string, price = 20_000) =>
  ev('purchase', at, { currency: 'CNY', lines: [{ sku: 's', quantity: 1, price }] });
const types = (effects: readonly LedgerEntry[]) => effects.map((e) => e.type);

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('member status (issue 12 item 1)', () => {
  const STATUSES = ['applied', 'verified', 'active', 'suspended', 'closed'] as const;
  const STATUS_EVENTS = [
    'memberVerified',
    'memberActivated',
    'memberSuspended',
    'memberReinstated',
    'memberClosed',
  ] as const;
  const engine = createEngine(defineProgram(base({ membership: { start: 'applied', verification: true } })));

  /** A member in each status, with 200 points (earned while active, before any suspension). */
  function inStatus(status: (typeof STATUSES)[number]): MemberState {
    let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    const path: Record<string, string[]> = {
      applied: [],
      verified: ['memberVerified'],
      active: ['memberVerified', 'memberActivated'],
      suspended: ['memberVerified', 'memberActivated', 'memberSuspended'],
      closed: ['memberVerified', 'memberActivated', 'memberClosed'],
    };
    for (const [i, t] of path[status]!.entries()) {
      if (t === 'memberSuspended' || t === 'memberClosed')
        s = engine.apply(s, buy(`2026-01-01T0${i + 1}:00:00Z`)).state;
      s = engine.apply(s, ev(t, `2026-01-01T0${i + 1}:30:00Z`)).state;
    }
    return s;
  }

  // The whole table: every status event from every status.
  const allowed: Record<string, Record<string, string>> = {
    applied: { memberVerified: 'verified', memberClosed: 'closed' },
    verified: { memberActivated: 'active', memberClosed: 'closed' },
    active: { memberSuspended: 'suspended', memberClosed: 'closed' },
    suspended: { memberReinstated: 'active', memberClosed: 'closed' },
    closed: {},
  };
  for (const from of STATUSES) {
    for (const type of STATUS_EVENTS) {
      const to = allowed[from]![type];
      test(`${from} + ${type} -> ${to ?? 'refused'}`, () => {
        const s = inStatus(from);
        expect(s.status).toBe(from);
        const before = structuredClone(s);
        if (to === undefined) {
          expect(refusal(() => engine.apply(s, ev(type, '2026-02-01T00:00:00Z')))).toBe(
            from === 'closed' ? 'MEMBER_CLOSED' : 'MEMBER_NOT_ACTIVE',
          );
          expect(s).toEqual(before);
        } else {
          const r = engine.apply(s, ev(type, '2026-02-01T00:00:00Z'));
          expect(r.state.status).toBe(to);
          expect(r.effects.find((e) => e.type === 'memberStatusChanged')).toMatchObject({ from, to });
        }
      });
    }
  }

  test('earning, redemption and benefits only while active; a closed member gets MEMBER_CLOSED for anything', () => {
    for (const status of ['applied', 'verified', 'suspended'] as const) {
      const s = inStatus(status);
      const r = engine.apply(s, buy('2026-02-01T00:00:00Z'));
      expect(types(r.effects)).toEqual(['eventApplied']);
      expect(r.state.totals.earned).toBe(s.totals.earned);
      expect(refusal(() => engine.apply(s, ev('redemption', '2026-02-01T00:00:00Z', { points: 1 })))).toBe(
        'MEMBER_NOT_ACTIVE',
      );
      expect(engine.benefits(s, '2026-02-01T00:00:00Z')).toEqual({ tierId: null });
    }
    const closed = inStatus('closed');
    expect(closed.lots).toEqual([]); // forfeited on close (the default)
    expect(refusal(() => engine.apply(closed, buy('2026-02-01T00:00:00Z')))).toBe('MEMBER_CLOSED');
    expect(
      refusal(() =>
        engine.apply(closed, ev('adjustment', '2026-02-01T00:00:00Z', { points: 5, reason: 'x' })),
      ),
    ).toBe('MEMBER_CLOSED');
  });

  test('accrueWhileSuspended lets points accrue, not be spent; onClose keep keeps them', () => {
    const e2 = createEngine(
      defineProgram(base({ membership: { accrueWhileSuspended: true, onClose: 'keep' } })),
    );
    let s = e2.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    s = e2.apply(s, ev('memberSuspended', '2026-01-02T00:00:00Z')).state;
    s = e2.apply(s, buy('2026-01-03T00:00:00Z')).state;
    expect(s.totals.earned).toBe(200);
    expect(refusal(() => e2.apply(s, ev('redemption', '2026-01-04T00:00:00Z', { points: 50 })))).toBe(
      'MEMBER_NOT_ACTIVE',
    );
    s = e2.apply(s, ev('memberClosed', '2026-01-05T00:00:00Z')).state;
    expect(e2.balance(s, s.clock).available).toBe(200);
  });
});

describe('member status: properties', () => {
  const tiered = (accrue: boolean) =>
    createEngine(
      defineProgram(
        base({
          membership: { start: 'active', accrueWhileSuspended: accrue },
          expiry: { mode: 'rolling', days: 20 },
          tiers: {
            metrics: { spend: { kind: 'spend', window: { type: 'rollingDays', days: 365 } } },
            levels: [
              { id: 'member', benefits: { discountPercent: 0 } },
              {
                id: 'gold',
                entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 50_000 },
                benefits: { discountPercent: 10 },
              },
            ],
          },
        }),
      ),
    );
  const step = fc.record({
    hours: fc.integer({ min: 1, max: 24 * 15 }),
    kind: fc.constantFrom(
      'buy',
      'buy',
      'redeem',
      'coffee',
      'spend',
      'give',
      'memberSuspended',
      'memberReinstated',
      'advance',
    ),
  });

  test.each([false, true])(
    'accrueWhileSuspended %s: while suspended no points are spent or taken and no benefit applies; points accrue only if allowed',
    (accrue) => {
      const engine = tiered(accrue);
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
          let t = Date.parse('2026-01-01T00:00:00Z');
          steps.forEach((st, i) => {
            t += st.hours * 3_600_000;
            const at = new Date(t).toISOString();
            const id = `x-${i}`;
            const e =
              st.kind === 'buy'
                ? { ...buy(at, 30_000), id }
                : st.kind === 'redeem'
                  ? ev('redemption', at, { id, points: 10 })
                  : st.kind === 'coffee'
                    ? ev('redemption', at, { id, rewardId: 'coffee' })
                    : st.kind === 'spend'
                      ? ev('adjustment', at, { id, points: -5, reason: 'correction' })
                      : st.kind === 'give'
                        ? ev('adjustment', at, { id, points: 5, reason: 'goodwill' })
                        : st.kind === 'advance'
                          ? undefined
                          : ev(st.kind, at, { id });
            const before = s;
            const suspended = before.status === 'suspended';
            if (e === undefined) {
              const r = engine.advance(s, at);
              s = r.state;
            } else {
              try {
                const r = engine.apply(s, e);
                s = r.state;
                if (suspended && e.type !== 'memberReinstated') {
                  const kinds = types(r.effects);
                  expect(kinds).not.toContain('pointsRedeemed');
                  expect(kinds).not.toContain('rewardIssued');
                  if (!accrue) expect(kinds).not.toContain('pointsEarned');
                  expect(s.totals.redeemed).toBe(before.totals.redeemed);
                  if (!accrue) expect(s.totals.earned).toBe(before.totals.earned);
                }
              } catch (err) {
                if (!isLoyaltyError(err)) throw err;
                expect(s).toBe(before);
                if (suspended && e.type !== 'memberReinstated' && e.type !== 'memberSuspended')
                  expect(['MEMBER_NOT_ACTIVE', 'INSUFFICIENT_POINTS']).toContain(err.code);
              }
            }
            // The tier stays (the card shows it); its benefits apply only while active.
            const benefits = engine.benefits(s, at);
            expect(benefits.tierId).toBe(s.tier?.id ?? null);
            expect(Object.keys(benefits)).toEqual(
              s.status === 'active' ? ['tierId', 'discountPercent'] : ['tierId'],
            );
          });
        }),
        { numRuns: 60 },
      );
    },
  );

  test('stock is never exceeded on random streams when the host passes what is left', () => {
    const engine = createEngine(defineProgram(base()));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(
          fc.record({ member: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 1, max: 3 }) }),
          {
            maxLength: 20,
          },
        ),
        (initial, asks) => {
          let left = initial;
          const states = [0, 1, 2].map((m) => {
            let s = engine.enroll({ memberId: `m${m}`, joinedAt: '2026-01-01T00:00:00Z' });
            s = engine.apply(s, { ...buy('2026-01-02T00:00:00Z', 100_000), id: `b${m}` }).state;
            return s;
          });
          asks.forEach((ask, i) => {
            const s = states[ask.member]!;
            try {
              const r = engine.apply(
                s,
                ev('redemption', `2026-01-03T00:${String(i).padStart(2, '0')}:00Z`, {
                  id: `r${i}`,
                  rewardId: 'coffee',
                  quantity: ask.quantity,
                }),
                { stock: { coffee: left } },
              );
              const issued = r.effects.filter((x) => x.type === 'rewardIssued').length;
              expect(issued).toBe(ask.quantity);
              left -= issued;
              states[ask.member] = r.state;
            } catch (err) {
              if (!isLoyaltyError(err)) throw err;
              expect(err.code).toBe(ask.quantity > left ? 'OUT_OF_STOCK' : 'INSUFFICIENT_POINTS');
            }
            expect(left).toBeGreaterThanOrEqual(0);
          });
          const issuedTotal = states.reduce((sum, s) => sum + s.rewards.length, 0);
          expect(issuedTotal).toBe(initial - left);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('coupons and gifts (issue 12 item 2)', () => {
  const engine = createEngine(defineProgram(base()));
  const member = (): MemberState =>
    engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z', birthday: '1990-03-15' });

  test('a coupon bought with points: rewardIssued with its terms and a deterministic key; never a code', () => {
    let s = engine.apply(member(), buy('2026-03-01T02:00:00Z')).state;
    const r = engine.apply(s, ev('redemption', '2026-03-02T02:00:00Z', { rewardId: 'ten-off', id: 'rd-1' }));
    expect(r.effects.find((e) => e.type === 'rewardIssued')).toMatchObject({
      key: 'rd-1:ten-off:1',
      source: 'redemption',
      kind: 'coupon',
      terms: { discount: { type: 'amountOff', amount: 1000 }, minSpend: 5000, currency: 'CNY' },
      validFrom: '2026-03-02T02:00:00.000Z',
      validUntil: '2026-04-01T16:00:00.000Z', // the end of the 30th local day after issue
    });
    s = r.state;
    expect(s.rewards.map((x) => x.key)).toEqual(['rd-1:ten-off:1']);
    // used: gone from the card; the same key twice is refused
    const used = engine.apply(s, ev('rewardUsed', '2026-03-05T00:00:00Z', { key: 'rd-1:ten-off:1' }));
    expect(used.state.rewards).toEqual([]);
    expect(
      refusal(() =>
        engine.apply(used.state, ev('rewardUsed', '2026-03-06T00:00:00Z', { key: 'rd-1:ten-off:1' })),
      ),
    ).toBe('INVALID_EVENT');
  });

  test('per-member limits and stock are typed errors; gift-only rewards are not redeemable', () => {
    let s = engine.apply(member(), buy('2026-03-01T02:00:00Z', 100_000)).state;
    s = engine.apply(s, ev('redemption', '2026-03-02T00:00:00Z', { rewardId: 'ten-off', quantity: 2 })).state;
    expect(
      refusal(() => engine.apply(s, ev('redemption', '2026-03-03T00:00:00Z', { rewardId: 'ten-off' }))),
    ).toBe('REWARD_LIMIT');
    // next calendar month: allowed again
    expect(
      types(engine.apply(s, ev('redemption', '2026-04-01T00:00:00Z', { rewardId: 'ten-off' })).effects),
    ).toContain('rewardIssued');
    expect(
      refusal(() =>
        engine.apply(s, ev('redemption', '2026-03-03T00:00:00Z', { rewardId: 'coffee', quantity: 3 }), {
          stock: { coffee: 2 },
        }),
      ),
    ).toBe('OUT_OF_STOCK');
    expect(
      refusal(() => engine.apply(s, ev('redemption', '2026-03-03T00:00:00Z', { rewardId: 'cake' }))),
    ).toBe('REDEMPTION_NOT_ALLOWED');
  });

  test('gifts: the new-member pack on sign-up (or activation), the birthday gift once in the birthday month', () => {
    const signup = engine.apply(member(), ev('signup', '2026-01-01T00:00:00Z'));
    expect(signup.effects.find((e) => e.type === 'rewardIssued')).toMatchObject({
      rewardId: 'welcome-pack',
      key: 'gift:new-member:member:welcome-pack',
      source: 'gift',
      giftId: 'new-member',
      terms: { discount: { type: 'percentOff', percent: 20, maxAmount: 3000 } },
    });
    let s = signup.state;
    const again = engine.apply(s, ev('signup', '2026-01-02T00:00:00Z'));
    expect(types(again.effects)).not.toContain('rewardIssued');
    s = again.state;
    const feb = engine.apply(s, ev('birthday', '2026-02-20T00:00:00Z'));
    expect(types(feb.effects)).not.toContain('rewardIssued');
    const march = engine.apply(feb.state, ev('birthday', '2026-03-02T00:00:00Z'));
    expect(march.effects.find((e) => e.type === 'rewardIssued')).toMatchObject({
      key: 'gift:bday:2026:cake',
    });
    const twice = engine.apply(march.state, ev('birthday', '2026-03-20T00:00:00Z'));
    expect(types(twice.effects)).not.toContain('rewardIssued');
  });

  test('issued rewards are idempotent per key and per-member limits hold on random streams', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 60 }),
            kind: fc.constantFrom('buy', 'coupon', 'dup', 'bday'),
          }),
          {
            maxLength: 30,
          },
        ),
        (steps) => {
          let s = member();
          const issued = new Map<string, number>();
          const months = new Map<string, string>();
          let last: unknown;
          steps
            .sort((a, b) => a.day - b.day)
            .forEach((step, i) => {
              const at = new Date(Date.parse('2026-03-01T00:00:00Z') + step.day * 86_400_000).toISOString();
              const e =
                step.kind === 'buy'
                  ? buy(at, 30_000)
                  : step.kind === 'coupon'
                    ? ev('redemption', at, { rewardId: 'ten-off', id: `c-${i}` })
                    : step.kind === 'bday'
                      ? ev('birthday', at)
                      : last;
              if (e === undefined) return;
              last = e;
              try {
                const r = (engine as Engine).apply(s, e);
                for (const x of r.effects) {
                  if (x.type !== 'rewardIssued') continue;
                  issued.set(x.key, (issued.get(x.key) ?? 0) + 1);
                  const local = new Date(Date.parse(x.occurredAt) + 8 * 3_600_000).toISOString().slice(0, 7);
                  months.set(x.key, local);
                }
                s = r.state;
              } catch (err) {
                if (!isLoyaltyError(err)) throw err;
              }
            });
          for (const count of issued.values()) expect(count).toBe(1);
          // at most 2 ten-off coupons per calendar month (Shanghai)
          const perMonth = new Map<string, number>();
          for (const [key, at] of months)
            perMonth.set(at, (perMonth.get(at) ?? 0) + (key.includes(':ten-off:') ? 1 : 0));
          for (const count of perMonth.values()) expect(count).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('member card (issue 12 item 3)', () => {
  test('status, tier with its names and colour, points, expiring soon, progress, benefits, unused rewards', () => {
    const engine = createEngine(
      defineProgram(
        base({
          expiry: { mode: 'rolling', days: 40 },
          tiers: {
            metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
            levels: [
              { id: 'member', name: 'Member', names: { 'zh-CN': '普通会员' }, color: '#999999' },
              {
                id: 'silver',
                name: 'Silver',
                names: { 'zh-CN': '银卡' },
                color: '#c0c0c0',
                entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100_000 },
                benefits: { discountPercent: 5 },
              },
            ],
          },
        }),
      ),
    );
    let s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
    s = engine.apply(s, ev('signup', '2026-01-01T00:00:00Z')).state;
    s = engine.apply(s, buy('2026-03-01T02:00:00Z', 30_000)).state;
    const card = engine.memberCard(s, '2026-03-20T00:00:00Z');
    expect(card).toMatchObject({
      memberId: 'm',
      status: 'active',
      tier: { id: 'member', name: 'Member', names: { 'zh-CN': '普通会员' }, color: '#999999', until: null },
      points: { available: 300, pending: 0, expiringSoon: [{ on: '2026-04-10', points: 300 }] },
      tierProgress: { tierId: 'silver', requirements: [{ metric: 'spend', needed: 70_000 }] },
      benefits: { tierId: 'member' },
      rewards: [{ rewardId: 'welcome-pack', key: 'gift:new-member:member:welcome-pack' }],
    });
  });
});
