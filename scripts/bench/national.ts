/**
 * A synthetic national publication through the public mutations: every department publishes its
 * QĐ 06 indicators for every commune of the country for one year (the demo generator's values,
 * labelled synthetic), in calls of at most `rowsPerCall` rows, the departments side by side.
 */
import type { CriteriaSet, Indicator } from '../../shared/criteria/types';
import { DEPARTMENTS } from '../../shared/departments';
import { DEMO_SOURCE_REF, generateValue } from '../demo-model';
import { demoIndicator } from './engine';

/**
 * Keeps a synthetic row within the shipped validation rules' errors whatever the other
 * departments' values: births registered (2.1's denominator) from 1,000 to 5,000, under-1s
 * immunised (7.1) at most 900 — so that a rule refusing a row measures nothing but a mistake.
 */
export function plausible<T extends Record<string, unknown>>(row: T): T {
  const numerator = Number(row.numerator);
  const denominator = Number(row.denominator);
  if (row.indicator === '2.1') {
    const births = Math.min(5000, Math.max(1000, denominator));
    return {
      ...row,
      denominator: births,
      numerator: Math.min(births, Math.round((numerator / Math.max(denominator, 1)) * births)),
    };
  }
  if (row.indicator === '7.1' && denominator > 900)
    return { ...row, denominator: 900, numerator: Math.floor((numerator * 900) / denominator) };
  return row;
}

export interface PublishFigures {
  rows: number;
  calls: number;
  seconds: number;
  rowsPerSecond: number;
  errors: string[];
}

type Post = (
  query: string,
  variables: Record<string, unknown>,
  token: string,
) => Promise<{
  data?: Record<
    string,
    { applied: boolean; created: number; updated: number; unchanged: number; rejectedCount: number }
  > | null;
  errors?: { message: string }[];
}>;

/** Publishes every department's values for `communes` and `year`. */
export async function publishNationally(
  post: Post,
  tokenOf: (department: string) => Promise<string>,
  set: CriteriaSet,
  communes: readonly string[],
  year: number,
  rowsPerCall = 10000,
): Promise<PublishFigures> {
  const started = Date.now();
  const errors: string[] = [];
  let rows = 0;
  let calls = 0;
  await Promise.all(
    DEPARTMENTS.map(async (department) => {
      const indicators: Indicator[] = set.criteria
        .flatMap((c) => c.indicators)
        .filter((i) => i.department === department.code);
      if (indicators.length === 0) return;
      const token = await tokenOf(department.code);
      const all = communes.flatMap((code) =>
        indicators.map((indicator) => {
          const input = generateValue({ code, districtCode: '000', category: 'OTHER' }, year, demoIndicator(indicator));
          const { kind: _kind, ...fields } = input;
          return plausible({ commune: code, indicator: indicator.code, ...fields, sourceRef: DEMO_SOURCE_REF });
        }),
      );
      for (let start = 0; start < all.length; start += rowsPerCall) {
        const chunk = all.slice(start, start + rowsPerCall);
        const mutation = `mutation($input: PublishValuesInput!) { r: publish${department.pascal}Values(input: $input) { applied created updated unchanged rejectedCount } }`;
        const answer = await post(
          mutation,
          { input: { criteriaSetId: set.id, year, rows: chunk, allOrNothing: true } },
          token,
        );
        calls += 1;
        if (answer.errors?.length || !answer.data?.r?.applied)
          errors.push(
            `${department.code}: ${answer.errors?.[0]?.message ?? `not applied (${answer.data?.r?.rejectedCount ?? '?'} rejected)`}`,
          );
        else rows += chunk.length;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { rows, calls, seconds, rowsPerSecond: Math.round(rows / seconds), errors };
}
