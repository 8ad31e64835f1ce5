/**
 * The annual report as a document an official can sign and send (plan 965/KH-UBND §VI), in the
 * administrative form of Nghị định 30/2020/NĐ-CP: the issuing body and số ký hiệu on the left,
 * the quốc hiệu and tiêu ngữ on the right with the place and date; the title; kính gửi; the
 * sections — I. the situation, II. the results (the hub's figures, then the officer's own text),
 * III. difficulties and proposals, IV. next year's targets and tasks — and nơi nhận with the
 * signer. A district reports to Sở LĐTBXH (§VI.1); Sở LĐTBXH to UBND tỉnh and the Ministry
 * (§VI.2), with every district's figures and next-year target.
 *
 * Numbers and dates are Vietnamese (shared/format.ts); units are named as they are (UBND huyện /
 * thành phố; xã / phường / thị trấn). Where the officer has not written a part yet, a dotted line
 * holds its place. Pure.
 */
import { formatDateLongVi, formatDateVi, viDecimal } from '../../../shared/format';
import { CYCLE_STATE_NAMES_VI, CYCLE_STATUSES, REFUSED_STATUSES, UNDER_REVIEW_STATUSES } from '../recognition/cycle';
import { POSITION_VI, STATUS_VI, type GrowthMeasure, type ScopeProgress } from '../recognition/growth';
import { docx, para, type Block, type Paragraph, type Table } from './docx';
import type { NarrativeFields } from './narrative';
import { unitLabel } from './annex-tables';
import type { DistrictReportContent, ReportContent } from './content';

/** The text width of the page in twips (A4 less the margins). */
const WIDTH = 9354;
const DOTS = '…………………………………………';

const upper = (text: string): string => text.toLocaleUpperCase('vi-VN');
const pct = (text: string | null): string => (text === null ? '—' : `${viDecimal(text)}%`);

/** "huyện Bác Ái", "thành phố Phan Rang-Tháp Chàm". */
export function unitName(unit: { name: string; type: string }): string {
  return `${unit.type} ${unit.name}`.normalize('NFC');
}

/** Counts of the commune-level units by type, as a report writes them: "7 xã, 1 phường, 1 thị trấn". */
export function unitTypeCounts(rows: readonly { type: string }[]): string {
  const order = ['xã', 'phường', 'thị trấn'];
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.type, (counts.get(row.type) ?? 0) + 1);
  const types = [...counts.keys()].sort(
    (a, b) => ((order.indexOf(a) + 99) % 99) - ((order.indexOf(b) + 99) % 99) || a.localeCompare(b, 'vi'),
  );
  return types.map((type) => `${counts.get(type) ?? 0} ${type}`).join(', ');
}

function issuer(content: ReportContent): {
  lines: string[];
  numberSuffix: string;
  recipients: string[];
  authority: string;
  title: string;
} {
  if (content.kind === 'DISTRICT') {
    return {
      lines: ['ỦY BAN NHÂN DÂN', upper(unitName(content.district))],
      numberSuffix: '/BC-UBND',
      recipients: [`Sở Lao động - Thương binh và Xã hội tỉnh ${content.province.name}`],
      authority: 'TM. ỦY BAN NHÂN DÂN',
      title: 'CHỦ TỊCH',
    };
  }
  return {
    lines: [`UBND ${upper(unitName(content.province))}`, 'SỞ LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI'],
    numberSuffix: '/BC-SLĐTBXH',
    recipients: [`Ủy ban nhân dân ${unitName(content.province)}`, 'Bộ Lao động - Thương binh và Xã hội'],
    authority: '',
    title: 'GIÁM ĐỐC',
  };
}

