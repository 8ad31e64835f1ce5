/**
 * What the LĐTBXH subgraph loads on start: Ninh Thuận's places (first start only), the shipped
 * criteria sets (each version once; a shipped file edited in place is refused, not applied) and
 * the default year → set assignments (for years that have none).
 */
import fs from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';
import { systemActor, withActor } from '../../../shared/audit/actor';
import type { CriteriaSet } from '../../../shared/criteria/types';
import { loadCriteriaSetFile } from '../../../shared/criteria/validate';
import type { Logger } from '../../../shared/logger';
import { projectPath } from '../../../shared/paths';
import { seedAssignments } from '../../../shared/reference/assignments';
import { storeCriteriaSet } from '../../../shared/reference/catalogue';
import { loadNinhThuan } from './places';

/** The identity recorded for what the hub loads by itself. */
export const SYSTEM_ACTOR = 'system (hub start-up)';

/** Paths of the criteria-set files shipped in `criteria-sets/`, sorted. */
export function shippedCriteriaSetFiles(): string[] {
  const dir = projectPath('criteria-sets');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/**
 * Loads places and shipped criteria sets where missing.
 * @throws when a shipped file is invalid or contradicts a stored version.
 */
export async function seedReference(dataSource: DataSource, logger: Logger): Promise<void> {
  const sets = await Promise.all(shippedCriteriaSetFiles().map((file) => loadCriteriaSetFile(file)));
  await withActor(dataSource, systemActor(SYSTEM_ACTOR), async (m) => {
    await seedIn(m, sets, logger);
  });
}

async function seedIn(dataSource: EntityManager, sets: CriteriaSet[], logger: Logger): Promise<void> {
  const places = await loadNinhThuan(dataSource, SYSTEM_ACTOR);
  if (places.communes > 0) logger.info('places loaded', { ...places });
  for (const conflict of places.conflicts)
    logger.warn('place differs from the published list; stored unit kept', { conflict });
  for (const set of sets) {
    const outcome = await storeCriteriaSet(dataSource, set, SYSTEM_ACTOR);
    if (outcome === 'CREATED') logger.info('criteria set loaded', { id: set.id, version: set.version });
  }
  const assigned = await seedAssignments(dataSource, SYSTEM_ACTOR);
  if (assigned > 0) logger.info('default year → criteria set assignments recorded', { years: assigned });
}
