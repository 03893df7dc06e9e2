// Compiles every app and package from src/ to dist/ with swc: ES modules, decorator metadata for
// Nest, source maps. Type checking is `pnpm typecheck` (tsc); this only transpiles, so a full
// build takes seconds. `node scripts/build.mjs --clean` removes dist/ first.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !SKIP.test(entry.name)) yield path;
  }
}

async function projects() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of await readdir(join(ROOT, group), { withFileTypes: true })) {
      // A Vite app (apps/web) is built by Vite into its own dist/.
      if (entry.isDirectory() && !existsSync(join(ROOT, group, entry.name, 'vite.config.ts'))) found.push(join(ROOT, group, entry.name));
    }
  }
  return found;
}

async function compile(project) {
  const src = join(project, 'src');
  const dist = join(project, 'dist');
  let files = 0;
  for await (const file of sources(src)) {
    const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, {
      sourceMaps: true,
      outputPath: out,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    await writeFile(`${out}.map`, map);
    files++;
  }
  return files;
}

const started = performance.now();
const list = await projects();
if (process.argv.includes('--clean')) await Promise.all(list.map((p) => rm(join(p, 'dist'), { recursive: true, force: true })));
const counts = await Promise.all(list.map(compile));
const total = counts.reduce((a, b) => a + b, 0);
console.log(`built ${total} files in ${list.length} projects to dist/ in ${Math.round(performance.now() - started)} ms`);
