/**
 * Targets a level sets for itself (a district for its district, the province for the province)
 * and the reward decisions and proposals to the Chairman (schema `ldtbxh`, append-only). Writes
 * run inside withActor (audited).
 */
import type { DataSource, EntityManager } from 'typeorm';

export interface LevelTargetRow {
  scope: string;
  year: number;
  level: 'DISTRICT' | 'PROVINCE';
  newCount: number;
  recognisedCount: number | null;
  /** Communes of the scope in the year when the target was set (the share is computed on it). */
  communes: number;
  note: string;
  setBy: string;
  setAt: Date;
}

export type RewardKind = 'DISTRICT_REWARD' | 'CHAIRMAN_PROPOSAL' | 'CHAIRMAN_REWARD';

export interface RewardRecordRow {
  kind: RewardKind;
  communeCode: string;
  year: number;
  streak: number;
  number: string;
  /** `YYYY-MM-DD`. */
  date: string;
  signer: string;
  form: string;
  recordedBy: string;
  recordedAt: Date;
}

const TARGET_COLUMNS = `scope, year, level, new_count AS "newCount", recognised_count AS "recognisedCount", communes, note, set_by AS "setBy", set_at AS "setAt"`;
const REWARD_COLUMNS = `kind, commune_code AS "communeCode", year, streak, number, to_char(date, 'YYYY-MM-DD') AS date, signer, form, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The latest own target of each scope and year among `scopes`. One statement. */
export async function levelTargets(dataSource: DataSource, scopes: readonly string[]): Promise<LevelTargetRow[]> {
  return dataSource.query(
    `SELECT DISTINCT ON (scope, year) ${TARGET_COLUMNS} FROM ldtbxh.level_target WHERE scope = ANY($1) ORDER BY scope, year, id DESC`,
    [scopes],
  );
}

/** Records a level's own target (inside withActor). */
export async function insertLevelTarget(m: EntityManager, row: Omit<LevelTargetRow, 'setAt'>): Promise<LevelTargetRow> {
  const [stored]: LevelTargetRow[] = await m.query(
    `INSERT INTO ldtbxh.level_target (scope, year, level, new_count, recognised_count, communes, note, set_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TARGET_COLUMNS}`,
    [row.scope, row.year, row.level, row.newCount, row.recognisedCount, row.communes, row.note, row.setBy],
  );
  if (!stored) throw new Error('target insert returned no row');
  return stored;
}

/** The reward records of some communes for a year. One statement. */
export async function rewardRecords(
  dataSource: DataSource,
  communeCodes: readonly string[],
  year: number,
): Promise<RewardRecordRow[]> {
  return dataSource.query(
    `SELECT ${REWARD_COLUMNS} FROM ldtbxh.reward_record WHERE commune_code = ANY($1) AND year = $2 ORDER BY commune_code, kind`,
    [communeCodes, year],
  );
}

/** Records a reward decision or proposal (inside withActor); `null` when one of that kind is already recorded for the commune-year. */
export async function insertRewardRecord(
  m: EntityManager,
  row: Omit<RewardRecordRow, 'recordedAt'>,
): Promise<RewardRecordRow | null> {
  const [stored]: RewardRecordRow[] = await m.query(
    `INSERT INTO ldtbxh.reward_record (kind, commune_code, year, streak, number, date, signer, form, recorded_by) VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9)
     ON CONFLICT (kind, commune_code, year) DO NOTHING RETURNING ${REWARD_COLUMNS}`,
    [row.kind, row.communeCode, row.year, row.streak, row.number, row.date, row.signer, row.form, row.recordedBy],
  );
  return stored ?? null;
}
