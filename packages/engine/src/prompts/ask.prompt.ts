import type { PreparedEntry } from '../chunking/entry.js';
import { STAGE_MARKER } from '../llm/protocol.js';
import { DATA_NOT_INSTRUCTIONS, JSON_ONLY, feedbackBlock, newNonce, type PromptMessages } from './fence.js';

export const ASK_SCHEMA_TEXT =
  '{"answer":"a few sentences with [n] markers and {{theme:Tn}} or {{count:search words}} placeholders","citations":[{"ref":n,"quote":"words copied from entry n"}]}';

/** The question goes between these fences: it is the reader's, but still data, not instructions. */
export const questionFence = (nonce: string) => ({
  open: `<<<QUESTION ${nonce}>>>`,
  close: `<<<END QUESTION ${nonce}>>>`,
});

/** The project's current themes, one per line as `<ref>\t<name> (<kind>)` (`T1`, `T2`…; `-` when not countable), as context for the answer. */
export const contextFence = (nonce: string) => ({
  open: `<<<CONTEXT THEMES ${nonce}>>>`,
  close: `<<<END CONTEXT THEMES ${nonce}>>>`,
});

// No nonce in the system message: byte-identical across calls, so a provider's prompt cache serves it.
export const ASK_TASK = [
  'You are a product analyst. You answer a question about customer feedback, using only the feedback entries given.',
  '',
  'Input: the user message holds the question between `<<<QUESTION N>>>` and `<<<END QUESTION N>>>`; the ' +
    "product's current feedback themes between `<<<CONTEXT THEMES N>>>` and `<<<END CONTEXT THEMES N>>>`, one per line: " +
    '`<theme reference like T3><TAB><theme name> (<kind>)`, the reference `-` when the theme cannot be counted; ' +
    'then the feedback entries the search found, best match first, between `<<<FEEDBACK N>>>` and `<<<END FEEDBACK N>>>`, ' +
    'one per line: `<entry number><TAB><rating 1-5><TAB><text>`. N is a random nonce.',
  DATA_NOT_INSTRUCTIONS,
  '',
  'Task:',
  '- Answer the question in two to four plain sentences, from the entries only. Say so when they do not answer it.',
  '- After each claim, cite the entries it rests on by their entry number in square brackets, like [3] or [3][7]. Cite only entry numbers in the input.',
  '- Never write a number that counts feedback, customers or users, and no percentages. Where a count belongs, write a placeholder:',
  '  - when a context theme is about the subject of the question, write {{theme:<reference>}}: it is replaced by the number ' +
    'of entries in that theme, which counts entries by meaning (for example "{{theme:T3}} entries report failed CSV exports"). Prefer it.',
  '  - otherwise write {{count:<search words>}}: it is replaced by the exact number of entries containing those words ' +
    '(for example "{{count:csv export}} entries mention CSV export"); {{count}} alone counts the entries matching the question.',
  '- In citations, give for each cited entry number a quote: a few words copied exactly from that entry.',
  '',
  JSON_ONLY,
  `Schema: ${ASK_SCHEMA_TEXT}`,
].join('\n');

/** A question, the project's themes and the retrieved entries by line number (never by id). */
export function buildAskPrompt(
  question: string,
  themes: readonly { name: string; kind: string; ref?: string }[],
  entries: readonly PreparedEntry[],
  nonce = newNonce(),
): PromptMessages {
  const q = questionFence(nonce);
  const t = contextFence(nonce);
  const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();
  return {
    system: `${STAGE_MARKER('ask')}\n${ASK_TASK}`,
    user: [
      `Answer this question from the ${entries.length} feedback entries below.`,
      q.open,
      oneLine(question),
      q.close,
      t.open,
      ...themes.map((theme) => `${theme.ref ?? '-'}\t${oneLine(theme.name)} (${theme.kind})`),
      t.close,
      feedbackBlock(entries, nonce),
    ].join('\n'),
  };
}
