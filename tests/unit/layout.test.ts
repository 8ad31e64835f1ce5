/**
 * The folders are the architecture: a module of `shared/` is used by several services (otherwise it
 * belongs in the one that uses it), and docs/architecture.md names only paths that exist.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE = /\.(ts|tsx)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel));
    else if (SOURCE.test(entry.name)) out.push(rel);
  }
  return out;
}

const ALL = new Set(['shared', 'gateway', 'subgraphs', 'scripts', 'dashboard', 'tests'].flatMap(filesUnder));

/** The project files a source file imports (relative specifiers, static or dynamic, types included). */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = path.normalize(path.join(path.dirname(file), match[1] as string)).replace(/\.js$/, '');
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find((candidate) =>
      ALL.has(candidate),
    );
    if (target) found.push(target);
  }
  return found;
}

/** Which service a file belongs to: the gateway, one subgraph, the dashboard or the commands; null for shared/ and tests/. */
function serviceOf(file: string): string | null {
  const subgraph = /^subgraphs\/([^/]+)\//.exec(file);
  if (subgraph) return `subgraphs/${subgraph[1]}`;
  for (const top of ['gateway', 'dashboard', 'scripts']) if (file.startsWith(`${top}/`)) return top;
  return null;
}

/** For each module of shared/, the services that use it, directly or through other shared modules. */
function usersOfShared(): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  for (const file of ALL) {
    const service = serviceOf(file);
    if (!service) continue;
    const seen = new Set<string>();
    const stack = importsOf(file);
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next) || !next.startsWith('shared/')) continue;
      seen.add(next);
      if (!users.has(next)) users.set(next, new Set());
      users.get(next)?.add(service);
      stack.push(...importsOf(next));
    }
  }
  return users;
}

describe('the layout', () => {
  it('keeps in shared/ only modules that several services use', () => {
    const users = usersOfShared();
    const single = [...ALL]
      .filter((file) => file.startsWith('shared/'))
      .map((file) => ({ file, users: [...(users.get(file) ?? [])].sort() }))
      .filter((entry) => entry.users.length < 2)
      .map(
        (entry) =>
          `${entry.file}: ${entry.users.length === 0 ? 'used by no service' : `used only by ${entry.users[0]}`}`,
      );
    expect(single).toEqual([]);
  });

  it('sees the services it counts (a sanity check of the import reading)', () => {
    const users = usersOfShared();
    expect([...(users.get('shared/errors.ts') ?? [])].sort()).toEqual(
      expect.arrayContaining(['gateway', 'scripts', 'subgraphs/congan', 'subgraphs/ldtbxh', 'subgraphs/yte']),
    );
    expect(importsOf('subgraphs/ldtbxh/server.ts')).toContain('subgraphs/ldtbxh/assessment/index.ts');
  });

  it('names in docs/architecture.md only paths that exist', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const missing: string[] = [];
    const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));
    let module: string | null = null;
    for (const line of doc.split('\n')) {
      const folder = /^- \*\*([a-z-]+)\/\*\*/.exec(line);
      if (folder) {
        module = `subgraphs/ldtbxh/${folder[1]}`;
        if (!exists(module)) missing.push(module);
      } else if (!line.startsWith('  ')) {
        module = null;
      }
      for (const match of line.matchAll(/`([^`\s]+)`/g)) {
        const token = (match[1] as string).replace(/\(.*$/, '');
        if (token.includes('<') || (!/(\/|\.(ts|md|graphql|json|csv))$/.test(token) && !token.includes('/'))) continue;
        if (/^[a-z]+:/.test(token) || token.startsWith('npm')) continue;
        const candidates = token.includes('/') ? [token] : module ? [path.join(module, token)] : [token];
        if (!candidates.some(exists)) missing.push(token);
      }
    }
    expect(missing).toEqual([]);
  });
});
