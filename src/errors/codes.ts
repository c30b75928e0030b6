/**
 * Every error code the library can throw. Codes are public API: stable forever, never renamed.
 * Branch on `error.code`, never on message text.
 */
export const ERROR_CODES = [
  /** A program definition failed validation. */
  'INVALID_PROGRAM',
  /** An event failed validation. */
  'INVALID_EVENT',
  /** A rule condition (json-rules-engine format) is malformed, unknown, or unsafe. */
  'INVALID_CONDITION',
  /** A function argument is out of its domain (bad rate, negative count, bad option). */
  'INVALID_ARGUMENT',
  /** A money amount could not be parsed or is out of the safe integer range. */
  'INVALID_AMOUNT',
  /** A currency code is not an active ISO 4217 code the library knows. */
  'UNKNOWN_CURRENCY',
  /** Two amounts in different currencies were combined. */
  'CURRENCY_MISMATCH',
  /** A points quantity is not exact at the program's precision or out of range. */
  'INVALID_POINTS',
  /** An instant or calendar date could not be parsed. */
  'INVALID_DATE',
  /** An IANA time zone name is unknown to the runtime. */
  'UNKNOWN_TIME_ZONE',
  /** A redemption asked for more points than are available. */
  'INSUFFICIENT_POINTS',
  /** A redemption broke a program limit (minimum, per-order maximum, step) or cannot be cancelled. */
  'REDEMPTION_NOT_ALLOWED',
  /** A redemption named a reward that is not in the program's catalog. */
  'UNKNOWN_REWARD',
  /** A reward is out of stock (the host passed the stock with the event). */
  'OUT_OF_STOCK',
  /** A member reached a reward's per-member limit. */
  'REWARD_LIMIT',
  /** The member is not active (applied, verified or suspended) for this event, or the status change is not allowed. */
  'MEMBER_NOT_ACTIVE',
  /** The member's membership is closed: no further events. */
  'MEMBER_CLOSED',
  /** An event arrived earlier than what was already applied and cannot be re-derived. */
  'OUT_OF_ORDER',
  /**
   * A member's stored version kept changing under a write (optimistic concurrency): every attempt of
   * `processEvent` met another writer's commit first. Nothing was applied; process the event again.
   */
  'CONFLICT',
  /**
   * A member state or ledger entry has a schema version this library cannot use as it is: an older
   * one (upgrade it with `migrateState` / `migrateEntries`) or a newer one (upgrade the library).
   */
  'UNSUPPORTED_SCHEMA_VERSION',
  /** A configured limit (size, depth, length, count) was exceeded. */
  'LIMIT_EXCEEDED',
  /** Analytics input has too little information to estimate anything (empty, all zero). */
  'INSUFFICIENT_DATA',
  /** An optimizer did not converge and the caller asked for a strict fit. */
  'NOT_CONVERGED',
  /** A broken internal invariant: a bug in loyalty-engine. The original error is the `cause`. */
  'INTERNAL',
] as const;

/** A stable error code; see {@link ERROR_CODES}. */
export type LoyaltyErrorCode = (typeof ERROR_CODES)[number];
