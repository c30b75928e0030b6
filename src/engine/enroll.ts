import * as z from 'zod/mini';
import { fromZodIssues, LoyaltyError, type LoyaltyIssue } from '../errors/index.js';
import { copyJson } from '../json/index.js';
import { type MemberState, STATE_SCHEMA_VERSION, type TierState } from '../ledger/index.js';
import { isTimeZone } from '../time/index.js';
import { epochOf, instantOf, ymdOf } from '../time/internal.js';
import type { EnrollInput } from './types.js';

const enrollSchema = z.strictObject({
  memberId: z.string().check(z.minLength(1), z.maxLength(128)),
  joinedAt: z.string().check(z.maxLength(64)),
  birthday: z.optional(z.string().check(z.maxLength(10))),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  tags: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(100))),
  attributes: z.optional(z.record(z.string(), z.unknown())),
});

/** The state of a new member of a program: no entries yet (version 0). */
export function enrollMember(
  programId: string,
  input: EnrollInput,
  tierAt: (joinedAt: string) => TierState | null,
  status: MemberState['status'] = 'active',
): MemberState {
  const parsed = enrollSchema.safeParse(input);
  if (!parsed.success) throw invalid(fromZodIssues(parsed.error.issues));
  const m = parsed.data;
  const issues: LoyaltyIssue[] = [];
  let joinedAt = m.joinedAt;
  try {
    joinedAt = instantOf(epochOf(m.joinedAt, ['joinedAt']));
  } catch (e) {
    if (e instanceof LoyaltyError) issues.push(...e.issues);
    else throw e;
  }
  if (m.birthday !== undefined) {
    try {
      ymdOf(m.birthday, ['birthday']);
    } catch (e) {
      if (e instanceof LoyaltyError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (m.timeZone !== undefined && !isTimeZone(m.timeZone)) {
    issues.push({
      code: 'unknown_time_zone',
      path: ['timeZone'],
      message: `Unknown time zone ${JSON.stringify(m.timeZone)}: use an IANA name such as "Asia/Shanghai"`,
    });
  }
  const attributes =
    m.attributes === undefined
      ? {}
      : (copyJson(m.attributes, ['attributes'], issues) as Record<string, unknown>);
  if (issues.length > 0) throw invalid(issues);
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    programId,
    memberId: m.memberId,
    version: 0,
    joinedAt,
    profile: {
      birthday: m.birthday ?? null,
      timeZone: m.timeZone ?? null,
      tags: m.tags ?? [],
      attributes,
    },
    clock: joinedAt,
    lots: [],
    totals: { earned: 0, adjustedIn: 0, adjustedOut: 0, redeemed: 0, restored: 0, expired: 0, reversed: 0 },
    orders: [],
    redemptions: [],
    caps: {},
    activity: [],
    stats: { orderCount: 0, lifetimeSpend: 0, firstPurchaseAt: null, lastPurchaseAt: null },
    onceKeys: {},
    recentEventIds: [],
    referredBy: null,
    debt: 0,
    lastActivityAt: joinedAt,
    journal: null,
    nextDue: { activationAt: null, expiresAt: null },
    status,
    rewards: [],
    tier: tierAt(joinedAt),
    metrics: {},
  };
}

function invalid(issues: readonly LoyaltyIssue[]): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid member', issues);
}
