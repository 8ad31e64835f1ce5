/**
 * Restoring a backup (see format.ts) into an empty database: the file is read and checked whole
 * before anything is touched; the hub's own migrations create every schema, table, trigger and
 * function; then, in one transaction with triggers off (`session_replication_role = replica`, so
 * the audit triggers neither refuse the rows nor add to the trail, and the trail comes back exactly
 * as it was), every table's rows are loaded and every sequence set where it stood.
 *
 * Refused, changing nothing: a file that is not a complete hub backup; a database the hub's
 * services are connected to (unless `force`); a database that already has the hub's schemas
 * (unless `replace`, which drops them first); a backup made by another version of the hub (its
 * migrations differ from this one's).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Client } from 'pg';
import type { EntitySchema, MixedList } from 'typeorm';
import { GATEWAY_MIGRATIONS } from '../../gateway/migrations';
import { openDatabase } from '../../shared/database';
import { departmentModule } from '../../shared/department/module';
import { DEPARTMENTS } from '../../shared/departments';
import type { Logger } from '../../shared/logger';
import { ldtbxhModule } from '../../subgraphs/ldtbxh/server';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  HUB_SCHEMAS,
  quoted,
  type BackupHeader,
  type EndLine,
  type RowsLine,
  type SequencesLine,
} from './format';

/** A restore that was refused before it changed anything; `message` says why and what to do. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/** A backup file, read and checked. */
export interface Backup {
  header: BackupHeader;
  rows: Map<string, string[]>;
  sequences: SequencesLine['sequences'];
  end: EndLine;
}

/** Reads and checks a whole backup file. @throws RestoreRefused when it is not a complete hub backup. */
export function readBackup(file: string): Backup {
  let text: string;
  try {
    text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  } catch (error) {
    throw new RestoreRefused(`${file} is not a hub backup (not a readable gzip file: ${(error as Error).message})`);
  }
  const lines = text.split('\n').filter((line) => line !== '');
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new RestoreRefused(`${file}: line ${index + 1} is not JSON`);
    }
  });
  const header = parsed[0] as Partial<BackupHeader> | undefined;
  if (header?.format !== BACKUP_FORMAT)
    throw new RestoreRefused(`${file} is not a hub backup (no "${BACKUP_FORMAT}" header)`);
  if (header.version !== BACKUP_VERSION)
    throw new RestoreRefused(
      `${file} has backup format version ${String(header.version)}; this hub reads version ${BACKUP_VERSION}`,
    );
  const end = parsed.at(-1) as Partial<EndLine> | undefined;
  if (end?.end !== true) throw new RestoreRefused(`${file} is incomplete (no end line): the backup was cut off`);
  const rows = new Map<string, string[]>();
  let sequences: SequencesLine['sequences'] = [];
  for (const line of parsed.slice(1, -1)) {
    if ('table' in line) {
      const { table, rows: batch } = line as unknown as RowsLine;
      quoted(table);
      rows.set(table, [...(rows.get(table) ?? []), ...batch]);
    } else if ('sequences' in line) {
      sequences = (line as unknown as SequencesLine).sequences;
    }
  }
  const total = [...rows.values()].reduce((sum, batch) => sum + batch.length, 0);
  if (total !== end.rows)
    throw new RestoreRefused(`${file} is damaged: it holds ${total} rows, its end line says ${String(end.rows)}`);
  return { header: header as BackupHeader, rows, sequences, end: end as EndLine };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Migrations = MixedList<Function>;

/** Every service's schema and migrations, LĐTBXH first (its migrations create the reference schema). */
function hubMigrations(): {
  schema: string;
  entities: MixedList<EntitySchema | (new () => unknown)>;
  migrations: Migrations;
}[] {
  const modules = [ldtbxhModule(), ...DEPARTMENTS.slice(1).map((d) => departmentModule(d))];
  return [
    ...modules.map((module) => ({
      schema: module.dbSchema,
      entities: module.entities as MixedList<EntitySchema | (new () => unknown)>,
      migrations: module.migrations,
    })),
    { schema: 'gateway', entities: [], migrations: GATEWAY_MIGRATIONS },
  ];
}

/** The names TypeORM records for `migrations` (a list of migration classes), sorted. */
function migrationNames(migrations: Migrations): string[] {
  const list = Array.isArray(migrations) ? migrations : Object.values(migrations);
  return list
    .map((migration) =>
      typeof migration === 'string'
        ? migration
        : (new (migration as new () => { name?: string })().name ?? migration.name),
    )
    .sort();
}

