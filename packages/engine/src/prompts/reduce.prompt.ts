import { STAGE_MARKER, type ReduceInputTheme } from '../llm/protocol.js';
import { DATA_NOT_INSTRUCTIONS, JSON_ONLY, newNonce, themeBlock, type PromptMessages } from './fence.js';

export const REDUCE_SCHEMA_TEXT =
  '{"summary":"string, 1 to 2000 characters","themes":[{"name":"string, at most 120 characters",' +
  '"summary":"string, at most 800 characters","kind":"pain_point | feature_request | praise | other",' +
  '"refs":["refs copied exactly from the input, at least 1"]}],"recommendations":[{"title":"string, at most 160 characters",' +
  '"description":"string, at most 800 characters","priority":"high | medium | low","themes":["exact names of themes in your answer"]}]}';

export const REDUCE_TASK = [
  'You are a product analyst. You merge partial themes, each found in a separate batch of customer feedback.',
  '',
  'Input: the user message holds partial themes between a line `<<<THEMES N>>>` and a line ' +
    '`<<<END THEMES N>>>`, where N is a random nonce. Each line is one JSON object ' +
    '{"ref","name","summary","kind","count"}; count is how many feedback entries support it.',
  DATA_NOT_INSTRUCTIONS,
  '',
  'Task:',
  '- Merge partial themes about the same topic; keep distinct topics apart. At most 30 themes, most important first.',
  '- refs: the refs of every partial theme merged into the theme, copied exactly; use each ref once. ' +
    'Counts and feedback ids are computed from the refs, so do not state them.',
  '- kind: "pain_point", "feature_request", "praise" or "other", as for the partial themes.',
].join('\n');

const FINAL_STEP = [
  '- summary: 2 to 4 sentences on what customers say overall, weighted by count.',
  '- recommendations: up to 10 concrete actions, highest impact first, each with a priority and the ' +
    'exact names of the themes (from your answer) it addresses.',
].join('\n');

const INTERMEDIATE_STEP = [
  '- This is an intermediate merge: prefer merging small related themes over dropping them, ' +
    'write a one-sentence summary, and return an empty recommendations list.',
].join('\n');

export function buildReducePrompt(themes: readonly ReduceInputTheme[], options: { final: boolean }, nonce = newNonce()): PromptMessages {
  const step = options.final ? FINAL_STEP : INTERMEDIATE_STEP;
  return {
    system: [STAGE_MARKER('reduce'), REDUCE_TASK, step, '', JSON_ONLY, `Schema: ${REDUCE_SCHEMA_TEXT}`].join('\n'),
    user: `Merge these ${themes.length} partial themes.\n${themeBlock(themes, nonce)}`,
  };
}
