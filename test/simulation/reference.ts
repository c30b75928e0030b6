/**
 * A deliberately naive reference model of the points ledger, written without any code from src/:
 * lots in a plain map keyed by id (never removed, so a closed lot can be re-opened), redemptions
 * with their allocations, the debt, the recent event ids, and totals summed by brute force over
 * every entry at every step. It does not re-implement earning rules: it takes what each entry says
 * it did and checks that it is possible (draws only from lots that hold the points and are
 * available, redemptions drawn in redemption order, cancellations restoring exactly what was
 * drawn, expiries taking whole lots that are due, reversals that follow the refund policy), then
 * compares its bookkeeping with the engine's state.
 */
import type { LedgerEntry, Lot, MemberState, PointTotals, ProgramInput } from 'loyalty-engine';

/** What the model reads from a program version. */
export interface VersionFacts {
  readonly recentEvents: number;
  readonly order: 'expiryFirst' | 'earnedFirst';
  readonly policy: 'pendingOnly' | 'clampToZero' | 'allowNegative';
  /** The deepest debt allowed (point units), Infinity without a floor. */
  readonly maxDebt: number;
}

export function versionFacts(p: ProgramInput): VersionFacts {
  const scale = 10 ** (p.pointsPrecision ?? 0);
  const policy = p.refunds?.policy ?? 'clampToZero';
  const floor = p.refunds?.negativeFloor;
  return {
    recentEvents: p.idempotency?.recentEvents ?? 1000,
    order: p.redemption?.order ?? 'expiryFirst',
    policy,
    maxDebt:
      policy !== 'allowNegative'
        ? 0
        : floor === undefined
          ? Number.POSITIVE_INFINITY
          : -Math.round(Number(floor) * scale),
  };
}

interface RefLot {
  readonly id: string;
  readonly amount: number;
  remaining: number;
  readonly earnedAt: string;
  availableAt: string | null;
  expiresAt: string | null;
}

/** A problem the model found, with the name of the check. */
export interface Problem {
  readonly check: string;
  readonly message: string;
}

const iso = (s: string): string => new Date(s).toISOString();

/** Whether a lot can be spent at an instant: available, not expired, not empty. */
export function usable(lot: { availableAt: string | null; expiresAt: string | null }, at: string): boolean {
  return lot.availableAt !== null && lot.availableAt <= at && (lot.expiresAt === null || lot.expiresAt > at);
}

function pendingAt(lot: { availableAt: string | null; expiresAt: string | null }, at: string): boolean {
  return (lot.availableAt === null || lot.availableAt > at) && (lot.expiresAt === null || lot.expiresAt > at);
}

