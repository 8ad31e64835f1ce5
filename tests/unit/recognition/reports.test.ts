import ExcelJS from 'exceljs';

import { parseCsv } from '../../../subgraphs/ldtbxh/csv';
import { COMMUNE_COLUMNS_VI, districtReportContent, provinceReportContent, reportCsv, reportXlsx } from '../../../subgraphs/ldtbxh/reports/reports';
import { DEFAULT_TARGETS } from '../../../subgraphs/ldtbxh/recognition/targets';
import { nextState } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { CycleAction, CycleState, CycleStatus } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { DistrictInput, ReportCommuneInput } from '../../../subgraphs/ldtbxh/reports/reports';
import type { YearCycle } from '../../../subgraphs/ldtbxh/recognition/streaks';

// -- builders -----------------------------------------------------------------------------------

interface CycleExtra {
  decision?: [number: string, date: string, signer: string];
  reason?: string;
  revoke?: [number: string, date: string, reason: string];
}

/** The 2020 cycle of a commune, walked through the state machine up to `status`. */
function cycle(commune: string, status: CycleStatus, extra: CycleExtra = {}): CycleState {
  const actions: CycleAction[] = [{ type: 'REGISTER', commune, year: 2020 }];
  if (status !== 'REGISTERED') {
    actions.push({
      type: 'SELF_ASSESS',
      details: {
        meetingDate: '2020-10-01',
        requestLetter: 'TTr-01',
        assessmentReport: 'BC-01',
        dataSourceExplanation: 'GT-01',
        councilMinutes: 'BB-01',
      },
    });
  }
  if (['SUBMITTED', 'RECOGNISED', 'NOT_RECOGNISED', 'REVOKED'].includes(status)) actions.push({ type: 'SUBMIT' });
  if (status === 'RECOGNISED' || status === 'REVOKED') {
    const [decisionNumber, decisionDate, signer] = extra.decision ?? ['1/QĐ-UBND', '2020-11-01', 'Lê Văn B'];
    actions.push({ type: 'RECOGNISE', details: { decisionNumber, decisionDate, signer } });
  }
  if (status === 'NOT_RECOGNISED') actions.push({ type: 'REFUSE', details: { reason: extra.reason ?? 'không đạt' } });
  if (status === 'REVOKED') {
    const [decisionNumber, decisionDate, reason] = extra.revoke ?? ['2/QĐ-UBND', '2020-11-25', 'sai số liệu'];
    actions.push({ type: 'REVOKE', details: { decisionNumber, decisionDate, reason } });
  }
  const state = actions.reduce<CycleState | null>((s, a) => nextState(s, a), null);
  if (state === null) throw new Error('no cycle');
  return state;
}

const recognisedYears = (from: number, to: number): YearCycle[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, state: 'RECOGNISED' }));

/** Thuận Bắc (588), 2020: every kind of outcome. Bắc Phong's name is given decomposed (NFD). */
const thuanBac: DistrictInput = {
  district: { code: '588', name: 'Thuận Bắc' },
  communes: [
    { code: '22856', name: 'Ba\u0306\u0301c Phong', cycle: null, cycles: [], assessment: null },
    {
      code: '22837',
      name: 'Phước Chiến',
      cycle: cycle('22837', 'RECOGNISED', { decision: ['1201/QĐ-UBND', '2020-11-10', 'Lê Văn B'] }),
      cycles: recognisedYears(2016, 2019),
      assessment: { status: 'COMPLETE', eligible: true, total: 905 },
    },
    {
      code: '22840',
      name: 'Công Hải',
      cycle: cycle('22840', 'RECOGNISED', { decision: ['1202/QĐ-UBND', '2020-11-10', 'Lê Văn B'] }),
      cycles: recognisedYears(2018, 2019),
      assessment: { status: 'COMPLETE', eligible: true, total: 880 },
    },
    {
      code: '22843',
      name: 'Phước Kháng',
      cycle: cycle('22843', 'RECOGNISED', {
        decision: ['1203/QĐ-UBND', '2020-11-12', 'Nguyễn Văn A, Chủ tịch UBND huyện'],
      }),
      cycles: [{ year: 2019, state: 'NOT_RECOGNISED' }],
      assessment: { status: 'COMPLETE', eligible: true, total: 851 },
    },
    {
      code: '22849',
      name: 'Lợi Hải',
      cycle: cycle('22849', 'NOT_RECOGNISED', { reason: 'Thiếu "biên bản họp"; tổng điểm 790' }),
      cycles: recognisedYears(2019, 2019),
      assessment: { status: 'COMPLETE', eligible: false, total: 790 },
    },
    {
      code: '22853',
      name: 'Bắc Sơn',
      cycle: cycle('22853', 'REVOKED', {
        decision: ['1150/QĐ-UBND', '2020-10-01', 'Lê Văn B'],
        revoke: ['1300/QĐ-UBND', '2020-11-25', '- số liệu tiêu chí 2 không đúng'],
      }),
      cycles: [],
      assessment: { status: 'INCOMPLETE', eligible: false, total: 640 },
    },
  ] satisfies ReportCommuneInput[],
};

