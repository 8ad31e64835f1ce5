/**
 * A department's values through approval (submit, approve, return with a reason), for the tests of
 * approval on either map: who submits and who approves, and one step through the gateway answered
 * with the view the test asks for.
 */
import type { DepartmentCode } from '../../shared/departments';
import { admin, publisher, type TestHub, type TestIdentity } from './hub';

/** Every department, in the order the graph lists a commune-year's inputs. */
export const DEPARTMENTS: DepartmentCode[] = ['LDTBXH', 'YTE', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL'];

const PASCAL: Record<string, string> = {
  LDTBXH: 'Ldtbxh',
  YTE: 'Yte',
  TUPHAP: 'Tuphap',
  GDDT: 'Gddt',
  CONGAN: 'Congan',
  VHTTDL: 'Vhttdl',
};

/** A department's approver. */
export const approver = (department: DepartmentCode): TestIdentity => ({
  subject: `${department.toLowerCase()}-approver`,
  name: `${department.toLowerCase()}-approver`,
  role: 'DEPARTMENT_APPROVER',
  department,
  province: null,
  district: null,
  commune: null,
});

/** Who publishes and submits a department's values: its system, the administrator for LĐTBXH. */
export const publisherOf = (d: DepartmentCode): TestIdentity => (d === 'LDTBXH' ? admin() : publisher(d));

/**
 * Takes one approval step of `department`'s values of `scope` (a district or a province, and a year;
 * set QD06-2019) as `who`; answers with the fields `view` asks for, or the errors.
 */
export async function approvalStep<View>(
  hub: TestHub,
  view: string,
  action: 'submit' | 'approve' | 'return',
  department: DepartmentCode,
  who: TestIdentity,
  scope: Record<string, unknown>,
  reason?: string,
) {
  const input = { ...scope, criteriaSetId: 'QD06-2019', ...(action === 'return' ? { reason } : {}) };
  const field = `${action}${PASCAL[department] ?? ''}Values`;
  const type = action === 'return' ? 'ReturnValuesInput' : 'ApprovalInput';
  const result = await hub.query<Record<string, View>>(
    `mutation($input: ${type}!) { ${field}(input: $input) { ${view} } }`,
    { input },
    who,
  );
  return { view: result.body.data?.[field], errors: result.body.errors };
}
