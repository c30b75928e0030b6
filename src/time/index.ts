export { addLocalDays, addLocalMonths, addLocalYears } from './addLocalMonths.js';
export { addDaysIn, addMonthsIn, addYearsIn } from './addMonthsIn.js';
export { assertTimeZone, isTimeZone } from './assertTimeZone.js';
export { anniversaryOf, birthdayInYear } from './birthdayInYear.js';
export { daysBetweenIn } from './daysBetweenIn.js';
export { type BirthdayWeekOptions, isBirthdayMonth, isBirthdayOn, isBirthdayWeek } from './isBirthdayOn.js';
export { localDateOf, localPartsOf } from './localPartsOf.js';
export { compareInstants, isInstant, parseInstant } from './parseInstant.js';
export { isLocalDate, parseLocalDate } from './parseLocalDate.js';
export { periodKey } from './periodKey.js';
export { endOfDayIn, startOfDayIn } from './startOfDayIn.js';
export { endOfLocalDate, startOfLocalDate } from './startOfLocalDate.js';
export { endOfMonthIn, startOfMonthIn } from './startOfMonthIn.js';
export { endOfPeriodIn, startOfPeriodIn } from './startOfPeriodIn.js';
export { endOfQuarterIn, startOfQuarterIn } from './startOfQuarterIn.js';
export { endOfWeekIn, startOfWeekIn } from './startOfWeekIn.js';
export { endOfYearIn, startOfYearIn } from './startOfYearIn.js';
export type {
  BirthdayPolicy,
  Bounds,
  Instant,
  LocalDate,
  LocalParts,
  PeriodUnit,
  TimeZone,
  WeekOptions,
  WeekStartsOn,
  Window,
  WindowContext,
} from './types.js';
export { isWithin, windowBounds } from './windowBounds.js';
