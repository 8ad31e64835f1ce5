// Runs one compiled command of the project (`node scripts/run.mjs token --role …`), compiling first
// only when the sources changed since the last build. Every `npm run …` command goes through here,
// so a built clone starts a command in about the time Node takes to load it, not tsc's.
//
// "Changed" is a fingerprint of every compiled source (path, size, modification time) and the
// TypeScript configuration, kept in dist/.build-stamp after a successful build: an edited, added,
// removed or renamed file makes it differ, and the next command rebuilds (incrementally). The
// fingerprint is taken before the build, so a file edited while tsc runs is rebuilt next time.
//
// Plain JavaScript on purpose: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['gateway', 'subgraphs', 'shared', 'scripts'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const STAMP = path.join(root, 'dist', '.build-stamp');

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(full);
    } else if (entry.name.endsWith('.ts')) {
      yield full;
    }
  }
}

/** A hash of the path, size and modification time of everything the build reads. */
export function sourceFingerprint() {
  const files = [
    ...SOURCE_DIRS.flatMap((dir) => [...sources(path.join(root, dir))]),
    ...CONFIG_FILES.map((file) => path.join(root, file)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/** Compiles when the stamp does not match the sources; exits with tsc's status when it fails. */
export function ensureBuilt({ quiet = false } = {}) {
  const fingerprint = sourceFingerprint();
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8') : '';
  if (stamp === fingerprint) return false;
  if (!quiet) process.stderr.write('compiling (sources changed since the last build)…\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('the build failed: nothing was run\n');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(STAMP, fingerprint);
  return true;
}

const [command, ...rest] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node scripts/run.mjs <command in scripts/> [arguments]\n');
  process.exit(2);
}
ensureBuilt({ quiet: process.env.npm_config_loglevel === 'silent' });
const file = path.join(root, 'dist', 'scripts', `${command}.js`);
if (!fs.existsSync(file)) {
  process.stderr.write(`no command ${command} (dist/scripts/${command}.js)\n`);
  process.exit(2);
}
// The command reads its own arguments from process.argv.slice(2), as if started directly.
process.argv = [process.argv[0] ?? process.execPath, file, ...rest];
createRequire(import.meta.url)(file);
