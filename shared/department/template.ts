/**
 * The department module's resolver maps are written once, for a template department, and typed by
 * the types generated from the SDL that department would serve (./generated/schema-types.ts,
 * `npm run compose`): every department serves the same types, under field names that carry its
 * slug (`<slug>Template`, `<slug>Inputs`) or capitalised slug (`publish<Pascal>Values`), which the
 * template's names stand for. {@link forDepartment} gives a map the department's names.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLScalarType } from 'graphql';

/** The template department: no department of the table, so that its names name none in particular. */
export const TEMPLATE_DEPARTMENT = { slug: 'dept', pascal: 'Dept' } as const;

/** A field name of the template department as `department` names it (`deptTemplate` → `yteTemplate`, `publishDeptValues` → `publishYteValues`). */
export function departmentFieldName(
  field: string,
  department: { readonly slug: string; readonly pascal: string },
): string {
  return field
    .replace(new RegExp(`^${TEMPLATE_DEPARTMENT.slug}(?=[A-Z]|$)`), department.slug)
    .replace(new RegExp(`(?<=[a-z])${TEMPLATE_DEPARTMENT.pascal}(?=[A-Z])`), department.pascal);
}

/** The resolver map `map`, written for the template department, with the fields `department`'s names. */
export function forDepartment<TContext>(
  department: { readonly slug: string; readonly pascal: string },
  map: Readonly<Record<string, object | undefined>>,
): GraphQLResolverMap<TContext> {
  const renamed: GraphQLResolverMap<TContext> = {};
  for (const [typeName, fields] of Object.entries(map)) {
    if (fields === undefined) continue;
    renamed[typeName] =
      fields instanceof GraphQLScalarType
        ? fields
        : Object.fromEntries(
            Object.entries(fields).map(([field, resolver]) => [departmentFieldName(field, department), resolver]),
          );
  }
  return renamed;
}
