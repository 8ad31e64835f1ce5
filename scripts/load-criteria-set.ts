/**
 * `npm run criteria:load -- FILE.json [--url URL] [--token JWT]`: validates a criteria-set file
 * locally (printing every problem), then loads it through the gateway's `loadCriteriaSet`
 * mutation as the province administrator, so the stored version is exactly what any client would
 * have loaded. The token is `--token`, else HUB_TOKEN, else one minted with the local secret of
 * `npm start` (for local use).
 */
import fs from 'node:fs';
import { CriteriaSetValidationError } from '../shared/criteria/issues';
import { parseCriteriaSet } from '../shared/criteria/validate';
import { parseFileCommandArgs } from './lib/file-command';
import { mintLocalToken } from './lib/local-token';

/** A short-lived province administrator's token signed with the local secret of `npm start`. */
function localAdminToken(): Promise<string> {
  return mintLocalToken({ sub: 'criteria-load', name: 'criteria:load (command)', role: 'PROVINCE_ADMIN' }, '5m');
}

async function main(): Promise<number> {
  const options = parseFileCommandArgs(
    process.argv.slice(2),
    'usage: npm run criteria:load -- FILE.json [--url URL] [--token JWT]',
  );
  const text = fs.readFileSync(options.file, 'utf8');
  try {
    const set = parseCriteriaSet(JSON.parse(text) as unknown, options.file);
    process.stdout.write(
      `${options.file}: valid criteria set ${set.id} version ${set.version} (${set.criteria.length} criteria, ${set.maxTotal} points)\n`,
    );
  } catch (error) {
    if (error instanceof CriteriaSetValidationError) {
      for (const issue of error.issues)
        process.stderr.write(`${options.file}: ${issue.path || '(document)'}: [${issue.code}] ${issue.message}\n`);
      return 1;
    }
    throw error;
  }
  const token = options.token ?? (await localAdminToken());
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query:
        'mutation($document: String!) { loadCriteriaSet(document: $document) { outcome criteriaSet { id version contentHash loadedAt } } }',
      variables: { document: text },
    }),
  });
  const body = (await response.json()) as {
    data?: {
      loadCriteriaSet: {
        outcome: string;
        criteriaSet: { id: string; version: number; contentHash: string; loadedAt: string };
      };
    } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.errors?.length || !body.data) {
    for (const error of body.errors ?? [])
      process.stderr.write(`refused: [${error.extensions?.code ?? 'ERROR'}] ${error.message}\n`);
    return 1;
  }
  const { outcome, criteriaSet } = body.data.loadCriteriaSet;
  process.stdout.write(
    `${outcome}: ${criteriaSet.id} version ${criteriaSet.version}, hash ${criteriaSet.contentHash}, loaded ${criteriaSet.loadedAt}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`criteria:load failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
