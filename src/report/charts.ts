// The four charts of the report as inline SVG. Every visible data mark has class "mark" (the
// Chromium test counts them) and a <title> (the browser shows it as a tooltip, without scripts).
import { coord, formatNumber, formatPercent } from './format.js';
import { html, type SafeHtml } from './html.js';
import type { ReportData } from './types.js';

const WIDTH = 640;

/** Colours of the default segments; other names take the fallback palette in order. */
const SEGMENT_COLORS: Readonly<Record<string, string>> = {
  Champions: '#1b7837',
  Loyal: '#5aae61',
  'Potential Loyalist': '#a6dba0',
  New: '#35978f',
  Promising: '#80cdc1',
  'Need Attention': '#fee08b',
  'About to Sleep': '#fdae61',
  'At Risk': '#f46d43',
  "Can't Lose Them": '#b2182b',
  Hibernating: '#bababa',
  Lost: '#878787',
  Other: '#e0e0e0',
};
const FALLBACK = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The colour of each segment name, in the order given. */
export function segmentColors(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let next = 0;
  for (const name of names) {
    if (out.has(name)) continue;
    const known = Object.hasOwn(SEGMENT_COLORS, name) ? SEGMENT_COLORS[name] : undefined;
    out.set(name, known ?? FALLBACK[next++ % FALLBACK.length]!);
  }
  return out;
}

/** Black or white, whichever reads better on `hex`. */
function inkOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lum = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return lum > 150 ? '#1a1a1a' : '#ffffff';
}

