/**
 * `T` with every array and object readonly, all the way down: what an input type accepts, so that
 * a literal written `as const` (readonly arrays, literal types) type-checks as well as a mutable one.
 *
 * @example
 * const program = { id: 'p', currency: 'CNY', timeZone: 'Asia/Shanghai', earning: [] } as const;
 * const input: ProgramInput = program; // ProgramInput is a DeepReadonly type
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
