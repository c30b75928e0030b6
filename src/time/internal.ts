/**
 * Internal helpers of the time concept for sibling concepts (the engine's earning, caps and
 * windows). Not part of the public API: `src/index.ts` re-exports `time/index.ts` only.
 */
export { recurrenceIn } from './birthdayInYear.js';
export {
  addMonthsYmd,
  epochDayOf,
  formatYmd,
  isoWeekdayOfEpochDay,
  MS_PER_DAY,
  type Ymd,
  ymdOfEpochDay,
} from './calendar.js';
export { earlierInstant, laterInstant } from './laterInstant.js';
export { localEpochDayOf, localYmdOf } from './localPartsOf.js';
export { canonicalEpoch, epochOf, instantOf, isoOf, msOf } from './parseInstant.js';
export { ymdOf } from './parseLocalDate.js';
export { nextPeriodStartDay, periodStartDay } from './periods.js';
export { endOfEpochDay, startOfEpochDay } from './startOfLocalDate.js';
export { wallMsOf } from './zoned.js';
