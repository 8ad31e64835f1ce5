/**
 * `npm run db:roles`: one database role per service (see scripts/lib/database-roles.ts), for a real
 * server. Connects with DATABASE_URL as a superuser, creates or updates the roles and their
 * schemas, and prints the DATABASE_URL each service must then use (only the set-up knows the role
 * secret, HUB_DB_ROLE_SECRET; each service gets its own URL only). Safe to repeat.
 *
 *   DATABASE_URL=postgres://admin@db.example/hub HUB_DB_ROLE_SECRET=… npm run db:roles
 *
 * A service's password may be given instead (HUB_DB_PASSWORD_<SERVICE>, as docker compose does);
 * `--quiet` then prints the roles only. Without DATABASE_URL it sets up the embedded PostgreSQL of `npm start` (which does so itself at
 * every start) and prints its URLs.
 */
import { loadConfig } from '../shared/config';
import { localRoleSecret, setupServiceRoles } from './lib/database-roles';
import { useEmbeddedPostgres } from './lib/embedded-postgres';
import { createLogger } from '../shared/logger';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--quiet')) throw new Error('usage: npm run db:roles [-- --quiet]');
  const quiet = args.includes('--quiet');
  const config = loadConfig();
  const logger = createLogger('warn', { service: 'db-roles' });
  const embedded = config.database.url
    ? null
    : await useEmbeddedPostgres(config.database.embeddedDataDir, config.database.embeddedPort, logger);
  try {
    const ownerUrl = config.database.url ?? embedded?.url ?? '';
    const secret =
      config.database.roleSecret ?? (embedded ? localRoleSecret(config.database.localRoleSecretFile) : null);
    const urls = await setupServiceRoles(ownerUrl, secret, config.database.rolePasswords);
    for (const [service, url] of Object.entries(urls)) {
      // --quiet (docker compose): the roles only, no password in the container's log.
      process.stdout.write(
        quiet
          ? `${service.padEnd(8)} role ${new URL(url).username} ready\n`
          : `${service.padEnd(8)} DATABASE_URL=${url}\n`,
      );
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:roles: ${(error as Error).message}\n`);
  process.exit(1);
});
