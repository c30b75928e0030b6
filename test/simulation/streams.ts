/**
 * Seeded generator of one member's long event stream. It is reactive, like a real host: it looks at
 * the member's state (the balance before a redemption, the rewards it may use, the status) and
 * remembers what it sent (orders and their lines for refunds, redemptions to cancel, events to
 * re-send). Its choices depend only on its seed and on the engine's answers, so a seed reproduces
 * the stream.
 *
 * Operations: purchases with lines, discounts, tax, shipping and payments; partial and full refunds
 * (and refunds of too much or of unknown orders); order completions; redemptions by points and by
 * reward (some with a stock); cancellations (some twice, some unknown); adjustments; sign-ups,
 * birthdays (often on the birthday), referrals both ways, custom events; status changes; tier
 * grants and revokes; rewards used; exact duplicates; late events; `advance` calls; invalid
 * events. Time moves in gaps from zero (equal instants) to months, and often jumps to the instants
 * where calendars break: DST changes, local midnights, month, quarter and year ends, 29 February.
 */
import type { ApplyOptions, EnrollInput, MemberState } from 'loyalty-engine';
import { SIM_BUGS } from './knownBugs.js';
import { CATEGORIES, CHANNELS, CUSTOM_EVENTS, LINE_TAGS, type SimProgram, SKUS } from './programs.js';
import type { Rng } from './rng.js';
import { interestingInstants, localMidnight, offsetAt, writeInstant, ZONES } from './zones.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type Json = Record<string, unknown>;

/** One thing the host does: apply an event, or advance the member's time. */
export type Op =
  | { readonly kind: 'event'; readonly event: Json; readonly options?: ApplyOptions }
  | { readonly kind: 'advance'; readonly to: string };

/** How an operation went. */
export type Outcome = 'applied' | 'duplicate' | 'refused';

interface OrderInfo {
  readonly orderId: string;
  readonly lines: { readonly id: string; readonly quantity: number; refunded: number }[];
  full: boolean;
}

export const MEMBER_ID = 'm-1';

