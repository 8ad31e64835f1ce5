/**
 * The procedure in force per period (who recognises, who reports to whom, how lineage counts in
 * streaks): configuration stored in `ldtbxh.procedure_period`, append-only. The defaults are
 * recorded at start where none is: DISTRICT before 1 July 2025 (plan 965/KH-UBND), PROVINCE from
 * then (provisional), and ALL_PREDECESSORS as the lineage policy (provisional).
 */
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { PROCEDURE_STEPS, type ProcedureStep } from '../recognition/required-steps';

export type Level = 'DISTRICT' | 'PROVINCE';
export type LineagePolicy = 'ALL_PREDECESSORS' | 'ANY_PREDECESSOR' | 'OWN_YEARS_ONLY';
export const LEVELS: readonly Level[] = ['DISTRICT', 'PROVINCE'];
export const LINEAGE_POLICIES: readonly LineagePolicy[] = ['ALL_PREDECESSORS', 'ANY_PREDECESSOR', 'OWN_YEARS_ONLY'];

/** First day of the two-tier local government (Resolution 202/2025/QH15). */
export const TWO_TIER_FROM = '2025-07-01';

export interface ProcedurePeriod {
  validFrom: string;
  recognisingLevel: Level;
  reportingLevel: Level;
  levelsProvisional: boolean;
  lineagePolicy: LineagePolicy;
  lineagePolicyProvisional: boolean;
  /** The recognising level's steps a dossier must go through before a decision, in procedure order. */
  requiredSteps: ProcedureStep[];
  /** True while the steps are not from a text the hub holds (Thông tư 25/2014/TT-BLĐTBXH is not available to it). */
  stepsProvisional: boolean;
  note: string;
  setBy: string;
  setAt: Date;
}

/** The defaults the hub starts with. */
export const DEFAULT_PROCEDURE: readonly Omit<ProcedurePeriod, 'setBy' | 'setAt'>[] = [
  {
    validFrom: '2000-01-01',
    recognisingLevel: 'DISTRICT',
    reportingLevel: 'DISTRICT',
    levelsProvisional: false,
    lineagePolicy: 'ALL_PREDECESSORS',
    lineagePolicyProvisional: true,
    requiredSteps: [...PROCEDURE_STEPS],
    stepsProvisional: true,
    note: 'Kế hoạch 965/KH-UBND: UBND cấp huyện công nhận; huyện báo cáo tỉnh (plan 965: the district recognises and reports to the province).',
  },
  {
    validFrom: TWO_TIER_FROM,
    recognisingLevel: 'PROVINCE',
    reportingLevel: 'PROVINCE',
    levelsProvisional: true,
    lineagePolicy: 'ALL_PREDECESSORS',
    lineagePolicyProvisional: true,
    requiredSteps: [...PROCEDURE_STEPS],
    stepsProvisional: true,
    note: 'Chính quyền hai cấp từ 01/7/2025 (Nghị quyết 202/2025/QH15): không còn cấp huyện; tỉnh công nhận và nhận báo cáo của xã — tạm thời, chưa có quy định (provisional: the rule is not published).',
  },
];

const COLUMNS = `to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", recognising_level AS "recognisingLevel", reporting_level AS "reportingLevel",
  levels_provisional AS "levelsProvisional", lineage_policy AS "lineagePolicy", lineage_policy_provisional AS "lineagePolicyProvisional", required_steps AS "requiredSteps", steps_provisional AS "stepsProvisional", note, set_by AS "setBy", set_at AS "setAt"`;

/** The periods in force now: for each first day, the latest decision; oldest period first. */
export async function procedurePeriods(dataSource: DataSource | EntityManager): Promise<ProcedurePeriod[]> {
  return dataSource.query(
    `SELECT DISTINCT ON (valid_from) ${COLUMNS} FROM ldtbxh.procedure_period ORDER BY valid_from, set_at DESC, id DESC`,
  );
}

/** Every decision recorded, newest first. */
export async function procedureHistory(dataSource: DataSource): Promise<ProcedurePeriod[]> {
  return dataSource.query(`SELECT ${COLUMNS} FROM ldtbxh.procedure_period ORDER BY set_at DESC, id DESC`);
}

/** The period in force on a day (ISO date). @throws when none covers it (the defaults start in 2000). */
export function procedureOn(periods: readonly ProcedurePeriod[], date: string): ProcedurePeriod {
  const found = periods.filter((p) => p.validFrom <= date).at(-1);
  if (!found) throw new Error(`no procedure period covers ${date}`);
  return found;
}

/** Records a period (inside withActor). */
export async function insertProcedurePeriod(
  m: EntityManager,
  p: Omit<ProcedurePeriod, 'setAt'>,
): Promise<ProcedurePeriod> {
  const [row] = (await m.query(
    `INSERT INTO ldtbxh.procedure_period (valid_from, recognising_level, reporting_level, levels_provisional, lineage_policy, lineage_policy_provisional, required_steps, steps_provisional, note, set_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [
      p.validFrom,
      p.recognisingLevel,
      p.reportingLevel,
      p.levelsProvisional,
      p.lineagePolicy,
      p.lineagePolicyProvisional,
      PROCEDURE_STEPS.filter((step) => p.requiredSteps.includes(step)),
      p.stepsProvisional,
      p.note,
      p.setBy,
    ],
  )) as ProcedurePeriod[];
  if (!row) throw new Error('procedure period not inserted');
  return row;
}

/** Records the defaults for the first days that have no decision yet; returns how many. */
export async function seedProcedure(m: EntityManager, setBy: string): Promise<number> {
  const existing = new Set((await procedurePeriods(m)).map((p) => p.validFrom));
  let added = 0;
  for (const p of DEFAULT_PROCEDURE) {
    if (existing.has(p.validFrom)) continue;
    await insertProcedurePeriod(m, { ...p, setBy });
    added += 1;
  }
  return added;
}

/** A per-request loader of the periods in force (one statement per request). */
export function createProcedureLoader(dataSource: DataSource): DataLoader<'now', ProcedurePeriod[]> {
  return new DataLoader(async (keys) => {
    const periods = await procedurePeriods(dataSource);
    return keys.map(() => periods);
  });
}
