/**
 * The README's examples, run as written against a fresh hub after `npm run demo` (the compiled
 * command, through the gateway): every GraphQL block of README.md, with the JSON variables that
 * follow it, as the person the example is for, and the `criteria:load` command. So none can rot.
 * Then the demo again, after a department's publisher changed values the demo had published: the
 * demo keeps them and says so.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { projectPath } from '../../shared/paths';
import { distFile } from '../helpers/dist';
import { districtOfficer, publisher, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';

jest.setTimeout(15 * 60_000);

interface Block {
  lang: string;
  text: string;
  line: number;
}

/** Every fenced block of README.md, in order. */
function readmeBlocks(): Block[] {
  const lines = fs.readFileSync(projectPath('README.md'), 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { lang: string; line: number; body: string[] } | null = null;
  lines.forEach((line, index) => {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) {
      open?.body.push(line);
      return;
    }
    if (open) {
      blocks.push({ lang: open.lang, text: open.body.join('\n'), line: open.line });
      open = null;
    } else {
      open = { lang: fence[1] ?? '', line: index + 1, body: [] };
    }
  });
  return blocks;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(hub: TestHub, script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [distFile('scripts', script), ...args],
      {
        cwd: projectPath(),
        env: {
          ...process.env,
          DATABASE_URL: hub.db.url,
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

/** Who an example's operation is for: the department's publisher, the district's officer, or the public. */
function identityFor(operation: string): TestIdentity | undefined {
  const publishing = /\bpublish(Ldtbxh|Yte|Tuphap|Gddt|Congan|Vhttdl)Values\b/.exec(operation);
  if (publishing) return publisher(publishing[1]?.toUpperCase() as 'YTE');
  if (
    /\b(acceptDossier|returnDossier|recordAppraisal|recordCouncilReview|postPublicly|recordPublicComment|recognise|refuseRecognition|revokeRecognition|upholdRefusal)\s*\(/.test(
      operation,
    )
  )
    return districtOfficer('584');
  return undefined;
}

/** Every `"at"` value anywhere in a JSON answer. */
function moments(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(moments);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => (key === 'at' && typeof v === 'string' ? [v] : moments(v)));
  }
  return [];
}

let hub: TestHub;
let firstDemo: Run;

beforeAll(async () => {
  hub = await startTestHub();
  firstDemo = await run(hub, 'demo-data.js', ['--url', hub.gatewayUrl]);
});

afterAll(async () => {
  await hub?.stop();
});

describe('npm run demo on a fresh hub', () => {
  it('publishes every year and drives the procedure, leaving one dossier for the README', () => {
    expect([firstDemo.code, firstDemo.stderr]).toEqual([0, '']);
    expect(firstDemo.stdout).toMatch(/failed calls 0, kept 0 /);
    expect(firstDemo.stdout).toMatch(/left awaiting the district's decision 1 \(22783 2020/);
  });

  it("dates every step inside the year's calendar, so every decision comes before the 30 November report deadline", async () => {
    type History = { action: string; details: { decisionDate: string }; flags: { code: string; message: string }[] }[];
    for (const year of [2015, 2016, 2017, 2018, 2019, 2020]) {
      const answer = await hub.query<{
        communes: { code: string; year: { recognition: { history: History } | null } }[];
      }>(
        `query($y: Int!) { communes(year: $y) { code year(year: $y) { recognition { history { action details flags { code message } } } } } }`,
        { y: year },
      );
      expect(answer.body.errors).toBeUndefined();
      const steps = (answer.body.data?.communes ?? []).flatMap((c) =>
        (c.year.recognition?.history ?? []).map((h) => ({ code: c.code, ...h })),
      );
      const decisions = steps
        .filter((s) => s.action === 'RECOGNISE' || s.action === 'REFUSE')
        .map((s) => s.details.decisionDate);
      expect(decisions.length).toBeGreaterThan(30);
      expect([year, decisions.filter((d) => !(d >= `${year}-11-01` && d < `${year}-11-30`))]).toEqual([year, []]);
      expect([
        year,
        steps.flatMap((s) => s.flags.filter((f) => f.code === 'OUTSIDE_WINDOW').map((f) => `${s.code} ${f.message}`)),
      ]).toEqual([year, []]);
    }
  });
});

describe('every README example runs as written', () => {
  const blocks = readmeBlocks();
  const graphql = blocks.map((block, index) => ({ block, index })).filter(({ block }) => block.lang === 'graphql');

  it('finds the examples', () => {
    expect(graphql.length).toBeGreaterThanOrEqual(8);
  });

  it.each(graphql.map(({ block, index }) => [block.line, index] as const))(
    'the GraphQL example at README line %i',
    async (_line, index) => {
      const block = blocks[index] as Block;
      const declared = /^\s*(query|mutation)\s+\w*\s*\(([^)]*)\)/m.exec(block.text);
      let variables: Record<string, unknown> = {};
      if (declared) {
        const names = [...(declared[2] ?? '').matchAll(/\$(\w+)/g)].map((m) => m[1] ?? '');
        const next = blocks[index + 1];
        if (names.includes('at')) {
          // "$at: a moment of the recognition history" — the example before it reads that history.
          const previous = graphql.filter((g) => g.index < index).at(-1)?.block;
          if (!previous) throw new Error('an example with $at needs the example before it');
          const answer = await hub.query(previous.text, {}, identityFor(previous.text));
          const at = moments(answer.body.data).sort().at(-1);
          expect(at).toBeDefined();
          variables = { at };
        } else {
          expect(next?.lang).toBe('json');
          variables = JSON.parse(next?.text ?? '{}') as Record<string, unknown>;
        }
      }
      const answer = await hub.query(block.text, variables, identityFor(block.text));
      expect({ status: answer.status, errors: answer.body.errors ?? [] }).toEqual({ status: 200, errors: [] });
      expect(answer.body.data).toBeTruthy();
    },
  );

  it('the criteria:load example loads the file it names (already shipped: unchanged)', async () => {
    const readme = fs.readFileSync(projectPath('README.md'), 'utf8');
    const example = /npm run criteria:load -- (\S+\.json)/.exec(readme);
    expect(example?.[1]).toBeDefined();
    const file = example?.[1] ?? '';
    expect(fs.existsSync(projectPath(file))).toBe(true);
    // As written: the path relative to the project, where npm runs the command.
    const loaded = await run(hub, 'load-criteria-set.js', [file, '--url', hub.gatewayUrl]);
    expect([loaded.code, loaded.stderr]).toEqual([0, '']);
    expect(loaded.stdout).toMatch(/UNCHANGED/);
  });
});

describe('a second npm run demo after a publisher changed values', () => {
  const VALUES = /* GraphQL */ `
    query($c: String!) {
      commune(code: $c) {
        year(year: 2020) {
          yte {
            indicator
            numerator
            denominator
            publishedBy
            revision
          }
        }
      }
    }
  `;
  type Values = {
    commune: {
      year: {
        yte: {
          indicator: string;
          numerator: number | null;
          denominator: number | null;
          publishedBy: string;
          revision: number;
        }[];
      };
    };
  };

  it('keeps the publisher’s value, says so, and changes nothing else', async () => {
    // A value the demo had published, changed by Sở Y tế's own system.
    const before = await hub.query<Values>(VALUES, { c: '22744' });
    const demoValue = before.body.data?.commune.year.yte.find((v) => v.indicator === '7.1');
    expect(demoValue?.publishedBy).toBe('demo-data (synthetic) (demo-data.yte)');
    const changed = { numerator: (demoValue?.numerator ?? 0) === 40 ? 41 : 40, denominator: 50 };
    const published = await hub.query(
      /* GraphQL */ `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { applied updated } }`,
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22744', indicator: '7.1', ...changed, sourceRef: 'Sổ tiêm chủng 2020' }],
        },
      },
      publisher('YTE'),
    );
    expect(published.body).toEqual({ data: { publishYteValues: { applied: true, updated: 1 } } });

    const second = await run(hub, 'demo-data.js', ['--url', hub.gatewayUrl]);
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(second.stdout).toMatch(
      /2020 {2}QD06-2019 v\d+ {2}YTE .*\n {4}kept \d+ value\(s\) published by someone else, not changed: .*22744 7\.1 \(yte-system\)/,
    );
    expect(second.stdout).toMatch(/created 0, updated 0, unchanged \d+, rejected 0, failed calls 0, kept [1-9]\d* /);

    const after = await hub.query<Values>(VALUES, { c: '22744' });
    expect(after.body.data?.commune.year.yte.find((v) => v.indicator === '7.1')).toMatchObject({
      ...changed,
      publishedBy: 'yte-system',
      revision: (demoValue?.revision ?? 0) + 1,
    });
  });
});
