/** A piece of an answer: its own words, or a marker citing entry `ref`. */
export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; ref: number };

// `[1]`, and `[1, 2]` or `[1,2]` for one claim resting on several entries.
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * An answer cut into text and citation markers. Only the refs the answer's citations hold become
 * markers; anything else in brackets stays text, as written. Adjacent text is joined.
 */
export function answerParts(answer: string, refs: ReadonlySet<number>): AnswerPart[] {
  const parts: AnswerPart[] = [];
  const text = (value: string) => {
    if (!value) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += value;
    else parts.push({ kind: 'text', text: value });
  };
  let from = 0;
  for (const match of answer.matchAll(MARKER)) {
    const numbers = match[1]!.split(',').map((n) => Number(n.trim()));
    text(answer.slice(from, match.index));
    from = match.index + match[0].length;
    if (!numbers.every((n) => refs.has(n))) {
      text(match[0]);
      continue;
    }
    for (const ref of numbers) parts.push({ kind: 'cite', ref });
  }
  text(answer.slice(from));
  return parts;
}

/** What the page calls each step of an answer job. */
export const ASK_STAGE_LABELS: Record<string, string> = {
  queued: 'Waiting for a worker…',
  retrieving: 'Finding the entries that answer it…',
  answering: 'Writing the answer…',
  checking: 'Checking the citations…',
  done: 'Reading the answer…',
};

/** What a count in an answer counted: a theme's entries (`theme:<id>`), else a search's matches. */
export function countSource(query: string): string {
  return query.startsWith('theme:') ? 'entries in this theme' : `entries matching “${query}”`;
}
