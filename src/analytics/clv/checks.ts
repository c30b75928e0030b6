import { LoyaltyError } from '../../errors/index.js';
import type { RepeatSummary } from '../types.js';
import * as msg from './messages.js';
import type { GammaGammaModel, PurchaseModel } from './types.js';

/** Throws INVALID_ARGUMENT unless `model` is a fitted purchase model. */
export function checkPurchaseModel(model: unknown, path: readonly (string | number)[]): PurchaseModel {
  const m = model as Partial<PurchaseModel> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    (m.model !== 'bgnbd' && m.model !== 'mbgnbd' && m.model !== 'paretonbd')
  ) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid model', [
      {
        code: 'invalid_model',
        path: [...path],
        message: msg.unknownModel((m as { model?: unknown } | null)?.model),
      },
    ]);
  }
  return m as PurchaseModel;
}

/** Throws INVALID_ARGUMENT unless `model` is a fitted Gamma-Gamma model. */
export function checkSpendModel(model: unknown, path: readonly (string | number)[]): GammaGammaModel {
  const m = model as Partial<GammaGammaModel> | null;
  if (typeof m !== 'object' || m === null || m.model !== 'gammagamma') {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid model', [
      {
        code: 'invalid_model',
        path: [...path],
        message: msg.unknownModel((m as { model?: unknown } | null)?.model),
      },
    ]);
  }
  return m as GammaGammaModel;
}

/** Throws INVALID_ARGUMENT unless `value` is a finite number >= 0 (an integer when `integer`). */
export function checkNonNegative(
  value: unknown,
  path: readonly (string | number)[],
  name: string,
  integer = false,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new LoyaltyError('INVALID_ARGUMENT', `Invalid ${name}`, [
      {
        code: 'invalid_argument',
        path: [...path],
        message: msg.badOption(name, integer ? 'a whole number >= 0' : 'a finite number >= 0', value),
      },
    ]);
  }
  return value;
}

/** Validates one customer's (frequency, recency, T). */
export function checkSummary(s: unknown, path: readonly (string | number)[]): RepeatSummary {
  if (typeof s !== 'object' || s === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid customer summary', [
      { code: 'invalid_type', path: [...path], message: msg.notAnObject() },
    ]);
  }
  const { frequency, recency, T } = s as Partial<RepeatSummary>;
  checkNonNegative(frequency, [...path, 'frequency'], 'frequency', true);
  checkNonNegative(recency, [...path, 'recency'], 'recency');
  checkNonNegative(T, [...path, 'T'], 'T');
  if ((recency as number) > (T as number)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid customer summary', [
      {
        code: 'recency_after_age',
        path: [...path, 'recency'],
        message: msg.recencyAfterAge(recency as number, T as number),
      },
    ]);
  }
  return s as RepeatSummary;
}

/** Throws INTERNAL-free NOT_CONVERGED when a prediction is not finite (never a silent NaN). */
export function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new LoyaltyError(
      'NOT_CONVERGED',
      `${what} could not be computed accurately for these inputs (a series did not converge)`,
    );
  }
  return value;
}
