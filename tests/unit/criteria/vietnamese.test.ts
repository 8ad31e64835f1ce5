/**
 * The Vietnamese texts of an assessment (the explanation, every condition's and gap's messageVi)
 * are Vietnamese only: no English word, no internal code or id reaches an official who reads them.
 */
import { join } from 'node:path';

import { assess } from '../../../subgraphs/ldtbxh/assessment/assess';
import type { Assessment } from '../../../subgraphs/ldtbxh/assessment/model';
import { loadCriteriaSetFileSync } from '../../../shared/criteria/validate';
import { fullValues, input, qd06, qd34, withValues } from './assess-builders';

const qd06v2 = loadCriteriaSetFileSync(join(__dirname, '../../../criteria-sets/qd06-2019.v2.json'));

/** English words and internal codes the Vietnamese texts must not contain. */
const FOREIGN =
  /\b(criterion|criteria|total|points?|missing|band|count|indicator|yes|no|category|provisional|unavailable|service|not|met|of|and|the|OTHER|URBAN_WARD|MOUNTAIN_ISLAND_DISADVANTAGED|QD06-2019|QD34-2014|YTE|LDTBXH|TUPHAP|GDDT|CONGAN|VHTTDL|null|undefined|NaN)\b/;

function vietnameseTexts(a: Assessment): string[] {
  return [a.explanation, ...a.conditions.map((c) => c.messageVi), ...a.gaps.map((g) => g.messageVi)];
}

const scenarios: [string, Assessment][] = [
  ['eligible, QĐ 06 v1', assess(input(qd06))],
  ['eligible, QĐ 06 v2', assess(input(qd06v2))],
  [
    'failing on total and a criterion at 0',
    assess(
      input(qd06, {
        values: withValues(qd06, fullValues(qd06), {
          '1.4': { value: false },
          '2.1': { numerator: 95, denominator: 100 },
          '4.1': { count: 2 },
          '4.2': { count: 1 },
          '11.1': { grade: 'C' },
        }),
      }),
    ),
  ],
  [
    'one criterion not met (v2)',
    assess(
      input(qd06v2, { values: withValues(qd06v2, fullValues(qd06v2), { '7.1': { numerator: 90, denominator: 100 } }) }),
    ),
  ],
  [
    'incomplete, a service down (v2)',
    assess(
      input(qd06v2, {
        values: fullValues(qd06v2).filter((v) => v.department !== 'YTE'),
        unavailableDepartments: ['YTE'],
      }),
    ),
  ],
  ['nothing published, no category', assess(input(qd06v2, { values: [], category: null }))],
  [
    'QĐ 34, provisional category',
    assess(
      input(qd34, {
        values: fullValues(qd34).filter((v) => v.indicator !== '8.1'),
        category: { category: 'MOUNTAIN_ISLAND_DISADVANTAGED', provisional: true },
      }),
    ),
  ],
];

describe('Vietnamese outputs of the assessment', () => {
  it.each(scenarios)('%s: no English word, no internal code', (_name, a) => {
    for (const text of vietnameseTexts(a)) {
      expect([text, FOREIGN.exec(text)?.[0] ?? null]).toEqual([text, null]);
    }
  });

  it('names the decision, not the internal id, and says that the set’s figures are provisional, not the data', () => {
    const a = assess(input(qd06v2));
    expect(a.explanation).toContain('theo tiêu chuẩn của Quyết định số 06/QĐ-TTg (bộ tiêu chí phiên bản 2)');
    expect(a.explanation).toContain(
      'Lưu ý: một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức.',
    );
    expect(a.explanation).not.toContain('số liệu tạm thời');
  });
});
