/**
 * The README's department path, run as written: the commands of "A department's whole path, in
 * commands" are parsed from README.md and run in order (the compiled commands, as `npm run` runs
 * them) against a test hub — the template downloaded, filled in as a department would between the
 * first command and the next, checked, imported, submitted, approved, its status read — and the
 * README's own query then finds the values in the graph, approved. So the path cannot rot.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../shared/paths';
import { QD06_BEST } from '../fixtures/qd06';
import { distFile } from '../helpers/dist';
import { startTestHub, type TestHub } from '../helpers/hub';
import { fillTemplate } from '../helpers/sheets';

jest.setTimeout(15 * 60_000);

let hub: TestHub;
let dir: string;

const README = fs.readFileSync(projectPath('README.md'), 'utf8');
const SECTION = README.slice(README.indexOf("### A department's whole path, in commands"));

/** The first fenced block of `lang` in the section. */
function block(lang: string): string {
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(SECTION);
  if (!match?.[1]) throw new Error(`no ${lang} block in the README's department path`);
  return match[1];
}

/** A command line split as a POSIX shell would split these (words, "double" and 'single' quotes). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

interface Command {
  line: string;
  script: string;
  args: string[];
}

/** The `npm run <script> -- …` lines of the section's shell block, with the compiled file each runs. */
function commands(): Command[] {
  const scripts = (
    JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  return block('sh')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npm run '))
    .map((line) => {
      const [, , name, dashes, ...args] = words(line);
      const target = /^node scripts\/run\.mjs (\S+)$/.exec(scripts[name ?? ''] ?? '');
      if (!target || dashes !== '--') throw new Error(`not an npm run command of this project: ${line}`);
      return { line, script: `${target[1]}.js`, args };
    });
}

function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { HUB_TOKEN: _token, HUB_API_KEY: _key, ...rest } = env;
  return rest;
}

function run(command: Command): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // The README's commands talk to a hub on the default port; the test hub's gateway is elsewhere.
      [distFile('scripts', command.script), ...command.args, '--url', hub.gatewayUrl],
      {
        cwd: dir,
        // No credential of the caller's environment: the commands mint the local tokens the README describes.
        env: {
          ...withoutCredentials(process.env),
          HUB_JWT_SECRET: hub.tokens.secret,
          HUB_JWT_ISSUER: hub.tokens.issuer,
          HUB_JWT_AUDIENCE: hub.tokens.audience,
          LOG_LEVEL: 'warn',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What the department types in: the fixture's best inputs of each of its indicators. */
const FILLED: Record<string, Record<string, number | string | null>> = Object.fromEntries(
  Object.entries(QD06_BEST)
    .filter(([, v]) => v.department === 'YTE')
    .map(([indicator, { inputs }]) => [
      indicator,
      {
        numerator: inputs.numerator ?? null,
        denominator: inputs.denominator ?? null,
        count: inputs.count ?? null,
        value: inputs.value === undefined ? null : inputs.value ? 'Có' : 'Không',
        grade: inputs.grade ?? null,
      },
    ]),
);

beforeAll(async () => {
  hub = await startTestHub();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-path-'));
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the README's department path", () => {
  it('is there and complete: template → check → import → submit → approve → status, then the query', () => {
    expect(commands().map((c) => [c.script, c.args[0]?.startsWith('--') ? null : c.args[0]])).toEqual([
      ['template.js', null],
      ['import.js', 'yte-584-2020.xlsx'],
      ['import.js', 'yte-584-2020.xlsx'],
      ['approval.js', 'submit'],
      ['approval.js', 'approve'],
      ['approval.js', 'status'],
    ]);
    expect(commands()[1]?.args).toContain('--dry-run');
    expect(block('graphql')).toContain('yteApproval');
  });

  it('runs as written and ends with the values in the graph, approved', async () => {
    const outputs: string[] = [];
    for (const command of commands()) {
      const result = await run(command);
      expect([command.line, result.code, result.stderr.replace(/\r?[^\n]*\r/g, '').trim()]).toEqual([
        command.line,
        0,
        expect.not.stringMatching(/ERROR|failed|refused/),
      ]);
      outputs.push(result.stdout);
      if (command.script === 'template.js') {
        // Step 2 of the README: the department fills the file in (Excel, LibreOffice…).
        const out = command.args[command.args.indexOf('--out') + 1] ?? '';
        const file = path.join(dir, out);
        fs.writeFileSync(file, await fillTemplate(fs.readFileSync(file), 'XLSX', (row) => FILLED[row.indicator]));
      }
    }
    const [template, dryRun, imported, submitted, approved, status] = outputs;
    expect(template).toMatch(/yte-584-2020\.xlsx: \d+ dòng\/rows \(YTE, QD06-2019, 2020\)/);
    expect(dryRun).toMatch(/\bOK\b/);
    expect(imported).toMatch(/\bOK\b/);
    expect(submitted).toContain('SUBMITTED');
    expect(approved).toContain('APPROVED');
    expect(status).toContain('YTE · huyện/district 584 · 2020 · QD06-2019: APPROVED');

    type Answer = {
      communes: {
        code: string;
        year: {
          yte: {
            indicator: string;
            numerator: number | null;
            denominator: number | null;
            count: number | null;
            value: boolean | null;
          }[];
          yteApproval: { state: string; approved: boolean; approvedBy: string; valueCount: number };
        };
      }[];
    };
    const answer = await hub.query<Answer>(block('graphql'));
    expect(answer.body.errors).toBeUndefined();
    const communes = answer.body.data?.communes ?? [];
    expect(communes.length).toBeGreaterThan(0);
    const indicators = Object.keys(FILLED).sort();
    for (const commune of communes) {
      expect([commune.code, commune.year.yte.map((v) => v.indicator).sort()]).toEqual([commune.code, indicators]);
      const byIndicator = new Map(commune.year.yte.map((v) => [v.indicator, v]));
      expect(byIndicator.get('7.1')).toMatchObject({ numerator: 60, denominator: 60 });
      expect(byIndicator.get('5.1')).toMatchObject({ count: 0 });
      expect(byIndicator.get('5.2')).toMatchObject({ value: true });
      expect([commune.code, commune.year.yteApproval]).toEqual([
        commune.code,
        {
          state: 'APPROVED',
          approved: true,
          approvedBy: 'approval (command) (approval.yte.approver)',
          valueCount: communes.length * indicators.length,
        },
      ]);
    }
  });
});
