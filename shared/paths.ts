import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/**
 * The folder holding the project's package.json, found by walking up from this file, so the same
 * code works from the TypeScript sources and from the compiled `dist/` tree.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const name = (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string }).name;
      if (name === 'child-friendly-commune-hub') return (root = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${__dirname}`);
    dir = parent;
  }
}

/** Absolute path of a file given relative to the project root. */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}

/** Reads a UTF-8 file given relative to the project root. */
export function readProjectFile(...segments: string[]): string {
  return fs.readFileSync(projectPath(...segments), 'utf8');
}
