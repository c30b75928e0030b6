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
   * After a re-derivation the state remembered the last `idempotency.recentEvents` ids in time order,
   * so the late event itself was forgotten first, and a retry of it (when it left no lot, order or
   * redemption) was re-derived again. The generator kept the default window (1,000 ids) in programs
   * that re-derive while this was `true`. Fixed: the recent ids are kept in the order applied.
   */
  lateEventForgotten: false,
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
   * Events applied while a version without `lateEvents: rederive` was in force were not kept in the
   * journal a re-deriving version started; a later re-derivation from that journal dropped them
   * (their lots were gone). While this was `true` the generator did not turn re-derivation back on
   * in a later version once a version turned it off. Fixed: such an event ends the journal
   * (decision 020).
   */
  journalGap: false,
  /**
   * When a later version changed the redemption order, the open lots stayed in the old order; under
   * `expiryFirst` the expiry scan then stopped at a lot that never expires, and later lots were never
   * expired. Fixed (decision 021): decisions see the lots in the order of the version in force, and
   * the fold puts them in it.
   */
  orderChangeKeepsLots: false,
} as const;
