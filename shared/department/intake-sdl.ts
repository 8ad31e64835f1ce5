/** A department's intake SDL: shared/department/intake.graphql with the department's names filled in. */
import { readProjectFile } from '../paths';

export function intakeSdl(department: {
  readonly slug: string;
  readonly pascal: string;
  readonly nameVi: string;
}): string {
  return readProjectFile('shared', 'department', 'intake.graphql')
    .replace(/__slug__/g, department.slug)
    .replace(/__Pascal__/g, department.pascal)
    .replace(/__name__/g, department.nameVi);
}
