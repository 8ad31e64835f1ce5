/**
 * Approval before values count: a department's values for a district and year (of one criteria
 * set) — on the two-tier map (from 1 July 2025), a province's districtless communes and year — go published → submitted (by the department's publisher) → approved (by the department's
 * approver, DEPARTMENT_APPROVER) or returned with a reason. The trail is append-only
 * (`approval_step`, audited); each step keeps a snapshot of the values it covered, so the current
 * state is read by comparing that snapshot with the values now: a change after approval needs
 * re-approval, and shows what changed.
 */
import type { DepartmentCode } from '../departments';
import DataLoader from 'dataloader';
import { withActor, type Actor } from '../audit/actor';
import { authorizeApproval, authorizePublish, maySeeSensitive } from '../authorization';
import { badInput, hubError } from '../errors';
import type { Identity } from '../identity';
import { assignmentsInForce } from '../reference/assignments';
import { validInYear } from '../reference/reader';
import type { DepartmentContext, DepartmentServices } from './context';

export type ApprovalAction = 'SUBMIT' | 'APPROVE' | 'RETURN';
export type ApprovalState =
  'NOTHING_PUBLISHED' | 'PUBLISHED' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'CHANGED_AFTER_APPROVAL';

/** One value as a step saw it. */
export interface SnapshotValue {
  communeCode: string;
  indicator: string;
  revision: number;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
}

interface StepRow {
  id: string;
  districtCode: string | null;
  provinceCode: string | null;
  year: number;
  criteriaSetId: string;
  action: ApprovalAction;
  actor: string;
  role: string;
  at: Date;
  reason: string | null;
  snapshot: SnapshotValue[];
}

/**
 * The values a step covers: a district's communes of the year (old map), or a province's communes
 * that have no district in the year (the two-tier map); exactly one of the two codes is set.
 */
export interface ApprovalScope {
  districtCode: string | null;
  provinceCode: string | null;
  year: number;
  criteriaSetId: string;
}

export interface ApprovalChange {
  communeCode: string;
  indicator: string;
  change: 'ADDED' | 'CHANGED';
  approvedRevision: number | null;
  currentRevision: number;
  approved: Omit<SnapshotValue, 'communeCode' | 'indicator' | 'revision'> | null;
  current: Omit<SnapshotValue, 'communeCode' | 'indicator' | 'revision'>;
}

export interface ApprovalView extends ApprovalScope {
  department: DepartmentCode;
  state: ApprovalState;
  approved: boolean;
  valueCount: number;
  /** The reason of the last return, while RETURNED. */
  reason: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  /** What differs from the last approval (empty when never approved or unchanged). */
  changes: ApprovalChange[];
  history: {
    action: ApprovalAction;
    actor: string;
    role: string;
    at: string;
    reason: string | null;
    valueCount: number;
  }[];
  message: string;
  messageVi: string;
}

const key = (v: { communeCode: string; indicator: string }) => `${v.communeCode}|${v.indicator}`;
const same = (a: SnapshotValue[], b: SnapshotValue[]) => {
  if (a.length !== b.length) return false;
  const revisions = new Map(a.map((v) => [key(v), v.revision]));
  return b.every((v) => revisions.get(key(v)) === v.revision);
};
const figures = (v: SnapshotValue) => ({
  numerator: v.numerator,
  denominator: v.denominator,
  count: v.count,
  value: v.value,
  grade: v.grade,
});

const STATE_TEXT: Record<ApprovalState, [string, string]> = {
  NOTHING_PUBLISHED: [
    'nothing is published for this district and year',
    'Chưa có số liệu công bố cho huyện và năm này',
  ],
  PUBLISHED: ['published, not yet submitted for approval', 'Đã công bố, chưa gửi phê duyệt'],
  SUBMITTED: ['submitted, awaiting the department approver', 'Đã gửi, chờ lãnh đạo sở phê duyệt'],
  APPROVED: ['approved', 'Đã được phê duyệt'],
  RETURNED: ['returned by the approver', 'Bị trả lại'],
  CHANGED_AFTER_APPROVAL: [
    'changed after approval: needs re-approval',
    'Đã thay đổi sau khi phê duyệt: cần phê duyệt lại',
  ],
};

