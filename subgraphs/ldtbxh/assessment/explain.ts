/**
 * The Vietnamese summary of an assessment: one paragraph a commune officer reads at a glance.
 *
 * Built only from the structured result of `assess` — every figure and name in it is a field
 * of the assessment (or a fixed Vietnamese name of a department or category), so the paragraph
 * never says anything the data does not.
 */
import { department } from '../../../shared/departments';
import { viDecimal } from '../../../shared/format';
import type { Assessment, Gap } from './model';
import type { CommuneCategory, DepartmentCode } from '../../../shared/criteria/types';

/** Vietnamese names of the commune categories, as used in the recognition rules. */
export const CATEGORY_NAMES_VI: Readonly<Record<CommuneCategory, string>> = Object.freeze({
  URBAN_WARD: 'phường thuộc thành phố trực thuộc trung ương',
  MOUNTAIN_ISLAND_DISADVANTAGED: 'xã miền núi, hải đảo, đặc biệt khó khăn',
  OTHER: 'xã, phường, thị trấn khác',
});

/** Vietnamese name of a department, e.g. `YTE` → "Sở Y tế". */
export function departmentNameVi(code: DepartmentCode): string {
  return department(code).nameVi;
}

/** What the paragraph needs besides the assessment. */
export interface ExplainContext {
  /** The commune's name as it should appear, with its type: "xã Phước Hà", "phường Đô Vinh". */
  communeName: string;
  /** The assessment year. */
  year: number;
}

/** How many improvements the paragraph names at most. */
export const EXPLAINED_GAPS = 3;

const OP_VI: Readonly<Record<string, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** "A", "A và B", "A, B và C". */
function joinVi(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} và ${parts[parts.length - 1] ?? ''}`;
}

/** A short Vietnamese phrase for one reachable gap; `title` is the indicator's title. */
function gapPhrase(gap: Gap, title: string | null): string {
  const subject = `tiêu chí ${gap.criterion}, chỉ tiêu ${gap.indicator}` + (title === null ? '' : ` “${title}”`);
  const needed = gap.needed;
  let what = '';
  if (needed !== null) {
    if (needed.numerator !== null && needed.denominator !== null) {
      const band = gap.band === null ? '' : ` ${OP_VI[gap.band.op] ?? gap.band.op} ${viDecimal(gap.band.threshold)}%`;
      const change = gap.change ?? 0;
      const fraction = `${needed.numerator}/${needed.denominator}`;
      what =
        change >= 0
          ? `cần đạt${band} (${fraction}, thêm ${change})`
          : `cần giảm xuống${band} (${fraction}, bớt ${-change})`;
    } else if (needed.count !== null) {
      const change = gap.change ?? 0;
      what =
        needed.count === 0
          ? `cần không còn trường hợp nào (bớt ${-change})`
          : `cần giảm xuống tối đa ${needed.count} trường hợp (bớt ${-change})`;
    } else if (needed.value !== null) {
      what = `cần đạt “${needed.value ? 'có' : 'không'}”`;
    } else if (needed.grade !== null) {
      what = `cần đạt mức ${needed.grade}`;
    }
  }
  return `${subject} ${what} để được thêm ${gap.gain} điểm`;
}

/**
 * The Vietnamese paragraph for an assessment: the total, the set and version; whether the
 * commune can be recognised and, if not, why (each failing condition, or the departments whose
 * data is missing); that the set (or the commune's category) holds provisional numbers; and
 * the {@link EXPLAINED_GAPS} reachable improvements that gain the most points (ties in set order).
 * With `context: null` the paragraph opens "Kết quả đánh giá đạt …" (no commune, no year).
 * One line (no line break), NFC-normalised. Pure.
 */
export function explainVi(assessment: Omit<Assessment, 'explanation'>, context: ExplainContext | null): string {
  const { criteriaSet, total, maxTotal, status, conditions, missing, gaps, threshold } = assessment;
  const sentences: string[] = [];
  const scored = assessment.criteria.flatMap((c) => c.indicators).filter((i) => i.state === 'SCORED').length;
  const expected = assessment.criteria.reduce((n, c) => n + c.indicators.length, 0);

  sentences.push(
    (context === null ? 'Kết quả đánh giá' : `Năm ${context.year}, ${context.communeName}`) +
      ` đạt ${total}/${maxTotal} điểm` +
      (status === 'INCOMPLETE'
        ? ` (tạm tính trên ${scored}/${expected} chỉ tiêu đã có số liệu; khi đủ số liệu tối đa có thể đạt ${assessment.maxPossibleTotal} điểm)`
        : '') +
      // The decision, as officials cite it; the hub's own id of the set is not a name they know.
      ` theo tiêu chuẩn của Quyết định số ${criteriaSet.document} (bộ tiêu chí phiên bản ${criteriaSet.version}).`,
  );

  const failing = conditions.filter((c) => c.met === false && c.code !== 'DATA_COMPLETE').map((c) => c.messageVi);
  if (assessment.eligible) {
    const minimum = conditions.find((c) => c.code === 'MINIMUM_TOTAL');
    sentences.push(
      `Đủ điều kiện công nhận xã, phường, thị trấn phù hợp với trẻ em` +
        (minimum === undefined ? '' : `: ${minimum.messageVi}`) +
        ' và đáp ứng mọi điều kiện công nhận.',
    );
  } else if (status === 'INCOMPLETE') {
    const groups = missing.map((g) =>
      g.unavailable
        ? `${departmentNameVi(g.department)} chưa kết nối được (chỉ tiêu ${g.indicators.join(', ')})`
        : `${departmentNameVi(g.department)} chưa công bố số liệu (chỉ tiêu ${g.indicators.join(', ')})`,
    );
    sentences.push(`Chưa đủ điều kiện công nhận vì chưa đủ số liệu: ${groups.join('; ')}.`);
    if (failing.length > 0) sentences.push(`Ngoài ra, đã xác định chưa đạt: ${failing.join('; ')}.`);
  } else {
    sentences.push(
      failing.length > 0
        ? `Chưa đủ điều kiện công nhận: ${failing.join('; ')}.`
        : // Complete, not eligible and no condition false: a condition could not be decided.
          `Chưa đủ điều kiện công nhận: ${conditions
            .filter((c) => c.met !== true)
            .map((c) => c.messageVi)
            .join('; ')}.`,
    );
  }

  const caveats: string[] = [];
  // What is provisional is the set's own points and thresholds, not the data the departments published.
  if (criteriaSet.provisional)
    caveats.push('một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức');
  if (threshold?.categoryProvisional === true) caveats.push('phân loại xã của năm đánh giá là tạm thời');
  if (caveats.length > 0) sentences.push(`Lưu ý: ${joinVi(caveats)}.`);

  const titles = new Map(assessment.criteria.flatMap((c) => c.indicators.map((i) => [i.code, i.title] as const)));
  const best = gaps
    .map((gap, index) => ({ gap, index }))
    .filter(({ gap }) => gap.reachable)
    .sort((a, b) => b.gap.gain - a.gap.gain || a.index - b.index)
    .slice(0, EXPLAINED_GAPS)
    .map(({ gap }) => gapPhrase(gap, titles.get(gap.indicator) ?? null));
  if (best.length > 0) sentences.push(`Có thể cải thiện: ${best.join('; ')}.`);

  return sentences.join(' ').replace(/\s+/g, ' ').trim().normalize('NFC');
}
