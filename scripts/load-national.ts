/**
 * `npm run load:national`: loads every province, district and commune of Vietnam (the 2023 list,
 * 10,599 communes) into the reference data, for national-scale work. Units already stored are
 * never changed; differences are printed as conflicts. Uses DATABASE_URL, or the embedded
 * PostgreSQL of `npm start` when none is configured (the running one when the hub is up).
 */
import { loadConfig } from '../shared/config';
import { openDatabase } from '../shared/database';
import { useEmbeddedPostgres, type EmbeddedDatabase } from '../shared/embedded-postgres';
import { createLogger } from '../shared/logger';
import { systemActor, withActor } from '../shared/audit/actor';
import { loadNational } from '../shared/reference/places';
import { REFERENCE_MIGRATIONS } from '../shared/reference/migrations';
import { DEPARTMENT_MIGRATIONS } from '../shared/department/module';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: 'load-national' });
  let embedded: EmbeddedDatabase | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = await useEmbeddedPostgres(config.database.embeddedDataDir, config.database.embeddedPort, logger);
    url = embedded.url;
  }
  try {
    // The same migrations the LĐTBXH subgraph runs, so the command works on an empty database too.
    const db = await openDatabase({ url, schema: 'ldtbxh', entities: [], migrations: [...REFERENCE_MIGRATIONS, ...DEPARTMENT_MIGRATIONS], logger });
    try {
      const started = Date.now();
      const summary = await withActor(db.dataSource, systemActor('load:national (command)'), (m) => loadNational(m));
      const [totals] = await db.dataSource.query(
        `SELECT (SELECT count(*) FROM reference.province)::int AS provinces, (SELECT count(*) FROM reference.district)::int AS districts,
                (SELECT count(*) FROM reference.commune)::int AS communes`,
      );
      process.stdout.write(
        `added ${summary.provinces} provinces, ${summary.districts} districts, ${summary.communes} communes in ${Date.now() - started} ms; ` +
          `stored now: ${totals.provinces} provinces, ${totals.districts} districts, ${totals.communes} communes\n`,
      );
      for (const conflict of summary.conflicts) process.stdout.write(`conflict (stored unit kept): ${conflict}\n`);
    } finally {
      await db.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load:national failed: ${(error as Error).message}\n`);
  process.exit(1);
});
