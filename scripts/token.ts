/**
 * `npm run token -- …`: credentials for local use.
 *
 *   npm run token -- --role PROVINCE_ADMIN [--subject ID] [--name NAME] [--expires 8h]
 *   npm run token -- --role DEPARTMENT_PUBLISHER --department YTE
 *   npm run token -- --role PROVINCE_OFFICER --province 56
 *   npm run token -- --role DISTRICT_OFFICER --district 584
 *   npm run token -- --role COMMUNE_OFFICER --commune 22783
 *   npm run token -- --api-key --label "Hệ thống Sở Y tế" --role DEPARTMENT_PUBLISHER --department YTE
 *   npm run token -- --revoke-key ID
 *   npm run token -- --list-keys
 *
 * Tokens are signed with HUB_JWT_SECRET, or with the local secret `npm start` uses when none is
 * configured. Key commands use DATABASE_URL, or the embedded PostgreSQL (the running one if the hub is up).
 */
import { ApiKeyStore, type ApiKeySpec } from '../gateway/api-keys';
import { GATEWAY_MIGRATIONS } from '../gateway/migrations';
import { systemActor } from '../shared/audit/actor';
import { loadConfig } from '../shared/config';
import { openDatabase } from '../shared/database';
import { useEmbeddedPostgres } from './lib/embedded-postgres';
import { ROLES } from '../shared/identity';
import { mintLocalToken } from './lib/local-token';
import { createLogger } from '../shared/logger';

const FLAGS = new Set(['--api-key', '--list-keys']);
const VALUED = new Set([
  '--role',
  '--subject',
  '--name',
  '--department',
  '--province',
  '--district',
  '--commune',
  '--expires',
  '--label',
  '--revoke-key',
]);

function parseArgs(argv: string[]): { flags: Set<string>; values: Map<string, string> } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (FLAGS.has(arg)) flags.add(arg);
    else if (VALUED.has(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      values.set(arg, value);
      i += 1;
    } else
      throw new Error(
        `unknown argument ${arg} (see the comment at the top of scripts/token.ts, or README "Who may do what")`,
      );
  }
  return { flags, values };
}

async function withKeys<T>(run: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger('warn', { service: 'token' });
  const embedded = config.database.url
    ? null
    : await useEmbeddedPostgres(config.database.embeddedDataDir, config.database.embeddedPort, logger);
  const url = config.database.url ?? embedded?.url ?? '';
  const db = await openDatabase({ url, schema: 'gateway', entities: [], migrations: GATEWAY_MIGRATIONS, logger });
  try {
    return await run(new ApiKeyStore(db.dataSource));
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

async function main(): Promise<void> {
  const { flags, values } = parseArgs(process.argv.slice(2));
  const actor = systemActor(`token command (${process.env.USER ?? 'operator'})`);
  if (flags.has('--list-keys')) {
    const keys = await withKeys((k) => k.list());
    for (const key of keys) {
      process.stdout.write(
        `${key.id}  ${key.role}  ${key.department ?? key.district ?? key.commune ?? '-'}  "${key.label}"  created ${key.createdAt.toISOString()}${key.revokedAt ? `  REVOKED ${key.revokedAt.toISOString()}` : ''}\n`,
      );
    }
    return;
  }
  const revoke = values.get('--revoke-key');
  if (revoke) {
    const done = await withKeys((k) => k.revoke(revoke, actor));
    if (!done) throw new Error(`no active key ${revoke}`);
    process.stdout.write(`revoked ${revoke}\n`);
    return;
  }
  const role = values.get('--role');
  if (!role || !(ROLES as readonly string[]).includes(role) || role === 'PUBLIC') {
    throw new Error(
      `--role is one of ${ROLES.filter((r) => r !== 'PUBLIC').join(', ')} (the public needs no credentials)`,
    );
  }
  if (flags.has('--api-key')) {
    const label = values.get('--label');
    if (!label) throw new Error('--api-key needs --label naming the system');
    const spec: ApiKeySpec = {
      label,
      role: role as ApiKeySpec['role'],
      department: values.get('--department'),
      district: values.get('--district'),
      commune: values.get('--commune'),
    };
    const { id, key } = await withKeys((k) => k.create(spec, actor));
    process.stdout.write(
      `API key ${id} (${role}): ${key}\nSend it as the X-Api-Key header. It is shown only now; only its hash is stored.\n`,
    );
    return;
  }
  const subject =
    values.get('--subject') ??
    `${role.toLowerCase()}${values.get('--department') ? `.${values.get('--department')?.toLowerCase()}` : ''}${values.get('--province') ? `.${values.get('--province')}` : ''}${values.get('--district') ? `.${values.get('--district')}` : ''}${values.get('--commune') ? `.${values.get('--commune')}` : ''}`;
  const token = await mintLocalToken(
    {
      sub: subject,
      name: values.get('--name') ?? subject,
      role,
      department: values.get('--department'),
      province: values.get('--province'),
      district: values.get('--district'),
      commune: values.get('--commune'),
    },
    values.get('--expires') ?? '8h',
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
});
