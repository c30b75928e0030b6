// buildReport and renderReport: the numbers on CDNOW, determinism, escaping, a page without
// network or scripts, and sections that degrade to a note when a model cannot be fitted.

import type { Transaction } from 'loyalty-engine/analytics';
import { buildReport, isLoyaltyError, type ReportData, renderReport } from 'loyalty-engine/report';
import { describe, expect, test } from 'vitest';
import { cdnowSampleTransactions } from '../analytics/cdnowFixture.js';

const cdnow = cdnowSampleTransactions();
const options = { observationEnd: '1998-06-30', currency: 'USD' } as const;
const data = buildReport(cdnow, options);
const page = renderReport(data);

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
const chart = (name: string): string => {
  const m = new RegExp(`<svg class="chart" data-chart="${name}"[\\s\\S]*?</svg>`).exec(page);
  if (m === null) throw new Error(`no chart ${name}`);
  return m[0];
};

describe('buildReport on the CDNOW sample', () => {
  test('periods: the default calibration end is halfway, which is the published split', () => {
    expect(data.firstPurchaseDate).toBe('1997-01-01');
    expect(data.observationEnd).toBe('1998-06-30');
    expect(data.calibrationEnd).toBe('1997-09-30');
  });

  test('the calibration BG/NBD is the published fit, and its holdout prediction', () => {
    const cal = data.models.calibration;
    if (!cal.ok) throw new Error(cal.reason);
    expect(cal.params.r).toBeCloseTo(0.243, 3);
    expect(cal.params.alpha).toBeCloseTo(4.414, 3);
    expect(cal.params.a).toBeCloseTo(0.793, 3);
    expect(cal.params.b).toBeCloseTo(2.426, 3);
    expect(cal.logLikelihood).toBeCloseTo(-9582.4, 1);
    const h = data.holdout!;
    expect(h.customers).toBe(2357);
    expect(h.duration).toBeCloseTo(273 / 7, 10);
    expect(h.rows.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(h.rows.at(-1)!.orMore).toBe(true);
    expect(h.rows.reduce((n, r) => n + r.customers, 0)).toBe(2357);
    expect(h.actualTotal).toBe(data.holdout!.rows.reduce((n, r) => n + r.actual * r.customers, 0));
    expect(Math.abs(h.predictedTotal / h.actualTotal - 1)).toBeLessThan(0.15);
  });

  test('KPIs, RFM cells and segments add up', () => {
    expect(data.kpis).toMatchObject({ customers: 2357, orders: 6919, revenue: 24409194 });
    const cells = data.rfm.cells.flat().reduce((a, b) => a + b, 0);
    expect(cells).toBe(2357);
    expect(data.rfm.segments.reduce((n, s) => n + s.customers, 0)).toBe(2357);
    expect(Object.values(data.kpis.lifecycle).reduce((a, b) => a + b, 0)).toBe(2357);
  });

  test('CLV: histogram counts every customer, top customers sorted', () => {
    const clv = data.clv!;
    expect(clv.counts.reduce((a, b) => a + b, 0)).toBe(2357);
    expect(clv.edges.length).toBe(clv.counts.length + (clv.overflow ? 0 : 1));
    expect(clv.top).toHaveLength(10);
    for (let i = 1; i < clv.top.length; i++) expect(clv.top[i]!.clv).toBeLessThanOrEqual(clv.top[i - 1]!.clv);
    expect(clv.mean * 2357).toBeCloseTo(clv.total, 6);
  });

  test('P(alive) map: frequencies 1..30 by 20 recency rows, rising with recency', () => {
    const p = data.pAlive!;
    expect(p.frequencies).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(p.values).toHaveLength(20);
    for (let col = 0; col < 30; col++) {
      for (let row = 1; row < 20; row++)
        expect(p.values[row]![col]!).toBeGreaterThanOrEqual(p.values[row - 1]![col]!);
    }
    expect(data.notes).toEqual(['The P(alive) map shows frequencies 1 to 30; 7 customers buy more often.']);
  });
});

describe('renderReport', () => {
  test('a complete page with the four charts and the tables', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(count(page, /<svg class="chart"/g)).toBe(4);
    expect(count(chart('rfm-grid'), /class="mark"/g)).toBe(data.rfm.cells.flat().filter((n) => n > 0).length);
    expect(count(chart('p-alive'), /class="mark"/g)).toBe(600);
    expect(count(chart('holdout'), /class="mark"/g)).toBe(2 + 2 * 8);
    expect(count(chart('clv'), /class="mark"/g)).toBe(data.clv!.counts.filter((n) => n > 0).length);
    for (const id of ['kpis', 'rfm', 'p-alive', 'holdout', 'clv', 'models'])
      expect(page).toContain(`<section id="${id}"`);
    expect(page).toContain('<td>244,091.94 USD</td>'); // revenue
    expect(page).toContain('r = 0.2426, alpha = 4.414, a = 0.7929, b = 2.426'); // calibration fit
  });

  test('self-contained: no script, no external resource, a policy that forbids both', () => {
    expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(/i);
    expect(page).not.toMatch(/\s(src|href)=/i);
    expect(page.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual(
      Array(4).fill('http://www.w3.org/2000/svg'), // the SVG namespace name, never fetched
    );
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
  });

  test('deterministic: same data, same bytes, whatever the input order; JSON round trip', () => {
    expect(renderReport(buildReport(cdnow, options))).toBe(page);
    expect(renderReport(buildReport([...cdnow].reverse(), options))).toBe(page);
    expect(renderReport(JSON.parse(JSON.stringify(data)) as ReportData)).toBe(page);
  });

  test('escapes everything that comes from data', () => {
    const evil = `<script>alert("x")</script>&'`;
    const txs: Transaction[] = [
      { customerId: evil, occurredAt: '2024-01-01', amount: 1000 },
      { customerId: evil, occurredAt: '2024-02-01', amount: 2000 },
      { customerId: evil, occurredAt: '2024-03-01', amount: 1500 },
      { customerId: '"><img src=x onerror=alert(1)>', occurredAt: '2024-01-05', amount: 500 },
      { customerId: '"><img src=x onerror=alert(1)>', occurredAt: '2024-03-20', amount: 700 },
      { customerId: 'c', occurredAt: '2024-01-07', amount: 300 },
      { customerId: 'd', occurredAt: '2024-02-07', amount: 900 },
      { customerId: 'd', occurredAt: '2024-02-27', amount: 900 },
    ];
    const html = renderReport(
      buildReport(txs, {
        observationEnd: '2024-03-31',
        period: 'day',
        title: `</title><script>alert(1)</script>`,
        rfm: { segments: [{ segment: '<b onmouseover=alert(1)>VIP</b>', f: [3, 5] }, { segment: 'Rest' }] },
      }),
    );
    expect(html).not.toMatch(/<script|<img|<b /i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;b onmouseover=alert(1)&gt;VIP&lt;/b&gt;');
  });

  test('without repeat purchases the models are missing, with a note, and the page still renders', () => {
    const once: Transaction[] = ['a', 'b', 'c'].map((customerId, i) => ({
      customerId,
      occurredAt: `2024-01-0${i + 1}`,
      amount: 100 * (i + 1),
    }));
    const d = buildReport(once, { observationEnd: '2024-02-01', decimals: 0 });
    expect(d.models.purchases.ok).toBe(false);
    expect(d.pAlive).toBeNull();
    expect(d.clv).toBeNull();
    expect(d.holdout).toBeNull();
    expect(d.notes.some((n) => n.includes('INSUFFICIENT_DATA'))).toBe(true);
    const html = renderReport(d);
    expect(count(html, /<svg class="chart"/g)).toBe(1); // the RFM grid only
    expect(html).toContain('<p class="missing">Not available: No BG/NBD fit (INSUFFICIENT_DATA)');
  });

  test.each([
    [{ horizonMonths: 0 }, 'horizonMonths'],
    [{ discountRate: -0.1 }, 'discountRate'],
    [{ margin: Number.NaN }, 'margin'],
    [{ topCustomers: 2.5 }, 'topCustomers'],
    [{ decimals: 7 }, 'decimals'],
  ])('bad option %j: INVALID_ARGUMENT at its path', (bad, name) => {
    try {
      buildReport(cdnow.slice(0, 50), { observationEnd: '1998-06-30', ...bad });
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && [e.code, e.path]).toEqual(['INVALID_ARGUMENT', ['options', name]]);
    }
  });

  test('no customer by the observation end: INSUFFICIENT_DATA', () => {
    try {
      buildReport([{ customerId: 'a', occurredAt: '2024-05-01', amount: 1 }], {
        observationEnd: '2024-01-01',
      });
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && e.code).toBe('INSUFFICIENT_DATA');
    }
  });
});
