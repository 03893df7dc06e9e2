import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../apps/api/test/support/processes.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const WEB = join(ROOT, 'apps', 'web');
const VITE = join(WEB, 'node_modules', 'vite', 'bin', 'vite.js');
const KEEP_OUTPUT_CHARS = 20_000;

// Vite refuses a second `build` or `preview` of the same project while one runs (a lock file per
// command); the page under test is its own build in its own directory, so a developer's running
// page and this one never touch each other and the lock would only get in the way.
const BYPASS_LOCK = '--bypass-lock';

function runVite(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  if (!existsSync(VITE)) throw new Error(`no Vite at ${VITE}: run pnpm install`);
  const child = spawn(process.execPath, [VITE, ...args], {
    cwd: WEB,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, output: () => output };
}

/** A production build of the page in a fresh temporary directory (never the committed tree's dist/). */
export async function buildWebPage(): Promise<{ outDir: string; remove: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'insights-web-'));
  const { child, output } = runVite(['build', BYPASS_LOCK, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {});
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`vite build failed (${code}):\n${output()}`);
  }
  return { outDir, remove: () => rm(outDir, { recursive: true, force: true }) };
}

export interface WebPreviewOptions {
  /** A build from buildWebPage(). */
  outDir: string;
  /** Where the preview server proxies /api and /health. */
  apiUrl: string;
  /** Served at /local-session, so the page signs itself in; none shows the sign-in form. */
  token?: string;
}

/** `vite preview` of a build on a free loopback port, proxying to a given API, as the quick start serves the page. */
export class WebPreview {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly output: () => string,
  ) {}

  static async start(options: WebPreviewOptions): Promise<WebPreview> {
    const port = await freePort();
    const { child, output } = runVite(['preview', BYPASS_LOCK, '--outDir', options.outDir], {
      WEB_PORT: String(port),
      INSIGHTS_API_URL: options.apiUrl,
      INSIGHTS_WEB_LOCAL_TOKEN: options.token ?? '',
    });
    const preview = new WebPreview(`http://127.0.0.1:${port}`, child, output);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${output()}`);
      const answer = await fetch(`${preview.url}/`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (answer?.ok && (await answer.text()).includes('id="root"')) return preview;
      if (Date.now() > deadline) {
        await preview.stop();
        throw new Error(`vite preview did not serve the page within 30 s:\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get log(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