function header(content: ReportContent, narrative: NarrativeFields): Block[] {
  const who = issuer(content);
  const unit = content.kind === 'DISTRICT' ? content.district : content.province;
  const place = narrative.place ?? unit.name;
  const date =
    narrative.date === null
      ? `ngày ${DOTS.slice(0, 4)} tháng ${DOTS.slice(0, 4)} năm ${content.year}`
      : formatDateLongVi(narrative.date);
  const left: Paragraph[] = [
    ...who.lines.map((line, i) =>
      para(line, { align: 'center', bold: i > 0 || content.kind === 'DISTRICT', after: 0, size: 26 }),
    ),
    para('-------', { align: 'center', after: 6 }),
    para(`Số: ${narrative.documentNumber ?? DOTS.slice(0, 8) + who.numberSuffix}`, { align: 'center', after: 0 }),
  ];
  const right: Paragraph[] = [
    para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center', bold: true, after: 0, size: 26 }),
    para('Độc lập - Tự do - Hạnh phúc', { align: 'center', bold: true, after: 0, size: 28 }),
    para('---------------', { align: 'center', after: 6 }),
    para(`${place}, ${date}`, { align: 'center', italic: true, after: 0 }),
  ];
  const table: Table = {
    kind: 'table',
    widths: [3800, WIDTH - 3800],
    borders: false,
    rows: [{ cells: [left, right] }],
  };
  const recipients = narrative.recipients.length > 0 ? narrative.recipients : who.recipients;
  const subject =
    content.kind === 'DISTRICT'
      ? `Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em năm ${content.year}\nvà chỉ tiêu năm ${content.year + 1}`
      : `Tổng hợp kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em năm ${content.year}\nvà chỉ tiêu năm ${content.year + 1} trên địa bàn ${unitName(content.province)}`;
  return [
    table,
    para('', { after: 6 }),
    para('BÁO CÁO', { align: 'center', bold: true, after: 0, size: 28 }),
    para(subject, { align: 'center', bold: true, after: 12, size: 28 }),
    recipients.length === 1
      ? para(`Kính gửi: ${recipients[0] ?? ''}.`, { align: 'center', after: 12 })
      : {
          kind: 'paragraph',
          align: 'center',
          after: 12,
          runs: [
            {
              text: `Kính gửi:\n${recipients.map((r, i) => `- ${r}${i === recipients.length - 1 ? '.' : ';'}`).join('\n')}`,
            },
          ],
        },
    para(
      content.kind === 'DISTRICT'
        ? `Thực hiện Kế hoạch số 965/KH-UBND ngày 22/03/2017 của Ủy ban nhân dân tỉnh ${content.province.name} về thực hiện xây dựng xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em đến năm 2020, Ủy ban nhân dân ${unitName(content.district)} báo cáo kết quả thực hiện năm ${content.year} và chỉ tiêu năm ${content.year + 1} như sau:`
        : `Thực hiện Kế hoạch số 965/KH-UBND ngày 22/03/2017 của Ủy ban nhân dân tỉnh ${content.province.name}, trên cơ sở báo cáo của Ủy ban nhân dân các huyện, thành phố, Sở Lao động - Thương binh và Xã hội tổng hợp kết quả năm ${content.year} và chỉ tiêu năm ${content.year + 1} như sau:`,
      { indent: true },
    ),
  ];
}

/** The officer's text as paragraphs (one per line), or a dotted line where it is still to write. */
function written(text: string | null): Paragraph[] {
  if (text === null) return [para(`${DOTS}${DOTS}`, { indent: true, italic: true })];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => para(line, { indent: true }));
}

const heading = (text: string): Paragraph => para(text, { bold: true, after: 6 });

function measureText(label: string, m: GrowthMeasure): string {
  if (m.count === null) return `${label}: chưa có số liệu năm trước`;
  return `${label}: ${m.count < 0 ? `giảm ${-m.count}` : m.count} đơn vị (${pct(m.pct)}), ${POSITION_VI[m.position]}`;
}

