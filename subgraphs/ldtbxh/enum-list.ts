/**
 * Lists in a chosen order of the values of a schema enum (the generated string unions of
 * `generated/schema-types.ts`): the schema writes the values once, a list only orders them.
 */

/** Resolves to `unknown` when `Listed` holds every member of `T`, else to an object naming the missing ones. */
type EveryMember<T, Listed extends readonly unknown[]> = [Exclude<T, Listed[number]>] extends [never]
  ? unknown
  : { missing: Exclude<T, Listed[number]> };

/**
 * `everyValueOf<T>()([...])`: the values given, frozen, in their order. It compiles only when they
 * are every member of the union `T` and nothing else — a value the schema adds and a list misses
 * is a compile error naming it (`missing: "NEW_VALUE"`), not a value silently left out.
 */
export function everyValueOf<T extends string>(): <const Listed extends readonly T[]>(
  values: Listed & EveryMember<T, Listed>,
) => readonly T[] {
  return (values) => Object.freeze([...values]);
}
