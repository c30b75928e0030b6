import { aliveColor, clvHistogram, holdoutChart, pAliveMap, rfmGrid, segmentColors } from './charts.js';
import { formatMinor, formatNumber, formatParam, formatPercent } from './format.js';
import { html, raw, type SafeHtml } from './html.js';
import type { ReportData, ReportModel } from './types.js';

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5f6368; --line: #dadce0; --card: #ffffff; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; }
header { padding: 24px 32px 8px; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 0 0 12px; font-size: 18px; }
.sub { margin: 0; color: var(--muted); }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; padding: 16px 32px 32px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; min-width: 0; }
section.wide { grid-column: 1 / -1; }
figure { margin: 0 0 12px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; margin: 0 auto; }
svg text { font-family: inherit; fill: var(--ink); }
svg text.tick { font-size: 11px; fill: var(--muted); }
svg text.axis { font-size: 12px; fill: var(--muted); }
svg text.count { font-size: 15px; font-weight: 600; }
svg text.name { font-size: 10.5px; }
svg line.grid { stroke: #eceff1; }
svg line.axis-line { stroke: #9aa0a6; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
td { white-space: nowrap; }
td:first-child, td.wrap { white-space: normal; }
th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.note { color: #8a4b00; background: #fff4e0; border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
.missing { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
@media print { body { background: #fff; } section { break-inside: avoid; } }
`;

/**
 * Renders report data (from {@link buildReport}) as one self-contained HTML page: inline CSS and
 * SVG, no scripts, no network (a Content-Security-Policy forbids both). Charts: the RFM segment
 * grid, a P(alive) heat map by frequency and recency, the CLV distribution, and calibration vs
 * holdout purchases by frequency; tables: KPIs, lifecycle stages, segments, top customers, models.
 * Every value that comes from the data (customer ids, segment names, the title, notes) is escaped.
 * Deterministic: the same data gives the same bytes, in any JavaScript runtime.
 *
 * @param data - the output of `buildReport` (plain JSON, so it may have been stored or sent)
 * @returns the HTML document as a string
 * @example
 * writeFileSync('report.html', renderReport(buildReport(orders, { observationEnd: '2024-12-31' })));
 */
export function renderReport(data: ReportData): string {
  const unit = data.period === 'week' ? 'weeks' : 'days';
  const money = (minor: number): string =>
    `${formatMinor(minor, data.decimals)}${data.currency === null ? '' : ` ${data.currency}`}`;
  const amount = (minor: number): string => formatMinor(minor, data.decimals);
  const axisAmount = (minor: number): string =>
    formatNumber(minor / 10 ** data.decimals, minor % 10 ** data.decimals === 0 ? 0 : data.decimals);
  const inCurrency = data.currency === null ? '' : ` (${data.currency})`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="loyalty-engine">
<title>${data.title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
<h1>${data.title}</h1>
<p class="sub">${formatNumber(data.kpis.customers)} customers · first purchase ${data.firstPurchaseDate ?? '–'} · observation end ${data.observationEnd}${data.calibrationEnd === null ? '' : html` · calibration end ${data.calibrationEnd}`} · time in ${unit} · days in ${data.timeZone}${data.currency === null ? '' : html` · amounts in ${data.currency}`}</p>
</header>
<main>
${kpiSection(data, money)}
${rfmSection(data, amount, inCurrency)}
${section('p-alive', 'Probability alive (BG/NBD)', pAliveMap(data, unit), html`P(alive) at the observation end of a customer first seen ${formatNumber(data.pAlive?.T ?? 0, 1)} ${unit} before it (the oldest customers), by repeat purchase days and the age at the last purchase. Green: probably still buying; red: probably gone. A customer without a repeat purchase is alive with probability 1 under BG/NBD.`, data.models.purchases)}
${section('holdout', 'Calibration vs holdout', holdoutChart(data), holdoutCaption(data, unit), data.models.calibration)}
${clvSection(data, money, amount, axisAmount, inCurrency, unit)}
${modelsSection(data)}
</main>
<footer>Made with loyalty-engine. The page has no scripts and loads nothing; the same data always gives the same page.</footer>
</body>
</html>
`;
  return page.value;
}

function section(
  id: string,
  title: string,
  chart: SafeHtml | null,
  caption: SafeHtml,
  model: ReportModel<unknown>,
): SafeHtml {
  const body =
    chart === null
      ? html`<p class="missing">Not available${model.ok ? '' : html`: ${model.reason}`}</p>`
      : html`<figure>${chart}<figcaption>${caption}</figcaption></figure>`;
  return html`<section id="${id}"><h2>${title}</h2>${body}</section>`;
}

function kpiSection(data: ReportData, money: (minor: number) => string): SafeHtml {
  const k = data.kpis;
  const rows: [string, string][] = [
    ['Customers', formatNumber(k.customers)],
    ['Orders', formatNumber(k.orders)],
    ['Purchase days (orders on one day count once)', formatNumber(k.purchaseDays)],
    ['Revenue', money(k.revenue)],
    ['Average order value', k.aov === null ? '–' : money(k.aov)],
    ['Orders per customer', k.purchaseFrequency === null ? '–' : formatNumber(k.purchaseFrequency, 2)],
    ['Repeat purchase rate (customers who bought on two days or more)', formatPercent(k.repeatPurchaseRate)],
    [
      `Churn rate (no purchase in the last ${formatNumber(k.churnAfterDays)} days)`,
      formatPercent(k.churnRate),
    ],
    [
      'Average days between purchase days',
      k.averageInterPurchaseDays === null ? '–' : formatNumber(k.averageInterPurchaseDays, 1),
    ],
  ];
  if (data.clv !== null) {
    rows.push(
      ['Mean P(alive) (BG/NBD)', formatNumber(data.clv.meanProbabilityAlive, 3)],
      [`Expected value of all customers, next ${data.clv.horizonMonths} months (CLV)`, money(data.clv.total)],
    );
  }
  const stages = Object.entries(k.lifecycle) as [string, number][];
  return html`<section id="kpis"><h2>Key figures</h2>
<table class="kpis"><tbody>${rows.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table>
<h2 style="margin-top:16px">Lifecycle stages</h2>
<table class="lifecycle"><thead><tr><th>stage</th><th>customers</th><th>share</th></tr></thead><tbody>${stages.map(
    ([stage, n]) =>
      html`<tr><td>${stage}</td><td>${formatNumber(n)}</td><td>${formatPercent(k.customers === 0 ? 0 : n / k.customers)}</td></tr>`,
  )}</tbody></table>
${data.notes.length === 0 ? '' : html`<h2 style="margin-top:16px">Notes</h2>${data.notes.map((n) => html`<p class="note">${n}</p>`)}`}
</section>`;
}

function rfmSection(data: ReportData, amount: (minor: number) => string, inCurrency: string): SafeHtml {
  const colors = segmentColors(data.rfm.segments.map((s) => s.segment));
  const unit = data.period === 'week' ? 'weeks' : 'days';
  return html`<section id="rfm"><h2>RFM segments</h2>
<figure>${rfmGrid(data)}<figcaption>Customers by recency score (rows) and the mean of the frequency and monetary scores (columns), ${data.rfm.bins} quantile scores each; colour and name show the segment.</figcaption></figure>
<table class="segments"><thead><tr><th>segment</th><th>customers</th><th>share</th><th>mean idle (${unit})</th><th>mean repeat days</th><th>mean spend${inCurrency}</th></tr></thead><tbody>${data.rfm.segments.map(
    (s) =>
      html`<tr><td><span class="swatch" style="background:${colors.get(s.segment)!}"></span>${s.segment}</td><td>${formatNumber(s.customers)}</td><td>${formatPercent(s.share)}</td><td>${formatNumber(s.meanRecency, 1)}</td><td>${formatNumber(s.meanFrequency, 2)}</td><td>${amount(s.meanMonetary)}</td></tr>`,
  )}</tbody></table></section>`;
}

function clvSection(
  data: ReportData,
  money: (minor: number) => string,
  amount: (minor: number) => string,
  axisAmount: (minor: number) => string,
  inCurrency: string,
  unit: string,
): SafeHtml {
  const clv = data.clv;
  if (clv === null) {
    const reason = !data.models.purchases.ok
      ? data.models.purchases.reason
      : !data.models.spend.ok
        ? data.models.spend.reason
        : (data.notes.find((n) => n.startsWith('The CLV')) ?? '');
    return html`<section id="clv" class="wide"><h2>Customer lifetime value</h2><p class="missing">Not available${reason === '' ? '' : html`: ${reason}`}</p></section>`;
  }
  const caption = html`Discounted value of each customer over the next ${clv.horizonMonths} months (BG/NBD purchases × Gamma-Gamma spend${clv.margin === 1 ? '' : html` × margin ${formatNumber(clv.margin * 100, 0)}%`}, ${formatNumber(clv.discountRate * 100, 2)}% a month). Median ${money(clv.median)}, mean ${money(clv.mean)}${clv.overflow ? '; the last bar holds the top 1%' : ''}.`;
  return html`<section id="clv" class="wide"><h2>Customer lifetime value</h2>
<figure>${clvHistogram(data, axisAmount)}<figcaption>${caption}</figcaption></figure>
<h2>Top ${clv.top.length} customers by ${clv.horizonMonths}-month CLV</h2>
<table class="top"><thead><tr><th>customer</th><th>repeat days</th><th>recency (${unit})</th><th>age (${unit})</th><th>total spend${inCurrency}</th><th>mean repeat spend${inCurrency}</th><th>P(alive)</th><th>expected purchases</th><th>CLV${inCurrency}</th></tr></thead><tbody>${clv.top.map(
    (c) =>
      html`<tr><td class="id">${c.customerId}</td><td>${formatNumber(c.frequency)}</td><td>${formatNumber(c.recency, 1)}</td><td>${formatNumber(c.T, 1)}</td><td>${amount(c.totalValue)}</td><td>${amount(c.monetary)}</td><td><span class="swatch" style="background:${aliveColor(c.probabilityAlive)}"></span>${formatNumber(c.probabilityAlive, 3)}</td><td>${formatNumber(c.expectedPurchases, 2)}</td><td>${amount(c.clv)}</td></tr>`,
  )}</tbody></table></section>`;
}

function holdoutCaption(data: ReportData, unit: string): SafeHtml {
  const h = data.holdout;
  if (h === null) return html``;
  return html`A BG/NBD fitted on the purchases up to ${data.calibrationEnd ?? '–'} predicts the purchase days of the next ${formatNumber(h.duration, 1)} ${unit} for its ${formatNumber(h.customers)} customers: ${formatNumber(h.actualTotal)} observed, ${formatNumber(h.predictedTotal, 1)} predicted. Mean per customer, by repeat purchase days in the calibration period.`;
}

function modelsSection(data: ReportData): SafeHtml {
  const row = <P extends object>(name: string, m: ReportModel<P>): SafeHtml =>
    m.ok
      ? html`<tr><td>${name}</td><td>${Object.entries(m.params as Readonly<Record<string, number>>).map(([k, v], i) => html`${i > 0 ? ', ' : ''}${k} = ${formatParam(v)}`)}</td><td>${formatNumber(m.logLikelihood, 1)}</td><td>${formatNumber(m.customers)}</td><td>${m.converged ? 'yes' : 'no'}</td></tr>`
      : html`<tr><td>${name}</td><td colspan="4" class="missing">${m.reason}</td></tr>`;
  return html`<section id="models" class="wide"><h2>Models</h2>
<table class="models"><thead><tr><th>model</th><th>parameters</th><th>log-likelihood</th><th>customers</th><th>converged</th></tr></thead><tbody>
${row('BG/NBD (all purchases)', data.models.purchases)}
${row('Gamma-Gamma (spend of repeat purchases)', data.models.spend)}
${row('BG/NBD (calibration period)', data.models.calibration)}
</tbody></table></section>`;
}
