import { type LedgerEntry, SCHEMA_VERSION } from '../ledger/index.js';
import type { TierEffect } from '../tiers/index.js';

/** Numbers tier effects as ledger entries continuing at `firstSeq`. */
export function tierEntries(
  effects: readonly TierEffect[],
  firstSeq: number,
  base: {
    readonly memberId: string;
    readonly eventId: string | null;
    readonly occurredAt: string;
    readonly programId: string;
    readonly programVersion: number;
  },
): LedgerEntry[] {
  const prefix = base.eventId ?? `time@${base.occurredAt}`;
  return effects.map((x, i): LedgerEntry => {
    const common = {
      schemaVersion: SCHEMA_VERSION,
      seq: firstSeq + i,
      memberId: base.memberId,
      occurredAt: base.occurredAt,
      programId: base.programId,
      programVersion: base.programVersion,
    };
    switch (x.type) {
      case 'tierChanged':
        return { ...x, ...common, eventId: base.eventId, sourceKey: `${prefix}:tierChanged` };
      case 'tierRenewed':
        return { ...x, ...common, eventId: base.eventId, sourceKey: `${prefix}:tierRenewed` };
      default:
        return {
          ...x,
          ...common,
          eventId: base.eventId,
          sourceKey: `${prefix}:${x.type}:${x.tierId}:${x.benefit}`,
        };
    }
  });
}
