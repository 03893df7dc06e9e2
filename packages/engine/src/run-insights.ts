import { generateInsights, type GenerateInsightsInput } from './pipeline/generate-insights.js';
import { analyseOffline, type AnalyseOfflineInput } from './providers/offline/offline-analyser.js';
import type { InsightsResult } from './result/result.schema.js';

export type RunInsightsInput = ({ mode: 'llm' } & GenerateInsightsInput) | ({ mode: 'offline' } & AnalyseOfflineInput);

/**
 * The one entry point callers use: `llm` runs the map-reduce pipeline against a ChatProvider,
 * `offline` the word-statistics analyser (no key, no cost). Both return the same shape.
 */
export function runInsights(input: RunInsightsInput): Promise<InsightsResult> {
  if (input.mode === 'offline') {
    const { mode: _mode, ...offline } = input;
    return analyseOffline(offline);
  }
  const { mode: _mode, ...llm } = input;
  return generateInsights(llm);
}
