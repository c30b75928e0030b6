import { LoyaltyError } from '../errors/index.js';
import { type DecimalParts, splitDecimal, toDec } from './decimal.js';
import { messages } from './messages.js';
import { checkMoney } from './money.js';
import type { DecimalInput, Money } from './types.js';

/**
 * Splits an integer amount into parts proportional to `weights`, so that the parts sum to the amount
 * exactly (largest remainder method, also called Hamilton's method).
 *
 * Each part starts at the floor of its exact share `amount * weight / sum(weights)`; the units left
 * over go one each to the parts with the largest remainders, ties going to the lower index. So every
 * part is within one unit of its exact share, a part with weight 0 gets 0, and the result depends
 * only on the inputs (no float, no randomness). A negative amount is split as its absolute value and
 * every part negated, so a refund splits exactly like the purchase.
 *
 * @param amount - a safe integer (minor units, point units, a count)
 * @param weights - non-negative weights: integers, or decimal strings / numbers such as `"0.3"`;
 *   at least one must be positive
 * @returns one integer part per weight, in the same order, summing to `amount`
 * @throws {LoyaltyError} INVALID_ARGUMENT when there is no weight, a weight is negative or not a
 *   decimal, or all weights are zero
 * @throws {LoyaltyError} INVALID_AMOUNT when `amount` is not a safe integer
 * @example allocate(100, [1, 1, 1]) //=> [34, 33, 33]
 * @example allocate(1000, ['0.7', '0.3']) //=> [700, 300]
 */
export function allocate(amount: number, weights: readonly DecimalInput[]): number[] {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Invalid amount', [
      { code: 'invalid_amount', path: ['amount'], message: messages.notSafeInteger('Amount', amount) },
    ]);
  }
  if (!Array.isArray(weights) || weights.length === 0) {
    throw invalid(['weights'], messages.noWeights());
  }
  const scaled = scaleWeights(weights);
  const total = scaled.reduce((a, b) => a + b, 0n);
  if (total === 0n) throw invalid(['weights'], messages.allWeightsZero());

  const whole = BigInt(Math.abs(amount));
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const w of scaled) {
    const share = whole * w;
    const q = share / total;
    parts.push(q);
    remainders.push(share % total);
    given += q;
  }
  let left = Number(whole - given); // < weights.length
  if (left > 0) {
    const order = remainders
      .map((r, i) => ({ r, i }))
      .filter((e) => e.r > 0n)
      .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
    for (const { i } of order) {
      if (left === 0) break;
      parts[i] = parts[i]! + 1n;
      left -= 1;
    }
  }
  const negative = amount < 0;
  return parts.map((p) => {
    const n = Number(p);
    return negative && n !== 0 ? -n : n;
  });
}

/**
 * Splits money into parts proportional to `weights` with {@link allocate}: the parts sum exactly
 * to `value`, each within one minor unit of its exact share.
 *
 * @param value - the amount to split
 * @param weights - non-negative weights, at least one positive
 * @returns one {@link Money} per weight, same currency, summing to `value`
 * @throws {LoyaltyError} INVALID_ARGUMENT when the weights are invalid (see {@link allocate})
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not money
 * @example allocateMoney(money(1000, 'USD'), [1, 2]).map((m) => m.amount) //=> [333, 667]
 */
export function allocateMoney(value: Money, weights: readonly DecimalInput[]): Money[] {
  checkMoney(value, ['value']);
  return allocate(value.amount, weights).map((amount) => Object.freeze({ amount, currency: value.currency }));
}

/** Turns decimal weights into integers on one common scale, exactly (no float, no decimal.js for integers). */
function scaleWeights(weights: readonly DecimalInput[]): bigint[] {
  const split = weights.map((w, i): DecimalParts => {
    if (typeof w === 'number' && Number.isSafeInteger(w)) {
      if (w < 0) throw invalid(['weights', i], messages.negativeWeight(i));
      return { negative: false, integer: String(w), fraction: '' };
    }
    const d = toDec(w, 'weight', 'INVALID_ARGUMENT', ['weights', i]); // validates; exact
    if (d.isNegative() && !d.isZero()) throw invalid(['weights', i], messages.negativeWeight(i));
    const parts = splitDecimal(d.abs().toFixed());
    if (typeof parts === 'string') throw invalid(['weights', i], parts); // unreachable: toFixed is plain
    return parts;
  });
  const scale = Math.max(...split.map((p) => p.fraction.length));
  return split.map((p) => BigInt(`${p.integer}${p.fraction.padEnd(scale, '0')}`));
}

function invalid(path: readonly (string | number)[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid allocation', [
    { code: 'invalid_weights', path, message },
  ]);
}

/**
 * Internal fast path of {@link allocate} for non-negative safe-integer weights (line amounts,
 * quantities): the same largest-remainder split with the same tie-break, on JS numbers while
 * `|amount| * sum(weights)` is a safe integer, else through {@link allocate}. Returns all zeros when
 * every weight is zero (callers decide what that means). Not exported from the package.
 */
export function allocateIntegers(amount: number, weights: readonly number[]): number[] {
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) return weights.map(() => 0);
  const whole = Math.abs(amount);
  if (whole * total > Number.MAX_SAFE_INTEGER) return allocate(amount, weights);
  const parts = new Array<number>(weights.length);
  const rema = new Array<number>(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const share = whole * weights[i]!;
    let q = Math.floor(share / total);
    let r = share - q * total;
    if (r < 0) {
      q -= 1;
      r += total;
    } else if (r >= total) {
      q += 1;
      r -= total;
    }
    parts[i] = q;
    rema[i] = r;
    given += q;
  }
  let left = whole - given;
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < rema.length; i++) if (rema[i]! > 0 && (best < 0 || rema[i]! > rema[best]!)) best = i;
    parts[best] = parts[best]! + 1;
    rema[best] = 0;
    left--;
  }
  return amount < 0 ? parts.map((p) => (p === 0 ? 0 : -p)) : parts;
}
