/**
 * scripts/run.mjs, which every `npm run …` command goes through: it compiles only when a source
 * changed since the last build, then runs the compiled command with its own arguments. Run for real
 * on a small project of the same layout in a temporary folder (the project's own dist/ is never
 * touched here; `npm test` builds it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
let dir: string;

function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(dir, 'scripts', 'run.mjs'), ...args],
      { cwd: dir, env: { ...process.env, npm_config_loglevel: '' } },
      (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-run-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(path.join(root, 'scripts', 'run.mjs'), path.join(dir, 'scripts', 'run.mjs'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const folder of ['gateway', 'subgraphs', 'shared']) fs.mkdirSync(path.join(dir, folder));
  write('package-lock.json', '{}\n');
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        rootDir: '.',
        outDir: 'dist',
        types: ['node'],
      },
    }),
  );
  write(
    'tsconfig.build.json',
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['gateway', 'subgraphs', 'shared', 'scripts'],
    }),
  );
  write('shared/greeting.ts', `export const greeting = 'xin chào';\n`);
  write(
    'scripts/hello.ts',
    `import { greeting } from '../shared/greeting';\nprocess.stdout.write(greeting + ' ' + process.argv.slice(2).join(' ') + '\\n');\n`,
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// Each case compiles the project: minutes, not seconds, on a loaded 2-core machine.
jest.setTimeout(300_000);

describe('scripts/run.mjs', () => {
  it('compiles a fresh clone once, then runs the built command directly, with its arguments', async () => {
    expect(await run('hello', '--role', 'X')).toEqual({
      status: 0,
      stdout: 'xin chào --role X\n',
      stderr: 'compiling (sources changed since the last build)…\n',
    });
    expect(await run('hello', 'again')).toEqual({ status: 0, stdout: 'xin chào again\n', stderr: '' });
  });

  it('compiles again when a source changed, and only then', async () => {
    write('shared/greeting.ts', `export const greeting = 'chào bạn';\n`);
    expect(await run('hello')).toEqual({
      status: 0,
      stdout: 'chào bạn \n',
      stderr: 'compiling (sources changed since the last build)…\n',
    });
    expect(await run('hello')).toEqual({ status: 0, stdout: 'chào bạn \n', stderr: '' });
  });

  it('compiles again when a source is added or removed', async () => {
    write('shared/extra.ts', `export const extra = 1;\n`);
    expect((await run('hello')).stderr).toBe('compiling (sources changed since the last build)…\n');
    fs.rmSync(path.join(dir, 'shared', 'extra.ts'));
    expect((await run('hello')).stderr).toBe('compiling (sources changed since the last build)…\n');
    expect((await run('hello')).stderr).toBe('');
  });

  it('runs nothing when the build fails, and builds again next time', async () => {
    write('shared/greeting.ts', `export const greeting: number = 'not a number';\n`);
    const failed = await run('hello');
    expect({
      status: failed.status,
      stdout: failed.stdout.includes('TS2322'),
      last: failed.stderr.split('\n').filter(Boolean).at(-1),
    }).toEqual({
      status: 2,
      stdout: true,
      last: 'the build failed: nothing was run',
    });
    write('shared/greeting.ts', `export const greeting = 'lại chạy';\n`);
    expect(await run('hello')).toEqual({
      status: 0,
      stdout: 'lại chạy \n',
      stderr: 'compiling (sources changed since the last build)…\n',
    });
  });

  it('refuses an unknown command', async () => {
    expect(await run('no-such-command')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'no command no-such-command (dist/scripts/no-such-command.js)\n',
    });
  });
});
