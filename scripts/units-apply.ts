/**
 * `npm run units:apply -- [--apply --actor "Name"] FILE|FOLDER…`: applies reorganisations of the
 * administrative units (README "Reorganisations"). A dry run unless `--apply`: it prints what
 * would change and stores nothing. Uses DATABASE_URL, or the embedded PostgreSQL of `npm start`.
 */
import { UnitsFileError } from '../subgraphs/ldtbxh/units/files';
import { describe, unitsApply } from '../subgraphs/ldtbxh/units/command';
import { withReferenceDatabase } from './reference-database';

function parseArgs(argv: readonly string[]): { apply: boolean; actor: string | null; files: string[] } {
  const files: string[] = [];
  let apply = false;
  let actor: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--apply') apply = true;
    else if (arg === '--actor') {
      actor = argv[i + 1] ?? null;
      i += 1;
    } else if (arg.startsWith('--'))
      throw new UnitsFileError([
        {
          file: '(arguments)',
          line: 0,
          field: arg,
          code: 'UNKNOWN_OPTION',
          message: `unknown option ${arg} (known: --apply, --actor NAME)`,
        },
      ]);
    else files.push(arg);
  }
  return { apply, actor, files };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await withReferenceDatabase('units-apply', async (dataSource) => {
    const started = Date.now();
    const result = await unitsApply(dataSource, options.files, options);
    for (const summary of result.resolutions) {
      process.stdout.write(`${describe(summary)}\n`);
      for (const note of summary.notes) process.stdout.write(`  note: ${note}\n`);
    }
    process.stdout.write(
      result.dryRun
        ? `dry run in ${Date.now() - started} ms: nothing was stored; run again with --apply --actor "Name" to apply\n`
        : `applied in ${Date.now() - started} ms (one transaction, audited)\n`,
    );
  });
}

main().catch((error: unknown) => {
  if (error instanceof UnitsFileError) {
    process.stderr.write(
      `units:apply refused (UNITS_FILE_INVALID; không áp dụng được: tệp có lỗi, không có gì được lưu): ${error.message}\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`units:apply failed: ${(error as Error).message}\n`);
  process.exit(1);
});
