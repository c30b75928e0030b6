// The report in a real browser: Debian's Chromium, headless, started by this test through
// playwright-core (no browser download: executablePath). The page must load from a file:// URL with
// no console error, no page error and no request besides itself, and every chart must have drawn
// marks with a size. A full-page screenshot is saved to .tmp/report.png (a CI artifact).
// .ci/run installs Chromium and exports CHROMIUM_PATH; under CI a missing browser fails the test,
// elsewhere the test is skipped with a notice.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReport, renderReport } from 'loyalty-engine/report';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cdnowSampleTransactions } from '../analytics/cdnowFixture.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(executablePath);
const required = Boolean(process.env.CI);
if (!found && !required) {
  console.warn(
    `skip report in Chromium: no browser at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, '.tmp');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Run in the page (as source text: the project's TypeScript has no DOM types, on purpose).
const MEASURE_CHARTS = `[...document.querySelectorAll('svg[data-chart]')].map((svg) => {
  const marks = [...svg.querySelectorAll('.mark')];
  const drawn = marks.filter((m) => {
    const box = m.getBoundingClientRect();
    const style = getComputedStyle(m);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' &&
      (style.fill !== 'none' || style.stroke !== 'none');
  });
  const box = svg.getBoundingClientRect();
  return { chart: svg.getAttribute('data-chart'), marks: marks.length, drawn: drawn.length,
    width: Math.round(box.width), height: Math.round(box.height) };
})`;
const MEASURE_LAYOUT = `({ title: document.title, scripts: document.scripts.length,
  overflowX: document.documentElement.scrollWidth > window.innerWidth })`;

interface ChartMeasure {
  readonly chart: string | null;
  readonly marks: number;
  readonly drawn: number;
  readonly width: number;
  readonly height: number;
}

interface PageCheck {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
}

describe.skipIf(!found && !required)('the HTML report in headless Chromium', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!found) return; // under CI: each test fails below
    profile = mkdtempSync(join(tmpdir(), 'loyalty-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  async function open(
    file: string,
  ): Promise<{ page: Awaited<ReturnType<BrowserContext['newPage']>>; check: PageCheck }> {
    if (!found) {
      throw new Error(
        `Chromium is required under CI but ${executablePath} does not exist (.ci/run installs it)`,
      );
    }
    const url = pathToFileURL(file).href;
    const check: PageCheck = { consoleErrors: [], pageErrors: [], requests: [] };
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        check.consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => check.pageErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) check.requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, check };
  }

  test('CDNOW: loads cleanly, every chart has marks, screenshot saved', async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.html');
    const data = buildReport(cdnowSampleTransactions(), {
      observationEnd: '1998-06-30',
      calibrationEnd: '1997-09-30',
      currency: 'USD',
      title: 'CDNOW sample: customer report',
    });
    writeFileSync(file, renderReport(data));
    const { page, check } = await open(file);

    const charts = (await page.evaluate(MEASURE_CHARTS)) as ChartMeasure[];
    const layout = await page.evaluate(MEASURE_LAYOUT);
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await page.close();

    expect(check).toEqual({ consoleErrors: [], pageErrors: [], requests: [] });
    expect(layout).toEqual({ title: 'CDNOW sample: customer report', scripts: 0, overflowX: false });
    expect(charts.map((c) => c.chart)).toEqual(['rfm-grid', 'p-alive', 'holdout', 'clv']);
    for (const c of charts) {
      expect(c.marks, c.chart ?? '').toBeGreaterThan(0);
      expect(c.drawn, `${c.chart}: marks with a size`).toBe(c.marks);
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(100);
    }
    // RFM: one rect per non-empty cell (21 of 25 on CDNOW); P(alive): 30 frequencies x 20 recency
    // rows; holdout: 2 lines + 2 x 8 points; CLV: one bar per non-empty bin.
    const marks = Object.fromEntries(charts.map((c) => [c.chart, c.marks]));
    expect(marks['rfm-grid']).toBe(21);
    expect(marks['p-alive']).toBe(600);
    expect(marks['holdout']).toBe(18);
    expect(marks['clv']).toBeGreaterThan(10);
  }, 30_000);

  test('the checks catch a console error (a script the page policy blocks)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loyalty-page-')), 'bad.html');
    writeFileSync(
      file,
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><script>1</script></body></html>`,
    );
    const { page, check } = await open(file);
    await page.close();
    rmSync(join(file, '..'), { recursive: true, force: true });
    expect(check.consoleErrors.join('\n')).toMatch(/Content Security Policy/);
  }, 30_000);
});
