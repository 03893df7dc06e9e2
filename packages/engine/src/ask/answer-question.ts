import { prepareEntry, type PreparedEntry } from '../chunking/entry.js';
import type { CallLedger, ChatProvider, RefusalMemo } from '../ports.js';
import { ASK_SCHEMA_TEXT, buildAskPrompt } from '../prompts/ask.prompt.js';
import { isRefusal, LlmError } from '../providers/llm-error.js';
import { DEFAULT_REDACTION, Redactor, type RedactionSettings } from '../redaction/redactor.js';
import { trimEdges } from '../pipeline/evidence.js';
import { callRaw, callStructured, type LlmDeps } from '../pipeline/llm-call.js';
import { fingerprintOf } from '../pipeline/map-chunk.js';
import { pickQuotes } from '../pipeline/quotes.js';
import { maxRefusedFor } from '../pipeline/refusal-search.js';
import { RunContext } from '../pipeline/run-context.js';
import { checkAnswerText, partialAnswerField, presentPartial } from './answer-text.js';
import {
  askWireSchema,
  type AskAnswer,
  type AskContextTheme,
  type AskCount,
  type AskCounter,
  type AskEntry,
  type AskProgress,
  type AskWireAnswer,
} from './ask.types.js';

export interface AskOptions {
  /** Retrieved entries shown to the model, best first. */
  maxEntries: number;
  /** Characters of one entry shown (answers cite a sentence or two; long entries are cut). */
  maxEntryChars: number;
  /** The answer's max_tokens: a few sentences and their quotes. */
  maxOutputTokens: number;
  /** Tokens the whole answer may spend (the run cap and what is left of the budgets). */
  maxTokensPerRun?: number;
  /** Distinct count placeholders filled (each is one SQL count); more are written as "some". */
  maxCounts: number;
  redaction: RedactionSettings;
  signal?: AbortSignal;
}

export const DEFAULT_ASK_OPTIONS: AskOptions = {
  maxEntries: 40,
  maxEntryChars: 600,
  maxOutputTokens: 700,
  maxCounts: 5,
  redaction: DEFAULT_REDACTION,
};

export interface AskInput {
  question: string;
  /** The question's search: its web-search query and the SQL count of the entries it matches in scope. */
  search: { query: string; matched: number; label?: string };
  /** The entries the search retrieved, best first. */
  entries: readonly AskEntry[];
  /**
   * The project's current themes, given to the model by name and kind (never their counts) and
   * referred to as T1, T2… in order: `{{theme:T3}}` in an answer is filled with the third one's
   * `count`. A reference to no theme given is written "some" and counted in `droppedCitations`.
   */
  themes: readonly AskContextTheme[];
  /**
   * Whether the themes' counts are of the question's scope (default true). The current themes are
   * project-wide: for a question with filters they are context only, listed without references,
   * so no theme count can be stated.
   */
  themesInScope?: boolean;
  counter: AskCounter;
  /** None: answered without a model, from the search alone. */
  provider?: ChatProvider;
  ledger: CallLedger;
  /** Entries this provider refused before, left out without asking; new refusals are remembered. */
  refusals?: RefusalMemo;
  onProgress?: (progress: AskProgress) => void;
  options?: Partial<AskOptions>;
}

// A probe only asks whether the filter accepts a prompt: its answer is not read.
const PROBE_TOKENS = 8;

/**
 * Answers a question from retrieved feedback: the model reads the entries by line number
 * (redacted, cut, fenced as data) with the project's theme names as context and answers in a few
 * sentences citing line numbers, with count placeholders where a number of entries belongs. Code
 * then keeps only citations of entries it was shown (the others are dropped from the text and
 * counted), quotes copied verbatim from the entry (else one picked from it), and fills every
 * count: a search's from SQL, a theme's from the theme's count in the current view; a number the model wrote next to a word for feedback is taken out. A refused
 * prompt is searched by halving for the entries the filter refuses, which are left out and
 * remembered. Without a provider the answer is built from the search alone.
 */
