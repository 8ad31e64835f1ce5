/**
 * Regenerates gateway/supergraph.graphql from the subgraphs' schema files.
 * `npm run compose` writes it; `npm run compose -- --check` exits 1 when the committed file is stale.
 */
import fs from 'node:fs';
import { projectPath } from '../shared/paths';
import { composeHubSupergraph } from './lib/supergraph';

const target = projectPath('gateway', 'supergraph.graphql');
const composed = composeHubSupergraph();
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (committed !== composed) {
    process.stderr.write('gateway/supergraph.graphql is stale: run `npm run compose` and commit it\n');
    process.exit(1);
  }
  process.stdout.write('gateway/supergraph.graphql matches the subgraph schemas\n');
} else {
  fs.writeFileSync(target, composed);
  process.stdout.write(`wrote ${target}\n`);
}
