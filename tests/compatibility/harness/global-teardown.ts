/** Jest global teardown of the compatibility run: stops everything the setup started. */
import { takeRunningStack } from './running-stack';

export default async function globalTeardown(): Promise<void> {
  await takeRunningStack()?.stop();
}
