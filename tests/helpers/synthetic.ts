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
import { publisher, type TestHub } from './hub';

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
