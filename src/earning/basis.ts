/**
 * The amount basis of a purchase, per line (DOMAIN.md point 9): which of subtotal, discounts, tax,
 * shipping, gift cards and the part paid with points count. Order-level amounts are spread over the
 * lines exactly (largest remainder), so line-level rules and refunds see every minor unit once.
 */
import type { PurchaseEvent } from '../events/index.js';
import { allocateIntegers } from '../money/index.js';
import type { BasisSpec } from '../program/index.js';

/** The components of each line, in minor units, after spreading order-level amounts. */
export interface PurchaseBreakdown {
  readonly lineIds: readonly string[];
  /** price x quantity */
  readonly gross: readonly number[];
  /** line discount + its share of the order discount */
  readonly discounts: readonly number[];
  readonly tax: readonly number[];
  /** share of shipping + shipping tax */
  readonly shipping: readonly number[];
  /** share of gift card payments */
  readonly giftCards: readonly number[];
  /** share of payments made with points */
  readonly pointsPaid: readonly number[];
  /** Order totals of the same components. */
  readonly totals: {
    readonly subtotal: number;
    readonly discounts: number;
    readonly tax: number;
    readonly shipping: number;
    readonly giftCards: number;
    readonly pointsPaid: number;
    readonly total: number;
  };
}

/** Splits a purchase into per-line components. */
export function breakdownOf(event: PurchaseEvent): PurchaseBreakdown {
  const lines = event.lines;
  const gross = lines.map((l) => l.price * l.quantity);
  const lineDiscount = lines.map((l) => l.discount ?? 0);
  const tax = lines.map((l) => l.tax ?? 0);
  // The order discount comes off the merchandise first, spread by each line's net; only lines with
  // no net merchandise at all (free items with tax) spread it by what they cost.
  const afterLine = gross.map((g, i) => g - lineDiscount[i]!);
  const lineCost = afterLine.map((a, i) => a + tax[i]!);
  const discountWeights = afterLine.some((a) => a > 0)
    ? afterLine
    : lineCost.some((c) => c > 0)
      ? lineCost
      : gross;
  const orderDiscount = allocateIntegers(event.orderDiscount ?? 0, discountWeights);
  const discounts = lineDiscount.map((d, i) => d + orderDiscount[i]!);
  const net = gross.map((g, i) => Math.max(0, g - discounts[i]!));
  const shippingTotal = (event.shipping ?? 0) + (event.shippingTax ?? 0);
  // Spread by net merchandise; by gross when nothing is left after discounts; evenly when every line
  // is free (the shipping must still land somewhere, or the order's total would lose it).
  const shipping = allocateIntegers(
    shippingTotal,
    net.some((n) => n > 0) ? net : gross.some((g) => g > 0) ? gross : gross.map(() => 1),
  );
  let giftCardsTotal = 0;
  let pointsPaidTotal = 0;
  for (const p of event.payments ?? []) {
    if (p.method === 'giftCard') giftCardsTotal += p.amount;
    else if (p.method === 'points') pointsPaidTotal += p.amount;
  }
  const payable = gross.map((g, i) => g - discounts[i]! + tax[i]! + shipping[i]!);
  const weights = payable.some((n) => n > 0) ? payable : gross;
  const giftCards = allocateIntegers(giftCardsTotal, weights);
  const pointsPaid = allocateIntegers(pointsPaidTotal, weights);
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  return {
    lineIds: lines.map((l) => l.id),
    gross,
    discounts,
    tax,
    shipping,
    giftCards,
    pointsPaid,
    totals: {
      subtotal: sum(gross),
      discounts: sum(discounts),
      tax: sum(tax),
      shipping: shippingTotal,
      giftCards: giftCardsTotal,
      pointsPaid: pointsPaidTotal,
      total: sum(payable),
    },
  };
}

/**
 * The basis of each line under a spec, in minor units, never below zero. The order's basis is the
 * sum over lines, floored at zero as a whole (a line whose subtractions exceed it offsets the
 * others); when a line goes negative, the order's basis is spread back over the positive lines.
 */
export function lineBasis(b: PurchaseBreakdown, spec: BasisSpec): number[] {
  const raw = new Array<number>(b.gross.length);
  let total = 0;
  let negative = false;
  for (let i = 0; i < raw.length; i++) {
    let v = 0;
    if (spec.subtotal) v += b.gross[i]!;
    if (spec.discounts) v -= b.discounts[i]!;
    if (spec.tax) v += b.tax[i]!;
    if (spec.shipping) v += b.shipping[i]!;
    if (spec.giftCards) v -= b.giftCards[i]!;
    if (spec.pointsPaid) v -= b.pointsPaid[i]!;
    raw[i] = v;
    total += v;
    if (v < 0) negative = true;
  }
  if (!negative) return raw;
  return allocateIntegers(
    Math.max(total, 0),
    raw.map((v) => Math.max(v, 0)),
  );
}

/** Net merchandise spend (what member facts count): each line after its discounts, never below zero. */
export function merchandiseSpend(b: PurchaseBreakdown): number {
  let sum = 0;
  for (let i = 0; i < b.gross.length; i++) sum += Math.max(0, b.gross[i]! - b.discounts[i]!);
  return sum;
}

/** Components per spec: specs are program data, fixed once compiled. */
const COMPONENTS = new WeakMap<BasisSpec, readonly string[]>();

/**
 * The names of the components a spec adds and subtracts, for explanations (one frozen list per
 * spec, shared by every explanation that names it).
 */
export function basisComponents(spec: BasisSpec): readonly string[] {
  let known = COMPONENTS.get(spec);
  if (known === undefined) {
    known = Object.freeze(componentsOf(spec));
    if (Object.isFrozen(spec)) COMPONENTS.set(spec, known);
  }
  return known;
}

function componentsOf(spec: BasisSpec): string[] {
  const out: string[] = [];
  if (spec.subtotal) out.push('+subtotal');
  if (spec.tax) out.push('+tax');
  if (spec.shipping) out.push('+shipping');
  if (spec.discounts) out.push('-discounts');
  if (spec.giftCards) out.push('-giftCards');
  if (spec.pointsPaid) out.push('-pointsPaid');
  return out;
}

const KEYS = new WeakMap<BasisSpec, string>();

/** A stable key of a spec, to compute each distinct basis once per event. */
export function basisKey(spec: BasisSpec): string {
  let key = KEYS.get(spec);
  if (key === undefined) {
    key = basisComponents(spec).join('');
    if (Object.isFrozen(spec)) KEYS.set(spec, key);
  }
  return key;
}
