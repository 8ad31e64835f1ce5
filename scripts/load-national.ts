/**
 * `npm run load:national`: loads every province, district and commune of Vietnam (the 2023 list,
 * 10,599 communes) into the reference data, for national-scale work. Units already stored are
 * never changed; differences are printed as conflicts. Uses DATABASE_URL, or the embedded
 * PostgreSQL of `npm start` when none is configured (the running one when the hub is up).
 */
import { systemActor, withActor } from '../shared/audit/actor';
import { loadNational } from '../subgraphs/ldtbxh/places/places';
import { withReferenceDatabase } from './reference-database';

async function main(): Promise<void> {
  await withReferenceDatabase('load-national', async (dataSource) => {
    const started = Date.now();
    const summary = await withActor(dataSource, systemActor('load:national (command)'), (m) => loadNational(m));
    const [totals] = await dataSource.query(
      `SELECT (SELECT count(*) FROM reference.province)::int AS provinces, (SELECT count(*) FROM reference.district)::int AS districts,
              (SELECT count(*) FROM reference.commune)::int AS communes`,
    );
    process.stdout.write(
      `added ${summary.provinces} provinces, ${summary.districts} districts, ${summary.communes} communes in ${Date.now() - started} ms; ` +
        `stored now: ${totals.provinces} provinces, ${totals.districts} districts, ${totals.communes} communes\n`,
    );
    for (const conflict of summary.conflicts) process.stdout.write(`conflict (stored unit kept): ${conflict}\n`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`load:national failed: ${(error as Error).message}\n`);
  process.exit(1);
});