/** Redemption order, written out: expiry (never last), then earned, then id; or earned, then id. */
function before(a: RefLot, b: RefLot, order: VersionFacts['order']): number {
  if (order === 'expiryFirst') {
    const ea = a.expiresAt ?? '~';
    const eb = b.expiresAt ?? '~';
    if (ea !== eb) return ea < eb ? -1 : 1;
  }
  if (a.earnedAt !== b.earnedAt) return a.earnedAt < b.earnedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ZERO: PointTotals = {
  earned: 0,
  adjustedIn: 0,
  adjustedOut: 0,
  redeemed: 0,
  restored: 0,
  expired: 0,
  reversed: 0,
};

export class ReferenceLedger {
  private readonly lots = new Map<string, RefLot>();
  private readonly redemptions = new Map<
    string,
    { allocations: { lotId: string; points: number }[]; cancelled: boolean }
  >();
  private debt = 0;
  private recent: string[] = [];
  /** Totals at the last re-derivation (whose entry replaces the state), and every entry since. */
  private baseTotals: PointTotals = ZERO;
  private readonly since: LedgerEntry[] = [];
  /** Whether a `stateRederived` entry replaced the model's bookkeeping with the engine's. */
  rebased = false;

  constructor(private readonly versionOf: (n: number) => VersionFacts) {}

  /** Folds one step's entries, returning what cannot be right. */
  fold(entries: readonly LedgerEntry[]): Problem[] {
    const out: Problem[] = [];
    const bad = (check: string, message: string): void => {
      out.push({ check: `reference.${check}`, message });
    };
    for (const e of entries) {
      const v = this.versionOf(e.programVersion);
      const at = e.occurredAt;
      const draw = (lotId: string, points: number, mustBeUsable: boolean): void => {
        const lot = this.lots.get(lotId);
        if (lot === undefined) {
          bad('unknownLot', `${e.sourceKey} draws from unknown lot ${lotId}`);
          return;
        }
        if (!(points > 0)) bad('draw', `${e.sourceKey} draws ${points} from ${lotId}`);
        if (points > lot.remaining)
          bad('overdraw', `${e.sourceKey} draws ${points} from ${lotId}, which holds ${lot.remaining}`);
        if (mustBeUsable && !usable(lot, at)) {
          bad(
            'drawUnusable',
            `${e.sourceKey} at ${at} draws from ${lotId} (available ${lot.availableAt}, expires ${lot.expiresAt}): pending or expired points are not spendable`,
          );
        }
        lot.remaining -= points;
      };
      const credit = (lot: Lot, points: number, repaid: number): void => {
        const old = this.lots.get(lot.id);
        if (old !== undefined) bad('lotTwice', `${e.sourceKey} creates lot ${lot.id} again`);
        if (lot.amount !== points)
          bad('lotAmount', `${e.sourceKey}: lot of ${lot.amount} for ${points} points`);
        if (repaid < 0 || repaid > this.debt)
          bad('debtRepaid', `${e.sourceKey} repays ${repaid} of a debt of ${this.debt}`);
        if (lot.remaining !== points - repaid) {
          bad(
            'lotRemaining',
            `${e.sourceKey}: lot holds ${lot.remaining}, expected ${points} - ${repaid} repaid`,
          );
        }
        if (lot.earnedAt !== at)
          bad('lotTime', `${e.sourceKey}: lot earned at ${lot.earnedAt}, entry at ${at}`);
        if (lot.availableAt !== null && lot.availableAt < lot.earnedAt)
          bad('lotTime', `${lot.id} available before earned`);
        if (lot.expiresAt !== null && lot.expiresAt <= lot.earnedAt)
          bad('lotTime', `${lot.id} expires when earned`);
        this.debt -= repaid;
        this.lots.set(lot.id, {
          id: lot.id,
          amount: lot.amount,
          remaining: lot.remaining,
          earnedAt: lot.earnedAt,
          availableAt: lot.availableAt,
          expiresAt: lot.expiresAt,
        });
      };
      /** The draw a redemption must make: usable lots in redemption order, front first. */
      const expectedDraw = (points: number): { lotId: string; points: number }[] | null => {
        const open = [...this.lots.values()].filter((l) => l.remaining > 0 && usable(l, at));
        open.sort((a, b) => before(a, b, v.order));
        const plan: { lotId: string; points: number }[] = [];
        let left = points;
        for (const l of open) {
          if (left === 0) break;
          const take = Math.min(l.remaining, left);
          plan.push({ lotId: l.id, points: take });
          left -= take;
        }
        return left === 0 ? plan : null;
      };
      const sameDraw = (
        what: string,
        got: readonly { lotId: string; points: number }[],
        points: number,
      ): void => {
        const want = expectedDraw(points);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          bad(
            'drawOrder',
            `${what} ${e.sourceKey} drew ${JSON.stringify(got)}; in ${v.order} order: ${JSON.stringify(want)}`,
          );
        }
      };
      if (e.type !== 'stateRederived') this.since.push(e);
      switch (e.type) {
        case 'eventApplied':
          this.recent.push(e.eventId);
          if (this.recent.length > v.recentEvents) this.recent.splice(0, this.recent.length - v.recentEvents);
          break;
        case 'pointsEarned':
          credit(e.lot, e.points, e.debtRepaid);
          break;
        case 'pointsAdjusted':
          if (e.lot !== null) {
            if (e.points <= 0) bad('adjustment', `${e.sourceKey} credits ${e.points}`);
            credit(e.lot, e.points, e.debtRepaid);
          } else {
            if (e.points >= 0) bad('adjustment', `${e.sourceKey} debits ${e.points}`);
            const balance =
              [...this.lots.values()].reduce((s, l) => s + (usable(l, at) ? l.remaining : 0), 0) - this.debt;
            if (-e.points > balance) {
              bad(
                'spendWhileNegative',
                `${e.sourceKey} debits ${-e.points} but the balance is ${balance} (debt ${this.debt})`,
              );
            }
            sameDraw('adjustment', e.allocations, -e.points);
            for (const a of e.allocations) draw(a.lotId, a.points, true);
          }
          break;
        case 'pointsRedeemed': {
          const sum = e.allocations.reduce((s, a) => s + a.points, 0);
          if (sum !== e.points) bad('allocations', `${e.sourceKey} draws ${sum} for ${e.points} points`);
          const balance =
            [...this.lots.values()].reduce((s, l) => s + (usable(l, at) ? l.remaining : 0), 0) - this.debt;
          if (e.points > balance) {
            bad(
              'spendWhileNegative',
              `${e.sourceKey} redeems ${e.points} but the balance is ${balance} (debt ${this.debt})`,
            );
          }
          sameDraw('redemption', e.allocations, e.points);
          for (const a of e.allocations) draw(a.lotId, a.points, true);
          if (this.redemptions.has(e.redemptionId))
            bad('redemptionTwice', `${e.redemptionId} redeemed twice`);
          this.redemptions.set(e.redemptionId, {
            allocations: e.allocations.map((a) => ({ ...a })),
            cancelled: false,
          });
          break;
        }
        case 'redemptionCancelled': {
          // The points coming back pay off the debt first, taken from the lots in draw order.
          const repaid = e.debtRepaid ?? 0;
          if (repaid !== Math.min(this.debt, e.points)) {
            bad(
              'debtRepaid',
              `${e.sourceKey} repays ${repaid} of a debt of ${this.debt} with ${e.points} points`,
            );
          }
          this.debt -= repaid;
          const r = this.redemptions.get(e.redemptionId);
          if (r === undefined) {
            if (!this.rebased)
              bad('cancelUnknown', `${e.sourceKey} cancels unknown redemption ${e.redemptionId}`);
          } else {
            if (r.cancelled) bad('cancelTwice', `${e.sourceKey} cancels ${e.redemptionId} a second time`);
            r.cancelled = true;
            let repay = repaid;
            const expected: { lotId: string; points: number }[] = [];
            for (const a of r.allocations) {
              const take = Math.min(repay, a.points);
              repay -= take;
              if (a.points > take) expected.push({ lotId: a.lotId, points: a.points - take });
            }
            if (JSON.stringify(expected) !== JSON.stringify(e.restored)) {
              bad(
                'restore',
                `${e.sourceKey} restores ${JSON.stringify(e.restored)}; the redemption drew ${JSON.stringify(r.allocations)} and ${repaid} repay the debt`,
              );
            }
          }
          const sum = e.restored.reduce((s, a) => s + a.points, 0);
          if (sum !== e.points - repaid)
            bad('allocations', `${e.sourceKey} restores ${sum} for ${e.points} (${repaid} repay the debt)`);
          for (const a of e.restored) {
            const lot = this.lots.get(a.lotId);
            if (lot === undefined) {
              bad('unknownLot', `${e.sourceKey} restores unknown lot ${a.lotId}`);
              continue;
            }
            lot.remaining += a.points;
            if (lot.remaining > lot.amount)
              bad('overRestore', `${a.lotId} holds ${lot.remaining} of ${lot.amount} after ${e.sourceKey}`);
          }
          break;
        }
        case 'pointsActivated': {
          const lot = this.lots.get(e.lotId);
          // An award whose lot holds none of its points (they paid off a debt, or a refund took
          // them) is activated with 0 points: it counts for tiers from now. After a re-derivation the
          // model starts from the state's lots, where such an award has none.
          if (lot === undefined && e.points === 0 && this.rebased) break;
          if (lot === undefined || (lot.remaining === 0 && e.points !== 0)) {
            bad('activation', `${e.sourceKey} activates ${e.lotId}, which is not open`);
            break;
          }
          if (!pendingAt(lot, new Date(Date.parse(at) - 1).toISOString()) && e.reason === 'windowPassed') {
            bad('activation', `${e.sourceKey}: ${e.lotId} was not pending (available ${lot.availableAt})`);
          }
          if (e.points !== lot.remaining)
            bad('activation', `${e.sourceKey} activates ${e.points}, the lot holds ${lot.remaining}`);
          if (e.availableAt > at)
            bad('activation', `${e.sourceKey} at ${at} says available from ${e.availableAt}`);
          if (e.reason === 'windowPassed' && lot.availableAt !== e.availableAt) {
            bad(
              'activation',
              `${e.sourceKey} activates at ${e.availableAt}, the lot said ${lot.availableAt}`,
            );
          }
          lot.availableAt = e.availableAt;
          lot.expiresAt = e.expiresAt;
          break;
        }
        case 'pointsExpired': {
          const sum = e.allocations.reduce((s, a) => s + a.points, 0);
          if (sum !== e.points) bad('allocations', `${e.sourceKey} expires ${sum} for ${e.points}`);
          for (const a of e.allocations) {
            const lot = this.lots.get(a.lotId);
            if (lot === undefined) {
              bad('unknownLot', `${e.sourceKey} expires unknown lot ${a.lotId}`);
              continue;
            }
            if (a.points !== lot.remaining)
              bad('partialExpiry', `${e.sourceKey} expires ${a.points} of ${a.lotId}'s ${lot.remaining}`);
            if (e.reason === 'lotExpired' && (lot.expiresAt === null || lot.expiresAt > at)) {
              bad('earlyExpiry', `${e.sourceKey} at ${at} expires ${a.lotId}, due ${lot.expiresAt}`);
            }
            if (e.reason === 'inactivity' && (lot.availableAt === null || lot.availableAt > at)) {
              bad('pendingExpired', `${e.sourceKey} takes pending lot ${a.lotId} for inactivity`);
            }
            draw(a.lotId, a.points, false);
          }
          if (e.reason === 'forfeited') {
            const left = [...this.lots.values()].filter((l) => l.remaining > 0).map((l) => l.id);
            if (left.length > 0) bad('forfeit', `${e.sourceKey} leaves lots ${left.join(', ')} open`);
          }
          break;
        }
        case 'pointsReversed': {
          const policy = v.policy;
          const own = e.awardLotId;
          const ownLot = this.lots.get(own);
          const ownHeld = ownLot?.remaining ?? 0;
          e.allocations.forEach((a, i) => {
            if (a.lotId === own) {
              if (i !== 0) bad('reversalOrder', `${e.sourceKey} takes from the award's own lot after others`);
            } else if (policy === 'pendingOnly') {
              bad('pendingOnly', `${e.sourceKey} takes from lot ${a.lotId} under pendingOnly`);
            }
            // Other orders' pending points may go too under allowNegative, before any debt (decision 012).
            const pendingOther =
              a.lotId !== own &&
              policy === 'allowNegative' &&
              this.lots.has(a.lotId) &&
              pendingAt(this.lots.get(a.lotId)!, at);
            draw(a.lotId, a.points, a.lotId !== own && !pendingOther);
          });
          if (ownHeld > 0 && e.requested > 0 && e.allocations[0]?.lotId !== own) {
            bad('reversalOrder', `${e.sourceKey} leaves ${ownHeld} in the award's own lot`);
          }
          const drawn = e.allocations.reduce((s, a) => s + a.points, 0);
          if (drawn + e.debt !== e.points)
            bad('allocations', `${e.sourceKey}: ${drawn} drawn + ${e.debt} debt != ${e.points}`);
          if (e.points + e.shortfall !== e.requested || e.shortfall < 0 || e.debt < 0) {
            bad('allocations', `${e.sourceKey}: ${e.points} + ${e.shortfall} short != ${e.requested}`);
          }
          if (e.debt > 0 && policy !== 'allowNegative')
            bad('debtPolicy', `${e.sourceKey} makes a debt under ${policy}`);
          this.debt += e.debt;
          if (this.debt > v.maxDebt)
            bad('floor', `${e.sourceKey} takes the debt to ${this.debt}, beyond the floor ${v.maxDebt}`);
          // Before forgiving or owing anything, a refund takes every usable point (except pendingOnly).
          if ((e.shortfall > 0 || e.debt > 0) && policy !== 'pendingOnly') {
            const left = [...this.lots.values()].filter((l) => l.remaining > 0 && usable(l, at));
            if (left.length > 0) {
              bad(
                'clamp',
                `${e.sourceKey} leaves ${left.map((l) => `${l.id}=${l.remaining}`).join(', ')} but owes or forgives ${e.debt + e.shortfall}`,
              );
            }
          }
          // ... and under allowNegative every pending point before owing: no debt waits beside them.
          if (e.debt > 0 && policy === 'allowNegative') {
            const waiting = [...this.lots.values()].filter((l) => l.remaining > 0 && pendingAt(l, at));
            if (waiting.length > 0) {
              bad(
                'debtBesidePending',
                `${e.sourceKey} owes ${e.debt} while ${waiting.map((l) => `${l.id}=${l.remaining}`).join(', ')} wait pending`,
              );
            }
          }
          if (e.shortfall > 0 && policy === 'allowNegative' && this.debt < v.maxDebt) {
            bad(
              'floor',
              `${e.sourceKey} forgives ${e.shortfall} while the floor allows more debt (${this.debt} of ${v.maxDebt})`,
            );
          }
          break;
        }
        case 'stateRederived':
          this.rebase(e.state, e.entries.length);
          // The recent ids are the last ids applied, in the order they were applied (decision 002):
          // the late event joins them last, whatever its time.
          this.recent.push(e.lateEventId);
          if (this.recent.length > v.recentEvents) this.recent.splice(0, this.recent.length - v.recentEvents);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** A re-derivation replaced the state: the model starts again from it (the from-scratch check covers it). */
  private rebase(state: MemberState, _entries: number): void {
    this.rebased = true;
    this.lots.clear();
    for (const l of state.lots) {
      this.lots.set(l.id, {
        id: l.id,
        amount: l.amount,
        remaining: l.remaining,
        earnedAt: l.earnedAt,
        availableAt: l.availableAt,
        expiresAt: l.expiresAt,
      });
    }
    // Lots that a cancellation may re-open.
    for (const r of state.redemptions) {
      for (const d of r.drawn) {
        if (!this.lots.has(d.lot.id)) {
          this.lots.set(d.lot.id, {
            id: d.lot.id,
            amount: d.lot.amount,
            remaining: 0,
            earnedAt: d.lot.earnedAt,
            availableAt: d.lot.availableAt,
            expiresAt: d.lot.expiresAt,
          });
        }
      }
    }
    this.redemptions.clear();
    for (const r of state.redemptions) {
      this.redemptions.set(r.redemptionId, {
        allocations: r.drawn.map((d) => ({ lotId: d.lot.id, points: d.points })),
        cancelled: r.cancelledBy !== null,
      });
    }
    this.debt = state.debt;
    this.baseTotals = { ...state.totals };
    this.since.length = 0;
  }

  /** Totals summed over every entry (since the last re-derivation), by brute force. */
  totals(): PointTotals {
    const t = { ...this.baseTotals };
    for (const e of this.since) {
      switch (e.type) {
        case 'pointsEarned':
          t.earned += e.points;
          break;
        case 'pointsAdjusted':
          if (e.points > 0) t.adjustedIn += e.points;
          else t.adjustedOut -= e.points;
          break;
        case 'pointsRedeemed':
          t.redeemed += e.points;
          break;
        case 'redemptionCancelled':
          t.restored += e.points;
          break;
        case 'pointsExpired':
          t.expired += e.points;
          break;
        case 'pointsReversed':
          t.reversed += e.points;
          break;
        default:
          break;
      }
    }
    return t;
  }

  /** The debt the model has counted. */
  get owed(): number {
    return this.debt;
  }

  get recentIds(): readonly string[] {
    return this.recent;
  }

  /** Whether an event id is among the recent ids the state must remember. */
  remembers(id: string): boolean {
    return this.recent.includes(id);
  }

  /** Open lots, as the model has them. */
  open(): RefLot[] {
    return [...this.lots.values()].filter((l) => l.remaining > 0);
  }

  /** The balance the model expects at an instant (no inactivity: the caller knows when that applies). */
  balance(at: string): { available: number; pending: number } {
    const t = iso(at);
    let available = -this.debt;
    let pending = 0;
    for (const l of this.lots.values()) {
      if (l.remaining === 0) continue;
      if (usable(l, t)) available += l.remaining;
      else if (pendingAt(l, t)) pending += l.remaining;
    }
    return { available, pending };
  }

  /** Compares the model's bookkeeping with a state. */
  compare(state: MemberState, order: VersionFacts['order'] | null): Problem[] {
    const out: Problem[] = [];
    const bad = (check: string, message: string): void => {
      out.push({ check: `reference.${check}`, message });
    };
    const open = this.open();
    const byId = new Map(state.lots.map((l) => [l.id, l]));
    for (const l of open) {
      const s = byId.get(l.id);
      if (s === undefined) {
        bad('lots', `lot ${l.id} should hold ${l.remaining} but is not open in the state`);
        continue;
      }
      if (s.remaining !== l.remaining || s.amount !== l.amount) {
        bad(
          'lots',
          `lot ${l.id}: state holds ${s.remaining} of ${s.amount}, the ledger leaves ${l.remaining} of ${l.amount}`,
        );
      }
      if (s.availableAt !== l.availableAt || s.expiresAt !== l.expiresAt || s.earnedAt !== l.earnedAt) {
        bad(
          'lots',
          `lot ${l.id}: state has available ${s.availableAt} expires ${s.expiresAt}, the ledger says ${l.availableAt} / ${l.expiresAt}`,
        );
      }
    }
    const known = new Set(open.map((l) => l.id));
    for (const s of state.lots)
      if (!known.has(s.id))
        bad('lots', `lot ${s.id} is open in the state with ${s.remaining}, the ledger closed it`);
    if (state.debt !== this.debt) bad('debt', `state debt ${state.debt}, the ledger gives ${this.debt}`);
    const totals = this.totals();
    if (JSON.stringify(totals) !== JSON.stringify(state.totals)) {
      bad(
        'totals',
        `state totals ${JSON.stringify(state.totals)}, summed from the ledger ${JSON.stringify(totals)}`,
      );
    }
    if (JSON.stringify(this.recent) !== JSON.stringify(state.recentEventIds)) {
      bad(
        'recentEventIds',
        `state remembers ${state.recentEventIds.length} ids, the ledger gives ${this.recent.length} (last: ${state.recentEventIds.slice(-3)} vs ${this.recent.slice(-3)})`,
      );
    }
    for (const l of state.lots) {
      if (l.expiresAt !== null && l.expiresAt <= state.clock)
        bad(
          'expiredOpen',
          `lot ${l.id} expired at ${l.expiresAt} but holds ${l.remaining} at ${state.clock}`,
        );
      if (l.remaining <= 0 || l.remaining > l.amount)
        bad('lots', `lot ${l.id} holds ${l.remaining} of ${l.amount}`);
    }
    if (order !== null) {
      for (let i = 1; i < state.lots.length; i++) {
        const a = state.lots[i - 1]!;
        const b = state.lots[i]!;
        if (before(a as RefLot, b as RefLot, order) > 0)
          bad('lotOrder', `lot ${b.id} comes after ${a.id} in ${order} order`);
      }
    }
    return out;
  }
}
