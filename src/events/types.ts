import type * as z from 'zod/mini';
import type { DeepReadonly } from '../json/index.js';
import type { eventSchema, purchaseLineSchema } from './schema.js';

/**
 * An event as the host sends it (see the schema for every field), with readonly arrays and objects,
 * so a literal written `as const` is accepted as well.
 *
 * @useDeclaredType
 */
export type LoyaltyEventInput = DeepReadonly<z.input<typeof eventSchema>>;

/**
 * An event after `parseEvent`: validated, `occurredAt` in canonical UTC form, purchase lines with
 * their ids, `orderId` filled in.
 *
 * @useDeclaredType
 */
export type LoyaltyEvent =
  z.output<typeof eventSchema> extends infer E
    ? E extends { type: 'purchase' }
      ? Omit<E, 'lines' | 'orderId'> & { readonly orderId: string; readonly lines: readonly PurchaseLine[] }
      : E
    : never;

/** The event types. */
export type LoyaltyEventType = LoyaltyEvent['type'];

/**
 * One purchase line after parsing: `id` always present.
 *
 * @useDeclaredType
 */
export type PurchaseLine = Omit<z.output<typeof purchaseLineSchema>, 'id'> & { readonly id: string };

/** The purchase event after parsing. */
export type PurchaseEvent = Extract<LoyaltyEvent, { type: 'purchase' }>;
/** A redemption event after parsing. */
export type RedemptionEvent = Extract<LoyaltyEvent, { type: 'redemption' }>;
/** A redemption cancellation after parsing. */
export type RedemptionCancellationEvent = Extract<LoyaltyEvent, { type: 'redemptionCancellation' }>;
/** An adjustment after parsing. */
export type AdjustmentEvent = Extract<LoyaltyEvent, { type: 'adjustment' }>;
/** A referral after parsing. */
export type ReferralEvent = Extract<LoyaltyEvent, { type: 'referral' }>;
/** A sign-up after parsing. */
export type SignupEvent = Extract<LoyaltyEvent, { type: 'signup' }>;
/** A custom event after parsing. */
export type CustomEvent = Extract<LoyaltyEvent, { type: 'custom' }>;
/** A refund after parsing. */
export type RefundEvent = Extract<LoyaltyEvent, { type: 'refund' }>;
/** A profile update after parsing. */
export type MemberProfileUpdatedEvent = Extract<LoyaltyEvent, { type: 'memberProfileUpdated' }>;
/** An order completion after parsing. */
export type OrderCompletedEvent = Extract<LoyaltyEvent, { type: 'orderCompleted' }>;
