/**
 * `npm run backup -- FILE`: a consistent logical dump of the hub's database into FILE (see
 * scripts/backup/format.ts). The embedded PostgreSQL by default (the running one when the hub is
 * up, else it is started for the dump and stopped after), or DATABASE_URL. The hub may keep
 * running. An existing FILE is not overwritten.
 */
import { loadConfig } from '../shared/config';
import { useEmbeddedPostgres } from './lib/embedded-postgres';
import { createLogger } from '../shared/logger';
import { backupDatabase } from './backup/dump';

async function main(): Promise<void> {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0) throw new Error('usage: npm run backup -- FILE');
  const config = loadConfig();
  const embedded = config.database.url
    ? null
    : await useEmbeddedPostgres(
        config.database.embeddedDataDir,
        config.database.embeddedPort,
        createLogger('warn', { service: 'backup' }),
      );
  try {
    const { tables, rows } = await backupDatabase(config.database.url ?? embedded?.url ?? '', file);
    process.stdout.write(`backup written to ${file}: ${rows} rows of ${tables} tables\n`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`backup: ${(error as Error).message}\n`);
  process.exit(1);
});
