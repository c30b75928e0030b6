export { createFormatter, FORMAT_LOCALES } from './createFormatter.js';
export type {
  FormatLocale,
  FormattedMemberCard,
  Formatter,
  FormatterOptions,
  LoyaltyErrorLike,
} from './types.js';