/** The state of a scope from its steps (oldest first) and the values now. Pure. */
export function approvalState(
  department: DepartmentCode,
  scope: ApprovalScope,
  steps: readonly StepRow[],
  current: SnapshotValue[],
  showFigures: boolean,
): ApprovalView {
  const last = steps.at(-1);
  const lastApproval = [...steps].reverse().find((s) => s.action === 'APPROVE');
  let state: ApprovalState;
  if (!last) state = current.length === 0 ? 'NOTHING_PUBLISHED' : 'PUBLISHED';
  else if (last.action === 'RETURN') state = 'RETURNED';
  else if (last.action === 'SUBMIT')
    state = same(last.snapshot, current) ? 'SUBMITTED' : current.length === 0 ? 'NOTHING_PUBLISHED' : 'PUBLISHED';
  else state = same(last.snapshot, current) ? 'APPROVED' : 'CHANGED_AFTER_APPROVAL';
  const changes: ApprovalChange[] = [];
  if (lastApproval && !same(lastApproval.snapshot, current)) {
    const before = new Map(lastApproval.snapshot.map((v) => [key(v), v]));
    for (const v of current) {
      const was = before.get(key(v));
      if (was && was.revision === v.revision) continue;
      changes.push({
        communeCode: v.communeCode,
        indicator: v.indicator,
        change: was ? 'CHANGED' : 'ADDED',
        approvedRevision: was?.revision ?? null,
        currentRevision: v.revision,
        approved: was && showFigures ? figures(was) : null,
        current: showFigures
          ? figures(v)
          : { numerator: null, denominator: null, count: null, value: null, grade: null },
      });
    }
  }
  const [districtMessage, districtMessageVi] = STATE_TEXT[state];
  const province = scope.districtCode === null;
  const message = province
    ? districtMessage.replace('this district', "this province's communes without a district")
    : districtMessage;
  const messageVi = province
    ? districtMessageVi.replace('huyện và năm này', 'các xã không thuộc huyện của tỉnh trong năm này')
    : districtMessageVi;
  return {
    ...scope,
    department,
    state,
    approved: state === 'APPROVED',
    valueCount: current.length,
    reason: state === 'RETURNED' ? (last?.reason ?? null) : null,
    approvedBy: state === 'APPROVED' ? (last?.actor ?? null) : null,
    approvedAt: state === 'APPROVED' ? (last?.at.toISOString() ?? null) : null,
    changes,
    history: steps.map((s) => ({
      action: s.action,
      actor: s.actor,
      role: s.role,
      at: s.at.toISOString(),
      reason: s.reason,
      valueCount: s.snapshot.length,
    })),
    message: state === 'RETURNED' && last?.reason ? `${message}: ${last.reason}` : message,
    messageVi: state === 'RETURNED' && last?.reason ? `${messageVi}: ${last.reason}` : messageVi,
  };
}

const STEP_COLUMNS = `id, district_code AS "districtCode", province_code AS "provinceCode", year, criteria_set_id AS "criteriaSetId", action, actor, role, at, reason, snapshot`;

/** The unit a scope names: `d:<district>` or `p:<province>`. */
const unitOf = (s: { districtCode: string | null; provinceCode: string | null }) =>
  s.districtCode !== null ? `d:${s.districtCode}` : `p:${s.provinceCode ?? ''}`;

/** How a scope is named in messages (English, Vietnamese). */
export function scopeLabel(s: Pick<ApprovalScope, 'districtCode' | 'provinceCode'>): [string, string] {
  return s.districtCode !== null
    ? [`district ${s.districtCode}`, `huyện ${s.districtCode}`]
    : [`province ${s.provinceCode ?? ''}`, `tỉnh ${s.provinceCode ?? ''}`];
}

/** The communes of each unit (`d:…` a district's; `p:…` a province's without a district) in a year. */
async function communesOf(
  services: DepartmentServices,
  scopes: readonly Pick<ApprovalScope, 'districtCode' | 'provinceCode'>[],
  year: number,
): Promise<Map<string, string[]>> {
  const districts = [...new Set(scopes.flatMap((s) => (s.districtCode !== null ? [s.districtCode] : [])))];
  const provinces = [
    ...new Set(scopes.flatMap((s) => (s.districtCode === null && s.provinceCode !== null ? [s.provinceCode] : []))),
  ];
  const [byDistrict, byProvince] = await Promise.all([
    districts.length ? services.reference.communesOfDistricts(districts, year) : new Map<string, never[]>(),
    provinces.length ? services.reference.communesOfProvinces(provinces, year) : new Map<string, never[]>(),
  ]);
  const out = new Map<string, string[]>();
  for (const d of districts) out.set(`d:${d}`, [...new Set((byDistrict.get(d) ?? []).map((c) => c.code))]);
  for (const p of provinces)
    out.set(`p:${p}`, [
      ...new Set((byProvince.get(p) ?? []).filter((c) => c.districtCode === null).map((c) => c.code)),
    ]);
  return out;
}

