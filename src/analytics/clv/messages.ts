/** Message builders for the CLV module: what happened, where, what to do. */

export const notAnArray = (what: string): string =>
  `${what} expects an array of customer summaries ({ frequency, recency, T, count? })`;

export const notAnObject = (): string => 'Expected an object with frequency, recency and T';

export const badFrequency = (value: unknown): string =>
  `frequency must be a whole number of repeat purchase periods, 0 or more (got ${String(value)})`;

export const badRecency = (value: unknown): string =>
  `recency must be a finite number of periods, 0 or more (got ${String(value)})`;

export const badAge = (value: unknown): string =>
  `T must be a finite number of periods, 0 or more (got ${String(value)})`;

export const recencyAfterAge = (recency: number, age: number): string =>
  `recency (${recency}) cannot be later than T (${age}): the last purchase happened before the end of observation`;

export const recencyWithoutRepeat = (recency: number): string =>
  `a customer with frequency 0 has recency 0 by the BTYD convention (got ${recency})`;

export const badCount = (value: unknown): string =>
  `count must be a finite number of customers, 0 or more (got ${String(value)})`;

export const badMonetary = (value: unknown): string =>
  `monetary must be a positive finite mean spend for a customer with repeat purchases (got ${String(value)}); drop customers with zero or negative spend before fitting`;

export const noCustomers = (what: string): string =>
  `${what} needs at least one customer with a positive count`;

export const noRepeatPurchases = (what: string): string =>
  `${what} cannot estimate anything when no customer made a repeat purchase (every frequency is 0)`;

export const noSpendData = (): string =>
  'fitGammaGamma needs at least one customer with frequency > 0 and a positive monetary value';

export const oneSpendLevel = (rows: number, monetary: number): string =>
  `fitGammaGamma needs customers with repeat purchases and at least two different mean spends to estimate how spend varies across customers; ${rows === 1 ? 'there is one such customer' : `all ${rows} such rows have the same mean spend`} (${monetary})`;

export const badOption = (name: string, expectation: string, value: unknown): string =>
  `${name} must be ${expectation} (got ${String(value)})`;

export const notConverged = (what: string, message: string): string =>
  `${what} did not converge: ${message}. Try more iterations, a small penalizer (e.g. 0.001), or other initial values`;

export const nonFiniteFit = (what: string): string =>
  `${what} reached parameters where the likelihood is not finite; the data may not identify the model`;

export const unknownModel = (value: unknown): string =>
  `Expected a fitted model from fitBgNbd, fitParetoNbd, fitModifiedBgNbd or fitGammaGamma (got model ${String(value)})`;

export const moreIssues = (count: number): string => `... and ${count} more invalid rows`;
