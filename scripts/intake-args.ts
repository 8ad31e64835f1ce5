/** Arguments the intake commands share: where the gateway is, and the credential to send. */
import { loadConfig } from '../shared/config';
import { mintLocalToken } from './lib/local-token';
import type { Department } from '../shared/departments';
import type { GraphTarget } from './intake-client';

/** Splits argv into positional arguments, `--flag`s and `--name value` pairs. @throws Error for an unknown option or a missing value */
export function parseOptions(
  argv: string[],
  flags: readonly string[],
  valued: readonly string[],
): { positional: string[]; flags: Set<string>; values: Map<string, string> } {
  const out = { positional: [] as string[], flags: new Set<string>(), values: new Map<string, string>() };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (flags.includes(arg)) out.flags.add(arg);
    else if (valued.includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      out.values.set(arg, value);
      i += 1;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else out.positional.push(arg);
  }
  return out;
}

export const TARGET_OPTIONS = ['--url', '--token', '--api-key'] as const;

/**
 * The gateway and credential: `--url` (else the configured gateway), `--token` or HUB_TOKEN,
 * `--api-key` or HUB_API_KEY, else a short-lived token of the department's publisher (or, `as`
 * approver, its approver) minted with the local secret of `npm start` (for local use).
 */
export async function targetOf(
  values: Map<string, string>,
  department: Department,
  purpose: string,
  as: 'publisher' | 'approver' = 'publisher',
): Promise<GraphTarget> {
  const config = loadConfig();
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = values.get('--url') ?? `http://${host}:${config.gatewayPort}/graphql`;
  const apiKey = values.get('--api-key') ?? process.env.HUB_API_KEY;
  if (apiKey) return { url, headers: { 'x-api-key': apiKey } };
  const token =
    values.get('--token') ??
    process.env.HUB_TOKEN ??
    (await mintLocalToken(
      as === 'approver'
        ? {
            sub: `${purpose}.${department.slug}.approver`,
            name: `${purpose} (command)`,
            role: 'DEPARTMENT_APPROVER',
            department: department.code,
          }
        : department.code === 'LDTBXH'
          ? { sub: purpose, name: `${purpose} (command)`, role: 'PROVINCE_ADMIN' }
          : {
              sub: `${purpose}.${department.slug}`,
              name: `${purpose} (command)`,
              role: 'DEPARTMENT_PUBLISHER',
              department: department.code,
            },
      '30m',
    ));
  return { url, headers: { authorization: `Bearer ${token}` } };
}

/** A year argument. @throws Error */
export function yearArg(value: string | undefined): number {
  if (!value || !/^\d{4}$/.test(value)) throw new Error('--year is a 4-digit year');
  return Number(value);
}