export async function answerQuestion(input: AskInput): Promise<AskAnswer> {
  const options = { ...DEFAULT_ASK_OPTIONS, ...input.options };
  const redactor = new Redactor(options.redaction);
  const question = redactor.redact(input.question).text;
  const retrieved = input.entries.slice(0, options.maxEntries);
  const byId = new Map(retrieved.map((e) => [e.id.toLowerCase(), e]));
  let shown = retrieved.map((e) => prepareEntry({ id: e.id, rating: e.rating, text: redactor.redact(e.text).text }, options.maxEntryChars));
  // Themes are referred to as T1, T2… when their counts are of the question's scope; else by name only.
  const countable = input.themesInScope ?? true;
  const themes = input.themes.map((t, i) => ({ name: redactor.redact(t.name).text, kind: t.kind, ...(countable ? { ref: `T${i + 1}` } : {}) }));
  const themeRefs = new Map<string, AskContextTheme>(countable ? input.themes.map((t, i) => [`T${i + 1}`, t]) : []);
  const ctx = new RunContext(options.signal, options.maxTokensPerRun);
  const report = (progress: AskProgress) => input.onProgress?.(progress);

  let refused = 0;
  let wire: AskWireAnswer;
  const provider = input.provider;
  if (provider && shown.length > 0) {
    const deps: LlmDeps = { provider, ledger: input.ledger, maxOutputTokens: options.maxOutputTokens };
    if (input.refusals) {
      const known = await input.refusals.find(provider.identity, shown.map(fingerprintOf));
      refused += known.size;
      shown = shown.filter((e) => !known.has(e.id));
    }
    const ask = async (entries: PreparedEntry[]) => {
      report({ stage: 'answering', partialAnswer: '' });
      const count = entries.length;
      const { value } = await callStructured(ctx, deps, {
        stage: 'ask',
        prompt: buildAskPrompt(question, themes, entries),
        schema: askWireSchema,
        schemaText: ASK_SCHEMA_TEXT,
        maxTokens: options.maxOutputTokens,
        onText: (soFar) => report({ stage: 'answering', partialAnswer: presentPartial(partialAnswerField(soFar), count) }),
      });
      return value;
    };
    try {
      wire = await ask(shown);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const found = await isolateRefused(ctx, deps, question, themes, shown, input.refusals);
      refused += found.size;
      shown = shown.filter((e) => !found.has(e.id));
      wire = shown.length > 0 ? await ask(shown) : { answer: 'The provider declined to read the feedback this question found.', citations: [] };
    }
  } else {
    wire = withoutModel(shown.length);
  }
  report({ stage: 'checking', partialAnswer: presentPartial(wire.answer, shown.length) });

  const quotes = new Map<number, string>();
  const extraRefs: number[] = [];
  const unknownListed = new Set<number>();
  for (const c of wire.citations) {
    const ref = typeof c.ref === 'number' ? c.ref : Number(String(c.ref).replace(/[[\]\s]/g, ''));
    if (!Number.isInteger(ref) || ref < 1 || ref > shown.length) {
      unknownListed.add(ref);
      continue;
    }
    extraRefs.push(ref);
    if (c.quote && !quotes.has(ref)) quotes.set(ref, c.quote);
  }
  const counts: AskCount[] = [];
  const placeholderValues: string[] = [];
  const unknownThemes = new Set<string>();
  let searches = 0;
  const draft = checkAnswerText(wire.answer, shown.length, () => '', extraRefs);
  for (const placeholder of draft.placeholders) {
    if (placeholder !== null && typeof placeholder === 'object') {
      // A theme's count is the one the project's current view gives it: no SQL, no cap.
      const theme = themeRefs.get(placeholder.theme);
      if (!theme) {
        unknownThemes.add(placeholder.theme);
        placeholderValues.push('some');
        continue;
      }
      const query = `theme:${theme.id}`;
      if (!counts.some((c) => c.query === query)) counts.push({ label: theme.name, count: theme.count, query });
      placeholderValues.push(String(theme.count));
      continue;
    }
    if (searches++ >= options.maxCounts) {
      placeholderValues.push('some');
      continue;
    }
    const label = placeholder;
    const query = label ?? input.search.query;
    // One search stated twice (or as {{count}} and by its own words) is counted and listed once.
    const known = counts.find((c) => c.query === query);
    const count = known ? known.count : label === null ? input.search.matched : await input.counter.count(query);
    if (!known) counts.push({ label: label ?? input.search.label ?? (input.search.query || 'entries in scope'), count, query });
    placeholderValues.push(String(count));
  }
  const checked = checkAnswerText(wire.answer, shown.length, (i) => placeholderValues[i] ?? 'some', extraRefs);
  const dropped = new Set([...checked.unknownRefs, ...unknownListed]);

  const citations = checked.cited.map((index, k) => {
    const entry = shown[index]!;
    const source = byId.get(entry.id)!;
    return {
      ref: k + 1,
      feedbackId: source.id,
      quote: verbatimQuote(quotes.get(index + 1), entry, input.question),
      createdAt: source.createdAt,
      sentiment: source.sentiment,
      rating: source.rating,
    };
  });
  return {
    kind: 'ask',
    version: 1,
    question: input.question,
    answer: checked.text,
    citations,
    counts,
    matched: input.search.matched,
    considered: provider ? shown.length : 0,
    droppedCitations: dropped.size + unknownThemes.size,
    refusedEntries: refused,
    themes: input.themes.map(({ id, name, count }) => ({ id, name, count })),
    model: provider ? provider.model : 'offline',
    tokensUsed: ctx.tokensUsed,
    generatedAt: new Date().toISOString(),
  };
}

