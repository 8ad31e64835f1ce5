/**
 * `npm run import -- FILE --department YTE --year 2020 [--set QD06-2019] [--dry-run] [--json]`
 * imports a department's CSV or XLSX sheet through the graph (hub running) as ONE all-or-nothing
 * publication, however many rows: the rows go in chunks into a staged publication committed as a
 * whole. Prints every problem with its sheet row and column, in Vietnamese and English, and a
 * summary (created, updated, unchanged, rejected; OK / WARNING / ERROR). Exit code 1 on ERROR.
 * Credentials: --token / HUB_TOKEN, --api-key / HUB_API_KEY, else a local publisher's token.
 */
import { loadConfig } from '../shared/config';
import { reportLines } from '../shared/intake/report';
import { departmentArg, importFile, progressBar } from './intake-client';
import { parseOptions, TARGET_OPTIONS, targetOf, yearArg } from './intake-args';

async function main(): Promise<number> {
  const { positional, flags, values } = parseOptions(
    process.argv.slice(2),
    ['--dry-run', '--json'],
    ['--department', '--year', '--set', '--format', '--chunk', ...TARGET_OPTIONS],
  );
  const [file, extra] = positional;
  if (!file || extra)
    throw new Error('usage: npm run import -- FILE --department YTE --year 2020 [--set ID] [--dry-run] [--json]');
  const department = departmentArg(values.get('--department'));
  const year = yearArg(values.get('--year'));
  const format = values.get('--format')?.toUpperCase();
  if (format !== undefined && format !== 'CSV' && format !== 'XLSX') throw new Error('--format is xlsx or csv');
  const chunk = Number(values.get('--chunk') ?? Math.min(loadConfig().maxPublishRows, 2000));
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error('--chunk is a whole number of rows per call');
  const target = await targetOf(values, department, 'import');
  const report = await importFile(target, {
    file,
    department,
    year,
    criteriaSetId: values.get('--set'),
    format,
    dryRun: flags.has('--dry-run'),
    chunkSize: chunk,
    progress: progressBar(process.stderr),
    committing: () => process.stderr.write('đang ghi thành một lượt công bố… / committing as one publication…\n'),
  });
  process.stdout.write(
    flags.has('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${reportLines(report).join('\n')}\n`,
  );
  return report.status === 'ERROR' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
