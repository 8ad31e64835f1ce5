/**
 * Whether recognition requires approved inputs: the province decides per year (configuration kept
 * as data, append-only: the latest decision for a year applies; none means not required). At a
 * recognition, when it is required, LĐTBXH asks the graph — through the gateway, as the caller —
 * whether every department's inputs of the commune are approved, and refuses otherwise.
 */
import type { DataSource } from 'typeorm';
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import { askGraph } from '../../../shared/department/graph';
import { badInput, hubError } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';

export interface RequirementView {
  year: number;
  required: boolean;
  note: string;
  decidedBy: string;
  decidedAt: string;
}

interface RequirementRow {
  year: number;
  required: boolean;
  note: string;
  decidedBy: string;
  decidedAt: Date;
}

const COLUMNS = `year, required, note, decided_by AS "decidedBy", decided_at AS "decidedAt"`;
const view = (r: RequirementRow): RequirementView => ({
  year: r.year,
  required: r.required,
  note: r.note,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt.toISOString(),
});

/** The decisions in force for some years (latest per year). */
export async function requirementsOf(
  dataSource: DataSource,
  years: readonly number[],
): Promise<Map<number, RequirementView>> {
  const rows: RequirementRow[] = await dataSource.query(
    `SELECT DISTINCT ON (year) ${COLUMNS} FROM ldtbxh.approval_requirement WHERE year = ANY($1) ORDER BY year, id DESC`,
    [years],
  );
  return new Map(rows.map((r) => [r.year, view(r)]));
}

/** Every decision of a year, newest first. */
export async function requirementHistory(dataSource: DataSource, year: number): Promise<RequirementView[]> {
  const rows: RequirementRow[] = await dataSource.query(
    `SELECT ${COLUMNS} FROM ldtbxh.approval_requirement WHERE year = $1 ORDER BY id DESC`,
    [year],
  );
  return rows.map(view);
}

/** Records the province's decision for a year (province administrator). @throws FORBIDDEN, BAD_USER_INPUT */
export async function setRequirement(
  ctx: LdtbxhContext,
  input: { year: number; required: boolean; note: string },
): Promise<RequirementView> {
  authorizeAdministration(ctx.identity, 'decide whether recognition requires approved inputs');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    throw badInput('year', `year ${input.year} is not from 2000 to 2100`, {
      messageVi: `Năm ${input.year} không hợp lệ`,
    });
  const note = input.note.normalize('NFC').trim();
  if (note === '' || note.length > 2000)
    throw badInput('note', 'note names the decision (1–2,000 characters)', {
      messageVi: 'Ghi chú nêu căn cứ quyết định (1–2.000 ký tự)',
    });
  const actor = actorFor(ctx.identity, ctx.requestId);
  const [row]: RequirementRow[] = await withActor(ctx.services.db.dataSource, actor, (m) =>
    m.query(
      `INSERT INTO ldtbxh.approval_requirement (year, required, note, decided_by, decided_at, request_id) VALUES ($1, $2, $3, $4, now(), $5) RETURNING ${COLUMNS}`,
      [input.year, input.required, note, actor.name, actor.requestId],
    ),
  );
  if (!row) throw new Error('approval requirement insert returned no row');
  return view(row);
}

const INPUTS_QUERY = /* GraphQL */ `
  query InputsApproval($code: String!, $year: Int!) {
    commune(code: $code) { year(year: $year) { inputsApproval { allApproved criteriaSetId departments { department state approved unavailable } } } }
  }`;

interface InputsAnswer {
  commune: {
    year: {
      inputsApproval: {
        allApproved: boolean;
        criteriaSetId: string | null;
        departments: { department: string; state: string | null; approved: boolean; unavailable: boolean }[];
      } | null;
    };
  } | null;
}

/**
 * At a recognition: when the province requires approved inputs for the year and one department's
 * are not approved, refuse. @throws RECOGNITION_REFUSED (reason INPUTS_NOT_APPROVED, naming the
 * departments and their state), GRAPH_UNAVAILABLE
 */
export async function refuseUnapprovedInputs(ctx: LdtbxhContext, communeCode: string, year: number): Promise<void> {
  const requirement = (await requirementsOf(ctx.services.db.dataSource, [year])).get(year);
  if (!requirement?.required) return;
  const answer = await askGraph<InputsAnswer>(
    ctx.gatewayUrl(),
    { identity: ctx.identity, internalSecret: ctx.services.internalSecret, requestId: ctx.requestId },
    INPUTS_QUERY,
    { code: communeCode, year },
    'the approval of the inputs',
  );
  const inputs = answer.commune?.year.inputsApproval;
  if (inputs?.allApproved) return;
  const pending = (inputs?.departments ?? []).filter((d) => !d.approved);
  const list = pending
    .map((d) => `${d.department} ${d.unavailable ? 'UNAVAILABLE' : (d.state ?? 'NO_SET')}`)
    .join(', ');
  throw hubError(
    'RECOGNITION_REFUSED',
    `commune ${communeCode} cannot be recognised for ${year}: the province requires approved inputs and these are not approved: ${list}`,
    {
      reasons: [
        {
          code: 'INPUTS_NOT_APPROVED',
          message: `inputs not approved: ${list}`,
          messageVi: `Số liệu chưa được phê duyệt: ${list}`,
          departments: pending,
        },
      ],
      messageVi: `Xã ${communeCode} chưa thể được công nhận năm ${year}: tỉnh yêu cầu số liệu đầu vào đã được phê duyệt; còn chưa phê duyệt: ${list}`,
    },
  );
}
