/**
 * `npm run units:apply -- FILE…`: the reorganisations in the given files or folders, validated,
 * then applied in date order in one audited transaction. Without `apply` it is a dry run: the same
 * work inside the transaction, which is then rolled back, so the report says exactly what applying
 * would do. A second application of the same files changes nothing.
 */
import type { DataSource } from 'typeorm';
import { withActor } from '../../../shared/audit/actor';
import { loadNinhThuan } from '../places/places';
import { applyResolution, type ResolutionSummary } from './apply';
import { groupFiles, readResolution, UnitsFileError, type FileIssue, type Resolution } from './files';

export interface UnitsApplyResult {
  dryRun: boolean;
  resolutions: ResolutionSummary[];
}

class DryRunRollback extends Error {
  constructor(readonly resolutions: ResolutionSummary[]) {
    super('dry run: rolled back');
  }
}

/** Reads and validates every reorganisation of the arguments. @throws UnitsFileError with every problem. */
export function readResolutions(args: readonly string[]): Resolution[] {
  const issues: FileIssue[] = [];
  const resolutions: Resolution[] = [];
  for (const [dir, files] of groupFiles(args)) {
    try {
      resolutions.push(readResolution(dir, files));
    } catch (error) {
      if (error instanceof UnitsFileError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length > 0) throw new UnitsFileError(issues);
  return resolutions.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.name.localeCompare(b.name));
}

/**
 * Applies (or, without `apply`, rehearses) the reorganisations. `actor` is who applies them, as
 * the audit trail records it; required to apply.
 * @throws UnitsFileError naming every problem row; nothing is stored then.
 */
export async function unitsApply(
  dataSource: DataSource,
  args: readonly string[],
  options: { apply: boolean; actor: string | null },
): Promise<UnitsApplyResult> {
  if (args.length === 0)
    throw new UnitsFileError([
      {
        file: '(arguments)',
        line: 0,
        field: 'FILE',
        code: 'NO_FILES',
        message: 'name the reorganisation folders or files, e.g. data/reorganisations/*',
      },
    ]);
  const actor = options.actor?.normalize('NFC').trim() ?? '';
  if (options.apply && actor === '')
    throw new UnitsFileError([
      {
        file: '(arguments)',
        line: 0,
        field: '--actor',
        code: 'ACTOR_REQUIRED',
        message: '--actor "Name" is required to apply: the audit trail records who made every write',
      },
    ]);
  const resolutions = readResolutions(args);
  const name = options.apply
    ? `units:apply (command): ${actor}`
    : `units:apply dry run (rolled back)${actor ? `: ${actor}` : ''}`;
  const requestId = `units:apply:${new Date().toISOString()}`;
  try {
    const summaries = await withActor(dataSource, { name, role: 'SYSTEM', requestId }, async (m) => {
      // The map the hub starts from (Ninh Thuận's units of 2017–2020), on a database that lacks it.
      await loadNinhThuan(m, name);
      const done: ResolutionSummary[] = [];
      for (const resolution of resolutions) done.push(await applyResolution(m, resolution, name));
      if (!options.apply) throw new DryRunRollback(done);
      return done;
    });
    return { dryRun: false, resolutions: summaries };
  } catch (error) {
    if (error instanceof DryRunRollback) return { dryRun: true, resolutions: error.resolutions };
    throw error;
  }
}

/** One line per reorganisation, for the command's output. */
export function describe(summary: ResolutionSummary): string {
  if (summary.unchanged) return `${summary.name} (from ${summary.effectiveFrom}): already applied, nothing to change`;
  const parts = [
    `provinces +${summary.provincesOpened} / ended ${summary.provincesClosed}`,
    `districts ended ${summary.districtsClosed}`,
    `communes +${summary.communesOpened} / ended ${summary.communesClosed} / unchanged ${summary.communesUnchanged}`,
    `retired ${summary.retiredClosed}`,
    `lineage links +${summary.linksRecorded}`,
  ];
  const unknown = summary.predecessorsNotStored + summary.retiredNotStored;
  return `${summary.name} (from ${summary.effectiveFrom}): ${parts.join('; ')}${unknown > 0 ? `; ${summary.predecessorsNotStored} old units and ${summary.retiredNotStored} retired units the hub never stored (recorded by code and name only)` : ''}`;
}