/** The member of a stream: joined at `joinedMs`, maybe with a birthday and a zone of their own. */
export function generateMember(rng: Rng, joinedMs: number): EnrollInput {
  const birthday = rng.chance(0.8)
    ? rng.chance(0.15)
      ? `${rng.pick(['1992', '2000', '0000'])}-02-29`
      : `${rng.pick(['1985', '1999', '0000'])}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
    : undefined;
  return {
    memberId: MEMBER_ID,
    joinedAt: new Date(joinedMs).toISOString(),
    ...(birthday !== undefined ? { birthday } : {}),
    ...(rng.chance(0.2) ? { timeZone: rng.pick(ZONES) } : {}),
    ...(rng.chance(0.2) ? { tags: ['vip'] } : {}),
  };
}

export class StreamGenerator {
  private now: number;
  private n = 0;
  private readonly zone: string;
  private readonly interesting: number[];
  private readonly sent: Json[] = [];
  private readonly orders: OrderInfo[] = [];
  private readonly redemptions: { id: string; cancelled: boolean }[] = [];
  private pending: { op: Op; order?: OrderInfo; redemption?: string } | undefined;

  constructor(
    private readonly rng: Rng,
    private readonly program: SimProgram,
    private readonly member: EnrollInput,
    private readonly length: number,
    endMs: number,
  ) {
    this.now = Date.parse(member.joinedAt);
    this.zone = member.timeZone ?? program.zone;
    this.interesting = [
      ...interestingInstants(this.zone, this.now, endMs),
      ...program.versionStarts.flatMap((t) => [t - 1, t, t + 1]),
    ].sort((a, b) => a - b);
  }

  /** The next operation, given the member's state now. */
  next(state: MemberState, available: (at: string) => number, index: number): Op {
    const op = this.make(state, available, index);
    return op;
  }

  /** Tells the generator how its last operation went. */
  observe(outcome: Outcome): void {
    const p = this.pending;
    this.pending = undefined;
    if (p === undefined || outcome !== 'applied') return;
    if (p.order !== undefined) this.orders.push(p.order);
    if (p.redemption !== undefined) this.redemptions.push({ id: p.redemption, cancelled: false });
  }

  private id(prefix = 'e'): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }

  /** Moves time forward by a random gap, or to the next interesting instant. */
  private tick(): void {
    const r = this.rng;
    switch (r.weighted({ same: 12, seconds: 15, hours: 20, days: 30, weeks: 8, jump: 15 })) {
      case 'same':
        break;
      case 'seconds':
        this.now += r.int(1, 600) * 1000;
        break;
      case 'hours':
        this.now += r.int(1, 20) * HOUR + r.int(0, 59) * MINUTE;
        break;
      case 'days':
        this.now += r.int(1, 6) * DAY + r.int(0, 23) * HOUR;
        break;
      case 'weeks':
        this.now += r.int(7, 90) * DAY + r.int(0, 86_399) * 1000;
        break;
      default: {
        const ahead = this.interesting.filter((t) => t > this.now).slice(0, 8);
        if (ahead.length > 0) this.now = r.pick(ahead);
        else this.now += r.int(1, 30) * DAY;
      }
    }
  }

  private at(ms = this.now): string {
    return writeInstant(ms, this.rng.pick(ZONES.slice(0, 4)), this.rng.chance(0.3));
  }

  private make(state: MemberState, available: (at: string) => number, index: number): Op {
    const r = this.rng;
    const p = this.program;
    this.tick();
    // A member who starts as applied gets verified and activated early on.
    if (state.status === 'applied' || state.status === 'verified') {
      if (r.chance(0.5)) {
        const type = state.status === 'applied' && r.chance(0.5) ? 'memberVerified' : 'memberActivated';
        return this.event({ type, id: this.id(), occurredAt: this.at() });
      }
    }
    const late = state.clock > new Date(this.now).toISOString() ? 0 : 1;
    // Rewards the host may mark as used (not a gift's while SIM_BUGS.giftAgainAfterUse).
    const usable = state.rewards.filter((x) => !(SIM_BUGS.giftAgainAfterUse && x.key.startsWith('gift:')));
    const kind = r.weighted({
      purchase: 30,
      refund: 9,
      orderCompleted: 5,
      redemption: 10,
      cancel: this.redemptions.length > 0 ? 3 : 0.2,
      adjustment: 4,
      signup: 1.5,
      birthday: 3,
      referral: 2,
      custom: 5,
      status: state.status === 'suspended' ? 8 : index > this.length * 0.85 ? 1.5 : 1,
      tier: p.tierIds.length > 0 ? 1.5 : 0,
      rewardUsed: usable.length > 0 ? 3 : 0,
      duplicate: this.sent.length > 0 ? 6 : 0,
      late: 5 * late,
      advance: 6,
      invalid: 1.5,
    });
    switch (kind) {
      case 'purchase':
        return this.purchase(this.now);
      case 'refund':
        return this.refund();
      case 'orderCompleted': {
        const o = this.recentOrder();
        return this.event({
          type: 'orderCompleted',
          id: this.id(),
          occurredAt: this.at(),
          orderId: o?.orderId ?? 'no-such-order',
        });
      }
      case 'redemption':
        return this.redemption(available);
      case 'cancel': {
        const open = this.redemptions.filter((x) => !x.cancelled || r.chance(0.1));
        const target = open.length > 0 && r.chance(0.9) ? r.pick(open.slice(-5)) : undefined;
        if (target !== undefined) target.cancelled = true;
        return this.event({
          type: 'redemptionCancellation',
          id: this.id(),
          occurredAt: this.at(),
          redemptionId: target?.id ?? 'no-such-redemption',
          ...(r.chance(0.3) ? { reason: 'changed mind' } : {}),
        });
      }
      case 'adjustment': {
        const credit = r.chance(0.6);
        const avail = Math.max(0, available(new Date(this.now).toISOString()));
        const units = credit
          ? r.int(1, 200) * p.scale + r.int(0, p.scale - 1)
          : -Math.max(1, Math.min(avail + (r.chance(0.2) ? 10 : 0), r.int(1, 300) * p.scale));
        return this.event({
          type: 'adjustment',
          id: this.id(),
          occurredAt: this.at(),
          points: units,
          reason: 'goodwill',
        });
      }
      case 'signup':
        return this.event({
          type: 'signup',
          id: this.id(),
          occurredAt: this.at(),
          ...(r.chance(0.4) ? { referredBy: `friend-${r.int(1, 3)}` } : {}),
        });
      case 'birthday': {
        if (this.member.birthday !== undefined && r.chance(0.6)) this.jumpToBirthday(this.member.birthday);
        return this.event({ type: 'birthday', id: this.id(), occurredAt: this.at() });
      }
      case 'referral': {
        const friend = `friend-${r.int(1, 4)}`;
        const asReferrer = r.chance(0.6);
        return this.event({
          type: 'referral',
          id: this.id(),
          occurredAt: this.at(),
          referrerId: asReferrer ? MEMBER_ID : friend,
          refereeId: asReferrer ? friend : MEMBER_ID,
          ...(r.chance(0.6) ? { status: r.pick(['signedUp', 'qualified']) } : {}),
        });
      }
      case 'custom':
        return this.event({
          type: 'custom',
          id: this.id(),
          occurredAt: this.at(),
          name: r.pick([...CUSTOM_EVENTS, 'other']),
          ...(r.chance(0.3) ? { attributes: { source: r.pick(['app', 'web']) } } : {}),
        });
      case 'status': {
        const type =
          state.status === 'suspended'
            ? r.pick(['memberReinstated', 'memberReinstated', 'memberReinstated', 'memberActivated'])
            : index > this.length * 0.85 && r.chance(0.3)
              ? 'memberClosed'
              : r.pick([
                  'memberSuspended',
                  'memberSuspended',
                  'memberSuspended',
                  'memberActivated',
                  'memberVerified',
                  'memberReinstated',
                ]);
        return this.event({
          type,
          id: this.id(),
          occurredAt: this.at(),
          ...(r.chance(0.3) ? { reason: 'ops' } : {}),
        });
      }
      case 'tier': {
        if (r.chance(0.3)) return this.event({ type: 'tierRevoke', id: this.id(), occurredAt: this.at() });
        return this.event({
          type: 'tierGrant',
          id: this.id(),
          occurredAt: this.at(),
          tierId: r.chance(0.95) ? r.pick(p.tierIds) : 'no-such-tier',
          ...(r.chance(0.5) ? { until: new Date(this.now + r.int(1, 400) * DAY).toISOString() } : {}),
          ...(r.chance(0.5) ? { lock: r.chance(0.5) } : {}),
        });
      }
      case 'rewardUsed': {
        const key = r.chance(0.9) ? r.pick(usable).key : 'no-such-key';
        return this.event({ type: 'rewardUsed', id: this.id(), occurredAt: this.at(), key });
      }
      case 'duplicate': {
        // An exact re-send of a recent event (sometimes of an old one).
        const from = r.chance(0.8) ? Math.max(0, this.sent.length - 12) : 0;
        const event = this.sent[r.int(from, this.sent.length - 1)]!;
        return { kind: 'event', event };
      }
      case 'late':
        return this.late(state);
      case 'advance': {
        this.tick();
        if (r.chance(0.3)) this.now += r.int(1, 120) * DAY;
        return { kind: 'advance', to: this.at() };
      }
      default:
        return this.invalid();
    }
  }

  private event(
    event: Json,
    extra: { order?: OrderInfo; redemption?: string; options?: ApplyOptions } = {},
  ): Op {
    this.sent.push(event);
    const op: Op =
      extra.options === undefined
        ? { kind: 'event', event }
        : { kind: 'event', event, options: extra.options };
    this.pending = {
      op,
      ...(extra.order !== undefined ? { order: extra.order } : {}),
      ...(extra.redemption !== undefined ? { redemption: extra.redemption } : {}),
    };
    return op;
  }

  private purchase(ms: number): Op {
    const r = this.rng;
    const p = this.program;
    const unit = 10 ** p.exponent;
    const lineCount = r.int(1, 4);
    const lines: Json[] = [];
    let net = 0;
    let tax = 0;
    for (let i = 0; i < lineCount; i++) {
      const quantity = r.chance(0.7) ? 1 : r.int(2, 5);
      const price = r.chance(0.05) ? 0 : r.int(1, 150) * unit + (unit > 1 ? r.int(0, unit - 1) : 0);
      const gross = price * quantity;
      const discount = r.chance(0.2) ? Math.floor(gross * r.next() * 0.3) : 0;
      const lineTax = r.chance(0.3) ? Math.floor((gross - discount) * 0.1) : 0;
      net += gross - discount;
      tax += lineTax;
      const line: Json = { id: `L${i + 1}`, sku: r.pick(SKUS), quantity, price };
      if (r.chance(0.8)) line['category'] = r.pick(CATEGORIES);
      if (r.chance(0.3)) line['tags'] = r.subset([...LINE_TAGS]);
      if (discount > 0) line['discount'] = discount;
      if (lineTax > 0) line['tax'] = lineTax;
      lines.push(line);
    }
    const id = this.id('o');
    const event: Json = { type: 'purchase', id, occurredAt: this.at(ms), currency: p.currency, lines };
    const orderDiscount = r.chance(0.2) ? Math.floor(net * r.next() * 0.3) : 0;
    if (orderDiscount > 0) event['orderDiscount'] = orderDiscount;
    const shipping = r.chance(0.3) ? r.int(0, 20) * unit : 0;
    if (shipping > 0) event['shipping'] = shipping;
    const total = net - orderDiscount + tax + shipping;
    if (r.chance(0.3) && total > 2) {
      const payments: Json[] = [];
      let left = total;
      for (const method of r.subset(['giftCard', 'points', 'card', 'wechat'], 0.4)) {
        const amount = Math.floor(left * r.next() * 0.6);
        if (amount <= 0) continue;
        payments.push({ method, amount });
        left -= amount;
      }
      if (payments.length > 0) event['payments'] = payments;
    }
    if (r.chance(0.5)) event['channel'] = r.pick(CHANNELS);
    if (r.chance(0.1)) event['store'] = r.pick(['s1', 's2']);
    // Now and then the host reuses an order id under a new event id (refused: duplicate_order).
    const reuse = this.orders.length > 0 && r.chance(0.02) ? r.pick(this.orders).orderId : undefined;
    if (reuse !== undefined) event['orderId'] = reuse;
    const order: OrderInfo = {
      orderId: reuse ?? id,
      lines: lines.map((l) => ({ id: l['id'] as string, quantity: l['quantity'] as number, refunded: 0 })),
      full: false,
    };
    return this.event(event, { order });
  }

  private recentOrder(): OrderInfo | undefined {
    const open = this.orders.filter((o) => !o.full);
    if (open.length === 0) return undefined;
    return this.rng.chance(0.8) ? this.rng.pick(open.slice(-6)) : this.rng.pick(open);
  }

  private refund(): Op {
    const r = this.rng;
    const o = this.recentOrder();
    const event: Json = {
      type: 'refund',
      id: this.id('rf'),
      occurredAt: this.at(),
      orderId: o?.orderId ?? 'no-such-order',
    };
    if (o !== undefined) {
      if (r.chance(0.3)) {
        o.full = true;
        for (const l of o.lines) l.refunded = l.quantity;
      } else {
        const lines: Json[] = [];
        for (const l of o.lines) {
          const left = l.quantity - l.refunded;
          if (left <= 0 || !r.chance(0.6)) continue;
          const q = r.chance(0.05) ? left + 1 : r.int(1, left);
          lines.push({ lineId: l.id, quantity: q });
          l.refunded += Math.min(q, left);
        }
        if (lines.length === 0) {
          const l = o.lines.find((x) => x.quantity > x.refunded);
          if (l !== undefined) {
            lines.push({ lineId: l.id, quantity: 1 });
            l.refunded += 1;
          }
        }
        if (lines.length > 0) event['lines'] = lines;
        if (o.lines.every((l) => l.refunded >= l.quantity)) o.full = true;
      }
    }
    if (r.chance(0.2)) event['reason'] = 'returned';
    return this.event(event);
  }

  private redemption(available: (at: string) => number): Op {
    const r = this.rng;
    const p = this.program;
    const id = this.id('rd');
    const occurredAt = this.at();
    if (p.rewardIds.length > 0 && r.chance(0.4)) {
      const rewardId = r.chance(0.95) ? r.pick(p.rewardIds) : 'no-such-reward';
      const quantity = r.chance(0.8) ? undefined : r.int(1, 3);
      const options = r.chance(0.2) ? { stock: { [rewardId]: r.int(0, 2) } } : undefined;
      return this.event(
        { type: 'redemption', id, occurredAt, rewardId, ...(quantity !== undefined ? { quantity } : {}) },
        { redemption: id, ...(options !== undefined ? { options } : {}) },
      );
    }
    const avail = available(new Date(this.now).toISOString());
    let points: number;
    if (avail <= 0 || r.chance(0.1)) points = r.int(1, 100) * p.scale;
    else {
      points = Math.max(1, Math.floor(avail * r.pick([0.1, 0.3, 0.5, 0.9, 1, 1])));
      // round to a step most programs accept
      const step = r.pick([1, 5, 10]) * p.scale;
      if (points >= step) points -= points % step;
    }
    return this.event({ type: 'redemption', id, occurredAt, points }, { redemption: id });
  }

  private late(state: MemberState): Op {
    const r = this.rng;
    const clock = Date.parse(state.clock);
    const back = r.pick([MINUTE, HOUR, DAY, 3 * DAY, 8 * DAY, 31 * DAY]) * r.next() + 1000;
    const ms = Math.floor(clock - back);
    switch (r.int(0, 3)) {
      case 0:
        return this.purchase(ms);
      case 1:
        return this.event({
          type: 'custom',
          id: this.id(),
          occurredAt: this.at(ms),
          name: r.pick(CUSTOM_EVENTS),
        });
      case 2:
        return this.event({
          type: 'adjustment',
          id: this.id(),
          occurredAt: this.at(ms),
          points: r.int(1, 50) * this.program.scale,
          reason: 'late credit',
        });
      default:
        return this.event({ type: 'birthday', id: this.id(), occurredAt: this.at(ms) });
    }
  }

  private jumpToBirthday(birthday: string): void {
    const month = Number(birthday.slice(5, 7));
    const day = Number(birthday.slice(8, 10));
    const local = new Date(this.now + offsetAt(this.now, this.zone));
    let year = local.getUTCFullYear();
    for (let k = 0; k < 3; k++, year++) {
      const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
      const d = month === 2 && day === 29 && !leap ? 28 : day;
      const start = localMidnight(year, month, d, this.zone) + this.rng.int(0, 23) * HOUR;
      if (start > this.now) {
        if (start - this.now < 400 * DAY) this.now = start;
        return;
      }
    }
  }

  private invalid(): Op {
    const r = this.rng;
    const occurredAt = this.at();
    switch (r.int(0, 6)) {
      case 0:
        return this.event({
          type: 'purchase',
          id: this.id(),
          occurredAt,
          currency: this.program.currency === 'USD' ? 'EUR' : 'USD',
          lines: [{ sku: 'latte', quantity: 1, price: 100 }],
        });
      case 1:
        return this.event({ type: 'adjustment', id: this.id(), occurredAt, points: 0, reason: 'zero' });
      case 2:
        return this.event({ type: 'teleport', id: this.id(), occurredAt });
      case 3:
        return this.event({ type: 'custom', id: this.id(), occurredAt, name: 'x', memberId: 'someone-else' });
      case 4:
        return this.event({ type: 'custom', id: this.id(), occurredAt: '2026-13-45T99:00:00Z', name: 'x' });
      case 5:
        return this.event({
          type: 'purchase',
          id: this.id(),
          occurredAt,
          currency: this.program.currency,
          lines: [],
        });
      default:
        return this.event({ type: 'redemption', id: this.id(), occurredAt, points: 5, rewardId: 'coffee' });
    }
  }
}
