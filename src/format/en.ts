/** English messages. */
import type { Catalogue, IssueView, NeedPart } from './catalogue.js';
import { ID_PATTERN_SOURCE } from './idPattern.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const capitalize = (s: string): string => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

function list(items: readonly string[], kind: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${kind} ${items[items.length - 1]!}`;
}

const points = (n: string): string => `${n} ${n === '1' ? 'point' : 'points'}`;
const quote = (name: string): string => `“${name}”`;

const PROFILE_FIELDS = {
  birthday: 'birthday',
  timeZone: 'time zone',
  tags: 'tags',
  attributes: 'attributes',
} as const;

const STATUSES = {
  applied: 'applied',
  verified: 'verified',
  active: 'active',
  suspended: 'suspended',
  closed: 'closed',
} as const;

const TYPES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  bigint: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
  undefined: 'nothing',
  nan: 'NaN',
  date: 'a date',
  function: 'a function',
  symbol: 'a symbol',
  map: 'a map',
  set: 'a set',
};

const typeName = (t: string | null): string => (t === null ? 'a value' : (TYPES[t] ?? t));

function bound(i: IssueView, side: 'small' | 'big'): string {
  const n = i.num(side === 'small' ? 'minimum' : 'maximum');
  if (n === null) return side === 'small' ? 'is too small' : 'is too large';
  const inclusive = i.bool('inclusive') !== false;
  switch (i.str('origin')) {
    case 'string':
      if (side === 'small') return n === 1 ? 'must not be empty' : `must be at least ${n} characters long`;
      return `must be at most ${n} characters long`;
    case 'array':
    case 'set':
      if (side === 'small') return n === 1 ? 'must not be empty' : `must have at least ${n} entries`;
      return `must have at most ${n} entries`;
    default:
      if (side === 'small') return inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
      return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
}

const values = (i: IssueView, key: string): string =>
  (i.list(key) ?? []).map((v) => JSON.stringify(v)).join(', ');

function needs(parts: readonly NeedPart[], mode: 'all' | 'any'): string {
  const first = parts[0]?.by ?? null;
  const same = parts.every((p) => p.by === first);
  const items = parts.map((p) => (same || p.by === null ? p.need : `${p.need} by ${p.by}`));
  return (
    capitalize(list(items, mode === 'all' ? 'and' : 'or')) + (same && first !== null ? ` by ${first}` : '')
  );
}

/** The English catalogue. */
export const en: Catalogue = {
  locale: 'en',
  quote,
  tier: (name) => name,
  list,
  points,
  qualifying: (n) => `${n} ${n === '1' ? 'qualifying point' : 'qualifying points'}`,
  join: (items) => items.join('; '),
  sentences: (items) => items.join('. '),
  why: (line, why) => `${line}; ${why}`,
  date: (y, m, d) => `${d} ${MONTHS[m - 1] ?? m} ${y}`,
  none: '(none)',
  at: (where, text) => `${where}: ${text}`,
  alone: capitalize,
  types: TYPES,

  errors: {
    INVALID_PROGRAM: 'The program is not valid',
    INVALID_EVENT: 'The event is not valid',
    INVALID_CONDITION: 'The condition is not valid',
    INVALID_ARGUMENT: 'An argument is not valid',
    INVALID_AMOUNT: 'The amount is not valid',
    UNKNOWN_CURRENCY: 'Unknown currency',
    CURRENCY_MISMATCH: 'The currencies do not match',
    INVALID_POINTS: 'The points are not valid',
    INVALID_DATE: 'The date is not valid',
    UNKNOWN_TIME_ZONE: 'Unknown time zone',
    INSUFFICIENT_POINTS: 'Not enough points',
    REDEMPTION_NOT_ALLOWED: 'This redemption is not allowed',
    UNKNOWN_REWARD: 'Unknown reward',
    OUT_OF_STOCK: 'Out of stock',
    REWARD_LIMIT: 'Reward limit reached',
    MEMBER_NOT_ACTIVE: 'The membership is not active',
    MEMBER_CLOSED: 'The membership is closed',
    OUT_OF_ORDER: 'The event is out of time order',
    CONFLICT: 'The member was changed by someone else at the same time; try again',
    LIMIT_EXCEEDED: 'A limit was exceeded',
    INSUFFICIENT_DATA: 'Not enough data',
    NOT_CONVERGED: 'The model did not converge',
    REWARD_NOT_ELIGIBLE: 'This reward is not available to the member',
    UNSUPPORTED_SCHEMA_VERSION: 'The stored data was written by another version of loyalty-engine',
    INTERNAL: 'Internal error in loyalty-engine',
  },
  error: (headline, issues) =>
    issues.length === 1
      ? `${headline}: ${issues[0]!}`
      : `${headline} (${issues.length} problems):\n${issues.map((i) => `- ${i}`).join('\n')}`,

  issues: {
    above_maximum: (i, c) => {
      const max = i.num('maximum');
      const p = i.num('points');
      return max === null || p === null
        ? 'more points than one redemption may use'
        : `at most ${c.points(max)} can be redeemed per order (this one is ${c.points(p)})`;
    },
    already_cancelled: () => 'this redemption was already cancelled',
    already_refunded: () => 'this order is already refunded in full',
    amount_overflow: () => 'the amount is too large to compute exactly',
    arm_too_small: () => 'an arm has too few members to compare',
    base_tier_condition: () =>
      'the first tier is where every member starts: it has no entry or retention condition',
    before_joined: () => 'the event happened before the member joined',
    below_minimum: (i, c) => {
      const min = i.num('minimum');
      const p = i.num('points');
      return min === null || p === null
        ? 'fewer points than a redemption needs'
        : `a redemption needs at least ${c.points(min)} (this one is ${c.points(p)})`;
    },
    condition_cycle: () => 'shared conditions refer to each other in a cycle',
    conflict: () => 'the member was changed by someone else at the same time; try again',
    currency_mismatch: (i) => {
      const got = i.str('currency');
      const want = i.str('expected');
      return got === null || want === null
        ? 'amounts in different currencies cannot be combined: convert first'
        : `the amount is in ${got}, not ${want}: convert first`;
    },
    custom: () => 'is not valid',
    days_or_months: () => 'rolling expiry needs exactly one of "days" or "months"',
    discount_above_price: () => 'the discount is larger than the line amount',
    discount_above_total: () => 'the order discount is larger than what the lines cost',
    diverges: () => 'the value does not converge for these inputs',
    duplicate_experiment: () => 'the same experiment is listed twice',
    duplicate_id: () => 'this id is used twice',
    duplicate_line: () => 'this line is listed twice',
    duplicate_order: () => 'this order was already applied with another event id',
    empty_cap: () => 'a cap needs "points", "count" or both',
    empty_pending: () => 'pending needs "days" (a return window) or until: "orderCompleted"',
    empty_validity: () => 'validUntil must be later than validFrom',
    evaluation_failed: () => 'the values could not be compared',
    expires_while_pending: () => 'the points would expire before they become available',
    forbidden_key: () => 'this key is not allowed ("__proto__", "constructor", "prototype")',
    forbidden_name: () => 'this name is not allowed',
    gift_only: (i, c) => {
      const id = i.str('rewardId');
      return `${id === null ? 'this reward' : c.reward(id)} is only given as a gift, not redeemed`;
    },
    grant_ends_before: () => 'a tier grant must end (until) later than the event that grants it',
    infinite_mean: () => 'the expected value is infinite for these parameters',
    insufficient_data: () => 'not enough data',
    insufficient_points: (i, c) => {
      const need = i.num('required');
      const have = i.num('available');
      return need === null || have === null
        ? 'not enough points'
        : `needs ${c.points(need)}, ${c.points(have)} available`;
    },
    internal: () => 'an internal error in loyalty-engine (please report it)',
    invalid_age: () => "T (the customer's age) must be a number of 0 or more",
    invalid_amount: () => 'not a valid amount of money',
    invalid_argument: () => 'this argument is not valid',
    invalid_condition: () => 'the condition is not valid',
    invalid_confidence: () => 'the confidence level must be between 0 and 1',
    invalid_conversion: () => 'this money-to-points conversion is not valid',
    invalid_count: () => 'the count must be a positive integer',
    invalid_date: () => 'not a valid date',
    invalid_decimal: () => 'not a valid decimal number',
    invalid_element: () => 'has an invalid element',
    invalid_enrolled: () => "expected the member's state at enrollment (version 0)",
    invalid_event: () => 'the event is not valid',
    invalid_event_id: () => 'expected an event id (a non-empty string) or null',
    invalid_experiment: () => 'the experiment is not valid',
    invalid_format: (i) => {
      if (i.str('pattern') === ID_PATTERN_SOURCE)
        return 'must be 1-64 letters, digits, "_", "-" or "." (no spaces or ":"), e.g. "base-earning"';
      const format = i.str('format');
      return `does not have the expected format${format !== null && format !== 'regex' ? ` (${format})` : ''}`;
    },
    invalid_frequency: () => 'frequency must be a whole number of 0 or more',
    invalid_id: () => 'the id must not be empty',
    invalid_identifier: () => 'not a valid SQL identifier',
    invalid_instant: () =>
      'not a valid instant (ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+08:00)',
    invalid_key: () => 'has an invalid key',
    invalid_ledger: () => 'the ledger is not valid',
    invalid_limit: () => 'the limit must be a positive integer',
    invalid_local_date: () => 'not a valid calendar date (YYYY-MM-DD)',
    invalid_member_id: () => 'the member id must be a non-empty string',
    invalid_mode: () => 'this stacking mode does not fit the group',
    invalid_model: () => 'not a fitted model',
    invalid_monetary: () => 'the average spend must be a positive number',
    invalid_money: () => 'expected money: { amount, currency } with an integer amount in minor units',
    invalid_month: () => 'not a valid month (YYYY-MM)',
    invalid_operator: () => 'this operator cannot be used here',
    invalid_option: () => 'this option is not valid',
    invalid_params: () => "the fact's params are not valid",
    invalid_path: () => 'not a valid path into the fact',
    invalid_point_value: () => 'the point value is not valid',
    invalid_points: () => "not a valid number of points at the program's precision",
    invalid_policy: () => 'the leap-day birthday policy must be "feb28" or "mar1"',
    invalid_precision: () => 'the points precision must be 0 to 4 decimals',
    invalid_program: () => 'the program is not valid',
    invalid_recency: () => 'recency must be between 0 and T',
    invalid_retries: () => 'retries must be an integer of 0 or more',
    invalid_rounding_mode: () => 'not a rounding mode (floor, ceil, down, up, halfUp, halfDown, halfEven)',
    invalid_sample: () => 'the sample is not valid',
    invalid_state: () => 'expected a member state (from engine.enroll or a previous apply)',
    invalid_summary: () => 'not a customer summary',
    invalid_transition: () => 'the membership cannot change this way from its current status',
    invalid_type: (i) => {
      const expected = typeName(i.str('expected'));
      const got = i.str('received');
      if (got === null) return 'has the wrong type';
      return got === 'undefined'
        ? `is required: expected ${expected}`
        : `expected ${expected}, got ${typeName(got)}`;
    },
    invalid_union: (i) => {
      const d = i.str('discriminator');
      return d === null
        ? 'does not match any of the allowed shapes'
        : `unknown ${d}: expected one of ${values(i, 'options')}`;
    },
    invalid_unit: () => 'not a valid calendar unit',
    invalid_value: (i) => {
      const v = values(i, 'values');
      return v === '' ? 'is not a valid value here' : `must be one of ${v}`;
    },
    invalid_version: () => 'expected a version: an integer, 0 or more',
    invalid_versions: () =>
      'the program versions are not valid (one program id, increasing version and effectiveFrom)',
    invalid_week_start: () => 'the first day of the week must be 0 (Sunday) to 6 (Saturday)',
    invalid_weights: () => 'the weights must be numbers of 0 or more with a positive sum',
    invalid_window: () => 'not a valid window',
    invalid_year: () => 'not a valid year',
    late_event: () => "the event happened before this member's latest entry",
    ledger_mismatch: () => 'the ledger entries do not fit this state',
    limit_exceeded: () => 'a limit was exceeded',
    member_closed: () => 'the membership is closed: no further events',
    member_mismatch: () => 'the event is for another member',
    member_not_active: (i) => {
      const s = i.str('status');
      const label = s === null ? null : STATUSES[s as keyof typeof STATUSES];
      return label === undefined || label === null
        ? 'the membership is not active'
        : `the membership is ${label}, not active`;
    },
    min_above_max: () => 'minPoints is above maxPointsPerOrder',
    missing: () => 'a value is missing',
    missing_conditions: () => 'a rule needs "conditions"',
    missing_coupon: () => 'a coupon reward needs its coupon terms',
    missing_enrolled: () => 'a new member needs its enrolled state',
    missing_joined_at: () => "this window needs the member's joining date",
    missing_member: () => 'no member with this id',
    missing_member_id: () => 'give the member id in the event (memberId) or in the options',
    missing_tier: () => 'a tierReached gift names its tier',
    missing_time_zone: () => 'this operator needs a time zone',
    missing_value: () => 'a condition needs a "value"',
    mixed_group: () =>
      'a group holds both award rules and multipliers: put multipliers in a group of their own',
    more: () => 'more problems were found than are listed',
    more_than_bought: () => 'more is refunded than is left of the line',
    negative: () => 'must not be negative',
    no_control: () => 'there is no control arm',
    no_entries: () => 'a commit appends at least one ledger entry',
    no_history: () => 'there is no history to estimate from',
    no_program_version: () => 'no version of the program is in force at this time',
    no_tiers: () => 'this program has no tiers',
    not_applicable: () => 'this field does not apply here',
    not_converged: () => 'the model did not converge',
    not_finite: () => 'numbers must be finite and within the safe integer range',
    not_in_referral: () => 'the member is neither the referrer nor the referee',
    not_iterable: () => 'expected a list (an array or an iterable)',
    not_json: () => 'values must be plain JSON data',
    not_multiple: (i, c) => {
      const step = i.num('step');
      const p = i.num('points');
      return step === null || p === null
        ? 'not a multiple of the redemption step'
        : `redemptions go in steps of ${c.points(step)} (${c.points(p)} is not one)`;
    },
    not_multiple_of: (i) => {
      const d = i.num('divisor');
      return d === null ? 'is not a multiple of the allowed step' : `must be a multiple of ${d}`;
    },
    not_negative: () => 'must be 0 or below',
    not_positive: () => 'must be greater than 0',
    one_arm: () => 'at least two arms are needed',
    out_of_order: () => 'not in time order',
    out_of_range: () => 'is out of the allowed range',
    out_of_stock: (i, c) => {
      const id = i.str('rewardId');
      const q = i.num('quantity');
      const left = i.num('left');
      return id === null || q === null || left === null
        ? 'not enough in stock'
        : `${c.reward(id)}: ${q} asked, ${left} left`;
    },
    overpaid: () => 'the payments exceed the order total',
    points_or_reward: () => 'a redemption names either points or a rewardId, not both or neither',
    points_overflow: () => 'the points are too large to compute exactly',
    program_mismatch: () => 'this state belongs to another program',
    quantity_without_reward: () => 'quantity applies only with a rewardId',
    recency_after_age: () => 'recency must not exceed T',
    recency_without_repeat: () => 'recency must be 0 when frequency is 0',
    redemption_not_allowed: () => 'this redemption is not allowed',
    reserved_fact: () => 'this fact is computed by the engine: choose another name',
    retention_above_entry: () => 'keeping the tier needs more than reaching it',
    reward_limit: (i, c) => {
      const id = i.str('rewardId');
      const limit = i.num('limit');
      const used = i.num('used');
      return id === null || limit === null || used === null
        ? 'the per-member limit of this reward is reached'
        : `${c.reward(id)} is limited to ${limit} per member (${used} already issued)`;
    },
    self_referral: () => 'a member cannot refer themselves',
    seq_gap: () => 'the entries do not continue the stored ledger',
    state_version: () => 'this version of the state schema is not supported',
    sum_too_large: () => 'the sum is too large to compute exactly',
    thresholds_not_increasing: () => "the threshold is not above the tier below's",
    too_big: (i) => bound(i, 'big'),
    too_deep: () => 'nested too deeply',
    too_few_values: () => 'there are too few values',
    too_many_multipliers: () => 'there are too many multipliers',
    too_small: (i) => bound(i, 'small'),
    type_mismatch: () => 'the values cannot be compared (wrong type)',
    unknown_condition: () => 'there is no shared condition with this name',
    unknown_currency: () => 'unknown currency: use an ISO 4217 code such as "CNY"',
    unknown_fact: () => 'unknown fact',
    unknown_group: () => 'no rule is in this group',
    unknown_line: () => 'the order has no such line',
    unknown_member: () => 'no such member: enroll the member first',
    unknown_operator: () => 'unknown operator',
    unknown_order: () => 'no such order is known for this member',
    unknown_redemption: () => 'no such redemption can be cancelled',
    unknown_reference: () => 'refers to something this program does not have',
    unknown_reward: (i, c) => {
      const id = i.str('rewardId');
      return id === null
        ? 'no such reward in the catalog'
        : `there is no reward ${c.reward(id)} in the catalog`;
    },
    unknown_reward_key: () => 'there is no unused, valid reward with this key',
    unknown_tier: () => 'there is no such tier in the program',
    unknown_time_zone: () => 'unknown time zone: use an IANA name such as "Asia/Shanghai"',
    unknown_version: () => 'there is no such program version',
    unreachable: () => 'this tier has no entry condition, so no member can reach it',
    unrecognized_keys: (i) => {
      const key = i.str('key');
      const k = key ?? i.field;
      return k === null ? 'has unknown fields' : `unknown field "${k}" (check its spelling)`;
    },
    version_conflict: () => 'the member was changed by someone else at the same time',
    version_mismatch: () => "the state's version does not match the entries",
    window_shorter_than_period: () => "the metric's window is shorter than the tier period",
    reward_not_eligible: () => "this reward is not available in the member's tier",
    unsupported_schema_version: () =>
      'written by another version of loyalty-engine: upgrade it with migrateState / migrateEntries',
    invalid_request: () => 'the request is not valid',
    empty_update: () => 'the update changes nothing: name at least one field',
    set_and_removed: () => 'an attribute cannot be set and removed in the same update',
    invalid_entries: () => 'the ledger entries are not valid',
    invalid_entry: () => 'this ledger entry is not valid',
    entry_version: () => "the entry's schema version is not supported",
    too_many_issues: () => 'more problems than can be listed: fix these first',
    invalid_options: () => 'the options are not valid',
    invalid_reference: () => 'a fact reference used as a value is not valid',
    zero_adjustment: () => 'an adjustment of 0 points changes nothing',
  },
  unknownIssue: () => 'is not valid',

  events: {
    purchase: 'Purchase',
    signup: 'Sign-up',
    birthday: 'Birthday',
    referral: 'Referral',
    custom: 'Event',
    redemption: 'Redemption',
    redemptionCancellation: 'Redemption cancellation',
    adjustment: 'Adjustment',
    refund: 'Refund',
    orderCompleted: 'Order completion',
    tierGrant: 'Tier grant',
    tierRevoke: 'Tier revocation',
    memberVerified: 'Verification',
    memberActivated: 'Activation',
    memberSuspended: 'Suspension',
    memberReinstated: 'Reinstatement',
    memberClosed: 'Closure',
    rewardUsed: 'Reward use',
    memberProfileUpdated: 'Profile update',
  },
  statuses: STATUSES,
  roundings: {
    floor: 'rounded down',
    ceil: 'rounded up',
    down: 'rounded toward zero',
    up: 'rounded away from zero',
    halfUp: 'rounded half up',
    halfDown: 'rounded half down',
    halfEven: 'rounded half to even',
  },
  components: {
    '+subtotal': 'subtotal',
    '+tax': 'tax',
    '+shipping': 'shipping',
    '-discounts': 'discounts',
    '-giftCards': 'gift cards',
    '-pointsPaid': 'points paid',
  },

  award: (p) => {
    const parts: string[] = [];
    if (p.basis !== null)
      parts.push(
        `${p.basis.amount} spent${p.basis.components === null ? '' : ` (${p.basis.components.join(' ')})`}`,
      );
    if (p.rate !== null) {
      if (p.rate.mode === 'perFullBlock') parts.push(`${p.rate.points} for every full ${p.rate.per}`);
      else if (p.rate.mode === 'perStartedBlock')
        parts.push(`${p.rate.points} per ${p.rate.per} or part of it`);
      else parts.push(`${p.rate.points} per ${p.rate.per}`);
    }
    if (p.count !== null) parts.push(`${p.count} matching ${p.count === 1 ? 'item' : 'items'}`);
    for (const m of p.multipliers) parts.push(`×${m.factor} ${m.name}`);
    if (p.rounding !== null)
      parts.push(`${p.rounding.exact ? '' : '≈'}${p.rounding.value} ${p.rounding.mode}`);
    if (p.cap !== null) parts.push(`${p.cap.requested} before the cap ${p.cap.id}`);
    let s = parts.length === 0 ? `${p.rule}: ${p.granted}` : `${p.rule}: ${parts.join(', ')} → ${p.granted}`;
    if (p.outranked.length > 0) s += ` (ahead of ${list(p.outranked, 'and')} in its group)`;
    if (p.pending !== null)
      s +=
        p.pending.from === null
          ? ' (pending until the order completes)'
          : ` (pending until ${p.pending.from})`;
    if (p.debtRepaid !== null) s += ` (${p.debtRepaid} paid off a negative balance)`;
    return s;
  },

  effects: {
    eventApplied: (e) =>
      e.event.type === 'custom'
        ? `Event “${e.event.name}” ${e.eventId} recorded`
        : `${en.events[e.event.type]} ${e.eventId} recorded`,
    pointsEarned: (e, c) => c.award(e),
    qualifyingEarned: (e, c) => c.award(e),
    ruleCapped: (e, c) =>
      `${c.rule(e.ruleId, e.programVersion)} capped by ${e.capId}: ${c.points(e.requested, e.programVersion)} requested, ${c.points(e.granted, e.programVersion)} granted`,
    pointsRedeemed: (e, c) => {
      const pts = c.points(e.points, e.programVersion);
      const what =
        e.rewardId === null ? '' : ` for ${e.quantity ?? 1} × ${c.reward(e.rewardId, e.programVersion)}`;
      return `Redeemed ${pts}${what}${e.orderId === null ? '' : ` on order ${e.orderId}`}`;
    },
    redemptionCancelled: (e, c) =>
      `Redemption ${e.redemptionId} cancelled: ${c.points(e.points, e.programVersion)} returned${(e.debtRepaid ?? 0) > 0 ? `, ${c.points(e.debtRepaid ?? 0, e.programVersion)} of them to pay off a negative balance` : ''}${e.reason === null ? '' : ` (${e.reason})`}`,
    pointsAdjusted: (e, c) =>
      e.points >= 0
        ? `${c.points(e.points, e.programVersion)} added by hand: ${e.reason}${e.debtRepaid > 0 ? ` (${c.points(e.debtRepaid, e.programVersion)} paid off a negative balance)` : ''}`
        : `${c.points(-e.points, e.programVersion)} removed by hand: ${e.reason}`,
    referralQualified: (e) => `${e.refereeId}, referred by ${e.referrerId}, made a first purchase`,
    pointsActivated: (e, c) =>
      e.points === 0
        ? `Points of ${e.lotId} no longer pending${e.reason === 'orderCompleted' ? ' (order completed)' : ''}: they had paid off a negative balance, and count for tiers from now`
        : `${c.points(e.points, e.programVersion)} now available${e.reason === 'orderCompleted' ? ' (order completed)' : ''}${e.expiresAt === null ? '' : `, valid until ${c.lastDay(e.expiresAt)}`}`,
    pointsExpired: (e, c) => {
      const pts = c.points(e.points, e.programVersion);
      if (e.reason === 'forfeited') return `${pts} forfeited: the membership was closed`;
      if (e.reason === 'inactivity') {
        const days = c.inactivityDays(e.programVersion);
        return days === null
          ? `${pts} expired for inactivity`
          : `${pts} expired after ${days} days without activity`;
      }
      return `${pts} expired`;
    },
    pointsReversed: (e, c) => {
      const v = e.programVersion;
      let s = `${c.points(e.points, v)} from ${c.rule(e.ruleId, v)} taken back for the refund of order ${e.orderId}`;
      if (e.requested !== e.points) s += ` (of ${c.points(e.requested, v)})`;
      if (e.debt > 0) s += `, ${c.points(e.debt, v)} of it as a negative balance`;
      if (e.shortfall > 0) s += `; ${c.points(e.shortfall, v)} had already been spent and are not taken back`;
      return s;
    },
    stateRederived: (e, c) =>
      `Late event ${e.lateEventId} applied by recalculating recent history in time order; balance ${c.points(e.balanceBefore, e.programVersion)} → ${c.points(e.balanceAfter, e.programVersion)}`,
    qualifyingReversed: (e, c) =>
      `${c.qualifying(e.points, e.programVersion)} from ${c.rule(e.ruleId, e.programVersion)} taken back for the refund of order ${e.orderId}`,
    tierChanged: (e, c) => {
      const v = e.programVersion;
      let s = en.tierReasons[e.reason](c.tier(e.from, v), c.tier(e.to, v));
      if (e.until !== null) s += `, until ${c.lastDay(e.until)}`;
      const metrics = Object.entries(e.metrics).map(([k, x]) => c.metric(k, x, v));
      return metrics.length > 0 ? `${s} (${metrics.join(', ')})` : s;
    },
    tierRenewed: (e, c) => {
      const metrics = Object.entries(e.metrics).map(([k, x]) => c.metric(k, x, e.programVersion));
      const s = `${capitalize(c.tier(e.tier, e.programVersion))} kept: renewed until ${c.lastDay(e.until)}`;
      return metrics.length > 0 ? `${s} (${metrics.join(', ')})` : s;
    },
    benefitGranted: (e, c) =>
      `${capitalize(c.tier(e.tierId, e.programVersion))} benefit: ${c.benefit(e.benefit, e.value, e.programVersion)}`,
    benefitRevoked: (e, c) =>
      `${capitalize(c.tier(e.tierId, e.programVersion))} benefit removed: ${c.benefit(e.benefit, e.value, e.programVersion)}`,
    guardTriggered: (e, c) => {
      const v = e.programVersion;
      const n = c.maxAwardsPerHour(v);
      const what =
        e.guard === 'velocity'
          ? n === null
            ? 'too many awards within an hour'
            : `more than ${n} awards within an hour`
          : e.guard === 'circularReferral'
            ? 'the two members referred each other'
            : 'a refund takes back points that were already spent';
      const action = e.blocked
        ? `${c.points(e.points, v)} withheld`
        : `${c.points(e.points, v)} flagged for review`;
      return `Guard: ${what}; ${action}${e.ruleId === null ? '' : ` (${c.rule(e.ruleId, v)})`}`;
    },
    memberStatusChanged: (e) =>
      `Membership ${STATUSES[e.from]} → ${STATUSES[e.to]}${e.reason === null ? '' : `: ${e.reason}`}`,
    rewardIssued: (e, c) => {
      let s = `${c.reward(e.rewardId, e.programVersion)} issued${e.source === 'gift' ? ' as a gift' : ''}`;
      if (e.terms !== null) s += ` (${c.coupon(e.terms)})`;
      if (e.validUntil !== null) s += `, valid until ${c.lastDay(e.validUntil)}`;
      return s;
    },
    rewardUsed: (e, c) => `${c.reward(e.rewardId, e.programVersion)} used`,
    memberErased: () => 'Personal data erased (birthday, tags, attributes); points unchanged',
    memberProfileUpdated: (e) => `Profile updated: ${e.fields.map((f) => PROFILE_FIELDS[f]).join(', ')}`,
  },
  tierReasons: {
    qualified: (from, to) => `Upgraded from ${from} to ${to}`,
    periodEnded: (from, to) => `${capitalize(from)} period ended without meeting retention: now ${to}`,
    granted: (from, to) => `${capitalize(to)} granted (was ${from})`,
    revoked: (from, to) => `${capitalize(from)} revoked: now ${to}`,
    refundRevoked: (from, to) => `Upgrade to ${from} revoked after a refund: back to ${to}`,
  },

  outcomes: {
    awarded: (p) => `earned ${p}`,
    capped: (p) => `capped: earned ${p}`,
    notValidNow: () => 'not valid at this time',
    conditionFalse: () => 'its condition does not hold',
    noEligibleLines: () => 'no eligible items in the order',
    zeroPoints: () => 'nothing to earn on',
    alreadyAwarded: () => 'already awarded (once only)',
    notBirthday: () => 'not in the birthday period',
    noBirthday: () => 'the member has no birthday on file',
    notThisReferral: () => 'not for this referral',
    otherCustomEvent: () => 'a different custom event',
    outranked: () => 'another rule in its group came first',
    multiplierApplied: () => 'applied',
    multiplierNotApplied: () => 'not applied',
    circularReferral: () => 'withheld: the two members referred each other',
    velocity: () => 'withheld: too many awards within an hour',
  },
  ruleReport: (rule, outcome, why) => `${rule}: ${outcome}${why === null ? '' : `; ${why}`}`,
  operators: {
    equal: (v) => `equal to ${v}`,
    notEqual: (v) => `not equal to ${v}`,
    in: (v) => `one of ${v}`,
    notIn: (v) => `not one of ${v}`,
    contains: (v) => `contains ${v}`,
    doesNotContain: (v) => `does not contain ${v}`,
    lessThan: (v) => `less than ${v}`,
    lessThanInclusive: (v) => `at most ${v}`,
    greaterThan: (v) => `more than ${v}`,
    greaterThanInclusive: (v) => `at least ${v}`,
    weekdayIn: (v) => `weekday in ${v}`,
    hourBetween: (v, raw) =>
      Array.isArray(raw) && raw.length === 2
        ? `between ${String(raw[0])} and ${String(raw[1])} local time`
        : `hours ${v}`,
    dateBetween: (v, raw) =>
      Array.isArray(raw) && raw.length === 2
        ? `dated ${raw[0] === null ? '…' : String(raw[0])} to ${raw[1] === null ? '…' : String(raw[1])}`
        : `dates ${v}`,
    isBirthday: () => 'on the birthday',
    inBirthdayWeek: () => 'in the birthday week',
    inBirthdayMonth: () => 'in the birthday month',
    moneyEqual: (v) => `equal to ${v}`,
    moneyNotEqual: (v) => `not equal to ${v}`,
    moneyLessThan: (v) => `less than ${v}`,
    moneyLessThanInclusive: (v) => `at most ${v}`,
    moneyGreaterThan: (v) => `more than ${v}`,
    moneyGreaterThanInclusive: (v) => `at least ${v}`,
    anyItem: () => 'some item matches',
    everyItem: () => 'every item matches',
    countItems: (_v, raw) => {
      const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const min = typeof o['min'] === 'number' ? o['min'] : null;
      const max = typeof o['max'] === 'number' ? o['max'] : null;
      if (min !== null && max !== null) return `${min} to ${max} matching items`;
      if (max !== null) return `at most ${max} matching items`;
      return `at least ${min ?? 1} matching ${min === 1 || min === null ? 'item' : 'items'}`;
    },
  },
  facts: {
    eventId: 'event id',
    type: 'event type',
    occurredAt: 'time',
    orderId: 'order',
    currency: 'currency',
    total: 'order total',
    subtotal: 'subtotal',
    discounts: 'discounts',
    tax: 'tax',
    shipping: 'shipping',
    giftCards: 'gift cards',
    paidWithPoints: 'paid with points',
    basis: 'amount earned on',
    lines: 'items',
    itemCount: 'items bought',
    channel: 'channel',
    store: 'store',
    couponCodes: 'coupon codes',
    attributes: 'attributes',
    customEvent: 'custom event',
    referralRole: 'referral role',
    referralStatus: 'referral status',
    memberId: 'member',
    tier: 'tier',
    joinedAt: 'joined',
    daysSinceJoined: 'days since joining',
    birthday: 'birthday',
    tags: 'tags',
    memberAttributes: 'member attributes',
    pointsBalance: 'points balance',
    lifetimePoints: 'lifetime points',
    orderCount: 'orders so far',
    lifetimeSpend: 'lifetime spend',
    spendInWindow: 'recent spend',
    ordersInWindow: 'recent orders',
    lastPurchaseAt: 'last purchase',
    daysSinceLastPurchase: 'days since last purchase',
    isFirstPurchase: 'first purchase',
    referredBy: 'referred by',
    localDate: 'date',
    localHour: 'hour',
    localWeekday: 'weekday',
    localMonth: 'month',
    isBirthdayToday: 'birthday today',
    isBirthdayWeek: 'birthday week',
    isBirthdayMonth: 'birthday month',
    lineId: 'line',
    sku: 'SKU',
    category: 'category',
    price: 'unit price',
    quantity: 'quantity',
    amount: 'line amount',
    discount: 'line discount',
  },
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  operator: (name, value) => `${name} ${value}`,
  leaf: (l) => `${l.fact} = ${l.factValue} (${l.requirement}) ${l.result ? '✓' : '✗'}`,
  metrics: {
    spend: {
      value: (a) => `spend ${a}`,
      need: (a) => `spend ${a} more`,
    },
    points: {
      value: (a) => `${a} earned`,
      need: (a) => `earn ${a} more`,
    },
    qualifying: {
      value: (a) => a,
      need: (a) => `earn ${a} more`,
    },
    orders: {
      value: (_a, n) => `${n} ${n === 1 ? 'order' : 'orders'}`,
      need: (_a, n) => `place ${n} more ${n === 1 ? 'order' : 'orders'}`,
    },
    activeDays: {
      value: (_a, n) => `${n} active ${n === 1 ? 'day' : 'days'}`,
      need: (_a, n) => `shop on ${n} more ${n === 1 ? 'day' : 'days'}`,
    },
    activeMonths: {
      value: (_a, n) => `${n} active ${n === 1 ? 'month' : 'months'}`,
      need: (_a, n) => `shop in ${n} more ${n === 1 ? 'month' : 'months'}`,
    },
    counter: {
      value: (_a, n, event) => `${event} × ${n}`,
      need: (_a, n, event) => `${event} ${n} more ${n === 1 ? 'time' : 'times'}`,
    },
  },
  tiers: {
    next: (tier, parts, mode, exact) =>
      `${needs(parts, mode)} to reach ${tier}${exact ? '' : ' (indicative)'}`,
    keep: (tier, parts, mode, exact) =>
      `${needs(parts, mode)} to keep ${tier}${exact ? '' : ' (indicative)'}`,
    qualifies: (tier) => `You qualify for ${tier}`,
    kept: (tier) => `You have met the requirements to keep ${tier}`,
    notYet: (tier) => `Not yet eligible for ${tier}`,
    notYetKept: (tier) => `Not yet meeting the requirements to keep ${tier}`,
    top: (tier) => `${capitalize(tier)} is the highest tier`,
  },
  benefits: {
    earningMultiplier: (v) => `×${v} points`,
    discountPercent: (_v, raw, c) =>
      typeof raw === 'number' ? `${c.percent(raw).percent}% off` : `discount ${_v}`,
    freeShipping: (_v, raw) => (raw === false ? 'no free shipping' : 'free shipping'),
    prioritySupport: (_v, raw) => (raw === false ? 'no priority support' : 'priority support'),
    birthdayGift: (v) => `birthday gift: ${v}`,
  },
  coupon: {
    amountOff: (a) => `${a} off`,
    percentOff: (p, max) => `${p.percent}% off${max === null ? '' : ` (up to ${max})`}`,
    freeShipping: 'free shipping',
    minSpend: (a) => `on orders of ${a} or more`,
    categories: (items) => `on ${list(items, 'and')}`,
    join: (parts) => parts.join(', '),
  },
  card: {
    tier: (tier, until) => `Tier: ${tier}${until === null ? '' : `, until ${until}`}`,
    status: (status) => `Membership ${status}`,
    points: (available, pending) =>
      `${points(available)} available${pending === null ? '' : `, ${pending} pending`}`,
    expiring: (items) =>
      `Expiring soon: ${items.map((i) => `${points(i.points)} (use by ${i.on})`).join('; ')}`,
    benefits: (items) => `Benefits: ${items.join(', ')}`,
    reward: (name, until) => `${name}${until === null ? '' : ` (valid until ${until})`}`,
    rewards: (items) => `Rewards to use: ${items.join('; ')}`,
  },
};
