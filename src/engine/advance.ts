/**
 * The passing of time (DOMAIN.md points 3-4): activations of pending points, lot expiries and
 * inactivity expiry, materialized up to an instant, in time order. There is no cron: the host (or
 * `apply`, which advances to each event's `occurredAt` first) says how far. Idempotent, and
 * advancing to `a` then to `b` writes the same entries as advancing to `b` at once.
 */
import { inactivityDeadline, walletMetrics } from '../earning/index.js';
import {
  type Allocation,
  countedPoints,
  countsAtActivation,
  foldEntries,
  isUsableAt,
  type LedgerEntry,
  lotsInOrder,
  type MemberState,
  pendingAwardsWithoutLot,
  SCHEMA_VERSION,
} from '../ledger/index.js';
import { decideAfterEvent, decidePeriodEnd, nextPeriodCheck } from '../tiers/index.js';
import { earlierInstant, isoOf, laterInstant, localEpochDayOf, msOf } from '../time/internal.js';
import { tierEntries } from './tierEntries.js';
import type { Versions } from './versions.js';

/** Upper bound of distinct instants materialized in one call (a runaway guard, never reached in practice). */
const MAX_STEPS = 1_000_000;

/**
 * The time effects due up to `to` (inclusive), folded one instant at a time.
 * @returns the state after them and the entries, in order
 */
export function advanceState(
  versions: Versions,
  state: MemberState,
  to: string,
): { state: MemberState; entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  let s = state;
  /** The period end (`until`) whose first retention check this call made without a decision (grace). */
  let checkedUntil: string | null = null;
  for (let step = 0; step < MAX_STEPS; step++) {
    const clock = s.clock;
    const program = versions.at(clock < to ? clock : to);
    const zone = s.profile.timeZone ?? program.timeZone;
    // The earliest due instant.
    let next: string | undefined;
    const consider = (t: string): void => {
      if (t <= to && (next === undefined || t < next)) next = t;
    };
    const due = s.nextDue;
    if (due.activationAt !== null && due.activationAt > clock) consider(due.activationAt);
    if (due.expiresAt !== null) consider(later(due.expiresAt, clock));
    const deadline = deadlineOf(versions, s, zone, to);
    if (deadline !== null && s.lots.some((l) => isUsableAt(l, deadline))) {
      consider(later(deadline, clock));
    }
    // The period end is looked at under the version in force when the period ends (or now, if
    // later): its grace days decide when the final check falls. Not the version at the clock,
    // which may be an earlier one the clock has not left (no entry moved it).
    const tierProgram =
      s.tier?.until != null ? versions.at(later(s.tier.until, clock < to ? clock : to)) : program;
    const tierDue: string | null =
      tierProgram.tiers !== null && s.tier !== null
        ? nextPeriodCheck(tierProgram.tiers, s.tier, zone, clock, checkedUntil === s.tier.until)
        : null;
    if (tierDue !== null) consider(later(tierDue, clock));
    if (next === undefined) break;
    const at: string = next;
    const p = versions.at(at);
    // The lots in the order of the version in force at `at`: the fold puts them in it with this
    // batch's first entry (decision 021).
    const lots = versions.mixedOrders ? lotsInOrder(s.lots, p.redemption.order) : s.lots;
    const batch: LedgerEntry[] = [];
    const seq = (): number => s.version + batch.length + 1;
    const base = (sourceKey: string) => ({
      schemaVersion: SCHEMA_VERSION,
      seq: seq(),
      sourceKey,
      memberId: s.memberId,
      eventId: null,
      occurredAt: at,
      programId: p.id,
      programVersion: p.version,
    });
    // 1. activations (only when one is due: no scan otherwise). Each counts its award for tiers
    // as if it had not been pending (points that paid off a debt included).
    const activating = due.activationAt !== null && due.activationAt <= at;
    const day = activating ? localEpochDayOf(msOf(at), zone) : 0;
    for (const lot of activating ? lots : []) {
      if (lot.availableAt !== null && lot.availableAt > clock && lot.availableAt <= at) {
        batch.push({
          type: 'pointsActivated',
          ...base(`${lot.id}:activated`),
          lotId: lot.id,
          points: lot.remaining,
          availableAt: lot.availableAt,
          expiresAt: lot.expiresAt,
          reason: 'windowPassed',
          metrics: walletMetrics(p.tiers, 'points', countsAtActivation(s.orders, lot), day),
        });
      }
    }
    // ... and pending awards whose lot holds none of their points: nothing becomes redeemable.
    for (const { award } of activating ? pendingAwardsWithoutLot(s.orders) : []) {
      const until = award.pendingUntil;
      if (until !== null && until > clock && until <= at) {
        batch.push({
          type: 'pointsActivated',
          ...base(`${award.lotId}:activated`),
          lotId: award.lotId,
          points: 0,
          availableAt: until,
          expiresAt: null,
          reason: 'windowPassed',
          metrics: walletMetrics(p.tiers, 'points', countedPoints(award), day),
        });
      }
    }
    // 2. lots past their expiry (in redemption order; with expiryFirst they are all at the front)
    const expiring = due.expiresAt !== null && due.expiresAt <= at;
    const frontOnly = p.redemption.order === 'expiryFirst';
    for (const lot of expiring ? lots : []) {
      if (frontOnly && (lot.expiresAt === null || lot.expiresAt > at)) break;
      if (lot.expiresAt !== null && lot.expiresAt <= at) {
        batch.push({
          type: 'pointsExpired',
          ...base(`${lot.id}:expired:${at}`),
          points: lot.remaining,
          allocations: [{ lotId: lot.id, points: lot.remaining }],
          reason: 'lotExpired',
        });
      }
    }
    // 3. inactivity: every lot usable at the deadline
    if (deadline !== null && deadline <= at) {
      const gone = new Set(
        batch.flatMap((e) => (e.type === 'pointsExpired' ? [e.allocations[0]!.lotId] : [])),
      );
      const allocations: Allocation[] = [];
      for (const lot of lots) {
        if (!gone.has(lot.id) && isUsableAt(lot, deadline))
          allocations.push({ lotId: lot.id, points: lot.remaining });
      }
      if (allocations.length > 0) {
        batch.push({
          type: 'pointsExpired',
          ...base(`inactivity:${at}:expired`),
          points: allocations.reduce((sum, a) => sum + a.points, 0),
          allocations,
          reason: 'inactivity',
        });
      }
    }
    s = foldEntries(s, batch, versions.foldConfigOf);
    entries.push(...batch);
    // Points that just became available count for tiers: an upgrade may follow at once.
    if (p.tiers !== null && batch.some((e) => e.type === 'pointsActivated')) {
      const up = tierEntries(
        decideAfterEvent(p, s, zone, at, { eventId: null, orderId: null, refundOf: null }),
        s.version + 1,
        {
          memberId: s.memberId,
          eventId: null,
          occurredAt: at,
          programId: p.id,
          programVersion: p.version,
        },
      );
      s = foldEntries(s, up, versions.foldConfigOf);
      entries.push(...up);
      batch.push(...up);
    }
    // 4. the end of the tier period (plus grace): renew or step down, on the points as they are now
    let checked = false;
    // Decided under the same version that set when it falls (decision 014): with another version's
    // grace the check at the end of grace could find itself still in grace and decide nothing.
    const tp = tierProgram;
    if (tierDue !== null && tierDue <= at && tp.tiers !== null) {
      // The first check of a period end with grace may decide nothing: go on to the end of grace.
      if (tp.tiers.graceDays > 0 && s.tier?.until === tierDue && checkedUntil !== tierDue) {
        checked = true;
        checkedUntil = tierDue;
      }
      const more = tierEntries(decidePeriodEnd(tp, s, zone, at), s.version + 1, {
        memberId: s.memberId,
        eventId: null,
        occurredAt: at,
        programId: tp.id,
        programVersion: tp.version,
      });
      s = foldEntries(s, more, versions.foldConfigOf);
      entries.push(...more);
      batch.push(...more);
    }
    if (s.clock === clock && batch.length === 0 && !checked) break;
  }
  return { state: s, entries };
}

