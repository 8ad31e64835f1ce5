/**
 * A standby process: `npm start` keeps one started spare of each subgraph, fully built (modules
 * loaded, database open, schema built) but not listening, so that when the process serving dies
 * the spare takes over its port at once instead of a cold start of several seconds. The launcher
 * marks a spare with HUB_STANDBY_SPARE=1 and talks to it over the IPC channel: the spare says
 * `standby-ready` once built and listens when told `serve` (with its restart count). A spare whose
 * launcher is gone exits.
 */

/** Messages between the launcher and a spare. */
export type StandbyMessage = { type: 'standby-ready' } | { type: 'serve'; restarts: number };

/**
 * For a spare: a gate to await before listening, resolved when the launcher says `serve`, with
 * `promoted(restarts)` called first. For a process that is not a spare: undefined (listen at once).
 */
export function standbyGate(spare: boolean, promoted: (restarts: number) => void): (() => Promise<void>) | undefined {
  if (!spare || typeof process.send !== 'function') return undefined;
  // Without its launcher a spare would never serve: it goes with it.
  process.once('disconnect', () => process.exit(0));
  return () =>
    new Promise<void>((resolve) => {
      process.on('message', (message: StandbyMessage) => {
        if (message?.type !== 'serve') return;
        promoted(message.restarts);
        resolve();
      });
      process.send?.({ type: 'standby-ready' } satisfies StandbyMessage);
    });
}