function svg(chart: string, height: number, label: string, body: SafeHtml[]): SafeHtml {
  return html`<svg class="chart" data-chart="${chart}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** Round tick values from 0 to at least `max`, about `count` of them. */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * p;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** R score rows (best at the top) by FM score columns, coloured by segment, with counts. */
export function rfmGrid(data: ReportData): SafeHtml {
  const { bins, cells, cellSegments } = data.rfm;
  const colors = segmentColors(data.rfm.segments.map((s) => s.segment));
  const left = 56;
  const top = 12;
  const cw = (WIDTH - left - 12) / bins;
  const ch = Math.min(64, 320 / bins);
  const height = top + ch * bins + 48;
  const total = data.kpis.customers;
  const body: SafeHtml[] = [];
  for (let r = bins; r >= 1; r--) {
    const y = top + (bins - r) * ch;
    body.push(
      html`<text class="tick" x="${coord(left - 8)}" y="${coord(y + ch / 2 + 4)}" text-anchor="end">${r}</text>`,
    );
    for (let fm = 1; fm <= bins; fm++) {
      const x = left + (fm - 1) * cw;
      const n = cells[r - 1]![fm - 1]!;
      const segment = cellSegments[r - 1]![fm - 1] ?? null;
      const fill = segment === null ? '#f4f4f4' : colors.get(segment)!;
      const tip = `R ${r}, FM ${fm}: ${segment ?? 'no customers'}, ${formatNumber(n)} customers (${formatPercent(total === 0 ? 0 : n / total)})`;
      body.push(
        html`<rect class="${segment === null ? 'empty' : 'mark'}" x="${coord(x + 1)}" y="${coord(y + 1)}" width="${coord(cw - 2)}" height="${coord(ch - 2)}" fill="${fill}"><title>${tip}</title></rect>`,
      );
      if (bins <= 6 && segment !== null) {
        const ink = inkOn(fill);
        body.push(
          html`<text class="count" x="${coord(x + cw / 2)}" y="${coord(y + ch / 2 - 2)}" text-anchor="middle" fill="${ink}">${formatNumber(n)}</text>`,
          html`<text class="name" x="${coord(x + cw / 2)}" y="${coord(y + ch / 2 + 14)}" text-anchor="middle" fill="${ink}">${segment}</text>`,
        );
      }
    }
  }
  for (let fm = 1; fm <= bins; fm++) {
    body.push(
      html`<text class="tick" x="${coord(left + (fm - 0.5) * cw)}" y="${coord(top + bins * ch + 16)}" text-anchor="middle">${fm}</text>`,
    );
  }
  body.push(
    html`<text class="axis" x="${coord(left + (bins * cw) / 2)}" y="${coord(height - 6)}" text-anchor="middle">FM score (frequency and monetary, averaged) →</text>`,
    html`<text class="axis" transform="translate(14 ${coord(top + (bins * ch) / 2)}) rotate(-90)" text-anchor="middle">R score (recency) →</text>`,
  );
  return svg(
    'rfm-grid',
    height,
    'RFM segment grid: customers by recency score and frequency-monetary score',
    body,
  );
}

/** P(alive) colour: red (0) through yellow (0.5) to green (1). */
export function aliveColor(p: number): string {
  const stops: [number, number, number][] = [
    [215, 48, 39],
    [254, 224, 139],
    [26, 152, 80],
  ];
  if (!Number.isFinite(p)) return '#dadce0';
  const t = Math.min(1, Math.max(0, p)) * 2;
  const i = Math.min(1, Math.floor(t));
  const f = t - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Frequency (columns) by recency (rows, recent at the top) heat map of P(alive). */
export function pAliveMap(data: ReportData, unit: string): SafeHtml | null {
  const map = data.pAlive;
  if (map === null) return null;
  const left = 56;
  const top = 12;
  const legendW = 70;
  const cols = map.frequencies.length;
  const rows = map.values.length;
  const cw = (WIDTH - left - legendW - 12) / cols;
  const ch = 14;
  const gridH = rows * ch;
  const height = top + gridH + 48;
  const body: SafeHtml[] = [];
  for (let row = 0; row < rows; row++) {
    const y = top + gridH - (row + 1) * ch;
    const lo = map.recencyEdges[row]!;
    const hi = map.recencyEdges[row + 1]!;
    for (let col = 0; col < cols; col++) {
      const p = map.values[row]![col]!;
      const tip = `frequency ${map.frequencies[col]}, recency ${formatNumber(lo, 1)}–${formatNumber(hi, 1)} ${unit}: P(alive) ${formatNumber(p, 3)}`;
      body.push(
        html`<rect class="mark" x="${coord(left + col * cw)}" y="${coord(y)}" width="${coord(cw + 0.3)}" height="${ch + 0.3}" fill="${aliveColor(p)}"><title>${tip}</title></rect>`,
      );
    }
  }
  for (let row = 0; row <= rows; row += rows >= 10 ? 5 : 1) {
    const y = top + gridH - row * ch;
    body.push(
      html`<text class="tick" x="${coord(left - 6)}" y="${coord(y + 4)}" text-anchor="end">${formatNumber(map.recencyEdges[row]!, 0)}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(cols / 15));
  for (let col = 0; col < cols; col += every) {
    body.push(
      html`<text class="tick" x="${coord(left + (col + 0.5) * cw)}" y="${coord(top + gridH + 16)}" text-anchor="middle">${map.frequencies[col]}</text>`,
    );
  }
  body.push(
    html`<text class="axis" x="${coord(left + (cols * cw) / 2)}" y="${coord(height - 6)}" text-anchor="middle">frequency (repeat purchase days)</text>`,
    html`<text class="axis" transform="translate(14 ${coord(top + gridH / 2)}) rotate(-90)" text-anchor="middle">recency (age at last purchase, ${unit})</text>`,
  );
  const lx = WIDTH - legendW + 16;
  const steps = 10;
  const lh = gridH / steps;
  for (let i = 0; i < steps; i++) {
    const p = (i + 0.5) / steps;
    body.push(
      html`<rect class="legend" x="${lx}" y="${coord(top + gridH - (i + 1) * lh)}" width="14" height="${coord(lh + 0.3)}" fill="${aliveColor(p)}"/>`,
    );
  }
  for (const p of [0, 0.5, 1]) {
    body.push(
      html`<text class="tick" x="${lx + 20}" y="${coord(top + gridH - p * gridH + 4)}">${formatNumber(p, 1)}</text>`,
    );
  }
  return svg(
    'p-alive',
    height,
    'Heat map of the probability that a customer is still active, by frequency and recency',
    body,
  );
}

