import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { currencyExponent, isLoyaltyError, isTimeZone } from 'loyalty-engine';
import type { Transaction } from 'loyalty-engine/analytics';
import { buildReport, type ReportStage, renderReport } from 'loyalty-engine/report';
import { csvRecords, parseDelimiter } from './csv.js';
import { dateReader, endOption } from './dates.js';
import { CliError, EXIT, usageError } from './errors.js';
import { type CliIo, fileSize, readLines } from './io.js';
import { Progress } from './progress.js';
import { printable, thousands } from './text.js';

export const REPORT_HELP = `Usage: loyalty-engine report <transactions.csv> --out <report.html> [options]

Reads a transaction log (one row per order: customer, date, amount) and writes a self-contained
HTML report: KPIs, lifecycle stages, RFM segments, P(alive) by frequency and recency, 12-month CLV
(BG/NBD + Gamma-Gamma) with the top customers, and a calibration vs holdout check.

Columns (a header name, or a number from 1; by default the first header among the names listed):
  --customer <col>         customer id   (customer_id, customer, member_id, user_id, ...)
  --date <col>             order date    (date, order_date, occurred_at, created_at, ...)
  --amount <col>           order value   (amount, total, value, revenue, ...)
  --no-header              the first line is data; columns are numbers
  --delimiter <d>          ',' (default), ';', '|', 'tab', or 'whitespace' (runs of spaces/tabs)

Values:
  --date-format <f>        iso (default: 2024-03-01, 2024-03-01T09:30:00+08:00, 2024-03-01 09:30),
                           unix, unix-ms, or a pattern such as YYYYMMDD, DD/MM/YYYY, MM/DD/YYYY HH:mm
  --time-zone <zone>       IANA zone of the calendar days (default UTC); instants with an offset and
                           unix times are mapped to their day there, local times are taken as is
  --currency <code>        ISO 4217 code: the amounts' decimals (JPY 0, USD 2, KWD 3), shown in the page
  --minor-units            amounts are integers in minor units (cents), not decimals
  --negative-amounts <m>   reject (default: a negative amount is an error) or ignore (skip the row)

Periods and models:
  --observation-end <date> last day observed (default: the last purchase day)
  --calibration-end <date> end of the calibration period of the holdout check
                           (default: halfway between the first purchase day and the observation end)
  --period <p>             week (default) or day: the time unit of the models and charts
  --horizon <months>       CLV horizon in months (default 12)
  --discount-rate <r>      monthly discount rate of the CLV (default 0.01)
  --margin <m>             profit margin applied to spend (default 1: revenue)
  --top <n>                top customers listed (default 10)
  --title <text>           page title (default: Customer report)

Output:
  -o, --out <file>         where to write the HTML ('-' for standard output)
  -h, --help               this help

A progress bar is drawn on standard error when it is a terminal. Exit codes: 0 written, 1 a bad
row (the message names its line) or data the report cannot use, 2 usage error.

Example (the CDNOW sample, whitespace separated, no header):
  loyalty-engine report CDNOW_sample.txt --no-header --delimiter whitespace \\
    --customer 2 --date 3 --amount 5 --date-format YYYYMMDD --currency USD --out cdnow.html
`;

const CANDIDATES = {
  customer: [
    'customer_id',
    'customerid',
    'customer',
    'member_id',
    'memberid',
    'member',
    'user_id',
    'userid',
    'client_id',
  ],
  date: [
    'date',
    'order_date',
    'occurred_at',
    'occurredat',
    'created_at',
    'createdat',
    'timestamp',
    'datetime',
    'time',
  ],
  amount: ['amount', 'total', 'order_total', 'value', 'revenue', 'sales', 'price'],
} as const;

type Column = keyof typeof CANDIDATES;

