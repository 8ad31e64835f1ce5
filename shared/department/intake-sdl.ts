/** A department's intake SDL: shared/department/intake.graphql with the department's names filled in. */
import type { Department } from '../departments';
import { readProjectFile } from '../paths';

export function intakeSdl(department: Department): string {
  return readProjectFile('shared', 'department', 'intake.graphql')
    .replace(/__slug__/g, department.slug)
    .replace(/__Pascal__/g, department.pascal)
    .replace(/__name__/g, department.nameVi);
}
