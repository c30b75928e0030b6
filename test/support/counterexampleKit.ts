// Shared by the counterexample files of the property suites and the simulator: a small program, a
// purchase, and a runner that applies events (and `advance` for `{ advanceTo }`) keeping the ledger.
import type { Engine, LedgerEntry, MemberState, ProgramInput } from 'loyalty-engine';

export const joinedAt = '2026-01-01T00:00:00Z';

/** A program in UTC that gives 100 points per purchase. */
export const program = (extra: Partial<ProgramInput> = {}): ProgramInput =>
  ({
    id: 'p',
    currency: 'CNY',
    timeZone: 'UTC',
    earning: [{ id: 'visit', kind: 'fixed', event: 'purchase', points: '100' }],
    ...extra,
  }) as ProgramInput;

/** A purchase of one 10.00 CNY item. */
export const buy = (id: string, occurredAt: string) => ({
  type: 'purchase',
  id,
  occurredAt,
  currency: 'CNY',
  lines: [{ sku: 'x', quantity: 1, price: 1000 }],
});

/**
 * Applies events (and `advance` for `{ advanceTo }`) in order, keeping the ledger; also returns the
 * enrolled state and the effects of the last step.
 */
export function run(
  engine: Engine,
  steps: readonly unknown[],
): { initial: MemberState; state: MemberState; ledger: LedgerEntry[]; last: readonly LedgerEntry[] } {
  const initial = engine.enroll({ memberId: 'm-1', joinedAt });
  let state = initial;
  const ledger: LedgerEntry[] = [];
  let last: readonly LedgerEntry[] = [];
  for (const step of steps) {
    const to = (step as { advanceTo?: string }).advanceTo;
    const r = to === undefined ? engine.apply(state, step) : engine.advance(state, to);
    state = r.state;
    last = r.effects;
    ledger.push(...r.effects);
  }
  return { initial, state, ledger, last };
}
