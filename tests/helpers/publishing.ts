/**
 * Publishing a year's raw values through the gateway, as each department's system does, for tests
 * whose subject is what the values lead to (assessments, approval, the recognition procedure);
 * rows are built with tests/fixtures/qd06.ts.
 */
import type { DepartmentCode } from '../../shared/departments';
import { MUTATION_OF } from '../fixtures/qd06';
import { publisher, type TestHub, type TestIdentity } from './hub';

/** Rows of publishing calls, per department. */
export type DepartmentRows = Record<string, Record<string, unknown>[]>;

/** The rows of several communes (or overrides) as one publishing call per department. */
export function mergeRows(...parts: DepartmentRows[]): DepartmentRows {
  const merged: DepartmentRows = {};
  for (const part of parts) for (const [d, rows] of Object.entries(part)) (merged[d] ??= []).push(...rows);
  return merged;
}

/** Publishes one department's rows of `year` (set QD06-2019) as `who`; returns the errors and whether they applied. */
export async function publishValues(
  hub: TestHub,
  department: string,
  year: number,
  rows: Record<string, unknown>[],
  who: TestIdentity,
) {
  const field = MUTATION_OF[department] ?? '';
  const result = await hub.query<Record<string, { applied: boolean }>>(
    `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied } }`,
    { input: { criteriaSetId: 'QD06-2019', year, rows } },
    who,
  );
  return { errors: result.body.errors, applied: result.body.data?.[field]?.applied };
}

/** Publishes every department's rows of `year`, each as its own system; fails the test naming any refused. */
export async function publishYear(hub: TestHub, year: number, rows: DepartmentRows): Promise<void> {
  for (const [department, list] of Object.entries(rows)) {
    const result = await publishValues(hub, department, year, list, publisher(department as DepartmentCode));
    expect([department, year, result.errors, result.applied]).toEqual([department, year, undefined, true]);
  }
}
