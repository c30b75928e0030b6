/**
 * When a new lot becomes available and when it expires (DOMAIN.md points 3-4), in the member's zone.
 * "Expires at the end of a day" is exclusive at the start of the next local day.
 */
import type { CompiledAwardRule, CompiledProgram } from '../program/index.js';
import { addDaysIn } from '../time/index.js';
import {
  addMonthsYmd,
  epochDayOf,
  instantOf,
  localEpochDayOf,
  msOf,
  nextPeriodStartDay,
  periodStartDay,
  startOfEpochDay,
  ymdOfEpochDay,
} from '../time/internal.js';

/** The availability of a lot earned at `earnedAt` by `rule` (null rule: an adjustment). */
export function availableAtFor(
  program: CompiledProgram,
  rule: CompiledAwardRule | null,
  earnedAt: string,
  zone: string,
): string | null {
  const p = program.pending;
  if (p === null || rule === null || !p.appliesTo(rule)) return earnedAt;
  if (p.days === null) return null; // until orderCompleted, no fallback
  return p.days === 0 ? earnedAt : addDaysIn(earnedAt, p.days, zone);
}

/**
 * The expiry of a lot (exclusive instant), or null: never, not known until activation, or the
 * whole-balance inactivity mode (which does not date lots).
 */
export function expiresAtFor(
  program: CompiledProgram,
  earnedAt: string,
  availableAt: string | null,
  zone: string,
): string | null {
  const e = program.expiry;
  switch (e.mode) {
    case 'never':
    case 'inactivity':
      return null;
    case 'rolling': {
      const base = (e.from ?? 'activated') === 'earned' ? earnedAt : availableAt;
      if (base === null) return null;
      const day = localEpochDayOf(msOf(base), zone);
      let last: number;
      if (e.days !== undefined) last = day + e.days;
      else {
        const d = addMonthsYmd(ymdOfEpochDay(day), e.months ?? 0);
        last = epochDayOf(d.year, d.month, d.day);
      }
      return instantOf(startOfEpochDay(last + 1, zone));
    }
    case 'calendar': {
      if (availableAt === null) return null;
      let start = periodStartDay(localEpochDayOf(msOf(availableAt), zone), e.unit, program.weekStartsOn);
      for (let i = 0; i <= (e.periodsLater ?? 0); i++) start = nextPeriodStartDay(start, e.unit);
      return instantOf(startOfEpochDay(start, zone));
    }
  }
}

/** The end of the inactivity window: the whole balance expires at the end of the Nth local day after `since`. */
export function inactivityDeadline(program: CompiledProgram, since: string, zone: string): string | null {
  const e = program.expiry;
  if (e.mode !== 'inactivity') return null;
  const day = localEpochDayOf(msOf(since), zone);
  return instantOf(startOfEpochDay(day + e.days + 1, zone));
}
