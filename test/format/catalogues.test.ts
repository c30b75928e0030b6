// Every error code, issue code, effect type (the kind of an explanation) and rule outcome has a
// rendering in every locale: the lists come from src (the single sources), so a code added there
// without a sentence fails here (and, for the typed catalogues, in the compiler first).
import { describe, expect, test } from 'vitest';
import { en } from '../../src/format/en.js';
import { zhCN } from '../../src/format/zhCN.js';
import {
  createFormatter,
  type EffectExplanation,
  ENGINE_FACTS,
  ERROR_CODES,
  EVENT_TYPES,
  FORMAT_LOCALES,
  ISSUE_CODES,
  LEDGER_ENTRY_TYPES,
  LINE_FACTS,
  type LoyaltyIssue,
  RULE_OUTCOME_REASONS,
} from '../../src/index.js';
import { ENTRY_SAMPLES } from './entrySamples.js';
import { program } from './program.js';

const CJK = /[\u4e00-\u9fff]/;

/** What a rendering must never contain: holes where data was missing, or template syntax left over. */
function expectClean(text: string, locale: string): void {
  expect(text.trim()).not.toBe('');
  expect(text).not.toMatch(/undefined|NaN|\[object Object\]|\$\{|\{\{|\{[a-zA-Z]+\}|%s|%d/);
  if (locale === 'zh-CN') expect(text).toMatch(CJK);
}

/** Every param an issue of the library carries, with plausible values: exercises the detailed sentences. */
const ALL_PARAMS: NonNullable<LoyaltyIssue['params']> = {
  minimum: 100,
  maximum: 500,
  points: 150,
  required: 500,
  available: 75,
  rewardId: 'coffee',
  quantity: 2,
  left: 1,
  limit: 1,
  used: 1,
  step: 100,
  status: 'suspended',
  currency: 'USD',
  expected: 'number',
  received: 'string',
  origin: 'number',
  inclusive: true,
  values: ['floor', 'ceil'],
  discriminator: 'kind',
  options: ['spend', 'items'],
  format: 'regex',
  pattern: '^[a-z]+$',
  divisor: 5,
  key: 'foo',
};

describe.each(FORMAT_LOCALES)('%s', (locale) => {
  const f = createFormatter({ locale, program });

  test.each(ERROR_CODES)('error %s', (code) => {
    const text = f.formatError({ code, issues: [{ code: code.toLowerCase(), path: [], message: 'x' }] });
    expectClean(text, locale);
  });

  test('error headlines are distinct', () => {
    const texts = ERROR_CODES.map((code) => f.formatError({ code, issues: [] }));
    expect(new Set(texts).size).toBe(ERROR_CODES.length);
  });

  test.each(ISSUE_CODES)('issue %s', (code) => {
    for (const issue of [
      { code, path: [], message: 'x' },
      { code, path: ['earning', 0, 'rate', 'per'], message: 'x' },
      { code, path: ['rewardId'], message: 'x', params: ALL_PARAMS },
    ] satisfies LoyaltyIssue[]) {
      const text = f.formatIssue(issue);
      expectClean(text, locale);
      if (issue.path.length > 0)
        expect(text).toContain(issue.path.length === 1 ? 'rewardId' : 'earning[0].rate.per');
    }
  });

  test('an issue code this version does not know still reads as a sentence', () => {
    expectClean(f.formatIssue({ code: 'custom_operator_failed', path: ['when'], message: 'x' }), locale);
  });

  test.each(LEDGER_ENTRY_TYPES)('effect and explanation %s', (type) => {
    const entry = ENTRY_SAMPLES[type];
    expect(entry.type).toBe(type);
    expectClean(f.formatEffect(entry), locale);
    const explanation: EffectExplanation = {
      type,
      sourceKey: entry.sourceKey,
      summary: 'x',
      entry,
      programVersion: entry.programVersion,
    };
    expectClean(f.formatExplanation(explanation), locale);
  });

  test.each(RULE_OUTCOME_REASONS)('rule outcome %s', (reason) => {
    const text = f.formatRuleReport({ ruleId: 'base', kind: 'spend', reason, points: 75 });
    expectClean(text, locale);
    expect(text).toContain(locale === 'en' ? 'Base points' : '基础积分');
  });
});

test('the samples cover every effect type and nothing else', () => {
  expect(Object.keys(ENTRY_SAMPLES).sort()).toEqual([...LEDGER_ENTRY_TYPES].sort());
});

describe.each([en, zhCN])('catalogue $locale', (cat) => {
  // a missing key is a type error; this catches a cast or a spread that hides one
  test('has its own entry for every code of every list', () => {
    expect(Object.keys(cat.errors).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(cat.issues).sort()).toEqual([...ISSUE_CODES].sort());
    expect(Object.keys(cat.effects).sort()).toEqual([...LEDGER_ENTRY_TYPES].sort());
    expect(Object.keys(cat.outcomes).sort()).toEqual([...RULE_OUTCOME_REASONS].sort());
    expect(Object.keys(cat.events).sort()).toEqual([...EVENT_TYPES].sort());
  });

  test('names every fact the engine computes, and no other', () => {
    expect(Object.keys(cat.facts).sort()).toEqual([...new Set([...ENGINE_FACTS, ...LINE_FACTS])].sort());
  });
});
