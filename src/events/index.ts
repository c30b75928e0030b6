export { parseEvent } from './parseEvent.js';
export { EVENT_TYPES, eventSchema } from './schema.js';
export type {
  AdjustmentEvent,
  CustomEvent,
  LoyaltyEvent,
  LoyaltyEventInput,
  LoyaltyEventType,
  PurchaseEvent,
  PurchaseLine,
  RedemptionCancellationEvent,
  RedemptionEvent,
  ReferralEvent,
  SignupEvent,
} from './types.js';
