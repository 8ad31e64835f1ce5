/**
 * The arguments of a command that loads one file through the gateway (`npm run criteria:load`,
 * `npm run rules:load`): the file, `--url` (default: the local gateway of `npm start`) and
 * `--token` (default: HUB_TOKEN, else null, and the command mints a local one).
 */
import { loadConfig } from '../../shared/config';

export interface FileCommandOptions {
  file: string;
  url: string;
  token: string | null;
}

/** @throws Error with `usage` when no file is given, naming a bad option or a second file. */
export function parseFileCommandArgs(argv: readonly string[], usage: string): FileCommandOptions {
  const config = loadConfig();
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const options: Partial<FileCommandOptions> = {
    url: `http://${host}:${config.gatewayPort}/graphql`,
    token: process.env.HUB_TOKEN || null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--url' || arg === '--token') {
      const value = argv[i + 1];
      if (!value) throw new Error(`${arg} needs a value`);
      options[arg === '--url' ? 'url' : 'token'] = value;
      i += 1;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else if (!options.file) {
      options.file = arg;
    } else {
      throw new Error(`one file at a time (got ${options.file} and ${arg})`);
    }
  }
  if (!options.file) throw new Error(usage);
  return options as FileCommandOptions;
}
