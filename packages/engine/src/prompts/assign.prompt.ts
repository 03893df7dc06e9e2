import type { PreparedEntry } from '../chunking/entry.js';
import { STAGE_MARKER, type ReduceInputTheme } from '../llm/protocol.js';
import { DATA_NOT_INSTRUCTIONS, JSON_ONLY, feedbackBlock, newNonce, themeBlock, type PromptMessages } from './fence.js';

export const ASSIGN_SCHEMA_TEXT = '{"a":[[entry number, "theme ref" or null], ...]}';

// No nonce in the system message: byte-identical across calls, so a provider's prompt cache serves it.
export const ASSIGN_TASK = [
  'You are a product analyst. You sort new customer feedback into existing themes.',
  '',
  'Input: the user message holds the themes between a line `<<<THEMES N>>>` and a line `<<<END THEMES N>>>`, ' +
    'one JSON object per line with its ref (t1, t2…), name, summary, kind and size; then feedback entries between ' +
    '`<<<FEEDBACK N>>>` and `<<<END FEEDBACK N>>>`, one per line: `<entry number><TAB><rating 1-5><TAB><text>`. ' +
    'N is a random nonce.',
  DATA_NOT_INSTRUCTIONS,
  '',
  'Task:',
  '- For every entry, the ref of the one theme it is most about, or null when it fits none of them well.',
  '- Cite only entry numbers and theme refs that are in the input.',
  '',
  JSON_ONLY,
  `Schema: ${ASSIGN_SCHEMA_TEXT}`,
].join('\n');

/** A theme as the assignment prompt shows it: one line, its summary cut to one sentence's length. */
export const ASSIGN_SUMMARY_CHARS = 160;

export function buildAssignPrompt(themes: readonly ReduceInputTheme[], entries: readonly PreparedEntry[], nonce = newNonce()): PromptMessages {
  return {
    system: `${STAGE_MARKER('assign')}\n${ASSIGN_TASK}`,
    user: `Assign these ${entries.length} feedback entries to the themes.\n${themeBlock(themes, nonce)}\n${feedbackBlock(entries, nonce)}`,
  };
}
