// Realistic renderings in both locales, kept as snapshots so that a change of wording is reviewed.
import { describe, expect, test } from 'vitest';
import {
  createEngine,
  createFormatter,
  defineProgram,
  type Formatter,
  isLoyaltyError,
  type LoyaltyError,
  type LoyaltyEventInput,
} from '../../src/index.js';
import { program } from './program.js';

const engine = createEngine(program);
const en = createFormatter({ locale: 'en', program: engine.programs });
const zh = createFormatter({ locale: 'zh-CN', program: engine.programs });
const both = (render: (f: Formatter) => string): { en: string; 'zh-CN': string } => ({
  en: render(en),
  'zh-CN': render(zh),
});

function thrown(f: () => unknown): LoyaltyError {
  try {
    f();
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
  throw new Error('expected a LoyaltyError');
}

const purchase = (id: string, occurredAt: string, price: number): LoyaltyEventInput => ({
  type: 'purchase',
  id,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'beans-500g', quantity: 1, price }],
});

const joined = engine.enroll({ memberId: 'alice', joinedAt: '2026-03-01T09:00:00+08:00' });
// a Saturday in Shanghai: 189.90 x 10 / 100 x 2 = 37.98, rounded down
const first = engine.apply(joined, purchase('o-1001', '2026-03-07T10:00:00+08:00', 18990));
const alice = first.state;

