import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-tools.sh', import.meta.url));
const TEST_SCRIPT = fileURLToPath(new URL('../../scripts/test.sh', import.meta.url));
const PRESENT = ['chromium', 'promtool', 'redis-server', 'docker-compose', 'nginx'];

/**
 * scripts/ensure-tools.sh on a PATH that holds only stand-ins: pdftotext and redis-cli missing,
 * and apt-get absent or a stand-in that records its calls. Nothing is really installed.
 */
describe('scripts/ensure-tools.sh', () => {
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'ensure-tools-'));
    for (const tool of PRESENT) executable(tool, 'exit 0');
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  function executable(name: string, body: string): void {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  function run(script = SCRIPT) {
    const env: Record<string, string> = { PATH: bin, HOME: bin };
    return spawnSync('/bin/bash', [script], { env, encoding: 'utf8' });
  }
  const expected = [
    'missing pdftotext (the export tests): install the Debian package poppler-utils as root: apt-get install -y poppler-utils',
    'missing redis-cli (the Redis Cluster suites): install the Debian package redis-tools as root: apt-get install -y redis-tools',
  ];

  it('passes without a word when every tool is there', () => {
    executable('pdftotext', 'exit 0');
    executable('redis-cli', 'exit 0');
    const result = run();
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('without apt-get, stops with one line per missing tool naming its package and the command', () => {
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(expected);
  });

  it('as root with a working apt-get, installs what is missing and passes', () => {
    if (process.getuid?.() !== 0) return;
    executable(
      'apt-get',
      `case "$*" in install*poppler-utils) printf '#!/bin/sh\\n' > ${bin}/pdftotext; /bin/chmod +x ${bin}/pdftotext;; install*redis-tools) printf '#!/bin/sh\\n' > ${bin}/redis-cli; /bin/chmod +x ${bin}/redis-cli;; esac`,
    );
    const result = run();
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'installing poppler-utils\ninstalling redis-tools\n',
      stderr: '',
    });
  });

  it('when apt-get fails, tries each missing package (as root) and then stops with the same lines', () => {
    const calls = join(bin, 'apt-calls');
    executable('apt-get', `echo "$*" >> ${calls}\necho "E: no network" >&2\nexit 100`);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(expected);
    // Only root can install; anyone else goes straight to the lines.
    const asRoot = process.getuid?.() === 0;
    const attempted = asRoot
      ? readFileSync(calls, 'utf8')
          .split('\n')
          .filter((call) => call.startsWith('install'))
      : [];
    expect([...new Set(attempted.map((call) => call.split(' ').pop()))].sort()).toEqual(asRoot ? ['poppler-utils', 'redis-tools'] : []);
  });

  it('is what `pnpm test` runs first: a missing tool stops it before any suite starts', () => {
    const calls = join(bin, 'pnpm-calls');
    executable('pnpm', `echo "$*" >> ${calls}`);
    symlinkSync('/usr/bin/dirname', join(bin, 'dirname'));
    const result = run(TEST_SCRIPT);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(expected);
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').toBe('');
  });
});
