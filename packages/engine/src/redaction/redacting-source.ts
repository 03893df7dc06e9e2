import { hashFraction } from '../chunking/hash.js';
import { normaliseEntryText, trimEntry } from '../chunking/tokens.js';

// The API takes at most 10,000 characters per entry, the existing backend has no limit: what is
// longer than this is never sent whole anyway, and redaction's cost grows with the length.
const MAX_REDACTED_CHARS = 100_000;
const bounded = (text: string) => (text.length > MAX_REDACTED_CHARS ? trimEntry(normaliseEntryText(text), MAX_REDACTED_CHARS).text : text);
import type { FeedbackItem, FeedbackSource } from '../ports.js';
import type { Redactor } from './redactor.js';
import type { RedactionTally } from './redaction-tally.js';

/**
 * The feedback source every stage reads, with each entry's text redacted as its page arrives:
 * nothing downstream (chunks, memo hashes, prompts, quotes checked against entries) ever holds
 * the original. Counts are recomputed on every run, memo hit or not, because redacting is cheap
 * next to what the text is read for. Entries outside the sample are left out here, as the port
 * allows, so the counts cover the entries the run analyses.
 */
export function redactedSource(source: FeedbackSource, redactor: Redactor, tally: RedactionTally): FeedbackSource {
  return {
    async *pages(options = {}) {
      const ratio = options.sampleRatio;
      for await (const page of source.pages(options)) {
        const kept = ratio !== undefined && ratio < 1 ? page.filter((item) => hashFraction('sample', item.id.toLowerCase()) < ratio) : page;
        yield kept.map((item): FeedbackItem => {
          const { text, counts } = redactor.redact(bounded(item.text));
          tally.add(counts);
          return { ...item, text };
        });
      }
    },
  };
}
