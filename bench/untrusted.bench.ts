// What the limits on untrusted programs and events let one request cost (docs/guides/untrusted-programs.md,
// "What one event costs"): validating a program whose conditions fill DEFAULT_PROGRAM_LIMITS
// .maxTotalConditionNodes, and applying to it a purchase of 1, 100 and 1,000 (maxLines) lines
// where every line condition is evaluated in full (no line matches).
import { createEngine, DEFAULT_PROGRAM_LIMITS, parseEvent, validateProgram } from 'loyalty-engine';
import { bench, describe } from 'vitest';

const leavesPerRule = 999;
const rules = Math.floor(DEFAULT_PROGRAM_LIMITS.maxTotalConditionNodes / (leavesPerRule + 1));
const program = {
  id: 'worst',
  currency: 'CNY',
  timeZone: 'UTC',
  earning: Array.from({ length: rules }, (_, r) => ({
    id: `r${r}`,
    kind: 'spend',
    rate: { points: '1', per: '1.00' },
    lines: {
      any: Array.from({ length: leavesPerRule }, (_, i) => ({
        fact: 'category',
        operator: 'equal',
        value: `c${r}-${i}`,
      })),
    },
  })),
};
const checked = validateProgram(program);
if (!checked.success) throw checked.error;
const engine = createEngine(checked.program);
const member = engine.enroll({ memberId: 'm', joinedAt: '2026-01-01T00:00:00Z' });
const purchase = (n: number) =>
  parseEvent({
    type: 'purchase',
    id: `o-${n}`,
    occurredAt: '2026-01-02T00:00:00Z',
    currency: 'CNY',
    lines: Array.from({ length: n }, (_, i) => ({
      id: `l${i}`,
      sku: 'x',
      category: 'none',
      quantity: 1,
      price: 100,
    })),
  });
const events = [1, 100, 1_000].map((n) => [n, purchase(n)] as const);

describe(`a program at maxTotalConditionNodes (${rules} rules x ${leavesPerRule + 1} nodes)`, () => {
  bench('validateProgram', () => {
    validateProgram(program);
  });
  for (const [n, event] of events) {
    bench(`apply a purchase of ${n} lines`, () => {
      engine.apply(member, event);
    });
  }
});
