/**
 * Program migrations (issue 9 item 4): before a new program version takes effect, preview what it
 * does to today's members: which tier each would hold under the new tiers as of a date, who moves
 * up or down and why (the metric values against the new thresholds), and how pending points stand.
 * Reads states; changes nothing.
 */
import type { Engine } from '../engine/index.js';
import { guard } from '../errors/index.js';
import type { MemberState } from '../ledger/index.js';
import { compiledProgramOf, type Program } from '../program/index.js';
import { metricValues } from '../tiers/index.js';
import { parseInstant } from '../time/index.js';

/** What a new version would do to one member. */
export interface MemberMigration {
  readonly memberId: string;
  /** The member's tier now (as of `asOf`, under the current program). */
  readonly tierNow: string | null;
  /** The tier the member's metrics reach under the new version's entry conditions. */
  readonly tierUnderNew: string | null;
  /** `up`, `down`, `same`, or `removed` (the current tier does not exist in the new version). */
  readonly move: 'up' | 'down' | 'same' | 'removed';
  /** Whether the current tier's retention would hold under the new version (null without tiers). */
  readonly keepsTierUnderNew: boolean | null;
  /** The metric values the decision used, by the new version's metric names. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Pending point units now (existing lots keep their dates: a version never rewrites lots). */
  readonly pending: number;
}

/** The preview of a new version for a set of members. */
export interface MigrationPreview {
  readonly asOf: string;
  readonly members: readonly MemberMigration[];
  /** Members by (tier now, tier under the new version). */
  readonly moves: readonly {
    readonly from: string | null;
    readonly to: string | null;
    readonly members: number;
  }[];
}

/**
 * Previews a new program version against members' states as of an instant: each member's tier now
 * and under the new version's conditions, with the metric values, and whether the current tier
 * would be kept at its period end.
 *
 * @param engine - the engine of the current program (states belong to it)
 * @param next - the new version
 * @param states - the members
 * @param asOf - the instant to evaluate at (e.g. the new version's `effectiveFrom`)
 * @throws {LoyaltyError} INVALID_PROGRAM when `next` is invalid; INVALID_ARGUMENT for a state of another program
 */
export function previewMigration(
  engine: Engine,
  next: Program,
  states: Iterable<MemberState>,
  asOf: string,
): MigrationPreview {
  return guard(() => {
    const at = parseInstant(asOf, ['asOf']);
    const compiled = compiledProgramOf(next);
    const tiers = compiled.tiers;
    const members: MemberMigration[] = [];
    const moves = new Map<string, { from: string | null; to: string | null; members: number }>();
    for (const state of states) {
      const status = engine.tierStatus(state, at);
      const now = status?.tier.id ?? null;
      const s = at > state.clock ? engine.advance(state, at).state : state;
      const zone = s.profile.timeZone ?? compiled.timeZone;
      const values = metricValues(compiled, s, zone, at);
      let under: string | null = null;
      let keeps: boolean | null = null;
      let move: MemberMigration['move'] = 'same';
      if (tiers !== null) {
        let k = tiers.levels.length - 1;
        while (k > 0 && !(tiers.levels[k]!.entry?.forZone(zone)(values) ?? true)) k--;
        under = tiers.levels[k]!.id;
        const rankNow = now === null ? -1 : tiers.levels.findIndex((t) => t.id === now);
        if (now !== null && rankNow < 0) move = 'removed';
        else move = k > rankNow ? 'up' : k < rankNow ? 'down' : 'same';
        const current = rankNow >= 0 ? tiers.levels[rankNow] : undefined;
        keeps = current === undefined ? false : (current.retention?.forZone(zone)(values) ?? true);
      }
      const balance = engine.balance(s, at);
      members.push({
        memberId: s.memberId,
        tierNow: now,
        tierUnderNew: under,
        move,
        keepsTierUnderNew: keeps,
        metrics: values,
        pending: balance.pending,
      });
      const key = `${now}\u0000${under}`;
      const m = moves.get(key);
      if (m !== undefined) m.members += 1;
      else moves.set(key, { from: now, to: under, members: 1 });
    }
    return {
      asOf: at,
      members,
      moves: [...moves.values()].sort(
        (a, b) => b.members - a.members || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`),
      ),
    };
  }, 'previewMigration');
}
