export { DEFAULT_EVENT_LIMITS, type EventLimits, type EventOptions } from './limits.js';
export { parseEvent } from './parseEvent.js';
export { EVENT_TYPES, eventSchema } from './schema.js';
export type {
  AdjustmentEvent,
  CustomEvent,
  LoyaltyEvent,
  LoyaltyEventInput,
  LoyaltyEventType,
  MemberProfileUpdatedEvent,
  OrderCompletedEvent,
  PurchaseEvent,
  PurchaseLine,
  RedemptionCancellationEvent,
  RedemptionEvent,
  ReferralEvent,
  RefundEvent,
  SignupEvent,
} from './types.js';
