/** Stops the embedded PostgreSQL if global-setup started one. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.hubEmbeddedTestDatabase?.stop();
}
