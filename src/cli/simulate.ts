import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  compareInstants,
  type EnrollInput,
  formatPath,
  formatPoints,
  isLoyaltyError,
  type MemberState,
  type PointsPrecision,
  parseInstant,
} from 'loyalty-engine';
import { CliError, EXIT, usageError } from './errors.js';
import { type CliIo, readLines } from './io.js';
import { parseJsonFile } from './json.js';
import { checkProgramFile, formatProblems } from './program.js';
import { printable } from './text.js';

export const SIMULATE_HELP = `Usage: loyalty-engine simulate <program.json> <events.jsonl> [options]

Applies events to members with the program and prints each member's balance and tier, and totals.
The program file holds one program, or an array of its versions (oldest first).

events.jsonl has one JSON event per line (blank lines are skipped), each with a "memberId":
  {"type":"purchase","id":"o-1","memberId":"alice","occurredAt":"2026-03-02T10:00:00+08:00",
   "currency":"CNY","lines":[{"sku":"beans","quantity":1,"price":19990}]}
A member is enrolled at their first event (joined at its occurredAt), or by an enroll line before
it, which may give a birthday, a time zone, tags or attributes:
  {"type":"enroll","memberId":"alice","joinedAt":"2026-03-01T09:00:00+08:00","birthday":"1991-03-20"}
Events of one member must be in time order (as the engine requires); members may interleave.

Options:
  --as-of <instant>  balances and tiers as of this instant (default: the latest event); every
                     member is first advanced to it, so expiries and activations up to it count
  --json             print the result as JSON
  -h, --help         this help

Exit codes: 0 done, 1 a bad line or an invalid program (the message names the line), 2 usage error.
`;

interface MemberRun {
  state: MemberState;
  events: number;
  duplicates: number;
}

