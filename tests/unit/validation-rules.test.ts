/** Validation-rule documents: the shipped file is valid against its criteria set; every problem of a bad one is reported with its path. */
import fs from 'node:fs';
import { parseCriteriaSet } from '../../shared/criteria/validate';
import { checkValue } from '../../shared/rules/evaluate';
import { parseRuleSet, readRuleSets, RuleSetValidationError } from '../../shared/rules/rules';
import { projectPath } from '../../shared/paths';

const qd06 = parseCriteriaSet(JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v1.json'), 'utf8')) as unknown);

describe('validation rules as data', () => {
  it('the shipped rules are valid, also against QĐ 06', () => {
    const [set] = readRuleSets(projectPath('validation-rules'));
    expect(set).toMatchObject({ id: 'QD06-2019-RULES', version: 1, criteriaSetId: 'QD06-2019' });
    expect(() => parseRuleSet(JSON.parse(JSON.stringify(set)) as unknown, qd06)).not.toThrow();
  });

  it('reports every problem with its path and code', () => {
    const bad = {
      format: 'cfc-validation-rules/1',
      id: 'X',
      version: 0,
      criteriaSetId: 'QD06-2019',
      provisional: true,
      description: 'd',
      extra: 1,
      rules: [
        { id: 'A', severity: 'FATAL', check: 'RANGE', title: 't', titleVi: 't', left: { department: 'YTE', indicator: '2.1', field: 'count' }, min: 'x', max: null },
        { id: 'A', severity: 'ERROR', check: 'COMPARE', title: 't', titleVi: 't', left: { department: 'YTE', indicator: '9.9', field: 'numerator' }, op: '==', right: { department: 'TUPHAP', indicator: '2.1', field: 'denominator' }, factor: '1.1' },
        { id: 'B', severity: 'WARNING', check: 'RANGE', title: 't', titleVi: 't', left: { department: 'YTE', indicator: '7.1', field: 'rate' }, min: '2', max: '1' },
      ],
    };
    let caught: unknown;
    try {
      parseRuleSet(bad, qd06);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleSetValidationError);
    expect((caught as RuleSetValidationError).issues.map((i) => [i.path, i.code])).toEqual([
      ['extra', 'UNKNOWN_FIELD'],
      ['version', 'VERSION_INVALID'],
      ['rules[0].severity', 'ENUM_INVALID'],
      ['rules[0].left.department', 'DEPARTMENT_MISMATCH'],
      ['rules[0].left.field', 'FIELD_NOT_OF_KIND'],
      ['rules[0].min', 'DECIMAL_INVALID'],
      ['rules[1].id', 'DUPLICATE_ID'],
      ['rules[1].left.indicator', 'INDICATOR_UNKNOWN'],
      ['rules[1].op', 'ENUM_INVALID'],
      ['rules[2].min', 'RANGE_INVALID'],
    ]);
  });

  it('compares exactly: 126 ≤ 115 × 1.1 holds, 127 does not; a rate of 49/100 is below 0.5', () => {
    const [set] = readRuleSets(projectPath('validation-rules'));
    if (!set) throw new Error('no shipped rules');
    const births = () => ({ numerator: 110, denominator: 115, count: null });
    const ids = (numerator: number, denominator: number) => checkValue(set, 'YTE', '22738', '7.1', { numerator, denominator, count: null }, births).map((v) => v.ruleId);
    expect(ids(126, 126)).toEqual([]);
    expect(ids(127, 127)).toEqual(['YTE-7.1-IMMUNISED-LE-BIRTHS']);
    expect(ids(49, 100)).toEqual(['YTE-7.1-RATE-PLAUSIBLE']);
    expect(ids(50, 100)).toEqual([]);
  });
});
