/**
 * Every sentence the assessment engine writes, in English (`message`) and Vietnamese
 * (`messageVi`), in one module: keyed by condition code for the recognition conditions, by
 * indicator kind for the gaps.
 *
 * The engine decides (`conditions.ts`, `gaps.ts`) and hands over a finding: what was decided and
 * the figures it was decided on. This module only words findings, so a wording changes here and
 * nowhere else, and a new condition code or indicator kind does not compile until it is worded
 * (both switches end in `assertNever`).
 */
import { assertNever } from '../../../shared/assert-never';
import { formatPercent } from '../../../shared/criteria/scoring';
import type { BandOp, CommuneCategory, DisqualifierOp } from '../../../shared/criteria/types';
import { CATEGORY_NAMES_VI, departmentNameVi } from './explain';
import type { CategoryRecord, CriterionResult, MissingGroup } from './model';

/** One sentence in both languages. */
export interface Text {
  message: string;
  messageVi: string;
}

/** A criterion of `criteriaAtMaximum` that does not (or cannot) reach its maximum. */
export interface BelowMaximum {
  number: number;
  /** Every indicator of the criterion is scored: `min` is its points. */
  complete: boolean;
  min: number;
  max: number;
  maxPoints: number;
}

/** What a recognition condition decided, with the figures it was decided on. */
export type ConditionFinding =
  | { code: 'DATA_COMPLETE'; expected: number; published: number; missing: readonly MissingGroup[] }
  | { code: 'CATEGORY_KNOWN'; category: CategoryRecord | null }
  | { code: 'EVERY_CRITERION_MET'; outcome: 'UNMET'; count: number; unmet: readonly CriterionResult[] }
  | { code: 'EVERY_CRITERION_MET'; outcome: 'UNDETERMINED'; undetermined: readonly number[] }
  | { code: 'EVERY_CRITERION_MET'; outcome: 'MET'; count: number }
  | { code: 'MINIMUM_TOTAL'; outcome: 'NO_CATEGORY'; total: number }
  | {
      code: 'MINIMUM_TOTAL';
      outcome: 'COMPLETE_MET' | 'COMPLETE_BELOW' | 'ALREADY_MET' | 'CANNOT_REACH' | 'UNDETERMINED';
      total: number;
      maxPossible: number;
      required: number;
      category: CommuneCategory;
    }
  | { code: 'NO_CRITERION_AT_ZERO'; outcome: 'AT_ZERO' | 'UNDETERMINED' | 'MET'; criteria: readonly number[] }
  | { code: 'CRITERIA_AT_MAXIMUM'; outcome: 'BELOW'; below: readonly BelowMaximum[] }
  | { code: 'CRITERIA_AT_MAXIMUM'; outcome: 'UNDETERMINED' | 'MET'; criteria: readonly number[] }
  | {
      code: 'DISQUALIFYING_INDICATOR';
      indicator: string;
      op: DisqualifierOp;
      value: number;
      /** The indicator is a yes/no answer (value 1 = yes), else a count. */
      answer: boolean;
      /** The published figure, `null` without one. */
      actual: number | null;
      disqualified: boolean;
    };

/** A band's comparison and threshold, as a gap names it. */
interface BandText {
  op: BandOp;
  threshold: string;
}

/** What would improve one scored indicator, with the figures (see `gaps.ts`). */
export type GapFinding =
  | {
      kind: 'RATE';
      indicator: string;
      points: number;
      maxPoints: number;
      numerator: number;
      denominator: number;
      /** The band aimed at. */
      target: BandText;
      /** How it is reached, `null` when no numerator reaches it. */
      reach: { needed: number; points: number; change: number; band: BandText; higherIsBetter: boolean } | null;
    }
  | {
      kind: 'COUNT';
      indicator: string;
      points: number;
      maxPoints: number;
      count: number;
      target: BandText;
      reach: { needed: number; points: number; change: number } | null;
    }
  | { kind: 'BOOLEAN'; indicator: string; points: number; maxPoints: number; answer: boolean; nextPoints: number }
  | {
      kind: 'GRADED';
      indicator: string;
      points: number;
      maxPoints: number;
      grade: string;
      next: { grade: string; points: number };
    };

