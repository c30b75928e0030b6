/**
 * Fuzzer of untrusted input (issue 11): arbitrary JSON, hostile values and mutations of valid
 * programs and events (those the examples in examples/ use, and generated ones) are fed to
 * `defineProgram`, `validateProgram`, `createEngine`, `parseEvent`, `engine.enroll` and `engine.apply`. Whatever the
 * input, only a `LoyaltyError` is thrown (no TypeError, RangeError or stack overflow), the input is
 * not changed or frozen, and the state handed to `apply` is the same afterwards.
 *
 * `FUZZ_RUNS` sets the runs per property (default 500, about 25 s in all on a loaded 2-core machine);
 * `FUZZ_SEED` and `FUZZ_PATH` replay a counterexample.
 */
import fc from 'fast-check';
import {
  createEngine,
  DEFAULT_EVENT_LIMITS,
  DEFAULT_PROGRAM_LIMITS,
  defineProgram,
  type Engine,
  isLoyaltyError,
  LoyaltyError,
  type MemberState,
  type Program,
  parseEvent,
  validateProgram,
} from 'loyalty-engine';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { programArb } from '../arbitraries/program.js';
import {
  FUZZ_RUNS,
  fuzzParams,
  fuzzProperty,
  hostileJson,
  mutate,
  mutation,
  nested,
  snapshot,
  withOwnKey,
} from './hostile.js';

/** Per property test: generous, so that a large FUZZ_RUNS on a loaded machine is not cut short. */
const TIMEOUT = Math.max(60_000, FUZZ_RUNS * 400);

/** Programs and (state, event) pairs the examples use, recorded while they run (see beforeAll). */
const recorded = vi.hoisted(() => ({
  on: false,
  programs: [] as unknown[],
  applies: [] as { programs: unknown; state: unknown; event: unknown }[],
}));

vi.mock('loyalty-engine', async (importOriginal) => {
  const real = await importOriginal<typeof import('loyalty-engine')>();
  const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
  return {
    ...real,
    defineProgram: (input: unknown, options?: Parameters<typeof real.defineProgram>[1]) => {
      if (recorded.on) recorded.programs.push(json(input));
      return real.defineProgram(input, options);
    },
    createEngine: (program: Parameters<typeof real.createEngine>[0]) => {
      const engine = real.createEngine(program);
      if (!recorded.on) return engine;
      return {
        ...engine,
        apply: (state: MemberState, event: unknown, options?: Parameters<Engine['apply']>[2]) => {
          if (recorded.on && recorded.applies.length < 200) {
            recorded.applies.push({
              programs: json(engine.programs),
              state: json(state),
              event: json(event),
            });
          }
          return engine.apply(state, event, options);
        },
      };
    },
  };
});

const EXAMPLES = ['quickstart', 'ecommerce-refunds', 'tiers-calendar-year'] as const;

beforeAll(async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  recorded.on = true;
  try {
    for (const name of EXAMPLES) await import(`../../examples/${name}.ts`);
  } finally {
    recorded.on = false;
    log.mockRestore();
  }
}, 60_000);

