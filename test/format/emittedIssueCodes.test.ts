// The issue codes the sources emit are the ones ISSUE_CODES lists (and so the ones every catalogue
// has a sentence for): a code added somewhere in src without an entry fails here.
import { describe, expect, test } from 'vitest';
import { ID_PATTERN_SOURCE } from '../../src/format/idPattern.js';
import { defineProgram, ERROR_CODES, ISSUE_CODES, isLoyaltyError } from '../../src/index.js';
import { ID_PATTERN } from '../../src/program/schema.js';
import { emittedErrorCodes, emittedIssueCodes } from './emittedIssueCodes.js';

const listed = new Set<string>(ISSUE_CODES);

describe('issue codes', () => {
  const emitted = emittedIssueCodes();

  test('the reader finds the codes of the sources (it is not reading nothing)', () => {
    // a few codes known to be emitted through each pattern the reader understands
    expect(emitted.get('insufficient_points')).toBeDefined(); // `code: '...'`
    expect(emitted.get('gift_only')).toBeDefined(); // notAllowed('gift_only', ...)
    expect(emitted.size).toBeGreaterThan(100);
  });

  test('every code emitted in src is in ISSUE_CODES', () => {
    const missing = [...emitted]
      .filter(([code]) => !listed.has(code))
      .map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  test('the issue of an error that names no field (its code in lower case) is listed', () => {
    expect(ERROR_CODES.map((c) => c.toLowerCase()).filter((c) => !listed.has(c))).toEqual([]);
  });

  test('ISSUE_CODES is sorted and has no duplicates', () => {
    expect([...ISSUE_CODES]).toEqual([...new Set(ISSUE_CODES)].sort());
  });

  test('zod issues of a broken program carry listed codes', () => {
    const broken = {
      id: 'bad id',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      pointsPrecision: 9,
      earning: [{ id: 'base', kind: 'spend', rate: { points: 10, per: '100.00' }, extra: true }],
      expiry: { mode: 'never-ever' },
      tiers: { levels: [] },
    };
    let codes: string[] = [];
    try {
      defineProgram(broken as never);
    } catch (e) {
      if (!isLoyaltyError(e)) throw e;
      codes = e.issues.map((i) => i.code);
    }
    expect(codes.length).toBeGreaterThan(2);
    expect(codes.filter((c) => !listed.has(c))).toEqual([]);
  });
});

test('every error code thrown in src is in ERROR_CODES (and so in every catalogue)', () => {
  const thrown = emittedErrorCodes();
  expect(thrown.size).toBeGreaterThan(10);
  expect([...thrown].filter((c) => !(ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
});

test('the formatter knows the id pattern of the program schema', () => {
  expect(ID_PATTERN_SOURCE).toBe(ID_PATTERN.source);
});
