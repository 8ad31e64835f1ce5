import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { collectCriteriaSetIssues, parseCriteriaSet } from '../../../shared/criteria/validate';
import { scoreIndicator } from '../../../shared/criteria/scoring';

/** The worked example of docs/criteria-sets.md §5, so the documentation cannot drift. */
function workedExample(): unknown {
  const doc = readFileSync(join(__dirname, '../../../docs/criteria-sets.md'), 'utf8');
  const section = doc.split('## 5. Worked example')[1] ?? '';
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (block === undefined) throw new Error('no JSON block in §5 of docs/criteria-sets.md');
  return JSON.parse(block);
}

/** The parts of the example the mistakes below touch. */
interface ExampleDoc {
  provisional: unknown;
  criteria: { indicators: { maxPoints: unknown; bands: { threshold: unknown }[] }[] }[];
}

/** Codes and paths reported after `edit` is applied to indicator 1.1 of a fresh example. */
function issuesAfter(
  edit: (doc: ExampleDoc, rate: ExampleDoc['criteria'][number]['indicators'][number]) => void,
): [string, string][] {
  const doc = workedExample() as ExampleDoc;
  const rate = doc.criteria[0]?.indicators[0];
  if (rate === undefined) throw new Error('missing indicator 1.1');
  edit(doc, rate);
  return collectCriteriaSetIssues(doc).map((i) => [i.code, i.path]);
}

describe('docs/criteria-sets.md worked example', () => {
  const set = parseCriteriaSet(workedExample());
  const rate = set.criteria[0]?.indicators[0];

  it('is a valid set', () => {
    expect(set.id).toBe('EXAMPLE');
  });

  it.each([
    [49, 50, 50, 'BAND'],
    [391, 400, 30, 'BAND'],
    [39, 40, 0, 'OTHERWISE'],
    [0, 0, 50, 'NO_DENOMINATOR'],
  ])('scores %d / %d as the table says: %d points (%s)', (numerator, denominator, points, rule) => {
    if (rate === undefined) throw new Error('missing indicator 1.1');
    const score = scoreIndicator(rate, { kind: 'RATE', numerator, denominator });
    expect([score.points, score.rule]).toEqual([points, rule]);
  });

  it('reports the typical mistakes as documented', () => {
    const bands = 'criteria[0].indicators[0].bands';
    expect(
      issuesAfter((_doc, rate) => {
        const band = rate.bands[0];
        if (band !== undefined) band.threshold = 98;
      }),
    ).toEqual([['FIELD_TYPE', `${bands}[0].threshold`]]);
    expect(issuesAfter((_doc, rate) => rate.bands.reverse())).toEqual([
      ['BANDS_NOT_MONOTONIC', `${bands}[1].threshold`],
      ['BANDS_NOT_MONOTONIC', `${bands}[1].points`],
    ]);
    expect(
      issuesAfter((_doc, rate) => {
        rate.maxPoints = 60;
      }),
    ).toEqual([
      ['INDICATOR_MAX_MISMATCH', 'criteria[0].indicators[0].maxPoints'],
      ['POINTS_SUM_MISMATCH', 'criteria[0].maxPoints'],
    ]);
    expect(
      issuesAfter((doc) => {
        doc.provisional = false;
      }),
    ).toEqual([['PROVISIONAL_FLAG_INCONSISTENT', 'provisional']]);
  });
});
