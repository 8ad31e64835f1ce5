/**
 * Places and the criteria catalogue as a client sees them through the gateway: the 65 communes of
 * Ninh Thuận with their districts, categories by year, unit history that a merger does not rewrite.
 */
import { systemActor, withActor } from '../../shared/audit/actor';
import { createLogger } from '../../shared/logger';
import { seedReference } from '../../subgraphs/ldtbxh/places/seed';
import { admin, districtOfficer, publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

interface CommuneView {
  code: string;
  name: string;
  type: string;
  typeName: string;
  district: { code: string; name: string };
}

describe('places loaded on first start', () => {
  it('serves the 65 communes of Ninh Thuận with their districts', async () => {
    const result = await hub.query<{ communes: CommuneView[] }>(
      /* GraphQL */ `{ communes { code name type typeName district { code name } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const communes = result.body.data?.communes ?? [];
    expect(communes).toHaveLength(65);
    expect(communes[0]).toEqual({
      code: '22738',
      name: 'Đô Vinh',
      type: 'PHUONG',
      typeName: 'phường',
      district: { code: '582', name: 'Phan Rang-Tháp Chàm' },
    });
    const byType = communes.reduce<Record<string, number>>(
      (acc, c) => ({ ...acc, [c.type]: (acc[c.type] ?? 0) + 1 }),
      {},
    );
    expect(byType).toEqual({ XA: 47, PHUONG: 15, THI_TRAN: 3 });
    expect(new Set(communes.map((c) => c.district.code))).toEqual(
      new Set(['582', '584', '585', '586', '587', '588', '589']),
    );
    expect(communes.map((c) => c.code)).toEqual([...communes.map((c) => c.code)].sort());
  });

  it('serves the province with its 7 districts, and a district with its communes', async () => {
    const result = await hub.query<{
      province: { name: string; districts: { code: string; name: string; type: string }[] };
      district: { name: string; province: { code: string }; communes: { code: string }[] };
    }>(
      /* GraphQL */ `{ province(code: "58") { name districts { code name type } } district(code: "584") { name province { code } communes { code } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.province.name).toBe('Ninh Thuận');
    expect(result.body.data?.province.districts.map((d) => `${d.code} ${d.name} (${d.type})`)).toEqual([
      '582 Phan Rang-Tháp Chàm (thành phố)',
      '584 Bác Ái (huyện)',
      '585 Ninh Sơn (huyện)',
      '586 Ninh Hải (huyện)',
      '587 Ninh Phước (huyện)',
      '588 Thuận Bắc (huyện)',
      '589 Thuận Nam (huyện)',
    ]);
    expect(result.body.data?.district.name).toBe('Bác Ái');
    expect(result.body.data?.district.province.code).toBe('58');
    expect(result.body.data?.district.communes).toHaveLength(9);
  });

  it('answers null, not an error, for codes that do not exist', async () => {
    const result = await hub.query(
      /* GraphQL */ `{ commune(code: "00000") { code } district(code: "999") { code } province(code: "99") { code } }`,
    );
    expect(result.body).toEqual({ data: { commune: null, district: null, province: null } });
  });

  it('loading again at the next start adds nothing', async () => {
    const ds = hub.services.LDTBXH.db.dataSource;
    const counts = async () =>
      (
        await ds.query(`SELECT (SELECT count(*) FROM reference.commune)::int AS communes, (SELECT count(*) FROM reference.district)::int AS districts,
                               (SELECT count(*) FROM reference.commune_category)::int AS categories, (SELECT count(*) FROM reference.criteria_set_version)::int AS sets`)
      )[0];
    expect(await counts()).toEqual({ communes: 65, districts: 7, categories: 65, sets: 4 });
    await seedReference(ds, createLogger('silent'));
    expect(await counts()).toEqual({ communes: 65, districts: 7, categories: 65, sets: 4 });
  });
});

describe('commune categories', () => {
  const CATEGORY = /* GraphQL */ `
    query($code: String!) { commune(code: $code) {
      y2016: category(year: 2016) { category fromYear provisional source setBy }
      y2020: category(year: 2020) { category fromYear provisional source setBy }
      categoryHistory { category fromYear }
    } }`;
  const SET = /* GraphQL */ `
    mutation($input: SetCommuneCategoryInput!) { setCommuneCategory(input: $input) { category fromYear provisional source setBy setAt } }`;

  it('starts from the provisional classification, labelled as such', async () => {
    const result = await hub.query<{ commune: Record<string, unknown> }>(CATEGORY, { code: '22783' });
    expect(result.body.data?.commune.y2016).toEqual({
      category: 'MOUNTAIN_ISLAND_DISADVANTAGED',
      fromYear: 2015,
      provisional: true,
      source: expect.stringContaining('provisional'),
      setBy: 'system (hub start-up)',
    });
  });

  it('a change takes effect from its year; earlier years keep the category they had', async () => {
    const set = await hub.query<{ setCommuneCategory: Record<string, unknown> }>(
      SET,
      { input: { commune: '22738', category: 'URBAN_WARD', fromYear: 2019, source: 'QĐ 123/QĐ-UBND (test)' } },
      admin(),
    );
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data?.setCommuneCategory).toEqual({
      category: 'URBAN_WARD',
      fromYear: 2019,
      provisional: false,
      source: 'QĐ 123/QĐ-UBND (test)',
      setBy: 'province-admin',
      setAt: expect.stringMatching(/^\d{4}-/),
    });
    const read = await hub.query<{ commune: Record<string, unknown> }>(CATEGORY, { code: '22738' });
    expect(read.body.data?.commune).toMatchObject({
      y2016: { category: 'OTHER', fromYear: 2015 },
      y2020: { category: 'URBAN_WARD', fromYear: 2019 },
      categoryHistory: [
        { category: 'OTHER', fromYear: 2015 },
        { category: 'URBAN_WARD', fromYear: 2019 },
      ],
    });
  });

  it('refuses a second category from the same year, an unknown commune, and a write without identity, changing nothing', async () => {
    const count = async () =>
      (await hub.services.LDTBXH.db.dataSource.query(`SELECT count(*)::int AS n FROM reference.commune_category`))[0];
    const before = await count();
    const again = await hub.query(
      SET,
      { input: { commune: '22738', category: 'OTHER', fromYear: 2019, source: 'x' } },
      admin(),
    );
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CATEGORY_CHANGE', field: 'fromYear' });
    const unknown = await hub.query(
      SET,
      { input: { commune: '99999', category: 'OTHER', fromYear: 2019, source: 'x' } },
      admin(),
    );
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const anonymous = await hub.query(SET, {
      input: { commune: '22738', category: 'OTHER', fromYear: 2021, source: 'x' },
    });
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const district = await hub.query(
      SET,
      { input: { commune: '22738', category: 'OTHER', fromYear: 2021, source: 'x' } },
      districtOfficer('582'),
    );
    expect(district.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const badYear = await hub.query(
      SET,
      { input: { commune: '22738', category: 'OTHER', fromYear: 1800, source: 'x' } },
      admin(),
    );
    expect(badYear.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromYear' });
    expect(await count()).toEqual(before);
  });
});

describe('unit history: a merger does not rewrite the past', () => {
  beforeAll(async () => {
    // 2024: ward 22744 is merged away and its code is later reused for a different unit.
    await withActor(hub.services.LDTBXH.db.dataSource, systemActor('unit change (test)'), async (m) => {
      await m.query(`UPDATE reference.commune SET valid_to = '2024-06-30' WHERE code = '22744'`);
      await m.query(
        `INSERT INTO reference.commune (code, name, type, district_code, province_code, valid_from, source)
         VALUES ('22744', 'Đơn vị mới (test)', 'phường', '582', '58', '2025-01-01', 'test')`,
      );
    });
  });

  it('lists the old unit for past years and the new one for later years', async () => {
    const result = await hub.query<{
      y2020: { code: string; name: string }[];
      y2025: { code: string; name: string }[];
    }>(/* GraphQL */ `
      { y2020: communes(districtCode: "582", year: 2020) { code name }
        y2025: communes(districtCode: "582", year: 2025) { code name } }`);
    expect(result.body.data?.y2020.find((c) => c.code === '22744')?.name).toBe('Bảo An');
    expect(result.body.data?.y2025.find((c) => c.code === '22744')?.name).toBe('Đơn vị mới (test)');
  });

  it('accepts data for the code in a year the unit existed and refuses a year it did not', async () => {
    const publish = (commune: string, year: number) =>
      hub.query<{ publishTuphapValues: { applied: boolean; rejected: { code: string; field: string }[] } }>(
        /* GraphQL */ `mutation($input: PublishValuesInput!) { publishTuphapValues(input: $input) { applied rejected { code field } } }`,
        {
          input: {
            criteriaSetId: 'QD34-2014',
            year,
            rows: [{ commune, indicator: '2.1', numerator: 10, denominator: 10 }],
          },
        },
        publisher('TUPHAP'),
      );
    expect((await publish('22774', 2016)).body.data?.publishTuphapValues).toEqual({ applied: true, rejected: [] });
    // A unit that begins in 2018 (a new code) takes data from 2018 on only.
    await withActor(hub.services.LDTBXH.db.dataSource, systemActor('unit change (test)'), (m) =>
      m.query(
        `INSERT INTO reference.commune (code, name, type, district_code, province_code, valid_from, source) VALUES ('22999', 'Đơn vị 2018 (test)', 'xã', '582', '58', '2018-01-01', 'test')`,
      ),
    );
    expect((await publish('22999', 2017)).body.data?.publishTuphapValues).toEqual({
      applied: false,
      rejected: [{ code: 'COMMUNE_NOT_IN_YEAR', field: 'commune' }],
    });
    expect((await publish('22999', 2018)).body.data?.publishTuphapValues).toEqual({ applied: true, rejected: [] });
  });

  it('a stored period is never rewritten: the database refuses any change but closing it, and any removal', async () => {
    const ds = hub.services.LDTBXH.db.dataSource;
    const attempt = (sql: string) =>
      withActor(ds, systemActor('rewrite (test)'), (m) => m.query(sql)).then(
        () => 'written',
        (error: Error) => error.message,
      );
    expect(await attempt(`UPDATE reference.commune SET valid_from = '2018-01-01' WHERE code = '22774'`)).toMatch(
      /can only be closed/,
    );
    expect(
      await attempt(
        `UPDATE reference.commune SET valid_to = '2030-01-01' WHERE code = '22744' AND valid_to IS NOT NULL`,
      ),
    ).toMatch(/can only be closed/);
    expect(await attempt(`UPDATE reference.province SET name = 'X' WHERE code = '58'`)).toMatch(/can only be closed/);
    expect(await attempt(`DELETE FROM reference.district WHERE code = '582'`)).toMatch(/never removed/);
    const [row] = await ds.query(
      `SELECT name, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom" FROM reference.commune WHERE code = '22774'`,
    );
    expect(row).toEqual({ name: 'Thành Hải', validFrom: null });
  });
});

describe('the criteria catalogue', () => {
  it('lists both shipped sets, each at its latest version, with their provenance', async () => {
    const result = await hub.query<{
      criteriaSets: {
        id: string;
        version: number;
        provisional: boolean;
        maxTotal: number;
        years: { from: number; to: number | null };
        legalBasis: { document: string; provenance: string };
        criteria: { number: number }[];
      }[];
    }>(
      /* GraphQL */ `{ criteriaSets { id version provisional maxTotal years { from to } legalBasis { document provenance } contentHash criteria { number } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const sets = result.body.data?.criteriaSets ?? [];
    expect(
      sets.map((s) => [s.id, s.version, s.criteria.length, s.maxTotal, s.years.from, s.years.to, s.provisional]),
    ).toEqual([
      ['QD06-2019', 2, 13, 1000, 2019, null, true],
      ['QD34-2014', 2, 15, 1000, 2015, 2018, true],
    ]);
    expect(sets.find((s) => s.id === 'QD06-2019')?.legalBasis.provenance).toBe('CONFIRMED');
  });

  it('gives a criterion with its indicators: code, Vietnamese title, department, kind, maximum, provenance', async () => {
    const result = await hub.query<{
      criteriaSet: {
        criteria: {
          number: number;
          title: string;
          department: string;
          maxPoints: number;
          indicators: {
            code: string;
            department: string;
            kind: string;
            maxPoints: number;
            provenance: string;
            bands: { op: string; threshold: string; points: number }[];
          }[];
        }[];
        recognition: {
          minimumTotal: { category: string; points: number; provenance: string }[];
          noCriterionAtZero: boolean;
        };
      };
    }>(/* GraphQL */ `{ criteriaSet(id: "QD06-2019") {
          criteria { number title department maxPoints indicators { code title department kind maxPoints provenance bands { op threshold points } } }
          recognition { minimumTotal { category points provenance } noCriterionAtZero noCriterionAtZeroProvenance }
        } }`);
    expect(result.body.errors).toBeUndefined();
    const set = result.body.data?.criteriaSet;
    const departments = Object.fromEntries(set?.criteria.map((c) => [c.number, c.department]) ?? []);
    expect(departments).toEqual({
      1: 'LDTBXH',
      2: 'TUPHAP',
      3: 'CONGAN',
      4: 'CONGAN',
      5: 'YTE',
      6: 'LDTBXH',
      7: 'YTE',
      8: 'YTE',
      9: 'YTE',
      10: 'GDDT',
      11: 'LDTBXH',
      12: 'VHTTDL',
      13: 'LDTBXH',
    });
    const c1 = set?.criteria.find((c) => c.number === 1);
    expect(c1?.maxPoints).toBe(100);
    const c7 = set?.criteria.find((c) => c.number === 7);
    expect(c7?.indicators[0]?.bands[0]).toEqual({ op: '>=', threshold: '98', points: 50 });
    expect(set?.recognition.minimumTotal).toEqual([
      { category: 'URBAN_WARD', points: 900, provenance: 'CONFIRMED' },
      { category: 'MOUNTAIN_ISLAND_DISADVANTAGED', points: 800, provenance: 'CONFIRMED' },
      { category: 'OTHER', points: 850, provenance: 'CONFIRMED' },
    ]);
    for (const criterion of set?.criteria ?? []) {
      for (const indicator of criterion.indicators)
        expect(indicator.department).toMatch(/^(LDTBXH|YTE|TUPHAP|GDDT|CONGAN|VHTTDL)$/);
    }
  });

  it('answers null for a set or version that is not loaded', async () => {
    const result = await hub.query(
      /* GraphQL */ `{ a: criteriaSet(id: "NOPE") { id } b: criteriaSet(id: "QD06-2019", version: 9) { id } }`,
    );
    expect(result.body).toEqual({ data: { a: null, b: null } });
  });
});
