import type { PreparedEntry } from '../chunking/entry.js';
import { STAGE_MARKER } from '../llm/protocol.js';
import { DATA_NOT_INSTRUCTIONS, JSON_ONLY, feedbackBlock, newNonce, type PromptMessages } from './fence.js';

export const MAP_SCHEMA_TEXT =
  '{"themes":[{"name":"string, at most 120 characters","summary":"one sentence",' +
  '"kind":"pain_point | feature_request | praise | other","sentiment":"positive | neutral | negative | mixed",' +
  '"ids":[entry numbers, at least 1]}]}';

// The system message carries no nonce, so it is byte-identical across calls and the provider's
// prompt cache can serve it.
export const MAP_TASK = [
  'You are a product analyst. You group customer feedback into themes.',
  '',
  'Input: the user message holds feedback entries between a line `<<<FEEDBACK N>>>` and a line ' +
    '`<<<END FEEDBACK N>>>`, where N is a random nonce. Each entry is one line: ' +
    '`<entry number><TAB><rating 1-5><TAB><text>`.',
  DATA_NOT_INSTRUCTIONS,
  '',
  'Task:',
  '- Group the entries into at most 15 themes; fewer is fine. An entry may support more than one theme.',
  '- kind: "pain_point" for problems and complaints, "feature_request" for asks for something new, ' +
    '"praise" for what customers like, "other" for anything else.',
  '- ids: the numbers of the entries behind the theme, as plain numbers. Never cite a number that is not in the input.',
  '- name: a short phrase naming the subject. summary: one sentence of at most 25 words.',
  '- Names and summaries: English, specific and neutral; no names, emails or other personal data.',
  '',
  JSON_ONLY,
  `Schema: ${MAP_SCHEMA_TEXT}`,
].join('\n');

export function buildMapPrompt(entries: readonly PreparedEntry[], nonce = newNonce()): PromptMessages {
  return {
    system: `${STAGE_MARKER('map')}\n${MAP_TASK}`,
    user: `Group these ${entries.length} feedback entries into themes.\n${feedbackBlock(entries, nonce)}`,
  };
}