/** The current values of many scopes of one year and set, in one statement. */
async function snapshots(
  services: DepartmentServices,
  year: number,
  criteriaSetId: string,
  communesByDistrict: Map<string, string[]>,
): Promise<Map<string, SnapshotValue[]>> {
  const all = [...communesByDistrict.values()].flat();
  const rows: SnapshotValue[] =
    all.length === 0
      ? []
      : await services.db.dataSource.query(
          `SELECT commune_code AS "communeCode", indicator_code AS "indicator", revision, numerator, denominator, count, flag AS "value", grade
       FROM "${services.department.slug}".indicator_value WHERE year = $1 AND criteria_set_id = $2 AND commune_code = ANY($3)
      ORDER BY commune_code, indicator_code`,
          [year, criteriaSetId, all],
        );
  const districtOf = new Map<string, string>();
  for (const [unit, communes] of communesByDistrict) for (const c of communes) districtOf.set(c, unit);
  const out = new Map<string, SnapshotValue[]>([...communesByDistrict.keys()].map((d) => [d, []]));
  for (const row of rows) out.get(districtOf.get(row.communeCode) ?? '')?.push(row);
  return out;
}

const scopeKey = (s: ApprovalScope) => `${unitOf(s)}|${s.year}|${s.criteriaSetId}`;

