/**
 * The province's decision policy per criteria set and version: whether a recognition that
 * disagrees with the hub's computation is blocked. By default it is not — the decision belongs to
 * the competent officer and is recorded with its reason beside the computation. Blocking can be
 * chosen only for a set whose recognition thresholds are all confirmed: provisional numbers never
 * stop a lawful decision. Stored in `ldtbxh.decision_policy`, append-only (the latest row applies).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { CriteriaSet } from '../../../shared/criteria/types';

export interface DecisionPolicy {
  criteriaSetId: string;
  criteriaSetVersion: number;
  blockOnDisagreement: boolean;
  note: string;
  /** Null for the default (no decision recorded). */
  setBy: string | null;
  setAt: Date | null;
}

/**
 * The recognition rules of a set that are provisional (named as in the document: `minimumTotal.URBAN_WARD`,
 * `noCriterionAtZero`, …); a rule that is not in force (disabled, an empty list) does not count. Empty = confirmed thresholds.
 */
export function provisionalThresholds(set: CriteriaSet): string[] {
  const r = set.recognition;
  const found: string[] = [];
  for (const [category, rule] of Object.entries(r.minimumTotal))
    if (rule.status === 'provisional') found.push(`minimumTotal.${category}`);
  if (r.noCriterionAtZero.enabled && r.noCriterionAtZero.status === 'provisional') found.push('noCriterionAtZero');
  if (r.criteriaAtMaximum.criteria.length > 0 && r.criteriaAtMaximum.status === 'provisional')
    found.push('criteriaAtMaximum');
  if (r.everyCriterionMet?.enabled === true) {
    if (r.everyCriterionMet.status === 'provisional') found.push('everyCriterionMet');
    // Every criterion must be met: what "met" means for each is a threshold too.
    for (const c of set.criteria) if (c.met?.status === 'provisional') found.push(`criteria[${c.number}].met`);
  }
  r.disqualifyingIndicators.forEach((d, i) => {
    if (d.status === 'provisional') found.push(`disqualifyingIndicators[${i}]`);
  });
  return found;
}

const COLUMNS = `criteria_set_id AS "criteriaSetId", criteria_set_version AS "criteriaSetVersion", block_on_disagreement AS "blockOnDisagreement", note, set_by AS "setBy", set_at AS "setAt"`;

/** The policy of a set and version: the latest recorded, else the default (not blocking). */
export async function decisionPolicy(
  dataSource: DataSource | EntityManager,
  criteriaSetId: string,
  criteriaSetVersion: number,
): Promise<DecisionPolicy> {
  const [row] = (await dataSource.query(
    `SELECT ${COLUMNS} FROM ldtbxh.decision_policy WHERE criteria_set_id = $1 AND criteria_set_version = $2 ORDER BY id DESC LIMIT 1`,
    [criteriaSetId, criteriaSetVersion],
  )) as DecisionPolicy[];
  return (
    row ?? {
      criteriaSetId,
      criteriaSetVersion,
      blockOnDisagreement: false,
      note: 'Mặc định: quyết định khác kết quả tính toán được ghi nhận kèm lý do (default: recorded with its reason, not blocked).',
      setBy: null,
      setAt: null,
    }
  );
}

/** Every policy recorded, newest first. */
export async function decisionPolicyHistory(dataSource: DataSource): Promise<DecisionPolicy[]> {
  return dataSource.query(`SELECT ${COLUMNS} FROM ldtbxh.decision_policy ORDER BY id DESC`);
}

/** Records a policy (inside withActor). */
export async function insertDecisionPolicy(
  m: EntityManager,
  p: Omit<DecisionPolicy, 'setAt'> & { setBy: string },
): Promise<DecisionPolicy> {
  const [row] = (await m.query(
    `INSERT INTO ldtbxh.decision_policy (criteria_set_id, criteria_set_version, block_on_disagreement, note, set_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [p.criteriaSetId, p.criteriaSetVersion, p.blockOnDisagreement, p.note, p.setBy],
  )) as DecisionPolicy[];
  if (!row) throw new Error('decision policy not inserted');
  return row;
}
