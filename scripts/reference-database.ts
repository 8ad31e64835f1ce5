/**
 * The database the reference-data commands (`load:national`, `units:apply`) work on: DATABASE_URL,
 * or the embedded PostgreSQL of `npm start` when none is configured (the running one when the hub
 * is up), migrated as the LĐTBXH subgraph migrates it so that the command works on an empty
 * database too. Closed, and the embedded server stopped, however `run` ends.
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../shared/config';
import { openDatabase } from '../shared/database';
import { DEPARTMENT_MIGRATIONS } from '../shared/department/module';
import { useEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres';
import { createLogger } from '../shared/logger';
import { REFERENCE_MIGRATIONS } from '../subgraphs/ldtbxh/migrations';

export async function withReferenceDatabase<T>(
  service: string,
  run: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service });
  let embedded: EmbeddedDatabase | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = await useEmbeddedPostgres(config.database.embeddedDataDir, config.database.embeddedPort, logger);
    url = embedded.url;
  }
  try {
    const db = await openDatabase({
      url,
      schema: 'ldtbxh',
      entities: [],
      migrations: [...REFERENCE_MIGRATIONS, ...DEPARTMENT_MIGRATIONS],
      logger,
    });
    try {
      return await run(db.dataSource);
    } finally {
      await db.close();
    }
  } finally {
    await embedded?.stop();
  }
}
