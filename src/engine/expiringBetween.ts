import { isPendingAt, isUsableAt, type MemberState } from '../ledger/index.js';
import { formatYmd, localYmdOf } from '../time/internal.js';
import type { ExpiringPoints } from './types.js';

/**
 * Points expiring in `[from, to)`, grouped by instant, soonest first: lots dated to expire in the
 * range (pending lots included: they may expire while pending) and, with inactivity expiry, the
 * balance available at the deadline when it falls in the range. Reads the state; changes nothing.
 */
export function expiringBetween(
  state: MemberState,
  from: string,
  to: string,
  zone: string,
  deadline: string | null,
): ExpiringPoints[] {
  const byInstant = new Map<string, ExpiringPoints>();
  const add = (at: string, points: number, reason: ExpiringPoints['reason']): void => {
    if (points <= 0) return;
    const key = `${at}|${reason}`;
    const known = byInstant.get(key);
    byInstant.set(
      key,
      known !== undefined
        ? { ...known, points: known.points + points }
        : { at, on: formatYmd(localYmdOf(Date.parse(at) - 1, zone)), points, reason },
    );
  };
  let atDeadline = 0;
  for (const lot of state.lots) {
    if (lot.expiresAt !== null && lot.expiresAt >= from && lot.expiresAt < to) {
      if (isUsableAt(lot, from) || isPendingAt(lot, from)) add(lot.expiresAt, lot.remaining, 'lotExpired');
      continue;
    }
    if (deadline !== null && deadline >= from && deadline < to && isUsableAt(lot, deadline)) {
      atDeadline += lot.remaining;
    }
  }
  if (deadline !== null) add(deadline, atDeadline, 'inactivity');
  return [...byInstant.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
