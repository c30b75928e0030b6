import * as z from 'zod/mini';

const meta = {
  priority: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
};

const params = z.record(z.string(), z.unknown());

/** A leaf condition `{ fact, operator, value, path?, params? }` (children and value checked separately). */
export const factConditionSchema = z.strictObject({
  fact: z.string().check(z.minLength(1)),
  operator: z.string().check(z.minLength(1)),
  value: z.unknown(),
  path: z.optional(z.string()),
  params: z.optional(params),
  ...meta,
});

/** `{ all: [...] }` (children checked recursively). */
export const allConditionSchema = z.strictObject({ all: z.array(z.unknown()), ...meta });

/** `{ any: [...] }` (children checked recursively). */
export const anyConditionSchema = z.strictObject({ any: z.array(z.unknown()), ...meta });

/** `{ not: {...} }` (child checked recursively). */
export const notConditionSchema = z.strictObject({ not: z.unknown(), ...meta });

/** `{ condition: 'name' }`: a reference to a shared condition. */
export const conditionReferenceSchema = z.strictObject({
  condition: z.string().check(z.minLength(1)),
  ...meta,
});

/** A fact reference used as a value: `{ fact, path?, params? }`. */
export const factReferenceSchema = z.strictObject({
  fact: z.string().check(z.minLength(1)),
  path: z.optional(z.string()),
  params: z.optional(params),
});

/** The value of `countItems`. */
export const countItemsValueSchema = z.strictObject({
  where: z.optional(z.unknown()),
  min: z.optional(z.int().check(z.minimum(0))),
  max: z.optional(z.int().check(z.minimum(0))),
  count: z.optional(z.enum(['lines', 'quantity'])),
});
