import { LoyaltyError } from '../errors/index.js';
import { messages } from './messages.js';

/** Internal: validates an integer amount of days/months/years to add (INVALID_ARGUMENT otherwise). */
export function assertAmount(value: unknown, name: string, limit: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > limit) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid amount', [
      { code: 'invalid_amount', path: [name], message: messages.notAnInteger(name, value, -limit, limit) },
    ]);
  }
}

/** Largest amounts accepted: about 10,000 years each way. */
export const MAX_DAYS = 3_660_000;
export const MAX_MONTHS = 120_000;
export const MAX_YEARS = 10_000;
