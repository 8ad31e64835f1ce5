/**
 * The targets the hub starts with: plan 965/KH-UBND's (3–5 % newly recognised every year, 80 %
 * recognised by 2020) for Ninh Thuận and, marked provisional, its districts, from 2015 to 2030 —
 * for scope-years with no target yet. The province records its own with setTarget.
 */
import type { DataSource } from 'typeorm';
import { systemActor, withActor } from '../../../shared/audit/actor';
import type { Logger } from '../../../shared/logger';
import { NINH_THUAN } from '../places/places';
import { SYSTEM_ACTOR } from '../places/seed';
import { DEFAULT_TARGETS } from './targets';
import { seedTargets } from './store';

export async function seedDefaultTargets(dataSource: DataSource, logger: Logger): Promise<void> {
  const districts: { code: string }[] = await dataSource.query(
    `SELECT code FROM reference.district WHERE province_code = $1 AND valid_to IS NULL`,
    [NINH_THUAN.code],
  );
  const scopes = [`province:${NINH_THUAN.code}`, ...districts.map((d) => `district:${d.code}`)];
  const years = Array.from({ length: 16 }, (_, i) => 2015 + i);
  const added = await withActor(dataSource, systemActor(SYSTEM_ACTOR), (m) =>
    seedTargets(m, DEFAULT_TARGETS(scopes, years), SYSTEM_ACTOR),
  );
  if (added > 0) logger.info('default targets recorded', { targets: added });
}
