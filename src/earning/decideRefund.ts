/**
 * Refunds (DOMAIN.md points 5-6): what each award of an order gives back. Proportional awards
 * (spend and items rules, split over lines when earned) give back each refunded line's share of
 * what it earned, cumulatively, so several partial refunds never give back more than was earned and
 * a full refund gives back exactly everything. A fixed bonus gives back everything when its rule's
 * condition no longer holds on what is left of the order (a minimum spend no longer met), or when
 * the whole order is refunded. Always against what was recorded at earn time, never today's rates.
 */
import { LoyaltyError } from '../errors/index.js';
import type { PurchaseEvent, RefundEvent } from '../events/index.js';
import type { LineShare, MemberState, OrderAward, OrderRecord } from '../ledger/index.js';
import { type CompiledProgram, ENGINE_FACTS, EVENT_FACTS } from '../program/index.js';
import { breakdownOf } from './basis.js';
import { eventFacts, recordedFact } from './eventFacts.js';

/** What one award gives back for a refund. */
export interface ReversalRequest {
  readonly award: OrderAward;
  /** Points to take back (before the refund policy decides how many can be). */
  readonly points: number;
  /** Per line, for proportional awards; null for a fixed bonus. */
  readonly lines: readonly LineShare[] | null;
  /** Why: `lines` (proportional), `conditionNoLongerHolds`, or `orderRefunded` (all of it). */
  readonly reason: 'lines' | 'conditionNoLongerHolds' | 'orderRefunded';
}

/** The decided refund of an order. */
export interface RefundDecision {
  readonly order: OrderRecord;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
  /** Net merchandise spend refunded now (minor units). */
  readonly spend: number;
  /** Whether nothing of the order is left afterwards. */
  readonly full: boolean;
  readonly reversals: readonly ReversalRequest[];
}

/**
 * Decides a refund.
 *
 * @param program - the program version the order was earned under
 * @throws {LoyaltyError} INVALID_EVENT for an unknown order, an unknown line, or more than is left
 */
export function decideRefund(
  program: CompiledProgram,
  state: MemberState,
  event: RefundEvent,
  zone: string,
): RefundDecision {
  let order: OrderRecord | undefined;
  for (let i = state.orders.length - 1; i >= 0 && order === undefined; i--) {
    if (state.orders[i]!.orderId === event.orderId) order = state.orders[i];
  }
  if (order === undefined) {
    throw invalid(
      'unknown_order',
      ['orderId'],
      `No order "${event.orderId}" can be refunded for this member (unknown, or older than the program's orderRetentionDays)`,
    );
  }
  const purchase = order.purchase;
  const bought = new Map(purchase.lines.map((l) => [l.id, l.quantity]));
  const left = (lineId: string): number => (bought.get(lineId) ?? 0) - (order.refunded[lineId] ?? 0);
  let lines: { lineId: string; quantity: number }[];
  if (event.lines === undefined) {
    lines = purchase.lines.map((l) => ({ lineId: l.id, quantity: left(l.id) })).filter((l) => l.quantity > 0);
    if (lines.length === 0) {
      throw invalid('already_refunded', ['orderId'], `Order "${event.orderId}" is already refunded in full`);
    }
  } else {
    const seen = new Set<string>();
    lines = event.lines.map((l, i) => {
      if (!bought.has(l.lineId)) {
        throw invalid(
          'unknown_line',
          ['lines', i, 'lineId'],
          `Order "${event.orderId}" has no line "${l.lineId}"`,
        );
      }
      if (seen.has(l.lineId))
        throw invalid('duplicate_line', ['lines', i, 'lineId'], `Line "${l.lineId}" is listed twice`);
      seen.add(l.lineId);
      if (l.quantity > left(l.lineId)) {
        throw invalid(
          'more_than_bought',
          ['lines', i, 'quantity'],
          `Line "${l.lineId}": ${l.quantity} refunded but only ${left(l.lineId)} of ${bought.get(l.lineId)} are left`,
        );
      }
      return { lineId: l.lineId, quantity: l.quantity };
    });
  }

  // Quantities refunded after this refund, by line.
  const after = new Map<string, number>();
  for (const l of purchase.lines) after.set(l.id, order.refunded[l.id] ?? 0);
  for (const l of lines) after.set(l.lineId, (after.get(l.lineId) ?? 0) + l.quantity);
  const full = purchase.lines.every((l) => (after.get(l.id) ?? 0) >= l.quantity);

  // Spend refunded: each line's net amount in proportion, cumulatively exact.
  const b = breakdownOf(purchase);
  let spendTarget = 0;
  purchase.lines.forEach((l, i) => {
    const net = Math.max(0, b.gross[i]! - b.discounts[i]!);
    spendTarget += Math.floor((net * (after.get(l.id) ?? 0)) / l.quantity);
  });
  const spend = spendTarget - order.refundedSpend;

  const qty = new Map(purchase.lines.map((l) => [l.id, l.quantity]));
  const remaining = full ? undefined : reducedPurchase(purchase, after);
  const reversals: ReversalRequest[] = [];
  for (const award of order.awards) {
    const open = award.points - award.reversed;
    if (open <= 0) continue;
    if (full) {
      reversals.push({ award, points: open, lines: linesLeft(award), reason: 'orderRefunded' });
      continue;
    }
    if (award.lines !== null) {
      const shares: LineShare[] = [];
      for (const share of award.lines) {
        const q = qty.get(share.lineId) ?? 1;
        const target = Math.floor((share.points * (after.get(share.lineId) ?? 0)) / q);
        const give = target - (award.reversedLines[share.lineId] ?? 0);
        if (give > 0) shares.push({ lineId: share.lineId, points: give });
      }
      const points = shares.reduce((s, x) => s + x.points, 0);
      if (points > 0) reversals.push({ award, points, lines: shares, reason: 'lines' });
      continue;
    }
    const rule = program.awards.find((r) => r.id === award.ruleId);
    if (rule?.when === undefined || remaining === undefined) continue;
    const facts = eventFacts(program, state, remaining, zone, undefined).facts;
    const holds = rule.when.forZone(zone)(withRecorded(facts, award.facts));
    if (!holds) reversals.push({ award, points: open, lines: null, reason: 'conditionNoLongerHolds' });
  }
  return { order, lines, spend, full, reversals };
}

