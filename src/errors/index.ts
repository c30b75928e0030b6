export { ERROR_CODES, type LoyaltyErrorCode } from './codes.js';
export { formatPath, type PathSegment } from './formatPath.js';
export { fromZodIssues, type ZodLikeIssue } from './fromZodIssues.js';
export { assertNever, capIssues, guard, MAX_LISTED_ISSUES, withoutCovered } from './internal.js';
export { ISSUE_CODES, type LoyaltyIssueCode } from './issueCodes.js';
export { type IssueParam, isLoyaltyError, LoyaltyError, type LoyaltyIssue } from './loyaltyError.js';