/**
 * The next instant, up to `horizon`, at which the whole balance expires for inactivity (or null):
 * for each version in force between the state's clock and the horizon that has inactivity expiry,
 * the end of its window counted from the member's last activity (or from when inactivity expiry
 * started, whichever is later), no earlier than the version takes effect, if it falls while that
 * version is in force and some lot is usable then.
 */
export function deadlineOf(
  versions: Versions,
  state: MemberState,
  zone: string,
  horizon: string,
): string | null {
  const list = versions.list;
  const start = versions.at(earlierInstant(state.clock, horizon));
  for (let i = list.indexOf(start); i >= 0 && i < list.length; i++) {
    const program = list[i]!;
    if (i > list.indexOf(start) && isoOf(program.effectiveFromMs) > horizon) break;
    if (program.expiry.mode !== 'inactivity') continue;
    const since = versions.inactivitySince(program.version);
    const last = laterInstant(state.lastActivityAt, since);
    // A version's window applies only while it is in force: a window that ran out before a later
    // version took effect expires the balance when that version takes effect, not before.
    const window = inactivityDeadline(program, last, zone);
    const from = Number.isFinite(program.effectiveFromMs) ? isoOf(program.effectiveFromMs) : null;
    const deadline = window === null || from === null || window >= from ? window : from;
    const next = list[i + 1];
    // A deadline at which no lot is usable expires nothing (points that become available after it
    // wait for the next one): look on to a later version's.
    if (
      deadline !== null &&
      (next === undefined || deadline < isoOf(next.effectiveFromMs)) &&
      state.lots.some((l) => isUsableAt(l, deadline))
    ) {
      return deadline;
    }
  }
  return null;
}

/**
 * The state with its lots in the redemption order of the version in force at `at` (the state
 * itself when they are in it already): what a decision at `at` draws from. The fold puts them in
 * that order too, with the first entry of that version (decision 021).
 */
export function inOrderAt(versions: Versions, state: MemberState, at: string): MemberState {
  if (!versions.mixedOrders) return state;
  const lots = lotsInOrder(state.lots, versions.at(at).redemption.order);
  return lots === state.lots ? state : { ...state, lots };
}

/** The later of two canonical instants. */
function later(a: string, b: string): string {
  return a < b ? b : a;
}
