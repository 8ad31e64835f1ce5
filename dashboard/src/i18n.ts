/**
 * Vietnamese first, English on request (the choice is remembered in this browser). Numbers, percentages
 * and dates are always written the Vietnamese way (1.234; 78,4 %; 15/01/2021), whatever the language.
 */

export type Lang = 'vi' | 'en';

const M = {
  appTitle: ['Xã, phường, thị trấn phù hợp với trẻ em', 'Child-friendly communes'],
  province: ['Tỉnh Ninh Thuận', 'Ninh Thuận province'],
  navOverview: ['Tổng quan', 'Overview'],
  navLeague: ['Bảng xếp hạng', 'League table'],
  navReports: ['Báo cáo và thời hạn', 'Reports and deadlines'],
  navSignIn: ['Đăng nhập', 'Sign in'],
  navExplorer: ['Trình khám phá GraphQL', 'GraphQL explorer'],
  skip: ['Bỏ qua, tới nội dung', 'Skip to content'],
  language: ['Ngôn ngữ', 'Language'],
  year: ['Năm', 'Year'],
  publicView: ['Chế độ công khai', 'Public view'],
  signedInAs: ['Đã đăng nhập', 'Signed in'],
  loading: ['Đang tải…', 'Loading…'],
  failed: ['Không tải được dữ liệu', 'Could not load the data'],
  partial: ['Một phần dữ liệu không trả lời được', 'Part of the data could not be answered'],
  missing: ['thiếu', 'missing'],
  missingData: ['thiếu dữ liệu', 'data missing'],
  withheld: ['ẩn (số liệu nhạy cảm)', 'withheld (sensitive figure)'],
  provisional: ['tạm thời', 'provisional'],
  provisionalSet: [
    'Bộ tiêu chí có số liệu tạm thời (chưa có bảng chính thức)',
    'The criteria set has provisional numbers (no official table yet)',
  ],
  // overview
  overviewTitle: ['Tổng quan tỉnh', 'Province overview'],
  share: ['Tỷ lệ xã đạt chuẩn', 'Share recognised'],
  target: ['Chỉ tiêu', 'Target'],
  byYear: ['đến năm', 'by'],
  netChange: ['Tăng (giảm) thực trong năm', 'Net change this year'],
  band: ['Mức tăng theo kế hoạch', 'The plan\u2019s band'],
  firstEver: ['Công nhận lần đầu', 'First-ever'],
  returns: ['Công nhận lại', 'Returns'],
  dropOuts: ['Không còn đạt chuẩn', 'Drop-outs'],
  ownTarget: ['Chỉ tiêu tự đề ra', 'Own target'],
  status: ['Tình hình', 'Status'],
  projected: ['Năm dự kiến đạt chỉ tiêu', 'Projected year of the target'],
  none: ['không có', 'none'],
  communes: ['Số xã', 'Communes'],
  recognised: ['Đạt chuẩn', 'Recognised'],
  district: ['Huyện', 'District'],
  allDistricts: ['Tất cả huyện', 'All districts'],
  shareChart: ['Tỷ lệ xã đạt chuẩn qua các năm (%)', 'Share recognised over the years (%)'],
  byState: ['Theo bước của quy trình', 'By step of the procedure'],
  notRegistered: ['Chưa đăng ký', 'Not registered'],
  districtsTable: ['Các huyện', 'Districts'],
  chartTable: ['Số liệu của biểu đồ', 'The chart as a table'],
  // league
  leagueTitle: ['Bảng xếp hạng các xã', 'League table of communes'],
  rank: ['Hạng', 'Rank'],
  commune: ['Xã', 'Commune'],
  code: ['Mã', 'Code'],
  category: ['Loại', 'Category'],
  allCategories: ['Tất cả loại', 'All categories'],
  recognition: ['Công nhận', 'Recognition'],
  allStates: ['Mọi trạng thái', 'Every state'],
  total: ['Tổng điểm', 'Total'],
  threshold: ['Ngưỡng', 'Threshold'],
  dataStatus: ['Dữ liệu', 'Data'],
  eligible: ['Đủ điều kiện', 'Eligible'],
  notEligible: ['Chưa đủ', 'Not eligible'],
  search: ['Tìm xã (có hoặc không dấu)', 'Find a commune (with or without diacritics)'],
  filters: ['Lọc', 'Filters'],
  shown: ['xã đang hiển thị', 'communes shown'],
  exportCsv: ['Tải CSV', 'Download CSV'],
  exportXlsx: ['Tải XLSX', 'Download XLSX'],
  criterion: ['Tiêu chí', 'Criterion'],
  legend: ['Chú giải: điểm so với điểm tối đa của tiêu chí', 'Legend: points against the criterion maximum'],
  partialCriterion: ['chưa đủ dữ liệu', 'incomplete data'],
  totalSoFar: ['Tạm tính; khi đủ số liệu tối đa có thể đạt', 'So far; when complete at most'],
  criterionMet: ['đạt tiêu chí', 'criterion met'],
  criterionNotMet: ['chưa đạt tiêu chí', 'criterion not met'],
  sortBy: ['Sắp xếp theo', 'Sort by'],
  noRows: ['Không có xã nào khớp bộ lọc', 'No commune matches the filters'],
  // commune
  assessment: ['Kết quả đánh giá', 'Assessment'],
  explanation: ['Diễn giải', 'Explanation'],
  explanationViOnly: [
    '(bản diễn giải của hệ thống bằng tiếng Việt)',
    '(the hub writes this explanation in Vietnamese)',
  ],
  conditions: ['Điều kiện công nhận', 'Recognition conditions'],
  met: ['đạt', 'met'],
  notMet: ['chưa đạt', 'not met'],
  indicator: ['Chỉ số', 'Indicator'],
  inputs: ['Số liệu', 'Inputs'],
  rate: ['Tỷ lệ', 'Rate'],
  bandCol: ['Mức', 'Band'],
  points: ['Điểm', 'Points'],
  source: ['Nguồn', 'Source'],
  gaps: ['Cần gì để đạt thêm điểm', 'What would it take'],
  noGaps: ['Mọi chỉ số đã đạt điểm tối đa', 'Every indicator is at its maximum'],
  tryThis: ['Tính thử giá trị này', 'Try this value'],
  whatIf: ['Tính thử (không lưu)', 'What if (nothing is stored)'],
  whatIfIntro: [
    'Giả định số liệu của một số chỉ số và xem kết quả thay đổi.',
    'Suppose some indicators\u2019 inputs and see how the result changes.',
  ],
  addOverride: ['Thêm chỉ số', 'Add an indicator'],
  remove: ['Bỏ', 'Remove'],
  compute: ['Tính thử', 'Compute'],
  before: ['Hiện tại', 'Now'],
  after: ['Giả định', 'Supposed'],
  trend: ['Xu hướng qua các năm', 'Trend over the years'],
  history: ['Lịch sử công nhận', 'Recognition history'],
  decision: ['Quyết định', 'Decision'],
  disagreement: ['Khác kết quả tính toán của hệ thống', "Differs from the hub's computation"],
  reason: ['Lý do', 'Reason'],
  streak: ['Số năm liên tiếp đạt chuẩn', 'Consecutive recognised years'],
  rewards: ['Khen thưởng đến hạn', 'Rewards due'],
  districtReward: ['Khen thưởng của huyện (3 năm liên tiếp)', 'District reward (3 consecutive years)'],
  chairmanProposal: [
    'Đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tiếp)',
    'Proposal to the provincial Chairman (5 consecutive years)',
  ],
  noReward: ['Chưa đến hạn khen thưởng', 'No reward due'],
  changedSince: ['Dữ liệu đã thay đổi sau quyết định', 'The data changed after the decision'],
  notRegisteredYear: ['chưa đăng ký', 'not registered'],
  noAssessment: ['không đánh giá được', 'no assessment'],
  // reports
  reportsTitle: ['Báo cáo và thời hạn', 'Reports and deadlines'],
  report: ['Báo cáo', 'Report'],
  deadline: ['Thời hạn', 'Deadline'],
  submittedAt: ['Ngày nộp', 'Submitted'],
  download: ['Tải về', 'Download'],
  provinceReport: ['Báo cáo của tỉnh', 'Province report'],
  // intake
  navIntake: ['Nhập số liệu', 'Data intake'],
  intakeTitle: ['Nhập số liệu của sở, ngành', 'A department\u2019s data intake'],
  intakeIntro: [
    'Tải mẫu biểu của sở (theo huyện hoặc cả tỉnh), điền số liệu, rồi tải lên để kiểm tra thử hoặc nhập. Một lỗi ở bất kỳ dòng nào thì không có gì được ghi.',
    'Download your department\u2019s template (a district or the whole province), fill it in, then upload it for a dry run or an import. One error anywhere and nothing is written.',
  ],
  intakeTemplate: ['Mẫu biểu', 'Template'],
  intakeDepartment: ['Sở, ngành', 'Department'],
  intakeWholeProvince: ['Cả tỉnh', 'The whole province'],
  intakeProvinceCode: ['Mã tỉnh (chính quyền hai cấp)', 'Province code (two-tier map)'],
  intakeFormat: ['Định dạng', 'Format'],
  intakeSet: ['Bộ tiêu chí của năm', 'The year\u2019s criteria set'],
  intakeDownload: ['Tải mẫu biểu', 'Download the template'],
  intakeUpload: ['Tải lên tệp đã điền', 'Upload the filled file'],
  intakeFile: ['Tệp XLSX hoặc CSV', 'XLSX or CSV file'],
  intakeDryRun: ['Kiểm tra thử (không ghi)', 'Dry run (nothing written)'],
  intakeImport: ['Nhập số liệu', 'Import'],
  intakeSummary: ['Kết quả', 'Summary'],
  intakeApplied: ['Đã ghi: một lần công bố', 'Written: one publication'],
  intakeDryRunDone: ['Kiểm tra thử: không có gì được ghi', 'Dry run: nothing was written'],
  intakeNotApplied: ['Không có gì được ghi', 'Nothing was written'],
  intakeSeverity: ['Mức', 'Severity'],
  intakeRow: ['Dòng', 'Row'],
  intakeColumn: ['Cột', 'Column'],
  intakeProblem: ['Vấn đề', 'Problem'],
  intakeNoSet: ['Chưa có bộ tiêu chí áp dụng cho năm này', 'No criteria set is assigned to this year'],
  intakeChooseFile: ['Chọn tệp cần tải lên', 'Choose a file to upload'],
  intakeRows: ['dòng', 'rows'],
  // sign-in
  signInTitle: ['Đăng nhập', 'Sign in'],
  signInIntro: [
    'Dán mã truy cập (token) hoặc khóa API được cấp. Mã chỉ được giữ trong thẻ trình duyệt này.',
    'Paste the token or API key you were given. It is kept in this browser tab only.',
  ],
  publicIntro: [
    'Không đăng nhập, bạn xem điểm, tổng điểm và kết quả công nhận; số liệu thô nhạy cảm (trẻ em bị xâm hại, vi phạm pháp luật) được ẩn.',
    'Without signing in you see scores, totals and recognitions; sensitive raw figures (children abused, children in conflict with the law) are withheld.',
  ],
  credential: ['Mã truy cập hoặc khóa API', 'Token or API key'],
  signIn: ['Đăng nhập', 'Sign in'],
  signOut: ['Đăng xuất', 'Sign out'],
  refused: ['Mã không được chấp nhận', 'The credential was refused'],
  role: ['Vai trò', 'Role'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof M;

let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem('cfc-lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem('cfc-lang', next);
  } catch {
    // private mode: the choice lasts for the page only
  }
  document.documentElement.lang = next;
}

export function t(key: MessageKey): string {
  return M[key][current === 'vi' ? 0 : 1];
}

/** Labels of the graph's enum values. */
const ENUMS: Record<string, readonly [string, string]> = {
  REGISTERED: ['Đã đăng ký', 'Registered'],
  SELF_ASSESSED: ['Đã tự đánh giá', 'Self-assessed'],
  SUBMITTED: ['Đã nộp hồ sơ', 'Submitted'],
  RETURNED: ['Trả hồ sơ để bổ sung', 'Returned for completion'],
  DOSSIER_ACCEPTED: ['Hồ sơ đầy đủ', 'Dossier complete'],
  APPRAISED: ['Đã thẩm định', 'Appraised'],
  COUNCIL_REVIEWED: ['Hội đồng đã xét', 'Council reviewed'],
  POSTED: ['Đang niêm yết', 'Posted publicly'],
  REAPPRAISAL_REQUESTED: ['Đề nghị thẩm định lại', 'Re-appraisal requested'],
  REFUSAL_UPHELD: ['Giữ nguyên không công nhận', 'Refusal upheld'],
  RECOGNISED: ['Đạt chuẩn', 'Recognised'],
  NOT_RECOGNISED: ['Không công nhận', 'Not recognised'],
  REVOKED: ['Thu hồi', 'Revoked'],
  NONE: ['Chưa đăng ký', 'Not registered'],
  ACHIEVED: ['Đã đạt chỉ tiêu', 'Achieved'],
  ON_TRACK: ['Đúng tiến độ', 'On track'],
  BEHIND: ['Chậm tiến độ', 'Behind'],
  NO_TARGET: ['Chưa có chỉ tiêu', 'No target'],
  NO_DATA: ['Chưa có số liệu', 'No data'],
  ALL_RECOGNISED: ['đã công nhận toàn bộ', 'every commune recognised'],
  BELOW: ['dưới mức', 'below the band'],
  WITHIN: ['trong mức', 'within the band'],
  ABOVE: ['vượt mức', 'above the band'],
  COMPLETE: ['Đủ dữ liệu', 'Complete'],
  INCOMPLETE: ['Thiếu dữ liệu', 'Incomplete'],
  URBAN_WARD: ['Phường đô thị', 'Urban ward'],
  MOUNTAIN_ISLAND_DISADVANTAGED: ['Miền núi, hải đảo, đặc biệt khó khăn', 'Mountain, island, disadvantaged'],
  OTHER: ['Xã khác', 'Other'],
  ON_TIME: ['Đúng hạn', 'On time'],
  LATE: ['Muộn', 'Late'],
  MISSING: ['Chưa nộp (quá hạn)', 'Missing'],
  PENDING: ['Chưa đến hạn', 'Pending'],
  DISTRICT: ['Huyện', 'District'],
  PROVINCE: ['Tỉnh', 'Province'],
  SCORED: ['đã chấm', 'scored'],
  UNAVAILABLE: ['không truy cập được', 'unavailable'],
  LDTBXH: ['Sở LĐTBXH', 'LĐTBXH'],
  YTE: ['Sở Y tế', 'Health'],
  TUPHAP: ['Sở Tư pháp', 'Justice'],
  GDDT: ['Sở GD&ĐT', 'Education'],
  CONGAN: ['Công an tỉnh', 'Police'],
  VHTTDL: ['Sở VHTTDL', 'Culture'],
  PROVINCE_ADMIN: ['Quản trị tỉnh', 'Province administrator'],
  DEPARTMENT_PUBLISHER: ['Đơn vị công bố số liệu', 'Department publisher'],
  DISTRICT_OFFICER: ['Cán bộ huyện', 'District officer'],
  COMMUNE_OFFICER: ['Cán bộ xã', 'Commune officer'],
  PROVINCE_OFFICER: ['Cán bộ tỉnh', 'Province officer'],
  DEPARTMENT_APPROVER: ['Người duyệt của sở', 'Department approver'],
  PUBLIC: ['Công khai', 'Public'],
  REGISTER: ['Đăng ký', 'Register'],
  SELF_ASSESS: ['Tự đánh giá', 'Self-assessment'],
  SUBMIT: ['Nộp hồ sơ', 'Submit'],
  ACCEPT_DOSSIER: ['Kiểm tra hồ sơ: đầy đủ', 'Dossier checked'],
  RETURN_DOSSIER: ['Trả hồ sơ để bổ sung', 'Dossier returned'],
  APPRAISE: ['Thẩm định', 'Appraisal'],
  COUNCIL_REVIEW: ['Hội đồng xét duyệt', 'Review council'],
  POST: ['Niêm yết công khai', 'Public posting'],
  RECORD_COMMENT: ['Ý kiến nhận được', 'Comment received'],
  REQUEST_REAPPRAISAL: ['Đề nghị thẩm định lại', 'Re-appraisal requested'],
  UPHOLD_REFUSAL: ['Giữ nguyên không công nhận', 'Refusal upheld'],
  RECOGNISE: ['Công nhận', 'Recognise'],
  REFUSE: ['Không công nhận', 'Refuse'],
  REVOKE: ['Thu hồi', 'Revoke'],
  INTAKE_CREATED: ['Thêm mới', 'Created'],
  INTAKE_UPDATED: ['Cập nhật', 'Updated'],
  INTAKE_UNCHANGED: ['Không đổi', 'Unchanged'],
  INTAKE_REJECTED: ['Bị từ chối', 'Rejected'],
  INTAKE_IGNORED: ['Bỏ qua (dòng trống)', 'Ignored (empty rows)'],
  INTAKE_WARNINGS: ['Cảnh báo', 'Warnings'],
};

export function label(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const entry = ENUMS[value];
  return entry ? entry[current === 'vi' ? 0 : 1] : value;
}

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 1234 → "1.234"; null → "—" (never 0). */
export function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** The graph's decimal strings ("78.4") as Vietnamese percentages ("78,4 %"); null → "—". */
export function pct(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return `${value.replace('.', ',')} %`;
}

const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An ISO date or moment as dd/mm/yyyy (Vietnam time); a bare date stays that calendar day. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return `${d}/${m}/${y}`;
  }
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateFormat.format(parsed);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateTimeFormat.format(parsed);
}
