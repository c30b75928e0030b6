import { isLoyaltyError, LoyaltyError } from './loyaltyError.js';

/** Marks a switch as exhaustive over a discriminated union; reaching it is a bug. */
export function assertNever(value: never, what = 'value'): never {
  throw new LoyaltyError(
    'INTERNAL',
    `Unexpected ${what}: ${JSON.stringify(value)} (a bug in loyalty-engine)`,
  );
}

/**
 * Runs `fn` and guarantees that only a {@link LoyaltyError} escapes: anything else is wrapped as
 * `INTERNAL` with the original error as `cause`. Public entry points use it so that a bug deep
 * inside never surfaces to a shop developer as a bare `TypeError`.
 */
export function guard<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (e) {
    if (isLoyaltyError(e)) throw e;
    throw new LoyaltyError('INTERNAL', `${what} failed unexpectedly (a bug in loyalty-engine)`, [], {
      cause: e,
    });
  }
}
