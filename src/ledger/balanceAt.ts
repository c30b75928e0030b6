import type { LocalDate } from '../time/index.js';
import { epochOf, formatYmd, localYmdOf } from '../time/internal.js';
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
 * its expiry; a lot whose `availableAt` is after `asOf` is pending.
 *
 * @param state - the member
 * @param asOf - the instant (canonical or not)
 * @param zone - the zone for the `on` dates of expiring points
 */
export function balanceAt(state: MemberState, asOf: string, zone: string): Balance {
  const t = new Date(epochOf(asOf, ['asOf'])).toISOString();
  let available = 0;
  let pending = 0;
  const expiring = new Map<string, { on: string; at: string; points: number }>();
  for (const lot of state.lots) {
    if (lot.expiresAt !== null && lot.expiresAt <= t) continue;
    if (lot.availableAt > t) pending += lot.remaining;
    else available += lot.remaining;
    if (lot.expiresAt !== null) {
      const known = expiring.get(lot.expiresAt);
      if (known !== undefined) known.points += lot.remaining;
      else {
        const on = formatYmd(localYmdOf(Date.parse(lot.expiresAt) - 1, zone));
        expiring.set(lot.expiresAt, { on, at: lot.expiresAt, points: lot.remaining });
      }
    }
  }
  const byDay = new Map<string, { on: string; at: string; points: number }>();
  for (const x of [...expiring.values()].sort((a, b) => (a.at < b.at ? -1 : 1))) {
    const d = byDay.get(x.on);
    if (d !== undefined) d.points += x.points;
    else byDay.set(x.on, { ...x });
  }
  return { asOf: t, available, pending, expiring: [...byDay.values()] };
}
