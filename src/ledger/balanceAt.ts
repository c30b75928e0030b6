import type { LocalDate } from '../time/index.js';
import { epochOf, formatYmd, isoOf, localYmdOf, msOf } from '../time/internal.js';
import type { MemberState } from './types.js';

/** A member's points as of an instant. All amounts in point units. */
export interface Balance {
  /** The instant this balance is for (canonical UTC). */
  readonly asOf: string;
  /** Redeemable now: not pending, not expired. */
  readonly available: number;
  /** Earned but not yet redeemable (return windows). */
  readonly pending: number;
  /** Points that will expire after `asOf`, grouped by the local date of expiry, soonest first. */
  readonly expiring: readonly { readonly on: LocalDate; readonly at: string; readonly points: number }[];
}

/**
 * The balance as of an instant, computed from the open lots without changing the state: a lot
 * whose `expiresAt` is at or before `asOf` no longer counts even if `advance` has not yet written
 * its expiry; a lot whose `availableAt` is after `asOf` (or unknown) is pending; with inactivity
 * expiry, lots available at the deadline no longer count once it has passed. A debt (negative
 * balance after a refund) is subtracted from `available`.
 *
 * @param state - the member
 * @param asOf - the instant (canonical or not)
 * @param zone - the zone for the `on` dates of expiring points
 * @param inactivityDeadline - when the whole balance expires for inactivity, if it does
 */
export function balanceAt(
  state: MemberState,
  asOf: string,
  zone: string,
  inactivityDeadline: string | null = null,
): Balance {
  const t = isoOf(epochOf(asOf, ['asOf']));
  let available = state.debt === 0 ? 0 : -state.debt;
  let pending = 0;
  let atDeadline = 0;
  const expiring = new Map<string, { on: string; at: string; points: number }>();
  const add = (at: string, points: number): void => {
    const known = expiring.get(at);
    if (known !== undefined) known.points += points;
    else expiring.set(at, { on: formatYmd(localYmdOf(msOf(at) - 1, zone)), at, points });
  };
  for (const lot of state.lots) {
    if (lot.expiresAt !== null && lot.expiresAt <= t) continue;
    // Inactivity takes every lot available at the deadline.
    const inactive =
      inactivityDeadline !== null && lot.availableAt !== null && lot.availableAt <= inactivityDeadline;
    if (inactive && inactivityDeadline <= t) continue;
    if (lot.availableAt === null || lot.availableAt > t) pending += lot.remaining;
    else available += lot.remaining;
    if (inactive && (lot.expiresAt === null || lot.expiresAt > inactivityDeadline))
      atDeadline += lot.remaining;
    else if (lot.expiresAt !== null) add(lot.expiresAt, lot.remaining);
  }
  if (inactivityDeadline !== null && atDeadline > 0) add(inactivityDeadline, atDeadline);
  const byDay = new Map<string, { on: string; at: string; points: number }>();
  for (const x of [...expiring.values()].sort((a, b) => (a.at < b.at ? -1 : 1))) {
    const d = byDay.get(x.on);
    if (d !== undefined) d.points += x.points;
    else byDay.set(x.on, { ...x });
  }
  return { asOf: t, available, pending, expiring: [...byDay.values()] };
}
