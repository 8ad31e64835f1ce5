/**
 * The words and the tables both annex writers use (annex-csv.ts, annex-xlsx.ts): the Vietnamese
 * names of states and changes, the column headers, a cell before rendering (text, count, decimal,
 * date), and the report's content as rows of cells — the communes, the growth lines, the rewards
 * with their decisions, and the summary block. Kept apart from the writers so the CSV and the
 * workbook say the same thing in the same order. Pure.
 */
import { CYCLE_STATE_NAMES_VI, CYCLE_STATUSES, type CycleStatus } from '../recognition/cycle';
import type { RewardEntry } from '../recognition/streaks';
import type { Target } from '../recognition/targets';
import { formatDateVi, viDecimal } from '../../../shared/format';
import { REWARD_RULE } from '../recognition/reward-rule';
import { POSITION_VI, STATUS_VI, withShares, type CommuneChange, type ScopeProgress } from '../recognition/growth';
import type {
  CommuneReportRow,
  DistrictReportContent,
  NextYearOwnTarget,
  ReportContent,
  ReportUnit,
  RewardRecordEntry,
} from './content';
import { VIETNAM_OFFSET_MS } from './deadlines';

/** Vietnamese names of the states, as a report shows them; `NOT_REGISTERED` for no cycle. */
export const STATE_NAMES_VI: Readonly<Record<CycleStatus | 'NOT_REGISTERED', string>> = Object.freeze({
  NOT_REGISTERED: 'Chưa đăng ký',
  ...CYCLE_STATE_NAMES_VI,
});

/** Vietnamese names of how a commune's year changed its recognition; `NO_DATA` for no record of the year before. */
export const CHANGE_NAMES_VI: Readonly<Record<CommuneChange | 'NO_DATA', string>> = Object.freeze({
  FIRST_EVER: 'Công nhận lần đầu',
  RETURN: 'Công nhận lại',
  DROP_OUT: 'Không còn đạt chuẩn',
  STAYED: 'Duy trì đạt chuẩn',
  NOT_RECOGNISED: 'Chưa đạt chuẩn',
  NO_DATA: 'Chưa có số liệu năm trước',
});

/** Headers of the commune table (CSV and sheet "Đơn vị cấp xã"), in column order. */
export const COMMUNE_COLUMNS_VI: readonly string[] = Object.freeze([
  'Mã đơn vị cấp huyện',
  'Đơn vị cấp huyện',
  'Mã đơn vị cấp xã',
  'Tên đơn vị cấp xã',
  'Loại đơn vị',
  'Trạng thái',
  'Số liệu đánh giá',
  'Tổng điểm',
  'Đủ điều kiện công nhận',
  'Ngày họp Hội đồng đánh giá',
  'Số quyết định công nhận',
  'Ngày quyết định công nhận',
  'Người ký',
  'Biến động trong năm',
  'Số năm liên tục đạt chuẩn',
  'Lý do không công nhận / thu hồi',
  'Số quyết định thu hồi',
  'Ngày quyết định thu hồi',
]);

/** Headers of the sheet "Tăng trưởng": one row per district (a province report) and the report's own scope. */
export const GROWTH_COLUMNS_VI: readonly string[] = Object.freeze([
  'Mã đơn vị',
  'Đơn vị',
  'Số đơn vị cấp xã',
  'Đạt chuẩn năm trước',
  'Đạt chuẩn',
  'Tỷ lệ đạt chuẩn (%)',
  'Công nhận lần đầu',
  'Công nhận lại',
  'Không còn đạt chuẩn',
  'Tăng (giảm) thực',
  'Tăng (giảm) thực (%)',
  'Mức tăng tối thiểu (%)',
  'Mức tăng tối đa (%)',
  'So với mức tăng',
  'Đánh giá tiến độ',
  'Chỉ tiêu tự đề ra trong năm (số đơn vị)',
  'Chỉ tiêu năm sau (số đơn vị)',
  'Chỉ tiêu năm sau (%)',
]);

/** Headers of the sheet "Khen thưởng". */
export const REWARD_COLUMNS_VI: readonly string[] = Object.freeze([
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
]);

