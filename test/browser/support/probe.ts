import type { Page } from 'playwright-core';

export interface ProgressSample {
  /** performance.now() of the document when the DOM changed. */
  at: number;
  shown: boolean;
  percent?: number;
  stage?: string;
  chunks?: string;
}

export interface ProbeRecord {
  clicks: { at: number; testId: string }[];
  progress: ProgressSample[];
  totals: { at: number; total: string }[];
}

/**
 * Runs in the page before its own scripts: records, in the document's clock, each click on an
 * element with a test id (in the capture phase, so before React handles it) and each change of
 * the progress bar and of the total-feedback figure (a MutationObserver callback runs right
 * after the DOM changed, before the frame is painted). Timing in the page itself keeps the
 * test runner's round trips out of the figures.
 */
export const PROBE_SCRIPT = `(() => {
  const probe = { clicks: [], progress: [], totals: [] };
  Object.defineProperty(window, '__insightsProbe', { value: probe });
  const byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');
  let lastProgress = '';
  let lastTotal = '';
  const record = () => {
    const at = performance.now();
    const bar = byTestId('progress');
    const sample = bar
      ? {
          shown: true,
          percent: Number(bar.getAttribute('aria-valuenow')),
          stage: byTestId('progress-stage')?.getAttribute('data-stage') ?? '',
          chunks: byTestId('progress-chunks')?.textContent?.trim() ?? '',
        }
      : { shown: false };
    const key = JSON.stringify(sample);
    if (key !== lastProgress) {
      lastProgress = key;
      probe.progress.push({ at, ...sample });
    }
    const total = byTestId('total-feedback')?.textContent?.trim() ?? '';
    if (total !== lastTotal) {
      lastTotal = total;
      probe.totals.push({ at, total });
    }
  };
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-testid]') : null;
    if (target) probe.clicks.push({ at: performance.now(), testId: target.getAttribute('data-testid') });
  }, true);
  new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

export async function readProbe(page: Page): Promise<ProbeRecord> {
  return (await page.evaluate('JSON.parse(JSON.stringify(window.__insightsProbe))')) as ProbeRecord;
}

/** The page's own placeholders before the worker reported anything. */
const NO_PROGRESS_YET = new Set(['starting', 'queued']);

/** Progress from the job itself: a percentage above zero or a stage past the queue. */
export const isRealProgress = (s: ProgressSample) => s.shown && ((s.percent ?? 0) > 0 || !NO_PROGRESS_YET.has(s.stage ?? ''));

export interface ClickTimings {
  /** Click to the progress bar in the DOM (the page's own "Starting…"), ms. */
  barMs: number;
  /** Click to the first progress the job reported, ms. */
  firstProgressMs: number;
  /** Click to total-feedback showing the expected total, ms; NaN when none was given. */
  resultMs: number;
  firstProgress: ProgressSample;
}

/** The last click on `testId` in the probe's record. */
export function lastClick(record: ProbeRecord, testId: string): { at: number } {
  const click = record.clicks.filter((c) => c.testId === testId).at(-1);
  if (!click) throw new Error(`no click on ${testId} was recorded`);
  return click;
}

/** Milliseconds from the last click on `testId` until total-feedback showed `total`. */
export function clickToTotal(record: ProbeRecord, testId: string, total: number): number {
  const click = lastClick(record, testId);
  const shown = record.totals.find((t) => t.at >= click.at && t.total === String(total));
  if (!shown) throw new Error(`total-feedback never showed ${total} after the click: ${JSON.stringify(record.totals.slice(-5))}`);
  return shown.at - click.at;
}

/** Timings from the last click on `testId` in the probe's record. */
export function clickTimings(record: ProbeRecord, testId: string, expectedTotal?: number): ClickTimings {
  const click = lastClick(record, testId);
  const after = record.progress.filter((s) => s.at >= click.at);
  const bar = after.find((s) => s.shown);
  const first = after.find(isRealProgress);
  if (!bar || !first) throw new Error(`no progress shown after the click on ${testId}: ${JSON.stringify(after)}`);
  return {
    barMs: bar.at - click.at,
    firstProgressMs: first.at - click.at,
    resultMs: expectedTotal === undefined ? Number.NaN : clickToTotal(record, testId, expectedTotal),
    firstProgress: first,
  };
}
