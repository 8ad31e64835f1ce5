/**
 * Writing a backup (see format.ts): every table of the hub's schemas read in one read-only
 * snapshot, so the hub may keep running; an existing file is never overwritten.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { BACKUP_FORMAT, BACKUP_VERSION, BATCH, HUB_SCHEMAS, quoted, type BackupHeader } from './format';

/** Writes a backup of the database at `url` into `file`; resolves with the totals. @throws when `file` exists or a query fails. */
export async function backupDatabase(url: string, file: string): Promise<{ tables: number; rows: number }> {
  const client = new Client({ connectionString: url, application_name: 'hub-backup' });
  await client.connect();
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await once(out, 'open');
  const gzip = zlib.createGzip();
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(JSON.stringify(line) + '\n')) await once(gzip, 'drain');
  };
  let finished = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ version, database }] = (
      await client.query<{ version: string; database: string }>('SELECT version(), current_database() AS database')
    ).rows as [{ version: string; database: string }];
    const tables = (
      await client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) ORDER BY table_schema, table_name`,
        [HUB_SCHEMAS],
      )
    ).rows.map((r) => r.name);
    const migrations: Record<string, string[]> = {};
    for (const table of tables.filter((t) => t.endsWith('.migrations'))) {
      migrations[table.split('.')[0] ?? ''] = (
        await client.query<{ name: string }>(`SELECT name FROM ${quoted(table)} ORDER BY id`)
      ).rows.map((r) => r.name);
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      server: version,
      database,
      migrations,
    };
    await write(header);
    let rows = 0;
    for (const table of tables) {
      await client.query(`DECLARE dump NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${quoted(table)} t`);
      for (;;) {
        const batch = (await client.query<{ row: string }>(`FETCH ${BATCH} FROM dump`)).rows.map((r) => r.row);
        if (batch.length === 0) break;
        rows += batch.length;
        await write({ table, rows: batch });
      }
      await client.query('CLOSE dump');
    }
    const sequenceNames = (
      await client.query<{ name: string }>(
        `SELECT schemaname || '.' || sequencename AS name FROM pg_sequences WHERE schemaname = ANY($1) ORDER BY 1`,
        [HUB_SCHEMAS],
      )
    ).rows.map((r) => r.name);
    const sequences = [];
    for (const name of sequenceNames) {
      const [position] = (
        await client.query<{ lastValue: string; isCalled: boolean }>(
          `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${quoted(name)}`,
        )
      ).rows;
      if (position) sequences.push({ name, ...position });
    }
    await write({ sequences });
    await write({ end: true, tables: tables.length, rows });
    await client.query('COMMIT');
    finished = true;
    return { tables: tables.length, rows };
  } finally {
    gzip.end();
    await once(out, 'close');
    await client.end();
    if (!finished) fs.rmSync(file, { force: true });
  }
}
