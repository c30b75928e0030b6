/**
 * Bugs in src/ that the simulator found, which it steps around until they are fixed (so that it
 * keeps finding others), like test/properties/knownBugs.ts does for the property suites (the
 * simulator reads those flags too). Each has a failing counterexample in
 * ./counterexamples.test.ts, marked `test.fails`. Once a bug is fixed: turn its example into
 * `test(...)` and set its flag to `false`; the simulator then checks that case again.
 */
export const SIM_BUGS = {
  /**
   * A gift `on: activation` (once per member) or `birthdayMonth` (once a year) is given again once
   * its reward was used: the once-check looks only at the member's unused rewards. The generator
   * does not use gift rewards while this is `true`.
   */
  giftAgainAfterUse: false,
  /**
   * After a re-derivation the state remembers the last `idempotency.recentEvents` ids in time order,
   * so the late event itself is forgotten first, and a retry of it (when it left no lot, order or
   * redemption) is re-derived again. The generator keeps the default window (1,000 ids) in programs
   * that re-derive while this is `true`.
   */
  lateEventForgotten: true,
  /**
   * `engine.checkInvariants` checked the order of the open lots against the latest version's
   * redemption order, not that of the version in force at the state's clock. Fixed.
   */
  invariantsLatestOrder: false,
  /**
   * A cancellation that restored points after an inactivity expiry left them open, with no expiry
   * written, while `balance` counted them as expired. Fixed (decision 021): they expire at once, in
   * the cancellation.
   */
  restoreAfterInactivity: false,
  /**
   * Events applied while a version without `lateEvents: rederive` is in force are not kept in the
   * journal a re-deriving version started; a later re-derivation from that journal drops them (their
   * lots are gone). While this is `true` the generator does not turn re-derivation back on in a
   * later version once a version turned it off.
   */
  journalGap: true,
  /**
   * When a later version changed the redemption order, the open lots stayed in the old order; under
   * `expiryFirst` the expiry scan then stopped at a lot that never expires, and later lots were never
   * expired. Fixed (decision 021): decisions see the lots in the order of the version in force, and
   * the fold puts them in it.
   */
  orderChangeKeepsLots: false,
} as const;
