/**
 * Approval on the two-tier map: in 2026 a commune of Khánh Hòa (province 56) has no district, so a
 * department's values of the province's districtless communes move published → submitted →
 * returned with a reason → submitted → approved per department × province × year. The commune's
 * own approval fields, the assessment's "every input approved" and the province's "recognition
 * requires approved inputs" follow it; every step is audited; district scopes of 2026 and province
 * scopes of the old map are refused with a coded error.
 */
import { execFile } from 'node:child_process';
import type { DepartmentCode } from '../../shared/departments';
import { projectPath } from '../../shared/paths';
import { unitsApply } from '../../subgraphs/ldtbxh/units/command';
import { communeRows } from '../fixtures/qd06';
import { approvalStep, approver, DEPARTMENTS, publisherOf } from '../helpers/approval';
import { distFile } from '../helpers/dist';
import { admin, provinceOfficer, publisher, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';
import { communeSubmits, throughRecognisingSteps } from '../helpers/procedure';
import { publishValues } from '../helpers/publishing';

jest.setTimeout(300_000);

let hub: TestHub;

const NEW = '22780'; // Đông Hải (Khánh Hòa, from 2025-07-01), no district
const KHANH_HOA = { provinceCode: '56', year: 2026 };

const VIEW =
  'department districtCode provinceCode year criteriaSetId state approved valueCount reason message messageVi history { action actor role reason valueCount }';
interface View {
  department: string;
  districtCode: string | null;
  provinceCode: string | null;
  year: number;
  state: string;
  approved: boolean;
  valueCount: number;
  reason: string | null;
  messageVi: string;
  history: { action: string; actor: string; role: string; reason: string | null; valueCount: number }[];
}

const step = (
  action: 'submit' | 'approve' | 'return',
  department: DepartmentCode,
  who: TestIdentity,
  scope: Record<string, unknown>,
  reason?: string,
) => approvalStep<View>(hub, VIEW, action, department, who, scope, reason);

beforeAll(async () => {
  hub = await startTestHub();
  const ds = hub.services.LDTBXH.db.dataSource;
  await unitsApply(
    ds,
    [
      projectPath('data', 'reorganisations', '2024-11-01-phan-rang-thap-cham'),
      projectPath('data', 'reorganisations', '2025-07-01-two-tier'),
    ],
    { apply: true, actor: 'approval two-tier test' },
  );
  const category = await hub.query(
    `mutation { setCommuneCategory(input: { commune: "${NEW}", category: URBAN_WARD, fromYear: 2025, source: "QĐ phân loại (test)" }) { fromYear } }`,
    {},
    admin(),
  );
  expect(category.body.errors).toBeUndefined();
  for (const [department, rows] of Object.entries(communeRows(NEW))) {
    const result = await publishValues(hub, department, 2026, rows, publisherOf(department as DepartmentCode));
    expect([department, result.errors, result.applied]).toEqual([department, undefined, true]);
  }
}, 300_000);

afterAll(async () => {
  await hub?.stop();
});

describe('the scope of a year on the two-tier map is the province', () => {
  it('a district of 2026, a province scope of the old map, both or neither are refused with a coded error naming the field', async () => {
    const ask = (args: string) =>
      hub.query(`{ yteApproval(${args}, criteriaSetId: "QD06-2019") { state } }`, {}, publisher('YTE'));
    const district2026 = await ask('districtCode: "582", year: 2026');
    expect(district2026.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'districtCode' });
    const province2020 = await ask('provinceCode: "58", year: 2020');
    expect(province2020.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'provinceCode' });
    expect(String(province2020.body.errors?.[0]?.extensions?.messageVi)).toContain('phê duyệt theo từng huyện');
    const both = await ask('districtCode: "584", provinceCode: "58", year: 2020');
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provinceCode' });
    const neither = await ask('year: 2020');
    expect(neither.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'districtCode' });
    const hanoi = await hub.query<{ yteApproval: View }>(
      `{ yteApproval(provinceCode: "01", year: 2026, criteriaSetId: "QD06-2019") { ${VIEW} } }`,
      {},
      publisher('YTE'),
    );
    expect(hanoi.body.data?.yteApproval).toMatchObject({
      provinceCode: '01',
      state: 'NOTHING_PUBLISHED',
      valueCount: 0,
      messageVi: 'Chưa có số liệu công bố cho các xã không thuộc huyện của tỉnh trong năm này',
    });
    const badCode = await ask('provinceCode: "5", year: 2026');
    expect(badCode.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provinceCode' });
  });

  it("publish → submit → return with a reason → submit → approve, per department × province × year; the commune reads its province's state; every step audited", async () => {
    const read = await hub.query<{ yteApproval: View; commune: { district: null; year: { yteApproval: View } } }>(
      `{ yteApproval(provinceCode: "56", year: 2026, criteriaSetId: "QD06-2019") { ${VIEW} } commune(code: "${NEW}") { district { code } year(year: 2026) { yteApproval { ${VIEW} } } } }`,
      {},
      publisher('YTE'),
    );
    expect(read.body.errors).toBeUndefined();
    const yteRows = communeRows(NEW).YTE?.length ?? 0;
    expect(read.body.data?.yteApproval).toMatchObject({
      department: 'YTE',
      districtCode: null,
      provinceCode: '56',
      year: 2026,
      state: 'PUBLISHED',
      valueCount: yteRows,
    });
    expect(read.body.data?.commune).toMatchObject({
      district: null,
      year: { yteApproval: { provinceCode: '56', districtCode: null, state: 'PUBLISHED' } },
    });

    expect((await step('approve', 'YTE', approver('YTE'), KHANH_HOA)).errors?.[0]?.extensions).toMatchObject({
      code: 'ILLEGAL_APPROVAL_STEP',
      state: 'PUBLISHED',
      allowed: ['SUBMIT'],
    });
    expect((await step('submit', 'YTE', approver('YTE'), KHANH_HOA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await step('approve', 'YTE', approver('TUPHAP'), KHANH_HOA)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await step('submit', 'YTE', publisher('YTE'), KHANH_HOA)).view?.state).toBe('SUBMITTED');
    const returned = await step(
      'return',
      'YTE',
      approver('YTE'),
      KHANH_HOA,
      'Số tiêm chủng phường Đông Hải chưa khớp sổ',
    );
    expect(returned.view).toMatchObject({
      state: 'RETURNED',
      reason: 'Số tiêm chủng phường Đông Hải chưa khớp sổ',
      messageVi: 'Bị trả lại: Số tiêm chủng phường Đông Hải chưa khớp sổ',
    });
    expect((await step('submit', 'YTE', publisher('YTE'), KHANH_HOA)).view?.state).toBe('SUBMITTED');
    const approved = await step('approve', 'YTE', approver('YTE'), KHANH_HOA);
    expect(approved.view).toMatchObject({ state: 'APPROVED', approved: true, provinceCode: '56', districtCode: null });
    expect(approved.view?.history.map((h) => [h.action, h.actor, h.reason, h.valueCount])).toEqual([
      ['SUBMIT', 'yte-system', null, yteRows],
      ['RETURN', 'yte-approver', 'Số tiêm chủng phường Đông Hải chưa khớp sổ', yteRows],
      ['SUBMIT', 'yte-system', null, yteRows],
      ['APPROVE', 'yte-approver', null, yteRows],
    ]);
    // The old map's district scope of the same department is untouched by the province's steps.
    const old = await hub.query<{ yteApproval: View }>(
      `{ yteApproval(districtCode: "582", year: 2024, criteriaSetId: "QD06-2019") { ${VIEW} } }`,
      {},
      publisher('YTE'),
    );
    expect(old.body.data?.yteApproval).toMatchObject({ districtCode: '582', provinceCode: null, history: [] });

    const audit = await hub.query<{
      yteAuditTrail: { events: { actor: string; action: string; newValue: Record<string, unknown> }[] };
    }>(
      '{ yteAuditTrail(filter: { table: "yte.approval_step" }, first: 50) { events { actor action newValue } } }',
      {},
      admin(),
    );
    const events = audit.body.data?.yteAuditTrail.events ?? [];
    expect(events.map((e) => [e.actor, e.action])).toEqual(
      [...(approved.view?.history ?? [])].reverse().map((h) => [h.actor, 'INSERT']),
    );
    for (const e of events) expect(e.newValue).toMatchObject({ province_code: '56', district_code: null, year: 2026 });
  });
});

