/** Message builders of the experiments concept (what happened, and what to do). */

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
};

export const messages = {
  badKey: (value: unknown): string =>
    `The experiment key must be a non-empty string, got ${show(value)} (it seeds the assignment: never reuse or rename it while the experiment runs)`,
  noVariants: (): string =>
    'An experiment needs at least one variant, e.g. [{ id: "control", weight: 1 }, { id: "double-points", weight: 1 }]',
  badVariantId: (value: unknown): string => `A variant id must be a non-empty string, got ${show(value)}`,
  duplicateVariant: (id: string): string => `Variant "${id}" is listed twice; variant ids must be unique`,
  negativeWeight: (id: string): string =>
    `The weight of variant "${id}" is negative; weights are shares >= 0`,
  allWeightsZero: (): string => 'Every weight is 0: at least one variant needs a positive weight',
  badHoldoutShare: (value: unknown): string =>
    `The holdout share must be a decimal from 0 (no holdout) up to but excluding 1, got ${show(value)}`,
  badHoldoutKey: (value: unknown): string => `The holdout key must be a non-empty string, got ${show(value)}`,
  badMemberId: (value: unknown): string => `A member id must be a non-empty string, got ${show(value)}`,
  duplicateExperiment: (key: string): string => `Experiment "${key}" is listed twice`,
  notExperiment: (): string => 'Expected an experiment made by defineExperiment',
  badConfidence: (value: unknown): string =>
    `The confidence level must be a number strictly between 0 and 1 (e.g. 0.95), got ${show(value)}`,
  tooFewValues: (which: string, n: number): string =>
    `Sample ${which} has ${n} value${n === 1 ? '' : 's'}; Welch's test needs at least 2 in each sample`,
  badValue: (value: unknown): string => `Expected a finite number, got ${show(value)}`,
  badControl: (value: unknown): string => `The control arm must be a non-empty string, got ${show(value)}`,
  controlMissing: (control: string): string =>
    `No member is in the control arm "${control}"; name the arm the others are compared with`,
  armTooSmall: (arm: string, n: number): string =>
    `Arm "${arm}" has ${n} member${n === 1 ? '' : 's'}; a comparison needs at least 2 members in every arm`,
  onlyControl: (control: string): string =>
    `Every member is in the control arm "${control}": there is nothing to compare it with`,
  duplicateMember: (memberId: string): string =>
    `Member "${memberId}" appears twice; each member has one outcome, in one arm`,
  badArm: (value: unknown): string => `An arm must be a non-empty string, got ${show(value)}`,
  badCount: (field: string, value: unknown): string =>
    `${field} must be a non-negative safe integer, got ${show(value)}`,
  badAmount: (field: string, value: unknown): string => `${field} must be a safe integer, got ${show(value)}`,
  badResamples: (value: unknown): string =>
    `bootstrap.resamples must be an integer from 100 to 1,000,000, got ${show(value)}`,
  badRandom: (): string =>
    'bootstrap needs a `seed` (an integer) or a `random` function returning numbers in [0, 1), so results are reproducible',
  badRandomValue: (value: unknown): string =>
    `bootstrap.random returned ${show(value)}; it must return numbers in [0, 1)`,
  badMetric: (value: unknown): string =>
    `Unknown metric ${show(value)}; use "spendPerMember", "repeatRate", "aov" or "pointsCostPerMember"`,
  needPointValue: (): string =>
    'The metric "pointsCostPerMember" needs options.pointValue (the money value of one point)',
  badWindow: (): string => '`from` must be before `to`',
  badSeq: (memberId: string, seq: number, last: number): string =>
    `Entries of member "${memberId}" must come in ledger order: seq ${seq} after ${last}`,
};
