/** One step of a path into user input: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a path the way a developer writes it in code: `earning[2].rate.points`.
 * Keys that are not identifiers are quoted: `attributes["vip level"]`.
 *
 * @example formatPath(['earning', 2, 'rate']) //=> 'earning[2].rate'
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
