/**
 * `npm run restore -- FILE [--force] [--replace]`: restores a backup made by `npm run backup` (see
 * scripts/backup/load.ts) into the embedded PostgreSQL, or DATABASE_URL (as a superuser). Refuses,
 * changing nothing, while the hub runs (`--force` overrides) or when the database already holds the
 * hub's schemas (`--replace` drops them first).
 */
import { Client } from 'pg';
import { loadConfig } from '../shared/config';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { createLogger } from '../shared/logger';
import { RestoreRefused, restoreDatabase } from './backup/load';

const FLAGS = new Set(['--force', '--replace']);

/** True when the embedded PostgreSQL answers: it runs only while `npm start` does. */
async function answers(url: string): Promise<boolean> {
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.filter((arg) => !arg.startsWith('--'));
  const unknown = args.filter((arg) => arg.startsWith('--') && !FLAGS.has(arg));
  if (files.length !== 1 || unknown.length > 0)
    throw new Error(
      `usage: npm run restore -- FILE [--force] [--replace]${unknown.length > 0 ? ` (unknown ${unknown.join(', ')})` : ''}`,
    );
  const file = files[0] ?? '';
  const force = args.includes('--force');
  const config = loadConfig();
  const logger = createLogger('warn', { service: 'restore' });
  let url = config.database.url;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const embeddedUrl = `postgres://hub:hub@127.0.0.1:${config.database.embeddedPort}/hub`;
    if (await answers(embeddedUrl)) {
      if (!force)
        throw new RestoreRefused(
          `the hub is running (its embedded PostgreSQL answers on port ${config.database.embeddedPort}). Stop it first (or --force)`,
        );
      url = embeddedUrl;
    } else {
      const embedded = await startEmbeddedPostgres(
        config.database.embeddedDataDir,
        config.database.embeddedPort,
        logger,
      );
      url = embedded.url;
      stop = () => embedded.stop();
    }
  }
  try {
    const { tables, rows } = await restoreDatabase(url, file, { force, replace: args.includes('--replace'), logger });
    process.stdout.write(`restored ${rows} rows of ${tables} tables from ${file}\n`);
  } finally {
    await stop?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`restore: ${(error as Error).message}\n`);
  process.exit(error instanceof RestoreRefused ? 2 : 1);
});