describe('renderings', () => {
  test('why 37 points? (a purchase explanation)', () => {
    const earned = first.effects.find((e) => e.type === 'pointsEarned');
    expect(earned?.points).toBe(37);
    expect(both((f) => f.formatExplanation(engine.explain(earned!)))).toMatchInlineSnapshot(`
      {
        "en": "“Base points”: CN¥189.90 spent, 10 points per CN¥100.00, ×2 “Weekend double”, 37.98 rounded down → 37 points",
        "zh-CN": "按规则「基础积分」：消费 ¥189.90，每 ¥100.00 得 10 积分，「周末双倍」 ×2，37.98 向下取整 → 37 积分",
      }
    `);
  });

  test('an award with a condition: the derivation and the leaves that held', () => {
    const bonus = defineProgram({
      id: 'bonus',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      earning: [
        {
          id: 'big',
          kind: 'fixed',
          event: 'purchase',
          points: '50',
          name: 'Big order bonus',
          names: { 'zh-CN': '大单奖励' },
          when: {
            all: [
              {
                fact: 'total',
                operator: 'moneyGreaterThanInclusive',
                value: { amount: 10000, currency: 'CNY' },
              },
              { fact: 'localWeekday', operator: 'in', value: [6, 7] },
            ],
          },
        },
      ],
    });
    const e2 = createEngine(bonus);
    const { effects } = e2.apply(
      e2.enroll({ memberId: 'a', joinedAt: '2026-03-01T09:00:00+08:00' }),
      purchase('o-1', '2026-03-07T10:00:00+08:00', 18990),
    );
    const award = effects.find((e) => e.type === 'pointsEarned');
    expect(award).toBeDefined();
    const render = (locale: 'en' | 'zh-CN'): string =>
      createFormatter({ locale, program: bonus }).formatExplanation(e2.explain(award!));
    expect({ en: render('en'), 'zh-CN': render('zh-CN') }).toMatchInlineSnapshot(`
      {
        "en": "“Big order bonus”: 50 points; order total = CN¥189.90 (at least CN¥100.00) ✓; weekday = Saturday (one of [Saturday, Sunday]) ✓",
        "zh-CN": "按规则「大单奖励」：奖励 50 积分；订单金额 = ¥189.90（不小于 ¥100.00）✓；星期 = 周六（属于 [周六, 周日]）✓",
      }
    `);
  });

  test('every effect of the purchase', () => {
    expect(both((f) => first.effects.map((e) => f.formatEffect(e)).join('\n'))).toMatchInlineSnapshot(`
      {
        "en": "Purchase o-1001 recorded
      “Base points”: CN¥189.90 spent, 10 points per CN¥100.00, ×2 “Weekend double”, 37.98 rounded down → 37 points",
        "zh-CN": "订单 o-1001 已记录
      按规则「基础积分」：消费 ¥189.90，每 ¥100.00 得 10 积分，「周末双倍」 ×2，37.98 向下取整 → 37 积分",
      }
    `);
  });

  test('tier progress', () => {
    const status = engine.tierStatus(alice, '2026-03-08T00:00:00+08:00');
    expect(status).not.toBeNull();
    expect(both((f) => f.formatTierProgress(status!))).toMatchInlineSnapshot(`
      {
        "en": "Spend CN¥110.10 more by 31 Dec 2026 to reach Silver",
        "zh-CN": "2026年12月31日前再消费 ¥110.10，即可升级为银卡",
      }
    `);
  });

  test('tier progress at the top tier, and what keeping it needs', () => {
    const gold = engine.apply(
      engine.enroll({ memberId: 'bob', joinedAt: '2025-03-01T09:00:00+08:00' }),
      purchase('o-1', '2025-03-08T10:00:00+08:00', 120000),
    ).state;
    const status = engine.tierStatus(gold, '2026-02-20T10:00:00+08:00');
    expect(status?.tier.id).toBe('gold');
    expect(both((f) => f.formatTierProgress(status!))).toMatchInlineSnapshot(`
      {
        "en": "Gold is the highest tier. Spend CN¥1,000.00 more by 31 Dec 2026 to keep Gold",
        "zh-CN": "已是最高等级：金卡；2026年12月31日前再消费 ¥1,000.00，即可保级金卡",
      }
    `);
  });

  test('why no bonus? (a weekday purchase, rule by rule)', () => {
    const report = engine.explainEvent(alice, purchase('o-1002', '2026-03-09T10:00:00+08:00', 5000));
    expect(both((f) => report.rules.map((r) => f.formatRuleReport(r)).join('\n'))).toMatchInlineSnapshot(`
      {
        "en": "“Weekend double”: not applied; weekday = Monday (one of [Saturday, Sunday]) ✗
      “Base points”: earned 5 points",
        "zh-CN": "「周末双倍」：未生效；星期 = 周一（属于 [周六, 周日]）✗
      「基础积分」：获得 5 积分",
      }
    `);
  });

  test('a member card', () => {
    const card = engine.memberCard(alice, '2026-03-08T00:00:00+08:00');
    expect(both((f) => f.formatMemberCard(card).lines.join('\n'))).toMatchInlineSnapshot(`
      {
        "en": "Tier: Member
      37 points available
      Spend CN¥110.10 more by 31 Dec 2026 to reach Silver",
        "zh-CN": "会员等级：普通会员
      可用积分 37
      2026年12月31日前再消费 ¥110.10，即可升级为银卡",
      }
    `);
  });

  test('INSUFFICIENT_POINTS', () => {
    const e = thrown(() =>
      engine.apply(alice, {
        type: 'redemption',
        id: 'r-1',
        occurredAt: '2026-03-08T10:00:00+08:00',
        rewardId: 'coffee',
      }),
    );
    expect(e.code).toBe('INSUFFICIENT_POINTS');
    expect(both((f) => f.formatError(e))).toMatchInlineSnapshot(`
      {
        "en": "Not enough points: needs 100 points, 37 points available",
        "zh-CN": "积分不足：需要 100 积分，可用 37 积分",
      }
    `);
  });

  test('INVALID_PROGRAM with paths', () => {
    const e = thrown(() =>
      defineProgram({
        id: 'coffee club',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        earning: [{ id: 'base', kind: 'spend', rate: { points: '10', per: '100.00' }, mutliplier: 2 }],
        pointsPrecision: 9,
        expiry: { mode: 'rolling', months: 0 },
      } as never),
    );
    expect(e.code).toBe('INVALID_PROGRAM');
    expect(e.issues.every((i) => i.path.length > 0)).toBe(true);
    expect(both((f) => f.formatError(e))).toMatchInlineSnapshot(`
      {
        "en": "The program is not valid (4 problems):
      - id: must be 1-64 letters, digits, "_", "-" or "." (no spaces or ":"), e.g. "base-earning"
      - pointsPrecision: must be at most 4
      - earning[0].mutliplier: unknown field "mutliplier" (check its spelling)
      - expiry.months: must be at least 1",
        "zh-CN": "积分方案配置有误（共 4 处问题）：
      - id：须为 1–64 个字母、数字、“_”、“-”或“.”（不能有空格或“:”），如 "base-earning"
      - pointsPrecision：不能大于 4
      - earning[0].mutliplier：未知字段 “mutliplier”（请检查拼写）
      - expiry.months：不能小于 1",
      }
    `);
  });

  test('money is exact from minor units, through Intl.NumberFormat', () => {
    const amounts = [
      { amount: 18990, currency: 'CNY' },
      { amount: -5, currency: 'CNY' },
      { amount: 123456789, currency: 'JPY' },
      { amount: 9007199254740991, currency: 'USD' },
      { amount: 1234567, currency: 'KWD' },
    ];
    expect(both((f) => amounts.map((m) => f.money(m)).join(' | '))).toMatchInlineSnapshot(`
      {
        "en": "CN¥189.90 | -CN¥0.05 | ¥123,456,789 | $90,071,992,547,409.91 | KWD 1,234.567",
        "zh-CN": "¥189.90 | -¥0.05 | JP¥123,456,789 | US$90,071,992,547,409.91 | KWD 1,234.567",
      }
    `);
  });
});
