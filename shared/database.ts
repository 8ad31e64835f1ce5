/**
 * One TypeORM DataSource per service, always on migrations (never `synchronize`), with a statement
 * counter that the N+1 guards read and a logger that never prints parameters (they may hold
 * sensitive figures).
 */
import { DataSource, type Logger as OrmLogger, type MixedList, type EntitySchema } from 'typeorm';
import type { Logger } from './logger';
import { TracedPgClient } from './observability/sql-tracing';

/** Counts SQL statements sent by one DataSource. Tests read it around a request. */
export class StatementCounter {
  private total = 0;
  private readonly recent: string[] = [];

  /** Records one statement (the text only; parameters are never kept). */
  record(sql: string): void {
    this.total += 1;
    this.recent.push(sql);
    if (this.recent.length > 200) this.recent.shift();
  }

  /** Statements sent since the DataSource was created. */
  get count(): number {
    return this.total;
  }

  /** The text of the last statements, oldest first (at most 200). */
  lastStatements(n: number): string[] {
    return this.recent.slice(-n);
  }
}

class CountingLogger implements OrmLogger {
  constructor(
    private readonly counter: StatementCounter,
    private readonly logger: Logger,
  ) {}
  logQuery(query: string): void {
    this.counter.record(query);
    this.logger.debug('sql', { sql: query });
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn('sql failed', { sql: query, error: error instanceof Error ? error.message : error });
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn('slow sql', { ms: time, sql: query });
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}

/** What a service needs to open its database. */
export interface DatabaseOptions {
  url: string;
  /** PostgreSQL schema holding this service's tables and its migrations table. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logger: Logger;
  poolSize?: number;
  applicationName?: string;
}

/** A DataSource with its statement counter. */
export interface Database {
  dataSource: DataSource;
  statements: StatementCounter;
  close(): Promise<void>;
}

/**
 * Connects, creates the service's schema if needed and runs its pending migrations.
 * @throws the driver's error when the server cannot be reached or a migration fails; callers
 * exit non-zero (never serve after a failed initialisation).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const statements = new StatementCounter();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: true,
    logger: new CountingLogger(statements, options.logger),
    maxQueryExecutionTime: 2000,
    applicationName: options.applicationName ?? `hub-${options.schema}`,
    // The pool's client traces each statement under the request that sent it.
    extra: { max: options.poolSize ?? 10, Client: TracedPgClient },
  });
  await dataSource.initialize();
  try {
    // Only when missing: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when it
    // exists, which a service's own role (see database-roles.ts) does not have.
    const found: unknown[] = await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
    if (found.length === 0) await dataSource.query(`CREATE SCHEMA "${options.schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return { dataSource, statements, close: () => dataSource.destroy() };
}
