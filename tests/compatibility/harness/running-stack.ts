/**
 * The stack started by the global setup, kept for the global teardown. Jest runs both in its
 * parent process, so a module-level slot on `globalThis` is how they share it.
 */
import type { CompatibilityStack } from './stack';

const SLOT = Symbol.for('child-friendly-commune-hub.compatibility-stack');
type Slot = { [SLOT]?: CompatibilityStack };

export function setRunningStack(stack: CompatibilityStack): void {
  (globalThis as Slot)[SLOT] = stack;
}

/** The running stack, removed from the slot so it is stopped once. */
export function takeRunningStack(): CompatibilityStack | undefined {
  const stack = (globalThis as Slot)[SLOT];
  delete (globalThis as Slot)[SLOT];
  return stack;
}
