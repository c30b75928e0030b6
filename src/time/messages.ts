/**
 * Message builders of the time module: what happened, and what to do. Kept in one place so the
 * wording stays consistent (STYLE 3.4).
 */

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'number') return String(value);
  return `${typeof value} ${String(value)}`;
}

export const messages = {
  notAnInstant(input: unknown): string {
    if (typeof input !== 'string') {
      return `Expected an ISO-8601 instant string such as "2026-03-01T09:30:00.000Z", got ${describe(input)}`;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(input)) {
      return `${describe(input)} is a date without a time: an instant needs a time and "Z" or an offset, e.g. "${input}T00:00:00Z" (or use startOfLocalDate to get the start of that day in a zone)`;
    }
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(input)) {
      return `${describe(input)} has no time zone: add "Z" for UTC or an offset such as "+08:00"`;
    }
    return `${describe(input)} is not an ISO-8601 instant: expected e.g. "2026-03-01T09:30:00.000Z" or "2026-03-01T17:30:00+08:00"`;
  },
  impossibleInstant(input: string, detail: string): string {
    return `${describe(input)} is not a real date-time: ${detail}`;
  },
  notALocalDate(input: unknown): string {
    if (typeof input !== 'string') {
      return `Expected a calendar date string "YYYY-MM-DD" such as "2026-03-01", got ${describe(input)}`;
    }
    return `${describe(input)} is not a calendar date: expected "YYYY-MM-DD", e.g. "2026-03-01"`;
  },
  impossibleLocalDate(input: string, detail: string): string {
    return `${describe(input)} is not a real calendar date: ${detail}`;
  },
  outOfRange(what: string): string {
    return `${what} falls outside the supported range of years 0000 to 9999`;
  },
  unknownTimeZone(zone: unknown): string {
    if (typeof zone !== 'string') {
      return `Expected an IANA time zone name such as "Asia/Shanghai", got ${describe(zone)}`;
    }
    if (/^[+-]\d/.test(zone) || /^(GMT|UTC)[+-]/i.test(zone)) {
      return `Time zone ${describe(zone)} is a fixed offset: use an IANA zone name such as "Asia/Shanghai" (or "Etc/GMT-8" for a fixed UTC+8)`;
    }
    return `${describe(zone)} is not an IANA time zone name this runtime knows: expected e.g. "Asia/Shanghai", "Europe/Berlin" or "UTC"`;
  },
  notAnInteger(what: string, value: unknown, min: number, max: number): string {
    return `${what} must be an integer from ${min} to ${max}, got ${describe(value)}`;
  },
  badOption(what: string, value: unknown, allowed: readonly string[]): string {
    return `${what} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`;
  },
  missingJoinedAt(windowType: string): string {
    return `A "${windowType}" window needs the member's joinedAt in the window context`;
  },
  unknownWindow(value: unknown): string {
    return `Unknown window ${describe(value)}: expected a type of "rollingDays", "rollingMonths", "calendar", "anniversaryYear", "fixedCycle" or "lifetime"`;
  },
};