export async function reportCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw usageError((e as Error).message, 'report');
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== 1)
    throw usageError('report takes one file: the transactions CSV', 'report');
  if (v.out === undefined) throw usageError('--out <report.html> is required', 'report');
  const name = parsed.positionals[0]!;
  const cwd = io.cwd ?? process.cwd();
  const file = resolve(cwd, name);

  const zone = v['time-zone'] ?? 'UTC';
  if (!isTimeZone(zone))
    throw usageError(
      `--time-zone: unknown zone ${JSON.stringify(zone)} (use an IANA name such as Asia/Shanghai)`,
      'report',
    );
  let decimals = 2;
  if (v.currency !== undefined) {
    try {
      decimals = currencyExponent(v.currency);
    } catch {
      throw usageError(`--currency: unknown ISO 4217 code ${JSON.stringify(v.currency)}`, 'report');
    }
  }
  const negative = v['negative-amounts'] ?? 'reject';
  if (negative !== 'reject' && negative !== 'ignore')
    throw usageError('--negative-amounts must be reject or ignore', 'report');
  const period = v.period ?? 'week';
  if (period !== 'week' && period !== 'day') throw usageError('--period must be week or day', 'report');
  const number = (
    flag: string,
    text: string | undefined,
    fallback: number,
    ok: (x: number) => boolean,
  ): number => {
    if (text === undefined) return fallback;
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x) || !ok(x))
      throw usageError(`--${flag}: invalid value ${JSON.stringify(text)}`, 'report');
    return x;
  };
  const horizonMonths = number('horizon', v.horizon, 12, (x) => Number.isInteger(x) && x >= 1 && x <= 1200);
  const discountRate = number('discount-rate', v['discount-rate'], 0.01, (x) => x >= 0 && x < 10);
  const margin = number('margin', v.margin, 1, (x) => x > 0 && x <= 10);
  const topCustomers = number('top', v.top, 10, (x) => Number.isInteger(x) && x >= 0 && x <= 10_000);
  let observationEnd: string | undefined;
  let calibrationEnd: string | undefined;
  let readDate: ReturnType<typeof dateReader>;
  let delimiter: ReturnType<typeof parseDelimiter>;
  try {
    observationEnd = endOption(v['observation-end'], '--observation-end');
    calibrationEnd = endOption(v['calibration-end'], '--calibration-end');
    readDate = dateReader(v['date-format'], zone);
    delimiter = parseDelimiter(v.delimiter);
  } catch (e) {
    if (e instanceof CliError) throw usageError(e.message, 'report');
    throw e;
  }

  const progress = new Progress(io.stderr);
  const size = fileSize(file, 'transactions', name);
  const transactions: Transaction[] = [];
  let columns: Record<Column, number> | undefined;
  let needed = 0;
  let skipped = 0;
  let lastDate = '';
  let bytes = 0;
  const lines = (async function* () {
    for await (const l of readLines(file, 'transactions', name)) {
      bytes = l.bytesRead;
      yield l;
    }
  })();
  for await (const record of csvRecords(lines, delimiter, name)) {
    if (columns === undefined) {
      columns = pickColumns(v['no-header'] ? null : record.fields, v, name);
      needed = Math.max(columns.customer, columns.date, columns.amount) + 1;
      if (!v['no-header']) continue;
    }
    const where = `${name}:${record.line}`;
    const f = record.fields;
    if (f.length < needed) {
      throw new CliError(
        `${where}: expected at least ${needed} fields, found ${f.length} (check --delimiter${v['no-header'] ? '' : ' and the header'})`,
      );
    }
    const customerId = f[columns.customer]!.trim();
    if (customerId === '') throw new CliError(`${where}: the customer id is empty`);
    let date: string;
    try {
      date = readDate(f[columns.date]!.trim());
    } catch (e) {
      throw new CliError(`${where}: date: ${(e as Error).message}`);
    }
    const amount = parseAmount(f[columns.amount]!.trim(), decimals, v['minor-units'] === true, where);
    if (amount < 0) {
      if (negative === 'ignore') {
        skipped += 1;
        continue;
      }
      throw new CliError(
        `${where}: the amount ${f[columns.amount]!.trim()} is negative (a refund is not a purchase: net it into its order, or pass --negative-amounts ignore to skip such rows)`,
      );
    }
    if (date > lastDate) lastDate = date;
    transactions.push({ customerId, occurredAt: date, amount });
    if ((transactions.length & 4095) === 0)
      progress.bar('reading', bytes, size, `${thousands(transactions.length)} rows`);
  }
  if (transactions.length === 0)
    throw new CliError(`${name}: no transactions${columns === undefined ? ' (the file is empty)' : ''}`);

  const stageText: Record<ReportStage, string> = {
    summaries: 'summarizing customers',
    kpis: 'computing KPIs',
    rfm: 'scoring RFM',
    models: 'fitting BG/NBD and Gamma-Gamma',
    clv: 'computing CLV',
    holdout: 'checking against the holdout period',
  };
  let html: string;
  let data: ReturnType<typeof buildReport>;
  try {
    data = buildReport(transactions, {
      observationEnd: observationEnd ?? lastDate,
      ...(calibrationEnd === undefined ? {} : { calibrationEnd }),
      timeZone: zone,
      period,
      ...(v.currency === undefined ? {} : { currency: v.currency }),
      decimals,
      ...(v.title === undefined ? {} : { title: v.title }),
      horizonMonths,
      discountRate,
      margin,
      topCustomers,
      onProgress: (stage) => progress.stage(stageText[stage]),
    });
    progress.stage('writing the page');
    html = renderReport(data);
  } catch (e) {
    progress.done();
    if (isLoyaltyError(e)) throw new CliError(`${name}: ${e.message}`);
    throw e;
  }
  progress.done();

  if (v.out === '-') {
    io.stdout.write(html);
    return EXIT.ok;
  }
  try {
    writeFileSync(resolve(cwd, v.out), html);
  } catch (e) {
    throw new CliError(`${v.out}: cannot write the report (${(e as { code?: string }).code ?? String(e)})`);
  }
  const k = data.kpis;
  io.stdout.write(
    `${v.out}: ${thousands(k.customers)} customers, ${thousands(k.orders)} orders, ${data.firstPurchaseDate} to ${data.observationEnd}${data.calibrationEnd === null ? '' : `, holdout after ${data.calibrationEnd}`}\n`,
  );
  if (skipped > 0) io.stdout.write(`skipped ${thousands(skipped)} rows with a negative amount\n`);
  for (const note of data.notes) io.stdout.write(`note: ${printable(note)}\n`);
  return EXIT.ok;
}

