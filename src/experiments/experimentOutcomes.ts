import { LoyaltyError, type PathSegment } from '../errors/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import { epochOf, msOf } from '../time/internal.js';
import type { MemberOutcome } from './compareArms.js';
import { messages } from './messages.js';

/** Options of {@link experimentOutcomes}. */
export interface ExperimentOutcomesOptions {
  /** Start of the window (inclusive), e.g. the experiment's start. */
  readonly from: string;
  /** End of the window (exclusive). */
  readonly to: string;
  /**
   * Each member's arm (e.g. `(id) => assignVariant(experiment, id).variant`); members mapped to
   * `null` are left out (held out, or not in the experiment).
   */
  readonly armOf: (memberId: string) => string | null;
  /**
   * The experiment's population: every member listed gets an outcome, zeros if they did nothing
   * (they must count, or spend per member is overstated). Default: every member with an entry.
   */
  readonly members?: Iterable<string>;
}

interface Acc {
  spend: number;
  orders: Map<string, { day: number; full: boolean }>;
  lots: Set<string>;
  pointsIssued: number;
  lastSeq: number;
}

/**
 * Per-member outcomes over a window, from the members' ledgers, ready for `compareArms`:
 *
 * - `spend`: net merchandise spend of the orders placed in `[from, to)`, less what refunds before
 *   `to` gave back (the `spend` the engine records on `eventApplied` entries);
 * - `orders`: those orders, less the ones refunded in full; `purchaseDays`: their distinct local
 *   days (in the member's zone, as the engine recorded them);
 * - `pointsIssued`: points earned in the window (`pointsEarned`), less what refunds before `to`
 *   reversed from those awards.
 *
 * A late event applied by re-derivation (`stateRederived`) counts with its own entries; what it
 * changed in the effects of later events is not counted.
 *
 * @param entries - ledger entries of any members, each member's in ledger order (interleaving is fine)
 * @param options - `from`, `to`, `armOf`, `members`
 * @returns one outcome per member with an arm, in the order of `members` (or of first appearance)
 * @throws {LoyaltyError} INVALID_ARGUMENT for a bad window or entries out of ledger order
 */
export function experimentOutcomes(
  entries: Iterable<LedgerEntry>,
  options: ExperimentOutcomesOptions,
): MemberOutcome[] {
  if (typeof options !== 'object' || options === null)
    throw invalid(['options'], 'Expected options { from, to, armOf }');
  const from = epochOf(options.from, ['options', 'from']);
  const to = epochOf(options.to, ['options', 'to']);
  if (!(from < to)) throw invalid(['options', 'to'], messages.badWindow());
  if (typeof options.armOf !== 'function')
    throw invalid(['options', 'armOf'], 'armOf must be a function (memberId) => arm | null');
  const accs = new Map<string, Acc>();
  const order: string[] = [];
  const accOf = (memberId: string): Acc => {
    let a = accs.get(memberId);
    if (a === undefined) {
      a = { spend: 0, orders: new Map(), lots: new Set(), pointsIssued: 0, lastSeq: 0 };
      accs.set(memberId, a);
      order.push(memberId);
    }
    return a;
  };
  if (options.members !== undefined) for (const m of options.members) accOf(m);
  const restricted = options.members !== undefined;

  const count = (a: Acc, e: LedgerEntry): void => {
    const at = msOf(e.occurredAt);
    if (at >= to) return;
    switch (e.type) {
      case 'eventApplied':
        if (e.purchase !== null && at >= from) {
          a.spend += e.purchase.spend;
          a.orders.set(e.purchase.orderId, { day: e.purchase.localDay, full: false });
        }
        if (e.refund !== null) {
          const o = a.orders.get(e.refund.orderId);
          if (o !== undefined) {
            a.spend -= e.refund.spend;
            if (e.refund.full) o.full = true;
          }
        }
        return;
      case 'pointsEarned':
        if (at >= from) {
          a.pointsIssued += e.points;
          a.lots.add(e.lot.id);
        }
        return;
      case 'pointsReversed':
        if (a.lots.has(e.awardLotId)) a.pointsIssued -= e.points;
        return;
      default:
        return;
    }
  };

  let i = 0;
  for (const e of entries) {
    if (typeof e !== 'object' || e === null || typeof e.memberId !== 'string' || typeof e.seq !== 'number') {
      throw invalid(['entries', i], 'Expected a ledger entry');
    }
    i++;
    if (restricted && !accs.has(e.memberId)) continue;
    const a = accOf(e.memberId);
    if (e.seq <= a.lastSeq)
      throw invalid(['entries', i - 1, 'seq'], messages.badSeq(e.memberId, e.seq, a.lastSeq));
    a.lastSeq = e.seq;
    if (e.type === 'stateRederived') {
      for (const inner of e.entries) if (inner.eventId === e.lateEventId) count(a, inner);
    } else {
      count(a, e);
    }
  }

  const out: MemberOutcome[] = [];
  for (const memberId of order) {
    const arm = options.armOf(memberId);
    if (arm === null) continue;
    const a = accs.get(memberId)!;
    let orders = 0;
    const days = new Set<number>();
    for (const o of a.orders.values()) {
      if (o.full) continue;
      orders++;
      days.add(o.day);
    }
    out.push({
      memberId,
      arm,
      spend: a.spend,
      orders,
      purchaseDays: days.size,
      pointsIssued: a.pointsIssued,
    });
  }
  return out;
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid experiment outcomes input', [
    { code: 'invalid_argument', path, message },
  ]);
}
