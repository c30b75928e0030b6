import type { LoyaltyIssue } from '../errors/index.js';
import { isTimeZone } from '../time/index.js';
import { ymdOf } from '../time/internal.js';
import type { MemberProfileUpdatedEvent } from './types.js';

/** The meaning checks of a `memberProfileUpdated` event (its shape is the schema's): every problem. */
export function profileUpdateIssues(
  e: Omit<MemberProfileUpdatedEvent, 'occurredAt' | 'id' | 'type'>,
): LoyaltyIssue[] {
  const issues: LoyaltyIssue[] = [];
  if (
    e.birthday === undefined &&
    e.timeZone === undefined &&
    e.tags === undefined &&
    e.attributes === undefined &&
    e.removeAttributes === undefined
  ) {
    issues.push({
      code: 'empty_update',
      path: [],
      message: 'Nothing to update: give birthday, timeZone, tags, attributes or removeAttributes',
    });
  }
  if (typeof e.birthday === 'string') {
    try {
      ymdOf(e.birthday, ['birthday']);
    } catch (err) {
      issues.push(...(err as { issues: readonly LoyaltyIssue[] }).issues);
    }
  }
  if (typeof e.timeZone === 'string' && !isTimeZone(e.timeZone)) {
    issues.push({
      code: 'unknown_time_zone',
      path: ['timeZone'],
      message: `Unknown time zone ${JSON.stringify(e.timeZone)}: use an IANA name such as "Asia/Shanghai"`,
    });
  }
  e.removeAttributes?.forEach((key, i) => {
    if (e.attributes !== undefined && Object.hasOwn(e.attributes, key)) {
      issues.push({
        code: 'set_and_removed',
        path: ['removeAttributes', i],
        message: `Attribute "${key}" is both set and removed: do one or the other`,
      });
    }
  });
  return issues;
}