afterAll(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

/** What the properties saw: outcome labels and how often (checked by the last test). */
const seen = new Map<string, number>();
function count(label: string): void {
  seen.set(label, (seen.get(label) ?? 0) + 1);
}
function countOutcome(what: string, outcome: unknown): void {
  if (!(outcome instanceof LoyaltyError)) {
    count(`${what}:ok`);
    return;
  }
  count(`${what}:${outcome.code}`);
  for (const i of outcome.issues) count(`${what}:${outcome.code}:${i.code}`);
}

/** Runs `fn`; anything thrown must be a LoyaltyError other than INTERNAL (the message shows what was thrown). */
function onlyLoyaltyErrors<T>(fn: () => T): T | LoyaltyError {
  try {
    return fn();
  } catch (e) {
    // INTERNAL is what `guard` makes of a TypeError, RangeError or stack overflow: a failure too.
    if (isLoyaltyError(e) && e instanceof LoyaltyError && e.code !== 'INTERNAL') return e;
    const cause = isLoyaltyError(e) ? e.cause : e;
    const detail = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    throw new Error(`threw something other than a LoyaltyError (or INTERNAL): ${detail}`);
  }
}

/** The LoyaltyError is well formed: a stable code, issues with paths and messages. */
function wellFormed(e: LoyaltyError): void {
  expect(e.code).toMatch(/^[A-Z_]+$/);
  for (const i of e.issues) {
    expect(Array.isArray(i.path)).toBe(true);
    expect(typeof i.code).toBe('string');
    expect(typeof i.message).toBe('string');
  }
  expect(e.issues.length).toBeLessThanOrEqual(1_000);
}

function seedPrograms(): unknown[] {
  const generated = fc.sample(
    programArb({ time: true, tiers: true }).map((p) => p.json),
    { numRuns: 12, seed: 11 },
  );
  return [...recorded.programs, ...generated];
}

/** Checks one program input against every entry point that takes a program. */
function checkProgram(input: unknown): void {
  const before = snapshot(input);
  const validation = onlyLoyaltyErrors(() => validateProgram(input));
  if (validation instanceof LoyaltyError) throw new Error(`validateProgram threw ${validation.code}`);
  const defined = onlyLoyaltyErrors(() => defineProgram(input));
  const engine = onlyLoyaltyErrors(() => createEngine(input as Program));
  expect(snapshot(input)).toBe(before);
  countOutcome('program', validation.success ? validation.program : validation.error);
  // createEngine also takes a list of versions: for a list, only what it throws is checked.
  const versions = Array.isArray(input);
  if (versions && !(engine instanceof LoyaltyError)) run(engine);
  if (validation.success) {
    expect(defined).not.toBeInstanceOf(LoyaltyError);
    expect(engine).not.toBeInstanceOf(LoyaltyError);
    run(engine as Engine);
  } else {
    wellFormed(validation.error);
    expect(validation.error.code).toBe('INVALID_PROGRAM');
    expect(defined).toBeInstanceOf(LoyaltyError);
    expect((defined as LoyaltyError).issues).toEqual(validation.error.issues);
    if (!versions) expect(engine).toBeInstanceOf(LoyaltyError);
  }
}

/**
 * A member's first days under a program that was accepted: purchases, a custom event, a refund,
 * redemptions, an adjustment and the passing of time; each step may be refused, only with a
 * LoyaltyError.
 */
function run(engine: Engine): void {
  const { currency } = engine.program;
  let state = onlyLoyaltyErrors(() => engine.enroll({ memberId: 'm-1', joinedAt: '2026-01-01T00:00:00Z' }));
  if (state instanceof LoyaltyError) return;
  const rewardId = engine.program.rewards?.[0]?.id ?? 'none';
  const events: unknown[] = [
    {
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-01-02T10:00:00Z',
      currency,
      lines: [
        { id: 'a', sku: 'latte', category: 'coffee', quantity: 2, price: 3_200 },
        { id: 'b', sku: 'mug', quantity: 1, price: 12_000, discount: 1_000 },
      ],
    },
    { type: 'custom', id: 'c-1', occurredAt: '2026-01-03T10:00:00Z', name: 'review' },
    {
      type: 'refund',
      id: 'f-1',
      orderId: 'o-1',
      occurredAt: '2026-01-04T10:00:00Z',
      lines: [{ lineId: 'a', quantity: 1 }],
    },
    { type: 'adjustment', id: 'a-1', occurredAt: '2026-01-05T10:00:00Z', points: 50, reason: 'goodwill' },
    { type: 'redemption', id: 'r-1', occurredAt: '2026-01-06T10:00:00Z', rewardId },
    { type: 'redemption', id: 'r-2', occurredAt: '2026-01-06T11:00:00Z', points: 1 },
    {
      type: 'purchase',
      id: 'o-2',
      occurredAt: '2026-03-02T10:00:00Z',
      currency,
      lines: [{ sku: 'beans', quantity: 1, price: 9_900 }],
    },
  ];
  for (const event of events) {
    const before = snapshot(state);
    const d = onlyLoyaltyErrors(() =>
      engine.apply(state as MemberState, event, { stock: { [rewardId]: 1 } }),
    );
    expect(snapshot(state)).toBe(before);
    countOutcome('run', d);
    if (!(d instanceof LoyaltyError)) state = d.state;
  }
  onlyLoyaltyErrors(() => engine.advance(state as MemberState, '2028-01-01T00:00:00Z'));
  onlyLoyaltyErrors(() => engine.balance(state as MemberState, '2027-01-01T00:00:00Z'));
}

/** Checks one event input against parseEvent and, with the state, engine.apply. */
function checkEvent(engine: Engine, state: MemberState, input: unknown): void {
  const before = snapshot(input);
  const stateBefore = snapshot(state);
  const parsed = onlyLoyaltyErrors(() => parseEvent(input));
  const applied = onlyLoyaltyErrors(() => engine.apply(state, input));
  const all = onlyLoyaltyErrors(() => engine.applyAll(state, [input, input]));
  onlyLoyaltyErrors(() => engine.explainEvent(state, input));
  expect(snapshot(input)).toBe(before);
  countOutcome('event', parsed);
  countOutcome('apply', applied);
  expect(snapshot(state)).toBe(stateBefore);
  if (parsed instanceof LoyaltyError) {
    wellFormed(parsed);
    expect(parsed.code).toBe('INVALID_EVENT');
    expect(applied).toBeInstanceOf(LoyaltyError);
  }
  if (applied instanceof LoyaltyError) wellFormed(applied);
  if (all instanceof LoyaltyError) wellFormed(all);
}

describe('untrusted programs', () => {
  test(
    'arbitrary and hostile JSON: only LoyaltyErrors, input unchanged',
    () => {
      fc.assert(
        fuzzProperty(hostileJson, fc.constant(0), (input) => checkProgram(input)),
        fuzzParams(0.5),
      );
    },
    TIMEOUT,
  );

  test(
    'mutated valid programs: only LoyaltyErrors, input unchanged',
    () => {
      const seeds = seedPrograms();
      expect(recorded.programs.length).toBeGreaterThanOrEqual(EXAMPLES.length);
      for (const seed of seeds) expect(validateProgram(seed).success).toBe(true);
      fc.assert(
        fuzzProperty(
          fc.nat(seeds.length - 1),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (i, ms) => {
            checkProgram(mutate(seeds[i], ms));
          },
        ),
        fuzzParams(1),
      );
    },
    TIMEOUT,
  );

  test('10,000 levels of nesting anywhere in a program: a LoyaltyError naming the limit', () => {
    for (const seed of [...recorded.programs.slice(0, 1), {}]) {
      for (const kind of ['array', 'object', 'mixed'] as const) {
        const input = { ...(seed as object), description: nested(10_000, kind) };
        const check = validateProgram(input);
        expect(check.success).toBe(false);
        if (!check.success) {
          expect(check.error.issues.some((i) => i.code === 'limit_exceeded')).toBe(true);
          expect(check.error.issues.some((i) => i.message.includes('ProgramLimits.maxDepth'))).toBe(true);
        }
      }
    }
    // The limit is configurable, and a deep nesting within it is then a shape problem, not a crash.
    const deep = { id: 'p', currency: 'CNY', timeZone: 'UTC', description: nested(150, 'object') };
    const check = validateProgram(deep, { limits: { maxDepth: 200 } });
    expect(check.success).toBe(false);
    expect(DEFAULT_PROGRAM_LIMITS.maxDepth).toBeLessThan(150);
  });

  test('prototype keys as own properties are refused with their paths', () => {
    const [seed] = recorded.programs;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const input = JSON.parse(JSON.stringify(seed)) as Record<string, unknown>;
      withOwnKey(input, key, {});
      const check = validateProgram(input);
      expect(check.success).toBe(false);
      if (!check.success) {
        expect(check.error.issues).toContainEqual(
          expect.objectContaining({ code: 'forbidden_key', path: [key] }),
        );
      }
    }
  });
});

