/**
 * The annual report as a document: the administrative form (issuing body, số ký hiệu, quốc hiệu,
 * place and date, kính gửi, sections I–IV, nơi nhận, signer), the generated figures in Vietnamese
 * notation, the officer's sections or a dotted line where they are still to write, units named
 * as they are.
 */
import { strFromU8, unzipSync } from 'fflate';
import { annualReportBlocks, annualReportDocx, unitTypeCounts } from '../../../subgraphs/ldtbxh/reports/annual';
import type { Block } from '../../../subgraphs/ldtbxh/reports/docx';
import { checkNarrative, EMPTY_NARRATIVE, missingFields } from '../../../subgraphs/ldtbxh/reports/narrative';
import {
  districtReportContent,
  provinceReportContent,
  type ReportCommuneInput,
} from '../../../subgraphs/ldtbxh/reports/content';
import { nextState, type CycleAction, type CycleState } from '../../../subgraphs/ldtbxh/recognition/cycle';
import { DEFAULT_TARGETS } from '../../../subgraphs/ldtbxh/recognition/targets';

const PROVINCE = { code: '58', name: 'Ninh Thuận', type: 'tỉnh' };
/** A commune recognised in `years`; its 2020 cycle walked through the state machine when 2020 is one of them. */
const commune = (code: string, name: string, type: string, years: number[]): ReportCommuneInput => {
  const actions: CycleAction[] = [
    { type: 'REGISTER', commune: code, year: 2020 },
    {
      type: 'SELF_ASSESS',
      details: {
        meetingDate: '2020-10-01',
        requestLetter: 'TTr',
        assessmentReport: 'BC',
        dataSourceExplanation: 'GT',
        councilMinutes: 'BB',
      },
    },
    { type: 'SUBMIT' },
    { type: 'RECOGNISE', details: { decisionNumber: `1/QĐ-${code}`, decisionDate: '2020-11-10', signer: 'Chủ tịch' } },
  ];
  return {
    code,
    name,
    type,
    cycle: years.includes(2020)
      ? actions.reduce<CycleState | null>((state, action) => nextState(state, action), null)
      : null,
    cycles: years.filter((y) => y !== 2020).map((year) => ({ year, state: 'RECOGNISED' as const })),
    assessment: null,
  };
};
const records = {
  recordsFrom: 2018,
  targets: DEFAULT_TARGETS(['province:58', 'district:582'], [2019, 2020, 2021]),
  ownTargets: [
    {
      scope: 'district:582',
      year: 2021,
      level: 'DISTRICT' as const,
      newCount: 1,
      recognisedCount: 3,
      note: 'KH huyện',
      setBy: 'district-582',
      setAt: '2020-11-20T00:00:00.000Z',
    },
  ],
  rewardRecords: [],
};
const city = {
  district: { code: '582', name: 'Phan Rang-Tháp Chàm', type: 'thành phố' },
  communes: [
    commune('22738', 'Đô Vinh', 'phường', [2018, 2019, 2020]),
    commune('22741', 'Phước Mỹ', 'phường', [2019]),
    commune('22768', 'Thành Hải', 'xã', []),
  ],
};

/** Every paragraph's text, table cells included, in order. */
function texts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) =>
    b.kind === 'paragraph'
      ? [b.runs.map((r) => r.text).join('')]
      : b.kind === 'table'
        ? b.rows.flatMap((r) => r.cells.flatMap((c) => c.map((p) => p.runs.map((x) => x.text).join(''))))
        : [],
  );
}