const DISTRICT_REWARD_VI = 'Thuộc diện khen thưởng cấp huyện (3 năm liên tục)';
const CHAIRMAN_PROPOSAL_VI = 'Thuộc diện đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)';

/**
 * A cell before rendering: text, a count (an integer, grouped in Vietnamese in the CSV), a
 * decimal (a percentage, `"7.7"`: a number in the workbook, `7,7` in the CSV), a date
 * `YYYY-MM-DD`, or empty.
 */
export type Cell = { text: string } | { number: number } | { decimal: string } | { date: string } | null;

/** A text cell (NFC); empty for `null`. */
export const text = (value: string | null): Cell => (value === null ? null : { text: value.normalize('NFC') });
const num = (value: number | null): Cell => (value === null ? null : { number: value });
const dec = (value: string | null): Cell => (value === null ? null : { decimal: value });
const date = (value: string | null): Cell => (value === null || value === '' ? null : { date: value });
const yesNo = (value: boolean | null): Cell => (value === null ? null : text(value ? 'Có' : 'Không'));

/** "Huyện Bác Ái", "Thành phố Phan Rang-Tháp Chàm": the unit as it is named, capitalised at the start of a cell. */
export function unitLabel(unit: { name: string; type: string }): string {
  const named = `${unit.type} ${unit.name}`.normalize('NFC');
  return named.charAt(0).toLocaleUpperCase('vi-VN') + named.slice(1);
}

function districtsOf(content: ReportContent): DistrictReportContent[] {
  return content.kind === 'DISTRICT' ? [content] : content.districts;
}

/** The commune table: one row per commune ({@link COMMUNE_COLUMNS_VI}); a province report's by district. */
export function communeCells(content: ReportContent): Cell[][] {
  const groups: { district: ReportUnit | null; communes: CommuneReportRow[] }[] = [...districtsOf(content)];
  if (content.kind === 'PROVINCE' && content.communes.length > 0)
    groups.push({ district: null, communes: content.communes });
  return groups.flatMap((d) =>
    d.communes.map((r) => [
      text(d.district?.code ?? null),
      text(d.district === null ? null : unitLabel(d.district)),
      text(r.code),
      text(r.name),
      text(r.type),
      text(STATE_NAMES_VI[r.state ?? 'NOT_REGISTERED']),
      text(r.assessmentStatus === null ? null : r.assessmentStatus === 'COMPLETE' ? 'Đầy đủ' : 'Chưa đầy đủ'),
      num(r.total),
      yesNo(r.eligible),
      date(r.meetingDate),
      text(r.decisionNumber),
      date(r.decisionDate),
      text(r.signer),
      text(CHANGE_NAMES_VI[r.change ?? 'NO_DATA']),
      num(r.streak),
      text(r.refusalReason ?? r.revocation?.reason ?? null),
      text(r.revocation?.decisionNumber ?? null),
      date(r.revocation?.decisionDate ?? null),
    ]),
  );
}

function growthLine(unit: { code: string; label: string }, p: ScopeProgress, next: NextYearOwnTarget | null): Cell[] {
  return [
    text(unit.code),
    text(unit.label),
    num(p.communes),
    num(p.previousRecognised),
    num(p.recognised),
    dec(p.sharePct),
    num(p.firstEver.count),
    num(p.returns.count),
    num(p.dropOuts.count),
    num(p.netChange.count),
    dec(p.netChange.pct),
    dec(p.band?.minPct ?? null),
    dec(p.band?.maxPct ?? null),
    text(POSITION_VI[p.netChange.position]),
    text(STATUS_VI[p.status]),
    num(p.ownTarget?.newCount ?? null),
    num(next?.newCount ?? null),
    dec(next?.newSharePct ?? null),
  ];
}

/** The growth table ({@link GROWTH_COLUMNS_VI}): each district's line (a province report), then the report's scope. */
export function growthCells(content: ReportContent): Cell[][] {
  const own = content.kind === 'DISTRICT' ? content.district : content.province;
  return [
    ...(content.kind === 'PROVINCE'
      ? content.districts.map((d) =>
          growthLine({ code: d.district.code, label: unitLabel(d.district) }, d.progress, d.nextYearOwnTarget),
        )
      : []),
    growthLine({ code: own.code, label: unitLabel(own) }, content.progress, content.nextYearOwnTarget),
  ];
}

