import { describe, expect, test } from 'vitest';
import { type PurchaseEvent, parseEvent } from '../events/index.js';
import { breakdownOf } from './basis.js';

const purchase = (lines: object[], extra: object = {}): PurchaseEvent =>
  parseEvent({
    type: 'purchase',
    id: 'p',
    occurredAt: '2026-03-01T00:00:00Z',
    currency: 'JPY',
    lines,
    ...extra,
  }) as PurchaseEvent;

describe('breakdownOf', () => {
  test('shipping on an order of free items still counts in the total (spread evenly)', () => {
    // Property seed FC_SEED=-1504738773 FC_PATH=61: the `total` fact was 0 for a free latte with 1
    // of shipping tax, because the shipping was spread by the lines' prices, all 0.
    const b = breakdownOf(purchase([{ sku: 'latte', quantity: 1, price: 0 }], { shippingTax: 1 }));
    expect(b.totals.total).toBe(1);
    expect(b.shipping).toEqual([1]);
    const two = breakdownOf(
      purchase(
        [
          { sku: 'a', quantity: 1, price: 0 },
          { sku: 'b', quantity: 1, price: 0 },
        ],
        { shipping: 3 },
      ),
    );
    expect(two.shipping.reduce((a, x) => a + x, 0)).toBe(3);
    expect(two.totals.total).toBe(3);
  });

  test('shipping follows net merchandise, or gross when discounts leave nothing', () => {
    const b = breakdownOf(
      purchase(
        [
          { sku: 'a', quantity: 1, price: 300 },
          { sku: 'b', quantity: 1, price: 100 },
        ],
        { shipping: 40 },
      ),
    );
    expect(b.shipping).toEqual([30, 10]);
    expect(b.totals.total).toBe(440);
  });
});
