/**
 * What an event counts toward the tier metrics (DOMAIN.md point 12), as deltas on local-day
 * buckets: purchases (spend with the metric's basis, orders, active days and months), custom-event
 * counters, points when they become available, qualifying value; refunds take their share back from
 * the day of the purchase. Lifetime totals live in bucket 0.
 */
import type { CustomEvent, PurchaseEvent } from '../events/index.js';
import type { MetricDelta, OrderRecord } from '../ledger/index.js';
import type { CompiledMetric, CompiledTiers } from '../program/index.js';
import { breakdownOf, lineBasis, type PurchaseBreakdown } from './basis.js';

const dayOf = (m: CompiledMetric, day: number): number => (m.keepDays === 0 ? 0 : day);

/** A purchase: spend, orders, active days and months. */
export function purchaseMetrics(
  tiers: CompiledTiers | null,
  breakdown: () => PurchaseBreakdown,
  day: number,
): MetricDelta[] {
  if (tiers === null) return [];
  const out: MetricDelta[] = [];
  for (const m of tiers.metrics.values()) {
    switch (m.kind) {
      case 'spend': {
        const basis = lineBasis(breakdown(), m.basis!).reduce((a, b) => a + b, 0);
        if (basis !== 0) out.push({ metric: m.id, day: dayOf(m, day), value: basis });
        break;
      }
      case 'orders':
      case 'activeDays':
      case 'activeMonths':
        out.push({ metric: m.id, day: dayOf(m, day), value: 1 });
        break;
      default:
        break;
    }
  }
  return out;
}

/** A refund: the spend share of the refunded quantities, and the order itself when refunded in full. */
export function refundMetrics(
  tiers: CompiledTiers | null,
  order: OrderRecord,
  refundedNow: readonly { readonly lineId: string; readonly quantity: number }[],
  full: boolean,
): MetricDelta[] {
  if (tiers === null) return [];
  const out: MetricDelta[] = [];
  const purchase: PurchaseEvent = order.purchase;
  let b: PurchaseBreakdown | undefined;
  const before = (id: string): number => order.refunded[id] ?? 0;
  const now = new Map(refundedNow.map((l) => [l.lineId, l.quantity]));
  for (const m of tiers.metrics.values()) {
    if (m.kind === 'spend') {
      b ??= breakdownOf(purchase);
      const basis = lineBasis(b, m.basis!);
      let delta = 0;
      purchase.lines.forEach((l, i) => {
        const was = Math.floor((basis[i]! * before(l.id)) / l.quantity);
        const is = Math.floor((basis[i]! * (before(l.id) + (now.get(l.id) ?? 0))) / l.quantity);
        delta += is - was;
      });
      if (delta !== 0) out.push({ metric: m.id, day: dayOf(m, order.localDay), value: -delta });
    } else if (full && (m.kind === 'orders' || m.kind === 'activeDays' || m.kind === 'activeMonths')) {
      out.push({ metric: m.id, day: dayOf(m, order.localDay), value: -1 });
    }
  }
  return out;
}

/** A custom event: the counters that count it. */
export function customMetrics(tiers: CompiledTiers | null, event: CustomEvent, day: number): MetricDelta[] {
  if (tiers === null) return [];
  const out: MetricDelta[] = [];
  for (const m of tiers.metrics.values()) {
    if (m.kind === 'counter' && m.customEvent === event.name)
      out.push({ metric: m.id, day: dayOf(m, day), value: 1 });
  }
  return out;
}

/** Points (`kind: "points"`) or qualifying value becoming countable on a day (negative: taken back). */
export function walletMetrics(
  tiers: CompiledTiers | null,
  kind: 'points' | 'qualifying',
  value: number,
  day: number,
): MetricDelta[] {
  if (tiers === null || value === 0) return [];
  const out: MetricDelta[] = [];
  for (const m of tiers.metrics.values()) {
    if (m.kind === kind) out.push({ metric: m.id, day: dayOf(m, day), value });
  }
  return out;
}
