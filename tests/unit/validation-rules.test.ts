/** Validation-rule documents: the shipped file is valid against its criteria set; every problem of a bad one is reported with its path. */
import fs from 'node:fs';
import { parseCriteriaSet } from '../../shared/criteria/validate';
import { checkValue } from '../../shared/rules/evaluate';
import {
  canonicalRuleSet,
  parseRuleSet,
  readRuleSets,
  ruleSetForYear,
  RuleSetValidationError,
} from '../../shared/rules/rules';
import { projectPath } from '../../shared/paths';

const qd06 = parseCriteriaSet(
  JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v1.json'), 'utf8')) as unknown,
);

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
        {
          id: 'A',
          severity: 'FATAL',
          check: 'RANGE',
          title: 't',
          titleVi: 't',
          left: { department: 'YTE', indicator: '2.1', field: 'count' },
          min: 'x',
          max: null,
        },
        {
          id: 'A',
          severity: 'ERROR',
          check: 'COMPARE',
          title: 't',
          titleVi: 't',
          left: { department: 'YTE', indicator: '9.9', field: 'numerator' },
          op: '==',
          right: { department: 'TUPHAP', indicator: '2.1', field: 'denominator' },
          factor: '1.1',
        },
        {
          id: 'B',
          severity: 'WARNING',
          check: 'RANGE',
          title: 't',
          titleVi: 't',
          left: { department: 'YTE', indicator: '7.1', field: 'rate' },
          min: '2',
          max: '1',
        },
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
    const ids = (numerator: number, denominator: number) =>
      checkValue(set, 'YTE', '22738', '7.1', { numerator, denominator, count: null }, births).map((v) => v.ruleId);
    expect(ids(126, 126)).toEqual([]);
    expect(ids(127, 127)).toEqual(['YTE-7.1-IMMUNISED-LE-BIRTHS']);
    expect(ids(49, 100)).toEqual(['YTE-7.1-RATE-PLAUSIBLE']);
    expect(ids(50, 100)).toEqual([]);
  });

  it('a version applies from its fromYear: the highest version not after the year, a version without it every year', () => {
    const [v1] = readRuleSets(projectPath('validation-rules'));
    if (!v1) throw new Error('no shipped rules');
    expect(v1.fromYear).toBeNull();
    const v2 = parseRuleSet({ ...JSON.parse(JSON.stringify(v1)), version: 2, fromYear: 2021 } as unknown, qd06);
    const v3 = parseRuleSet({ ...JSON.parse(JSON.stringify(v1)), version: 3, fromYear: 2024 } as unknown, qd06);
    const versions = [v3, v1, v2];
    expect(
      [2019, 2020, 2021, 2023, 2024, 2030].map((year) => ruleSetForYear(versions, 'QD06-2019', year)?.version),
    ).toEqual([1, 1, 2, 2, 3, 3]);
    expect(ruleSetForYear(versions, 'QD34-2014', 2020)).toBeNull();
    try {
      parseRuleSet({ ...JSON.parse(JSON.stringify(v1)), fromYear: 1999 } as unknown);
      throw new Error('accepted');
    } catch (error) {
      expect((error as RuleSetValidationError).issues).toEqual([
        { path: 'fromYear', code: 'YEAR_INVALID', message: 'must be a whole year from 2000 to 2100, or null' },
      ]);
    }
  });

  it('the canonical form is the same for the same content in any key order', () => {
    const [v1] = readRuleSets(projectPath('validation-rules'));
    if (!v1) throw new Error('no shipped rules');
    const reordered = parseRuleSet(
      Object.fromEntries(
        Object.entries(JSON.parse(JSON.stringify(v1)) as Record<string, unknown>).reverse(),
      ) as unknown,
    );
    expect(canonicalRuleSet(reordered)).toBe(canonicalRuleSet(v1));
    expect(canonicalRuleSet({ ...v1, description: 'khác' })).not.toBe(canonicalRuleSet(v1));
  });
});
