/**
 * Two maps, one history: the 2023 national list, then the shipped reorganisations (the 2024
 * Phan Rang–Tháp Chàm merger and the 2025 two-tier map with its lineage) applied with
 * `units:apply`; the graph answers each year with the map in force then, and every unit names its
 * predecessors and successors. Applying again changes nothing; a bad file stores nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor, withActor } from '../../shared/audit/actor';
import { projectPath } from '../../shared/paths';
import { loadNational } from '../../subgraphs/ldtbxh/places/places';
import { unitsApply } from '../../subgraphs/ldtbxh/units/command';
import { UnitsFileError } from '../../subgraphs/ldtbxh/units/files';
import { startTestHub, type TestHub } from '../helpers/hub';

const SHIPPED = [
  projectPath('data', 'reorganisations', '2024-11-01-phan-rang-thap-cham'),
  projectPath('data', 'reorganisations', '2025-07-01-two-tier'),
];

let hub: TestHub;

interface Counts {
  provinces: number;
  districts: number;
  communes: number;
  links: number;
  resolutions: number;
  audit: number;
  open_communes: number;
  open_districts: number;
  open_provinces: number;
}

async function counts(): Promise<Counts> {
  const [row] = await hub.services.LDTBXH.db.dataSource.query(
    `SELECT (SELECT count(*) FROM reference.province)::int AS provinces, (SELECT count(*) FROM reference.district)::int AS districts,
            (SELECT count(*) FROM reference.commune)::int AS communes, (SELECT count(*) FROM reference.unit_lineage)::int AS links,
            (SELECT count(*) FROM reference.unit_resolution)::int AS resolutions, (SELECT count(*) FROM ldtbxh.audit_event)::int AS audit,
            (SELECT count(*) FROM reference.commune WHERE valid_to IS NULL)::int AS open_communes,
            (SELECT count(*) FROM reference.district WHERE valid_to IS NULL)::int AS open_districts,
            (SELECT count(*) FROM reference.province WHERE valid_to IS NULL)::int AS open_provinces`,
  );
  return row as Counts;
}

beforeAll(async () => {
  hub = await startTestHub();
  await withActor(hub.services.LDTBXH.db.dataSource, systemActor('reorganisation test'), (m) => loadNational(m));
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe('units:apply', () => {
  it('a dry run reports what would change and stores nothing', async () => {
    const before = await counts();
    const result = await unitsApply(hub.services.LDTBXH.db.dataSource, SHIPPED, { apply: false, actor: null });
    expect(result.dryRun).toBe(true);
    expect(
      result.resolutions.map((r) => [
        r.name,
        r.effectiveFrom,
        r.communesOpened,
        r.communesClosed,
        r.retiredClosed,
        r.linksRecorded,
      ]),
    ).toEqual([
      ['2024-11-01-phan-rang-thap-cham', '2024-11-01', 2, 5, 0, 5],
      ['2025-07-01-two-tier', '2025-07-01', 3321, 10030, 566, 10571],
    ]);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('refuses to apply without an actor for the audit trail', async () => {
    await expect(
      unitsApply(hub.services.LDTBXH.db.dataSource, SHIPPED, { apply: true, actor: null }),
    ).rejects.toMatchObject({ issues: [{ code: 'ACTOR_REQUIRED', field: '--actor' }] });
  });

  it('applies both reorganisations in one audited transaction', async () => {
    const before = await counts();
    const result = await unitsApply(hub.services.LDTBXH.db.dataSource, SHIPPED, {
      apply: true,
      actor: 'Nguyễn Văn Test',
    });
    expect(result.dryRun).toBe(false);
    const [prt, twoTier] = result.resolutions;
    expect(prt).toMatchObject({
      communesOpened: 2,
      communesClosed: 5,
      linksRecorded: 5,
      districtsClosed: 0,
      provincesOpened: 0,
      unchanged: false,
    });
    expect(twoTier).toMatchObject({
      provincesOpened: 34,
      provincesClosed: 63,
      districtsClosed: 700,
      communesOpened: 3321,
      retiredClosed: 566,
      linksRecorded: 10571,
      unchanged: false,
    });
    expect(twoTier?.predecessorsNotStored).toBe(3);
    const after = await counts();
    expect(after).toMatchObject({
      provinces: before.provinces + 34,
      districts: 700,
      communes: before.communes + 2 + 3321,
      resolutions: 2,
      links: 5 + 10571 + 566,
      open_communes: 3321,
      open_districts: 0,
      open_provinces: 34,
    });
    // Every write is in LĐTBXH's audit trail with the actor named.
    const [audit] = await hub.services.LDTBXH.db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT actor)::int AS actors, min(actor) AS actor FROM ldtbxh.audit_event WHERE id > (SELECT max(id) FROM ldtbxh.audit_event) - $1`,
      [after.audit - before.audit],
    );
    expect(audit).toEqual({
      n: after.audit - before.audit,
      actors: 1,
      actor: 'units:apply (command): Nguyễn Văn Test',
    });
    // 2024: its resolution row, 5 periods ended, 2 opened, 5 links; 2025: its row, 63 provinces
    // ended and 34 opened, 10,030 communes and 566 retired ones ended, 700 districts ended, 3,321
    // units opened, 10,571 links and 566 retirements recorded.
    expect(after.audit - before.audit).toBe(1 + 5 + 2 + 5 + (1 + 63 + 34 + 10030 + 566 + 700 + 3321 + 10571 + 566));
  }, 180_000);

  it('a second run changes nothing', async () => {
    const before = await counts();
    const result = await unitsApply(hub.services.LDTBXH.db.dataSource, SHIPPED, {
      apply: true,
      actor: 'Nguyễn Văn Test',
    });
    expect(result.resolutions.map((r) => r.unchanged)).toEqual([true, true]);
    expect(result.resolutions[1]?.communesUnchanged).toBe(3321);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('a bad file stores nothing and names the row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reorg-'));
    const folder = path.join(dir, '2027-01-01-test');
    fs.mkdirSync(folder);
    fs.writeFileSync(
      path.join(folder, 'units.csv'),
      'province_code,province_name,unit_code,unit_name,unit_type,valid_from\n56,Khánh Hòa,22741,Bảo An Mới,phường,2027-01-01\n56,Khánh Hòa,2275,Sai,phường,2027-01-01\n',
    );
    fs.writeFileSync(
      path.join(folder, 'lineage.csv'),
      'old_unit_code,old_unit_name,old_province_code,new_unit_code,new_unit_name,new_province_code,share_note,source_note\n22741,Phường Bảo An,56,22741,Bảo An Mới,56,,Nhập theo cách lạ\n',
    );
    const before = await counts();
    let caught: unknown;
    try {
      await unitsApply(hub.services.LDTBXH.db.dataSource, [folder], { apply: true, actor: 'Nguyễn Văn Test' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnitsFileError);
    const issues = (caught as UnitsFileError).issues.map((i) => [path.basename(i.file), i.line, i.field, i.code]);
    expect(issues).toEqual([
      ['units.csv', 3, 'unit_code', 'FIELD_INVALID'],
      ['lineage.csv', 2, 'source_note', 'UNKNOWN_SOURCE_NOTE'],
      ['units.csv', 3, 'unit_code', 'NEW_UNIT_WITHOUT_LINEAGE'],
    ]);
    // A file that is well-formed but contradicts the stored periods is refused inside the transaction.
    fs.writeFileSync(
      path.join(folder, 'units.csv'),
      'province_code,province_name,unit_code,unit_name,unit_type,valid_from\n56,Khánh Hòa,22741,Bảo An Mới,phường,2027-01-01\n58,Ninh Thuận,22742,Không Có,phường,2027-01-01\n',
    );
    fs.writeFileSync(
      path.join(folder, 'lineage.csv'),
      'old_unit_code,old_unit_name,old_province_code,new_unit_code,new_unit_name,new_province_code,share_note,source_note\n22741,Phường Bảo An,56,22741,Bảo An Mới,56,,Đổi tên\n22744,Phường Bảo An,58,22742,Không Có,58,,Nhập toàn bộ\n',
    );
    caught = undefined;
    try {
      await unitsApply(hub.services.LDTBXH.db.dataSource, [folder], { apply: true, actor: 'Nguyễn Văn Test' });
    } catch (error) {
      caught = error;
    }
    expect((caught as UnitsFileError).issues.map((i) => [path.basename(i.file), i.line, i.field, i.code])).toEqual([
      ['units.csv', 3, 'province_code', 'UNKNOWN_PROVINCE'],
      ['lineage.csv', 3, 'old_unit_code', 'PERIOD_CONFLICT'],
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('two maps, one history', () => {
  it('answers 2020 with the old map: 65 communes of Ninh Thuận in 7 districts', async () => {
    const result = await hub.query<{
      communes: { code: string; district: { code: string } | null; province: { code: string; name: string } }[];
    }>(/* GraphQL */ `{ communes(year: 2020, provinceCode: "58") { code district { code } province { code name } } }`);
    expect(result.body.errors).toBeUndefined();
    const communes = result.body.data?.communes ?? [];
    expect(communes).toHaveLength(65);
    expect(new Set(communes.map((c) => c.district?.code))).toEqual(
      new Set(['582', '584', '585', '586', '587', '588', '589']),
    );
    expect(new Set(communes.map((c) => `${c.province.code} ${c.province.name}`))).toEqual(new Set(['58 Ninh Thuận']));
  });

  it("answers 2026 with the new map: Khánh Hòa's units, none with a district", async () => {
    const result = await hub.query<{
      communes: { code: string; name: string; type: string; district: null; validFrom: string }[];
      province: { name: string; validFrom: string; districts: unknown[] };
      old: { name: string; validTo: string };
    }>(/* GraphQL */ `{ communes(year: 2026, provinceCode: "56") { code name type district { code } validFrom }
                     province(code: "56") { name validFrom districts { code } }
                     old: province(code: "56", year: 2020) { name validTo } }`);
    expect(result.body.errors).toBeUndefined();
    const communes = result.body.data?.communes ?? [];
    const expected = fs
      .readFileSync(projectPath('data', 'reorganisations', '2025-07-01-two-tier', 'vn-units-2025.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('56,')).length;
    expect(communes).toHaveLength(expected);
    expect(expected).toBe(65);
    expect(communes.every((c) => c.district === null && c.validFrom === '2025-07-01')).toBe(true);
    expect(communes.find((c) => c.code === '22780')).toEqual({
      code: '22780',
      name: 'Đông Hải',
      type: 'PHUONG',
      district: null,
      validFrom: '2025-07-01',
    });
    expect(result.body.data?.province).toEqual({ name: 'Khánh Hòa', validFrom: '2025-07-01', districts: [] });
    expect(result.body.data?.old).toEqual({ name: 'Khánh Hòa', validTo: '2025-06-30' });
  });

  it('answers a date with the map of that day, and 2024 with the merged wards of Phan Rang–Tháp Chàm', async () => {
    const result = await hub.query<{
      june: { code: string }[];
      july: { code: string }[];
      y2024: { code: string; name: string }[];
      provinces: { code: string }[];
    }>(/* GraphQL */ `{ june: communes(provinceCode: "58", date: "2025-06-30") { code }
                     july: communes(provinceCode: "58", date: "2025-07-01") { code }
                     y2024: communes(districtCode: "582", date: "2024-12-31") { code name }
                     provinces(year: 2026) { code } }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.june).toHaveLength(62);
    expect(result.body.data?.july).toEqual([]);
    expect(result.body.data?.y2024.filter((c) => c.code >= '22747' && c.code <= '22759')).toEqual([
      { code: '22750', name: 'Phủ Hà' },
      { code: '22759', name: 'Kinh Dinh' },
    ]);
    expect(result.body.data?.provinces).toHaveLength(34);
  });

  it('names the retirement of a unit dissolved into none the hub holds (kind RETIRED, no successor unit)', async () => {
    const [retired] = (await hub.services.LDTBXH.db.dataSource.query(
      `SELECT old_code AS code FROM reference.unit_lineage WHERE kind = 'RETIRED' AND old_code IS NOT NULL ORDER BY old_code LIMIT 1`,
    )) as { code: string }[];
    expect(retired).toBeDefined();
    const result = await hub.query<{ commune: { successors: unknown[] } | null }>(
      /* GraphQL */ `query ($code: String!) { commune(code: $code, date: "2025-06-30") { successors { kind code to { code } commune { code } } } }`,
      { code: retired?.code },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.commune?.successors).toContainEqual({
      kind: 'RETIRED',
      code: null,
      to: null,
      commune: null,
    });
  });

  it("names a commune's successors and predecessors with the kind of change", async () => {
    const result = await hub.query<
      Record<string, { code: string; name: string; successors?: unknown[]; predecessors?: unknown[] }>
    >(/* GraphQL */ `{
      now: commune(code: "22741") { code name successors { kind code name commune { code name validFrom } } }
      old: commune(code: "22741", year: 2020) { code name validTo successors { kind commune { code name } } }
      dongHai: commune(code: "22780") { name predecessors { kind code name shareNote from { name validTo district { code } } } }
      reused: commune(code: "22750", year: 2020) { name successors { kind effectiveFrom commune { name validFrom } } }
    }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.now).toEqual({
      code: '22741',
      name: 'Bảo An',
      successors: [
        {
          kind: 'WHOLE',
          code: '22741',
          name: 'Bảo An',
          commune: { code: '22741', name: 'Bảo An', validFrom: '2025-07-01' },
        },
      ],
    });
    expect(result.body.data?.old).toEqual({
      code: '22741',
      name: 'Phước Mỹ',
      validTo: '2025-06-30',
      successors: [{ kind: 'WHOLE', commune: { code: '22741', name: 'Bảo An' } }],
    });
    expect(result.body.data?.dongHai).toEqual({
      name: 'Đông Hải',
      predecessors: [
        {
          kind: 'PART',
          code: '22768',
          name: 'Phường Đông Hải',
          shareNote: 'Nhập một phần; old unit split across 2 new units (also 22888)',
          from: { name: 'Đông Hải', validTo: '2025-06-30', district: { code: '582' } },
        },
        {
          kind: 'WHOLE',
          code: '22771',
          name: 'Phường Mỹ Đông',
          shareNote: null,
          from: { name: 'Mỹ Đông', validTo: '2025-06-30', district: { code: '582' } },
        },
        {
          kind: 'WHOLE',
          code: '22779',
          name: 'Phường Mỹ Bình',
          shareNote: null,
          from: { name: 'Mỹ Bình', validTo: '2025-06-30', district: { code: '582' } },
        },
        {
          kind: 'WHOLE',
          code: '22780',
          name: 'Phường Mỹ Hải',
          shareNote: null,
          from: { name: 'Mỹ Hải', validTo: '2025-06-30', district: { code: '582' } },
        },
      ],
    });
    // A retired code reused in 2024: Thanh Sơn's 22750 became the merged Phủ Hà, which became part of 22759.
    expect(result.body.data?.reused).toEqual({
      name: 'Thanh Sơn',
      successors: [
        { kind: 'WHOLE', effectiveFrom: '2024-11-01', commune: { name: 'Phủ Hà', validFrom: '2024-11-01' } },
      ],
    });
  });

  it('refuses year and date together, and a date that is not one', async () => {
    const result = await hub.query(/* GraphQL */ `{ a: communes(year: 2020, date: "2020-01-01") { code } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    const bad = await hub.query(/* GraphQL */ `{ commune(code: "22741", date: "2025-02-30") { code } }`);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date', scalar: 'Date' });
  });
});
