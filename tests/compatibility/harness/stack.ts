/**
 * The supergraph the compatibility suite talks to, started in process: the suite's users and
 * inventory subgraphs (child processes), our products subgraph and the hub's gateway, all on
 * loopback ports chosen at run time. The supergraph is composed here with @apollo/composition
 * (the suite's own CLI would download Rover and a router, which cannot happen offline).
 */
import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';
import { randomBytes } from 'node:crypto';
import { createGatewayServer } from '../../../gateway/server';
import { ANONYMOUS } from '../../../shared/identity';
import type { Logger } from '../../../shared/logger';
import { startHttpServer, type RunningServer } from '../../../shared/subgraph';
import { createProductsServer, productsTypeDefs } from '../products/server';
import { startReferenceSubgraph, type ReferenceSubgraph } from './reference-subgraphs';

export interface CompatibilityStack {
  /** The products subgraph's GraphQL endpoint (the suite's PRODUCTS_URL). */
  productsUrl: string;
  /** The gateway's GraphQL endpoint (where the suite sends its supergraph queries). */
  routerUrl: string;
  supergraphSdl: string;
  /** Stops everything that was started, in reverse order. */
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** Polls `GET /health` beside a `/graphql` URL until it answers 200. @throws at the deadline. */
export async function waitUntilHealthy(graphqlUrl: string, deadlineMs = 10_000): Promise<void> {
  const healthUrl = graphqlUrl.replace(/\/graphql$/, '/health');
  const deadline = Date.now() + deadlineMs;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`${healthUrl} not healthy after ${deadlineMs} ms (${last})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Composes the three subgraphs. @throws listing every composition error. */
export function composeSupergraph(subgraphs: { name: string; url: string; typeDefs: DocumentNode }[]): string {
  const result = composeServices(subgraphs);
  if (result.errors) {
    throw new Error(
      `supergraph composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

/**
 * Starts the whole stack and waits until it is healthy.
 * @throws when any part fails to start, after stopping the parts already started.
 */
export async function startCompatibilityStack(logger: Logger): Promise<CompatibilityStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'some compatibility services did not stop cleanly');
  };

  try {
    const started = await Promise.allSettled([startReferenceSubgraph('users'), startReferenceSubgraph('inventory')]);
    const reference: ReferenceSubgraph[] = [];
    for (const outcome of started) {
      if (outcome.status === 'fulfilled') {
        reference.push(outcome.value);
        stops.push(() => outcome.value.stop());
      }
    }
    const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;

    const products: RunningServer = await startHttpServer(createProductsServer(logger), {
      port: 0,
      host: LOOPBACK,
      logger,
      context: async (_req, requestId) => ({ requestId }),
    });
    stops.push(() => products.stop());

    const subgraphs = [
      { name: 'products', url: products.url, typeDefs: productsTypeDefs() },
      ...reference.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })),
    ];
    const supergraphSdl = composeSupergraph(subgraphs);
    const subgraphUrls = Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));

    // The suite's subgraphs know nothing of the hub's identities: every request is the public's,
    // signed with a secret of this run only (the products subgraph ignores it, like a plain subgraph).
    const internalSecret = randomBytes(32).toString('base64url');
    const gateway: RunningServer = await startHttpServer(
      createGatewayServer({ supergraphSdl, subgraphUrls, logger, internalSecret }).apollo,
      {
        port: 0,
        host: LOOPBACK,
        logger,
        context: async (_req, requestId) => ({ requestId, identity: ANONYMOUS }),
      },
    );
    stops.push(() => gateway.stop());

    await Promise.all([waitUntilHealthy(products.url), waitUntilHealthy(gateway.url)]);
    return { productsUrl: products.url, routerUrl: gateway.url, supergraphSdl, stop: stopAll };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
