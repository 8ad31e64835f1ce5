/**
 * Where the installed `@apollo/federation-subgraph-compatibility-tests` package keeps what the
 * harness uses: its reference products SDL, its users and inventory subgraphs, its jest files.
 * Resolved at run time from this folder's own node_modules, so nothing here needs the package's
 * types (the root typecheck runs without that install).
 */
import path from 'node:path';

export const SUITE_PACKAGE = '@apollo/federation-subgraph-compatibility-tests';

/** Absolute directory of the installed suite package. @throws when it is not installed. */
export function suitePackageDir(): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${SUITE_PACKAGE}/package.json`, { paths: [__dirname] });
  } catch {
    throw new Error(`${SUITE_PACKAGE} is not installed: run \`npm ci --ignore-scripts\` in tests/compatibility`);
  }
  return path.dirname(manifest);
}

/** The reference schema the products subgraph must implement (compared by the `introspection` case). */
export function productsSchemaPath(): string {
  return path.join(suitePackageDir(), 'products.graphql');
}

/** Directory of one of the suite's own subgraphs, as shipped (bundled, ESM) in the package. */
export function referenceSubgraphDir(name: 'users' | 'inventory'): string {
  return path.join(suitePackageDir(), 'dist', 'subgraphs', name);
}