/** What is left of a purchase after refunds: lines with their remaining quantities. */
function reducedPurchase(purchase: PurchaseEvent, refunded: ReadonlyMap<string, number>): PurchaseEvent {
  const lines = purchase.lines
    .map((l) => {
      const q = l.quantity - (refunded.get(l.id) ?? 0);
      if (q <= 0) return undefined;
      const discount = l.discount === undefined ? undefined : Math.floor((l.discount * q) / l.quantity);
      const tax = l.tax === undefined ? undefined : Math.floor((l.tax * q) / l.quantity);
      return {
        ...l,
        quantity: q,
        ...(discount !== undefined ? { discount } : {}),
        ...(tax !== undefined ? { tax } : {}),
      };
    })
    .filter((l) => l !== undefined);
  const merchandise = lines.reduce((s, l) => s + l.price * l.quantity - (l.discount ?? 0), 0);
  const { payments: _payments, orderDiscount, ...rest } = purchase;
  return {
    ...rest,
    lines,
    ...(orderDiscount !== undefined ? { orderDiscount: Math.min(orderDiscount, merchandise) } : {}),
  };
}

/** The recorded facts (member and time facts, as they were at earn time) over fresh event facts. */
function withRecorded(
  fresh: Readonly<Record<string, unknown>>,
  recorded: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fresh };
  for (const [name, value] of Object.entries(recorded)) {
    if (EVENT_FACTS.includes(name)) continue; // event facts come from what is left of the order
    if (!ENGINE_FACTS.includes(name) && Object.hasOwn(fresh, name)) continue;
    out[name] = recordedFact(value);
  }
  return out;
}

function linesLeft(award: OrderAward): LineShare[] | null {
  if (award.lines === null) return null;
  return award.lines
    .map((l) => ({ lineId: l.lineId, points: l.points - (award.reversedLines[l.lineId] ?? 0) }))
    .filter((l) => l.points > 0);
}

function invalid(code: string, path: (string | number)[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_EVENT', 'Invalid refund', [{ code, path, message }]);
}
