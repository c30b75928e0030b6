import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { groupDecimal, intlMoney, minorToDecimal } from '../../src/format/numbers.js';
import { createFormatter, defineProgram, isLoyaltyError, LoyaltyError } from '../../src/index.js';
import { ENTRY_SAMPLES } from './entrySamples.js';
import { program } from './program.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isLoyaltyError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('createFormatter', () => {
  test('refuses an unknown locale and an unknown time zone with a LoyaltyError', () => {
    expect(codeOf(() => createFormatter({ locale: 'fr' as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createFormatter({ locale: 'en', timeZone: 'Mars/Olympus' }))).toBe(
      'UNKNOWN_TIME_ZONE',
    );
  });

  test('names: names[locale], then name, then names.en, then the id', () => {
    const p = defineProgram({
      id: 'names',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      earning: [
        { id: 'a', kind: 'fixed', event: 'signup', points: '1', name: 'A', names: { 'zh-CN': '甲' } },
        { id: 'b', kind: 'fixed', event: 'signup', points: '1', names: { en: 'Bee' } },
        { id: 'c', kind: 'fixed', event: 'signup', points: '1' },
        { id: 'd', kind: 'fixed', event: 'signup', points: '1', names: { zh: '丁' } },
      ],
    });
    const en = createFormatter({ locale: 'en', program: p });
    const zh = createFormatter({ locale: 'zh-CN', program: p });
    expect(['a', 'b', 'c', 'd'].map((id) => zh.name('rule', id))).toEqual(['甲', 'Bee', 'c', '丁']);
    expect(['a', 'b', 'c', 'd'].map((id) => en.name('rule', id))).toEqual(['A', 'Bee', 'c', 'd']);
    expect(zh.name('reward', 'nowhere')).toBe('nowhere');
  });

  test('an effect is named by the program version that wrote it; a dropped id keeps its last name', () => {
    const v1 = { ...program, version: 1 };
    const v2 = defineProgram({
      ...program,
      version: 2,
      effectiveFrom: '2026-06-01T00:00:00+08:00',
      earning: (program.earning ?? []).map((r) =>
        r.id === 'base' ? { ...r, names: { 'zh-CN': '基础积分（新）' } } : r,
      ),
      rewards: [],
    });
    const zh = createFormatter({ locale: 'zh-CN', program: [v2, v1] });
    expect(zh.formatEffect(ENTRY_SAMPLES.ruleCapped)).toContain('「基础积分」');
    expect(zh.formatEffect({ ...ENTRY_SAMPLES.ruleCapped, programVersion: 2 })).toContain(
      '「基础积分（新）」',
    );
    expect(zh.formatEffect({ ...ENTRY_SAMPLES.rewardUsed, programVersion: 2 })).toContain('「免费咖啡」');
  });

  test('a cancelled redemption says what paid off a negative balance', () => {
    const cancelled = { ...ENTRY_SAMPLES.redemptionCancelled, debtRepaid: 40 };
    const en = createFormatter({ locale: 'en', program }).formatEffect(cancelled);
    const zh = createFormatter({ locale: 'zh-CN', program }).formatEffect(cancelled);
    expect(en).toMatch(/of them to pay off a negative balance/u);
    expect(zh).toMatch(/用于抵扣欠分/u);
    // Without it (entries written before cancellations repaid debts), nothing is said.
    expect(
      createFormatter({ locale: 'en', program }).formatEffect(ENTRY_SAMPLES.redemptionCancelled),
    ).not.toMatch(/negative balance/u);
  });

  test('currencyDisplay, dateStyle and timeZone', () => {
    const code = createFormatter({ locale: 'en', program, currencyDisplay: 'code' });
    expect(code.money({ amount: 123450, currency: 'CNY' }).replace(/\s/gu, ' ')).toBe('CNY 1,234.50');
    const iso = createFormatter({ locale: 'zh-CN', program, dateStyle: 'iso' });
    expect(iso.date('2026-03-07T17:00:00Z')).toBe('2026-03-08'); // already the 8th in Shanghai
    const ny = createFormatter({ locale: 'en', program, timeZone: 'America/New_York' });
    expect(ny.date('2026-03-07T17:00:00Z')).toBe('7 Mar 2026');
    expect(createFormatter({ locale: 'zh-CN', program }).date('2026-03-07T17:00:00Z')).toBe('2026年3月8日');
  });

  test('points at the program precision, grouped', () => {
    const p = defineProgram({ id: 'p2', currency: 'CNY', timeZone: 'UTC', pointsPrecision: 2, earning: [] });
    expect(createFormatter({ locale: 'en', program: p }).points(123456789)).toBe('1,234,567.89 points');
    expect(createFormatter({ locale: 'zh-CN', program }).points(1234)).toBe('1,234 积分');
    expect(createFormatter({ locale: 'en', program }).points(1)).toBe('1 point');
  });

  test('an error sent over the wire (toJSON) reads like the error itself', () => {
    const e = new LoyaltyError('INSUFFICIENT_POINTS', 'x', [
      {
        code: 'insufficient_points',
        path: ['points'],
        message: 'x',
        params: { required: 500, available: 79 },
      },
    ]);
    const zh = createFormatter({ locale: 'zh-CN', program });
    const wire = JSON.parse(JSON.stringify(e)) as Parameters<typeof zh.formatError>[0];
    expect(zh.formatError(wire)).toBe(zh.formatError(e));
    expect(zh.formatError(e)).toBe('积分不足：需要 500 积分，可用 79 积分');
  });

  test('refusals leave the path out; input errors name the field', () => {
    const en = createFormatter({ locale: 'en', program });
    const issue = {
      code: 'too_small',
      path: ['points'],
      message: 'x',
      params: { minimum: 1, origin: 'number' },
    };
    expect(en.formatError({ code: 'INVALID_EVENT', issues: [issue] })).toBe(
      'The event is not valid: points: must be at least 1',
    );
    expect(en.formatError({ code: 'REDEMPTION_NOT_ALLOWED', issues: [issue] })).toBe(
      'This redemption is not allowed: must be at least 1',
    );
  });

  test('a tier named by a Latin id is quoted in zh-CN so it does not run into the Chinese', () => {
    const zh = createFormatter({ locale: 'zh-CN' });
    expect(zh.formatEffect(ENTRY_SAMPLES.tierChanged)).toMatch(/^由「member」升级为「silver」/);
    expect(createFormatter({ locale: 'zh-CN', program }).formatEffect(ENTRY_SAMPLES.tierChanged)).toMatch(
      /^由普通会员升级为银卡/,
    );
  });
});

describe('numbers', () => {
  test('groupDecimal and minorToDecimal', () => {
    expect(groupDecimal('-1234567.5')).toBe('-1,234,567.5');
    expect(groupDecimal('123')).toBe('123');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1234567, 3)).toBe('1234.567');
    expect(minorToDecimal(42, 0)).toBe('42');
  });

  test('intlMoney keeps every digit of the minor units, for every safe amount', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger().filter((n) => n >= -Number.MAX_SAFE_INTEGER),
        fc.constantFrom(['CNY', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const, ['USD', 2] as const),
        fc.constantFrom('en', 'zh-CN'),
        (amount, [currency, exponent], locale) => {
          const text = intlMoney(locale, amount, currency, exponent, 'code');
          const digits = text.replace(/[^0-9]/g, '').replace(/^0+(?=\d)/, '');
          expect(digits).toBe(
            String(Math.abs(amount))
              .padStart(exponent + 1, '0')
              .replace(/^0+(?=\d)/, ''),
          );
          expect(/[-−]/.test(text)).toBe(amount < 0);
        },
      ),
    );
  });
});