/** The approval of many scopes: two statements per (year, set), whatever their number. */
export async function approvalsOf(
  services: DepartmentServices,
  identity: Identity,
  scopes: readonly ApprovalScope[],
): Promise<Map<string, ApprovalView>> {
  const out = new Map<string, ApprovalView>();
  const groups = new Map<string, ApprovalScope[]>();
  for (const s of scopes) {
    const g = `${s.year}|${s.criteriaSetId}`;
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const show = maySeeSensitive(identity, services.department.code, null);
  for (const group of groups.values()) {
    const { year, criteriaSetId } = group[0] as ApprovalScope;
    const districts = [...new Set(group.flatMap((s) => (s.districtCode !== null ? [s.districtCode] : [])))];
    const provinces = [
      ...new Set(group.flatMap((s) => (s.districtCode === null && s.provinceCode !== null ? [s.provinceCode] : []))),
    ];
    const communes = await communesOf(services, group, year);
    const [current, steps] = await Promise.all([
      snapshots(services, year, criteriaSetId, communes),
      services.db.dataSource.query(
        `SELECT ${STEP_COLUMNS} FROM "${services.department.slug}".approval_step
          WHERE year = $1 AND criteria_set_id = $2 AND (district_code = ANY($3) OR province_code = ANY($4)) ORDER BY id`,
        [year, criteriaSetId, districts, provinces],
      ) as Promise<StepRow[]>,
    ]);
    for (const s of group) {
      const unit = unitOf(s);
      out.set(
        scopeKey(s),
        approvalState(
          services.department.code,
          s,
          steps.filter((st) => unitOf(st) === unit),
          current.get(unit) ?? [],
          show,
        ),
      );
    }
  }
  return out;
}

/** A scope from the arguments (district or province, not both), checked in form. @throws BAD_USER_INPUT */
export function scopeFrom(args: {
  districtCode?: string | null;
  provinceCode?: string | null;
  year: number;
  criteriaSetId: string;
}): ApprovalScope {
  const districtCode = args.districtCode ?? null;
  const provinceCode = args.provinceCode ?? null;
  if ((districtCode === null) === (provinceCode === null)) {
    throw badInput(
      districtCode === null ? 'districtCode' : 'provinceCode',
      'name either a district (districtCode, the old map) or a province (provinceCode, the two-tier map), not both',
      {
        messageVi:
          'cần nêu hoặc mã huyện (districtCode, bản đồ cũ) hoặc mã tỉnh (provinceCode, chính quyền hai cấp), không nêu cả hai',
      },
    );
  }
  if (districtCode !== null && !/^\d{3}$/.test(districtCode))
    throw badInput('districtCode', `districtCode ${districtCode} is not a 3-digit district code`, {
      messageVi: `Mã huyện ${districtCode} không hợp lệ`,
    });
  if (provinceCode !== null && !/^\d{2}$/.test(provinceCode))
    throw badInput('provinceCode', `provinceCode ${provinceCode} is not a 2-digit province code`, {
      messageVi: `Mã tỉnh ${provinceCode} không hợp lệ`,
    });
  return { districtCode, provinceCode, year: args.year, criteriaSetId: args.criteriaSetId };
}

/** Checks a scope against the stored units and sets. @throws BAD_USER_INPUT, NOT_FOUND, UNKNOWN_CRITERIA_SET */
async function checkScope(services: DepartmentServices, scope: ApprovalScope): Promise<void> {
  scopeFrom(scope);
  if (!(await services.catalogue.latest(scope.criteriaSetId))) {
    throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${scope.criteriaSetId} is not loaded`, {
      field: 'criteriaSetId',
      messageVi: `Bộ tiêu chí ${scope.criteriaSetId} chưa được nạp`,
    });
  }
  if (scope.districtCode !== null) {
    const districts = (await services.reference.districtsByCodes([scope.districtCode])).get(scope.districtCode) ?? [];
    if (!districts.some((d) => validInYear(d, scope.year))) {
      throw hubError('NOT_FOUND', `district ${scope.districtCode} did not exist in ${scope.year}`, {
        what: 'district',
        key: scope.districtCode,
        field: 'districtCode',
        messageVi: `Huyện ${scope.districtCode} không tồn tại trong năm ${scope.year}`,
      });
    }
    return;
  }
  const province = scope.provinceCode ?? '';
  const provinces = (await services.reference.provincesByCodes([province])).get(province) ?? [];
  if (!provinces.some((p) => validInYear(p, scope.year))) {
    throw hubError('NOT_FOUND', `province ${province} did not exist in ${scope.year}`, {
      what: 'province',
      key: province,
      field: 'provinceCode',
      messageVi: `Tỉnh ${province} không tồn tại trong năm ${scope.year}`,
    });
  }
  const communes = (await communesOf(services, [scope], scope.year)).get(unitOf(scope)) ?? [];
  if (communes.length === 0) {
    throw hubError(
      'NOT_FOUND',
      `province ${province} has no communes without a district in ${scope.year}: approve its values per district (districtCode)`,
      {
        what: 'province',
        key: province,
        field: 'provinceCode',
        messageVi: `Tỉnh ${province} không có xã nào không thuộc huyện trong năm ${scope.year}: phê duyệt theo từng huyện (districtCode)`,
      },
    );
  }
}

/** The approval of one scope. */
export async function approvalOf(
  services: DepartmentServices,
  identity: Identity,
  scope: ApprovalScope,
): Promise<ApprovalView> {
  await checkScope(services, scope);
  const view = (await approvalsOf(services, identity, [scope])).get(scopeKey(scope));
  if (!view) throw new Error('approval not computed');
  return view;
}

const ALLOWED: Record<ApprovalAction, readonly ApprovalState[]> = {
  SUBMIT: ['PUBLISHED', 'RETURNED', 'CHANGED_AFTER_APPROVAL'],
  APPROVE: ['SUBMITTED'],
  RETURN: ['SUBMITTED'],
};
const ACTION_VI: Record<ApprovalAction, string> = { SUBMIT: 'gửi phê duyệt', APPROVE: 'phê duyệt', RETURN: 'trả lại' };

/**
 * Takes an approval step, in one audited transaction that locks the scope's trail.
 * @throws UNAUTHENTICATED, FORBIDDEN (SUBMIT: the department's publishers; APPROVE and RETURN: its
 * approvers), BAD_USER_INPUT (reason), NOT_FOUND, ILLEGAL_APPROVAL_STEP (with the allowed steps),
 * APPROVAL_STALE (the values changed since they were submitted)
 */
export async function takeApprovalStep(
  services: DepartmentServices,
  identity: Identity,
  actor: Actor,
  action: ApprovalAction,
  scope: ApprovalScope,
  reason: string | null,
): Promise<ApprovalView> {
  if (action === 'SUBMIT') authorizePublish(identity, services.department);
  else authorizeApproval(identity, services.department);
  const text = reason?.normalize('NFC').trim() ?? null;
  if (action === 'RETURN' && (!text || text.length > 2000)) {
    throw badInput('reason', 'a return needs its reason (1–2,000 characters)', {
      messageVi: 'Trả lại phải nêu lý do (1–2.000 ký tự)',
    });
  }
  await checkScope(services, scope);
  const slug = services.department.slug;
  await withActor(services.db.dataSource, actor, async (m) => {
    // One step at a time per scope: a transaction-level advisory lock on the scope.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${slug}|approval|${scopeKey(scope)}`]);
    const steps: StepRow[] = await m.query(
      `SELECT ${STEP_COLUMNS} FROM "${slug}".approval_step
        WHERE district_code IS NOT DISTINCT FROM $1 AND province_code IS NOT DISTINCT FROM $2 AND year = $3 AND criteria_set_id = $4 ORDER BY id`,
      [scope.districtCode, scope.districtCode === null ? scope.provinceCode : null, scope.year, scope.criteriaSetId],
    );
    const current =
      (await snapshots(services, scope.year, scope.criteriaSetId, await communesOf(services, [scope], scope.year))).get(
        unitOf(scope),
      ) ?? [];
    const state = approvalState(services.department.code, scope, steps, current, true);
    const last = steps.at(-1);
    if (action === 'APPROVE' && last?.action === 'SUBMIT' && state.state !== 'SUBMITTED') {
      const [en, vi] = scopeLabel(scope);
      throw hubError(
        'APPROVAL_STALE',
        `the values of ${en} for ${scope.year} changed since they were submitted; submit them again`,
        {
          messageVi: `Số liệu của ${vi} năm ${scope.year} đã thay đổi sau khi gửi; cần gửi lại trước khi phê duyệt`,
        },
      );
    }
    if (!ALLOWED[action].includes(state.state)) {
      const allowed = (Object.keys(ALLOWED) as ApprovalAction[]).filter((a) => ALLOWED[a].includes(state.state));
      throw hubError(
        'ILLEGAL_APPROVAL_STEP',
        `${action} is not possible while the values are ${state.state}; possible: ${allowed.join(', ') || 'none'}`,
        {
          state: state.state,
          action,
          allowed,
          messageVi: `Không thể ${ACTION_VI[action]} khi số liệu ở trạng thái ${state.state}`,
        },
      );
    }
    await m.query(
      `INSERT INTO "${slug}".approval_step (district_code, province_code, year, criteria_set_id, action, actor, role, at, reason, request_id, snapshot)
       VALUES ($1, $10, $2, $3, $4, $5, $6, now(), $7, $8, $9::jsonb)`,
      [
        scope.districtCode,
        scope.year,
        scope.criteriaSetId,
        action,
        actor.name,
        actor.role,
        action === 'RETURN' ? text : null,
        actor.requestId,
        JSON.stringify(current),
        scope.districtCode === null ? scope.provinceCode : null,
      ],
    );
  });
  return approvalOf(services, identity, scope);
}