/** Column indexes (0-based) from the header and the flags. */
function pickColumns(
  header: readonly string[] | null,
  v: { customer?: string | undefined; date?: string | undefined; amount?: string | undefined },
  file: string,
): Record<Column, number> {
  const names = header?.map((h) => h.trim()) ?? null;
  const list = names === null ? '' : ` (columns: ${names.map((n) => printable(n)).join(', ')})`;
  const pick = (column: Column): number => {
    const flag = v[column];
    if (flag === undefined) {
      if (names === null) throw usageError(`--no-header needs --${column} <number>`, 'report');
      const lower = names.map((n) => n.toLowerCase().replace(/[\s-]/g, '_'));
      for (const c of CANDIDATES[column]) {
        const i = lower.indexOf(c);
        if (i >= 0) return i;
      }
      throw new CliError(
        `${file}: no ${column} column found in the header${list}; pass --${column} <column>`,
        EXIT.usage,
      );
    }
    if (names !== null) {
      const exact = names.indexOf(flag);
      if (exact >= 0) return exact;
      const loose = names.findIndex((n) => n.toLowerCase() === flag.toLowerCase());
      if (loose >= 0) return loose;
    }
    if (/^\d+$/.test(flag) && Number(flag) >= 1) return Number(flag) - 1;
    throw new CliError(
      `${file}: --${column} ${JSON.stringify(flag)} is not a column of the header${list}`,
      EXIT.usage,
    );
  };
  return { customer: pick('customer'), date: pick('date'), amount: pick('amount') };
}

/** A decimal in major units (or an integer of minor units) to integer minor units, exactly. */
function parseAmount(text: string, decimals: number, minor: boolean, where: string): number {
  if (minor) {
    if (!/^[+-]?\d+$/.test(text))
      throw new CliError(
        `${where}: amount ${JSON.stringify(text)} is not an integer of minor units (--minor-units)`,
      );
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new CliError(`${where}: amount ${text} is too large`);
    return n === 0 ? 0 : n;
  }
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null) {
    const hint = /^[+-]?[\d,]+(\.\d+)?$/.test(text) ? ' (no thousands separators)' : '';
    throw new CliError(`${where}: amount ${JSON.stringify(text)} is not a decimal number${hint}`);
  }
  const fraction = m[3] ?? '';
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) {
    throw new CliError(
      `${where}: amount ${text} has more than ${decimals} decimals${decimals === 2 ? '' : ' for the currency'}`,
    );
  }
  const n = Number(m[2]) * 10 ** decimals + Number(fraction.slice(0, decimals).padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(n)) throw new CliError(`${where}: amount ${text} is too large`);
  return m[1] === '-' && n !== 0 ? -n : n;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      customer: { type: 'string' },
      date: { type: 'string' },
      amount: { type: 'string' },
      'no-header': { type: 'boolean' },
      delimiter: { type: 'string' },
      'date-format': { type: 'string' },
      'time-zone': { type: 'string' },
      currency: { type: 'string' },
      'minor-units': { type: 'boolean' },
      'negative-amounts': { type: 'string' },
      'observation-end': { type: 'string' },
      'calibration-end': { type: 'string' },
      period: { type: 'string' },
      horizon: { type: 'string' },
      'discount-rate': { type: 'string' },
      margin: { type: 'string' },
      top: { type: 'string' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
