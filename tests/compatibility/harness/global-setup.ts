/**
 * Jest global setup of the compatibility run: starts the stack once for all of the suite's test
 * files and hands its URLs to them through the environment, which jest copies into each test
 * file's process. PRODUCTS_URL is the suite's own variable; COMPAT_ROUTER_URL is read by
 * `router-client.ts`, which stands in for the suite's hard-coded http://localhost:4000/.
 */
import { createLogger } from '../../../shared/logger';
import { startCompatibilityStack } from './stack';
import { setRunningStack } from './running-stack';

export default async function globalSetup(): Promise<void> {
  const startedAt = Date.now();
  const stack = await startCompatibilityStack(createLogger('warn', { run: 'compatibility' }));
  setRunningStack(stack);
  process.env.PRODUCTS_URL = stack.productsUrl;
  process.env.COMPAT_ROUTER_URL = stack.routerUrl;
  process.stdout.write(
    `\ncompatibility stack up in ${Date.now() - startedAt} ms: products ${stack.productsUrl}, gateway ${stack.routerUrl}\n`,
  );
}
