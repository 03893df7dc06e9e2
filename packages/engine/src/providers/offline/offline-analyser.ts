import { Sampler } from '../../chunking/sampling.js';
import { normaliseEntryText, trimEntry } from '../../chunking/tokens.js';
import { ProgressReporter } from '../../pipeline/progress.js';
import { RunContext } from '../../pipeline/run-context.js';
import type { FeedbackSource, ProgressSink, StatsSnapshot } from '../../ports.js';
import { RedactionTally } from '../../redaction/redaction-tally.js';
import { redactedSource } from '../../redaction/redacting-source.js';
import { DEFAULT_REDACTION, Redactor, type RedactionSettings } from '../../redaction/redactor.js';
import { identifyThemes, type ThemeHistory } from '../../result/identify-themes.js';
import { buildInsightsResult } from '../../result/result.builder.js';
import { compareResults } from '../../result/trends.js';
import type { InsightsResult } from '../../result/result.schema.js';
import { recommendOffline, summariseOffline } from './recommend.js';
import { selectThemes, type OfflineDoc, type OfflineTheme } from './select-themes.js';
import { extractTerms } from './term-extractor.js';
import { asksForSomething } from './vocabulary.js';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'offline-v7';

export interface OfflineOptions {
  maxFeedback: number;
  maxEntryChars: number;
  totalFeedback?: number;
  /** Nothing leaves the process offline, but quotes are stored and shown: they carry placeholders too. */
  redaction: RedactionSettings;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  now?: () => Date;
}

export interface AnalyseOfflineInput {
  source: FeedbackSource;
  statistics: StatsSnapshot;
  /** As the LLM pipeline's: ids kept by evidence, and trends, from the scope's previous result. */
  history?: ThemeHistory;
  options?: Partial<OfflineOptions>;
}

// No API cost, so the cap is higher than the LLM pipeline's; wink-nlp reads ~10k entries a second.
export const DEFAULT_OFFLINE_OPTIONS = { maxFeedback: 50_000, maxEntryChars: 2000, redaction: DEFAULT_REDACTION } satisfies Partial<OfflineOptions>;

function offlineDoc(id: string, rating: number, sentiment: string, text: string): OfflineDoc {
  return { id, rating, sentiment, isRequest: asksForSomething(text), hits: extractTerms(text) };
}

const sentimentOfRating = (rating: number) => (rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'neutral');

/**
 * The offline analyser's themes for a batch of entries held in memory, every id listed (the
 * bundled fake GLM answers map prompts with them).
 */
export function themesOfEntries(entries: readonly { id: string; rating: number; text: string }[], smallest = 3): OfflineTheme[] {
  const docs = entries.map((e) => offlineDoc(e.id, e.rating, sentimentOfRating(e.rating), normaliseEntryText(e.text)));
  return selectThemes(docs, smallest);
}

/**
 * Themes, pain points, requests and praise from word statistics alone, for running without a
 * GLM key. Same result shape as the LLM pipeline, marked as offline, with real ids and quotes.
 */
export async function analyseOffline(input: AnalyseOfflineInput): Promise<InsightsResult> {
  const options = { ...DEFAULT_OFFLINE_OPTIONS, ...input.options };
  const total = options.totalFeedback ?? input.statistics.totalFeedback;
  const ctx = new RunContext(options.signal);
  const progress = new ProgressReporter(ctx, options.onProgress);
  const sampler = new Sampler(total, options.maxFeedback);
  const docs: OfflineDoc[] = [];
  const created = new Map<string, Date>();
  const redactor = new Redactor(options.redaction);
  const redaction = new RedactionTally(redactor.enabled);

  await progress.report('stats', 1);
  for await (const page of redactedSource(input.source, redactor, redaction).pages(sampler.ratio < 1 ? { sampleRatio: sampler.ratio } : {})) {
    ctx.throwIfCancelled();
    for (const item of page) {
      if (!sampler.keep(item.id)) continue;
      const { text, trimmedChars } = trimEntry(normaliseEntryText(item.text), options.maxEntryChars);
      if (trimmedChars > 0) ctx.trimmed++;
      docs.push(offlineDoc(item.id, item.rating, item.sentiment, text));
      created.set(item.id, new Date(item.createdAt));
    }
    await progress.report('map', sampler.seen / Math.max(1, total));
  }

  const analysed = sampler.analysed;
  await progress.report('reduce', 0);
  const themes = selectThemes(docs);
  await progress.report('finalize', 0);
  const identified = identifyThemes(themes, created, input.history);
  const result = buildInsightsResult({
    summary: summariseOffline(themes, analysed, Math.max(total, sampler.seen), input.statistics.averageRating),
    themes: identified.themes,
    themeSets: identified.themeSets,
    recommendations: recommendOffline(themes, analysed),
    statistics: input.statistics,
    coverage: {
      totalFeedback: Math.max(total, sampler.seen),
      analysed,
      sampled: sampler.sampled,
      trimmed: ctx.trimmed,
      droppedInvalidIds: 0,
    },
    provider: OFFLINE_PROVIDER,
    model: OFFLINE_MODEL,
    promptVersion: OFFLINE_MODEL,
    tokens: { prompt: 0, completion: 0, cached: 0 },
    llmCalls: 0,
    memoHits: 0,
    redaction: redaction.summary(),
    generatedAt: (options.now ?? (() => new Date()))(),
  });
  if (input.history) result.trends = compareResults(result, input.history.previous, identified.lineage);
  await progress.report('finalize', 1);
  return result;
}
