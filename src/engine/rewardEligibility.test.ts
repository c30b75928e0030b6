// Rewards restricted to tiers: `rewards[i].eligibility.tiers` and REWARD_NOT_ELIGIBLE.
import {
  createEngine,
  defineProgram,
  isLoyaltyError,
  type MemberState,
  type ProgramInput,
  validateProgram,
} from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

const json = {
  id: 'tea',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [{ id: 'base', kind: 'spend', rate: { points: '1', per: '1.00' } }],
  rewards: [
    { id: 'sampler', points: '100' },
    { id: 'private', points: '300', eligibility: { tiers: ['gold', 'vip'] } },
  ],
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'lifetime' } } },
    levels: [
      { id: 'member' },
      { id: 'gold', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100_000 } },
      { id: 'vip', entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 500_000 } },
    ],
  },
} as unknown as ProgramInput;

const engine = createEngine(defineProgram(json));
const buy = (id: string, price: number): Record<string, unknown> => ({
  type: 'purchase',
  id,
  occurredAt: '2026-03-01T10:00:00Z',
  currency: 'CNY',
  lines: [{ sku: 's', quantity: 1, price }],
});
const redeem = (rewardId: string) => ({
  type: 'redemption',
  id: `r-${rewardId}`,
  occurredAt: '2026-03-02T10:00:00Z',
  rewardId,
});

function member(price: number): MemberState {
  const s = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
  return engine.apply(s, buy('o-1', price)).state;
}

describe('reward eligibility by tier', () => {
  test('a member outside the tiers is refused with REWARD_NOT_ELIGIBLE, and nothing is applied', () => {
    const s = member(90_000); // 900 points, tier "member"
    expect(s.tier?.id).toBe('member');
    let error: unknown;
    try {
      engine.apply(s, redeem('private'));
    } catch (e) {
      error = e;
    }
    expect(isLoyaltyError(error)).toBe(true);
    if (!isLoyaltyError(error)) return;
    expect(error.code).toBe('REWARD_NOT_ELIGIBLE');
    expect(error.issues[0]).toMatchObject({ code: 'reward_not_eligible', path: ['rewardId'] });
    expect(error.issues[0]?.message).toBe(
      'Reward "private" is only for members in tier gold or vip; member "m" is in tier member',
    );
    expect(s.version).toBe(2);
    expect(engine.balance(s, '2026-03-02T10:00:00Z').available).toBe(900);
  });

  test('a member in one of the tiers redeems it; unrestricted rewards stay open to all', () => {
    const gold = member(100_000);
    expect(gold.tier?.id).toBe('gold');
    const d = engine.apply(gold, redeem('private'));
    expect(d.effects.find((e) => e.type === 'pointsRedeemed')).toMatchObject({ points: 300 });
    const plain = member(20_000);
    expect(engine.apply(plain, redeem('sampler')).effects.map((e) => e.type)).toContain('rewardIssued');
  });

  test('eligibility naming an unknown tier, or tiers in a program without tiers, is INVALID_PROGRAM', () => {
    const bad = validateProgram({
      ...json,
      rewards: [{ id: 'x', points: '1', eligibility: { tiers: ['platinum'] } }],
    });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(bad.error.issues).toEqual([
      expect.objectContaining({
        code: 'unknown_reference',
        path: ['rewards', 0, 'eligibility', 'tiers', 0],
      }),
    ]);
    const noTiers = validateProgram({ ...json, tiers: undefined });
    expect(noTiers.success).toBe(false);
    if (noTiers.success) return;
    expect(noTiers.error.issues.map((i) => i.path)).toEqual([
      ['rewards', 1, 'eligibility', 'tiers', 0],
      ['rewards', 1, 'eligibility', 'tiers', 1],
    ]);
  });
});
