/**
 * `npm run approval -- status|submit|approve|return --department YTE --district 584 --year 2020 [--set QD06-2019] [--reason TEXT]`
 * (or `--province 56` for a year on the two-tier map, whose communes have no district)
 * takes a step of the approval of a department's values of a district (or province) and year through the graph
 * (hub running) and prints where they stand, with what changed since the last approval. `submit`
 * is the department's publisher's step; `approve` and `return` (with `--reason`) its approver's
 * (DEPARTMENT_APPROVER). Credentials as for `npm run import` (a local token of the right role when
 * none is given).
 */
import { assignedSet, callGraph, departmentArg } from './intake-client';
import { parseOptions, TARGET_OPTIONS, targetOf, yearArg } from './intake-args';

interface View {
  department: string;
  districtCode: string | null;
  provinceCode: string | null;
  year: number;
  criteriaSetId: string;
  state: string;
  valueCount: number;
  message: string;
  messageVi: string;
  changes: {
    communeCode: string;
    indicator: string;
    change: string;
    approvedRevision: number | null;
    currentRevision: number;
  }[];
  history: { action: string; actor: string; at: string; reason: string | null }[];
}

const VIEW =
  'department districtCode provinceCode year criteriaSetId state valueCount message messageVi changes { communeCode indicator change approvedRevision currentRevision } history { action actor at reason }';
const ACTIONS = ['status', 'submit', 'approve', 'return'] as const;

async function main(): Promise<void> {
  const { positional, values } = parseOptions(
    process.argv.slice(2),
    [],
    ['--department', '--district', '--province', '--year', '--set', '--reason', ...TARGET_OPTIONS],
  );
  const [action, extra] = positional;
  if (!action || extra || !(ACTIONS as readonly string[]).includes(action))
    throw new Error(
      `usage: npm run approval -- ${ACTIONS.join('|')} --department D (--district 584 | --province 56) --year 2020 [--set ID] [--reason TEXT]`,
    );
  const department = departmentArg(values.get('--department'));
  const year = yearArg(values.get('--year'));
  const districtCode = values.get('--district') ?? null;
  const provinceCode = values.get('--province') ?? null;
  if ((districtCode === null) === (provinceCode === null))
    throw new Error(
      'give --district (the 3-digit district code) or, for a year on the two-tier map, --province (the 2-digit province code)',
    );
  const target = await targetOf(
    values,
    department,
    'approval',
    action === 'approve' || action === 'return' ? 'approver' : 'publisher',
  );
  const criteriaSetId = values.get('--set') ?? (await assignedSet(target, year));
  const scope = { districtCode, provinceCode, year, criteriaSetId };
  let view: View | undefined;
  if (action === 'status') {
    const data = await callGraph<Record<string, View>>(
      target,
      `query($d: String, $p: String, $y: Int!, $s: ID!) { v: ${department.slug}Approval(districtCode: $d, provinceCode: $p, year: $y, criteriaSetId: $s) { ${VIEW} } }`,
      { d: districtCode, p: provinceCode, y: year, s: criteriaSetId },
    );
    view = data.v;
  } else {
    const reason = values.get('--reason');
    if (action === 'return' && !reason) throw new Error('return needs --reason');
    const type = action === 'return' ? 'ReturnValuesInput' : 'ApprovalInput';
    const data = await callGraph<Record<string, View>>(
      target,
      `mutation($input: ${type}!) { v: ${action}${department.pascal}Values(input: $input) { ${VIEW} } }`,
      {
        input: action === 'return' ? { ...scope, reason } : scope,
      },
    );
    view = data.v;
  }
  if (!view) throw new Error('no answer');
  const lines = [
    `${view.department} · ${view.districtCode !== null ? `huyện/district ${view.districtCode}` : `tỉnh/province ${view.provinceCode ?? ''}`} · ${view.year} · ${view.criteriaSetId}: ${view.state} (${view.valueCount} giá trị/values)`,
    `${view.messageVi} | ${view.message}`,
    ...view.changes.map(
      (c) =>
        `  thay đổi/changed ${c.communeCode} ${c.indicator}: ${c.change} revision ${c.approvedRevision ?? '-'} → ${c.currentRevision}`,
    ),
    ...view.history.map((h) => `  ${h.at} ${h.action} ${h.actor}${h.reason ? `: ${h.reason}` : ''}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`approval: ${(error as Error).message}\n`);
  process.exit(1);
});
