import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES } from './codes.js';
import { formatPath } from './formatPath.js';
import { fromZodIssues } from './fromZodIssues.js';
import { assertNever, guard } from './internal.js';
import { isLoyaltyError, LoyaltyError } from './loyaltyError.js';

describe('LoyaltyError', () => {
  test('carries code, issues and the first path', () => {
    const e = new LoyaltyError('CURRENCY_MISMATCH', 'Cannot add CNY to USD', [
      {
        code: 'currency_mismatch',
        path: ['lines', 2, 'price'],
        message: 'Cannot add CNY to USD: convert first',
      },
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('LoyaltyError');
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.path).toEqual(['lines', 2, 'price']);
    expect(e.message).toBe('Cannot add CNY to USD: Cannot add CNY to USD: convert first (at lines[2].price)');
    expect(isLoyaltyError(e)).toBe(true);
  });

  test('lists every issue, one per line, when there are several', () => {
    const e = new LoyaltyError('INVALID_PROGRAM', 'Invalid program', [
      { code: 'too_small', path: ['earning', 2, 'rate', 'points'], message: 'Expected a positive number' },
      { code: 'invalid_type', path: ['currency'], message: 'Expected a string' },
    ]);
    expect(e.message.split('\n')).toEqual([
      'Invalid program (2 problems):',
      '- Expected a positive number (at earning[2].rate.points)',
      '- Expected a string (at currency)',
    ]);
    expect(e.issues).toHaveLength(2);
  });

  test('without issues, one issue is made from the summary', () => {
    const e = new LoyaltyError('INSUFFICIENT_DATA', 'No customers to fit');
    expect(e.message).toBe('No customers to fit');
    expect(e.issues).toEqual([{ code: 'insufficient_data', path: [], message: 'No customers to fit' }]);
    expect(e.path).toEqual([]);
  });

  test('issues are frozen and serializable', () => {
    const path = ['a'];
    const e = new LoyaltyError('INVALID_EVENT', 'Invalid event', [{ code: 'x', path, message: 'm' }]);
    path.push('b');
    expect(e.path).toEqual(['a']);
    expect(Object.isFrozen(e.issues)).toBe(true);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'LoyaltyError',
      code: 'INVALID_EVENT',
      message: e.message,
      issues: [{ code: 'x', path: ['a'], message: 'm' }],
    });
  });

  test('isLoyaltyError recognises the brand of another copy of the library, not look-alikes', () => {
    const foreign = { [Symbol.for('loyalty-engine/error')]: true, code: 'INTERNAL' };
    expect(isLoyaltyError(foreign)).toBe(true);
    expect(isLoyaltyError(new Error('x'))).toBe(false);
    expect(isLoyaltyError({ name: 'LoyaltyError', code: 'INTERNAL' })).toBe(false);
    expect(isLoyaltyError(null)).toBe(false);
    expect(isLoyaltyError('LoyaltyError')).toBe(false);
  });

  test('codes are unique UPPER_SNAKE strings', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const c of ERROR_CODES) expect(c).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});

describe('formatPath', () => {
  test('formats keys and indexes as code does', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['earning', 2, 'rate'])).toBe('earning[2].rate');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['attributes', 'vip level'])).toBe('attributes["vip level"]');
    expect(formatPath(['会员'])).toBe('["会员"]');
  });

  test('property: distinct paths of identifier keys format distinctly', () => {
    const seg = fc.oneof(fc.nat({ max: 50 }), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/));
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 6 }), fc.array(seg, { maxLength: 6 }), (a, b) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(formatPath(a)).not.toBe(formatPath(b));
      }),
    );
  });
});

describe('fromZodIssues', () => {
  const Schema = z.object({
    currency: z.string().length(3),
    earning: z.array(z.object({ id: z.string(), rate: z.object({ points: z.number().positive() }) })),
  });

  test('maps every zod issue, keeping its code and prefixing the root path', () => {
    const r = Schema.safeParse({
      currency: 'CNYX',
      earning: [{ id: 'a', rate: { points: -1 } }, { rate: {} }],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const issues = fromZodIssues(r.error.issues, ['program']);
    expect(issues.map((i) => formatPath(i.path)).sort()).toEqual(
      [
        'program.currency',
        'program.earning[0].rate.points',
        'program.earning[1].id',
        'program.earning[1].rate.points',
      ].sort(),
    );
    expect(issues.find((i) => formatPath(i.path) === 'program.currency')?.code).toBe('too_big');
    expect(issues.length).toBe(r.error.issues.length);
  });

  test('a failed discriminated union reports the issues of the matching branch', () => {
    const Event = z.union([
      z.object({ type: z.literal('purchase'), total: z.number() }),
      z.object({ type: z.literal('refund'), orderId: z.string() }),
    ]);
    const r = Event.safeParse({ type: 'refund', orderId: 5 });
    expect(r.success).toBe(false);
    if (r.success) return;
    const issues = fromZodIssues(r.error.issues, ['event']);
    expect(issues.some((i) => formatPath(i.path) === 'event.orderId')).toBe(true);
  });
});

describe('guard and assertNever', () => {
  test('guard passes results and LoyaltyErrors through, wraps anything else as INTERNAL', () => {
    expect(guard(() => 42, 'x')).toBe(42);
    const le = new LoyaltyError('INVALID_EVENT', 'bad');
    expect(() =>
      guard(() => {
        throw le;
      }, 'x'),
    ).toThrow(le);
    const boom = new TypeError('cannot read properties of undefined');
    try {
      guard(() => {
        throw boom;
      }, 'apply');
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && e.code).toBe('INTERNAL');
      expect((e as Error).cause).toBe(boom);
    }
  });

  test('assertNever throws INTERNAL', () => {
    expect(() => assertNever('x' as never, 'event type')).toThrow(/Unexpected event type/);
  });
});