/** Histogram of CLV over customers. */
export function clvHistogram(data: ReportData, money: (minor: number) => string): SafeHtml | null {
  const clv = data.clv;
  if (clv === null) return null;
  const left = 64;
  const top = 12;
  const plotW = WIDTH - left - 16;
  const plotH = 220;
  const height = top + plotH + 52;
  const n = clv.counts.length;
  const bw = plotW / n;
  const maxCount = Math.max(1, ...clv.counts);
  const yTicks = ticks(maxCount, 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const body: SafeHtml[] = [];
  for (const t of yTicks) {
    body.push(
      html`<line class="grid" x1="${left}" x2="${left + plotW}" y1="${coord(y(t))}" y2="${coord(y(t))}"/>`,
      html`<text class="tick" x="${left - 6}" y="${coord(y(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`,
    );
  }
  clv.counts.forEach((count, i) => {
    if (count === 0) return;
    const lo = clv.edges[i]!;
    const hi = clv.edges[i + 1];
    const range = hi === undefined ? `${money(lo)} or more` : `${money(lo)} to ${money(hi)}`;
    const h = Math.max(1, (count / yMax) * plotH);
    body.push(
      html`<rect class="mark" x="${coord(left + i * bw + 1)}" y="${coord(top + plotH - h)}" width="${coord(Math.max(1, bw - 2))}" height="${coord(h)}" fill="#4e79a7"><title>${range}: ${formatNumber(count)} customers</title></rect>`,
    );
  });
  const every = Math.max(1, Math.ceil(n / 6));
  for (let i = 0; i <= n; i += every) {
    const label = i < clv.edges.length ? money(clv.edges[i]!) : '';
    if (label === '') continue;
    body.push(
      html`<text class="tick" x="${coord(left + i * bw)}" y="${top + plotH + 16}" text-anchor="middle">${label}</text>`,
    );
  }
  if (clv.overflow) {
    body.push(
      html`<text class="tick" x="${coord(left + (n - 0.5) * bw)}" y="${top + plotH + 16}" text-anchor="middle">more</text>`,
    );
  }
  body.push(
    html`<line class="axis-line" x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}"/>`,
    html`<text class="axis" x="${coord(left + plotW / 2)}" y="${height - 8}" text-anchor="middle">${clv.horizonMonths}-month CLV per customer</text>`,
    html`<text class="axis" transform="translate(14 ${coord(top + plotH / 2)}) rotate(-90)" text-anchor="middle">customers</text>`,
  );
  return svg('clv', height, 'Histogram of customer lifetime value', body);
}

/** Mean holdout purchases by calibration frequency: observed and predicted. */
export function holdoutChart(data: ReportData): SafeHtml | null {
  const h = data.holdout;
  if (h === null) return null;
  const left = 56;
  const top = 28;
  const plotW = WIDTH - left - 16;
  const plotH = 220;
  const height = top + plotH + 52;
  const n = h.rows.length;
  const xs = (i: number): number => left + ((i + 0.5) * plotW) / n;
  const maxV = Math.max(0.1, ...h.rows.flatMap((r) => [r.actual, r.predicted]));
  const yTicks = ticks(maxV, 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const body: SafeHtml[] = [];
  for (const t of yTicks) {
    body.push(
      html`<line class="grid" x1="${left}" x2="${left + plotW}" y1="${coord(y(t))}" y2="${coord(y(t))}"/>`,
      html`<text class="tick" x="${left - 6}" y="${coord(y(t) + 4)}" text-anchor="end">${formatNumber(t, t % 1 === 0 ? 0 : 2)}</text>`,
    );
  }
  const series = [
    { key: 'actual', name: 'observed', color: '#1a1a1a', dash: '' },
    { key: 'predicted', name: 'predicted (BG/NBD)', color: '#e15759', dash: '6 4' },
  ] as const;
  for (const s of series) {
    const points = h.rows.map((r, i) => `${coord(xs(i))},${coord(y(r[s.key]))}`).join(' ');
    body.push(
      html`<polyline class="mark" points="${points}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash === '' ? 'none' : s.dash}"/>`,
    );
    h.rows.forEach((r, i) => {
      const label = `${r.frequency}${r.orMore ? '+' : ''}`;
      body.push(
        html`<circle class="mark" cx="${coord(xs(i))}" cy="${coord(y(r[s.key]))}" r="4" fill="${s.color}"><title>calibration frequency ${label} (${formatNumber(r.customers)} customers): ${s.name} ${formatNumber(r[s.key], 2)} purchase days in the holdout</title></circle>`,
      );
    });
  }
  h.rows.forEach((r, i) => {
    body.push(
      html`<text class="tick" x="${coord(xs(i))}" y="${top + plotH + 16}" text-anchor="middle">${r.frequency}${r.orMore ? '+' : ''}</text>`,
    );
  });
  series.forEach((s, i) => {
    const x = left + 8 + i * 180;
    body.push(
      html`<line x1="${x}" x2="${x + 24}" y1="12" y2="12" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash === '' ? 'none' : s.dash}"/>`,
      html`<text class="tick" x="${x + 30}" y="16">${s.name}</text>`,
    );
  });
  body.push(
    html`<line class="axis-line" x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}"/>`,
    html`<text class="axis" x="${coord(left + plotW / 2)}" y="${height - 8}" text-anchor="middle">repeat purchase days in the calibration period</text>`,
    html`<text class="axis" transform="translate(14 ${coord(top + plotH / 2)}) rotate(-90)" text-anchor="middle">mean purchase days in the holdout</text>`,
  );
  return svg(
    'holdout',
    height,
    'Calibration versus holdout purchases by frequency, observed and predicted',
    body,
  );
}