/** How a comparison is written. */
export const OP_TEXT: Readonly<Record<DisqualifierOp, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** A decimal string with the Vietnamese decimal comma. */
const vi = (decimal: string): string => decimal.replace('.', ',');

function list(numbers: readonly (number | string)[]): string {
  return numbers.join(', ');
}

function criteriaWord(numbers: readonly number[]): string {
  return numbers.length === 1 ? 'criterion' : 'criteria';
}

/** The sentence of a recognition condition. */
export function conditionText(finding: ConditionFinding): Text {
  switch (finding.code) {
    case 'DATA_COMPLETE':
      return dataCompleteText(finding);
    case 'CATEGORY_KNOWN': {
      const { category } = finding;
      if (category === null) {
        return { message: 'no category recorded for the year', messageVi: 'chưa có phân loại xã cho năm đánh giá' };
      }
      return {
        message: `category ${category.category}${category.provisional ? ' (provisional)' : ''}`,
        messageVi: `đã phân loại: ${CATEGORY_NAMES_VI[category.category]}${category.provisional ? ' (phân loại tạm thời)' : ''}`,
      };
    }
    case 'EVERY_CRITERION_MET':
      return everyCriterionMetText(finding);
    case 'MINIMUM_TOTAL':
      return minimumTotalText(finding);
    case 'NO_CRITERION_AT_ZERO': {
      const { criteria } = finding;
      switch (finding.outcome) {
        case 'AT_ZERO':
          return {
            message: `${criteriaWord(criteria)} ${list(criteria)} scored 0`,
            messageVi: `tiêu chí ${list(criteria)} đạt 0 điểm`,
          };
        case 'UNDETERMINED':
          return {
            message: `${criteriaWord(criteria)} ${list(criteria)} incomplete with no points yet: may still score 0`,
            messageVi: `tiêu chí ${list(criteria)} chưa đủ số liệu và chưa có điểm`,
          };
        case 'MET':
          return { message: 'no criterion scored 0', messageVi: 'không có tiêu chí nào đạt 0 điểm' };
        default:
          return assertNever(finding, 'outcome');
      }
    }
    case 'CRITERIA_AT_MAXIMUM':
      return criteriaAtMaximumText(finding);
    case 'DISQUALIFYING_INDICATOR':
      return disqualifierText(finding);
    default:
      return assertNever(finding, 'condition code');
  }
}

function dataCompleteText({
  expected,
  published,
  missing,
}: Extract<ConditionFinding, { code: 'DATA_COMPLETE' }>): Text {
  if (missing.length === 0) {
    return { message: `all ${expected} indicators published`, messageVi: `đã có số liệu của cả ${expected} chỉ tiêu` };
  }
  return {
    message:
      `${published} of ${expected} indicators published; missing: ` +
      missing
        .map((g) => `${g.department} ${list(g.indicators)}${g.unavailable ? ' (service unavailable)' : ''}`)
        .join('; '),
    messageVi:
      `đã có số liệu ${published}/${expected} chỉ tiêu; còn thiếu: ` +
      missing
        .map(
          (g) =>
            `${departmentNameVi(g.department)} ${list(g.indicators)}${g.unavailable ? ' (chưa kết nối được)' : ''}`,
        )
        .join('; '),
  };
}

