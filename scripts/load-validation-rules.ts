/**
 * `npm run rules:load -- FILE.json [--url URL] [--token JWT]`: validates a validation-rules file
 * locally (printing every problem with its path), then loads it through the gateway's
 * `loadValidationRules` mutation as the province administrator, which checks it again, also
 * against the criteria set it names, and stores it as an immutable version: the same id and
 * version with other content is refused (VALIDATION_RULES_VERSION_EXISTS), the same content again
 * is UNCHANGED. The token is `--token`, else HUB_TOKEN, else one minted with the local secret of
 * `npm start` (for local use).
 */
import fs from 'node:fs';
import { parseRuleSet, RuleSetValidationError } from '../shared/rules/rules';
import { parseFileCommandArgs } from './lib/file-command';
import { mintLocalToken } from './lib/local-token';

interface Answer {
  data?: {
    loadValidationRules: {
      outcome: string;
      ruleSet: {
        id: string;
        version: number;
        criteriaSetId: string;
        fromYear: number | null;
        ruleCount: number;
        contentHash: string;
      };
    };
  } | null;
  errors?: {
    message: string;
    extensions?: {
      code?: string;
      field?: string;
      messageVi?: string;
      issues?: { path: string; code: string; message: string }[];
    };
  }[];
}

async function main(): Promise<number> {
  const options = parseFileCommandArgs(
    process.argv.slice(2),
    'usage: npm run rules:load -- FILE.json [--url URL] [--token JWT]',
  );
  const text = fs.readFileSync(options.file, 'utf8');
  try {
    const set = parseRuleSet(JSON.parse(text) as unknown, undefined, options.file);
    process.stdout.write(
      `${options.file}: valid validation rules ${set.id} version ${set.version} for ${set.criteriaSetId} (${set.rules.length} rules)\n`,
    );
  } catch (error) {
    if (error instanceof RuleSetValidationError) {
      for (const issue of error.issues)
        process.stderr.write(`${options.file}: ${issue.path || '(document)'}: [${issue.code}] ${issue.message}\n`);
      return 1;
    }
    if (error instanceof SyntaxError) {
      process.stderr.write(`${options.file}: (document): [JSON_INVALID] ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const token =
    options.token ??
    (await mintLocalToken({ sub: 'rules-load', name: 'rules:load (command)', role: 'PROVINCE_ADMIN' }, '5m'));
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query:
        'mutation($document: String!) { loadValidationRules(document: $document) { outcome ruleSet { id version criteriaSetId fromYear ruleCount contentHash } } }',
      variables: { document: text },
    }),
  });
  const body = (await response.json()) as Answer;
  if (body.errors?.length || !body.data) {
    for (const error of body.errors ?? []) {
      const ext = error.extensions ?? {};
      process.stderr.write(
        `refused: [${ext.code ?? 'ERROR'}]${ext.field ? ` ${ext.field}:` : ''} ${error.message}${ext.messageVi ? ` | ${ext.messageVi}` : ''}\n`,
      );
      for (const issue of ext.issues ?? [])
        process.stderr.write(`  ${issue.path || '(document)'}: [${issue.code}] ${issue.message}\n`);
    }
    return 1;
  }
  const { outcome, ruleSet } = body.data.loadValidationRules;
  process.stdout.write(
    `${outcome}: ${ruleSet.id} version ${ruleSet.version} (${ruleSet.criteriaSetId}, from ${ruleSet.fromYear ?? 'every year'}, ${ruleSet.ruleCount} rules), hash ${ruleSet.contentHash}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rules:load failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
