/** Message builders of the points module: what happened, and what to do (STYLE 3.4). */
export const messages = {
  badPrecision(value: unknown): string {
    return `Points precision must be 0, 1, 2, 3 or 4 (decimals of a point), got ${describe(value)}`;
  },
  notUnits(what: string, value: unknown): string {
    if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      return `${what} must be an integer number of point units, got ${value} (use parsePoints for "12.5")`;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return `${what} ${value} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER} point units)`;
    }
    return `${what} must be a safe integer number of point units, got ${describe(value)}`;
  },
  overflow(operation: string): string {
    return `The result of ${operation} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER} point units)`;
  },
  badDecimal(what: string, input: string, detail: string): string {
    return `${what} "${truncate(input)}" is not a valid decimal: ${detail}`;
  },
  badNumber(what: string, input: number): string {
    return `${what} must be a finite number, got ${String(input)}`;
  },
  notDecimalInput(what: string, input: unknown): string {
    return `${what} must be a decimal string such as "12.5" or a finite number, got ${describe(input)}`;
  },
  tooManyDecimals(input: string, precision: number): string {
    return precision === 0
      ? `Points "${truncate(input)}" have decimals, but this program's points are whole (precision 0)`
      : `Points "${truncate(input)}" have more than ${precision} decimal${precision === 1 ? '' : 's'} (the program's points precision)`;
  },
  tooLarge(input: string): string {
    return `Points "${truncate(input)}" are outside the safe integer range of point units (±${Number.MAX_SAFE_INTEGER})`;
  },
  negative(what: string): string {
    return `${what} must be zero or positive`;
  },
  badPer(): string {
    return 'The rate block "per" must be a positive amount of money, e.g. { amount: 10000, currency: "CNY" } for 100.00 CNY';
  },
  badMode(value: unknown): string {
    return `Unknown conversion mode ${describe(value)}: use "proportional", "perFullBlock" or "perStartedBlock"`;
  },
  badRate(value: unknown): string {
    return `Expected a rate as { points, per, mode? }, e.g. { points: "10", per: { amount: 10000, currency: "CNY" } }, got ${describe(value)}`;
  },
  tooManyMultipliers(count: number, max: number): string {
    return `At most ${max} multipliers are applied to one conversion, got ${count}: combine them first`;
  },
  mismatch(orderCurrency: string, rateCurrency: string): string {
    return `Cannot convert ${orderCurrency} with a rate in ${rateCurrency}: use a rate in ${orderCurrency} or convert the amount first`;
  },
};

/** A short, safe description of any value for a message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `"${truncate(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${String(value)} (a bigint)`;
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
