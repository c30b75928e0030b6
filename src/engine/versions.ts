import { LoyaltyError } from '../errors/index.js';
import type { LoyaltyEvent } from '../events/index.js';
import type { FoldConfig, LedgerEntry, MemberState } from '../ledger/index.js';
import {
  type CompiledProgram,
  compiledProgramOf,
  type Program,
  type ProgramInput,
} from '../program/index.js';
import { isoOf, msOf } from '../time/internal.js';

/** The versions of one program, oldest first, and how to find the one in force. */
export interface Versions {
  readonly list: readonly CompiledProgram[];
  readonly latest: CompiledProgram;
  /** The version in force at an instant (canonical). */
  at(instant: string): CompiledProgram;
  /** A version by its number. */
  byNumber(version: number): CompiledProgram;
  /** The fold settings of an entry's program version. */
  readonly foldConfigOf: (entry: LedgerEntry) => FoldConfig;
  /** Since when inactivity counts under a version: the start of the run of inactivity versions it belongs to. */
  inactivitySince(version: number): string;
  /** The same versions without the late-event journal (used to move a journal's anchor). */
  readonly plain: Versions;
  /** Whether the versions do not all share one redemption order (decision 021). */
  readonly mixedOrders: boolean;
  /** Binds how a journal anchor moves over an event (the engine's apply). */
  bindRoll(roll: (anchor: MemberState, event: LoyaltyEvent) => MemberState): void;
}

/**
 * Compiles and orders program versions. They must share the program id and currency; version
 * numbers and `effectiveFrom` must increase together; only the first may omit `effectiveFrom`.
 */
export function compileVersions(input: ProgramInput | readonly ProgramInput[]): Versions {
  // A program not from defineProgram is validated (and frozen) by compiledProgramOf.
  const programs = Array.isArray(input) ? (input as readonly Program[]) : [input as Program];
  if (programs.length === 0) {
    throw invalid([], 'createEngine needs a program (or a non-empty list of program versions)');
  }
  const list = programs.map((p) => compiledProgramOf(p));
  list.sort((a, b) => a.effectiveFromMs - b.effectiveFromMs || a.version - b.version);
  list.forEach((p, i) => {
    const first = list[0]!;
    if (p.id !== first.id)
      invalid([i, 'id'], `All versions must have the same id ("${first.id}"), not "${p.id}"`);
    if (p.currency !== first.currency) invalid([i, 'currency'], `All versions must use ${first.currency}`);
    const prev = list[i - 1];
    if (prev !== undefined) {
      if (p.version <= prev.version) {
        invalid(
          [i, 'version'],
          `Version ${p.version} takes effect after version ${prev.version}: numbers must increase`,
        );
      }
      if (!Number.isFinite(p.effectiveFromMs) || p.effectiveFromMs === prev.effectiveFromMs) {
        invalid(
          [i, 'effectiveFrom'],
          `Version ${p.version} needs an effectiveFrom later than version ${prev.version}'s`,
        );
      }
    }
  });
  const byVersion = new Map(list.map((p) => [p.version, p]));
  const holder: { roll: ((anchor: MemberState, event: LoyaltyEvent) => MemberState) | undefined } = {
    roll: undefined,
  };
  const configFor = (p: CompiledProgram, journaling: boolean): FoldConfig => {
    const resetBy = p.expiry.mode === 'inactivity' ? (p.expiry.resetBy ?? ['purchase', 'redemption']) : [];
    return {
      redemptionOrder: p.redemption.order,
      mixedOrders,
      recentEvents: p.recentEvents,
      orderRetentionDays: p.orderRetentionDays,
      cancellableDays: p.redemption.cancellableDays,
      activityDays: Math.max(...list.map((v) => v.activityDays)),
      inactivityResetBy: new Set(resetBy),
      metricKeepDays: keepDays,
      journal:
        journaling && p.lateEvents.mode === 'rederive'
          ? {
              windowDays: p.lateEvents.windowDays,
              roll: (anchor, event) => {
                if (holder.roll === undefined) throw new LoyaltyError('INTERNAL', 'Journal roll not bound');
                return holder.roll(anchor, event);
              },
            }
          : null,
    };
  };
  const mixedOrders = list.some((p) => p.redemption.order !== list[0]!.redemption.order);
  // Metric buckets are kept as long as any version needs them.
  const keepDays = new Map<string, number>();
  for (const p of list) {
    for (const m of p.tiers?.metrics.values() ?? []) {
      keepDays.set(m.id, Math.max(keepDays.get(m.id) ?? 0, m.keepDays));
    }
  }
  const configs = new Map(list.map((p) => [p.version, configFor(p, true)]));
  const plainConfigs = new Map(list.map((p) => [p.version, configFor(p, false)]));
  const latest = list[list.length - 1]!;
  const epochs = list.map((p) => p.effectiveFromMs);
  const since = new Map<number, string>();
  list.forEach((p, i) => {
    let first = i;
    while (first > 0 && list[first - 1]!.expiry.mode === 'inactivity') first--;
    const ms = list[first]!.effectiveFromMs;
    since.set(p.version, Number.isFinite(ms) ? isoOf(ms) : '0000-01-01T00:00:00.000Z');
  });
  const make = (table: ReadonlyMap<number, FoldConfig>): Pick<Versions, 'foldConfigOf'> => ({
    foldConfigOf: (entry) => {
      const c = table.get(entry.programVersion);
      if (c === undefined) {
        throw new LoyaltyError('INVALID_ARGUMENT', 'Unknown program version', [
          {
            code: 'unknown_version',
            path: ['entries'],
            message: `Entry ${entry.sourceKey} names version ${entry.programVersion} of "${entry.programId}", which this engine does not have`,
          },
        ]);
      }
      return c;
    },
  });
  // One version in force since forever: no instant to read.
  const alwaysFirst = list.length === 1 && epochs[0] === Number.NEGATIVE_INFINITY;
  const common = {
    list,
    latest,
    mixedOrders,
    at(instant: string): CompiledProgram {
      if (alwaysFirst) return list[0]!;
      const ms = msOf(instant);
      for (let i = epochs.length - 1; i >= 0; i--) if (epochs[i]! <= ms) return list[i]!;
      throw new LoyaltyError('INVALID_EVENT', 'No program version in force', [
        {
          code: 'no_program_version',
          path: ['occurredAt'],
          message: `No version of program "${latest.id}" is in force at ${instant} (the first takes effect at ${isoOf(epochs[0]!)})`,
        },
      ]);
    },
    byNumber(version: number): CompiledProgram {
      const p = byVersion.get(version);
      if (p === undefined) {
        throw new LoyaltyError('INVALID_ARGUMENT', 'Unknown program version', [
          {
            code: 'unknown_version',
            path: ['programVersion'],
            message: `This engine has no version ${version} of "${latest.id}"`,
          },
        ]);
      }
      return p;
    },
    inactivitySince(version: number): string {
      return since.get(version) ?? '0000-01-01T00:00:00.000Z';
    },
    bindRoll(roll: (anchor: MemberState, event: LoyaltyEvent) => MemberState): void {
      holder.roll = roll;
    },
  };
  const plain: Versions = { ...common, ...make(plainConfigs), plain: undefined as unknown as Versions };
  (plain as { plain: Versions }).plain = plain;
  return { ...common, ...make(configs), plain };
}

function invalid(path: (string | number)[], message: string): never {
  throw new LoyaltyError('INVALID_PROGRAM', 'Invalid program versions', [
    { code: 'invalid_versions', path: ['programs', ...path], message },
  ]);
}
