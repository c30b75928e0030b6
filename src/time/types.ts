/**
 * A moment in time, as an ISO-8601 string in UTC. Functions accept any ISO-8601 date-time with `Z` or
 * an explicit offset (`2026-03-01T17:30:00+08:00`) and always return the canonical form produced by
 * `Date.prototype.toISOString()`: `2026-03-01T09:30:00.000Z` (milliseconds and `Z` always present).
 * Canonical instants of years 0000..9999 sort correctly as plain strings.
 */
export type Instant = string;

/** A calendar date without a time or a zone, `YYYY-MM-DD` (e.g. `2026-03-01`). */
export type LocalDate = string;

/** An IANA time zone name such as `Asia/Shanghai`, `Europe/Berlin` or `UTC`. */
export type TimeZone = string;

/** First day of the week: 0 = Sunday, 1 = Monday (ISO, China, Europe; the default), ... 6 = Saturday. */
export type WeekStartsOn = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * What 29 February becomes in a year without it: `feb28` (the default, as most shops do) or `mar1`.
 */
export type BirthdayPolicy = 'feb28' | 'mar1';

/** Calendar units for period boundaries and period keys. */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Options of the week-aware functions. */
export interface WeekOptions {
  /** First day of the week, 0 (Sunday) to 6 (Saturday). Default 1 (Monday). */
  readonly weekStartsOn?: WeekStartsOn;
}

/** The wall-clock reading of an instant in a zone. */
export interface LocalParts {
  readonly year: number;
  /** 1 (January) to 12. */
  readonly month: number;
  /** 1 to 31. */
  readonly day: number;
  /** 0 to 23. */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  readonly weekday: number;
  /** 1 to 366. */
  readonly dayOfYear: number;
}

/** A half-open interval of time: `start` is included, `end` is excluded. */
export interface Bounds {
  readonly start: Instant;
  readonly end: Instant;
}

/**
 * A window of time, resolved against an `asOf` instant and a zone by `windowBounds`.
 * - `rollingDays` / `rollingMonths`: today (in the zone) and the whole days before it, up to and
 *   including `asOf`; e.g. 7 days as of Sunday 15:00 = Monday 00:00 up to Sunday 15:00.
 * - `calendar`: the whole calendar day/week/month/quarter/year containing `asOf`.
 * - `anniversaryYear`: the membership year containing `asOf`, from one anniversary of joining to the
 *   next (needs `joinedAt` in the context).
 * - `fixedCycle`: consecutive periods of `months` months from `anchor` (a local date); the cycle
 *   containing `asOf`.
 * - `lifetime`: from `joinedAt` (or the earliest supported instant) up to and including `asOf`.
 */
export type Window =
  | { readonly type: 'rollingDays'; readonly days: number }
  | { readonly type: 'rollingMonths'; readonly months: number }
  | { readonly type: 'calendar'; readonly unit: PeriodUnit }
  | { readonly type: 'anniversaryYear' }
  | { readonly type: 'fixedCycle'; readonly months: number; readonly anchor: LocalDate }
  | { readonly type: 'lifetime' };

/** What some windows need beyond `asOf` and the zone. */
export interface WindowContext extends WeekOptions {
  /** When the member joined; required by `anniversaryYear`, used by `lifetime`. */
  readonly joinedAt?: Instant;
  /** 29 February policy for anniversaries. Default `feb28`. */
  readonly policy?: BirthdayPolicy;
}