export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw usageError((e as Error).message, 'simulate');
  }
  if (parsed.values.help) {
    io.stdout.write(SIMULATE_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== 2) {
    throw usageError('simulate takes two files: the program JSON and the events JSONL', 'simulate');
  }
  const [programName, eventsName] = parsed.positionals as [string, string];
  const cwd = io.cwd ?? process.cwd();
  let asOfOption: string | undefined;
  if (parsed.values['as-of'] !== undefined) {
    try {
      asOfOption = parseInstant(parsed.values['as-of']);
    } catch {
      throw usageError(
        `--as-of must be an instant with an offset, e.g. 2026-03-31T00:00:00Z (got ${JSON.stringify(parsed.values['as-of'])})`,
        'simulate',
      );
    }
  }

  const checked = checkProgramFile(resolve(cwd, programName), programName);
  if (!checked.ok) {
    io.stderr.write(formatProblems(programName, checked.problems));
    throw new CliError(
      `${programName}: the program is not valid (${checked.problems.length} ${checked.problems.length === 1 ? 'problem' : 'problems'}); see 'loyalty-engine lint'`,
    );
  }
  const { engine } = checked;
  const precision = (engine.program.pointsPrecision ?? 0) as PointsPrecision;
  const members = new Map<string, MemberRun>();
  let events = 0;
  let applied = 0;

  for await (const { line, number } of readLines(resolve(cwd, eventsName), 'events', eventsName)) {
    if (line.trim() === '') continue;
    const where = `${eventsName}:${number}`;
    const event = parseJsonFile(line, eventsName, 'event', number - 1);
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new CliError(`${where}: an event must be a JSON object`);
    }
    const record = event as Record<string, unknown>;
    const memberId = record['memberId'];
    if (typeof memberId !== 'string' || memberId === '') {
      throw new CliError(`${where}: the event has no "memberId" (a non-empty string naming its member)`);
    }
    const context = `${where} (member ${printable(memberId)}${typeof record['id'] === 'string' ? `, event ${printable(record['id'])}` : ''})`;
    try {
      if (record['type'] === 'enroll') {
        if (members.has(memberId))
          throw new CliError(`${where}: member ${printable(memberId)} is already enrolled`);
        const { type: _type, ...input } = record;
        members.set(memberId, {
          state: engine.enroll(input as unknown as EnrollInput),
          events: 0,
          duplicates: 0,
        });
        continue;
      }
      events += 1;
      let run = members.get(memberId);
      if (run === undefined) {
        const joinedAt = record['occurredAt'];
        if (typeof joinedAt !== 'string')
          throw new CliError(`${context}: the event has no "occurredAt" to enroll its member at`);
        run = { state: engine.enroll({ memberId, joinedAt }), events: 0, duplicates: 0 };
        members.set(memberId, run);
      }
      const decision = engine.apply(run.state, event);
      run.state = decision.state;
      run.events += 1;
      if (decision.effects.length === 0) run.duplicates += 1;
      else applied += 1;
    } catch (e) {
      if (isLoyaltyError(e)) {
        const issues = e.issues
          .map(
            (i) =>
              `  ${i.path.length > 0 ? `${printable(formatPath(i.path))}: ` : ''}${printable(i.message)}`,
          )
          .join('\n');
        const order =
          e.code === 'OUT_OF_ORDER' || e.issues.some((i) => i.path.length === 1 && i.path[0] === 'occurredAt')
            ? '\n  (the events of one member must be in time order, after the member joined)'
            : '';
        throw new CliError(`${context}: ${e.code}\n${issues}${order}`);
      }
      throw e;
    }
  }

  let asOf = asOfOption;
  if (asOf === undefined) {
    for (const run of members.values())
      if (asOf === undefined || compareInstants(run.state.clock, asOf) > 0) asOf = run.state.clock;
  }
  const rows = [...members.keys()].sort(compareIds).map((memberId) => {
    const run = members.get(memberId)!;
    let state = run.state;
    try {
      if (asOf !== undefined && compareInstants(asOf, state.clock) > 0)
        state = engine.advance(state, asOf).state;
    } catch (e) {
      if (isLoyaltyError(e))
        throw new CliError(`member ${printable(memberId)}: cannot advance to ${asOf}: ${e.message}`);
      throw e;
    }
    const when = asOf ?? state.clock;
    const balance = engine.balance(state, when);
    const tier = engine.tierStatus(state, when);
    const t = state.totals;
    return {
      memberId,
      events: run.events,
      duplicates: run.duplicates,
      earned: t.earned,
      redeemed: t.redeemed - t.restored,
      expired: t.expired,
      reversed: t.reversed,
      adjusted: t.adjustedIn - t.adjustedOut,
      available: balance.available,
      pending: balance.pending,
      debt: state.debt,
      tier: tier === null ? null : { id: tier.tier.id, name: tier.tier.name },
    };
  });

  const sum = (
    k:
      | 'events'
      | 'duplicates'
      | 'earned'
      | 'redeemed'
      | 'expired'
      | 'reversed'
      | 'adjusted'
      | 'available'
      | 'pending'
      | 'debt',
  ): number => rows.reduce((n, r) => n + r[k], 0);
  const totals = {
    members: rows.length,
    events: sum('events'),
    duplicates: sum('duplicates'),
    earned: sum('earned'),
    redeemed: sum('redeemed'),
    expired: sum('expired'),
    reversed: sum('reversed'),
    adjusted: sum('adjusted'),
    available: sum('available'),
    pending: sum('pending'),
    debt: sum('debt'),
  };
  const tierCounts = new Map<string, number>();
  for (const level of engine.program.tiers?.levels ?? []) {
    const n = rows.filter((r) => r.tier?.id === level.id).length;
    if (n > 0) tierCounts.set(level.name ?? level.id, n);
  }

  const program = engine.program;
  if (parsed.values.json) {
    const points = (u: number): string => formatPoints(u, precision);
    const pts = <T extends Record<string, unknown>>(r: T, keys: readonly string[]): T =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, keys.includes(k) ? points(v as number) : v]),
      ) as T;
    const keys = ['earned', 'redeemed', 'expired', 'reversed', 'adjusted', 'available', 'pending', 'debt'];
    io.stdout.write(
      `${JSON.stringify({ program: program.id, asOf: asOf ?? null, members: rows.map((r) => pts(r, keys)), totals: pts(totals, keys), tiers: Object.fromEntries(tierCounts) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }

  const p = (u: number): string => formatPoints(u, precision);
  const hasTiers = rows.some((r) => r.tier !== null);
  const hasDebt = totals.debt !== 0;
  const header = [
    'member',
    'events',
    'earned',
    'redeemed',
    'expired',
    'reversed',
    'adjusted',
    'available',
    'pending',
  ];
  if (hasDebt) header.push('debt');
  if (hasTiers) header.push('tier');
  const table: string[][] = rows.map((r) => {
    const cells = [
      printable(r.memberId),
      String(r.events),
      p(r.earned),
      p(r.redeemed),
      p(r.expired),
      p(r.reversed),
      p(r.adjusted),
      p(r.available),
      p(r.pending),
    ];
    if (hasDebt) cells.push(p(r.debt));
    if (hasTiers) cells.push(r.tier === null ? '-' : printable(r.tier.name ?? r.tier.id));
    return cells;
  });
  const totalRow = [
    'total',
    String(totals.events),
    p(totals.earned),
    p(totals.redeemed),
    p(totals.expired),
    p(totals.reversed),
    p(totals.adjusted),
    p(totals.available),
    p(totals.pending),
  ];
  if (hasDebt) totalRow.push(p(totals.debt));
  if (hasTiers) totalRow.push('');
  io.stdout.write(
    `Program ${printable(program.id)}${checked.programs.length > 1 ? ` (${checked.programs.length} versions)` : ''}: ${events} ${events === 1 ? 'event' : 'events'} for ${rows.length} ${rows.length === 1 ? 'member' : 'members'} (${applied} applied, ${totals.duplicates} ${totals.duplicates === 1 ? 'duplicate' : 'duplicates'} ignored), as of ${asOf ?? '-'}\n\n`,
  );
  io.stdout.write(renderTable(header, table, totalRow));
  if (hasTiers) {
    io.stdout.write(`\ntiers: ${[...tierCounts].map(([name, n]) => `${printable(name)} ${n}`).join(', ')}\n`);
  }
  return EXIT.ok;
}

/** A plain text table: first column left-aligned, the others right-aligned, a rule before the total. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  total?: readonly string[],
): string {
  const all = total === undefined ? [header, ...rows] : [header, ...rows, total];
  const widths = header.map((_, c) => Math.max(...all.map((r) => width(r[c] ?? ''))));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) =>
        c === 0 || (c === header.length - 1 && header[c] === 'tier')
          ? pad(cell, widths[c]!, 'left')
          : pad(cell, widths[c]!, 'right'),
      )
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (total !== undefined) out.push(widths.map((w) => '-'.repeat(w)).join('  '), line(total));
  return `${out.join('\n')}\n`;
}

/** Display width: CJK and other wide characters count 2 columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function pad(text: string, w: number, side: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return side === 'left' ? text + fill : fill + text;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
