/**
 * What lets `validateProgram` report problems of shape and of meaning in one pass: the counts the
 * limits bound are checked on the copied JSON before zod runs, and when zod finds shape problems,
 * the parts they are in are left out (an unknown field is dropped, a broken rule, cap, reward or
 * gift is left out, a broken optional field of one is dropped, any other broken top-level field is
 * left out) so that the meaning of everything else can still be checked. `compileProgram` then
 * skips the checks that need a part left out, so that no problem is reported that fixing the shape
 * would make disappear.
 */
import type { LoyaltyIssue, PathSegment } from '../errors/index.js';
import type { ElementField, ShapeGaps } from './compileProgram.js';
import type { ProgramLimits } from './limits.js';
import { capSchema, earningRuleSchema, giftSchema, programSchema, rewardSchema } from './schema.js';

type Json = Record<string, unknown>;

/** A zod issue as far as this module reads it. */
interface ShapeIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly keys?: readonly string[] | undefined;
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the counts that {@link ProgramLimits} bound (rules, caps, rewards, gifts, tiers, metrics,
 * custom facts, shared conditions) on the copied program, before zod parses it. A field over its
 * limit is reported and left out (`fields` records it), so zod never walks an oversized array.
 */
export function checkCounts(
  input: Json,
  limits: ProgramLimits,
  issues: LoyaltyIssue[],
  fields: Set<string>,
): void {
  const over = (
    field: string,
    path: readonly PathSegment[],
    count: number,
    max: number,
    what: string,
    limit: keyof ProgramLimits,
  ): boolean => {
    if (count <= max) return false;
    issues.push({
      code: 'limit_exceeded',
      path: [...path],
      message: `Too many ${what}: ${count} (the limit is ${max}, ProgramLimits.${limit})`,
    });
    delete input[field];
    fields.add(field);
    return true;
  };
  const length = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
  const keys = (v: unknown): number => (isRecord(v) ? Object.keys(v).length : 0);
  over('earning', ['earning'], length(input['earning']), limits.maxRules, 'earning rules', 'maxRules');
  over('caps', ['caps'], length(input['caps']), limits.maxCaps, 'caps', 'maxCaps');
  over('rewards', ['rewards'], length(input['rewards']), limits.maxRewards, 'rewards', 'maxRewards');
  over('gifts', ['gifts'], length(input['gifts']), limits.maxGifts, 'gifts', 'maxGifts');
  over(
    'customFacts',
    ['customFacts'],
    length(input['customFacts']),
    limits.maxCustomFacts,
    'custom facts',
    'maxCustomFacts',
  );
  over(
    'conditions',
    ['conditions'],
    keys(input['conditions']),
    limits.maxSharedConditions,
    'shared conditions',
    'maxSharedConditions',
  );
  const tiers = input['tiers'];
  if (isRecord(tiers)) {
    if (
      !over('tiers', ['tiers', 'levels'], length(tiers['levels']), limits.maxTiers, 'tier levels', 'maxTiers')
    ) {
      over(
        'tiers',
        ['tiers', 'metrics'],
        keys(tiers['metrics']),
        limits.maxMetrics,
        'tier metrics',
        'maxMetrics',
      );
    }
  }
}

/** Per top-level array: the element schema, and the fields others refer to or read together. */
const ELEMENTS: Readonly<
  Record<
    ElementField,
    { readonly schema: { safeParse(v: unknown): { success: boolean } }; readonly whole: readonly string[] }
  >
> = {
  // id, group, campaign: referenced by caps, multipliers, pending and stacking; kind, event and
  // wallet decide which checks apply.
  earning: { schema: earningRuleSchema, whole: ['id', 'kind', 'event', 'group', 'campaign', 'wallet'] },
  // A cap needs points or count: dropping one would report an empty cap.
  caps: { schema: capSchema, whole: ['id', 'points', 'count'] },
  // kind and coupon are checked together.
  rewards: { schema: rewardSchema, whole: ['id', 'kind', 'coupon'] },
  gifts: { schema: giftSchema, whole: ['id', 'on', 'tierId', 'rewards'] },
};

/** Required top-level fields: when broken, a placeholder stands in (and its checks are skipped). */
const PLACEHOLDERS: Readonly<Record<string, string>> = { id: 'program', currency: '', timeZone: 'UTC' };

function isElementField(field: string): field is ElementField {
  return Object.hasOwn(ELEMENTS, field);
}

/** The object at `path` in `root`, or undefined. */
function objectAt(root: Json, path: readonly PropertyKey[]): Json | undefined {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return isRecord(v) ? v : undefined;
}

/**
 * Leaves out of `input` (the program's own copy, changed in place) the parts zod's `issues` are in,
 * so that what remains has a valid shape. `fields` holds the top-level fields already left out (by
 * {@link checkCounts}); it is completed here.
 *
 * @returns what was left out, for `compileProgram`; `null` when nothing can be checked for meaning
 *   (the program is not an object, or an unexpected shape problem remains)
 */
export function fillGaps(input: Json, issues: readonly ShapeIssue[], fields: Set<string>): ShapeGaps | null {
  const broken = new Map<ElementField, Set<number>>();
  const dropped: { field: ElementField; index: number; key: string }[] = [];
  const placeholders = new Map<string, unknown>();
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const target = objectAt(input, path);
      if (target !== undefined) for (const key of issue.keys ?? []) delete target[key];
      continue;
    }
    const field = path[0];
    if (typeof field !== 'string') return null;
    const index = path[1];
    if (isElementField(field) && typeof index === 'number') {
      const key = path[2];
      if (typeof key === 'string' && !ELEMENTS[field].whole.includes(key)) {
        dropped.push({ field, index, key });
      } else {
        const set = broken.get(field) ?? new Set<number>();
        broken.set(field, set);
        set.add(index);
      }
      continue;
    }
    if (field === 'conditions' && typeof index === 'string') {
      // A shared condition that is not a condition object: an always-true one stands in, so that the
      // references to it resolve (its own problem is reported by zod).
      placeholders.set(index, { all: [] });
      continue;
    }
    if (field === 'stacking' && typeof index === 'string') {
      const stacking = objectAt(input, ['stacking']);
      if (stacking !== undefined) delete stacking[index];
      continue;
    }
    fields.add(field);
  }
  for (const [name, value] of placeholders) {
    const conditions = objectAt(input, ['conditions']);
    if (conditions !== undefined) conditions[name] = value;
  }
  for (const field of fields) {
    if (Object.hasOwn(PLACEHOLDERS, field)) input[field] = PLACEHOLDERS[field];
    else delete input[field];
  }
  // Optional fields of an element dropped; elements that are still not valid are left out.
  for (const { field, index, key } of dropped) {
    if (fields.has(field)) continue;
    const element = objectAt(input, [field, index]);
    if (element !== undefined) delete element[key];
  }
  const kept: Partial<Record<ElementField, readonly number[]>> = {};
  for (const field of Object.keys(ELEMENTS) as ElementField[]) {
    const list = input[field];
    if (fields.has(field) || !Array.isArray(list)) continue;
    const bad = broken.get(field) ?? new Set<number>();
    const schema = ELEMENTS[field].schema;
    const indexes: number[] = [];
    const elements: unknown[] = [];
    list.forEach((element, i) => {
      if (bad.has(i) || !schema.safeParse(element).success) return;
      indexes.push(i);
      elements.push(element);
    });
    if (elements.length < list.length) {
      input[field] = elements;
      kept[field] = indexes;
    }
  }
  return programSchema.safeParse(input).success ? { fields, kept } : null;
}
