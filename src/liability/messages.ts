/** Message builders of the liability concept (what happened, and what to do). */

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
};

export const messages = {
  badPointValue: (value: unknown): string =>
    `Expected a point value { currency, perPoint, pointsPrecision? } (e.g. { currency: "CNY", perPoint: "0.01" }), got ${show(value)}`,
  negativePointValue: (): string => 'perPoint must be >= 0',
  badPrecision: (value: unknown): string =>
    `pointsPrecision must be the program's precision, an integer from 0 to 4, got ${show(value)}`,
  overflow: (currency: string): string =>
    `The amount in ${currency} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER} minor units)`,
  badAgeBuckets: (): string =>
    'ageBuckets must be increasing whole numbers of days > 0, e.g. [30, 90, 180, 365]',
  notState: (): string => 'Expected a member state (from engine.enroll / engine.apply)',
  stateAfterAsOf: (memberId: string, clock: string, asOf: string): string =>
    `Member "${memberId}" has entries up to ${clock}, after asOf ${asOf}: a state shows only its latest moment; use the ledger (pointsLiabilityFromLedger) for an earlier date`,
  notEntry: (): string => 'Expected a ledger entry (with type, memberId, seq and occurredAt)',
  badSeq: (memberId: string, seq: number, last: number): string =>
    `Entries of member "${memberId}" must come in ledger order: seq ${seq} after ${last}`,
  unknownLot: (memberId: string, lotId: string, key: string): string =>
    `Entry ${key} of member "${memberId}" names lot ${lotId}, which no earlier entry created: pass each member's whole ledger from seq 1`,
  noHistory: (): string =>
    'No points were issued before the first complete month: breakage needs at least one whole month of history',
  badTailMonths: (value: unknown): string => `tailMonths must be an integer >= 1, got ${show(value)}`,
  badTail: (value: unknown): string =>
    `tail must be "lastHazards", "redeemed" or "breakage", got ${show(value)}`,
  badMonth: (field: string, value: unknown): string =>
    `${field} must be a month "YYYY-MM", got ${show(value)}`,
  badBreakage: (value: unknown): string =>
    `breakage must be a rate from 0 to 1 or an estimate from estimateBreakage, got ${show(value)}`,
  currencyMismatch: (a: string, b: string): string =>
    `The point value is in ${a} but the ledger's money is in ${b}`,
};
