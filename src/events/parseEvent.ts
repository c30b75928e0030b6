import type * as z from 'zod/mini';
import {
  capIssues,
  fromZodIssues,
  guard,
  LoyaltyError,
  type LoyaltyIssue,
  type PathSegment,
  withoutCovered,
} from '../errors/index.js';
import { copyJsonBounded, deepFreeze } from '../json/index.js';
import { epochOf, instantOf } from '../time/internal.js';
import { fastShape } from './fastShape.js';
import { type EventLimits, type EventOptions, eventJsonLimits, resolveEventLimits } from './limits.js';
import { profileUpdateIssues } from './profileUpdate.js';
import { eventSchema } from './schema.js';
import type { LoyaltyEvent, PurchaseLine } from './types.js';

/**
 * Validates an event and returns its normalized form: `occurredAt` as a canonical UTC instant,
 * every purchase line with an `id` (its index when none was given), `orderId` defaulting to the
 * event id. Every problem is reported with its path. The result is deep-frozen; handing it back to
 * `parseEvent` or `engine.apply` skips validation (parse once, replay under many programs).
 *
 * The input is copied within {@link EventLimits} first (nesting, number of values, string lengths;
 * keys `__proto__`, `constructor` and `prototype` refused), so the caller's objects are never
 * frozen or shared. `engine.apply` parses with the engine's limits (`createEngine(program, {
 * eventLimits })`, by default these); an event parsed here is applied as it is, whatever they are.
 *
 * @param input - the event as the host sends it
 * @param options - `limits`: overrides of {@link DEFAULT_EVENT_LIMITS}
 * @returns the parsed event
 * @throws {LoyaltyError} INVALID_EVENT listing every problem (unknown type or field, missing or
 *   malformed field, duplicate line ids, payments above the order total, a redemption naming both
 *   points and a reward, a limit exceeded, ...)
 * @throws {LoyaltyError} INVALID_ARGUMENT for bad `options.limits`
 * @example
 * parseEvent({ type: 'custom', id: 'e-1', occurredAt: '2026-03-01T17:30:00+08:00', name: 'review' })
 * //=> { type: 'custom', id: 'e-1', occurredAt: '2026-03-01T09:30:00.000Z', name: 'review' }
 */
export function parseEvent(input: unknown, options?: EventOptions): LoyaltyEvent {
  if (typeof input === 'object' && input !== null && PARSED.has(input)) return input as LoyaltyEvent;
  const event = guard(() => parse(input, resolveEventLimits(options)), 'parseEvent');
  PARSED.add(deepFreeze(event));
  return event;
}

/**
 * Events this library parsed (and froze): passing one to `parseEvent` or `engine.apply` again skips
 * validation, so a stream parsed once can be replayed under several programs cheaply.
 */
const PARSED = new WeakSet<object>();

function parse(input: unknown, limits: EventLimits): LoyaltyEvent {
  {
    const issues: LoyaltyIssue[] = [];
    const e = (fastShape(input, limits) as ShapedEvent | undefined) ?? shape(input, limits, issues);
    const add = (path: PathSegment[], code: string, message: string): void => {
      issues.push({ code, path, message });
    };
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
          if (!Number.isSafeInteger(gross)) {
            add(
              ['lines', i, 'price'],
              'amount_overflow',
              `price × quantity is beyond ${Number.MAX_SAFE_INTEGER} minor units (the safe integer range)`,
            );
          }
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
          return { id: lineId, ...fields };
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
        const lineOverflow = issues.some((i) => i.code === 'amount_overflow');
        if (!lineOverflow && (!Number.isSafeInteger(total) || !Number.isSafeInteger(paid))) {
          add(
            Number.isSafeInteger(total) ? ['payments'] : ['lines'],
            'amount_overflow',
            `The order total is beyond ${Number.MAX_SAFE_INTEGER} minor units (the safe integer range)`,
          );
        } else if (!lineOverflow && paid > total) {
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
            const until = instantOf(epochOf(e.until, ['until']));
            (e as { until?: string }).until = until;
            // (compared only with a valid occurredAt: an invalid one has its own issue)
            if (until <= occurredAt && !issues.some((i) => i.path[0] === 'occurredAt')) {
              add(
                ['until'],
                'grant_ends_before',
                `The grant would end (until ${until}) no later than it starts (occurredAt ${occurredAt}): until must be later`,
              );
            }
          } catch (err) {
            if (err instanceof LoyaltyError) issues.push(...err.issues);
            else throw err;
          }
        }
        break;
      case 'memberProfileUpdated':
        issues.push(...profileUpdateIssues(e));
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

type ShapedEvent = z.infer<typeof eventSchema>;

/**
 * The event copied within the limits and checked by the schema: throws with every problem when it
 * does not fit the schema, else returns it (problems of the copy that left it valid, such as a
 * refused key, are pushed to `issues` and reported with the later checks).
 */
function shape(input: unknown, limits: EventLimits, issues: LoyaltyIssue[]): ShapedEvent {
  const copy = copyJsonBounded(input, [], issues, eventJsonLimits(limits));
  if (copy.stopped) throw invalid(issues);
  const lines = (copy.value as { lines?: unknown } | null)?.lines;
  if (Array.isArray(lines) && lines.length > limits.maxLines) {
    issues.push({
      code: 'limit_exceeded',
      path: ['lines'],
      message: `Too many lines: ${lines.length} (the limit is ${limits.maxLines}, EventLimits.maxLines)`,
    });
    throw invalid(issues);
  }
  const parsed = eventSchema.safeParse(copy.value);
  if (!parsed.success) {
    throw invalid([...issues, ...withoutCovered(fromZodIssues(parsed.error.issues), issues)]);
  }
  return parsed.data;
}

function invalid(issues: readonly LoyaltyIssue[]): LoyaltyError {
  return new LoyaltyError('INVALID_EVENT', 'Invalid event', capIssues(issues));
}
