/**
 * Internal: the later of two canonical UTC instants (`parseInstant`'s form, which compare as
 * strings). `Math.max` cannot be used on them: it gives NaN for strings.
 */
export function laterInstant(a: string, b: string): string {
  if (a >= b) return a;
  return b;
}

/** Internal: the earlier of two canonical UTC instants (see {@link laterInstant}). */
export function earlierInstant(a: string, b: string): string {
  if (a <= b) return a;
  return b;
}
