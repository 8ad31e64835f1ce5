/**
 * Approval before values count, through the gateway: publish → submit → approve → a change →
 * re-approval (showing what changed); returned with a reason; every step audited; the assessment's
 * commune-year shows whether every input is approved; recognition refused when the province
 * requires approved inputs for the year and one is not.
 */
import type { DepartmentCode } from '../../shared/departments';
import { communeRows } from '../fixtures/qd06';
import { approvalStep, approver, DEPARTMENTS, publisherOf } from '../helpers/approval';
import { admin, districtOfficer, publisher, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';
import { communeSubmits, throughRecognisingSteps } from '../helpers/procedure';
import { publishValues } from '../helpers/publishing';

let hub: TestHub;

const VIEW = `department districtCode year criteriaSetId state approved valueCount reason approvedBy message messageVi
  changes { communeCode indicator change approvedRevision currentRevision approved { numerator denominator } current { numerator denominator } }
  history { action actor role reason valueCount }`;

interface View {
  state: string;
  approved: boolean;
  valueCount: number;
  reason: string | null;
  approvedBy: string | null;
  message: string;
  messageVi: string;
  changes: {
    communeCode: string;
    indicator: string;
    change: string;
    approvedRevision: number | null;
    currentRevision: number;
    approved: { numerator: number | null } | null;
    current: { numerator: number | null };
  }[];
  history: { action: string; actor: string; role: string; reason: string | null; valueCount: number }[];
}

const step = (
  action: 'submit' | 'approve' | 'return',
  department: DepartmentCode,
  who: TestIdentity,
  scope: { districtCode: string; year: number },
  reason?: string,
) => approvalStep<View>(hub, VIEW, action, department, who, scope, reason);

async function publish(department: DepartmentCode, year: number, rows: Record<string, unknown>[]) {
  const result = await publishValues(hub, department, year, rows, publisherOf(department));
  expect([department, result.errors, result.applied]).toEqual([department, undefined, true]);
}

beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

const NINH_SON = { districtCode: '585', year: 2020 };
const COMMUNES_585 = ['22810', '22813'];

describe("the path of a department's values", () => {
  it('publish → submit → return with a reason → fix, submit → approve → a change (shown) → re-approval; every step audited', async () => {
    const codes =
      (
        await hub.query<{ communes: { code: string }[] }>('{ communes(districtCode: "585") { code } }')
      ).body.data?.communes.map((c) => c.code) ?? [];
    expect(codes).toEqual(expect.arrayContaining(COMMUNES_585));
    await publish(
      'YTE',
      2020,
      COMMUNES_585.map((commune) => ({ commune, indicator: '7.1', numerator: 90, denominator: 100 })),
    );
    const read = await hub.query<{ yteApproval: View }>(
      `{ yteApproval(districtCode: "585", year: 2020, criteriaSetId: "QD06-2019") { ${VIEW} } }`,
    );
    expect(read.body.data?.yteApproval).toMatchObject({
      state: 'PUBLISHED',
      approved: false,
      valueCount: 2,
      messageVi: 'Đã công bố, chưa gửi phê duyệt',
    });

    const early = await step('approve', 'YTE', approver('YTE'), NINH_SON);
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'ILLEGAL_APPROVAL_STEP',
      state: 'PUBLISHED',
      allowed: ['SUBMIT'],
    });
    expect(early.errors?.[0]?.extensions?.messageVi).toBe('Không thể phê duyệt khi số liệu ở trạng thái PUBLISHED');

    const submitted = await step('submit', 'YTE', publisher('YTE'), NINH_SON);
    expect(submitted.view).toMatchObject({ state: 'SUBMITTED', valueCount: 2 });
    // Only the department's approver approves: not its publisher, not another department's approver.
    expect((await step('approve', 'YTE', publisher('YTE'), NINH_SON)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await step('approve', 'YTE', approver('TUPHAP'), NINH_SON)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await step('submit', 'YTE', approver('YTE'), NINH_SON)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noReason = await step('return', 'YTE', approver('YTE'), NINH_SON, '  ');
    expect(noReason.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      messageVi: 'Trường reason: Trả lại phải nêu lý do (1–2.000 ký tự)',
    });

    const returned = await step('return', 'YTE', approver('YTE'), NINH_SON, 'Số tiêm chủng xã 22813 chưa khớp sổ');
    expect(returned.view).toMatchObject({
      state: 'RETURNED',
      reason: 'Số tiêm chủng xã 22813 chưa khớp sổ',
      messageVi: 'Bị trả lại: Số tiêm chủng xã 22813 chưa khớp sổ',
    });

    await publish('YTE', 2020, [{ commune: '22813', indicator: '7.1', numerator: 92, denominator: 100 }]);
    expect((await step('submit', 'YTE', publisher('YTE'), NINH_SON)).view?.state).toBe('SUBMITTED');
    // A change after submission: the approver cannot approve what was not submitted.
    await publish('YTE', 2020, [{ commune: '22813', indicator: '7.1', numerator: 93, denominator: 100 }]);
    expect((await step('approve', 'YTE', approver('YTE'), NINH_SON)).errors?.[0]?.extensions?.code).toBe(
      'APPROVAL_STALE',
    );
    expect((await step('submit', 'YTE', publisher('YTE'), NINH_SON)).view?.state).toBe('SUBMITTED');
    const approved = await step('approve', 'YTE', approver('YTE'), NINH_SON);
    expect(approved.view).toMatchObject({ state: 'APPROVED', approved: true, approvedBy: 'yte-approver', changes: [] });

    // The commune-year shows it.
    const onCommune = await hub.query<{
      commune: { year: { yteApproval: { state: string; approved: boolean; districtCode: string } } };
    }>('{ commune(code: "22813") { year(year: 2020) { yteApproval { state approved districtCode } } } }');
    expect(onCommune.body.data?.commune.year.yteApproval).toEqual({
      state: 'APPROVED',
      approved: true,
      districtCode: '585',
    });

    // A change after approval needs re-approval and shows what changed.
    await publish('YTE', 2020, [{ commune: '22810', indicator: '7.1', numerator: 95, denominator: 100 }]);
    const changed = (
      await hub.query<{ yteApproval: View }>(
        `{ yteApproval(districtCode: "585", year: 2020, criteriaSetId: "QD06-2019") { ${VIEW} } }`,
      )
    ).body.data?.yteApproval;
    expect(changed).toMatchObject({
      state: 'CHANGED_AFTER_APPROVAL',
      approved: false,
      messageVi: 'Đã thay đổi sau khi phê duyệt: cần phê duyệt lại',
    });
    expect(changed?.changes).toEqual([
      {
        communeCode: '22810',
        indicator: '7.1',
        change: 'CHANGED',
        approvedRevision: 1,
        currentRevision: 2,
        approved: { numerator: 90, denominator: 100 },
        current: { numerator: 95, denominator: 100 },
      },
    ]);
    expect((await step('submit', 'YTE', publisher('YTE'), NINH_SON)).view?.state).toBe('SUBMITTED');
    const again = await step('approve', 'YTE', approver('YTE'), NINH_SON);
    expect(again.view).toMatchObject({ state: 'APPROVED', changes: [] });
    expect(again.view?.history.map((h) => [h.action, h.actor, h.role, h.reason])).toEqual([
      ['SUBMIT', 'yte-system', 'DEPARTMENT_PUBLISHER', null],
      ['RETURN', 'yte-approver', 'DEPARTMENT_APPROVER', 'Số tiêm chủng xã 22813 chưa khớp sổ'],
      ['SUBMIT', 'yte-system', 'DEPARTMENT_PUBLISHER', null],
      ['SUBMIT', 'yte-system', 'DEPARTMENT_PUBLISHER', null],
      ['APPROVE', 'yte-approver', 'DEPARTMENT_APPROVER', null],
      ['SUBMIT', 'yte-system', 'DEPARTMENT_PUBLISHER', null],
      ['APPROVE', 'yte-approver', 'DEPARTMENT_APPROVER', null],
    ]);

    const audit = await hub.query<{ yteAuditTrail: { events: { actor: string; action: string; table: string }[] } }>(
      '{ yteAuditTrail(filter: { table: "yte.approval_step" }, first: 50) { events { actor action table } } }',
      {},
      admin(),
    );
    expect(audit.body.data?.yteAuditTrail.events.map((e) => [e.actor, e.action])).toEqual(
      [...(again.view?.history ?? [])].reverse().map((h) => [h.actor, 'INSERT']),
    );
    // The trail itself is append-only.
    await expect(hub.services.YTE.db.dataSource.query("UPDATE yte.approval_step SET reason = 'x'")).rejects.toThrow(
      /never changed or removed/,
    );
  });
});