/** Runs every service's migrations on `url`. */
async function migrate(url: string, logger: Logger): Promise<void> {
  for (const { schema, entities, migrations } of hubMigrations()) {
    const db = await openDatabase({ url, schema, entities, migrations, logger, applicationName: 'hub-restore' });
    await db.close();
  }
}

/**
 * What a restore does not copy, because it names the database it was written in rather than the
 * hub's data: the transaction that wrote a value (`written_xid`: ids of another server, or of
 * this one's past, mean nothing to this one's transactions — a restored value records the
 * restore's own), and the boards' watermarks, which are such ids (the next board of a scope asks
 * by moment, then records this database's). See shared/board-since.ts.
 */
const NOT_RESTORED_COLUMNS: ReadonlySet<string> = new Set(['written_xid']);
export const NOT_RESTORED_TABLES: ReadonlySet<string> = new Set(['ldtbxh.assessment_board_state']);

/** What {@link restoreDatabase} may override. */
export interface RestoreOptions {
  /** Restore even though the hub's services are connected to the database. */
  force: boolean;
  /** Drop the hub's schemas (and everything in them) first instead of refusing a non-empty database. */
  replace: boolean;
  logger: Logger;
}

/**
 * Restores `file` into the database at `url` (a superuser: triggers are switched off for the load).
 * @throws RestoreRefused (nothing changed) as described above; the server's error otherwise (the
 * load is one transaction, so no half-restored data remains).
 */
export async function restoreDatabase(
  url: string,
  file: string,
  options: RestoreOptions,
): Promise<{ tables: number; rows: number }> {
  const backup = readBackup(file);
  const client = new Client({ connectionString: url, application_name: 'hub-restore' });
  await client.connect();
  try {
    const services = await client.query<{ name: string; n: number }>(
      `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'hub-%'
          AND application_name NOT IN ('hub-backup', 'hub-restore')
        GROUP BY 1 ORDER BY 1`,
    );
    if (services.rows.length > 0 && !options.force) {
      throw new RestoreRefused(
        `the hub is running: ${services.rows.map((r) => `${r.name} (${r.n})`).join(', ')} connected to this database. Stop it first (or --force)`,
      );
    }
    for (const { schema, migrations } of hubMigrations()) {
      const ours = migrationNames(migrations);
      const theirs = [...(backup.header.migrations[schema] ?? [])].sort();
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
        throw new RestoreRefused(
          `the backup was made by another version of the hub: schema ${schema} had the migrations [${theirs.join(', ')}], this hub has [${ours.join(', ')}]. Restore it with the version that made it`,
        );
      }
    }
    const present = (
      await client.query<{ name: string }>(
        'SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1',
        [HUB_SCHEMAS],
      )
    ).rows.map((r) => r.name);
    if (present.length > 0 && !options.replace) {
      throw new RestoreRefused(
        `the database is not empty: it has the hub's schemas ${present.join(', ')}. Restore into an empty database, or --replace to drop them first`,
      );
    }
    for (const schema of present) await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await migrate(url, options.logger);
    const tables = (
      await client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) AND table_name <> 'migrations' ORDER BY 1`,
        [HUB_SCHEMAS],
      )
    ).rows.map((r) => r.name);
    const unknown = [...backup.rows.keys()].filter(
      (table) => !table.endsWith('.migrations') && !tables.includes(table),
    );
    if (unknown.length > 0)
      throw new RestoreRefused(`the backup holds tables this hub does not have: ${unknown.join(', ')}`);
    let rows = 0;
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      for (const table of tables) {
        // Rows a migration itself inserted make way for the backed-up ones.
        await client.query(`DELETE FROM ${quoted(table)}`);
        const batch = backup.rows.get(table) ?? [];
        if (batch.length === 0) continue;
        if (NOT_RESTORED_TABLES.has(table)) continue;
        const columns = (
          await client.query<{ name: string }>(
            `SELECT quote_ident(attname) AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
            [quoted(table)],
          )
        ).rows
          .map((r) => r.name)
          .filter((name) => !NOT_RESTORED_COLUMNS.has(name));
        for (let i = 0; i < batch.length; i += 1000) {
          await client.query(
            `INSERT INTO ${quoted(table)} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE
             SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${quoted(table)}, $1::jsonb)`,
            [`[${batch.slice(i, i + 1000).join(',')}]`],
          );
        }
        rows += batch.length;
      }
      for (const { name, lastValue, isCalled } of backup.sequences) {
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoted(name), lastValue, isCalled]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    return { tables: tables.length, rows };
  } finally {
    await client.end();
  }
}
