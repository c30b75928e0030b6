// The public surface of each entry, as sorted export names. A new or removed export changes this
// snapshot, so it is a reviewed decision (STYLE.md 3.9, item 15). Update with `npx vitest -u`.
import * as main from 'loyalty-engine';
import * as analytics from 'loyalty-engine/analytics';
import * as interop from 'loyalty-engine/json-rules-engine';
import * as report from 'loyalty-engine/report';
import { expect, test } from 'vitest';

test.each([
  ['loyalty-engine', main],
  ['loyalty-engine/analytics', analytics],
  ['loyalty-engine/json-rules-engine', interop],
  ['loyalty-engine/report', report],
])('exports of %s', (_name, mod) => {
  expect(Object.keys(mod).sort()).toMatchSnapshot();
});

test('analytics exposes nothing of the rules compiler or the engine', () => {
  for (const name of Object.keys(analytics))
    expect(name).not.toMatch(/^(compileCondition|createEngine|explainCondition)$/);
});