const A = '22783'; // Phước Bình, Bác Ái (584)
const BAC_AI = districtOfficer('584');

describe('recognition and approved inputs', () => {
  const RECOGNISE = 'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }';
  const decision = {
    commune: A,
    year: 2021,
    decisionNumber: '2021/QĐ-UBND',
    decisionDate: '2022-01-15',
    signer: 'Chủ tịch UBND huyện Bác Ái',
  };

  beforeAll(async () => {
    for (const [department, rows] of Object.entries(communeRows(A)))
      await publish(department as DepartmentCode, 2021, rows);
    for (const answer of await communeSubmits(hub, A, 2021, '2021-12-10', 'submitToDistrict'))
      expect(answer.body.errors).toBeUndefined();
    expect(await throughRecognisingSteps(hub, A, 2021, BAC_AI, '2022-01-15')).toBeNull();
  }, 60_000);

  it('the province decides per year; recognition is refused while an input is not approved, and goes through once all are', async () => {
    expect(
      (
        await hub.query(
          'mutation { setApprovalRequirement(input: { year: 2021, required: true, note: "x" }) { required } }',
          {},
          publisher('YTE'),
        )
      ).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const set = await hub.query<{ setApprovalRequirement: { year: number; required: boolean; decidedBy: string } }>(
      'mutation { setApprovalRequirement(input: { year: 2021, required: true, note: "Công văn 12/SLĐTBXH: số liệu phải được phê duyệt" }) { year required decidedBy } }',
      {},
      admin(),
    );
    expect(set.body.data?.setApprovalRequirement).toEqual({ year: 2021, required: true, decidedBy: 'province-admin' });
    const other = await hub.query<{ approvalRequirement: { required: boolean } }>(
      '{ approvalRequirement(year: 2020) { required } }',
    );
    expect(other.body.data?.approvalRequirement.required).toBe(false);

    const before = await hub.query<{
      commune: {
        year: {
          inputsApproval: {
            allApproved: boolean;
            required: boolean;
            departments: { department: string; state: string; approved: boolean }[];
          };
        };
      };
    }>(
      `{ commune(code: "${A}") { year(year: 2021) { inputsApproval { allApproved required departments { department state approved } } assessment { status eligible } } } }`,
    );
    expect(before.body.data?.commune.year.inputsApproval).toEqual({
      allApproved: false,
      required: true,
      departments: DEPARTMENTS.map((department) => ({ department, state: 'PUBLISHED', approved: false })),
    });

    const refused = await hub.query(RECOGNISE, { i: decision }, BAC_AI);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RECOGNITION_REFUSED',
      reasons: [{ code: 'INPUTS_NOT_APPROVED' }],
    });
    expect(String(refused.body.errors?.[0]?.extensions?.messageVi)).toContain(
      'tỉnh yêu cầu số liệu đầu vào đã được phê duyệt',
    );

    const scope = { districtCode: '584', year: 2021 };
    for (const department of DEPARTMENTS.filter((d) => d !== 'VHTTDL')) {
      expect((await step('submit', department, publisherOf(department), scope)).view?.state).toBe('SUBMITTED');
      expect((await step('approve', department, approver(department), scope)).view?.state).toBe('APPROVED');
    }
    const stillOne = await hub.query(RECOGNISE, { i: decision }, BAC_AI);
    expect(stillOne.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RECOGNITION_REFUSED',
      reasons: [{ code: 'INPUTS_NOT_APPROVED', departments: [{ department: 'VHTTDL', state: 'PUBLISHED' }] }],
    });

    expect((await step('submit', 'VHTTDL', publisher('VHTTDL'), scope)).view?.state).toBe('SUBMITTED');
    expect((await step('approve', 'VHTTDL', approver('VHTTDL'), scope)).view?.state).toBe('APPROVED');
    const after = await hub.query<{ commune: { year: { inputsApproval: { allApproved: boolean } } } }>(
      `{ commune(code: "${A}") { year(year: 2021) { inputsApproval { allApproved } } } }`,
    );
    expect(after.body.data?.commune.year.inputsApproval.allApproved).toBe(true);
    const recognised = await hub.query<{ recognise: { state: string } }>(RECOGNISE, { i: decision }, BAC_AI);
    expect(recognised.body.errors).toBeUndefined();
    expect(recognised.body.data?.recognise.state).toBe('RECOGNISED');
  });
});
