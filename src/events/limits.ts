/**
 * Limits on events (untrusted JSON sent by other systems): what `parseEvent` accepts, each
 * configurable through `options.limits`. With the program's limits they bound what one event can
 * cost to apply (docs/guides/untrusted-programs.md).
 */
import { type JsonLimits, resolveLimitOverrides } from '../json/index.js';

/**
 * Limits on an event, see {@link DEFAULT_EVENT_LIMITS} for the defaults. An event beyond one is
 * refused (`INVALID_EVENT`, issue code `limit_exceeded`, the message naming the limit).
 */
export interface EventLimits {
  /** Values in the whole event (objects, arrays, strings, numbers, booleans, nulls). Default 100,000. */
  readonly maxNodes: number;
  /**
   * Nesting of objects and arrays in the whole event. Default 20: `attributes` of a purchase line
   * (at depth 3) may nest 16 more levels.
   */
  readonly maxDepth: number;
  /** Characters in any one string or key (fields with a smaller fixed maximum keep it). Default 10,000. */
  readonly maxStringLength: number;
  /** Characters in all strings and keys together (about the event's size in bytes). Default 1,000,000. */
  readonly maxTotalStringLength: number;
  /** Lines of a purchase, and of a refund. Default 1,000. */
  readonly maxLines: number;
}

/** Options of `parseEvent`. */
export interface EventOptions {
  /** Overrides of {@link DEFAULT_EVENT_LIMITS}; each a positive integer. */
  readonly limits?: Partial<EventLimits>;
}

/** The default {@link EventLimits}. */
export const DEFAULT_EVENT_LIMITS: EventLimits = Object.freeze({
  maxNodes: 100_000,
  maxDepth: 20,
  maxStringLength: 10_000,
  maxTotalStringLength: 1_000_000,
  maxLines: 1_000,
});

/**
 * Checks the overrides and merges them into the defaults.
 * @throws {LoyaltyError} INVALID_ARGUMENT for an unknown limit or a value that is not a positive integer
 * @internal
 */
export function resolveEventLimits(options: EventOptions | undefined): EventLimits {
  if (options?.limits === undefined) return DEFAULT_EVENT_LIMITS;
  return resolveLimitOverrides(options.limits, DEFAULT_EVENT_LIMITS, {}, 'event');
}

/** The bounds `copyJson` applies to a whole event. @internal */
export function eventJsonLimits(limits: EventLimits): JsonLimits {
  return {
    maxDepth: limits.maxDepth,
    maxNodes: limits.maxNodes,
    maxStringLength: limits.maxStringLength,
    maxTotalStringLength: limits.maxTotalStringLength,
    name: 'EventLimits',
  };
}
