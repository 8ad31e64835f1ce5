/**
 * Builds the dashboard and the explorer (dashboard/, Vite) into dist/dashboard/, which the gateway
 * serves. Run by `npm run build` (npm test's build step, the Docker image) and by `npm start` before
 * it starts the hub, so a fresh clone serves a current build; skipped when nothing it is built from
 * changed since the last build (its sources, the README whose example operations the explorer
 * carries, the lockfile): a hash of those is kept beside the build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../shared/paths';

const OUT = projectPath('dist', 'dashboard');
const STAMP = path.join(OUT, '.build-hash');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [
    ...filesUnder(projectPath('dashboard')),
    projectPath('README.md'),
    projectPath('package-lock.json'),
  ]) {
    hash.update(path.relative(projectPath(), file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Builds dist/dashboard/ unless it is current; true when it built. @throws when the build fails */
export async function ensureDashboardBuilt(force = false): Promise<boolean> {
  const hash = sourceHash();
  if (
    !force &&
    fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, 'utf8') === hash &&
    fs.existsSync(path.join(OUT, 'index.html'))
  )
    return false;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: projectPath('dashboard', 'vite.config.mjs'), logLevel: 'warn' });
  fs.writeFileSync(STAMP, hash);
  process.stderr.write(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s → dist/dashboard\n`);
  return true;
}

if (require.main === module) {
  ensureDashboardBuilt(process.argv.includes('--force')).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
