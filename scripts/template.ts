/**
 * `npm run template -- --department YTE --year 2020 [--set QD06-2019] [--district 584 | --province 56] --format xlsx|csv --out FILE`
 * downloads a department's intake template from the graph (hub running): one row per commune ×
 * indicator of the department, current values prefilled. Credentials as for `npm run import`.
 */
import { departmentArg, downloadTemplate } from './intake-client';
import { parseOptions, TARGET_OPTIONS, targetOf, yearArg } from './intake-args';

async function main(): Promise<void> {
  const { positional, values } = parseOptions(
    process.argv.slice(2),
    [],
    ['--department', '--year', '--set', '--district', '--province', '--format', '--out', ...TARGET_OPTIONS],
  );
  if (positional.length > 0) throw new Error(`unexpected argument ${positional[0] ?? ''}`);
  const department = departmentArg(values.get('--department'));
  const year = yearArg(values.get('--year'));
  const format = (values.get('--format') ?? 'xlsx').toUpperCase();
  if (format !== 'CSV' && format !== 'XLSX') throw new Error('--format is xlsx or csv');
  const out = values.get('--out');
  if (!out) throw new Error('--out FILE is required');
  const target = await targetOf(values, department, 'template');
  const written = await downloadTemplate(target, {
    department,
    year,
    criteriaSetId: values.get('--set'),
    districtCode: values.get('--district'),
    provinceCode: values.get('--province'),
    format,
    out,
  });
  process.stdout.write(
    `${written.file}: ${written.rows} dòng/rows (${department.code}, ${written.criteriaSetId}, ${year})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`template: ${(error as Error).message}\n`);
  process.exit(1);
});
