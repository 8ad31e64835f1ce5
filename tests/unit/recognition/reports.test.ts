import ExcelJS from 'exceljs';

import { parseCsv } from '../../../subgraphs/ldtbxh/csv';
import { reportCsv } from '../../../subgraphs/ldtbxh/reports/annex-csv';
import { COMMUNE_COLUMNS_VI } from '../../../subgraphs/ldtbxh/reports/annex-tables';
import { reportXlsx } from '../../../subgraphs/ldtbxh/reports/annex-xlsx';
import { districtReportContent, provinceReportContent } from '../../../subgraphs/ldtbxh/reports/content';
import { DEFAULT_TARGETS } from '../../../subgraphs/ldtbxh/recognition/targets';
import { nextState } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { CycleAction, CycleState, CycleStatus } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { DistrictInput, ReportCommuneInput } from '../../../subgraphs/ldtbxh/reports/content';
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
  district: { code: '588', name: 'Thuận Bắc', type: 'huyện' },
  communes: [
    { code: '22856', name: 'Ba\u0306\u0301c Phong', type: 'xã', cycle: null, cycles: [], assessment: null },
    {
      code: '22837',
      name: 'Phước Chiến',
      type: 'xã',
      cycle: cycle('22837', 'RECOGNISED', { decision: ['1201/QĐ-UBND', '2020-11-10', 'Lê Văn B'] }),
      cycles: recognisedYears(2016, 2019),
      assessment: { status: 'COMPLETE', eligible: true, total: 905 },
    },
    {
      code: '22840',
      name: 'Công Hải',
      type: 'xã',
      cycle: cycle('22840', 'RECOGNISED', { decision: ['1202/QĐ-UBND', '2020-11-10', 'Lê Văn B'] }),
      cycles: recognisedYears(2018, 2019),
      assessment: { status: 'COMPLETE', eligible: true, total: 880 },
    },
    {
      code: '22843',
      name: 'Phước Kháng',
      type: 'xã',
      cycle: cycle('22843', 'RECOGNISED', {
        decision: ['1203/QĐ-UBND', '2020-11-12', 'Nguyễn Văn A, Chủ tịch UBND huyện'],
      }),
      cycles: [{ year: 2019, state: 'NOT_RECOGNISED' }],
      assessment: { status: 'COMPLETE', eligible: true, total: 851 },
    },
    {
      code: '22849',
      name: 'Lợi Hải',
      type: 'xã',
      cycle: cycle('22849', 'NOT_RECOGNISED', { reason: 'Thiếu "biên bản họp"; tổng điểm 790' }),
      cycles: recognisedYears(2019, 2019),
      assessment: { status: 'COMPLETE', eligible: false, total: 790 },
    },
    {
      code: '22853',
      name: 'Bắc Sơn',
      type: 'xã',
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
  district: { code: '586', name: 'Ninh Hải', type: 'huyện' },
  communes: [
    {
      code: '22834',
      name: 'Khánh Hải',
      type: 'phường',
      cycle: cycle('22834', 'RECOGNISED', { decision: ['77/QĐ-UBND', '2020-11-05', 'Trần Thị C'] }),
      cycles: recognisedYears(2018, 2020),
      assessment: { status: 'COMPLETE', eligible: true, total: 930 },
    },
    {
      code: '22846',
      name: 'Vĩnh Hải',
      type: 'thị trấn',
      cycle: cycle('22846', 'SUBMITTED'),
      cycles: [],
      assessment: { status: 'COMPLETE', eligible: true, total: 860 },
    },
  ],
};

const targets = DEFAULT_TARGETS(['province:58', 'district:586', 'district:588'], [2019, 2020, 2021]);
const PROVINCE = { code: '58', name: 'Ninh Thuận', type: 'tỉnh' };
/** The province's records: from 2016 (the earliest cycle), the plan's bands, Thuận Bắc's own target for 2021, one reward decision. */
const records = {
  recordsFrom: 2016,
  targets,
  ownTargets: [
    {
      scope: 'district:588',
      year: 2021,
      level: 'DISTRICT' as const,
      newCount: 1,
      recognisedCount: 4,
      note: 'KH 20/KH-UBND',
      setBy: 'district-588',
      setAt: '2020-11-15T00:00:00.000Z',
    },
  ],
  rewardRecords: [
    {
      kind: 'DISTRICT_REWARD' as const,
      kindVi: 'Quyết định khen thưởng của UBND huyện',
      communeCode: '22840',
      communeName: 'Công Hải',
      streak: 3,
      number: '5/QĐ-UBND',
      date: '2020-12-01',
      signer: 'Lê Văn B',
      form: 'Giấy khen',
    },
  ],
};
const generatedAt = new Date('2020-11-20T01:30:00Z');
const district = (): ReturnType<typeof districtReportContent> =>
  districtReportContent({ ...records, ...thuanBac, province: PROVINCE, year: 2020, generatedAt });

// -- content ------------------------------------------------------------------------------------

describe('districtReportContent', () => {
  const content = district();

  it('lists every commune by code with its state, assessment, decisions, streak and how its year changed the count', () => {
    expect(
      content.communes.map((r) => [r.code, r.state, r.total, r.eligible, r.decisionNumber, r.change, r.streak]),
    ).toEqual([
      ['22837', 'RECOGNISED', 905, true, '1201/QĐ-UBND', 'STAYED', 5],
      ['22840', 'RECOGNISED', 880, true, '1202/QĐ-UBND', 'STAYED', 3],
      ['22843', 'RECOGNISED', 851, true, '1203/QĐ-UBND', 'FIRST_EVER', 1],
      ['22849', 'NOT_RECOGNISED', 790, false, null, 'DROP_OUT', 0],
      ['22853', 'REVOKED', 640, false, '1150/QĐ-UBND', 'NOT_RECOGNISED', 0],
      ['22856', null, null, null, null, 'NOT_RECOGNISED', 0],
    ]);
    expect(content.communes[4]).toEqual({
      code: '22853',
      name: 'Bắc Sơn',
      type: 'xã',
      districtCode: '588',
      state: 'REVOKED',
      assessmentStatus: 'INCOMPLETE',
      total: 640,
      eligible: false,
      meetingDate: '2020-10-01',
      decisionNumber: '1150/QĐ-UBND',
      decisionDate: '2020-10-01',
      signer: 'Lê Văn B',
      change: 'NOT_RECOGNISED',
      streak: 0,
      refusalReason: null,
      revocation: {
        reason: '- số liệu tiêu chí 2 không đúng',
        decisionNumber: '1300/QĐ-UBND',
        decisionDate: '2020-11-25',
      },
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
      rewardRecords: content.rewardRecords,
      nextYearTargets: content.nextYearTargets,
      nextYearOwnTarget: content.nextYearOwnTarget,
    }).toEqual({
      kind: 'DISTRICT',
      district: { code: '588', name: 'Thuận Bắc', type: 'huyện' },
      year: 2020,
      generatedAt: '2020-11-20T01:30:00.000Z',
      deadline: '2020-11-30',
      summary: {
        communes: 6,
        registered: 5,
        notRegistered: 1,
        states: {
          REGISTERED: 0,
          SELF_ASSESSED: 0,
          SUBMITTED: 0,
          RETURNED: 0,
          DOSSIER_ACCEPTED: 0,
          APPRAISED: 0,
          COUNCIL_REVIEWED: 0,
          POSTED: 0,
          RECOGNISED: 3,
          NOT_RECOGNISED: 1,
          REAPPRAISAL_REQUESTED: 0,
          REFUSAL_UPHELD: 0,
          REVOKED: 1,
        },
        eligible: 3,
      },
      newlyRecognised: [
        {
          code: '22843',
          name: 'Phước Kháng',
          districtCode: '588',
          change: 'FIRST_EVER',
          decisionNumber: '1203/QĐ-UBND',
          decisionDate: '2020-11-12',
        },
      ],
      notRecognised: [
        { code: '22849', name: 'Lợi Hải', districtCode: '588', reason: 'Thiếu "biên bản họp"; tổng điểm 790' },
      ],
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
        districtReward: [
          { code: '22840', name: 'Công Hải', districtCode: '588', streak: 3, years: [2018, 2019, 2020] },
        ],
        chairmanProposal: [
          { code: '22837', name: 'Phước Chiến', districtCode: '588', streak: 5, years: [2016, 2017, 2018, 2019, 2020] },
        ],
      },
      rewardRecords: records.rewardRecords,
      nextYearTargets: targets.find((t) => t.scope === 'district:588' && t.year === 2021),
      nextYearOwnTarget: {
        newCount: 1,
        recognisedCount: 4,
        level: 'DISTRICT',
        note: 'KH 20/KH-UBND',
        setBy: 'district-588',
        setAt: '2020-11-15T00:00:00.000Z',
        newSharePct: '16.7',
        recognisedSharePct: '66.7',
      },
    });
  });

  it('measures progress with the one computation (growth.ts): 3 of 6, net 0 = 1 first-ever − 1 drop-out, 80 % needs 5', () => {
    expect(content.progress).toMatchObject({
      scope: 'district:588',
      communes: 6,
      recognised: 3,
      previousRecognised: 3,
      sharePct: '50.0',
      requiredForTarget: 5,
      firstEver: { count: 1, pct: '16.7', position: 'ABOVE' },
      returns: { count: 0, pct: '0.0', position: 'BELOW' },
      dropOuts: { count: 1, pct: '16.7', position: 'ABOVE' },
      netChange: { count: 0, pct: '0.0', position: 'BELOW' },
      status: 'BEHIND',
      pace: { change: 2, years: 3, fromYear: 2017 },
      projectedYear: null,
      band: { minPct: '3', maxPct: '5', provisional: true },
    });
  });

  it('refuses a cycle of another year, cycles that contradict it, and a commune listed twice', () => {
    const [first] = thuanBac.communes;
    if (first === undefined) throw new Error('fixture');
    const withCommunes =
      (communes: ReportCommuneInput[]): (() => unknown) =>
      () =>
        districtReportContent({ ...records, ...thuanBac, province: PROVINCE, communes, year: 2021, generatedAt });
    expect(withCommunes([{ ...first, cycle: cycle('22856', 'REGISTERED') }])).toThrow(
      new RangeError('commune 22856: the cycle passed is of commune 22856, 2020, not of 2021'),
    );
    expect(() =>
      districtReportContent({
        ...records,
        ...thuanBac,
        province: PROVINCE,
        communes: [{ ...first, cycles: [{ year: 2020, state: 'RECOGNISED' }] }],
        year: 2020,
        generatedAt,
      }),
    ).toThrow(new RangeError('commune 22856: cycles say RECOGNISED for 2020 but the cycle is missing'));
    expect(withCommunes([first, first])).toThrow(new RangeError('district 588: commune 22856 is listed twice'));
  });
});

