/**
 * What the levels set, follow up and send, through the public graph: a district's own target for
 * next year (a number of communes and the share it makes) in its report, the province's report and
 * the overview; the departments' completeness table listing exactly the missing publications,
 * late ones against the province's deadline, and the reminders; the annual report as a DOCX in the
 * administrative form with the officer's own sections (versions kept) and XLSX annexes with real
 * numbers; reward decisions recorded with number and date and shown in the due lists, the rule
 * labelled as the hub's reading.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { DepartmentCode } from '../../shared/departments';
import { communeRows, MUTATION_OF, QD06_BEST } from '../fixtures/qd06';
import {
  admin,
  communeOfficer,
  districtOfficer,
  provinceOfficer,
  publisher,
  startTestHub,
  type TestHub,
  type TestIdentity,
} from '../helpers/hub';
import { throughRecognisingSteps } from '../helpers/procedure';

let hub: TestHub;
const A = '22783'; // Phước Bình, Bác Ái (584): every value at its best, recognised 2019–2021
const B = '22786'; // Phước Hoà, Bác Ái: Sở Y tế publishes all but 8.2 in 2020
const BAC_AI = districtOfficer('584');
const PROVINCE = provinceOfficer('58');
const YTE_INDICATORS = Object.entries(QD06_BEST)
  .filter(([, v]) => v.department === 'YTE')
  .map(([code]) => code);

async function publish(year: number, rows: Record<string, Record<string, unknown>[]>): Promise<void> {
  for (const [department, list] of Object.entries(rows)) {
    const field = MUTATION_OF[department] ?? '';
    const result = await hub.query<Record<string, { applied: boolean }>>(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied } }`,
      { input: { criteriaSetId: 'QD06-2019', year, rows: list } },
      publisher(department as DepartmentCode),
    );
    expect([department, year, result.body.errors, result.body.data?.[field]?.applied]).toEqual([
      department,
      year,
      undefined,
      true,
    ]);
  }
}

async function ok<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  who: TestIdentity,
): Promise<T> {
  const result = await hub.query<T>(query, variables, who);
  expect(result.body.errors).toBeUndefined();
  return result.body.data as T;
}

/** Register → self-assess → submit → the district's steps → recognise, as the commune's and the district's officers. */
async function recognise(commune: string, year: number): Promise<void> {
  const officer = communeOfficer(commune);
  await ok(
    'mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { state } }',
    { c: commune, y: year },
    officer,
  );
  await ok(
    'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }',
    {
      i: {
        commune,
        year,
        meetingDate: `${year}-10-10`,
        requestLetter: `Tờ trình ${year}`,
        assessmentReport: `Báo cáo ${year}`,
        dataSourceExplanation: 'Giải trình nguồn số liệu',
        councilMinutes: `Biên bản ${year}`,
      },
    },
    officer,
  );
  await ok(
    'mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { state } }',
    { c: commune, y: year },
    officer,
  );
  expect(await throughRecognisingSteps(hub, commune, year, BAC_AI, `${year}-11-15`)).toBeNull();
  await ok(
    'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }',
    {
      i: {
        commune,
        year,
        decisionNumber: `${year}/QĐ-UBND-${commune}`,
        decisionDate: `${year}-11-15`,
        signer: 'Chủ tịch UBND huyện Bác Ái',
      },
    },
    BAC_AI,
  );
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const year of [2019, 2020, 2021]) {
    await publish(year, communeRows(A));
    await recognise(A, year);
  }
  // 2020: Sở Y tế publishes B's values but one.
  await publish(2020, { YTE: (communeRows(B).YTE ?? []).filter((row) => row.indicator !== '8.2') });
}, 240_000);

afterAll(async () => {
  await hub?.stop();
});