const ninhHai: DistrictInput = {
  district: { code: '586', name: 'Ninh Hải' },
  communes: [
    {
      code: '22834',
      name: 'Khánh Hải',
      cycle: cycle('22834', 'RECOGNISED', { decision: ['77/QĐ-UBND', '2020-11-05', 'Trần Thị C'] }),
      cycles: recognisedYears(2018, 2020),
      assessment: { status: 'COMPLETE', eligible: true, total: 930 },
    },
    {
      code: '22846',
      name: 'Vĩnh Hải',
      cycle: cycle('22846', 'SUBMITTED'),
      cycles: [],
      assessment: { status: 'COMPLETE', eligible: true, total: 860 },
    },
  ],
};

const targets = DEFAULT_TARGETS(['province:58', 'district:586', 'district:588'], [2019, 2020, 2021]);
const generatedAt = new Date('2020-11-20T01:30:00Z');
const district = (): ReturnType<typeof districtReportContent> =>
  districtReportContent({ ...thuanBac, year: 2020, generatedAt, targets });

// -- content ------------------------------------------------------------------------------------

describe('districtReportContent', () => {
  const content = district();

  it('lists every commune by code with its state, assessment, decisions, streak and whether it is newly recognised', () => {
    expect(content.communes.map((r) => [r.code, r.state, r.total, r.eligible, r.decisionNumber, r.newlyRecognised, r.streak])).toEqual([
      ['22837', 'RECOGNISED', 905, true, '1201/QĐ-UBND', false, 5],
      ['22840', 'RECOGNISED', 880, true, '1202/QĐ-UBND', false, 3],
      ['22843', 'RECOGNISED', 851, true, '1203/QĐ-UBND', true, 1],
      ['22849', 'NOT_RECOGNISED', 790, false, null, false, 0],
      ['22853', 'REVOKED', 640, false, '1150/QĐ-UBND', false, 0],
      ['22856', null, null, null, null, false, 0],
    ]);
    expect(content.communes[4]).toEqual({
      code: '22853',
      name: 'Bắc Sơn',
      districtCode: '588',
      state: 'REVOKED',
      assessmentStatus: 'INCOMPLETE',
      total: 640,
      eligible: false,
      meetingDate: '2020-10-01',
      decisionNumber: '1150/QĐ-UBND',
      decisionDate: '2020-10-01',
      signer: 'Lê Văn B',
      newlyRecognised: false,
      streak: 0,
      refusalReason: null,
      revocation: { reason: '- số liệu tiêu chí 2 không đúng', decisionNumber: '1300/QĐ-UBND', decisionDate: '2020-11-25' },
    });
  });

  it('carries the header, the summary, the lists and next year’s targets', () => {
    expect({
      kind: content.kind,
      district: content.district,
      year: content.year,
      generatedAt: content.generatedAt,
      deadline: content.deadline,
      summary: content.summary,
      newlyRecognised: content.newlyRecognised,
      notRecognised: content.notRecognised,
      revoked: content.revoked,
      rewards: content.rewards,
      nextYearTargets: content.nextYearTargets,
    }).toEqual({
      kind: 'DISTRICT',
      district: { code: '588', name: 'Thuận Bắc' },
      year: 2020,
      generatedAt: '2020-11-20T01:30:00.000Z',
      deadline: '2020-11-30',
      summary: {
        communes: 6,
        registered: 5,
        notRegistered: 1,
        states: { REGISTERED: 0, SELF_ASSESSED: 0, SUBMITTED: 0, RECOGNISED: 3, NOT_RECOGNISED: 1, REVOKED: 1 },
        eligible: 3,
        newlyRecognised: 1,
      },
      newlyRecognised: [
        { code: '22843', name: 'Phước Kháng', districtCode: '588', decisionNumber: '1203/QĐ-UBND', decisionDate: '2020-11-12' },
      ],
      notRecognised: [{ code: '22849', name: 'Lợi Hải', districtCode: '588', reason: 'Thiếu "biên bản họp"; tổng điểm 790' }],
      revoked: [
        {
          code: '22853',
          name: 'Bắc Sơn',
          districtCode: '588',
          reason: '- số liệu tiêu chí 2 không đúng',
          decisionNumber: '1300/QĐ-UBND',
          decisionDate: '2020-11-25',
        },
      ],
      rewards: {
        districtReward: [{ code: '22840', name: 'Công Hải', districtCode: '588', streak: 3, years: [2018, 2019, 2020] }],
        chairmanProposal: [
          { code: '22837', name: 'Phước Chiến', districtCode: '588', streak: 5, years: [2016, 2017, 2018, 2019, 2020] },
        ],
      },
      nextYearTargets: targets.find((t) => t.scope === 'district:588' && t.year === 2021),
    });
  });

  it('measures progress on the district’s cycles: 3 of 6, pace (3 − 1) / 3 from 2017, 80 % needs 5', () => {
    expect(content.progress).toMatchObject({
      scope: 'district:588',
      communes: 6,
      recognised: 3,
      sharePct: '50.0',
      requiredForTarget: 5,
      newPct: '16.7',
      inNewBand: 'ABOVE',
      status: 'BEHIND',
      pace: { change: 2, years: 3, fromYear: 2017 },
      projectedYear: 2023,
      provisional: true,
    });
  });

  it('takes earlier counts from recognisedByYear when given (after a merger), never the report year', () => {
    const merged = districtReportContent({
      ...thuanBac,
      recognisedByYear: new Map([
        [2017, 0],
        [2020, 99],
      ]),
      year: 2020,
      generatedAt,
      targets,
    });
    expect([merged.progress.recognised, merged.progress.pace]).toEqual([3, { change: 3, years: 3, fromYear: 2017 }]);
  });

  it('refuses a cycle of another year, cycles that contradict it, and a commune listed twice', () => {
    const [first] = thuanBac.communes;
    if (first === undefined) throw new Error('fixture');
    const withCommunes = (communes: ReportCommuneInput[]): (() => unknown) => () =>
      districtReportContent({ ...thuanBac, communes, year: 2021, generatedAt, targets });
    expect(withCommunes([{ ...first, cycle: cycle('22856', 'REGISTERED') }])).toThrow(
      new RangeError('commune 22856: the cycle passed is of commune 22856, 2020, not of 2021'),
    );
    expect(() =>
      districtReportContent({
        ...thuanBac,
        communes: [{ ...first, cycles: [{ year: 2020, state: 'RECOGNISED' }] }],
        year: 2020,
        generatedAt,
        targets,
      }),
    ).toThrow(new RangeError('commune 22856: cycles say RECOGNISED for 2020 but the cycle is missing'));
    expect(withCommunes([first, first])).toThrow(new RangeError('district 588: commune 22856 is listed twice'));
  });
});