describe('the annual report document', () => {
  const content = districtReportContent({
    ...records,
    ...city,
    province: PROVINCE,
    year: 2020,
    generatedAt: new Date('2020-11-25T03:00:00Z'),
  });

  it("has the administrative form of a district's report, with dotted lines for what is still to write", () => {
    const lines = texts(annualReportBlocks(content, EMPTY_NARRATIVE));
    expect(lines.slice(0, 10)).toEqual([
      'ỦY BAN NHÂN DÂN',
      'THÀNH PHỐ PHAN RANG-THÁP CHÀM',
      '-------',
      `Số: ${'…'.repeat(8)}/BC-UBND`,
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      '---------------',
      `Phan Rang-Tháp Chàm, ngày ${'…'.repeat(4)} tháng ${'…'.repeat(4)} năm 2020`,
      '',
      'BÁO CÁO',
    ]);
    expect(lines).toContain('Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Ninh Thuận.');
    expect(lines).toContain('Tổng số đơn vị cấp xã: 3 (1 xã, 2 phường).');
    expect(lines).toContain('Số đơn vị đạt chuẩn phù hợp với trẻ em đến cuối năm 2020: 1/3 (33,3%).');
    expect(lines.find((l) => l.startsWith('So với năm 2019'))).toBe(
      'So với năm 2019 (2 đơn vị), so với mức 3–5%/năm (tạm thời): tăng (giảm) thực: giảm 1 đơn vị (-33,3%), dưới mức; công nhận lần đầu: 0 đơn vị (0,0%), dưới mức; công nhận lại: 0 đơn vị (0,0%), dưới mức; không còn đạt chuẩn: 1 đơn vị (33,3%), vượt mức.',
    );
    expect(lines).toContain(
      'Phấn đấu năm 2021 có thêm 1 đơn vị đạt chuẩn phù hợp với trẻ em (33,3% số đơn vị cấp xã), nâng tổng số lên 3 đơn vị (100,0%).',
    );
    for (const heading of [
      'I. TÌNH HÌNH CHUNG',
      'II. KẾT QUẢ THỰC HIỆN NĂM 2020',
      'III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ',
      'IV. CHỈ TIÊU VÀ NHIỆM VỤ NĂM 2021',
      'Nơi nhận:',
      '- Như trên;',
      '- Lưu: VT.',
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
    ]) {
      expect([heading, lines.includes(heading)]).toEqual([heading, true]);
    }
    expect(lines.filter((l) => l.startsWith('…'))).toHaveLength(6);
    expect(missingFields(EMPTY_NARRATIVE)).toEqual([
      'documentNumber',
      'date',
      'signerTitle',
      'signerName',
      'situation',
      'results',
      'difficulties',
      'proposals',
      'nextYear',
    ]);
  });

  it("writes the officer's sections one paragraph per line, and the document opens as a package", () => {
    const checked = checkNarrative({
      documentNumber: '12/BC-UBND',
      date: '2020-11-25',
      signerTitle: 'Phó Chủ tịch',
      signingAuthority: 'KT. Chủ tịch',
      signerName: 'Trần Văn C',
      situation: 'Dòng một.\r\nDòng hai.',
      difficulties: 'Khó khăn',
      proposals: 'Đề xuất',
      copiesTo: ['Sở LĐTBXH', 'Lưu: VT'],
    });
    if (!('fields' in checked)) throw new Error('not checked');
    const lines = texts(annualReportBlocks(content, checked.fields));
    expect(lines).toEqual(
      expect.arrayContaining([
        'Số: 12/BC-UBND',
        'Phan Rang-Tháp Chàm, ngày 25 tháng 11 năm 2020',
        'Dòng một.',
        'Dòng hai.',
        'KT. CHỦ TỊCH',
        'PHÓ CHỦ TỊCH',
        'Trần Văn C',
        '- Sở LĐTBXH;',
        '- Lưu: VT.',
      ]),
    );
    const files = unzipSync(new Uint8Array(annualReportDocx(content, checked.fields)));
    expect(strFromU8(files['word/document.xml'] ?? new Uint8Array())).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it("a province's report: Sở LĐTBXH to UBND tỉnh and the Ministry, with each district's line", () => {
    const province = provinceReportContent({
      ...records,
      province: PROVINCE,
      year: 2020,
      generatedAt: new Date('2020-12-05T03:00:00Z'),
      districts: [city],
    });
    const lines = texts(annualReportBlocks(province, EMPTY_NARRATIVE));
    expect(lines.slice(0, 3)).toEqual(['UBND TỈNH NINH THUẬN', 'SỞ LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI']);
    expect(lines).toContain('Kính gửi:\n- Ủy ban nhân dân tỉnh Ninh Thuận;\n- Bộ Lao động - Thương binh và Xã hội.');
    expect(lines).toEqual(
      expect.arrayContaining(['Thành phố Phan Rang-Tháp Chàm', 'thêm 1 đơn vị (33,3%)', 'GIÁM ĐỐC']),
    );
  });

  it('names the commune-level units by type', () => {
    expect(unitTypeCounts([{ type: 'thị trấn' }, { type: 'xã' }, { type: 'phường' }, { type: 'xã' }])).toBe(
      '2 xã, 1 phường, 1 thị trấn',
    );
  });

  it("checks the officer's fields, naming each problem", () => {
    const checked = checkNarrative({
      date: '2020-02-30',
      signerName: 'x'.repeat(201),
      recipients: Array.from({ length: 21 }, () => 'a'),
    });
    expect('problems' in checked && checked.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual([
      'date:DATE_INVALID',
      'recipients:TOO_MANY_ITEMS',
      'signerName:TEXT_TOO_LONG',
    ]);
  });
});
