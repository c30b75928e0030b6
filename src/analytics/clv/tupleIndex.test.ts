import { expect, test } from 'vitest';
import { TupleIndex } from './tupleIndex.js';

test('TupleIndex numbers distinct triples in first-seen order, through many rehashes', () => {
  const index = new TupleIndex(3);
  const seen = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) {
    // Many repeats and values that differ only in low mantissa bits or in one component.
    const t = [i % 37, (i % 101) / 7, 39 + ((i * 7919) % 613) * 2 ** -40] as const;
    const key = t.join('|');
    const expected = seen.get(key) ?? seen.size;
    seen.set(key, expected);
    expect(index.indexOf(t[0], t[1], t[2])).toBe(expected);
  }
  expect(index.size).toBe(seen.size);
  expect(index.column(0).length).toBe(seen.size);
  const [first] = seen.keys();
  expect(Array.from({ length: 3 }, (_, j) => index.column(j)[0]).join('|')).toBe(first);
});

test('TupleIndex treats -0 and 0 as the same number', () => {
  const index = new TupleIndex(3);
  expect(index.indexOf(0, 0, 5)).toBe(0);
  expect(index.indexOf(-0, 0, 5)).toBe(0);
  expect(index.indexOf(0, -0, 5)).toBe(0);
  const single = new TupleIndex(1);
  expect(single.indexOf(-0)).toBe(0);
  expect(single.indexOf(0)).toBe(0);
  expect(single.indexOf(1)).toBe(1);
  expect(Object.is(single.column(0)[0], 0)).toBe(true);
});