function everyCriterionMetText(finding: Extract<ConditionFinding, { code: 'EVERY_CRITERION_MET' }>): Text {
  switch (finding.outcome) {
    case 'UNMET': {
      const { unmet } = finding;
      const numbers = unmet.map((c) => c.number);
      const rule = (c: CriterionResult) =>
        c.metRule?.rule === 'MIN_POINTS'
          ? `${c.points ?? 0} < ${c.metRule.points ?? 0}`
          : 'an indicator below every band';
      const ruleVi = (c: CriterionResult) =>
        c.metRule?.rule === 'MIN_POINTS'
          ? `tiêu chí ${c.number} được ${c.points ?? 0} điểm, dưới mức đạt ${c.metRule.points ?? 0} điểm`
          : `tiêu chí ${c.number} có chỉ tiêu chưa đạt mức nào`;
      return {
        message: `${criteriaWord(numbers)} ${list(numbers)} not met (${unmet.map((c) => `${c.number}: ${rule(c)}`).join('; ')})`,
        messageVi: `chưa đạt cả ${finding.count} tiêu chí (${unmet.map(ruleVi).join('; ')})`,
      };
    }
    case 'UNDETERMINED': {
      const { undetermined } = finding;
      return {
        message: `${criteriaWord(undetermined)} ${list(undetermined)} incomplete: whether met is not known yet`,
        messageVi: `tiêu chí ${list(undetermined)} chưa đủ số liệu để biết có đạt hay không`,
      };
    }
    case 'MET':
      return { message: `all ${finding.count} criteria met`, messageVi: `đạt cả ${finding.count} tiêu chí` };
    default:
      return assertNever(finding, 'outcome');
  }
}

function minimumTotalText(finding: Extract<ConditionFinding, { code: 'MINIMUM_TOTAL' }>): Text {
  if (finding.outcome === 'NO_CATEGORY') {
    return {
      message: `total ${finding.total}: no category recorded, so the minimum total is unknown`,
      messageVi: `tổng điểm ${finding.total}: chưa có phân loại xã nên chưa xác định được mức điểm tối thiểu`,
    };
  }
  const { total, maxPossible, required, category } = finding;
  const nameVi = CATEGORY_NAMES_VI[category];
  switch (finding.outcome) {
    case 'COMPLETE_MET':
      return {
        message: `total ${total} ≥ ${required} for category ${category}`,
        messageVi: `tổng điểm ${total} đạt mức ${required} của nhóm ${nameVi}`,
      };
    case 'COMPLETE_BELOW':
      return {
        message: `total ${total} < ${required} for category ${category}`,
        messageVi: `tổng điểm ${total} thấp hơn mức ${required} của nhóm ${nameVi}`,
      };
    case 'ALREADY_MET':
      return {
        message: `total ${total} of the published indicators already ≥ ${required} for category ${category}`,
        messageVi: `tổng điểm ${total} của các chỉ tiêu đã có số liệu đã đạt mức ${required} của nhóm ${nameVi}`,
      };
    case 'CANNOT_REACH':
      return {
        message:
          `total ${total}, at most ${maxPossible} even with full points on the missing indicators, ` +
          `< ${required} for category ${category}`,
        messageVi:
          `tổng điểm ${total}, kể cả khi các chỉ tiêu còn thiếu đạt tối đa cũng chỉ được ${maxPossible}, ` +
          `thấp hơn mức ${required} của nhóm ${nameVi}`,
      };
    case 'UNDETERMINED':
      return {
        message:
          `total ${total} so far, up to ${maxPossible} when complete: ` +
          `cannot be compared with ${required} for category ${category} until the missing indicators are published`,
        messageVi:
          `tổng điểm tạm tính ${total} (tối đa ${maxPossible} khi đủ số liệu): ` +
          `chưa so sánh được với mức ${required} của nhóm ${nameVi}`,
      };
    default:
      return assertNever(finding, 'outcome');
  }
}

