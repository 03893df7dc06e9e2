import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git', '.local']);
// Static imports and re-exports (`from '…'`), bare imports (`import '…'`) and dynamic `import('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield join(dir, entry.name);
    }
  }
}

/** The workspace a repository path belongs to: `apps/<name>`, `packages/<name>`, or the root (''). */
function workspaceOf(path: string): string {
  const [group, name] = path.split('/');
  return (group === 'apps' || group === 'packages') && name ? `${group}/${name}` : '';
}

/** True when the path lies in the `test/` folder of its workspace. */
function inTestFolder(path: string, workspace: string): boolean {
  const inside = workspace ? path.slice(workspace.length + 1) : path;
  return inside.startsWith('test/');
}

/** Every relative import, anywhere in the repository, that reaches into another workspace's test/ folder. */
function crossWorkspaceTestImports(root: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = relative(root, resolve(dirname(file), match[1]!))
        .split(sep)
        .join('/');
      const workspace = workspaceOf(target);
      if (workspace !== workspaceOf(from) && inTestFolder(target, workspace)) found.push(`${from} imports ${match[1]}`);
    }
  }
  return found.sort();
}

describe('test support', () => {
  it('is never imported from another workspace’s test/ folder (shared helpers live in @insights/testkit)', () => {
    expect(crossWorkspaceTestImports(ROOT)).toEqual([]);
  });

  it('the check sees such an import, static or dynamic, and ignores one inside its own workspace', () => {
    const root = mkdtempSync(join(tmpdir(), 'test-imports-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    try {
      write('packages/client/test/a.ts', "import { x } from '../../../apps/api/test/support/x.js';\nconst y = await import('../../../test/support/y.mjs');\n");
      write('apps/api/test/b.ts', "import { z } from './support/z.js';\nimport { w } from '../../../packages/testkit/src/w.js';\n");
      write('bench/c.ts', "import { v } from '../test/browser/support/v.js';\n");
      expect(crossWorkspaceTestImports(root)).toEqual([
        'packages/client/test/a.ts imports ../../../apps/api/test/support/x.js',
        'packages/client/test/a.ts imports ../../../test/support/y.mjs',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
