/**
 * Synthetic values (the demo generator's) published through the gateway, for tests that need a
 * province's worth of data and then change some of it.
 */
import type { DepartmentCode } from '../../shared/departments';
import type { Indicator } from '../../shared/criteria/types';
import { demoIndicator } from '../../scripts/bench/engine';
import { plausible } from '../../scripts/bench/national';
import { demoRandom, generateValue } from '../../scripts/demo-model';
import { MUTATION_OF } from '../fixtures/qd06';
import { loadCriteriaSetFileSync } from '../../shared/criteria/validate';
import { projectPath } from '../../shared/paths';
import { publisher, startTestHub, type TestHub } from './hub';

export type Row = Record<string, unknown>;

/** Values for these communes and indicators, drawn with `seed`, by department. */
export function syntheticRows(
  communes: readonly string[],
  indicators: readonly Indicator[],
  seed: string,
): Record<string, Row[]> {
  const byDepartment: Record<string, Row[]> = {};
  for (const code of communes) {
    const random = demoRandom(seed, code);
    for (const indicator of indicators) {
      const { kind: _kind, ...fields } = generateValue(
        { code, districtCode: '000', category: 'OTHER' },
        2000 + Math.floor(random() * 30),
        demoIndicator(indicator),
      );
      (byDepartment[indicator.department] ??= []).push(
        plausible({ commune: code, indicator: indicator.code, ...fields }),
      );
    }
  }
  return byDepartment;
}

/** Publishes `rowsByDepartment` for QĐ 06 as each department's publisher; expects every row applied. */
export async function publishRows(hub: TestHub, rowsByDepartment: Record<string, Row[]>, year = 2020): Promise<void> {
  for (const [department, rows] of Object.entries(rowsByDepartment)) {
    const field = MUTATION_OF[department] ?? '';
    const result = await hub.query<Record<string, { applied: boolean; rejectedCount: number }>>(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied rejectedCount } }`,
      { input: { criteriaSetId: 'QD06-2019', year, rows } },
      publisher(department as DepartmentCode),
    );
    expect([department, result.body.errors, result.body.data?.[field]]).toEqual([
      department,
      undefined,
      { applied: true, rejectedCount: 0 },
    ]);
  }
}

/** Every indicator of QĐ 06 (v2). */
export const QD06_INDICATORS: Indicator[] = loadCriteriaSetFileSync(
  projectPath('criteria-sets', 'qd06-2019.v2.json'),
).criteria.flatMap((c) => c.indicators);

/**
 * A test hub with synthetic 2020 values (drawn with `seed`) of every QĐ 06 indicator for each of
 * Ninh Thuận's 65 communes; the communes' codes with it. Stop the hub in afterAll.
 */
export async function startPublishedNinhThuan(seed: string): Promise<{ hub: TestHub; communes: string[] }> {
  const hub = await startTestHub({ subgraphTimeoutMs: 120000 });
  const answer = await hub.query<{ communes: { code: string }[] }>(
    `{ communes(provinceCode: "58", year: 2020) { code } }`,
  );
  const communes = (answer.body.data?.communes ?? []).map((c) => c.code);
  expect(communes).toHaveLength(65);
  await publishRows(hub, syntheticRows(communes, QD06_INDICATORS, seed));
  return { hub, communes };
}
