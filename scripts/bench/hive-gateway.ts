/**
 * The Hive Gateway (`@graphql-hive/gateway`), for side-by-side figures only: the same committed
 * supergraph (its subgraph URLs pointed at the benchmark's subgraphs) and the same subgraphs as the
 * hub's gateway. Like the hub's gateway it forwards the caller — here always the public — to each
 * subgraph as an identity signed with the internal secret, so both do the same work per fetch.
 * Run by scripts/bench/hub.ts as its own process: BENCH_HIVE_PORT, BENCH_SUBGRAPH_URLS (JSON, by
 * subgraph name), HUB_INTERNAL_SECRET.
 */
// First: graphql-js in its production mode (see the module).
import '../../shared/graphql-production';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ANONYMOUS, signForwardedIdentity } from '../../shared/identity';
import { projectPath } from '../../shared/paths';

// Loaded without its types: graphql-yoga's declarations augment GraphQLErrorExtensions in a way
// that conflicts with Apollo Server's, and would break the type-check of the whole project.
const { createGatewayRuntime } = require('@graphql-hive/gateway') as {
  createGatewayRuntime: (config: Record<string, unknown>) => (req: IncomingMessage, res: ServerResponse) => void;
};

const port = Number(process.env.BENCH_HIVE_PORT);
const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const secret = process.env.HUB_INTERNAL_SECRET ?? '';
if (!port || !secret) throw new Error('BENCH_HIVE_PORT and HUB_INTERNAL_SECRET are required');

// Point every join__graph at the benchmark's subgraphs.
const supergraph = fs
  .readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8')
  .replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (_, name: string) => `@join__graph(name: "${name}", url: "${urls[name] ?? ''}")`,
  );

const requestIds = new WeakMap<object, string>();
const runtime = createGatewayRuntime({
  supergraph,
  logging: false,
  landingPage: false,
  // The request id is the one signed into the forwarded identity (below), not one of Hive's own.
  requestId: false,
  graphiql: false,
  propagateHeaders: {
    fromClientToSubgraphs: async ({ context, subgraphName }: { context: object; subgraphName: string }) => {
      let requestId = requestIds.get(context);
      if (!requestId) {
        requestId = randomUUID();
        requestIds.set(context, requestId);
      }
      return {
        'x-request-id': requestId,
        'x-hub-identity': await signForwardedIdentity(ANONYMOUS, secret, { audience: subgraphName, requestId }),
      };
    },
  },
});

createServer(runtime).listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