/** The model's quote when it is a piece of the entry as shown, else the entry's sentence closest to the question. */
function verbatimQuote(quote: string | undefined, entry: PreparedEntry, question: string): string {
  const trimmed = quote ? trimEdges(quote).trim() : '';
  if (trimmed.length >= 3 && entry.text.includes(trimmed)) return trimmed;
  return pickQuotes({ name: question, summary: '' }, [entry])[0] ?? entry.text.slice(0, 200).trim();
}

/** Without a model: the count of the question's search, and the best matches cited. */
function withoutModel(shown: number): AskWireAnswer {
  if (shown === 0) return { answer: "No feedback matches this question's search ({{count}} entries).", citations: [] };
  const refs = Array.from({ length: Math.min(3, shown) }, (_, i) => i + 1);
  return { answer: `{{count}} entries match this question's search; the closest are ${refs.map((r) => `[${r}]`).join(' ')}.`, citations: [] };
}

/**
 * Finds the entries behind a refused ask prompt by halving, as the map stage does: each refused
 * piece is split in two and both halves are probed (the same prompt with a few output tokens),
 * until single entries remain; past a few per hundred the filter refuses the prompt itself.
 */
async function isolateRefused(
  ctx: RunContext,
  deps: LlmDeps,
  question: string,
  themes: readonly { name: string; kind: string; ref?: string }[],
  entries: readonly PreparedEntry[],
  memo: RefusalMemo | undefined,
): Promise<Set<string>> {
  const found: PreparedEntry[] = [];
  const maxRefused = maxRefusedFor(entries.length);
  let round: PreparedEntry[][] = [entries.slice()];
  try {
    while (round.length > 0) {
      const next: PreparedEntry[][] = [];
      for (const piece of round) {
        if (piece.length === 1) {
          found.push(piece[0]!);
          continue;
        }
        const middle = Math.ceil(piece.length / 2);
        for (const half of [piece.slice(0, middle), piece.slice(middle)]) {
          try {
            await callRaw(ctx, deps, 'ask', buildAskPrompt(question, themes, half), PROBE_TOKENS);
          } catch (error) {
            if (!isRefusal(error)) throw error;
            next.push(half);
          }
        }
      }
      if (found.length + next.length > maxRefused) {
        throw new LlmError(
          'content_blocked',
          `The provider's content filter refused at least ${found.length + next.length} feedback entries ` +
            `(more than ${maxRefused} are not searched for): it is refusing the prompt itself, not a few entries`,
        );
      }
      round = next;
    }
  } finally {
    if (found.length > 0 && memo) await memo.remember(deps.provider.identity, found.map(fingerprintOf)).catch(() => undefined);
  }
  return new Set(found.map((e) => e.id));
}
