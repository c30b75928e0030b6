import { parseEvent } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';

describe('parseEvent', () => {
  test('a parsed event written as JSON and parsed again serializes byte for byte the same', () => {
    // Stored states carry parsed events (the late-event journal); a state loaded from JSON must
    // decide exactly as the live one, so the normalized fields keep the schema's key order.
    const once = parseEvent({
      type: 'purchase',
      id: 'o-1',
      occurredAt: '2026-03-01T09:30:00+08:00',
      currency: 'CNY',
      lines: [{ sku: 'latte', quantity: 1, price: 3200 }],
    });
    const twice = parseEvent(JSON.parse(JSON.stringify(once)));
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    expect(Object.keys(once)).toEqual(['id', 'occurredAt', 'type', 'orderId', 'currency', 'lines']);
    expect(once.type === 'purchase' && Object.keys(once.lines[0]!)).toEqual([
      'id',
      'sku',
      'quantity',
      'price',
    ]);
  });
});