describe('provinceReportContent', () => {
  const content = provinceReportContent({
    province: { code: '58', name: 'Ninh Thuận' },
    year: 2020,
    generatedAt,
    districts: [thuanBac, ninhHai],
    targets,
  });

  it('holds each district’s report, sorted by code, and the province’s totals', () => {
    expect(content.districts.map((d) => [d.district.code, d.deadline, d.progress.scope, d.summary.communes])).toEqual([
      ['586', '2020-11-30', 'district:586', 2],
      ['588', '2020-11-30', 'district:588', 6],
    ]);
    expect([content.kind, content.deadline, content.generatedAt]).toEqual(['PROVINCE', '2020-12-10', '2020-11-20T01:30:00.000Z']);
    expect(content.summary).toEqual({
      communes: 8,
      registered: 7,
      notRegistered: 1,
      states: { REGISTERED: 0, SELF_ASSESSED: 0, SUBMITTED: 1, RECOGNISED: 4, NOT_RECOGNISED: 1, REVOKED: 1 },
      eligible: 5,
      newlyRecognised: 1,
    });
    expect(content.rewards.districtReward.map((e) => [e.districtCode, e.code])).toEqual([
      ['586', '22834'],
      ['588', '22840'],
    ]);
    expect(content.rewards.chairmanProposal.map((e) => e.code)).toEqual(['22837']);
    expect(content.progress).toMatchObject({
      scope: 'province:58',
      communes: 8,
      recognised: 4,
      sharePct: '50.0',
      requiredForTarget: 7,
      provisional: false,
      status: 'BEHIND',
    });
    expect(content.nextYearTargets).toEqual(targets.find((t) => t.scope === 'province:58' && t.year === 2021));
  });

  it('refuses a commune listed in two districts', () => {
    expect(() =>
      provinceReportContent({
        province: { code: '58', name: 'Ninh Thuận' },
        year: 2020,
        generatedAt,
        districts: [thuanBac, { ...ninhHai, communes: thuanBac.communes.slice(0, 1) }],
        targets,
      }),
    ).toThrow(new RangeError('commune 22856 is listed in two districts'));
  });
});

