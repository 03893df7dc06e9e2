import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NodeChild, ROOT } from '@insights/testkit';

const WEB = join(ROOT, 'apps', 'web');
const VITE = join(WEB, 'node_modules', 'vite', 'bin', 'vite.js');

// Vite refuses a second `build` or `preview` of the same project while one runs (a lock file per
// command); the page under test is its own build in its own directory, so a developer's running
// page and this one never touch each other and the lock would only get in the way.
const BYPASS_LOCK = '--bypass-lock';

function runVite(args: string[], env: NodeJS.ProcessEnv): NodeChild {
  if (!existsSync(VITE)) throw new Error(`no Vite at ${VITE}: run pnpm install`);
  return new NodeChild(VITE, { name: 'vite', cwd: WEB, runner: [], args, env: { NO_COLOR: '1', ...env }, keepChars: 20_000, killAfterMs: 5_000 });
}

/** A production build of the page in a fresh temporary directory (never the committed tree's dist/). */
export async function buildWebPage(): Promise<{ outDir: string; remove: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'insights-web-'));
  const vite = runVite(['build', BYPASS_LOCK, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {});
  const code = await vite.exited;
  if (code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`vite build failed (${code}):\n${vite.output}`);
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
    private readonly vite: NodeChild,
  ) {}

  static async start(options: WebPreviewOptions): Promise<WebPreview> {
    const port = await freePort();
    const vite = runVite(['preview', BYPASS_LOCK, '--outDir', options.outDir], {
      WEB_PORT: String(port),
      INSIGHTS_API_URL: options.apiUrl,
      INSIGHTS_WEB_LOCAL_TOKEN: options.token ?? '',
    });
    const preview = new WebPreview(`http://127.0.0.1:${port}`, vite);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!vite.running) throw new Error(`vite preview exited (${await vite.exited}):\n${vite.output}`);
      const answer = await fetch(`${preview.url}/`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (answer?.ok && (await answer.text()).includes('id="root"')) return preview;
      if (Date.now() > deadline) {
        await preview.stop();
        throw new Error(`vite preview did not serve the page within 30 s:\n${vite.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get log(): string {
    return this.vite.output;
  }

  stop(): Promise<void> {
    return this.vite.stop();
  }
}