function districtLabels(content: ReportContent): Map<string, string> {
  return new Map(districtsOf(content).map((d) => [d.district.code, unitLabel(d.district)]));
}

/** The reward table ({@link REWARD_COLUMNS_VI}): the communes due with the decisions recorded, then decisions for communes not listed as due. */
export function rewardCells(content: ReportContent): Cell[][] {
  const labels = districtLabels(content);
  const records = new Map(content.rewardRecords.map((r) => [`${r.kind}|${r.communeCode}`, r]));
  const used = new Set<string>();
  const recordCells = (r: RewardRecordEntry | undefined): Cell[] => [
    text(r?.kindVi ?? null),
    text(r?.number ?? null),
    date(r?.date ?? null),
    text(r?.signer ?? null),
    text(r?.form ?? null),
  ];
  const line = (label: string, e: RewardEntry, kinds: readonly RewardRecordEntry['kind'][]): Cell[][] => {
    const found = kinds
      .map((k) => records.get(`${k}|${e.code}`))
      .filter((r): r is RewardRecordEntry => r !== undefined);
    for (const r of found) used.add(`${r.kind}|${r.communeCode}`);
    const due = [
      text(label),
      text(e.districtCode === '' ? null : e.districtCode),
      text(labels.get(e.districtCode) ?? null),
      text(e.code),
      text(e.name),
      num(e.streak),
      text(`${e.years[0] ?? ''}–${e.years[e.years.length - 1] ?? ''}`),
    ];
    return found.length === 0 ? [[...due, ...recordCells(undefined)]] : found.map((r) => [...due, ...recordCells(r)]);
  };
  const rows = [
    ...content.rewards.districtReward.flatMap((e) => line(DISTRICT_REWARD_VI, e, ['DISTRICT_REWARD'])),
    ...content.rewards.chairmanProposal.flatMap((e) =>
      line(CHAIRMAN_PROPOSAL_VI, e, ['CHAIRMAN_PROPOSAL', 'CHAIRMAN_REWARD']),
    ),
  ];
  // Decisions recorded for communes the hub's reading does not list as due this year are shown too.
  for (const r of content.rewardRecords) {
    if (used.has(`${r.kind}|${r.communeCode}`)) continue;
    rows.push([
      text('Đã có văn bản (ngoài danh sách của hệ thống)'),
      null,
      null,
      text(r.communeCode),
      text(r.communeName),
      num(r.streak),
      null,
      ...recordCells(r),
    ]);
  }
  return rows;
}

function bandText(target: Target | null): string | null {
  if (target === null) return null;
  return (
    `tăng ${viDecimal(target.newMinPct)}–${viDecimal(target.newMaxPct)}% số đơn vị` +
    (target.recognisedSharePct === null ? '' : `; tỷ lệ đạt chuẩn ${viDecimal(target.recognisedSharePct)}%`) +
    (target.provisional === true ? ' (tạm thời)' : '')
  );
}

function ownText(target: NextYearOwnTarget | null): string {
  if (target === null) return 'Chưa đề ra';
  return `thêm ${target.newCount} đơn vị (${viDecimal(target.newSharePct)}%)${target.recognisedCount === null ? '' : `, đạt ${target.recognisedCount} đơn vị (${viDecimal(target.recognisedSharePct ?? '0')}%)`}`;
}

function rewardNames(entries: readonly RewardEntry[]): string {
  return entries.length === 0 ? 'Không có' : entries.map((e) => `${e.name} (${e.code}, ${e.streak} năm)`).join('; ');
}

