// The program of the formatter tests: the README's coffee club with names in both locales.
import { defineProgram } from '../../src/index.js';

export const program = defineProgram({
  id: 'coffee-club',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  earning: [
    {
      id: 'base',
      kind: 'spend',
      name: 'Base points',
      names: { 'zh-CN': '基础积分' },
      rate: { points: '10', per: '100.00' },
    },
    {
      id: 'weekend',
      kind: 'multiplier',
      name: 'Weekend double',
      names: { 'zh-CN': '周末双倍' },
      factor: '2',
      when: { fact: 'localWeekday', operator: 'in', value: [6, 7] },
    },
  ],
  rewards: [{ id: 'coffee', name: 'Free coffee', names: { 'zh-CN': '免费咖啡' }, points: '100' }],
  redemption: { minPoints: '100' },
  expiry: { mode: 'rolling', months: 12 },
  tiers: {
    metrics: { spend: { kind: 'spend', window: { type: 'calendar', unit: 'year' } } },
    levels: [
      { id: 'member', name: 'Member', names: { 'zh-CN': '普通会员' } },
      {
        id: 'silver',
        name: 'Silver',
        names: { 'zh-CN': '银卡' },
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 30000 },
        benefits: { freeShipping: true },
      },
      {
        id: 'gold',
        name: 'Gold',
        names: { 'zh-CN': '金卡' },
        entry: { fact: 'spend', operator: 'greaterThanInclusive', value: 100000 },
        benefits: { discountPercent: 5, freeShipping: true },
      },
    ],
  },
});
