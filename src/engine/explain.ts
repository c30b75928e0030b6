import { type RuleOutcome, recordedFact } from '../earning/index.js';
import { assertNever } from '../errors/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import { formatMoney } from '../money/index.js';
import { formatPoints } from '../points/index.js';
import type { CompiledProgram } from '../program/index.js';
import { type ExplainNode, explainCondition, type Facts } from '../rules/index.js';
import type { EffectExplanation, RuleReport } from './types.js';
import type { Versions } from './versions.js';

/** The derivation of one effect, from the effect and the program version it names. */
export function explainEntry(versions: Versions, entry: LedgerEntry): EffectExplanation {
  const program = versions.byNumber(entry.programVersion);
  const pts = (u: number): string => formatPoints(u, program.precision);
  /** "1 point", "2 points", "1.50 points". */
  const points = (u: number): string => plural(pts(u));
  const base = { type: entry.type, sourceKey: entry.sourceKey, programVersion: entry.programVersion, entry };
  switch (entry.type) {
    case 'pointsEarned': {
      const x = entry.explanation;
      const written = program.program.earning?.find((r) => r.id === entry.ruleId);
      const award = program.awards.find((r) => r.id === entry.ruleId);
      const condition =
        award?.when === undefined
          ? undefined
          : explainCondition(award.when.forZone(x.timeZone), factsFrom(x.facts));
      const parts: string[] = [];
      if (x.rate !== null && x.basis !== null) {
        parts.push(
          `${plural(String(x.rate.points))} per ${x.rate.per} ${x.basis.currency} on ${formatMoney({ amount: x.basis.amount, currency: x.basis.currency }, { withCurrency: true })}`,
        );
      } else if (x.count !== null) {
        parts.push(`for ${x.count} matching ${x.count === 1 ? 'item' : 'items'}`);
      }
      if (x.multipliers.length > 0)
        parts.push(x.multipliers.map((m) => `x${m.factor} ${m.ruleId}`).join(', '));
      if (x.lineRounding !== undefined) {
        // Rounded line by line: the order total rounded as a whole would say something else.
        if (x.lineRounding.some((l) => !(l.exact && l.unrounded === pts(l.points)))) {
          parts.push(
            `${x.rounding} per line: ${x.lineRounding.map((l) => `${l.unrounded} -> ${pts(l.points)}`).join(', ')}`,
          );
        }
      } else if (!(x.exact && x.unrounded === pts(x.requested)))
        parts.push(`${x.rounding} of ${x.unrounded}`);
      if (x.cap !== null) parts.push(`capped by ${x.cap.capId} from ${pts(x.requested)}`);
      return {
        ...base,
        summary: `${points(entry.points)} from rule ${entry.ruleId}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`,
        rule: {
          id: entry.ruleId,
          kind: x.ruleKind,
          ...(written?.name !== undefined ? { name: written.name } : {}),
          ...(written?.description !== undefined ? { description: written.description } : {}),
        },
        ...(condition !== undefined ? { condition } : {}),
        derivation: x,
        lot: entry.lot,
      };
    }
    case 'ruleCapped':
      return {
        ...base,
        summary: `Rule ${entry.ruleId} asked for ${points(entry.requested)}; cap ${entry.capId} allowed ${pts(entry.granted)}`,
      };
    case 'pointsRedeemed':
      return {
        ...base,
        summary: `${points(entry.points)} redeemed${entry.rewardId !== null ? ` for ${entry.quantity ?? 1} x ${entry.rewardId}` : ''}, from ${entry.allocations.length} ${entry.allocations.length === 1 ? 'lot' : 'lots'} (${program.redemption.order})`,
        lots: entry.allocations,
      };
    case 'redemptionCancelled':
      return {
        ...base,
        summary:
          (entry.debtRepaid ?? 0) > 0
            ? `Redemption ${entry.redemptionId} cancelled: ${points(entry.points)} back, ${pts(entry.debtRepaid ?? 0)} of them paying off a negative balance first${entry.restored.length > 0 ? ` and the rest going back to the ${entry.restored.length === 1 ? 'lot' : 'lots'} they came from` : ''}`
            : `Redemption ${entry.redemptionId} cancelled: ${points(entry.points)} back to the ${entry.restored.length === 1 ? 'lot' : 'lots'} they came from`,
        lots: entry.restored,
      };
    case 'pointsAdjusted':
      return entry.lot !== null
        ? { ...base, summary: `${points(entry.points)} added by hand: ${entry.reason}`, lot: entry.lot }
        : {
            ...base,
            summary: `${points(-entry.points)} removed by hand: ${entry.reason}`,
            lots: entry.allocations,
          };
    case 'eventApplied':
      return { ...base, summary: `Event ${entry.eventId} (${entry.event.type}) applied` };
    case 'pointsActivated':
      return {
        ...base,
        summary:
          entry.points === 0
            ? `The pending award ${entry.lotId} is no longer pending${entry.reason === 'orderCompleted' ? ' (order completed)' : ''}: none of its points became available (they had paid off a negative balance or were taken back by a refund), and it counts for tiers from now as if it had not been pending`
            : `${plural(pts(entry.points), 'pending point')} became available${entry.reason === 'orderCompleted' ? ' (order completed)' : ''}${entry.expiresAt !== null ? `; they expire at ${entry.expiresAt}` : ''}`,
        lots: [{ lotId: entry.lotId, points: entry.points }],
      };
    case 'pointsExpired':
      return {
        ...base,
        summary:
          entry.reason === 'inactivity'
            ? `${points(entry.points)} expired after ${program.expiry.mode === 'inactivity' ? program.expiry.days : 'the allowed'} days without activity`
            : `${points(entry.points)} expired`,
        lots: entry.allocations,
      };
    case 'pointsReversed':
      return {
        ...base,
        summary: `${pts(entry.points)} of ${points(entry.requested)} from rule ${entry.ruleId} taken back for the refund of order ${entry.orderId}${entry.debt > 0 ? ` (${pts(entry.debt)} as a negative balance)` : ''}${entry.shortfall > 0 ? `; ${pts(entry.shortfall)} ${pts(entry.shortfall) === '1' ? 'was already spent and is' : 'were already spent and are'} not taken back` : ''}`,
        lots: entry.allocations,
      };
    case 'stateRederived':
      return {
        ...base,
        summary: `Late event ${entry.lateEventId} applied by re-deriving the recent history in time order; balance ${pts(entry.balanceBefore)} -> ${pts(entry.balanceAfter)}`,
      };
    case 'qualifyingEarned':
      return {
        ...base,
        summary: `${pts(entry.points)} qualifying value from rule ${entry.ruleId}`,
        derivation: entry.explanation,
      };
    case 'qualifyingReversed':
      return {
        ...base,
        summary: `${pts(entry.points)} qualifying value from rule ${entry.ruleId} taken back for the refund of order ${entry.orderId}`,
      };
    case 'tierChanged':
      return {
        ...base,
        summary: `Tier ${entry.from} -> ${entry.to} (${entry.reason})${entry.until !== null ? ` until ${entry.until}` : ''}; ${Object.entries(
          entry.metrics,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      };
    case 'tierRenewed':
      return {
        ...base,
        summary: `Tier ${entry.tier} kept until ${entry.until}; ${Object.entries(entry.metrics)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      };
    case 'benefitGranted':
    case 'benefitRevoked':
      return {
        ...base,
        summary: `Benefit ${entry.benefit} of tier ${entry.tierId} ${entry.type === 'benefitGranted' ? 'granted' : 'revoked'}`,
      };
    case 'memberStatusChanged':
      return {
        ...base,
        summary: `Membership ${entry.from} -> ${entry.to}${entry.reason !== null ? `: ${entry.reason}` : ''}`,
      };
    case 'rewardIssued':
      return {
        ...base,
        summary: `Reward ${entry.rewardId} issued (${entry.source}${entry.giftId !== null ? ` ${entry.giftId}` : ''}) as ${entry.key}${entry.validUntil !== null ? `, valid until ${entry.validUntil}` : ''}`,
      };
    case 'rewardUsed':
      return { ...base, summary: `Reward ${entry.rewardId} (${entry.key}) used` };
    case 'memberProfileUpdated':
      return { ...base, summary: `Profile updated: ${entry.fields.join(', ')}` };
    case 'guardTriggered':
      return {
        ...base,
        summary: `Guard ${entry.guard} ${entry.blocked ? `withheld ${points(entry.points)}` : `flagged ${points(entry.points)}`}${entry.ruleId !== null ? ` (rule ${entry.ruleId})` : ''}: ${entry.reason}`,
      };
    case 'memberErased':
      return {
        ...base,
        summary: `Personal data erased (${entry.erased.join(', ')}), as asked at ${entry.requestedAt}; points and totals unchanged`,
      };
    case 'referralQualified':
      return {
        ...base,
        summary: `Member ${entry.refereeId}, referred by ${entry.referrerId}, made a first purchase`,
      };
    default:
      return assertNever(entry, 'ledger entry');
  }
}

/** A number of points with its noun: "1 point" (exactly one, as written), otherwise "points". */
function plural(amount: string, noun = 'point'): string {
  return `${amount} ${amount === '1' ? noun : `${noun}s`}`;
}

/** Rule reports with condition trees, for `explainEvent`. */
export function ruleReports(
  program: CompiledProgram,
  outcomes: readonly RuleOutcome[],
  facts: Readonly<Record<string, unknown>> | undefined,
  zone: string,
): RuleReport[] {
  return outcomes.map((o) => {
    const rule = [...program.awards, ...program.multipliers].find((r) => r.id === o.ruleId);
    const reached = o.reason !== 'notValidNow' && o.reason !== 'alreadyAwarded' && o.reason !== 'notBirthday';
    let condition: ExplainNode | undefined;
    if (rule?.when !== undefined && facts !== undefined && reached) {
      condition = explainCondition(rule.when.forZone(zone), facts);
    }
    return { ...o, ...(condition !== undefined ? { condition } : {}) };
  });
}

/** Turns recorded facts back into facts (lazy reads become functions answering by params). */
function factsFrom(recorded: Readonly<Record<string, unknown>>): Facts {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(recorded)) out[name] = recordedFact(v);
  return out;
}
