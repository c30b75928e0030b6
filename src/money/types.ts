/**
 * An amount of money: an integer number of minor units (cents, fen, fils) of one ISO 4217 currency.
 * `{ amount: 19990, currency: 'CNY' }` is 199.90 CNY; `{ amount: 500, currency: 'JPY' }` is 500 JPY;
 * `{ amount: 1234, currency: 'KWD' }` is 1.234 KWD. Never a float.
 */
export interface Money {
  /** Minor units, a safe integer (may be negative, e.g. a refund). */
  readonly amount: number;
  /** An ISO 4217 alphabetic code in upper case, e.g. `'CNY'`. */
  readonly currency: string;
}

/**
 * A decimal value given by the caller: a plain decimal string (`'0.05'`, `'-1.5'`, `'10'`) which is
 * taken exactly, or a finite JS number which is taken at its shortest round-trip decimal form
 * (`0.1` is read as `'0.1'`, not as the binary float 0.1000000000000000055...).
 */
export type DecimalInput = string | number;

/**
 * How an exact value is rounded to a whole number of units. For negative values:
 *
 * | mode | meaning | 2.5 | -2.5 | 2.4 | -2.4 |
 * |---|---|---|---|---|---|
 * | `floor` | toward -infinity | 2 | -3 | 2 | -3 |
 * | `ceil` | toward +infinity | 3 | -2 | 3 | -2 |
 * | `down` | toward zero (truncate) | 2 | -2 | 2 | -2 |
 * | `up` | away from zero | 3 | -3 | 3 | -3 |
 * | `halfUp` | nearest, half away from zero | 3 | -3 | 2 | -2 |
 * | `halfDown` | nearest, half toward zero | 2 | -2 | 2 | -2 |
 * | `halfEven` | nearest, half to even (banker's) | 2 | -2 | 2 | -2 |
 */
export type RoundingMode = 'floor' | 'ceil' | 'down' | 'up' | 'halfUp' | 'halfDown' | 'halfEven';

/** Every {@link RoundingMode}, for validation and documentation. */
export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze([
  'floor',
  'ceil',
  'down',
  'up',
  'halfUp',
  'halfDown',
  'halfEven',
]);
