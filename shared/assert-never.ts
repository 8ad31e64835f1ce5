/**
 * The end of every `switch` over a union (indicator kinds, department codes, statuses…): with
 * every member handled, the value left is `never`, so a member added to the union and not handled
 * is a compile error at each switch that misses it — the compiler lists the places, not a runtime
 * throw. The lint rule `@typescript-eslint/switch-exhaustiveness-check` asks for the same.
 */

/**
 * Marks a place the type system proves unreachable.
 * @param value the switched-on value, narrowed to `never` when every case is handled
 * @param what what the value is (e.g. `indicator kind`), for the message should data outside the
 *   type arrive at run time anyway (an unchecked cast, a newer client)
 * @throws Error naming `what` and the value
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
