import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { envSchema, renderConfigurationDoc, renderEnvExample, SECTIONS, VARIABLES } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the files made from the declarations', () => {
  it('.env.example is what the declarations produce (`pnpm config:docs` rewrites it)', () => {
    expect({ file: '.env.example', text: read('.env.example') }).toEqual({ file: '.env.example', text: renderEnvExample() });
  });

  it('docs/configuration.md is what the declarations produce (`pnpm config:docs` rewrites it)', () => {
    expect({ file: 'docs/configuration.md', text: read('docs/configuration.md') }).toEqual({ file: 'docs/configuration.md', text: renderConfigurationDoc() });
  });

  it('lists every variable the schema reads once in .env.example, secrets empty', () => {
    const lines = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line));
    const names = lines.map((line) => line.split('=')[0]);
    expect(names.sort()).toEqual(Object.keys(envSchema.shape).sort());
    for (const variable of VARIABLES.filter((v) => 'secret' in v && v.secret)) expect(lines).toContain(`${variable.name}=`);
  });

  it('gives every variable one name, one path and a known section, and every section a variable', () => {
    const names = VARIABLES.map((v) => v.name);
    const paths = VARIABLES.map((v) => v.path);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(paths).size).toBe(paths.length);
    // No path is the parent of another (a value cannot also be an object).
    for (const path of paths) expect(paths.filter((other) => other.startsWith(`${path}.`))).toEqual([]);
    const sections = SECTIONS.map((s) => s.id as string);
    for (const variable of VARIABLES) expect(sections).toContain(variable.section);
    for (const section of sections) expect(VARIABLES.some((v) => v.section === section)).toBe(true);
  });
});
