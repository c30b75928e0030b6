/**
 * Bugs in src/ found by the time and tier properties, which those properties step around until the
 * bugs are fixed (so that they keep finding others). Each has a failing counterexample test in
 * test/properties/counterexamples.test.ts. Set a flag to `false` once its bug is fixed: the
 * properties then check those cases again.
 */
export const KNOWN_BUGS = {
  /**
   * Pending points that become available while the member is in debt (`allowNegative`: a refund
   * made the debt while they were pending, and refunds take only available points) stay available:
   * the member has points to spend and a debt at once (found by the conservation property once the
   * wider step-around of `restoreDuringDebt` was removed). Whether activation should pay off the debt
   * first, or a refund take other orders' pending points before making a debt, was a policy question:
   * refunds take them before making a debt (decision 012). Fixed.
   */
  activationDuringDebt: false,
} as const;