// -- CSV ----------------------------------------------------------------------------------------

describe('reportCsv', () => {
  const pad = (n: number): string => ','.repeat(n);
  const csv = reportCsv(district());

  it('starts with a byte-order mark and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes a field holding a line break, and neutralises text Excel would run as a formula', () => {
    const content = district();
    const refused = content.communes[3];
    const recognised = content.communes[0];
    if (refused === undefined || recognised === undefined) throw new Error('fixture');
    refused.refusalReason = 'dòng 1\r\ndòng 2';
    recognised.signer = '=HYPERLINK("http://x")';
    const lines = reportCsv(content).split('\r\n');
    expect(lines[4]).toBe('588,Thuận Bắc,22849,Lợi Hải,Không công nhận,Đầy đủ,790,Không,2020-10-01,,,,Không,0,"dòng 1');
    expect(lines[5]).toBe('dòng 2",,');
    expect(lines[1]).toBe(
      `588,Thuận Bắc,22837,Phước Chiến,Đã công nhận,Đầy đủ,905,Có,2020-10-01,1201/QĐ-UBND,2020-11-10,"'=HYPERLINK(""http://x"")",Không,5,,,`,
    );
  });

  it('writes one header row, one row per commune and the summary block, quoted per RFC 4180', () => {
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Mã huyện,Huyện,Mã xã,Tên xã,Trạng thái,Số liệu đánh giá,Tổng điểm,Đủ điều kiện công nhận,Ngày họp Hội đồng đánh giá,Số quyết định công nhận,Ngày quyết định công nhận,Người ký,Công nhận mới,Số năm liên tục đạt chuẩn,Lý do không công nhận / thu hồi,Số quyết định thu hồi,Ngày quyết định thu hồi',
      '588,Thuận Bắc,22837,Phước Chiến,Đã công nhận,Đầy đủ,905,Có,2020-10-01,1201/QĐ-UBND,2020-11-10,Lê Văn B,Không,5,,,',
      '588,Thuận Bắc,22840,Công Hải,Đã công nhận,Đầy đủ,880,Có,2020-10-01,1202/QĐ-UBND,2020-11-10,Lê Văn B,Không,3,,,',
      '588,Thuận Bắc,22843,Phước Kháng,Đã công nhận,Đầy đủ,851,Có,2020-10-01,1203/QĐ-UBND,2020-11-12,"Nguyễn Văn A, Chủ tịch UBND huyện",Có,1,,,',
      '588,Thuận Bắc,22849,Lợi Hải,Không công nhận,Đầy đủ,790,Không,2020-10-01,,,,Không,0,"Thiếu ""biên bản họp""; tổng điểm 790",,',
      "588,Thuận Bắc,22853,Bắc Sơn,Đã thu hồi công nhận,Chưa đầy đủ,640,Không,2020-10-01,1150/QĐ-UBND,2020-10-01,Lê Văn B,Không,0,'- số liệu tiêu chí 2 không đúng,1300/QĐ-UBND,2020-11-25",
      '588,Thuận Bắc,22856,Bắc Phong,Chưa đăng ký,,,,,,,,Không,0,,,',
      pad(16),
      `Tổng hợp${pad(16)}`,
      `Báo cáo,"Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của huyện gửi Sở Lao động - Thương binh và Xã hội"${pad(15)}`,
      `Đơn vị,Thuận Bắc (588)${pad(15)}`,
      `Năm,2020${pad(15)}`,
      `Thời điểm lập,2020-11-20T08:30:00+07:00${pad(15)}`,
      `Hạn gửi báo cáo (trước ngày),2020-11-30${pad(15)}`,
      `"Số xã, phường, thị trấn",6${pad(15)}`,
      `Đã đăng ký,5${pad(15)}`,
      `Chưa đăng ký,1${pad(15)}`,
      `"Trạng thái: Đã đăng ký, chưa tự đánh giá",0${pad(15)}`,
      `Trạng thái: Đã tự đánh giá,0${pad(15)}`,
      `Trạng thái: Đã trình huyện,0${pad(15)}`,
      `Trạng thái: Đã công nhận,3${pad(15)}`,
      `Trạng thái: Không công nhận,1${pad(15)}`,
      `Trạng thái: Đã thu hồi công nhận,1${pad(15)}`,
      `Đủ điều kiện công nhận (theo kết quả đánh giá),3${pad(15)}`,
      `Công nhận mới,1${pad(15)}`,
      `Tỷ lệ đạt chuẩn (%),50.0${pad(15)}`,
      `Chỉ tiêu tỷ lệ đạt chuẩn,80% đến năm 2020${pad(15)}`,
      `Đánh giá tiến độ,Chậm tiến độ${pad(15)}`,
      `Năm dự kiến đạt chỉ tiêu,2023${pad(15)}`,
      `Tỷ lệ công nhận mới (%),16.7${pad(15)}`,
      `Chỉ tiêu công nhận mới (%),3–5${pad(15)}`,
      `So với chỉ tiêu công nhận mới,Vượt mức${pad(15)}`,
      `Khen thưởng cấp huyện (3 năm liên tục),"Công Hải (22840, 3 năm)"${pad(15)}`,
      `Đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục),"Phước Chiến (22837, 5 năm)"${pad(15)}`,
      `Chỉ tiêu năm 2021,công nhận mới 3–5% (tạm thời)${pad(15)}`,
      `Nhận xét,"Năm 2020: 3/6 xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em (50,0%). Chỉ tiêu 80% đến năm 2020 (5 xã): không đạt đúng hạn, chậm tiến độ. Công nhận mới: 1 xã (16,7%), vượt mức 3–5%. Chỉ tiêu là tạm thời."${pad(15)}`,
      '',
    ]);
  });

  it('writes Vietnamese in NFC (the commune name was given decomposed)', () => {
    expect(csv).toContain(',22856,Bắc Phong,');
    expect(csv.normalize('NFC')).toBe(csv);
  });

  it('is rectangular: it reads back with a strict RFC 4180 reader, every record as wide as the header', () => {
    const records = parseCsv(csv);
    expect(Object.keys(records[0] ?? {})).toEqual([...COMMUNE_COLUMNS_VI]);
    expect(records[2]?.['Người ký']).toBe('Nguyễn Văn A, Chủ tịch UBND huyện');
    expect(records[3]?.['Lý do không công nhận / thu hồi']).toBe('Thiếu "biên bản họp"; tổng điểm 790');
  });

  it('writes a province report as every district’s communes, with a line per district in the summary', () => {
    const province = reportCsv(
      provinceReportContent({
        province: { code: '58', name: 'Ninh Thuận' },
        year: 2020,
        generatedAt,
        districts: [thuanBac, ninhHai],
        targets,
      }),
    )
      .slice(1)
      .split('\r\n');
    expect(province.slice(1, 3)).toEqual([
      '586,Ninh Hải,22834,Khánh Hải,Đã công nhận,Đầy đủ,930,Có,2020-10-01,77/QĐ-UBND,2020-11-05,Trần Thị C,Không,3,,,',
      '586,Ninh Hải,22846,Vĩnh Hải,Đã trình huyện,Đầy đủ,860,Có,2020-10-01,,,,Không,0,,,',
    ]);
    expect(province).toContain(`Đơn vị,Ninh Thuận (58)${pad(15)}`);
    expect(province).toContain(`Hạn gửi báo cáo (trước ngày),2020-12-10${pad(15)}`);
    expect(province.slice(-3)).toEqual([
      `Ninh Hải (586): đã công nhận,"1/2 (50,0%), chậm tiến độ"${pad(15)}`,
      `Thuận Bắc (588): đã công nhận,"3/6 (50,0%), chậm tiến độ"${pad(15)}`,
      '',
    ]);
  });
});