function figureLines(content: ReportContent, progress: ScopeProgress): Paragraph[] {
  const s = content.summary;
  const rows =
    content.kind === 'DISTRICT'
      ? content.communes
      : [...content.districts.flatMap((d) => d.communes), ...content.communes];
  const band =
    progress.band === null
      ? 'không có mức'
      : `mức ${viDecimal(progress.band.minPct)}–${viDecimal(progress.band.maxPct)}%/năm${progress.band.provisional ? ' (tạm thời)' : ''}`;
  const lines = [
    `Tổng số đơn vị cấp xã: ${s.communes} (${unitTypeCounts(rows)}).`,
    `Số đơn vị đăng ký xây dựng: ${s.registered}; đã tự đánh giá và trình: ${CYCLE_STATUSES.filter((state) => !['REGISTERED', 'SELF_ASSESSED', 'RETURNED'].includes(state)).reduce((n, state) => n + s.states[state], 0)}${s.states.RETURNED > 0 ? ` (hồ sơ trả lại để bổ sung, chưa nộp lại: ${s.states.RETURNED})` : ''}; đang thẩm định, xét duyệt, niêm yết: ${UNDER_REVIEW_STATUSES.reduce((n, state) => n + s.states[state], 0)}; được công nhận: ${s.states.RECOGNISED}; không được công nhận: ${REFUSED_STATUSES.reduce((n, state) => n + s.states[state], 0)}${s.states.REAPPRAISAL_REQUESTED > 0 ? ` (trong đó đề nghị thẩm định lại: ${s.states.REAPPRAISAL_REQUESTED})` : ''}; bị thu hồi quyết định công nhận: ${s.states.REVOKED}.`,
    `Số đơn vị đạt chuẩn phù hợp với trẻ em đến cuối năm ${content.year}: ${progress.recognised}/${progress.communes} (${pct(progress.sharePct)}).`,
    progress.previousRecognised === null
      ? `Chưa có số liệu năm ${content.year - 1} để tính mức tăng so với ${band}.`
      : `So với năm ${content.year - 1} (${progress.previousRecognised} đơn vị), so với ${band}: ${measureText('tăng (giảm) thực', progress.netChange)}; ${measureText('công nhận lần đầu', progress.firstEver)}; ${measureText('công nhận lại', progress.returns)}; ${measureText('không còn đạt chuẩn', progress.dropOuts)}.`,
  ];
  if (progress.status !== 'NO_TARGET') {
    lines.push(
      `Chỉ tiêu ${pct(progress.targetSharePct)} đơn vị đạt chuẩn đến năm ${progress.targetYear ?? ''} (${progress.requiredForTarget ?? ''} đơn vị): ${STATUS_VI[progress.status].toLowerCase()}${progress.projectedYear !== null && progress.status !== 'ACHIEVED' ? `, dự kiến đạt năm ${progress.projectedYear}` : ''}.`,
    );
  }
  if (progress.ownTarget !== null) {
    const t = progress.ownTarget;
    lines.push(
      `Chỉ tiêu ${t.level === 'DISTRICT' ? 'huyện' : 'tỉnh'} đề ra cho năm ${content.year}: thêm ${t.newCount} đơn vị (${pct(t.newSharePct)})${t.recognisedCount === null ? '' : `, đạt ${t.recognisedCount} đơn vị (${pct(t.recognisedSharePct)})`}: ${t.met === null ? 'chưa đủ số liệu để đánh giá' : t.met ? 'đạt' : 'không đạt'}.`,
    );
  }
  const decided = content.rewardRecords;
  const due = content.rewards.districtReward.length + content.rewards.chairmanProposal.length;
  lines.push(
    `Khen thưởng: ${due} đơn vị thuộc diện xét khen thưởng theo cách hiểu của hệ thống (3 hoặc 5 năm liên tục đạt chuẩn; chưa phải quy định chính thức); đã có ${decided.length} quyết định hoặc tờ trình${decided.length === 0 ? '' : `: ${decided.map((r) => `${r.communeName} (${r.kindVi} số ${r.number} ngày ${formatDateVi(r.date)})`).join('; ')}`}.`,
  );
  return lines.map((line) => para(line, { indent: true }));
}

function communeTable(rows: DistrictReportContent['communes']): Table {
  const widths = [500, 2300, 1000, 2100, 900, 2554];
  const cell = (text: string, bold = false): Paragraph[] => [para(text, { align: 'center', bold, after: 0, size: 22 })];
  return {
    kind: 'table',
    widths,
    borders: true,
    rows: [
      {
        header: true,
        cells: ['TT', 'Đơn vị cấp xã', 'Loại', 'Kết quả', 'Điểm', 'Quyết định công nhận'].map((h) => cell(h, true)),
      },
      ...rows.map((r, i) => ({
        cells: [
          cell(String(i + 1)),
          [para(r.name, { after: 0, size: 22, align: 'left' })],
          cell(r.type),
          cell(stateVi(r.state)),
          cell(r.total === null ? '—' : viDecimal(String(r.total))),
          cell(
            r.decisionNumber === null
              ? ''
              : `${r.decisionNumber}${r.decisionDate ? ` ngày ${formatDateVi(r.decisionDate)}` : ''}`,
          ),
        ],
      })),
    ],
  };
}

function stateVi(state: string | null): string {
  if (state === null) return 'Chưa đăng ký';
  if (state === 'RECOGNISED') return 'Đạt chuẩn';
  if (state === 'REVOKED') return 'Thu hồi công nhận';
  return (CYCLE_STATE_NAMES_VI as Record<string, string>)[state] ?? state;
}

function districtTable(content: Extract<ReportContent, { kind: 'PROVINCE' }>): Table {
  const widths = [2300, 800, 1100, 1000, 1300, 2854];
  const cell = (text: string, bold = false): Paragraph[] => [para(text, { align: 'center', bold, after: 0, size: 22 })];
  return {
    kind: 'table',
    widths,
    borders: true,
    rows: [
      {
        header: true,
        cells: [
          'Đơn vị cấp huyện',
          'Số đơn vị cấp xã',
          'Đạt chuẩn',
          'Tỷ lệ',
          'Tăng (giảm) thực',
          `Chỉ tiêu năm ${content.year + 1}`,
        ].map((h) => cell(h, true)),
      },
      ...content.districts.map((d) => ({
        cells: [
          [para(unitLabel(d.district), { after: 0, size: 22, align: 'left' })],
          cell(String(d.progress.communes)),
          cell(String(d.progress.recognised)),
          cell(pct(d.progress.sharePct)),
          cell(
            d.progress.netChange.count === null
              ? 'chưa có số liệu'
              : `${d.progress.netChange.count} (${pct(d.progress.netChange.pct)})`,
          ),
          cell(
            d.nextYearOwnTarget === null
              ? 'huyện chưa đề ra'
              : `thêm ${d.nextYearOwnTarget.newCount} đơn vị (${pct(d.nextYearOwnTarget.newSharePct)})`,
          ),
        ],
      })),
    ],
  };
}

