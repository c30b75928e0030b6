// The loyalty-engine command, run in-process (fast): help, report, simulate, lint, and the error
// messages with file, line (and column) for bad input. test/cli/spawn.test.ts runs the real
// command in child processes for exit codes and streams.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transaction } from 'loyalty-engine/analytics';
import { buildReport, renderReport } from 'loyalty-engine/report';
import { afterAll, describe, expect, test } from 'vitest';
import { Progress } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: dir,
  });
  return { code, out, err };
}

describe('help and usage', () => {
  test.each([[['--help']], [['help']], [['report', '--help']], [['simulate', '-h']], [['lint', '--help']]])(
    '%j prints usage and exits 0',
    async (args) => {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: loyalty-engine/);
      expect(r.err).toBe('');
    },
  );

  test('no command: usage on stderr, exit 2; unknown command or option: exit 2 with a hint', async () => {
    expect(await cli()).toMatchObject({ code: 2, out: '' });
    const unknown = await cli('reprot');
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toBe(
      `loyalty-engine: unknown command "reprot": use report, simulate or lint\nRun 'loyalty-engine --help' for usage.\n`,
    );
    const option = await cli('lint', 'p.json', '--bogus');
    expect(option.code).toBe(2);
    expect(option.err).toMatch(
      /^loyalty-engine lint: Unknown option '--bogus'.*\nRun 'loyalty-engine lint --help' for usage\.\n$/s,
    );
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await cli('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});

describe('report', () => {
  const csv = [
    'Order ID,Customer ID,Date,Amount',
    'o1,c1,2024-01-01,10.00',
    'o2,c1,2024-02-03,25.5',
    'o3,c2,2024-01-15,7',
    'o4,"c,3",2024-03-01T20:00:00Z,12.30', // 2024-03-02 in Asia/Shanghai
    'o5,c2,2024-03-05 18:00,5.00',
    'o6,"say ""hi""",2024-02-01,1.00',
    'o7,c1,2024-03-20,8.00',
    '',
  ].join('\r\n');

  test('reads a CSV with a header (columns found by name), writes the page, prints a summary', async () => {
    file('orders.csv', csv);
    const r = await cli(
      'report',
      'orders.csv',
      '--out',
      'orders.html',
      '--time-zone',
      'Asia/Shanghai',
      '--currency',
      'CNY',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(
      'orders.html: 4 customers, 7 orders, 2024-01-01 to 2024-03-20, holdout after 2024-02-09',
    );
    const expected: Transaction[] = [
      { customerId: 'c1', occurredAt: '2024-01-01', amount: 1000 },
      { customerId: 'c1', occurredAt: '2024-02-03', amount: 2550 },
      { customerId: 'c2', occurredAt: '2024-01-15', amount: 700 },
      { customerId: 'c,3', occurredAt: '2024-03-02', amount: 1230 },
      { customerId: 'c2', occurredAt: '2024-03-05', amount: 500 },
      { customerId: 'say "hi"', occurredAt: '2024-02-01', amount: 100 },
      { customerId: 'c1', occurredAt: '2024-03-20', amount: 800 },
    ];
    const page = renderReport(
      buildReport(expected, { observationEnd: '2024-03-20', timeZone: 'Asia/Shanghai', currency: 'CNY' }),
    );
    expect(readFileSync(join(dir, 'orders.html'), 'utf8')).toBe(page);
  });

  test('the CDNOW sample as it is: whitespace separated, no header, YYYYMMDD dates', async () => {
    const sample = new URL('../fixtures/cdnow/CDNOW_sample.txt', import.meta.url).pathname;
    const r = await cli(
      'report',
      sample,
      '--no-header',
      '--delimiter',
      'whitespace',
      '--customer',
      '2',
      '--date',
      '3',
      '--amount',
      '5',
      '--date-format',
      'YYYYMMDD',
      '--currency',
      'USD',
      '--out',
      'cdnow.html',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      'cdnow.html: 2,357 customers, 6,919 orders, 1997-01-01 to 1998-06-30, holdout after 1997-09-30\n' +
        'note: The P(alive) map shows frequencies 1 to 30; 7 customers buy more often.\n',
    );
    const transactions = readFileSync(sample, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const f = l.trim().split(/\s+/);
        const [dollars, cents = ''] = f[4]!.split('.');
        return {
          customerId: f[1]!,
          occurredAt: `${f[2]!.slice(0, 4)}-${f[2]!.slice(4, 6)}-${f[2]!.slice(6)}`,
          amount: Number(dollars) * 100 + Number(cents.padEnd(2, '0')),
        };
      });
    expect(readFileSync(join(dir, 'cdnow.html'), 'utf8')).toBe(
      renderReport(buildReport(transactions, { observationEnd: '1998-06-30', currency: 'USD' })),
    );
  });

  test('--out - writes the page to stdout; options reach the page', async () => {
    file('small.csv', csv);
    const r = await cli(
      'report',
      'small.csv',
      '-o',
      '-',
      '--title',
      'Shop <1>',
      '--period',
      'day',
      '--top',
      '3',
      '--horizon',
      '6',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<!DOCTYPE html>/);
    expect(r.out).toContain('<title>Shop &lt;1&gt;</title>');
  });

  test('columns by flag (name or number), other delimiters and date formats, minor units', async () => {
    file('semi.csv', 'who;when;cents\nA;03/02/2024;1050\nA;15/03/2024;99\nB;01/01/2024;0\n');
    const r = await cli(
      'report',
      'semi.csv',
      '--delimiter',
      ';',
      '--customer',
      'who',
      '--date',
      '2',
      '--amount',
      'CENTS',
      '--date-format',
      'DD/MM/YYYY',
      '--minor-units',
      '--observation-end',
      '2024-03-31',
      '-o',
      'semi.html',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^semi\.html: 2 customers, 3 orders, 2024-01-01 to 2024-03-31,/);
    file('unix.tsv', 'customer\tts\ttotal\nA\t1704067200\t5\nA\t1706745600\t6\nB\t1709251199\t7\n');
    const u = await cli(
      'report',
      'unix.tsv',
      '--delimiter',
      'tab',
      '--date',
      'ts',
      '--date-format',
      'unix',
      '-o',
      'u.html',
    );
    expect(u).toMatchObject({ code: 0, err: '' });
    expect(u.out).toMatch(/^u\.html: 2 customers, 3 orders, 2024-01-01 to 2024-02-29,/);
  });

  test.each([
    [
      'bad date',
      'c,date,amount\nx,2024-01-01,1\nx,2024-02-30,1\n',
      [],
      'bad.csv:3: date: "2024-02-30" is not a real date or time',
    ],
    ['not a date', 'c,date,amount\nx,01/02/2024,1\n', [], 'bad.csv:2: date: "01/02/2024" is not an ISO date'],
    [
      'thousands separator',
      'c,date,amount\nx,2024-01-01,"1,234.00"\n',
      [],
      'bad.csv:2: amount "1,234.00" is not a decimal number (no thousands separators)',
    ],
    [
      'too many decimals',
      'c,date,amount\nx,2024-01-01,1.234\n',
      [],
      'bad.csv:2: amount 1.234 has more than 2 decimals',
    ],
    [
      'decimals of the currency',
      'c,date,amount\nx,2024-01-01,10.5\n',
      ['--currency', 'JPY'],
      'bad.csv:2: amount 10.5 has more than 0 decimals for the currency',
    ],
    [
      'negative amount',
      'c,date,amount\nx,2024-01-01,5\nx,2024-01-02,-5\n',
      [],
      'bad.csv:3: the amount -5 is negative (a refund is not a purchase: net it into its order, or pass --negative-amounts ignore to skip such rows)',
    ],
    [
      'too few fields',
      'c,date,amount\nx,2024-01-01\n',
      [],
      'bad.csv:2: expected at least 3 fields, found 2 (check --delimiter and the header)',
    ],
    ['empty customer', 'c,date,amount\n ,2024-01-01,1\n', [], 'bad.csv:2: the customer id is empty'],
    [
      'unclosed quote',
      'c,date,amount\nx,2024-01-01,1\n"y,2024-01-02,1\nz,2024-01-03,1\n',
      [],
      'bad.csv:3: a quoted field opened on this line is not closed by the end of the file (line 4)',
    ],
    [
      'text after a quote',
      'c,date,amount\n"y"z,2024-01-02,1\n',
      [],
      'bad.csv:2: unexpected text after a closing quote in field 1',
    ],
    [
      'line numbers after a record spanning lines',
      'c,date,amount\n"multi\nline",2024-01-01,1\nx,2024-13-01,1\n',
      [],
      'bad.csv:4: date: "2024-13-01" is not a real date or time',
    ],
    ['only a header', 'c,date,amount\n', [], 'bad.csv: no transactions'],
  ])('%s: exit 1, the message names the line', async (_name, text, flags, message) => {
    file('bad.csv', text);
    const r = await cli('report', 'bad.csv', '--customer', 'c', '-o', 'bad.html', ...(flags as string[]));
    expect(r.out).toBe('');
    expect(r.err.startsWith(`loyalty-engine report: ${message}`)).toBe(true);
    expect(r.code).toBe(1);
  });

  test('negative amounts can be skipped; the count is printed', async () => {
    file('neg.csv', 'c,date,amount\nx,2024-01-01,5\nx,2024-01-02,-5\ny,2024-01-03,4\nx,2024-01-09,3\n');
    const r = await cli(
      'report',
      'neg.csv',
      '--customer',
      'c',
      '--negative-amounts',
      'ignore',
      '-o',
      'neg.html',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('skipped 1 rows with a negative amount\n');
  });

  test.each([
    [['--out', 'x.html'], 'report takes one file: the transactions CSV'],
    [['t.csv'], '--out <report.html> is required'],
    [['t.csv', '-o', 'x.html', '--time-zone', 'Mars/Base'], '--time-zone: unknown zone "Mars/Base"'],
    [['t.csv', '-o', 'x.html', '--currency', 'XYZ'], '--currency: unknown ISO 4217 code "XYZ"'],
    [
      ['t.csv', '-o', 'x.html', '--date-format', 'DD.MM'],
      '--date-format "DD.MM" needs YYYY, MM (or M) and DD (or D)',
    ],
    [['t.csv', '-o', 'x.html', '--horizon', 'a year'], '--horizon: invalid value "a year"'],
    [
      ['t.csv', '-o', 'x.html', '--observation-end', 'yesterday'],
      '--observation-end must be a date YYYY-MM-DD',
    ],
    [
      ['t.csv', '-o', 'x.html', '--delimiter', '::'],
      "--delimiter must be one character, 'tab' or 'whitespace'",
    ],
    [['t.csv', '-o', 'x.html', '--no-header'], '--no-header needs --customer <number>'],
    [
      ['t.csv', '-o', 'x.html', '--customer', 'id', '--date', 'when', '--amount', 'price'],
      't.csv: --amount "price" is not a column of the header (columns: id, when, value)',
    ],
    [
      ['t.csv', '-o', 'x.html', '--date', 'when'],
      't.csv: no customer column found in the header (columns: id, when, value); pass --customer <column>',
    ],
  ])('usage error %j: exit 2', async (args, message) => {
    file('t.csv', 'id,when,value\na,2024-01-01,1\n');
    const r = await cli('report', ...args);
    expect(r.err.startsWith(`loyalty-engine report: ${message}`)).toBe(true);
    expect(r.code).toBe(2);
  });

  test('a missing file: exit 1, no stack trace', async () => {
    const r = await cli('report', 'nowhere.csv', '-o', 'x.html');
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'loyalty-engine report: nowhere.csv: cannot read the transactions (ENOENT)\n',
    });
  });

  test('no progress output unless stderr is a terminal', async () => {
    file('p.csv', csv);
    const r = await cli('report', 'p.csv', '-o', 'p.html');
    expect(r.err).toBe('');
  });
});

describe('progress indicator', () => {
  test('draws on a terminal after a moment, throttled, and clears its line', () => {
    let t = 0;
    let text = '';
    const p = new Progress({ write: (s: string) => (text += s), isTTY: true }, () => t);
    p.bar('reading', 10, 100, '10 rows');
    expect(text).toBe(''); // the first 250 ms stay quiet
    t = 300;
    p.bar('reading', 50, 100, '500 rows');
    t = 350;
    p.bar('reading', 60, 100, '600 rows'); // within 100 ms of the last: skipped
    t = 460;
    p.stage('fitting');
    p.done();
    expect(text.split('\r\x1b[2K')).toEqual([
      '',
      'reading [############------------] 50% 500 rows',
      'fitting',
      '',
    ]);
  });

  test('silent when not a terminal', () => {
    let text = '';
    const p = new Progress({ write: (s: string) => (text += s) }, () => 1e9);
    p.bar('reading', 1, 2, '');
    p.stage('x');
    p.done();
    expect(text).toBe('');
  });
});

const PROGRAM = `{
  "id": "coffee-club",
  "currency": "CNY",
  "timeZone": "Asia/Shanghai",
  "earning": [
    { "id": "base", "kind": "spend", "rate": { "points": "10", "per": "100.00" } },
    { "id": "bday", "kind": "fixed", "event": "birthday", "points": "100", "birthday": { "window": "month" } }
  ],
  "rewards": [{ "id": "coffee", "points": "100" }],
  "expiry": { "mode": "rolling", "months": 1 },
  "tiers": {
    "metrics": { "spend": { "kind": "spend", "window": { "type": "calendar", "unit": "year" } } },
    "levels": [
      { "id": "member", "name": "Member" },
      { "id": "silver", "name": "Silver",
        "entry": { "fact": "spend", "operator": "greaterThanInclusive", "value": 100000 } }
    ],
    "policy": { "period": { "type": "calendarYears", "years": 1 } }
  }
}
`;

const purchase = (id: string, member: string, at: string, price: number): string =>
  JSON.stringify({
    type: 'purchase',
    id,
    memberId: member,
    occurredAt: at,
    currency: 'CNY',
    lines: [{ sku: 'beans', quantity: 1, price }],
  });

const EVENTS = [
  '{"type":"enroll","memberId":"alice","joinedAt":"2026-03-01T09:00:00+08:00","birthday":"1991-03-20"}',
  purchase('o-1', 'alice', '2026-03-02T10:00:00+08:00', 199900),
  purchase('o-2', 'bob', '2026-03-03T10:00:00+08:00', 6400),
  '',
  '{"type":"birthday","id":"b-1","memberId":"alice","occurredAt":"2026-03-20T08:00:00+08:00"}',
  '{"type":"redemption","id":"r-1","memberId":"alice","occurredAt":"2026-03-21T08:00:00+08:00","rewardId":"coffee"}',
  purchase('o-2', 'bob', '2026-03-03T10:00:00+08:00', 6400), // delivered twice: ignored
  '',
].join('\n');

describe('simulate', () => {
  test('balances, tiers and totals per member', async () => {
    file('program.json', PROGRAM);
    file('events.jsonl', EVENTS);
    const r = await cli('simulate', 'program.json', 'events.jsonl');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(
      r.out,
    ).toBe(`Program coffee-club: 5 events for 2 members (4 applied, 1 duplicate ignored), as of 2026-03-21T00:00:00.000Z

member  events  earned  redeemed  expired  reversed  adjusted  available  pending  tier
alice        3     299       100        0         0         0        199        0  Silver
bob          2       6         0        0         0         0          6        0  Member
------  ------  ------  --------  -------  --------  --------  ---------  -------  ------
total        5     305       100        0         0         0        205        0

tiers: Member 1, Silver 1
`);
  });

  test('--as-of advances every member (expiries count) and --json prints data', async () => {
    file('program.json', PROGRAM);
    file('events.jsonl', EVENTS);
    const r = await cli(
      'simulate',
      'program.json',
      'events.jsonl',
      '--as-of',
      '2026-06-01T08:00:00+08:00',
      '--json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.asOf).toBe('2026-06-01T00:00:00.000Z');
    expect(
      json.members.map((m: { memberId: string; available: string; expired: string }) => [
        m.memberId,
        m.available,
        m.expired,
      ]),
    ).toEqual([
      ['alice', '0', '199'],
      ['bob', '0', '6'],
    ]);
    expect(json.totals).toMatchObject({
      members: 2,
      events: 5,
      duplicates: 1,
      earned: '305',
      expired: '205',
    });
    expect(json.tiers).toEqual({ Member: 1, Silver: 1 });
  });

  test.each([
    [
      'not JSON',
      `${purchase('o-1', 'a', '2026-03-02T10:00:00+08:00', 100)}\n{"type":"purchase", "id":"o-2"\n`,
      /^e\.jsonl:2:31: the event is not valid JSON: /,
    ],
    ['not an object', '[1, 2]\n', /^e\.jsonl:1: an event must be a JSON object$/],
    [
      'no memberId',
      '{"type":"signup","id":"s-1","occurredAt":"2026-03-02T10:00:00Z"}\n',
      /^e\.jsonl:1: the event has no "memberId"/,
    ],
    [
      'an invalid event',
      `\n\n${JSON.stringify({ type: 'purchase', id: 'o-9', memberId: 'a', occurredAt: '2026-03-02T10:00:00Z', currency: 'CNY', lines: [{ sku: 'x', quantity: 1, price: -5 }] })}\n`,
      /^e\.jsonl:3 \(member a, event o-9\): INVALID_EVENT\n {2}lines\[0\]\.price: /,
    ],
    [
      'out of time order',
      `${purchase('o-1', 'a', '2026-03-02T10:00:00+08:00', 100)}\n${purchase('o-0', 'a', '2026-03-01T10:00:00+08:00', 100)}\n`,
      /^e\.jsonl:2 \(member a, event o-0\): INVALID_EVENT\n.*\n {2}\(the events of one member must be in time order, after the member joined\)$/,
    ],
    [
      'enrolled twice',
      '{"type":"enroll","memberId":"a","joinedAt":"2026-03-01T00:00:00Z"}\n{"type":"enroll","memberId":"a","joinedAt":"2026-03-01T00:00:00Z"}\n',
      /^e\.jsonl:2: member a is already enrolled$/,
    ],
  ])('%s: exit 1 with the line', async (_name, events, message) => {
    file('program.json', PROGRAM);
    file('e.jsonl', events);
    const r = await cli('simulate', 'program.json', 'e.jsonl');
    expect(r.out).toBe('');
    expect(r.err.replace(/^loyalty-engine simulate: /, '').trimEnd()).toMatch(message);
    expect(r.code).toBe(1);
  });

  test('an invalid program: its problems, exit 1', async () => {
    file(
      'bad-program.json',
      '{ "id": "x", "currency": "CNY", "timeZone": "UTC", "earning": [] , "bogus": 1 }',
    );
    file('e.jsonl', '');
    const r = await cli('simulate', 'bad-program.json', 'e.jsonl');
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad-program.json:1:68: bogus: Unknown field "bogus"');
    expect(r.err).toContain(
      "bad-program.json: the program is not valid (1 problem); see 'loyalty-engine lint'",
    );
  });

  test('member ids are printed without terminal control characters', async () => {
    file('program.json', PROGRAM);
    file('ctl.jsonl', `${purchase('o-1', 'evil\u001b[2J', '2026-03-02T10:00:00+08:00', 100)}\n`);
    const r = await cli('simulate', 'program.json', 'ctl.jsonl');
    expect(r.code).toBe(0);
    expect(r.out).toContain('evil\\u001b[2J');
    expect(r.out).not.toContain('\u001b');
  });
});

describe('lint', () => {
  test('a valid program', async () => {
    file('program.json', PROGRAM);
    expect(await cli('lint', 'program.json')).toEqual({
      code: 0,
      out: 'program.json: ok, program coffee-club: 2 earning rules, 1 reward, tiers member, silver\n',
      err: '',
    });
  });

  test('every problem with its line, column and path; exit 1', async () => {
    file(
      'broken.json',
      `{
  "id": "shop",
  "currency": "CNY",
  "timeZone": "Asia/Shanghia",
  "earning": [
    { "id": "base", "kind": "spend", "rate": { "points": "ten", "per": "100.00" } },
    { "id": "extra", "kind": "fixed", "event": "signup", "points": "5" }
  ]
}
`,
    );
    const r = await cli('lint', 'broken.json');
    expect(r).toMatchObject({ code: 1, err: '' });
    expect(r.out).toBe(
      'broken.json:4:3: timeZone: Unknown time zone "Asia/Shanghia": use an IANA name such as "Asia/Shanghai" (unknown_time_zone)\n' +
        'broken.json:6:48: earning[0].rate.points: rate points "ten" is not a valid decimal: expected digits with an optional sign and one "." (e.g. "199.90" or "-5") (invalid_decimal)\n' +
        'broken.json: 2 problems\n',
    );
    file(
      'unknown.json',
      '{ "id": "shop", "currency": "CNY", "timeZone": "UTC",\n  "earning": [{ "id": "x", "kind": "fixed", "event": "signup", "points": "5", "colour": "red" }] }',
    );
    const u = await cli('lint', 'unknown.json');
    expect(u.out).toBe(
      'unknown.json:2:79: earning[0].colour: Unknown field "colour" (check its spelling) (unrecognized_keys)\nunknown.json: 1 problem\n',
    );
  });

  test('--json, versions in an array, and a file that is not JSON', async () => {
    file('versions.json', `[${PROGRAM}, { "id": "coffee-club", "version": 2 }]`);
    const v = await cli('lint', 'versions.json', '--json');
    expect(v.code).toBe(1);
    const json = JSON.parse(v.out);
    expect(json.ok).toBe(false);
    expect(json.problems.every((p: { path: string }) => p.path.startsWith('[1]'))).toBe(true);
    file('notjson.json', '{\n  "id": "x",\n  "currency": "CNY",,\n}');
    const n = await cli('lint', 'notjson.json');
    expect(n.code).toBe(1);
    expect(n.err).toMatch(/^loyalty-engine lint: notjson\.json:3:21: the program is not valid JSON: /);
  });
});
