import { compareLots, type RedemptionOrder } from './lotOrder.js';
import type { LedgerEntry, MemberState } from './types.js';

/** One broken invariant. */
export interface InvariantViolation {
  /** A stable name of the invariant, e.g. `conservation`. */
  readonly invariant: string;
  readonly message: string;
}

/**
 * Checks the ledger's invariants on a state and, when given, the complete ledger it was folded from
 * (DESIGN.md question 6). Tests and simulators call it after every step; hosts can call it when
 * loading state they do not trust. Returns every violation (an empty list when all hold).
 *
 * - `conservation`: earned + adjusted in + restored - redeemed - adjusted out - expired - reversed
 *   equals the points in the open lots.
 * - `lots`: every open lot has 0 < remaining <= amount, ids are unique, and lots are in redemption order.
 * - `version`: the version counts the entries; entries are numbered 1, 2, ... without gaps.
 * - `allocations`: every redemption's allocations sum to its points and draw only from lots that exist.
 * - `perLot`: for each lot, amount - debt repaid - drawn + restored equals its remaining points (0
 *   when closed); after a `stateRederived` entry, counted from the lots of the state it adopts.
 * - `clock`: entries never go back in time; the state's clock is the latest entry time.
 * - `sourceKeys`: no two entries share a `sourceKey`.
 *
 * @param state - the member state
 * @param entries - the member's whole ledger, from the first entry (optional)
 * @param order - the program's redemption order (default `expiryFirst`)
 * @returns the violations, empty when every invariant holds
 */
