import { fromZodIssues, guard, LoyaltyError, type LoyaltyIssue, type PathSegment } from '../errors/index.js';
import { copyJson, deepFreeze } from '../json/index.js';
import { epochOf, instantOf } from '../time/internal.js';
import { eventSchema } from './schema.js';
import type { LoyaltyEvent, PurchaseLine } from './types.js';

/**
 * Validates an event and returns its normalized form: `occurredAt` as a canonical UTC instant,
 * every purchase line with an `id` (its index when none was given), `orderId` defaulting to the
 * event id. Every problem is reported with its path. The result is deep-frozen; handing it back to
 * `parseEvent` or `engine.apply` skips validation (parse once, replay under many programs).
 *
 * @param input - the event as the host sends it
 * @returns the parsed event
 * @throws {LoyaltyError} INVALID_EVENT listing every problem (unknown type or field, missing or
 *   malformed field, duplicate line ids, payments above the order total, a redemption naming both
 *   points and a reward, ...)
 * @example
 * parseEvent({ type: 'custom', id: 'e-1', occurredAt: '2026-03-01T17:30:00+08:00', name: 'review' })
 * //=> { type: 'custom', id: 'e-1', occurredAt: '2026-03-01T09:30:00.000Z', name: 'review' }
 */
export function parseEvent(input: unknown): LoyaltyEvent {
  if (typeof input === 'object' && input !== null && PARSED.has(input)) return input as LoyaltyEvent;
  const event = guard(() => parse(input), 'parseEvent');
  PARSED.add(deepFreeze(event));
  return event;
}

/**
 * Events this library parsed (and froze): passing one to `parseEvent` or `engine.apply` again skips
 * validation, so a stream parsed once can be replayed under several programs cheaply.
 */
const PARSED = new WeakSet<object>();

function parse(input: unknown): LoyaltyEvent {
  {
    const parsed = eventSchema.safeParse(input);
    if (!parsed.success) throw invalid(fromZodIssues(parsed.error.issues));
    const e = parsed.data;
    const issues: LoyaltyIssue[] = [];
    const add = (path: PathSegment[], code: string, message: string): void => {
      issues.push({ code, path, message });
    };
    const json = <T>(value: T | undefined, path: PathSegment[]): T | undefined =>
      value === undefined ? undefined : (copyJson(value, path, issues) as T);
    if ('attributes' in e && e.attributes !== undefined) {
      (e as { attributes?: unknown }).attributes = json(e.attributes, ['attributes']);
    }
    let occurredAt = e.occurredAt;
    try {
      occurredAt = instantOf(epochOf(e.occurredAt, ['occurredAt']));
    } catch (err) {
      if (err instanceof LoyaltyError) issues.push(...err.issues);
      else throw err;
    }
    switch (e.type) {
      case 'purchase': {
        const ids = new Set<string>();
        let total = 0;
        const lines: PurchaseLine[] = e.lines.map((line, i) => {
          const lineId = line.id ?? String(i);
          if (ids.has(lineId)) add(['lines', i, 'id'], 'duplicate_line', `Line id "${lineId}" is used twice`);
          ids.add(lineId);
          const gross = line.price * line.quantity;
          const discount = line.discount ?? 0;
          if (discount > gross) {
            add(
              ['lines', i, 'discount'],
              'discount_above_price',
              'The discount is larger than the line amount',
            );
          }
          total += gross - discount + (line.tax ?? 0);
          // Filled-in fields keep the schema's key order, so a parsed event read back from JSON
          // and parsed again serializes byte for byte the same.
          const { id: _id, ...fields } = line;
          if (fields.attributes === undefined) return { id: lineId, ...fields };
          return {
            id: lineId,
            ...fields,
            attributes: json(fields.attributes, ['lines', i, 'attributes']) ?? {},
          };
        });
        if ((e.orderDiscount ?? 0) > total) {
          add(
            ['orderDiscount'],
            'discount_above_total',
            'The order discount is larger than what the lines cost',
          );
        }
        total += -(e.orderDiscount ?? 0) + (e.shipping ?? 0) + (e.shippingTax ?? 0);
        const paid = (e.payments ?? []).reduce((s, p) => s + p.amount, 0);
        if (!Number.isSafeInteger(total) || !Number.isSafeInteger(paid)) {
          add([], 'amount_overflow', 'The order total is too large');
        } else if (paid > total) {
          add(['payments'], 'overpaid', `Payments (${paid}) exceed the order total (${total})`);
        }
        if (issues.length > 0) throw invalid(issues);
        const { id, occurredAt: _at, memberId, type, orderId, ...rest } = e;
        return {
          id,
          occurredAt,
          ...(memberId === undefined ? {} : { memberId }),
          type,
          orderId: orderId ?? id,
          ...rest,
          lines,
        };
      }
      case 'redemption':
        if ((e.points === undefined) === (e.rewardId === undefined)) {
          add(
            ['points'],
            'points_or_reward',
            'A redemption names either points or a rewardId, not both or neither',
          );
        }
        if (e.quantity !== undefined && e.rewardId === undefined) {
          add(['quantity'], 'quantity_without_reward', 'quantity applies only with a rewardId');
        }
        break;
      case 'adjustment':
        if (e.points === 0) add(['points'], 'zero_adjustment', 'An adjustment of 0 points changes nothing');
        break;
      case 'tierGrant':
        if (e.until !== undefined) {
          try {
            (e as { until?: string }).until = instantOf(epochOf(e.until, ['until']));
          } catch (err) {
            if (err instanceof LoyaltyError) issues.push(...err.issues);
            else throw err;
          }
        }
        break;
      case 'referral':
        if (e.referrerId === e.refereeId) {
          add(['refereeId'], 'self_referral', 'A member cannot refer themselves');
        }
        break;
      default:
        break;
    }
    if (issues.length > 0) throw invalid(issues);
    return { ...e, occurredAt } as LoyaltyEvent;
  }
}

function invalid(issues: readonly LoyaltyIssue[]): LoyaltyError {
  return new LoyaltyError('INVALID_EVENT', 'Invalid event', issues);
}
