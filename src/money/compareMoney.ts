import { checkSameCurrency } from './addMoney.js';
import { checkMoney } from './money.js';
import type { Money } from './types.js';

/**
 * Compares two amounts of the same currency, for sorting.
 *
 * @param left - the first amount
 * @param right - the second amount, in the same currency
 * @returns -1 when `left < right`, 0 when equal, 1 when `left > right`
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the currencies differ
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when an argument is not money
 * @example [b, a].sort(compareMoney)
 * @example compareMoney(money(100, 'USD'), money(99, 'USD')) //=> 1
 */
export function compareMoney(left: Money, right: Money): -1 | 0 | 1 {
  checkMoney(left, ['left']);
  checkMoney(right, ['right']);
  checkSameCurrency(left, right, 'compare');
  return left.amount < right.amount ? -1 : left.amount > right.amount ? 1 : 0;
}

/**
 * True when two amounts have the same currency and the same amount. Never throws on a currency
 * mismatch (different currencies are simply not equal).
 *
 * @param left - the first amount
 * @param right - the second amount
 * @returns whether they are the same money
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when an argument is not money
 * @example equalsMoney(money(100, 'USD'), money(100, 'EUR')) //=> false
 */
export function equalsMoney(left: Money, right: Money): boolean {
  checkMoney(left, ['left']);
  checkMoney(right, ['right']);
  return left.currency === right.currency && left.amount === right.amount;
}

/**
 * The smallest of one or more amounts of the same currency (the first one on ties).
 *
 * @param first - an amount
 * @param rest - more amounts in the same currency
 * @returns the smallest
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the currencies differ
 * @example minMoney(money(500, 'CNY'), money(300, 'CNY')) //=> { amount: 300, currency: 'CNY' }
 */
export function minMoney(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((acc, m) => (compareMoney(m, acc) < 0 ? m : acc), checkMoney(first, [0]));
}

/**
 * The largest of one or more amounts of the same currency (the first one on ties).
 *
 * @param first - an amount
 * @param rest - more amounts in the same currency
 * @returns the largest
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the currencies differ
 * @example maxMoney(money(500, 'CNY'), money(300, 'CNY')) //=> { amount: 500, currency: 'CNY' }
 */
export function maxMoney(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((acc, m) => (compareMoney(m, acc) > 0 ? m : acc), checkMoney(first, [0]));
}

/**
 * True when the amount is zero.
 *
 * @param value - the amount
 * @returns `value.amount === 0`
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not money
 * @example isZero(money(0, 'JPY')) //=> true
 */
export function isZero(value: Money): boolean {
  return checkMoney(value, []).amount === 0;
}

/**
 * True when the amount is below zero (a refund, a debt).
 *
 * @param value - the amount
 * @returns `value.amount < 0`
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not money
 * @example isNegative(money(-1, 'USD')) //=> true
 */
export function isNegative(value: Money): boolean {
  return checkMoney(value, []).amount < 0;
}

/**
 * True when the amount is above zero.
 *
 * @param value - the amount
 * @returns `value.amount > 0`
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not money
 * @example isPositive(money(0, 'USD')) //=> false
 */
export function isPositive(value: Money): boolean {
  return checkMoney(value, []).amount > 0;
}