export function checkInvariants(
  state: MemberState,
  entries?: readonly LedgerEntry[],
  order: RedemptionOrder = 'expiryFirst',
): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const fail = (invariant: string, message: string): void => {
    out.push({ invariant, message });
  };
  const t = state.totals;
  const open = state.lots.reduce((s, l) => s + l.remaining, 0);
  const net = t.earned + t.adjustedIn + t.restored - t.redeemed - t.adjustedOut - t.expired - t.reversed;
  if (net !== open - state.debt) {
    fail(
      'conservation',
      `Totals give ${net} points but open lots hold ${open} and the debt is ${state.debt}`,
    );
  }
  if (state.debt < 0) fail('debt', `Negative debt ${state.debt}`);
  const ids = new Set<string>();
  state.lots.forEach((lot, i) => {
    if (lot.expiresAt !== null && lot.expiresAt <= state.clock && entries !== undefined) {
      fail('expiry', `Lot ${lot.id} expired at ${lot.expiresAt} but is still open at ${state.clock}`);
    }
    if (!(lot.remaining > 0 && lot.remaining <= lot.amount)) {
      fail('lots', `Lot ${lot.id} has remaining ${lot.remaining} of ${lot.amount}`);
    }
    if (ids.has(lot.id)) fail('lots', `Lot ${lot.id} is open twice`);
    ids.add(lot.id);
    const prev = state.lots[i - 1];
    if (prev !== undefined && compareLots(prev, lot, order) > 0) {
      fail('lots', `Lot ${lot.id} is out of redemption order`);
    }
  });
  let activationAt: string | null = null;
  let expiresAt: string | null = null;
  for (const lot of state.lots) {
    if (
      lot.availableAt !== null &&
      lot.availableAt > state.clock &&
      (activationAt === null || lot.availableAt < activationAt)
    ) {
      activationAt = lot.availableAt;
    }
    if (lot.expiresAt !== null && (expiresAt === null || lot.expiresAt < expiresAt))
      expiresAt = lot.expiresAt;
  }
  // Pending awards without a lot are due too.
  for (const order of state.orders) {
    for (const award of order.awards) {
      const a = award.pendingUntil;
      if (a != null && a > state.clock && (activationAt === null || a < activationAt)) activationAt = a;
    }
  }
  if (state.nextDue.activationAt !== activationAt || state.nextDue.expiresAt !== expiresAt) {
    fail(
      'nextDue',
      `nextDue is ${JSON.stringify(state.nextDue)} but the lots and pending awards give ${JSON.stringify({ activationAt, expiresAt })}`,
    );
  }
  if (new Set(state.recentEventIds).size !== state.recentEventIds.length) {
    fail('idempotency', 'An event id is remembered twice');
  }
  if (entries === undefined) return out;

  if (state.version !== entries.length) {
    fail('version', `Version ${state.version} but the ledger has ${entries.length} entries`);
  }
  const balance = new Map<string, { amount: number; net: number }>();
  const keys = new Set<string>();
  let last = '';
  entries.forEach((e, i) => {
    if (e.seq !== i + 1) fail('version', `Entry ${i} has seq ${e.seq}`);
    if (keys.has(e.sourceKey)) fail('sourceKeys', `sourceKey ${e.sourceKey} appears twice`);
    keys.add(e.sourceKey);
    if (e.occurredAt < last) fail('clock', `Entry ${e.sourceKey} goes back in time`);
    if (e.occurredAt > last) last = e.occurredAt;
    const move = (lotId: string, points: number): void => {
      const b = balance.get(lotId);
      if (b === undefined) fail('allocations', `Entry ${e.sourceKey} moves points of unknown lot ${lotId}`);
      else b.net += points;
    };
    switch (e.type) {
      case 'pointsEarned':
        // Points that paid off a debt never reach the lot: it holds the rest.
        balance.set(e.lot.id, { amount: e.lot.amount, net: e.lot.amount - e.debtRepaid });
        if (e.lot.amount !== e.points)
          fail('perLot', `Entry ${e.sourceKey} credits ${e.points} in a lot of ${e.lot.amount}`);
        if (e.lot.remaining !== e.points - e.debtRepaid) {
          fail(
            'perLot',
            `Entry ${e.sourceKey} repays ${e.debtRepaid} of ${e.points} but its lot holds ${e.lot.remaining}`,
          );
        }
        if (e.lines !== null && e.lines.reduce((s, l) => s + l.points, 0) !== e.points) {
          fail('allocations', `Entry ${e.sourceKey}: line shares do not sum to ${e.points}`);
        }
        break;
      case 'pointsAdjusted':
        if (e.lot !== null) balance.set(e.lot.id, { amount: e.lot.amount, net: e.lot.remaining });
        else {
          const sum = e.allocations.reduce((s, a) => s + a.points, 0);
          if (sum !== -e.points) fail('allocations', `Entry ${e.sourceKey} draws ${sum}, not ${-e.points}`);
          for (const a of e.allocations) move(a.lotId, -a.points);
        }
        break;
      case 'pointsRedeemed': {
        const sum = e.allocations.reduce((s, a) => s + a.points, 0);
        if (sum !== e.points) fail('allocations', `Entry ${e.sourceKey} draws ${sum}, not ${e.points}`);
        for (const a of e.allocations) move(a.lotId, -a.points);
        break;
      }
      case 'pointsExpired':
      case 'pointsReversed': {
        const sum = e.allocations.reduce((x, a) => x + a.points, 0);
        const expected = e.type === 'pointsExpired' ? e.points : e.points - e.debt;
        if (sum !== expected) fail('allocations', `Entry ${e.sourceKey} draws ${sum}, not ${expected}`);
        if (e.type === 'pointsReversed' && e.points + e.shortfall !== e.requested) {
          fail(
            'allocations',
            `Entry ${e.sourceKey}: ${e.points} reversed + ${e.shortfall} short != ${e.requested}`,
          );
        }
        for (const a of e.allocations) move(a.lotId, -a.points);
        break;
      }
      case 'stateRederived':
        // The fold adopts the re-derived state as a whole: per-lot bookkeeping starts over from its
        // open lots, and from the lots its cancellable redemptions drew (a cancellation restores them).
        balance.clear();
        for (const r of e.state.redemptions) {
          for (const d of r.drawn) balance.set(d.lot.id, { amount: d.lot.amount, net: 0 });
        }
        for (const lot of e.state.lots) balance.set(lot.id, { amount: lot.amount, net: lot.remaining });
        break;
      case 'redemptionCancelled': {
        // Points that paid off a debt never reach the lots: they get the rest.
        const expected = e.points - (e.debtRepaid ?? 0);
        const sum = e.restored.reduce((s, a) => s + a.points, 0);
        if (sum !== expected) fail('allocations', `Entry ${e.sourceKey} restores ${sum}, not ${expected}`);
        for (const a of e.restored) move(a.lotId, a.points);
        break;
      }
      default:
        break;
    }
  });
  if (state.clock < last) fail('clock', `State clock ${state.clock} is before the last entry ${last}`);
  const openById = new Map(state.lots.map((l) => [l.id, l.remaining]));
  for (const [id, b] of balance) {
    if (b.net < 0 || b.net > b.amount) fail('perLot', `Lot ${id} went to ${b.net} of ${b.amount}`);
    const remaining = openById.get(id) ?? 0;
    if (remaining !== b.net)
      fail('perLot', `Lot ${id}: the ledger leaves ${b.net}, the state holds ${remaining}`);
  }
  for (const id of openById.keys()) if (!balance.has(id)) fail('perLot', `Open lot ${id} has no entry`);
  return out;
}
