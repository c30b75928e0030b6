import type { MemberState } from '../ledger/index.js';
import { formatYmd, localYmdOf, msOf } from '../time/internal.js';
import { advanceState } from './advance.js';
import type { ExpiringPoints } from './types.js';
import type { Versions } from './versions.js';

/**
 * Points expiring in `[from, to)`, grouped by instant and reason, soonest first: exactly the
 * expiries `advance` would write before `to` if nothing else happened (dated lot expiries, pending
 * lots included, and every inactivity expiry, also one an earlier inactivity expiry restarted).
 * Reads the state; changes nothing.
 */
export function expiringBetween(
  versions: Versions,
  state: MemberState,
  from: string,
  to: string,
  zone: string,
): ExpiringPoints[] {
  if (to <= from) return [];
  const byInstant = new Map<string, ExpiringPoints>();
  for (const e of advanceState(versions, state, to).entries) {
    if (e.type !== 'pointsExpired' || e.reason === 'forfeited' || e.points <= 0) continue;
    if (e.occurredAt < from || e.occurredAt >= to) continue;
    const key = `${e.occurredAt}|${e.reason}`;
    const known = byInstant.get(key);
    byInstant.set(
      key,
      known !== undefined
        ? { ...known, points: known.points + e.points }
        : {
            at: e.occurredAt,
            on: formatYmd(localYmdOf(msOf(e.occurredAt) - 1, zone)),
            points: e.points,
            reason: e.reason,
          },
    );
  }
  return [...byInstant.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
