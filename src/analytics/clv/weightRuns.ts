/**
 * Sums of w·ln S over many rows with one logarithm per run of rows of equal weight:
 * Σ_run w ln S_i = w ln Π S_i. Likelihoods group their rows by weight once per fit, then keep the
 * running product in [2^-600, 2^600] by exact power-of-two rescaling (no rounding), so only the
 * multiplications round. Internal to the fitters.
 */

/** Rescaling bounds of the running product. */
export const HUGE = 2 ** 600;
export const TINY = 2 ** -600;
/** Factors outside [1e-100, 1e100] are logged on their own, so one product step cannot overflow. */
export const FACTOR_MIN = 1e-100;
export const FACTOR_MAX = 1e100;

/**
 * Groups `rows` (indexes) into runs of equal weight, each run in the rows' order.
 * @returns the rows in run order and the end of each run in it
 */
export function runsOfEqualWeight(
  rows: ArrayLike<number>,
  w: ArrayLike<number>,
): { order: Int32Array; ends: Int32Array } {
  const byWeight = new Map<number, number[]>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const list = byWeight.get(w[i]!);
    if (list === undefined) byWeight.set(w[i]!, [i]);
    else list.push(i);
  }
  const order = new Int32Array(rows.length);
  const ends = new Int32Array(byWeight.size);
  let n = 0;
  let run = 0;
  for (const list of byWeight.values()) {
    for (let k = 0; k < list.length; k++) order[n++] = list[k]!;
    ends[run++] = n;
  }
  return { order, ends };
}