function criteriaAtMaximumText(finding: Extract<ConditionFinding, { code: 'CRITERIA_AT_MAXIMUM' }>): Text {
  switch (finding.outcome) {
    case 'BELOW':
      return {
        message: `${finding.below
          .map((b) =>
            b.complete
              ? `criterion ${b.number} scored ${b.min} of ${b.maxPoints}`
              : `criterion ${b.number} can reach at most ${b.max} of ${b.maxPoints}`,
          )
          .join('; ')}: must reach the maximum`,
        messageVi: finding.below
          .map((b) =>
            b.complete
              ? `tiêu chí ${b.number} đạt ${b.min}/${b.maxPoints} điểm, chưa đạt tối đa theo yêu cầu`
              : `tiêu chí ${b.number} chỉ có thể đạt tối đa ${b.max}/${b.maxPoints} điểm, không đạt tối đa theo yêu cầu`,
          )
          .join('; '),
      };
    case 'UNDETERMINED':
      return {
        message: `${criteriaWord(finding.criteria)} ${list(finding.criteria)} incomplete: whether the maximum is reached is not known`,
        messageVi: `tiêu chí ${list(finding.criteria)} chưa đủ số liệu để biết có đạt điểm tối đa theo yêu cầu`,
      };
    case 'MET':
      return {
        message: `${criteriaWord(finding.criteria)} ${list(finding.criteria)} at the maximum`,
        messageVi: `tiêu chí ${list(finding.criteria)} đạt điểm tối đa theo yêu cầu`,
      };
    default:
      return assertNever(finding, 'outcome');
  }
}

function disqualifierText(finding: Extract<ConditionFinding, { code: 'DISQUALIFYING_INDICATOR' }>): Text {
  const { indicator: code, value, answer, actual, disqualified } = finding;
  const op = OP_TEXT[finding.op];
  const rule = answer ? `answer ${op} ${value === 1 ? 'yes' : 'no'}` : `count ${op} ${value}`;
  const ruleVi = answer ? `trả lời ${op} ${value === 1 ? '“có”' : '“không”'}` : `số trường hợp ${op} ${value}`;
  if (actual === null) {
    return {
      message: `indicator ${code} has no published value: the disqualifying event (${rule}) cannot be checked`,
      messageVi: `chỉ tiêu ${code} chưa có số liệu nên chưa kiểm tra được điều kiện loại trừ (${ruleVi})`,
    };
  }
  const shown = answer ? (actual === 1 ? 'yes' : 'no') : String(actual);
  const shownVi = answer ? (actual === 1 ? 'trả lời “có”' : 'trả lời “không”') : `ghi nhận ${actual} trường hợp`;
  return disqualified
    ? {
        message: `indicator ${code}: ${shown} prevents recognition (${rule})`,
        messageVi: `chỉ tiêu ${code} ${shownVi}, thuộc điều kiện loại trừ (${ruleVi})`,
      }
    : {
        message: `indicator ${code}: ${shown}, not a disqualifying event (${rule})`,
        messageVi: `chỉ tiêu ${code} ${shownVi}, không thuộc điều kiện loại trừ (${ruleVi})`,
      };
}