describe('the approval command on the two-tier map', () => {
  const approval = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const { HUB_TOKEN: _token, HUB_API_KEY: _key, ...env } = process.env;
      execFile(
        process.execPath,
        [distFile('scripts', 'approval.js'), ...args, '--url', hub.gatewayUrl],
        {
          env: {
            ...env,
            HUB_JWT_SECRET: hub.tokens.secret,
            HUB_JWT_ISSUER: hub.tokens.issuer,
            HUB_JWT_AUDIENCE: hub.tokens.audience,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it("status --province 56 reads the province's scope; --district and --province together are refused", async () => {
    const status = await approval(['status', '--department', 'YTE', '--province', '56', '--year', '2026']);
    expect([status.code, status.stderr]).toEqual([0, '']);
    expect(status.stdout).toContain('YTE · tỉnh/province 56 · 2026 · QD06-2019: APPROVED');
    const both = await approval([
      'status',
      '--department',
      'YTE',
      '--province',
      '56',
      '--district',
      '582',
      '--year',
      '2026',
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('give --district');
  });
});

describe('recognition of a 2026 commune of Khánh Hòa requires approved inputs when the province says so', () => {
  const RECOGNISE = 'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }';
  const decision = {
    commune: NEW,
    year: 2026,
    decisionNumber: '2026/QĐ-UBND',
    decisionDate: '2026-11-25',
    signer: 'Chủ tịch UBND tỉnh Khánh Hòa',
  };
  type Inputs = {
    commune: {
      year: {
        inputsApproval: {
          allApproved: boolean;
          required: boolean;
          departments: { department: string; state: string | null; approved: boolean }[];
        };
      };
    };
  };
  const INPUTS = `{ commune(code: "${NEW}") { year(year: 2026) { inputsApproval { allApproved required departments { department state approved } } } } }`;

  beforeAll(async () => {
    for (const answer of await communeSubmits(hub, NEW, 2026, '2026-11-10', 'submitDossier'))
      expect(answer.body.errors).toBeUndefined();
    // The province recognises on the two-tier map: its steps before the decision.
    expect(await throughRecognisingSteps(hub, NEW, 2026, provinceOfficer('56'), '2026-11-20')).toBeNull();
    const set = await hub.query(
      'mutation { setApprovalRequirement(input: { year: 2026, required: true, note: "Công văn (test): số liệu năm 2026 phải được phê duyệt" }) { required } }',
      {},
      admin(),
    );
    expect(set.body.errors).toBeUndefined();
  }, 300_000);

  it("refused while a department's values of the province are not approved (naming it), recognised once all are", async () => {
    const before = await hub.query<Inputs>(INPUTS);
    expect(before.body.data?.commune.year.inputsApproval).toEqual({
      allApproved: false,
      required: true,
      departments: DEPARTMENTS.map((department) => ({
        department,
        state: department === 'YTE' ? 'APPROVED' : 'PUBLISHED',
        approved: department === 'YTE',
      })),
    });
    const refused = await hub.query(RECOGNISE, { i: decision }, provinceOfficer('56'));
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RECOGNITION_REFUSED',
      reasons: [{ code: 'INPUTS_NOT_APPROVED' }],
    });
    expect(String(refused.body.errors?.[0]?.extensions?.messageVi)).toContain(
      'tỉnh yêu cầu số liệu đầu vào đã được phê duyệt',
    );

    for (const department of DEPARTMENTS.filter((d) => d !== 'YTE' && d !== 'VHTTDL')) {
      expect([department, (await step('submit', department, publisherOf(department), KHANH_HOA)).view?.state]).toEqual([
        department,
        'SUBMITTED',
      ]);
      expect([department, (await step('approve', department, approver(department), KHANH_HOA)).view?.state]).toEqual([
        department,
        'APPROVED',
      ]);
    }
    const stillOne = await hub.query(RECOGNISE, { i: decision }, provinceOfficer('56'));
    expect(stillOne.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RECOGNITION_REFUSED',
      reasons: [{ code: 'INPUTS_NOT_APPROVED', departments: [{ department: 'VHTTDL', state: 'PUBLISHED' }] }],
    });

    expect((await step('submit', 'VHTTDL', publisher('VHTTDL'), KHANH_HOA)).view?.state).toBe('SUBMITTED');
    expect((await step('approve', 'VHTTDL', approver('VHTTDL'), KHANH_HOA)).view?.state).toBe('APPROVED');
    const after = await hub.query<Inputs>(INPUTS);
    expect(after.body.data?.commune.year.inputsApproval.allApproved).toBe(true);
    const recognised = await hub.query<{ recognise: { state: string } }>(
      RECOGNISE,
      { i: decision },
      provinceOfficer('56'),
    );
    expect(recognised.body.errors).toBeUndefined();
    expect(recognised.body.data?.recognise.state).toBe('RECOGNISED');
  });
});
