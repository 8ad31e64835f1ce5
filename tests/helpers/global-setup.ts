/**
 * Decides which PostgreSQL the tests use: TEST_DATABASE_URL or DATABASE_URL when set (CI uses the
 * machine's PostgreSQL 15), otherwise the embedded one in .data/test-postgres. Each test file then
 * creates its own database on that server (see database.ts), so files never share data.
 */
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { createLogger } from '../../shared/logger';
import { projectPath } from '../../shared/paths';

declare global {
  var hubEmbeddedTestDatabase: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const configured = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (configured) {
    process.env.HUB_TEST_ADMIN_URL = configured;
    return;
  }
  const port = Number(process.env.HUB_TEST_EMBEDDED_PG_PORT || 54330);
  const embedded = await startEmbeddedPostgres(projectPath('.data', 'test-postgres'), port, createLogger('warn'));
  globalThis.hubEmbeddedTestDatabase = embedded;
  process.env.HUB_TEST_ADMIN_URL = embedded.url;
}
