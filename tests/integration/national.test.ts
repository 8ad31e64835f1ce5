/**
 * National scale: the 2023 list of 10,599 communes loads beside Ninh Thuận's, without touching
 * the units already stored, and a second load adds nothing.
 */
import { systemActor, withActor } from '../../shared/audit/actor';
import { loadNational } from '../../subgraphs/ldtbxh/places/places';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

it('loads every commune of Vietnam once, keeping the stored ones as they are', async () => {
  const ds = hub.services.LDTBXH.db.dataSource;
  const load = () => withActor(ds, systemActor('national test'), (m) => loadNational(m));
  const first = await load();
  expect(first).toEqual({ provinces: 62, districts: 700 - 7, communes: 10599 - 65, categories: 0, conflicts: [] });
  const [totals] = await ds.query(
    `SELECT (SELECT count(*) FROM reference.province)::int AS provinces, (SELECT count(*) FROM reference.commune)::int AS communes`,
  );
  expect(totals).toEqual({ provinces: 63, communes: 10599 });
  expect(await load()).toEqual({ provinces: 0, districts: 0, communes: 0, categories: 0, conflicts: [] });

  const result = await hub.query<{
    communes: { code: string }[];
    commune: { name: string; province: { name: string } };
  }>(/* GraphQL */ `{ communes(provinceCode: "01") { code } commune(code: "00001") { name province { name } } }`);
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data?.commune).toEqual({ name: 'Phúc Xá', province: { name: 'Hà Nội' } });
  expect(result.body.data?.communes.length).toBeGreaterThan(500);
});
