/**
 * Secrets of the embedded default. With no secrets configured, `npm start` (and `npm run token`)
 * use a file of random secrets created once in the data folder, readable by its owner only, so a
 * fresh clone runs with authentication on and tokens minted locally keep working across restarts.
 * Production configures HUB_JWT_SECRET and HUB_INTERNAL_SECRET instead.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  HUB_JWT_SECRET: string;
  HUB_INTERNAL_SECRET: string;
}

/** Reads `file`, creating it with fresh random secrets when it does not exist. */
export function localSecrets(file: string): LocalSecrets {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fresh: LocalSecrets = {
      HUB_JWT_SECRET: randomBytes(32).toString('base64url'),
      HUB_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    };
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
  if (!parsed.HUB_JWT_SECRET || !parsed.HUB_INTERNAL_SECRET)
    throw new Error(`${file} lacks HUB_JWT_SECRET or HUB_INTERNAL_SECRET`);
  return { HUB_JWT_SECRET: parsed.HUB_JWT_SECRET, HUB_INTERNAL_SECRET: parsed.HUB_INTERNAL_SECRET };
}