function nextYear(content: ReportContent): Paragraph[] {
  const own = content.nextYearOwnTarget;
  const band = content.nextYearTargets;
  const lines: string[] = [];
  lines.push(
    own === null
      ? `${content.kind === 'DISTRICT' ? 'Huyện' : 'Tỉnh'} chưa ghi nhận chỉ tiêu năm ${content.year + 1} trên hệ thống.`
      : `Phấn đấu năm ${content.year + 1} có thêm ${own.newCount} đơn vị đạt chuẩn phù hợp với trẻ em (${pct(own.newSharePct)} số đơn vị cấp xã)${own.recognisedCount === null ? '' : `, nâng tổng số lên ${own.recognisedCount} đơn vị (${pct(own.recognisedSharePct)})`}.`,
  );
  if (band !== null) {
    lines.push(
      `Mức tăng theo Kế hoạch của tỉnh: ${viDecimal(band.newMinPct)}–${viDecimal(band.newMaxPct)}% số đơn vị mỗi năm${band.recognisedSharePct === null ? '' : `; tỷ lệ đạt chuẩn ${viDecimal(band.recognisedSharePct)}%`}${band.provisional === true ? ' (tạm thời)' : ''}.`,
    );
  }
  return lines.map((line) => para(line, { indent: true }));
}

function signature(content: ReportContent, narrative: NarrativeFields): Block {
  const who = issuer(content);
  const copies = narrative.copiesTo.length > 0 ? narrative.copiesTo : ['Như trên', 'Lưu: VT'];
  const left: Paragraph[] = [
    { kind: 'paragraph', align: 'left', after: 0, runs: [{ text: 'Nơi nhận:', bold: true, italic: true, size: 24 }] },
    ...copies.map((c, i) =>
      para(`- ${c}${i === copies.length - 1 ? '.' : ';'}`, { align: 'left', after: 0, size: 22 }),
    ),
  ];
  const authority = narrative.signingAuthority ?? who.authority;
  const right: Paragraph[] = [
    ...(authority === '' ? [] : [para(upper(authority), { align: 'center', bold: true, after: 0 })]),
    para(upper(narrative.signerTitle ?? who.title), { align: 'center', bold: true, after: 60 }),
    para(narrative.signerName ?? DOTS, { align: 'center', bold: true, after: 0 }),
  ];
  return { kind: 'table', widths: [4400, WIDTH - 4400], borders: false, rows: [{ cells: [left, right] }] };
}

/** The blocks of the report (exported for tests that read the layout without unzipping). */
export function annualReportBlocks(content: ReportContent, narrative: NarrativeFields): Block[] {
  const progress = content.progress;
  const blocks: Block[] = [
    ...header(content, narrative),
    heading('I. TÌNH HÌNH CHUNG'),
    ...written(narrative.situation),
    heading(`II. KẾT QUẢ THỰC HIỆN NĂM ${content.year}`),
    heading('1. Số liệu'),
    ...figureLines(content, progress),
  ];
  if (content.kind === 'DISTRICT') blocks.push(communeTable(content.communes));
  else if (content.districts.length > 0) blocks.push(districtTable(content));
  else blocks.push(communeTable(content.communes));
  blocks.push(
    heading('2. Đánh giá kết quả'),
    ...written(narrative.results),
    heading('III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ'),
    heading('1. Khó khăn, vướng mắc'),
    ...written(narrative.difficulties),
    heading('2. Đề xuất, kiến nghị'),
    ...written(narrative.proposals),
    heading(`IV. CHỈ TIÊU VÀ NHIỆM VỤ NĂM ${content.year + 1}`),
    ...nextYear(content),
    ...written(narrative.nextYear),
    para(
      `Trên đây là báo cáo kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em năm ${content.year} của ${content.kind === 'DISTRICT' ? `Ủy ban nhân dân ${unitName(content.district)}` : 'Sở Lao động - Thương binh và Xã hội'}./.`,
      { indent: true, after: 12 },
    ),
    signature(content, narrative),
  );
  return blocks;
}

/** The report as .docx bytes (see the module comment). */
export function annualReportDocx(content: ReportContent, narrative: NarrativeFields): Buffer {
  const unit = content.kind === 'DISTRICT' ? unitName(content.district) : unitName(content.province);
  return docx({
    title: `Báo cáo kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em năm ${content.year} – ${unit}`,
    created: content.generatedAt,
    creator: 'child-friendly-commune-hub',
    blocks: annualReportBlocks(content, narrative),
  });
}
