import { extractTerms, type AskWireAnswer } from '@insights/engine';
import type { FeedbackEntry } from './prompt.js';
import { clip } from './text.js';

const QUESTION_OPEN = /<<<QUESTION (\S+?)>>>/;
const CONTEXT_OPEN = /<<<CONTEXT THEMES (\S+?)>>>/;
/** `T3<TAB>Export failures (pain_point)`; a theme listed as `-` cannot be counted. */
const CONTEXT_LINE = /^(T\d+)\t(.+) \((\w+)\)$/;
const MAX_CITED = 4;
const QUOTE_CHARS = 90;

// Terms of a question that shape it rather than name its subject.
const FRAMING = new Set([
  'many',
  'much',
  'entry',
  'feedback',
  'customer',
  'user',
  'people',
  'complain',
  'complaint',
  'praise',
  'say',
  'mention',
  'think',
  'like',
  'love',
  'problem',
  'issue',
  'thing',
]);
const PRAISE = /\b(praise|like|love|happy|enjoy|appreciate)/i;
const COMPLAINT = /\b(complain|problem|issue|unhappy|hate|bug|broken|frustrat)/i;

/** The question between its fences, or null when the prompt holds none. */
export function parseQuestion(text: string): string | null {
  const open = QUESTION_OPEN.exec(text);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = text.indexOf(`<<<END QUESTION ${open[1]}>>>`, start);
  return (end === -1 ? text.slice(start) : text.slice(start, end)).trim();
}

/** A context theme as the ask prompt lists it: its reference, name and kind. */
export interface ContextTheme {
  ref: string;
  name: string;
  kind: string;
}

/** The context themes that carry a reference, in the order listed. */
export function parseContextThemes(text: string): ContextTheme[] {
  const open = CONTEXT_OPEN.exec(text);
  if (!open) return [];
  const start = open.index + open[0].length;
  const end = text.indexOf(`<<<END CONTEXT THEMES ${open[1]}>>>`, start);
  return (end === -1 ? text.slice(start) : text.slice(start, end)).split(/\r?\n/).flatMap((line) => {
    const match = CONTEXT_LINE.exec(line);
    return match ? [{ ref: match[1]!, name: match[2]!, kind: match[3]! }] : [];
  });
}

const keysOf = (text: string): Set<string> => new Set(extractTerms(text).map((hit) => hit.key));

/**
 * An answer as a model would write one: the entries sharing the most of the question's subject
 * terms (the offline analyser's terms, each weighted by how few entries hold it), or, for a
 * question about praise or complaints with no subject the entries match, the best or worst
 * rated; cited by line number, with a short verbatim quote each, a count placeholder for the
 * question's search and one for its subject (the count of the context theme whose name shares
 * the most of the subject's words, else the count of the subject's words), and, as models do, a count of its own beside a word for customers (which the engine
 * must take out).
 */
export function buildAskAnswer(question: string, entries: readonly FeedbackEntry[], themes: readonly ContextTheme[] = []): AskWireAnswer {
  const subject = [...keysOf(question)].filter((key) => !key.split(' ').some((word) => FRAMING.has(word)));
  const entryKeys = entries.map((e) => keysOf(e.text));
  const df = new Map<string, number>();
  for (const keys of entryKeys) for (const key of keys) df.set(key, (df.get(key) ?? 0) + 1);
  const scored = entries
    .map((entry, i) => {
      let score = 0;
      for (const key of subject) if (entryKeys[i]!.has(key)) score += Math.log((entries.length + 1) / df.get(key)!);
      return { entry, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || Number(a.entry.id) - Number(b.entry.id));
  let cited = scored.slice(0, MAX_CITED).map((s) => s.entry);
  if (cited.length === 0 && (PRAISE.test(question) || COMPLAINT.test(question))) {
    const praise = PRAISE.test(question);
    cited = entries
      .filter((e) => (praise ? e.rating >= 4 : e.rating <= 2))
      .slice(0, MAX_CITED)
      .slice();
  }
  if (cited.length === 0) return { answer: 'None of the entries given answer this question.', citations: [] };
  const refs = cited.map((e) => `[${e.id}]`).join('');
  const topic = longest(subject.filter((key) => cited.some((e) => keysOf(e.text).has(key))));
  const about = topic ? `about ${topic}` : 'on this';
  const theme = topic ? themeOn(subject, PRAISE.test(question), themes) : undefined;
  const subjectCount = theme ? `{{theme:${theme.ref}}} entries are about ${topic}. ` : topic ? `{{count:${topic}}} mention ${topic} at all. ` : '';
  const answer =
    `{{count}} entries match the question ${refs}. ` +
    subjectCount +
    `Among those shown, ${cited.length} customers write ${about}, for example "${quoteOf(cited[0]!)}" [${cited[0]!.id}].`;
  return { answer, citations: cited.map((e) => ({ ref: Number(e.id), quote: quoteOf(e) })) };
}

/**
 * The context theme whose name shares the most words with the question's subject (at least one),
 * of the kind the question asks about (praise or not) on a tie, the first listed after that.
 */
function themeOn(subject: readonly string[], praise: boolean, themes: readonly ContextTheme[]): ContextTheme | undefined {
  const words = new Set(subject.flatMap((key) => key.split(' ')));
  let best: { theme: ContextTheme; score: number } | undefined;
  for (const theme of themes) {
    const named = new Set([...keysOf(theme.name)].flatMap((key) => key.split(' ')));
    const shared = [...named].filter((w) => words.has(w)).length;
    const score = shared + ((theme.kind === 'praise') === praise ? 0.5 : 0);
    if (shared > 0 && (!best || score > best.score)) best = { theme, score };
  }
  return best?.theme;
}

function quoteOf(entry: FeedbackEntry): string {
  return clip(entry.text, QUOTE_CHARS).replace(/…$/, '').trim();
}

function longest(keys: string[]): string | undefined {
  return keys.sort((a, b) => b.split(' ').length - a.split(' ').length || a.localeCompare(b))[0];
}