/** The sentence of a gap: where the indicator stands and what reaches the next band. */
export function gapText(finding: GapFinding): Text {
  const head = `${finding.indicator}: `;
  const headVi = `chỉ tiêu ${finding.indicator}: `;
  const { points, maxPoints } = finding;
  switch (finding.kind) {
    case 'RATE': {
      const { numerator, denominator, target, reach } = finding;
      const current =
        denominator === 0
          ? `denominator 0 gives ${points} of ${maxPoints} points (no-denominator rule)`
          : `${numerator}/${denominator} (${formatPercent(numerator, denominator)}%) gives ${points} of ${maxPoints} points`;
      const currentVi =
        denominator === 0
          ? `mẫu số bằng 0 nên được ${points}/${maxPoints} điểm theo quy định khi không có mẫu số`
          : `${numerator}/${denominator} (${vi(formatPercent(numerator, denominator))}%) được ${points}/${maxPoints} điểm`;
      if (reach === null) {
        const wanted = `${OP_TEXT[target.op]} ${target.threshold}%`;
        const wantedVi = `${OP_TEXT[target.op]} ${vi(target.threshold)}%`;
        const why =
          denominator === 0
            ? `a rate needs a denominator above 0 to reach ${wanted}`
            : `no numerator from 0 to ${denominator} reaches ${wanted}`;
        const whyVi =
          denominator === 0
            ? `cần mẫu số lớn hơn 0 mới có thể đạt mức ${wantedVi}`
            : `không có tử số nào từ 0 đến ${denominator} đạt mức ${wantedVi}`;
        return { message: `${head}${current}; ${why}`, messageVi: `${headVi}${currentVi}; ${whyVi}` };
      }
      const { needed, change, higherIsBetter: higher } = reach;
      const gain = reach.points - points;
      const reachedText = `${OP_TEXT[reach.band.op]} ${reach.band.threshold}%`;
      const reachedVi = `${OP_TEXT[reach.band.op]} ${vi(reach.band.threshold)}%`;
      const delta = higher ? `${change} more` : `${-change} fewer`;
      const deltaVi = higher ? `thêm ${change}` : `bớt ${-change}`;
      return {
        message:
          `${head}${current}; ${higher ? '' : 'at most '}${needed}/${denominator} (${reachedText}) gives ` +
          `${reach.points} (+${gain}, ${delta})`,
        messageVi:
          `${headVi}${currentVi}; cần ${higher ? '' : 'giảm xuống tối đa '}${needed}/${denominator} (${reachedVi}) ` +
          `để được ${reach.points} điểm (+${gain}, ${deltaVi})`,
      };
    }
    case 'COUNT': {
      const { count, target, reach } = finding;
      const current = `count ${count} gives ${points} of ${maxPoints} points`;
      const currentVi = `${count} trường hợp được ${points}/${maxPoints} điểm`;
      if (reach === null) {
        return {
          message: `${head}${current}; no count reaches ${OP_TEXT[target.op]} ${target.threshold}`,
          messageVi: `${headVi}${currentVi}; không có số trường hợp nào đạt mức ${OP_TEXT[target.op]} ${target.threshold}`,
        };
      }
      const { needed, change } = reach;
      const gain = reach.points - points;
      return {
        message: `${head}${current}; at most ${needed} gives ${reach.points} (+${gain}, ${-change} fewer)`,
        messageVi:
          `${headVi}${currentVi}; cần ${needed === 0 ? 'không còn trường hợp nào' : `giảm xuống tối đa ${needed} trường hợp`} ` +
          `để được ${reach.points} điểm (+${gain}, bớt ${-change})`,
      };
    }
    case 'BOOLEAN': {
      const { answer: given, nextPoints } = finding;
      const other = !given;
      const answer = (v: boolean) => (v ? 'yes' : 'no');
      const answerVi = (v: boolean) => (v ? '“có”' : '“không”');
      return {
        message:
          `${head}answer ${answer(given)} gives ${points} of ${maxPoints} points; ` +
          `${answer(other)} gives ${nextPoints} (+${nextPoints - points})`,
        messageVi:
          `${headVi}trả lời ${answerVi(given)} được ${points}/${maxPoints} điểm; ` +
          `${answerVi(other)} được ${nextPoints} điểm (+${nextPoints - points})`,
      };
    }
    case 'GRADED': {
      const { grade, next } = finding;
      return {
        message:
          `${head}grade ${grade} gives ${points} of ${maxPoints} points; ` +
          `grade ${next.grade} gives ${next.points} (+${next.points - points})`,
        messageVi:
          `${headVi}mức ${grade} được ${points}/${maxPoints} điểm; ` +
          `mức ${next.grade} được ${next.points} điểm (+${next.points - points})`,
      };
    }
    default:
      return assertNever(finding, 'indicator kind');
  }
}
