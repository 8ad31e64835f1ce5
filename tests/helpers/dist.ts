import fs from 'node:fs';
import { projectPath } from '../../shared/paths';

/**
 * The compiled file `npm start` and the commands run. `npm test` builds dist/ before jest; tests
 * never build it themselves (two test files compiling at once would race on the same files).
 */
export function distFile(...segments: string[]): string {
  const file = projectPath('dist', ...segments);
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: run \`npm run build\` (npm test does) before this test`);
  return file;
}