describe('untrusted events', () => {
  const cases = (): { engine: Engine; state: MemberState; event: unknown }[] => {
    const engines = new Map<string, Engine>();
    return recorded.applies.map(({ programs, state, event }) => {
      const key = JSON.stringify(programs);
      let engine = engines.get(key);
      if (engine === undefined) {
        engine = createEngine(programs as Program[]);
        engines.set(key, engine);
      }
      return { engine, state: state as MemberState, event };
    });
  };

  test(
    'arbitrary and hostile JSON: only LoyaltyErrors, input and state unchanged',
    () => {
      const all = cases();
      expect(all.length).toBeGreaterThan(10);
      fc.assert(
        fuzzProperty(fc.nat(all.length - 1), hostileJson, (i, input) => {
          const c = all[i]!;
          checkEvent(c.engine, c.state, input);
        }),
        fuzzParams(0.5),
      );
    },
    TIMEOUT,
  );

  test(
    'mutated valid events: only LoyaltyErrors, input and state unchanged',
    () => {
      const all = cases();
      fc.assert(
        fuzzProperty(fc.nat(all.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ms) => {
          const c = all[i]!;
          checkEvent(c.engine, c.state, mutate(c.event, ms));
        }),
        fuzzParams(1),
      );
    },
    TIMEOUT,
  );

  test(
    'enroll: arbitrary and hostile input, only LoyaltyErrors, input unchanged',
    () => {
      const { engine } = cases()[0]!;
      const enrollInput = fc.oneof(
        hostileJson,
        fc
          .tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }))
          .map(([ms]) =>
            mutate(
              { memberId: 'm-1', joinedAt: '2026-01-01T00:00:00Z', birthday: '1990-02-28', tags: ['vip'] },
              ms,
            ),
          ),
      );
      fc.assert(
        fuzzProperty(enrollInput, fc.constant(0), (input) => {
          const before = snapshot(input);
          countOutcome(
            'enroll',
            onlyLoyaltyErrors(() => engine.enroll(input as never)),
          );
          expect(snapshot(input)).toBe(before);
        }),
        fuzzParams(0.3),
      );
    },
    TIMEOUT,
  );

  test('10,000 levels of nesting in attributes and payloads: a LoyaltyError naming the limit', () => {
    const { engine, state } = cases()[0]!;
    const events = [
      { type: 'custom', id: 'c-1', occurredAt: state.clock, name: 'x', attributes: nested(10_000, 'mixed') },
      {
        type: 'purchase',
        id: 'p-1',
        occurredAt: state.clock,
        currency: 'CNY',
        lines: [{ sku: 'a', quantity: 1, price: 100, attributes: { a: nested(10_000, 'array') } }],
      },
      nested(10_000, 'array'),
    ];
    for (const event of events) {
      const runs: (() => unknown)[] = [() => parseEvent(event), () => engine.apply(state, event)];
      for (const run of runs) {
        const e = onlyLoyaltyErrors(run);
        expect(e).toBeInstanceOf(LoyaltyError);
        expect((e as LoyaltyError).issues.some((i) => i.message.includes('EventLimits.maxDepth'))).toBe(true);
      }
    }
    expect(DEFAULT_EVENT_LIMITS.maxDepth).toBeLessThan(10_000);
  });

  test('prototype keys in attributes and custom payloads are refused with their paths', () => {
    const { engine, state } = cases()[0]!;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const attributes = JSON.parse(`{"ok": 1, ${JSON.stringify(key)}: {"polluted": true}}`) as unknown;
      const event = { type: 'custom', id: 'c-1', occurredAt: state.clock, name: 'x', attributes };
      const e = onlyLoyaltyErrors(() => engine.apply(state, event));
      expect(e).toBeInstanceOf(LoyaltyError);
      expect((e as LoyaltyError).issues).toContainEqual(
        expect.objectContaining({ code: 'forbidden_key', path: ['attributes', key] }),
      );
    }
  });
});

test('the fuzzer reached accepted and refused inputs of every kind (runs after the properties)', () => {
  if (process.env.FUZZ_STATS !== undefined) console.log([...seen].sort((a, b) => b[1] - a[1]));
  expect(FUZZ_RUNS).toBeGreaterThan(0);
  if (FUZZ_RUNS < 100) return; // too few runs to expect every outcome
  for (const label of [
    'program:ok',
    'program:INVALID_PROGRAM:forbidden_key',
    'program:INVALID_PROGRAM:limit_exceeded',
    'program:INVALID_PROGRAM:invalid_type',
    'program:INVALID_PROGRAM:unrecognized_keys',
    'event:ok',
    'event:INVALID_EVENT:forbidden_key',
    'event:INVALID_EVENT:limit_exceeded',
    'event:INVALID_EVENT:invalid_type',
    'apply:ok',
    'run:ok',
    'enroll:ok',
  ]) {
    expect(seen.get(label) ?? 0, label).toBeGreaterThan(0);
  }
});