describe('targets by the level that sets them', () => {
  const SET = `mutation($i: OwnTargetInput!) { setOwnTarget(input: $i) { scope year level newCount newSharePct recognisedCount recognisedSharePct communes setBy } }`;

  it("a district officer sets its district's next-year target; the share is the hub's; others may not", async () => {
    const input = {
      scope: 'district:584',
      year: 2022,
      newCount: 2,
      recognisedCount: 3,
      note: 'Kế hoạch số 15/KH-UBND huyện Bác Ái (thử)',
    };
    const set = await ok<{ setOwnTarget: Record<string, unknown> }>(SET, { i: input }, BAC_AI);
    expect(set.setOwnTarget).toEqual({
      scope: 'district:584',
      year: 2022,
      level: 'DISTRICT',
      newCount: 2,
      newSharePct: '22.2',
      recognisedCount: 3,
      recognisedSharePct: '33.3',
      communes: 9,
      setBy: 'district-584',
    });
    expect((await hub.query(SET, { i: input }, districtOfficer('582'))).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await hub.query(SET, { i: { ...input, scope: 'province:58' } }, BAC_AI)).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const tooMany = await hub.query(SET, { i: { ...input, newCount: 10 } }, BAC_AI);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TARGET', field: 'newCount' });
    // From 1 July 2025 communes report to the province (the default procedure): no district targets.
    const twoTier = await hub.query(SET, { i: { ...input, year: 2026 } }, BAC_AI);
    expect(twoTier.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TARGET', field: 'scope' });
    expect(String(twoTier.body.errors?.[0]?.extensions?.messageVi)).toContain('chỉ tiêu do tỉnh đề ra');
    const province = await ok<{ setOwnTarget: Record<string, unknown> }>(
      SET,
      { i: { scope: 'province:58', year: 2022, newCount: 3, note: 'Kế hoạch của tỉnh (thử)' } },
      PROVINCE,
    );
    expect(province.setOwnTarget).toMatchObject({ level: 'PROVINCE', newCount: 3, newSharePct: '4.6', communes: 65 });
  });

  it("the district's own target is in its report, in the province's report and in the overview", async () => {
    const answer = await ok<{
      d: { content: { nextYearOwnTarget: Record<string, unknown> | null } };
      p: {
        content: {
          nextYearOwnTarget: { newCount: number } | null;
          districts: { district: { code: string }; nextYearOwnTarget: { newCount: number } | null }[];
        };
      };
      o: {
        districts: { district: { code: string }; progress: { ownTarget: Record<string, unknown> | null } }[];
        province: { ownTarget: { newCount: number } | null };
      };
      t: { scope: string; newCount: number }[];
    }>(
      `{ d: report(year: 2021, districtCode: "584") { content } p: report(year: 2021) { content }
         o: recognitionOverview(year: 2022) { province { ownTarget { newCount } } districts { district { code } progress { ownTarget { level newCount newSharePct met } } } }
         t: ownTargets(year: 2022) { scope newCount } }`,
      {},
      admin(),
    );
    const district = answer.d.content;
    expect(district.nextYearOwnTarget).toMatchObject({
      level: 'DISTRICT',
      newCount: 2,
      newSharePct: '22.2',
      recognisedCount: 3,
      recognisedSharePct: '33.3',
    });
    const province = answer.p.content;
    expect(province.nextYearOwnTarget?.newCount).toBe(3);
    expect(province.districts.find((d) => d.district.code === '584')?.nextYearOwnTarget?.newCount).toBe(2);
    expect(province.districts.find((d) => d.district.code === '582')?.nextYearOwnTarget).toBeNull();
    expect(answer.o.districts.find((d) => d.district.code === '584')?.progress.ownTarget).toEqual({
      level: 'DISTRICT',
      newCount: 2,
      newSharePct: '22.2',
      met: false,
    });
    expect(answer.o.province.ownTarget?.newCount).toBe(3);
    expect(answer.t.map((t) => [t.scope, t.newCount]).sort()).toEqual([
      ['district:584', 2],
      ['province:58', 3],
    ]);
  });
});

describe('follow-up of the departments', () => {
  const FOLLOW = `query($y: Int!) { publicationFollowUp(year: $y) { criteriaSetId
      lines { department district { code name } groupName expected published missing late deadline overdue
              missingPublications { commune { code } indicators } latePublications { commune { code } indicators }
              reminders { sentTo about } } } }`;
  type Line = {
    department: string;
    district: { code: string; name: string } | null;
    expected: number;
    published: number;
    missing: number;
    late: number | null;
    deadline: string | null;
    overdue: boolean;
    missingPublications: { commune: { code: string }; indicators: string[] }[];
    latePublications: { commune: { code: string }; indicators: string[] }[];
    reminders: { sentTo: string; about: string }[];
  };

  it('lists exactly the missing publications of each department × district × year', async () => {
    const answer = await ok<{ publicationFollowUp: { criteriaSetId: string; lines: Line[] } }>(
      FOLLOW,
      { y: 2020 },
      PROVINCE,
    );
    expect(answer.publicationFollowUp.criteriaSetId).toBe('QD06-2019');
    const lines = answer.publicationFollowUp.lines;
    expect(lines).toHaveLength(6 * 7);
    const communes = await ok<{ communes: { code: string }[] }>(
      `{ communes(year: 2020, districtCode: "584") { code } }`,
      {},
      PROVINCE,
    );
    const others = communes.communes.map((c) => c.code).filter((c) => c !== A && c !== B);
    const yte = lines.find((l) => l.department === 'YTE' && l.district?.code === '584');
    expect(yte).toMatchObject({
      expected: 9 * YTE_INDICATORS.length,
      published: 2 * YTE_INDICATORS.length - 1,
      missing: 7 * YTE_INDICATORS.length + 1,
      late: null,
      deadline: null,
      overdue: false,
    });
    expect(yte?.missingPublications).toEqual(
      [
        { commune: { code: B }, indicators: ['8.2'] },
        ...others.map((code) => ({ commune: { code }, indicators: YTE_INDICATORS })),
      ].sort((x, y) => (x.commune.code < y.commune.code ? -1 : 1)),
    );
    // The district is the unit the places module serves, not a bare reference: its name resolves too.
    expect(yte?.district).toEqual({ code: '584', name: 'Bác Ái' });
    const tuphap = lines.find((l) => l.department === 'TUPHAP' && l.district?.code === '584');
    expect(tuphap).toMatchObject({ expected: 9, published: 1, missing: 8 });
    expect(lines.find((l) => l.department === 'YTE' && l.district?.code === '582')).toMatchObject({
      published: 0,
      missing: 16 * YTE_INDICATORS.length,
    });
  });

  it('the province sets deadlines: a value published after the day is late; reminders are recorded and shown', async () => {
    const DEADLINE = `mutation($i: PublicationDeadlineInput!) { setPublicationDeadline(input: $i) { department year deadline setBy } }`;
    expect(
      await ok(
        DEADLINE,
        { i: { department: 'YTE', year: 2020, deadline: '2020-10-31', note: 'Công văn 100/SLĐTBXH (thử)' } },
        PROVINCE,
      ),
    ).toEqual({
      setPublicationDeadline: { department: 'YTE', year: 2020, deadline: '2020-10-31', setBy: 'province-58' },
    });
    await ok(
      DEADLINE,
      { i: { department: 'TUPHAP', year: 2020, deadline: '2099-12-31', note: 'Hạn xa (thử)' } },
      PROVINCE,
    );
    expect(
      (await hub.query(DEADLINE, { i: { department: 'YTE', year: 2020, deadline: '2020-02-30', note: 'x' } }, PROVINCE))
        .body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadline', scalar: 'Date' });
    expect(
      (await hub.query(DEADLINE, { i: { department: 'YTE', year: 2020, deadline: '2020-10-31', note: 'x' } }, BAC_AI))
        .body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const REMIND = `mutation($i: DepartmentReminderInput!) { recordDepartmentReminder(input: $i) { department district { code } sentTo sentOn about reference recordedBy } }`;
    const reminder = await ok<{ recordDepartmentReminder: Record<string, unknown> }>(
      REMIND,
      {
        i: {
          department: 'YTE',
          year: 2020,
          districtCode: '584',
          sentTo: 'Phòng Nghiệp vụ Y, Sở Y tế',
          sentOn: '2020-11-05',
          about: 'Đề nghị công bố chỉ số 8.2 của xã Phước Hoà',
          reference: '210/SLĐTBXH-BVCSTE',
        },
      },
      PROVINCE,
    );
    expect(reminder.recordDepartmentReminder).toEqual({
      department: 'YTE',
      district: { code: '584' },
      sentTo: 'Phòng Nghiệp vụ Y, Sở Y tế',
      sentOn: '2020-11-05',
      about: 'Đề nghị công bố chỉ số 8.2 của xã Phước Hoà',
      reference: '210/SLĐTBXH-BVCSTE',
      recordedBy: 'province-58',
    });
    expect(
      (
        await hub.query(
          REMIND,
          { i: { department: 'YTE', year: 2020, sentTo: 'x', sentOn: '2999-01-01', about: 'x' } },
          PROVINCE,
        )
      ).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sentOn' });
    expect(
      (
        await hub.query(
          REMIND,
          { i: { department: 'YTE', year: 2020, districtCode: '999', sentTo: 'x', sentOn: '2020-11-05', about: 'x' } },
          PROVINCE,
        )
      ).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'districtCode' });

    const lines = (await ok<{ publicationFollowUp: { lines: Line[] } }>(FOLLOW, { y: 2020 }, PROVINCE))
      .publicationFollowUp.lines;
    const yte = lines.find((l) => l.department === 'YTE' && l.district?.code === '584');
    // Every value was published today, long after 31 October 2020.
    expect(yte).toMatchObject({ deadline: '2020-10-31', late: 2 * YTE_INDICATORS.length - 1, overdue: true });
    expect(yte?.latePublications).toEqual([
      { commune: { code: A }, indicators: YTE_INDICATORS },
      { commune: { code: B }, indicators: YTE_INDICATORS.filter((i) => i !== '8.2') },
    ]);
    expect(yte?.reminders).toEqual([
      { sentTo: 'Phòng Nghiệp vụ Y, Sở Y tế', about: 'Đề nghị công bố chỉ số 8.2 của xã Phước Hoà' },
    ]);
    expect(lines.find((l) => l.department === 'YTE' && l.district?.code === '582')?.reminders).toEqual([]);
    expect(lines.find((l) => l.department === 'TUPHAP' && l.district?.code === '584')).toMatchObject({
      deadline: '2099-12-31',
      late: 0,
      overdue: false,
    });
    expect((await hub.query(FOLLOW, { y: 2020 }, BAC_AI)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reports an official can send', () => {
  const SAVE = `mutation($i: ReportTextInput!) { saveReportText(input: $i) { kind scope year version documentNumber missingFields savedBy } }`;
  const text = {
    year: 2021,
    districtCode: '584',
    documentNumber: '125/BC-UBND',
    date: '2021-11-25',
    signingAuthority: 'TM. ỦY BAN NHÂN DÂN',
    signerTitle: 'CHỦ TỊCH',
    signerName: 'Nguyễn Văn Thử',
    situation: 'Năm 2021 huyện tiếp tục triển khai Kế hoạch 965/KH-UBND.\nCác xã đã đăng ký xây dựng.',
    results: 'Xã Phước Bình duy trì đạt chuẩn năm thứ ba.',
    difficulties: 'Thiếu cán bộ chuyên trách bảo vệ trẻ em ở cấp xã.',
    proposals: 'Đề nghị Sở tổ chức tập huấn về quy trình đánh giá.',
    nextYear: 'Tập trung hỗ trợ hai xã đăng ký mới.',
  };

  it("stores the officer's sections as versions, checks them, and only the district's officers write them", async () => {
    const first = await ok<{ saveReportText: Record<string, unknown> }>(
      SAVE,
      { i: { year: 2021, districtCode: '584', situation: 'Bản nháp' } },
      BAC_AI,
    );
    expect(first.saveReportText).toMatchObject({
      kind: 'DISTRICT',
      scope: 'district:584',
      version: 1,
      missingFields: [
        'documentNumber',
        'date',
        'signerTitle',
        'signerName',
        'results',
        'difficulties',
        'proposals',
        'nextYear',
      ],
    });
    const second = await ok<{ saveReportText: Record<string, unknown> }>(SAVE, { i: text }, BAC_AI);
    expect(second.saveReportText).toMatchObject({
      version: 2,
      documentNumber: '125/BC-UBND',
      missingFields: [],
      savedBy: 'district-584',
    });
    // A day that is not one is refused by its type (Date) before the sections are checked.
    const badDay = await hub.query(SAVE, { i: { ...text, date: '2021-13-01' } }, BAC_AI);
    expect(badDay.status).toBe(400);
    expect(badDay.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      scalar: 'Date',
      messageVi: 'Trường date: Giá trị "2021-13-01" không hợp lệ: phải là một ngày có thật, dạng YYYY-MM-DD',
    });
    const bad = await hub.query(SAVE, { i: { ...text, signerName: 'x'.repeat(201) } }, BAC_AI);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('REPORT_TEXT_INVALID');
    expect(
      (bad.body.errors?.[0]?.extensions?.problems as { field: string; code: string }[])
        .map((p) => `${p.field}:${p.code}`)
        .sort(),
    ).toEqual(['signerName:TEXT_TOO_LONG']);
    expect((await hub.query(SAVE, { i: text }, districtOfficer('582'))).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const history = await ok<{
      report: { text: { version: number; situation: string }; textHistory: { version: number }[] };
    }>(
      `{ report(year: 2021, districtCode: "584") { text { version situation } textHistory { version } } }`,
      {},
      BAC_AI,
    );
    expect(history.report).toEqual({
      text: { version: 2, situation: text.situation },
      textHistory: [{ version: 1 }, { version: 2 }],
    });
  });

  it("the district's report opens as a DOCX in the administrative form, with the figures and the officer's sections", async () => {
    const answer = await ok<{ report: { docxBase64: string; fileName: string } }>(
      `{ report(year: 2021, districtCode: "584") { docxBase64 fileName } }`,
      {},
      BAC_AI,
    );
    const files = unzipSync(new Uint8Array(Buffer.from(answer.report.docxBase64, 'base64')));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    const xml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    const paragraphs = [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n'),
    );
    for (const expected of [
      'ỦY BAN NHÂN DÂN',
      'HUYỆN BÁC ÁI',
      'Số: 125/BC-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Bác Ái, ngày 25 tháng 11 năm 2021',
      'BÁO CÁO',
      'Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Ninh Thuận.',
      'I. TÌNH HÌNH CHUNG',
      'Năm 2021 huyện tiếp tục triển khai Kế hoạch 965/KH-UBND.',
      'Các xã đã đăng ký xây dựng.',
      'II. KẾT QUẢ THỰC HIỆN NĂM 2021',
      'Số đơn vị đạt chuẩn phù hợp với trẻ em đến cuối năm 2021: 1/9 (11,1%).',
      'Xã Phước Bình duy trì đạt chuẩn năm thứ ba.',
      'III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ',
      'Thiếu cán bộ chuyên trách bảo vệ trẻ em ở cấp xã.',
      'Đề nghị Sở tổ chức tập huấn về quy trình đánh giá.',
      'IV. CHỈ TIÊU VÀ NHIỆM VỤ NĂM 2022',
      'Phấn đấu năm 2022 có thêm 2 đơn vị đạt chuẩn phù hợp với trẻ em (22,2% số đơn vị cấp xã), nâng tổng số lên 3 đơn vị (33,3%).',
      'Tập trung hỗ trợ hai xã đăng ký mới.',
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
      'Nguyễn Văn Thử',
    ]) {
      expect([expected, paragraphs.includes(expected)]).toEqual([expected, true]);
    }
    expect(paragraphs.some((p) => p.startsWith('Tổng số đơn vị cấp xã: 9 ('))).toBe(true);
    expect(xml).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(answer.report.fileName).toBe('bao-cao-huyen-584-2021');
  });

  it("the province's report goes to UBND tỉnh and the Ministry, with every district's figures and next-year target", async () => {
    const answer = await ok<{ report: { docxBase64: string } }>(`{ report(year: 2021) { docxBase64 } }`, {}, PROVINCE);
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(answer.report.docxBase64, 'base64')))['word/document.xml'] ??
        new Uint8Array(),
    );
    for (const expected of [
      'SỞ LAO ĐỘNG - THƯƠNG BINH',
      'Kính gửi:',
      '- Ủy ban nhân dân tỉnh Ninh Thuận;',
      '- Bộ Lao động - Thương binh và Xã hội.',
      'Huyện Bác Ái',
      'thêm 2 đơn vị (22,2%)',
      'huyện chưa đề ra',
      'GIÁM ĐỐC',
    ]) {
      expect([expected, xml.includes(expected)]).toEqual([expected, true]);
    }
    // Unit types as they are: Phan Rang-Tháp Chàm is a city.
    expect(xml).toContain('Thành phố Phan Rang-Tháp Chàm');
  });

  it('the annexes hold real numbers and name units as they are', async () => {
    const answer = await ok<{ report: { xlsxBase64: string; csv: string } }>(
      `{ report(year: 2021) { xlsxBase64 csv } }`,
      {},
      PROVINCE,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(answer.report.xlsxBase64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Tăng trưởng', 'Đơn vị cấp xã', 'Khen thưởng']);
    const growth = workbook.getWorksheet('Tăng trưởng');
    const header = (growth?.getRow(1).values as unknown[]).slice(1);
    const row584 = growth?.getRows(2, 8)?.find((r) => r.getCell(1).value === '584');
    const cell = (name: string) => row584?.getCell(header.indexOf(name) + 1).value;
    expect([
      cell('Đơn vị'),
      cell('Số đơn vị cấp xã'),
      cell('Đạt chuẩn'),
      cell('Tỷ lệ đạt chuẩn (%)'),
      cell('Chỉ tiêu năm sau (số đơn vị)'),
      cell('Chỉ tiêu năm sau (%)'),
    ]).toEqual(['Huyện Bác Ái', 9, 1, 11.1, 2, 22.2]);
    const communes = workbook.getWorksheet('Đơn vị cấp xã');
    const kinds = new Set<unknown>();
    communes?.eachRow((r, i) => i > 1 && kinds.add(r.getCell(5).value));
    expect(kinds).toEqual(new Set(['xã', 'phường', 'thị trấn']));
    expect(answer.report.csv).toContain('Thành phố Phan Rang-Tháp Chàm');
    expect(answer.report.csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('rewards as records', () => {
  const REWARDS = `{ rewards(year: 2021, districtCode: "584") { rule { confirmed text source } districtReward { commune { code } streak decisions { kind number date signer } } decisions { kind commune { code name } } } }`;
  const RECORD = `mutation($i: RewardDecisionInput!) { recordRewardDecision(input: $i) { kind kindVi commune { code name } year streak number date signer form recordedBy } }`;
  const decision = {
    kind: 'DISTRICT_REWARD',
    commune: A,
    year: 2021,
    number: '45/QĐ-UBND',
    date: '2021-12-20',
    signer: 'Chủ tịch UBND huyện Bác Ái',
    form: 'Giấy khen của Chủ tịch UBND huyện',
  };

  it("the due list says the rule is the hub's reading and shows what was decided", async () => {
    const before = await ok<{
      rewards: {
        rule: { confirmed: boolean; text: string; source: string };
        districtReward: { commune: { code: string }; streak: number; decisions: unknown[] }[];
      };
    }>(REWARDS, {}, BAC_AI);
    expect(before.rewards.rule.confirmed).toBe(false);
    expect(before.rewards.rule.text).toMatch(/^Cách hiểu của hệ thống, chưa phải quy định chính thức/);
    expect(before.rewards.districtReward).toEqual([{ commune: { code: A }, streak: 3, decisions: [] }]);
    expect((await hub.query(RECORD, { i: decision }, communeOfficer(A))).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const recorded = await ok<{ recordRewardDecision: Record<string, unknown> }>(RECORD, { i: decision }, BAC_AI);
    expect(recorded.recordRewardDecision).toEqual({
      ...decision,
      kindVi: 'Quyết định khen thưởng của UBND huyện',
      // The commune itself, not only its code (a record's commune once had no name: Commune.name is non-null).
      commune: { code: A, name: expect.stringMatching(/\S/) },
      streak: 3,
      recordedBy: 'district-584',
    });
    expect((await hub.query(RECORD, { i: decision }, BAC_AI)).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const proposal = await hub.query(
      RECORD,
      { i: { ...decision, kind: 'CHAIRMAN_PROPOSAL', number: '46/TTr-UBND' } },
      BAC_AI,
    );
    expect(proposal.body.errors?.[0]?.extensions).toMatchObject({
      code: 'REWARD_RECORD_INVALID',
      field: 'commune',
      streak: 3,
    });
    const after = await ok<{ rewards: { districtReward: { decisions: unknown[] }[]; decisions: unknown[] } }>(
      REWARDS,
      {},
      BAC_AI,
    );
    expect(after.rewards.districtReward[0]?.decisions).toEqual([
      { kind: 'DISTRICT_REWARD', number: '45/QĐ-UBND', date: '2021-12-20', signer: 'Chủ tịch UBND huyện Bác Ái' },
    ]);
    expect(after.rewards.decisions).toEqual([
      { kind: 'DISTRICT_REWARD', commune: { code: A, name: expect.stringMatching(/\S/) } },
    ]);
    const report = await ok<{ report: { content: { rewardRecords: unknown[] }; docxBase64: string } }>(
      `{ report(year: 2021, districtCode: "584") { content docxBase64 } }`,
      {},
      BAC_AI,
    );
    expect(report.report.content.rewardRecords).toEqual([
      expect.objectContaining({ kind: 'DISTRICT_REWARD', communeCode: A, number: '45/QĐ-UBND', date: '2021-12-20' }),
    ]);
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(report.report.docxBase64, 'base64')))['word/document.xml'] ??
        new Uint8Array(),
    );
    expect(xml).toContain('Phước Bình (Quyết định khen thưởng của UBND huyện số 45/QĐ-UBND ngày 20/12/2021)');
  });
});