// -- XLSX ---------------------------------------------------------------------------------------

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const values = sheet.getRow(row).values;
  return Array.isArray(values) ? values.slice(1) : [];
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (found === undefined) throw new Error(`no sheet ${name}`);
  return found;
}

describe('reportXlsx', () => {
  it('writes the three sheets with Vietnamese headers and typed cells, read back with exceljs', async () => {
    const buffer = await reportXlsx(district());
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await readBack(buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Xã', 'Khen thưởng']);

    const communes = sheet(workbook, 'Xã');
    expect(rowValues(communes, 1)).toEqual([...COMMUNE_COLUMNS_VI]);
    expect(communes.rowCount).toBe(7);
    expect(rowValues(communes, 2)).toEqual([
      '588',
      'Thuận Bắc',
      '22837',
      'Phước Chiến',
      'Đã công nhận',
      'Đầy đủ',
      905,
      'Có',
      new Date('2020-10-01T00:00:00.000Z'),
      '1201/QĐ-UBND',
      new Date('2020-11-10T00:00:00.000Z'),
      'Lê Văn B',
      'Không',
      5,
    ]);
    expect(communes.getCell('K2').numFmt).toBe('dd/mm/yyyy');
    expect(rowValues(communes, 6).slice(14)).toEqual([
      '- số liệu tiêu chí 2 không đúng',
      '1300/QĐ-UBND',
      new Date('2020-11-25T00:00:00.000Z'),
    ]);
    const unregistered = rowValues(communes, 7);
    expect(unregistered.slice(0, 5)).toEqual(['588', 'Thuận Bắc', '22856', 'Bắc Phong', 'Chưa đăng ký']);
    expect(unregistered[3]).toBe('Bắc Phong'.normalize('NFC'));

    const summary = sheet(workbook, 'Tổng hợp');
    expect(rowValues(summary, 1)).toEqual(['Mục', 'Giá trị']);
    const labelled = new Map(
      Array.from({ length: summary.rowCount - 1 }, (_, i) => rowValues(summary, i + 2)).map(([k, v]) => [k, v]),
    );
    expect(labelled.get('Năm')).toBe(2020);
    expect(labelled.get('Số xã, phường, thị trấn')).toBe(6);
    expect(labelled.get('Hạn gửi báo cáo (trước ngày)')).toEqual(new Date('2020-11-30T00:00:00.000Z'));
    expect(labelled.get('Tỷ lệ đạt chuẩn (%)')).toBe('50.0');
    expect(labelled.get('Đánh giá tiến độ')).toBe('Chậm tiến độ');
    expect(labelled.get('Đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)')).toBe('Phước Chiến (22837, 5 năm)');

    const rewards = sheet(workbook, 'Khen thưởng');
    expect([rowValues(rewards, 1), rowValues(rewards, 2), rowValues(rewards, 3)]).toEqual([
      ['Hình thức', 'Mã huyện', 'Huyện', 'Mã xã', 'Tên xã', 'Số năm liên tục', 'Các năm'],
      ['Khen thưởng cấp huyện (3 năm liên tục)', '588', 'Thuận Bắc', '22840', 'Công Hải', 3, '2018–2020'],
      ['Đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)', '588', 'Thuận Bắc', '22837', 'Phước Chiến', 5, '2016–2020'],
    ]);
    expect(rewards.rowCount).toBe(3);
    expect(workbook.created).toEqual(generatedAt);
  });

  it('adds a table per district to the province summary', async () => {
    const workbook = await readBack(
      await reportXlsx(
        provinceReportContent({
          province: { code: '58', name: 'Ninh Thuận' },
          year: 2020,
          generatedAt,
          districts: [thuanBac, ninhHai],
          targets,
        }),
      ),
    );
    const summary = sheet(workbook, 'Tổng hợp');
    const last = summary.rowCount;
    expect([rowValues(summary, last - 2), rowValues(summary, last - 1), rowValues(summary, last)]).toEqual([
      ['Mã huyện', 'Huyện', 'Số xã', 'Đã công nhận', 'Tỷ lệ đạt chuẩn (%)', 'Công nhận mới', 'Không công nhận', 'Thu hồi', 'Đánh giá tiến độ'],
      ['586', 'Ninh Hải', 2, 1, '50.0', 0, 0, 0, 'Chậm tiến độ'],
      ['588', 'Thuận Bắc', 6, 3, '50.0', 1, 1, 1, 'Chậm tiến độ'],
    ]);
    expect(sheet(workbook, 'Xã').rowCount).toBe(9);
  });
});
