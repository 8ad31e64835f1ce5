/**
 * Running validation rules on figures, exactly (integers and decimal strings as fractions, no
 * floating point). Pure: the caller gathers the figures — its own rows, and the other department's
 * values obtained through the graph.
 */
import { assertNever } from '../assert-never';
import type { DepartmentCode } from '../criteria/types';
import type { CompareOp, RuleField, RuleOperand, RuleSet, RuleSeverity, ValidationRule } from './rules';

/** The raw figures of one indicator value. */
export interface Figures {
  numerator: number | null;
  denominator: number | null;
  count: number | null;
}

/** One figure as a rule read it. */
export interface RuleFigure {
  department: DepartmentCode;
  indicator: string;
  field: RuleField;
  /** e.g. `50000`, or `97/100` for a rate. */
  value: string;
}

/** A rule a commune's figures break. */
export interface RuleViolation {
  ruleSetId: string;
  ruleSetVersion: number;
  ruleId: string;
  severity: RuleSeverity;
  title: string;
  titleVi: string;
  communeCode: string;
  /** The checked figure (the left side) and, for a comparison, the other side. */
  left: RuleFigure;
  right: RuleFigure | null;
  /** The bound the left side broke, e.g. `<= 126.5` (right × factor) or `>= 0.5`. */
  limit: string;
  message: string;
  messageVi: string;
}

type Fraction = [bigint, bigint];

function fraction(decimal: string): Fraction {
  const negative = decimal.startsWith('-');
  const [whole = '0', part = ''] = decimal.replace('-', '').split('.');
  const scale = 10n ** BigInt(part.length);
  const n = BigInt(whole) * scale + BigInt(part === '' ? '0' : part);
  return [negative ? -n : n, scale];
}

function holds(a: Fraction, op: CompareOp, b: Fraction): boolean {
  // a0/a1 op b0/b1 with a1, b1 > 0
  const left = a[0] * b[1];
  const right = b[0] * a[1];
  switch (op) {
    case '<=':
      return left <= right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '>':
      return left > right;
    default:
      return assertNever(op, 'comparison');
  }
}

function read(figures: Figures, field: RuleField): Fraction | null {
  if (field === 'rate') {
    if (figures.numerator === null || figures.denominator === null || figures.denominator === 0) return null;
    return [BigInt(figures.numerator), BigInt(figures.denominator)];
  }
  const value = figures[field];
  return value === null ? null : [BigInt(value), 1n];
}

function show(figures: Figures, field: RuleField): string {
  return field === 'rate' ? `${figures.numerator ?? '?'}/${figures.denominator ?? '?'}` : String(figures[field] ?? '?');
}

/** A fraction as a decimal string, to 4 places at most. */
function decimalText([n, d]: Fraction): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const scaled = (abs * 10000n + d / 2n) / d;
  const whole = scaled / 10000n;
  const rest = (scaled % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${rest ? `.${rest}` : ''}`;
}

const OP_VI: Record<CompareOp, string> = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' };
const FIELD_VI: Record<RuleField, string> = {
  numerator: 'tử số',
  denominator: 'mẫu số',
  count: 'số lượng',
  rate: 'tỷ lệ',
};
const operandText = (o: RuleOperand) => `${o.department} ${o.indicator} ${o.field}`;
const operandVi = (o: RuleOperand) => `${FIELD_VI[o.field]} chỉ tiêu ${o.indicator} (${o.department})`;

/** The rules of `set` that check `department`'s figures (their left side). */
export function rulesOf(set: RuleSet, department: DepartmentCode): ValidationRule[] {
  return set.rules.filter((r) => r.left.department === department);
}

/** Which other departments' indicators the rules of `department` need. */
export function operandsNeeded(set: RuleSet, department: DepartmentCode): RuleOperand[] {
  return rulesOf(set, department).flatMap((r) => (r.check === 'COMPARE' ? [r.right] : []));
}

/**
 * The rules one commune's value breaks. `lookup` gives the figures of another (or the same)
 * department's indicator for the commune, or undefined when none is published (the rule is then not
 * evaluated: missing data is never taken as zero).
 */
export function checkValue(
  set: RuleSet,
  department: DepartmentCode,
  communeCode: string,
  indicator: string,
  figures: Figures,
  lookup: (operand: RuleOperand, communeCode: string) => Figures | undefined,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const rule of rulesOf(set, department)) {
    if (rule.left.indicator !== indicator) continue;
    const left = read(figures, rule.left.field);
    if (left === null) continue;
    const leftFigure: RuleFigure = { ...rule.left, value: show(figures, rule.left.field) };
    const base = {
      ruleSetId: set.id,
      ruleSetVersion: set.version,
      ruleId: rule.id,
      severity: rule.severity,
      title: rule.title,
      titleVi: rule.titleVi,
      communeCode,
      left: leftFigure,
    };
    if (rule.check === 'RANGE') {
      const below = rule.min !== null && !holds(left, '>=', fraction(rule.min));
      const above = rule.max !== null && !holds(left, '<=', fraction(rule.max));
      if (!below && !above) continue;
      const limit = below ? `>= ${rule.min}` : `<= ${rule.max}`;
      violations.push({
        ...base,
        right: null,
        limit,
        message: `${rule.title}: ${operandText(rule.left)} is ${leftFigure.value} (${decimalText(left)}); it should be ${limit}`,
        messageVi: `${rule.titleVi}: ${operandVi(rule.left)} là ${leftFigure.value} (${decimalText(left)}); phải ${below ? '≥' : '≤'} ${below ? rule.min : rule.max}`,
      });
      continue;
    }
    const other = lookup(rule.right, communeCode);
    const right = other ? read(other, rule.right.field) : null;
    if (!other || right === null) continue;
    const factor = fraction(rule.factor);
    const bound: Fraction = [right[0] * factor[0], right[1] * factor[1]];
    if (holds(left, rule.op, bound)) continue;
    const rightFigure: RuleFigure = { ...rule.right, value: show(other, rule.right.field) };
    const limit = `${rule.op} ${decimalText(bound)}`;
    violations.push({
      ...base,
      right: rightFigure,
      limit,
      message: `${rule.title}: ${operandText(rule.left)} ${leftFigure.value} is not ${rule.op} ${operandText(rule.right)} ${rightFigure.value} × ${rule.factor} = ${decimalText(bound)}`,
      messageVi: `${rule.titleVi}: ${operandVi(rule.left)} là ${leftFigure.value}, không ${OP_VI[rule.op]} ${operandVi(rule.right)} ${rightFigure.value} × ${rule.factor} = ${decimalText(bound)}`,
    });
  }
  return violations;
}