/**
 * Per request: the approval of the scope a commune-year falls in (the set assigned to the year):
 * its district's, or — a commune without a district in the year (the two-tier map) — its
 * province's. Batched.
 */
const loaders = new WeakMap<DepartmentContext, DataLoader<string, ApprovalView | null>>();

export function communeYearApproval(
  context: DepartmentContext,
  communeCode: string,
  year: number,
): Promise<ApprovalView | null> {
  let loader = loaders.get(context);
  if (!loader) {
    const services = context.services;
    loader = new DataLoader<string, ApprovalView | null>(async (keys) => {
      const pairs = keys.map((k) => {
        const [c, y] = k.split('|');
        return { communeCode: c ?? '', year: Number(y) };
      });
      const years = [...new Set(pairs.map((p) => p.year))];
      const [assignments, communes] = await Promise.all([
        assignmentsInForce(services.db.dataSource, years, null),
        services.reference.communesByCodes([...new Set(pairs.map((p) => p.communeCode))]),
      ]);
      const scopes = pairs.map((p): ApprovalScope | null => {
        const setId = assignments.get(p.year)?.setId;
        const period = (communes.get(p.communeCode) ?? []).find((row) => validInYear(row, p.year));
        if (!setId || !period) return null;
        return period.districtCode !== null
          ? { districtCode: period.districtCode, provinceCode: null, year: p.year, criteriaSetId: setId }
          : { districtCode: null, provinceCode: period.provinceCode, year: p.year, criteriaSetId: setId };
      });
      const views = await approvalsOf(
        services,
        context.identity,
        scopes.filter((s): s is ApprovalScope => s !== null),
      );
      return scopes.map((s) => (s ? (views.get(scopeKey(s)) ?? null) : null));
    });
    loaders.set(context, loader);
  }
  return loader.load(`${communeCode}|${year}`);
}
