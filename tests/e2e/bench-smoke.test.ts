/**
 * The benchmark's smoke run (`npm run bench -- --quick`): the compiled command starts every
 * service as its own process with the Hive Gateway beside them, measures every figure on small data
 * and short loads (the 2025 map's rows included), writes bench.json and bench.md, and stops
 * everything it started. Speeds are not
 * asserted here (they depend on the machine): that each figure was measured, is, and that both
 * gateways answered every request.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEPARTMENTS } from '../../shared/departments';
import { distFile } from '../helpers/dist';

const run = promisify(execFile);

jest.setTimeout(600_000);

it('measures every figure, writes them as JSON and Markdown, and leaves nothing running', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
  try {
    const { stdout } = await run(process.execPath, [distFile('scripts', 'bench.js'), '--quick', '--out', out], {
      env: { ...process.env, DATABASE_URL: process.env.HUB_TEST_ADMIN_URL, LOG_LEVEL: 'error' },
      timeout: 540_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const figures = JSON.parse(fs.readFileSync(path.join(out, 'bench.json'), 'utf8'));
    expect(figures.quick).toBe(true);
    expect(figures.engine.microsecondsPerAssessment).toBeGreaterThan(0);
    expect(figures.board).toEqual(expect.objectContaining({ communes: 65, rounds: 3 }));
    expect(figures.board.gatewayMs).toBeGreaterThan(0);
    expect(figures.board.executedMs).toBeGreaterThan(0);
    expect(figures.board.inProcessMs).toBeGreaterThan(0);
    expect(figures.board.bytes).toBeGreaterThan(100_000);
    expect(
      figures.throughput.map((t: { query: string; connections: number }) => `${t.query}@${t.connections}`),
    ).toEqual(['light@10', 'light@50', 'board@10', 'board@50']);
    for (const load of figures.throughput.filter((t: { query: string }) => t.query === 'light')) {
      expect([load.connections, load.hub.failures, load.hive.failures]).toEqual([load.connections, 0, 0]);
      expect(load.hub.requestsPerSecond).toBeGreaterThan(0);
      expect(load.hive.requestsPerSecond).toBeGreaterThan(0);
    }
    // The 2025 map: units:apply timed, a 2026 publication of Khánh Hòa's units, its board and
    // overview and the country's (3,321 units), cold and warm.
    const twoTier = figures.twoTier;
    expect(twoTier.year).toBe(2026);
    expect(twoTier.unitsApply.ms).toBeGreaterThan(0);
    expect(twoTier.unitsApply.summary).toMatch(/^applied in \d+ ms/);
    expect(twoTier.publish).toEqual(expect.objectContaining({ errors: [] }));
    expect(twoTier.publish.rows).toBeGreaterThan(65 * 20);
    expect(twoTier.khanhHoa.board.communes).toBe(65);
    expect(twoTier.khanhHoa.overview.communes).toBe(65);
    expect(twoTier.country.board.communes).toBe(3321);
    expect(twoTier.country.overview.communes).toBe(3321);
    for (const read of [
      twoTier.khanhHoa.board,
      twoTier.khanhHoa.overview,
      twoTier.country.board,
      twoTier.country.overview,
    ]) {
      expect(read.coldMs).toBeGreaterThan(0);
      expect(read.warmMs).toBeGreaterThan(0);
      expect(read.bytes).toBeGreaterThan(0);
    }
    expect(Object.keys(figures.memoryMiB).sort()).toEqual(
      [...DEPARTMENTS.map((d) => d.slug), 'gateway', 'hive-gateway'].sort(),
    );
    for (const mib of Object.values(figures.memoryMiB)) expect(mib).toBeGreaterThan(10);
    const table = fs.readFileSync(path.join(out, 'bench.md'), 'utf8');
    expect(table).toContain('| gateway ÷ in process: read again / not seen before |');
    expect(table).toContain("| the country's board of totals 2026, 3321 units: cold / warm |");
    expect(table).toContain('| units:apply of the shipped reorganisations (the 2025 map), --apply |');
    expect(stdout).toContain('written:');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
