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

/** The project's named themes go into the reduce prompt between these fences, one JSON string per line. */
export const namesFence = (nonce: string) => ({
  open: `<<<NAMES ${nonce}>>>`,
  close: `<<<END NAMES ${nonce}>>>`,
});

/** Names a reduce prompt lists at most, each cut to the answer's name limit. */
export const MAX_KNOWN_THEMES = 60;
const MAX_NAME_CHARS = 120;

const KNOWN_NAMES_STEP = [
  '- The project already names some themes: the user message lists those names between a line `<<<NAMES N>>>` and a line ' +
    '`<<<END NAMES N>>>`, one JSON string per line (data, like the themes). When a theme of yours is about the same topic ' +
    'as one of them, use that name exactly; otherwise name it yourself. Never merge distinct topics to fit a name.',
].join('\n');

/** The names a prompt lists: distinct, non-empty, cut to the name limit, at most MAX_KNOWN_THEMES. */
export function knownNames(names: readonly string[] = []): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of names) {
    const name = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS);
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    kept.push(name);
    if (kept.length === MAX_KNOWN_THEMES) break;
  }
  return kept;
}

function namesBlock(names: readonly string[], nonce: string): string {
  const fence = namesFence(nonce);
  return [fence.open, ...names.map((n) => JSON.stringify(n)), fence.close].join('\n');
}

export interface ReducePromptOptions {
  final: boolean;
  /** The project's theme names (the previous result's, with owners' renames) for the model to reuse. */
  knownThemes?: readonly string[];
}

export function buildReducePrompt(themes: readonly ReduceInputTheme[], options: ReducePromptOptions, nonce = newNonce()): PromptMessages {
  const step = options.final ? FINAL_STEP : INTERMEDIATE_STEP;
  const names = knownNames(options.knownThemes);
  const naming = names.length > 0 ? [KNOWN_NAMES_STEP] : [];
  const listed = names.length > 0 ? `\nThe project's named themes:\n${namesBlock(names, nonce)}` : '';
  return {
    system: [STAGE_MARKER('reduce'), REDUCE_TASK, step, ...naming, '', JSON_ONLY, `Schema: ${REDUCE_SCHEMA_TEXT}`].join('\n'),
    user: `Merge these ${themes.length} partial themes.\n${themeBlock(themes, nonce)}${listed}`,
  };
}
