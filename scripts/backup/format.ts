/**
 * The hub's backup file: a logical dump written by the hub itself, so it needs no `pg_dump` (the
 * embedded PostgreSQL package ships none, and a machine's client may be older than the server).
 * Gzipped JSON lines: a header (format, version, when, the server, every schema's applied
 * migrations), then each table's rows in batches (each row as PostgreSQL's own `to_jsonb`), then
 * every sequence's position, then an end line with the totals, so a cut-off file is refused.
 * Restoring runs the hub's migrations and then loads the rows (see restore.ts): the file holds
 * data, the code holds the schema, and both must be of the same version of the hub.
 */
import { DEPARTMENTS } from '../../shared/departments';

/** `format` of the header line. */
export const BACKUP_FORMAT = 'cfc-hub-backup';
/** Version of the file layout (not of the hub). */
export const BACKUP_VERSION = 1;

/** The schemas a backup holds: the gateway's, the reference data, and each department's. */
export const HUB_SCHEMAS: readonly string[] = ['gateway', 'reference', ...DEPARTMENTS.map((d) => d.slug)];

/** The first line. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  server: string;
  database: string;
  /** Migration names applied in each schema that keeps a migrations table, in order. */
  migrations: Record<string, string[]>;
}

/**
 * One batch of a table's rows, each the text of PostgreSQL's `to_jsonb(row)`: kept as text so no
 * number passes through a JavaScript double (bigint ids, exact numerics stay exact).
 */
export interface RowsLine {
  table: string;
  rows: string[];
}

/** Where every sequence stood. */
export interface SequencesLine {
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

/** The last line. */
export interface EndLine {
  end: true;
  tables: number;
  rows: number;
}

/** Rows per batch line. */
export const BATCH = 1000;

/** `"schema"."table"` for a `schema.table` name of the hub (plain names only). */
export function quoted(name: string): string {
  const parts = name.split('.');
  if (parts.length !== 2 || !parts.every((p) => /^[a-z_][a-z0-9_]*$/.test(p)))
    throw new Error(`not a plain table name: ${name}`);
  return parts.map((p) => `"${p}"`).join('.');
}
