/**
 * The departments table (shared/departments.ts) and the lists that cannot import it — the lint
 * boundaries, the subgraph folders, the dashboard's labels, the Dockerfile — checked against it,
 * so that a department added to the table is not forgotten anywhere.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import {
  CONTRIBUTORS,
  DEPARTMENT_CODES,
  DEPARTMENT_TABLE,
  DEPARTMENTS,
  deriveDepartments,
  LEAD_DEPARTMENT,
  SENSITIVE_DEPARTMENTS,
  type DepartmentRow,
} from '../../shared/departments';
import { projectPath, readProjectFile } from '../../shared/paths';

const run = promisify(execFile);

const row = (overrides: Partial<DepartmentRow>): DepartmentRow => ({
  code: 'XYZ',
  slug: 'xyz',
  nameVi: 'Sở X',
  nameEn: 'Department of X',
  shortVi: 'X',
  port: 4999,
  planOrder: 99,
  lead: false,
  sensitive: false,
  ...overrides,
});

describe('the departments table', () => {
  it('derives the names each department is known by from its row', () => {
    expect(DEPARTMENTS.map((d) => [d.code, d.slug, d.pascal, d.port, d.env])).toEqual([
      [
        'LDTBXH',
        'ldtbxh',
        'Ldtbxh',
        4001,
        { port: 'LDTBXH_PORT', url: 'LDTBXH_URL', dbPassword: 'HUB_DB_PASSWORD_LDTBXH' },
      ],
      ['YTE', 'yte', 'Yte', 4002, { port: 'YTE_PORT', url: 'YTE_URL', dbPassword: 'HUB_DB_PASSWORD_YTE' }],
      [
        'TUPHAP',
        'tuphap',
        'Tuphap',
        4003,
        { port: 'TUPHAP_PORT', url: 'TUPHAP_URL', dbPassword: 'HUB_DB_PASSWORD_TUPHAP' },
      ],
      ['GDDT', 'gddt', 'Gddt', 4004, { port: 'GDDT_PORT', url: 'GDDT_URL', dbPassword: 'HUB_DB_PASSWORD_GDDT' }],
      [
        'CONGAN',
        'congan',
        'Congan',
        4005,
        { port: 'CONGAN_PORT', url: 'CONGAN_URL', dbPassword: 'HUB_DB_PASSWORD_CONGAN' },
      ],
      [
        'VHTTDL',
        'vhttdl',
        'Vhttdl',
        4006,
        { port: 'VHTTDL_PORT', url: 'VHTTDL_URL', dbPassword: 'HUB_DB_PASSWORD_VHTTDL' },
      ],
    ]);
  });

  it('has one lead (LĐTBXH), Công an tỉnh as the only sensitive department, and the plan order of DOMAIN §1', () => {
    expect(LEAD_DEPARTMENT.code).toBe('LDTBXH');
    expect(CONTRIBUTORS.map((d) => d.code)).toEqual(['YTE', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL']);
    expect(SENSITIVE_DEPARTMENTS).toEqual(['CONGAN']);
    expect(DEPARTMENT_CODES).toEqual(['LDTBXH', 'TUPHAP', 'CONGAN', 'YTE', 'GDDT', 'VHTTDL']);
  });

  it('derives a table with one more row as it derives its own', () => {
    const seven = deriveDepartments([
      ...DEPARTMENT_TABLE,
      row({ code: 'NNPTNT', slug: 'nnptnt', port: 4007, planOrder: 7 }),
    ]);
    expect(seven.map((d) => d.code)).toEqual(['LDTBXH', 'YTE', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL', 'NNPTNT']);
    expect(seven[6]).toMatchObject({
      pascal: 'Nnptnt',
      env: { port: 'NNPTNT_PORT', url: 'NNPTNT_URL', dbPassword: 'HUB_DB_PASSWORD_NNPTNT' },
    });
  });

  it.each([
    ['a code twice', [row({}), row({ port: 4998, planOrder: 98 })], 'code XYZ appears twice'],
    ['a port twice', [row({}), row({ code: 'ABC', slug: 'abc', planOrder: 98 })], 'port 4999 appears twice'],
    ['a plan position twice', [row({}), row({ code: 'ABC', slug: 'abc', port: 4998 })], 'planOrder 99 appears twice'],
    [
      'a slug that is not the code in lower case',
      [row({ slug: 'x-y-z' })],
      'slug x-y-z of XYZ is not its code in lower case',
    ],
    ['a code that is not upper-case', [row({ code: 'Xyz' })], 'code Xyz is not upper-case letters and digits'],
  ])('refuses %s', (_, rows, message) => {
    expect(() => deriveDepartments([...DEPARTMENT_TABLE, ...rows])).toThrow(`departments table: ${message}`);
  });

  it('refuses a table without exactly one lead', () => {
    expect(() => deriveDepartments(DEPARTMENT_TABLE.filter((d) => !d.lead))).toThrow(
      'departments table: 0 rows are the lead; exactly one must be',
    );
    expect(() => deriveDepartments([...DEPARTMENT_TABLE, row({ lead: true })])).toThrow(
      'departments table: 2 rows are the lead; exactly one must be',
    );
  });
});

describe('lists that cannot import the table, checked against it', () => {
  it('subgraphs/ has exactly one folder per department, each with its entry and module', () => {
    const folders = fs
      .readdirSync(projectPath('subgraphs'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(DEPARTMENTS.map((d) => d.slug).sort());
    for (const d of DEPARTMENTS) {
      expect([
        d.slug,
        fs.existsSync(projectPath('subgraphs', d.slug, 'index.ts')),
        fs.existsSync(projectPath('subgraphs', d.slug, 'server.ts')),
      ]).toEqual([d.slug, true, true]);
    }
  });

  it('the lint boundary of a department subgraph forbids importing every other subgraph (eslint.config.mjs reads subgraphs/)', async () => {
    const { stdout } = await run(
      process.execPath,
      [projectPath('node_modules', 'eslint', 'bin', 'eslint.js'), '--print-config', 'subgraphs/yte/server.ts'],
      { cwd: projectPath() },
    );
    const config = JSON.parse(stdout) as { rules: Record<string, [number, { patterns: { regex: string }[] }]> };
    const regex = config.rules['no-restricted-imports']?.[1].patterns[0]?.regex ?? '';
    const forbidden = /\((?:\^\|\/)\)\(([^)]*)\)/.exec(regex)?.[1]?.split('|') ?? [];
    expect(forbidden.sort()).toEqual(
      [...DEPARTMENTS.filter((d) => d.slug !== 'yte').map((d) => d.slug), 'gateway', 'tests'].sort(),
    );
  }, 60_000);

  it("the dashboard (which imports no server code) has a Vietnamese and an English label for every department's code", () => {
    const i18n = readProjectFile('dashboard', 'src', 'i18n.ts');
    for (const d of DEPARTMENTS)
      expect([d.code, new RegExp(`^\\s*${d.code}: \\['[^']+', '[^']+'\\],$`, 'm').test(i18n)]).toEqual([d.code, true]);
  });

  it("the Dockerfile exposes the gateway's port and every department's", () => {
    const expose = /^EXPOSE (.*)$/m.exec(readProjectFile('Dockerfile'))?.[1]?.split(/\s+/).map(Number);
    expect(expose).toEqual([4000, ...DEPARTMENTS.map((d) => d.port)]);
  });
});
