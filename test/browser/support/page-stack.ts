import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm, type FakeGlmOptions } from '@insights/fake-glm';
import { ApiProcess, WorkerProcess } from '@insights/testkit';
import { glmStackEnv } from '@insights/testkit/stack';
import { launchChromium, newPage } from './chromium.js';
import { buildWebPage, WebPreview } from './web-preview.js';

/** Everything a browser suite drives: Chromium on the built page, the API and worker it calls, the fake GLM. */
export interface PageStack {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  fake: FakeGlm;
  api: ApiProcess;
  worker: WorkerProcess;
  preview: WebPreview;
  /** The stack's database, for checking what the page's clicks wrote. */
  db: DatabaseHandle;
  stop(): Promise<void>;
}

export interface PageStackOptions {
  /** Names the stack's queue prefix and database. */
  name: string;
  /** The bearer token the page is signed in with. */
  token: string;
  fake?: FakeGlmOptions;
  /** Variables beside the stack's own, for both processes. */
  env?: Record<string, string>;
}

/**
 * Starts the page's whole stack: the page built and served by `vite preview` against one API and
 * one worker process, Postgres, Redis and the fake GLM server. Chromium is launched first, so a
 * missing Chromium fails at once, saying how to install it. Whatever started is stopped again when
 * a later step fails.
 */
export async function startPageStack(options: PageStackOptions): Promise<PageStack> {
  const started: Partial<PageStack> = {};
  let build: ReturnType<typeof buildWebPage> | undefined;
  const stop = async () => {
    await started.context?.close().catch(() => undefined);
    await started.browser?.close().catch(() => undefined);
    await started.preview?.stop();
    await Promise.all([started.api?.stop(), started.worker?.stop()]);
    await started.fake?.close();
    await started.db?.close();
    await (await build?.catch(() => undefined))?.remove();
  };
  try {
    started.browser = await launchChromium();
    build = buildWebPage();
    // Awaited below; a failure before then must not count as unhandled.
    build.catch(() => undefined);
    started.fake = await startFakeGlm({ port: 0, ...options.fake });
    const env = { ...glmStackEnv(started.fake.url, options.name), ...options.env };
    [started.api, started.worker] = await Promise.all([ApiProcess.start(env), WorkerProcess.start(env)]);
    const built = await build;
    started.preview = await WebPreview.start({ outDir: built.outDir, apiUrl: started.api.url, token: options.token });
    ({ context: started.context, page: started.page } = await newPage(started.browser));
    started.db = createDatabase(process.env.DATABASE_URL!, 2);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...(started as Omit<PageStack, 'stop'>), stop };
}
