import { LoyaltyError } from '../errors/index.js';

/**
 * Merges `overrides` into `defaults`: each a positive safe integer at most its ceiling; unknown keys
 * are refused (a typo would otherwise be ignored).
 * @internal
 */
export function resolveLimitOverrides<T extends object>(
  overrides: unknown,
  defaults: T,
  ceilings: Partial<Record<keyof T, number>>,
  what: string,
): T {
  const bad = (key: string, message: string): LoyaltyError =>
    new LoyaltyError('INVALID_ARGUMENT', `Invalid ${what} limits`, [
      { code: 'invalid_limit', path: ['limits', key], message },
    ]);
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new LoyaltyError('INVALID_ARGUMENT', `Invalid ${what} limits`, [
      { code: 'invalid_limit', path: ['limits'], message: 'limits must be an object of numbers' },
    ]);
  }
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const key of Object.keys(overrides)) {
    const v = (overrides as Record<string, unknown>)[key];
    if (!Object.hasOwn(defaults, key)) throw bad(key, `Unknown limit "${key}"`);
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw bad(key, `${key} must be a positive integer`);
    }
    const ceiling = (ceilings as Record<string, number | undefined>)[key];
    if (ceiling !== undefined && v > ceiling) throw bad(key, `${key} must be at most ${ceiling}`);
    out[key] = v;
  }
  return Object.freeze(out) as T;
}
