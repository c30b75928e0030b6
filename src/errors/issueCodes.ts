/**
 * Every code a {@link LoyaltyIssue} can carry, in alphabetical order: zod's validation codes
 * (`invalid_type`, `too_small`, ...), the library's own (`unknown_currency`, `below_minimum`,
 * `late_event`, ...), and the lower-case form of every `LoyaltyErrorCode` (the issue of an
 * error that names no field). Like error codes they are stable: a code is added, never renamed.
 * `createFormatter` has a sentence for each of them in every locale; a test reads the sources to
 * check that no code is missing here.
 */
export const ISSUE_CODES = [
  'above_maximum', 'already_cancelled', 'already_refunded', 'amount_overflow', 'arm_too_small',
  'base_tier_condition', 'before_joined', 'below_minimum', 'condition_cycle', 'conflict',
  'currency_mismatch', 'custom', 'days_or_months', 'discount_above_price', 'discount_above_total',
  'diverges', 'duplicate_experiment', 'duplicate_id', 'duplicate_line', 'duplicate_order',
  'empty_cap', 'empty_pending', 'empty_validity', 'evaluation_failed', 'expires_while_pending',
  'forbidden_key', 'forbidden_name', 'gift_only', 'infinite_mean', 'insufficient_data',
  'insufficient_points', 'internal', 'invalid_age', 'invalid_amount', 'invalid_argument',
  'invalid_condition', 'invalid_confidence', 'invalid_conversion', 'invalid_count', 'invalid_date',
  'invalid_decimal', 'invalid_element', 'invalid_enrolled', 'invalid_event', 'invalid_event_id',
  'invalid_experiment', 'invalid_format', 'invalid_frequency', 'invalid_id', 'invalid_identifier',
  'invalid_instant', 'invalid_key', 'invalid_ledger', 'invalid_limit', 'invalid_local_date',
  'invalid_member_id', 'invalid_mode', 'invalid_model', 'invalid_monetary', 'invalid_money',
  'invalid_month', 'invalid_operator', 'invalid_option', 'invalid_params', 'invalid_path',
  'invalid_point_value', 'invalid_points', 'invalid_policy', 'invalid_precision',
  'invalid_program', 'invalid_recency', 'invalid_retries', 'invalid_rounding_mode',
  'invalid_sample', 'invalid_state', 'invalid_summary', 'invalid_transition', 'invalid_type',
  'invalid_union', 'invalid_unit', 'invalid_value', 'invalid_version', 'invalid_versions',
  'invalid_week_start', 'invalid_weights', 'invalid_window', 'invalid_year', 'late_event',
  'ledger_mismatch', 'limit_exceeded', 'member_closed', 'member_mismatch', 'member_not_active',
  'min_above_max', 'missing', 'missing_conditions', 'missing_coupon', 'missing_enrolled',
  'missing_joined_at', 'missing_member', 'missing_member_id', 'missing_tier', 'missing_time_zone',
  'missing_value', 'mixed_group', 'more', 'more_than_bought', 'negative', 'no_control',
  'no_entries', 'no_history', 'no_program_version', 'no_tiers', 'not_applicable', 'not_converged',
  'not_finite', 'not_in_referral', 'not_iterable', 'not_json', 'not_multiple', 'not_multiple_of',
  'not_negative', 'not_positive', 'one_arm', 'out_of_order', 'out_of_range', 'out_of_stock',
  'overpaid', 'points_or_reward', 'points_overflow', 'program_mismatch', 'quantity_without_reward',
  'recency_after_age', 'recency_without_repeat', 'redemption_not_allowed', 'reserved_fact',
  'retention_above_entry', 'reward_limit', 'self_referral', 'seq_gap', 'state_version',
  'sum_too_large', 'thresholds_not_increasing', 'too_big', 'too_deep', 'too_few_values',
  'too_many_multipliers', 'too_small', 'type_mismatch', 'unknown_condition', 'unknown_currency',
  'unknown_fact', 'unknown_group', 'unknown_line', 'unknown_member', 'unknown_operator',
  'unknown_order', 'unknown_redemption', 'unknown_reference', 'unknown_reward',
  'unknown_reward_key', 'unknown_tier', 'unknown_time_zone', 'unknown_version', 'unreachable',
  'unrecognized_keys', 'version_conflict', 'version_mismatch', 'window_shorter_than_period',
  'zero_adjustment',
] as const;

/** A code of {@link ISSUE_CODES}. `LoyaltyIssue.code` is typed `string` so that issues of custom operators and newer versions still fit. */
export type LoyaltyIssueCode = (typeof ISSUE_CODES)[number];