describe('provinceReportContent', () => {
  const content = provinceReportContent({
    ...records,
    province: PROVINCE,
    year: 2020,
    generatedAt,
    districts: [thuanBac, ninhHai],
  });

  it('holds each district’s report, sorted by code, and the province’s totals', () => {
    expect(content.districts.map((d) => [d.district.code, d.deadline, d.progress.scope, d.summary.communes])).toEqual([
      ['586', '2020-11-30', 'district:586', 2],
      ['588', '2020-11-30', 'district:588', 6],
    ]);
    expect([content.kind, content.deadline, content.generatedAt]).toEqual([
      'PROVINCE',
      '2020-12-10',
      '2020-11-20T01:30:00.000Z',
    ]);
    expect(content.summary).toEqual({
      communes: 8,
      registered: 7,
      notRegistered: 1,
      states: {
        REGISTERED: 0,
        SELF_ASSESSED: 0,
        SUBMITTED: 1,
        RETURNED: 0,
        DOSSIER_ACCEPTED: 0,
        APPRAISED: 0,
        COUNCIL_REVIEWED: 0,
        POSTED: 0,
        RECOGNISED: 4,
        NOT_RECOGNISED: 1,
        REAPPRAISAL_REQUESTED: 0,
        REFUSAL_UPHELD: 0,
        REVOKED: 1,
      },
      eligible: 5,
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
      band: { provisional: false },
      status: 'BEHIND',
    });
    expect(content.districts.map((d) => [d.district.code, d.nextYearOwnTarget?.newCount ?? null])).toEqual([
      ['586', null],
      ['588', 1],
    ]);
    expect(content.rewardRecords.map((r) => r.communeCode)).toEqual(['22840']);
    expect(content.nextYearTargets).toEqual(targets.find((t) => t.scope === 'province:58' && t.year === 2021));
  });

  it('refuses a commune listed in two districts', () => {
    expect(() =>
      provinceReportContent({
        ...records,
        province: PROVINCE,
        year: 2020,
        generatedAt,
        districts: [thuanBac, { ...ninhHai, communes: thuanBac.communes.slice(0, 1) }],
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
    expect(lines[4]).toBe(
      '588,Huyện Thuận Bắc,22849,Lợi Hải,xã,Không công nhận,Đầy đủ,790,Không,01/10/2020,,,,Không còn đạt chuẩn,0,"dòng 1',
    );
    expect(lines[5]).toBe('dòng 2",,');
    expect(lines[1]).toBe(
      `588,Huyện Thuận Bắc,22837,Phước Chiến,xã,Đã công nhận,Đầy đủ,905,Có,01/10/2020,1201/QĐ-UBND,10/11/2020,"'=HYPERLINK(""http://x"")",Duy trì đạt chuẩn,5,,,`,
    );
  });

  it('writes one header row, one row per commune and the summary block, quoted per RFC 4180, in Vietnamese notation', () => {
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Mã đơn vị cấp huyện,Đơn vị cấp huyện,Mã đơn vị cấp xã,Tên đơn vị cấp xã,Loại đơn vị,Trạng thái,Số liệu đánh giá,Tổng điểm,Đủ điều kiện công nhận,Ngày họp Hội đồng đánh giá,Số quyết định công nhận,Ngày quyết định công nhận,Người ký,Biến động trong năm,Số năm liên tục đạt chuẩn,Lý do không công nhận / thu hồi,Số quyết định thu hồi,Ngày quyết định thu hồi',
      '588,Huyện Thuận Bắc,22837,Phước Chiến,xã,Đã công nhận,Đầy đủ,905,Có,01/10/2020,1201/QĐ-UBND,10/11/2020,Lê Văn B,Duy trì đạt chuẩn,5,,,',
      '588,Huyện Thuận Bắc,22840,Công Hải,xã,Đã công nhận,Đầy đủ,880,Có,01/10/2020,1202/QĐ-UBND,10/11/2020,Lê Văn B,Duy trì đạt chuẩn,3,,,',
      '588,Huyện Thuận Bắc,22843,Phước Kháng,xã,Đã công nhận,Đầy đủ,851,Có,01/10/2020,1203/QĐ-UBND,12/11/2020,"Nguyễn Văn A, Chủ tịch UBND huyện",Công nhận lần đầu,1,,,',
      '588,Huyện Thuận Bắc,22849,Lợi Hải,xã,Không công nhận,Đầy đủ,790,Không,01/10/2020,,,,Không còn đạt chuẩn,0,"Thiếu ""biên bản họp""; tổng điểm 790",,',
      "588,Huyện Thuận Bắc,22853,Bắc Sơn,xã,Đã thu hồi công nhận,Chưa đầy đủ,640,Không,01/10/2020,1150/QĐ-UBND,01/10/2020,Lê Văn B,Chưa đạt chuẩn,0,'- số liệu tiêu chí 2 không đúng,1300/QĐ-UBND,25/11/2020",
      '588,Huyện Thuận Bắc,22856,Bắc Phong,xã,Chưa đăng ký,,,,,,,,Chưa đạt chuẩn,0,,,',
      ',,,,,,,,,,,,,,,,,',
      'Tổng hợp,,,,,,,,,,,,,,,,,',
      'Báo cáo,"Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của UBND huyện Thuận Bắc gửi Sở Lao động - Thương binh và Xã hội",,,,,,,,,,,,,,,,',
      'Đơn vị,Huyện Thuận Bắc (588),,,,,,,,,,,,,,,,',
      'Năm,2020,,,,,,,,,,,,,,,,',
      'Thời điểm lập,08:30 ngày 20/11/2020,,,,,,,,,,,,,,,,',
      'Hạn gửi báo cáo (trước ngày),30/11/2020,,,,,,,,,,,,,,,,',
      '"Số đơn vị cấp xã (xã, phường, thị trấn)",6,,,,,,,,,,,,,,,,',
      'Đã đăng ký,5,,,,,,,,,,,,,,,,',
      'Chưa đăng ký,1,,,,,,,,,,,,,,,,',
      '"Trạng thái: Đã đăng ký, chưa tự đánh giá",0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đã tự đánh giá,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đã trình,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Hồ sơ trả lại để bổ sung,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Hồ sơ đầy đủ,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đã thẩm định,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Hội đồng đã xét,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đang niêm yết công khai,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đã công nhận,3,,,,,,,,,,,,,,,,',
      'Trạng thái: Không công nhận,1,,,,,,,,,,,,,,,,',
      'Trạng thái: Đề nghị thẩm định lại,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Giữ nguyên không công nhận,0,,,,,,,,,,,,,,,,',
      'Trạng thái: Đã thu hồi công nhận,1,,,,,,,,,,,,,,,,',
      'Đủ điều kiện công nhận (theo kết quả đánh giá),3,,,,,,,,,,,,,,,,',
      'Đạt chuẩn năm trước,3,,,,,,,,,,,,,,,,',
      'Đạt chuẩn,3,,,,,,,,,,,,,,,,',
      'Tỷ lệ đạt chuẩn (%),"50,0",,,,,,,,,,,,,,,,',
      'Công nhận lần đầu,1,,,,,,,,,,,,,,,,',
      'Công nhận lại,0,,,,,,,,,,,,,,,,',
      'Không còn đạt chuẩn,1,,,,,,,,,,,,,,,,',
      'Tăng (giảm) thực,0,,,,,,,,,,,,,,,,',
      'Tăng (giảm) thực (%),"0,0",,,,,,,,,,,,,,,,',
      'Mức tăng theo kế hoạch (%),3–5 (tạm thời),,,,,,,,,,,,,,,,',
      'So với mức tăng,dưới mức,,,,,,,,,,,,,,,,',
      'Chỉ tiêu tỷ lệ đạt chuẩn,80% đến năm 2020,,,,,,,,,,,,,,,,',
      'Đánh giá tiến độ,Chậm tiến độ,,,,,,,,,,,,,,,,',
      'Năm dự kiến đạt chỉ tiêu,,,,,,,,,,,,,,,,,',
      'Chỉ tiêu tự đề ra năm 2020,Chưa đề ra,,,,,,,,,,,,,,,,',
      'Thuộc diện khen thưởng cấp huyện (3 năm liên tục),"Công Hải (22840, 3 năm)",,,,,,,,,,,,,,,,',
      'Thuộc diện đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục),"Phước Chiến (22837, 5 năm)",,,,,,,,,,,,,,,,',
      'Quy tắc khen thưởng,"Cách hiểu của hệ thống, chưa phải quy định chính thức: huyện khen thưởng xã, phường, thị trấn đạt chuẩn 3 năm liên tục và trình Chủ tịch UBND tỉnh khen thưởng khi đạt chuẩn 5 năm liên tục (Kế hoạch 965/KH-UBND mục V.11.d); mỗi chuỗi năm liên tục được xét một lần khi tròn 3 (6, 9…) hoặc 5 (10…) năm; một năm không được công nhận, không đăng ký hoặc bị thu hồi làm đứt chuỗi.",,,,,,,,,,,,,,,,',
      'Mức tăng năm 2021 theo kế hoạch,tăng 3–5% số đơn vị (tạm thời),,,,,,,,,,,,,,,,',
      'Chỉ tiêu năm 2021 tự đề ra,"thêm 1 đơn vị (16,7%), đạt 4 đơn vị (66,7%)",,,,,,,,,,,,,,,,',
      'Nhận xét,"Năm 2020: 3/6 đơn vị đạt chuẩn phù hợp với trẻ em (50,0%). So với năm 2019 (3 đơn vị): tăng 0 (0,0%) so với mức 3–5%, dưới mức; công nhận lần đầu 1, công nhận lại 0, không còn đạt chuẩn 1. Không đạt chỉ tiêu 80% đến năm 2020 (5 đơn vị). Mức tăng trưởng là tạm thời (kế hoạch chỉ quy định cho cấp tỉnh, năm 2017–2020).",,,,,,,,,,,,,,,,',
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
        ...records,
        province: PROVINCE,
        year: 2020,
        generatedAt,
        districts: [thuanBac, ninhHai],
      }),
    )
      .slice(1)
      .split('\r\n');
    expect(province.slice(1, 3)).toEqual([
      '586,Huyện Ninh Hải,22834,Khánh Hải,phường,Đã công nhận,Đầy đủ,930,Có,01/10/2020,77/QĐ-UBND,05/11/2020,Trần Thị C,Duy trì đạt chuẩn,3,,,',
      '586,Huyện Ninh Hải,22846,Vĩnh Hải,thị trấn,Đã trình,Đầy đủ,860,Có,01/10/2020,,,,Chưa đạt chuẩn,0,,,',
    ]);
    expect(province).toContain('Đơn vị,Tỉnh Ninh Thuận (58),,,,,,,,,,,,,,,,');
    expect(province).toContain('Hạn gửi báo cáo (trước ngày),10/12/2020,,,,,,,,,,,,,,,,');
    expect(province.slice(-3)).toEqual([
      'Huyện Ninh Hải (586),"1/2 đạt chuẩn (50,0%), chậm tiến độ; chỉ tiêu năm 2021: chưa đề ra",,,,,,,,,,,,,,,,',
      'Huyện Thuận Bắc (588),"3/6 đạt chuẩn (50,0%), chậm tiến độ; chỉ tiêu năm 2021: thêm 1 đơn vị (16,7%), đạt 4 đơn vị (66,7%)",,,,,,,,,,,,,,,,',
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
  it('writes the four sheets with Vietnamese headers and typed cells — counts, percentages and dates as numbers and dates', async () => {
    const buffer = await reportXlsx(district());
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await readBack(buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Tăng trưởng', 'Đơn vị cấp xã', 'Khen thưởng']);

    const communes = sheet(workbook, 'Đơn vị cấp xã');
    expect(rowValues(communes, 1)).toEqual([...COMMUNE_COLUMNS_VI]);
    expect(communes.rowCount).toBe(7);
    expect(rowValues(communes, 2)).toEqual([
      '588',
      'Huyện Thuận Bắc',
      '22837',
      'Phước Chiến',
      'xã',
      'Đã công nhận',
      'Đầy đủ',
      905,
      'Có',
      new Date('2020-10-01T00:00:00.000Z'),
      '1201/QĐ-UBND',
      new Date('2020-11-10T00:00:00.000Z'),
      'Lê Văn B',
      'Duy trì đạt chuẩn',
      5,
    ]);
    expect(communes.getCell('L2').numFmt).toBe('dd/mm/yyyy');
    expect(rowValues(communes, 6).slice(15)).toEqual([
      '- số liệu tiêu chí 2 không đúng',
      '1300/QĐ-UBND',
      new Date('2020-11-25T00:00:00.000Z'),
    ]);
    const unregistered = rowValues(communes, 7);
    expect(unregistered.slice(0, 6)).toEqual(['588', 'Huyện Thuận Bắc', '22856', 'Bắc Phong', 'xã', 'Chưa đăng ký']);
    expect(unregistered[3]).toBe('Bắc Phong'.normalize('NFC'));

    const summary = sheet(workbook, 'Tổng hợp');
    expect(rowValues(summary, 1)).toEqual(['Mục', 'Giá trị']);
    const labelled = new Map(
      Array.from({ length: summary.rowCount - 1 }, (_, i) => rowValues(summary, i + 2)).map(([k, v]) => [k, v]),
    );
    expect(labelled.get('Năm')).toBe('2020');
    expect(labelled.get('Số đơn vị cấp xã (xã, phường, thị trấn)')).toBe(6);
    expect(labelled.get('Hạn gửi báo cáo (trước ngày)')).toEqual(new Date('2020-11-30T00:00:00.000Z'));
    expect(labelled.get('Tỷ lệ đạt chuẩn (%)')).toBe(50);
    expect(labelled.get('Tăng (giảm) thực')).toBe(0);
    expect(labelled.get('Đánh giá tiến độ')).toBe('Chậm tiến độ');
    expect(labelled.get('Thuộc diện đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)')).toBe(
      'Phước Chiến (22837, 5 năm)',
    );
    expect(String(labelled.get('Quy tắc khen thưởng'))).toMatch(
      /^Cách hiểu của hệ thống, chưa phải quy định chính thức/,
    );

    const growth = sheet(workbook, 'Tăng trưởng');
    expect(rowValues(growth, 2)).toEqual(
      ['588', 'Huyện Thuận Bắc', 6, 3, 3, 50, 1, 0, 1, 0, 0, 3, 5, 'dưới mức', 'Chậm tiến độ', null, 1, 16.7].map(
        (v) => (v === null ? undefined : v),
      ),
    );
    expect(growth.getCell('F2').numFmt).toBe('0.0');

    const rewards = sheet(workbook, 'Khen thưởng');
    expect([rowValues(rewards, 1), rowValues(rewards, 2), rowValues(rewards, 3)]).toEqual([
      [
        'Hình thức',
        'Mã đơn vị cấp huyện',
        'Đơn vị cấp huyện',
        'Mã đơn vị cấp xã',
        'Tên đơn vị cấp xã',
        'Số năm liên tục',
        'Các năm',
        'Văn bản đã ban hành',
        'Số văn bản',
        'Ngày văn bản',
        'Người ký',
        'Hình thức khen thưởng',
      ],
      [
        'Thuộc diện khen thưởng cấp huyện (3 năm liên tục)',
        '588',
        'Huyện Thuận Bắc',
        '22840',
        'Công Hải',
        3,
        '2018–2020',
        'Quyết định khen thưởng của UBND huyện',
        '5/QĐ-UBND',
        new Date('2020-12-01T00:00:00.000Z'),
        'Lê Văn B',
        'Giấy khen',
      ],
      [
        'Thuộc diện đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)',
        '588',
        'Huyện Thuận Bắc',
        '22837',
        'Phước Chiến',
        5,
        '2016–2020',
      ],
    ]);
    expect(rowValues(rewards, rewards.rowCount)[0]).toBe('Ghi chú');
    expect(workbook.created).toEqual(generatedAt);
  });

  it("gives the province one growth line per district and its own, with next year's targets", async () => {
    const workbook = await readBack(
      await reportXlsx(
        provinceReportContent({
          ...records,
          province: PROVINCE,
          year: 2020,
          generatedAt,
          districts: [thuanBac, ninhHai],
        }),
      ),
    );
    const growth = sheet(workbook, 'Tăng trưởng');
    expect([2, 3, 4].map((r) => rowValues(growth, r).slice(0, 6))).toEqual([
      ['586', 'Huyện Ninh Hải', 2, 1, 1, 50],
      ['588', 'Huyện Thuận Bắc', 6, 3, 3, 50],
      ['58', 'Tỉnh Ninh Thuận', 8, 4, 4, 50],
    ]);
    expect(rowValues(growth, 3).slice(16)).toEqual([1, 16.7]);
    expect(sheet(workbook, 'Đơn vị cấp xã').rowCount).toBe(9);
  });
});