/** An instant as a report states when it was produced: `15:57 ngày 01/12/2026` (Vietnam time). */
export function producedAt(iso: string): string {
  const local = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(11, 16)} ngày ${formatDateVi(local.slice(0, 10))}`;
}

/** The summary block (label, value), shared by the CSV and the sheet "Tổng hợp". */
export function summaryCells(content: ReportContent): [string, Cell][] {
  const unit = content.kind === 'DISTRICT' ? content.district : content.province;
  const p = content.progress;
  const s = content.summary;
  const measure = (m: ScopeProgress['netChange']): Cell => num(m.count);
  const rows: [string, Cell][] = [
    [
      'Báo cáo',
      text(
        content.kind === 'DISTRICT'
          ? `Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của UBND ${unitLabel(content.district).charAt(0).toLocaleLowerCase('vi-VN')}${unitLabel(content.district).slice(1)} gửi Sở Lao động - Thương binh và Xã hội`
          : 'Tổng hợp kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của tỉnh gửi UBND tỉnh và Bộ Lao động - Thương binh và Xã hội',
      ),
    ],
    ['Đơn vị', text(`${unitLabel(unit)} (${unit.code})`)],
    ['Năm', text(String(content.year))],
    ['Thời điểm lập', text(producedAt(content.generatedAt))],
    ['Hạn gửi báo cáo (trước ngày)', date(content.deadline)],
    ['Số đơn vị cấp xã (xã, phường, thị trấn)', num(s.communes)],
    ['Đã đăng ký', num(s.registered)],
    ['Chưa đăng ký', num(s.notRegistered)],
    ...CYCLE_STATUSES.map((state): [string, Cell] => [
      `Trạng thái: ${state === 'REGISTERED' ? 'Đã đăng ký, chưa tự đánh giá' : STATE_NAMES_VI[state]}`,
      num(s.states[state]),
    ]),
    ['Đủ điều kiện công nhận (theo kết quả đánh giá)', num(s.eligible)],
    ['Đạt chuẩn năm trước', num(p.previousRecognised)],
    ['Đạt chuẩn', num(p.recognised)],
    ['Tỷ lệ đạt chuẩn (%)', dec(p.sharePct)],
    ['Công nhận lần đầu', measure(p.firstEver)],
    ['Công nhận lại', measure(p.returns)],
    ['Không còn đạt chuẩn', measure(p.dropOuts)],
    ['Tăng (giảm) thực', measure(p.netChange)],
    ['Tăng (giảm) thực (%)', dec(p.netChange.pct)],
    [
      'Mức tăng theo kế hoạch (%)',
      text(
        p.band === null
          ? null
          : `${viDecimal(p.band.minPct)}–${viDecimal(p.band.maxPct)}${p.band.provisional ? ' (tạm thời)' : ''}`,
      ),
    ],
    ['So với mức tăng', text(POSITION_VI[p.netChange.position])],
    [
      'Chỉ tiêu tỷ lệ đạt chuẩn',
      text(p.targetSharePct === null ? null : `${viDecimal(p.targetSharePct)}% đến năm ${p.targetYear ?? ''}`),
    ],
    ['Đánh giá tiến độ', text(STATUS_VI[p.status])],
    ['Năm dự kiến đạt chỉ tiêu', text(p.projectedYear === null ? null : String(p.projectedYear))],
    [
      `Chỉ tiêu tự đề ra năm ${content.year}`,
      text(
        p.ownTarget === null
          ? 'Chưa đề ra'
          : ownText(withShares(p.ownTarget, p.communes)) +
              (p.ownTarget.met === null ? '' : p.ownTarget.met ? ': đạt' : ': không đạt'),
      ),
    ],
    [DISTRICT_REWARD_VI, text(rewardNames(content.rewards.districtReward))],
    [CHAIRMAN_PROPOSAL_VI, text(rewardNames(content.rewards.chairmanProposal))],
    ['Quy tắc khen thưởng', text(REWARD_RULE.text)],
    [`Mức tăng năm ${content.year + 1} theo kế hoạch`, text(bandText(content.nextYearTargets))],
    [`Chỉ tiêu năm ${content.year + 1} tự đề ra`, text(ownText(content.nextYearOwnTarget))],
    ['Nhận xét', text(p.explanationVi)],
  ];
  if (content.kind === 'PROVINCE') {
    for (const d of content.districts) {
      rows.push([
        `${unitLabel(d.district)} (${d.district.code})`,
        text(
          `${d.progress.recognised}/${d.progress.communes} đạt chuẩn (${viDecimal(d.progress.sharePct)}%), ${STATUS_VI[d.progress.status].toLocaleLowerCase('vi-VN')}; chỉ tiêu năm ${content.year + 1}: ${ownText(d.nextYearOwnTarget).toLocaleLowerCase('vi-VN')}`,
        ),
      ]);
    }
  }
  return rows;
}
