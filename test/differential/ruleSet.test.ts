/**
 * Differential test of compileRuleSet: a set of rules compiled together gives, for every rule, the
 * result of that rule compiled alone with compileCondition, and of json-rules-engine 7 running all
 * the rules in one `Engine.run`; it throws where evaluating the rules alone, in order, first throws
 * (same code, the path prefixed with the rule). Lazy facts: the set calls each (fact, params) at most
 * once, exactly the ones some rule reaches alone, and item-level lazy facts as often as the rules
 * alone do (the shared pass over line items never calls one speculatively).
 *
 * FC_RUNS sets the number of cases (default 10,000 random sets of random conditions, and a quarter
 * of that of sets heavy in line-item quantifiers).
 */
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import {
  type CompileConditionOptions,
  type CompiledCondition,
  type Condition,
  compileCondition,
  compileRuleSet,
  isLoyaltyError,
  type LoyaltyError,
} from 'loyalty-engine';
import { registerLoyaltyOperators } from 'loyalty-engine/json-rules-engine';
import { describe, expect, test } from 'vitest';
import { facts as arbFacts, conditionTree } from '../arbitraries/conditions.js';
import {
  buildFacts,
  type CallLog,
  CUSTOM_OPERATORS,
  type FactsSpec,
  factsSpec,
  itemRuleSet,
} from '../arbitraries/itemRules.js';

const RUNS = Number(process.env.FC_RUNS ?? 10_000);

type Outcome = boolean | LoyaltyError;

function attempt<T>(fn: () => T): T | LoyaltyError {
  try {
    return fn();
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
}

/** Shared conditions c0..c2 (each referring only to earlier ones) and 1-5 rules. */
const programs = fc.integer({ min: 0, max: 3 }).chain((count) => {
  const names = Array.from({ length: count }, (_, i) => `c${i}`);
  return fc.record({
    named: fc
      .tuple(...names.map((_, i) => conditionTree(names.slice(0, i))))
      .map((list) => Object.fromEntries(list.map((c, i) => [names[i]!, c]))),
    rules: fc.array(conditionTree(names), { minLength: 1, maxLength: 5 }),
  });
});

/** json-rules-engine: all rules in one engine, one run; which fired, or 'error' if the run rejected. */
async function reference(
  named: Record<string, unknown>,
  rules: readonly unknown[],
  facts: Record<string, unknown>,
  withOperators: boolean,
): Promise<boolean[] | 'error'> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  if (withOperators) {
    registerLoyaltyOperators(engine, { timeZone: 'UTC' });
    engine.addOperator('even', (a: unknown) => CUSTOM_OPERATORS.even(a));
  }
  for (const [name, c] of Object.entries(named)) engine.setCondition(name, structuredClone(c) as never);
  rules.forEach((c, i) => {
    engine.addRule({ conditions: structuredClone(c) as never, event: { type: `r${i}` } });
  });
  try {
    const { events } = await engine.run(facts);
    const fired = new Set(events.map((e) => e.type));
    return rules.map((_, i) => fired.has(`r${i}`));
  } catch {
    return 'error';
  }
}

/**
 * Checks the set against each rule alone; returns the set's results (or undefined when it threw,
 * which is checked to be where the rules alone first throw).
 */
function checkAgainstAlone(
  set: ReturnType<typeof compileRuleSet>,
  alone: readonly CompiledCondition[],
  makeFacts: () => Record<string, unknown>,
): boolean[] | undefined {
  const mine = attempt(() => set.evaluate(makeFacts()));
  const theirs: Outcome[] = [];
  for (const c of alone) {
    const r = attempt(() => c(makeFacts()));
    theirs.push(r);
    if (typeof r !== 'boolean') break;
  }
  const failed = theirs.findIndex((r) => typeof r !== 'boolean');
  if (failed < 0) {
    expect(mine).toEqual(theirs);
    return mine as boolean[];
  }
  expect(isLoyaltyError(mine)).toBe(true);
  const e = mine as LoyaltyError;
  const first = theirs[failed] as LoyaltyError;
  expect(e.code).toBe(first.code);
  if (first.code === 'INVALID_CONDITION') expect(e.path).toEqual([failed, 'conditions', ...first.path]);
  return undefined;
}

describe('compileRuleSet agrees with each rule alone and with json-rules-engine', () => {
  test(`random sets of random conditions (${RUNS} cases)`, async () => {
    let compared = 0;
    let hits = 0;
    await fc.assert(
      fc.asyncProperty(programs, arbFacts, async ({ named, rules }, facts) => {
        const options: CompileConditionOptions = {
          conditions: named as unknown as Record<string, Condition>,
        };
        const set = compileRuleSet(
          rules.map((conditions, i) => ({ id: `r${i}`, conditions: conditions as unknown as Condition })),
          options,
        );
        const alone = rules.map((c) => compileCondition(c as unknown as Condition, options));
        const mine = checkAgainstAlone(set, alone, () => facts);
        const ref = await reference(named, rules, facts, false);
        if (ref === 'error' || mine === undefined) return;
        expect(mine).toEqual(ref);
        mine.forEach((r, i) => {
          expect(set.explain(`r${i}`, facts).result).toBe(r);
        });
        compared++;
        hits += mine.filter(Boolean).length;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.5);
    expect(hits).toBeGreaterThan(compared * 0.3);
  });

  test(`random sets of line-item rules, awkward items and lazy facts (${Math.ceil(RUNS / 4)} cases)`, async () => {
    let compared = 0;
    let lazyCalls = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(itemRuleSet, factsSpec, async (rules, spec: FactsSpec) => {
        const options: CompileConditionOptions = { operators: CUSTOM_OPERATORS };
        const set = compileRuleSet(
          rules.map((conditions, i) => ({ id: `r${i}`, conditions: conditions as unknown as Condition })),
          options,
        );
        const alone = rules.map((c) => compileCondition(c as unknown as Condition, options));
        // One call log per evaluation: the set's first, then each rule's alone.
        const logs: CallLog[] = [];
        const results = checkAgainstAlone(set, alone, () => {
          const log: CallLog = [];
          logs.push(log);
          return buildFacts(spec, log);
        });
        if (results === undefined) {
          errors++;
          return;
        }
        const [setLog = [], ...aloneLogs] = logs;
        // Top-level lazy facts: once each, exactly those some rule reaches alone.
        const top = (log: CallLog) => log.filter((c) => !c.startsWith('item'));
        const setTop = top(setLog);
        expect(new Set(setTop).size).toBe(setTop.length);
        expect(new Set(setTop)).toEqual(new Set(aloneLogs.flatMap(top)));
        // Item-level lazy facts: as many calls as the rules alone make.
        const items = (log: CallLog) => log.filter((c) => c.startsWith('item')).sort();
        expect(items(setLog)).toEqual(aloneLogs.flatMap(items).sort());
        lazyCalls += setLog.length;
        // explain evaluates with the reference evaluator (no inlined comparisons, no shared pass)
        results.forEach((r, i) => {
          expect(set.explain(`r${i}`, buildFacts(spec, [])).result).toBe(r);
        });
        const ref = await reference({}, rules, buildFacts(spec, []), true);
        if (ref !== 'error') expect(results).toEqual(ref);
        compared++;
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    expect(compared).toBeGreaterThan(RUNS / 8);
    expect(lazyCalls).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
