import { z } from 'zod';

const meta = {
  priority: z.number().int().min(1).max(1_000_000).optional(),
  name: z.string().optional(),
  description: z.string().optional(),
};

const params = z.record(z.string(), z.unknown());

/** A leaf condition `{ fact, operator, value, path?, params? }` (children and value checked separately). */
export const factConditionSchema = z.strictObject({
  fact: z.string().min(1),
  operator: z.string().min(1),
  value: z.unknown(),
  path: z.string().optional(),
  params: params.optional(),
  ...meta,
});

/** `{ all: [...] }` (children checked recursively). */
export const allConditionSchema = z.strictObject({ all: z.array(z.unknown()), ...meta });

/** `{ any: [...] }` (children checked recursively). */
export const anyConditionSchema = z.strictObject({ any: z.array(z.unknown()), ...meta });

/** `{ not: {...} }` (child checked recursively). */
export const notConditionSchema = z.strictObject({ not: z.unknown(), ...meta });

/** `{ condition: 'name' }`: a reference to a shared condition. */
export const conditionReferenceSchema = z.strictObject({ condition: z.string().min(1), ...meta });

/** A fact reference used as a value: `{ fact, path?, params? }`. */
export const factReferenceSchema = z.strictObject({
  fact: z.string().min(1),
  path: z.string().optional(),
  params: params.optional(),
});

/** The value of `countItems`. */
export const countItemsValueSchema = z.strictObject({
  where: z.unknown().optional(),
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
  count: z.enum(['lines', 'quantity']).optional(),
});
