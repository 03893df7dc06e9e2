import { prepareEntry, type PreparedEntry } from '../chunking/entry.js';
import { assignAnswerSchema, MAX_ASSIGN_ENTRIES, type AssignAnswer, type ReduceInputTheme } from '../llm/protocol.js';
import type { CallLedger, ChatProvider } from '../ports.js';
import { ASSIGN_SCHEMA_TEXT, ASSIGN_SUMMARY_CHARS, buildAssignPrompt } from '../prompts/assign.prompt.js';
import { ThemeMatcher } from '../providers/offline/theme-matcher.js';
import { isLlmError, isRefusal } from '../providers/llm-error.js';
import { emptyCounts, type RedactionCounts } from '../redaction/kinds.js';
import { DEFAULT_REDACTION, Redactor, type RedactionSettings } from '../redaction/redactor.js';
import { callStructured } from './llm-call.js';
import { maxRefusedFor } from './refusal-search.js';
import { RunContext } from './run-context.js';
import type { ResultTheme } from '../result/result.schema.js';

/** A theme of the stored result that new feedback may join. */
export type LiveTheme = Pick<ResultTheme, 'name' | 'summary' | 'kind' | 'count' | 'quotes'> & { id: string };

/** A feedback entry written after the result. */
export interface NewEntry {
  id: string;
  rating: number;
  text: string;
}

export interface LiveAssignment {
  feedbackId: string;
  /** null: the entry fits none of the themes. */
  themeId: string | null;
  method: 'model' | 'offline';
}

export interface LiveAssignOptions {
  /** Entries per call, at most MAX_ASSIGN_ENTRIES. */
  batchSize: number;
  maxEntryChars: number;
  maxOutputTokens: number;
  /** Tokens the whole assignment may spend (the run cap and what is left of the budgets). */
  maxTokensPerRun?: number;
  redaction: RedactionSettings;
  signal?: AbortSignal;
}

export const DEFAULT_LIVE_ASSIGN_OPTIONS: LiveAssignOptions = {
  batchSize: MAX_ASSIGN_ENTRIES,
  maxEntryChars: 2000,
  maxOutputTokens: 4096,
  redaction: DEFAULT_REDACTION,
};

export interface LiveAssignInput {
  themes: readonly LiveTheme[];
  entries: readonly NewEntry[];
  /** None: every entry is matched offline. */
  provider?: ChatProvider;
  ledger: CallLedger;
  options?: Partial<LiveAssignOptions>;
}

export interface LiveAssignReport {
  assignments: LiveAssignment[];
  /** Pairs of an answer naming a line or a theme ref the call did not hold: dropped. */
  droppedRefs: number;
  /** Entries the content filter refused, matched offline instead. */
  refused: number;
  /** Entries matched offline because a call failed, the budget ran out or the answer skipped them. */
  fellBack: number;
  llmCalls: number;
  tokens: { prompt: number; completion: number };
  redaction: RedactionCounts;
}

export interface CheckedAssignAnswer {
  /** Entry id → theme id (null: none) for every entry the answer placed with known refs. */
  placed: Map<string, string | null>;
  droppedRefs: number;
}

/** Theme refs of one call: `t1`, `t2`… in the themes' order. */
export const themeRef = (index: number) => `t${index + 1}`;

/**
 * An assignment answer as code holds it: each entry number mapped back to its entry (from 1),
 * each ref to its theme's id. A pair naming a number or a ref the call did not hold is dropped
 * and counted, as cited ids are in map answers; an entry answered twice keeps its first answer.
 */
export function fromAssignAnswer(answer: AssignAnswer, entries: readonly Pick<PreparedEntry, 'id'>[], themeIds: readonly string[]): CheckedAssignAnswer {
  const byRef = new Map(themeIds.map((id, i) => [themeRef(i), id]));
  const placed = new Map<string, string | null>();
  let droppedRefs = 0;
  for (const [line, ref] of answer.a) {
    const alias = typeof line === 'number' ? line : Number(line.trim());
    const entry = Number.isInteger(alias) ? entries[alias - 1] : undefined;
    const themeId = ref === null ? null : byRef.get(ref.trim().toLowerCase());
    if (!entry || themeId === undefined) {
      droppedRefs++;
      continue;
    }
    if (!placed.has(entry.id)) placed.set(entry.id, themeId);
  }
  return { placed, droppedRefs };
}

// An answer is about three tokens an entry; the rest leaves room for a model's spacing.
const ANSWER_TOKENS_PER_ENTRY = 12;
const ANSWER_OVERHEAD_TOKENS = 32;

/**
 * Places feedback written after a result in that result's themes: the model reads small batches
 * (themes as refs with a one-line summary, entries as numbered lines, redacted and cut as in map
 * prompts) and answers a ref or null per entry; code checks every ref. Whatever the model does
 * not answer (a refused entry, found by halving its batch; a failed call; the token cap reached;
 * an entry its answer skipped or cited with an unknown ref) is matched offline by term overlap,
 * so every entry gets an assignment. Without a provider, all are matched offline.
 */
export async function assignNewFeedback(input: LiveAssignInput): Promise<LiveAssignReport> {
  const options = { ...DEFAULT_LIVE_ASSIGN_OPTIONS, ...input.options };
  const batchSize = Math.max(1, Math.min(MAX_ASSIGN_ENTRIES, options.batchSize));
  const redactor = new Redactor(options.redaction);
  const redaction = emptyCounts();
  const redact = (text: string): string => {
    const out = redactor.redact(text);
    for (const [kind, n] of Object.entries(out.counts)) redaction[kind as keyof RedactionCounts] += n;
    return out.text;
  };
  const entries = input.entries.map((e) => prepareEntry({ ...e, text: redact(e.text) }, options.maxEntryChars));
  const themes = input.themes.map((t) => ({ ...t, name: redactor.redact(t.name).text, summary: redactor.redact(t.summary).text }));
  const matcher = new ThemeMatcher(themes);
  const report: LiveAssignReport = { assignments: [], droppedRefs: 0, refused: 0, fellBack: 0, llmCalls: 0, tokens: { prompt: 0, completion: 0 }, redaction };
  const offline = (piece: readonly PreparedEntry[]) => {
    for (const e of piece) report.assignments.push({ feedbackId: e.id, themeId: themes.length ? matcher.match(e.text) : null, method: 'offline' });
  };
  if (!input.provider || themes.length === 0) {
    offline(entries);
    return report;
  }

  const ctx = new RunContext(options.signal, options.maxTokensPerRun);
  const deps = { provider: input.provider, ledger: input.ledger, maxOutputTokens: options.maxOutputTokens };
  const refs: ReduceInputTheme[] = themes.map((t, i) => ({ ref: themeRef(i), name: t.name, summary: oneLine(t.summary), kind: t.kind, count: t.count }));
  const themeIds = themes.map((t) => t.id);
  const maxRefused = maxRefusedFor(entries.length);
  let modelUsable = true;

  const ask = async (piece: PreparedEntry[]): Promise<void> => {
    if (!modelUsable) return offline(piece);
    try {
      const { value } = await callStructured(ctx, deps, {
        stage: 'assign',
        prompt: buildAssignPrompt(refs, piece),
        schema: assignAnswerSchema,
        schemaText: ASSIGN_SCHEMA_TEXT,
        maxTokens: Math.min(options.maxOutputTokens, ANSWER_OVERHEAD_TOKENS + ANSWER_TOKENS_PER_ENTRY * piece.length),
      });
      const checked = fromAssignAnswer(value, piece, themeIds);
      report.droppedRefs += checked.droppedRefs;
      const skipped: PreparedEntry[] = [];
      for (const e of piece) {
        if (checked.placed.has(e.id)) report.assignments.push({ feedbackId: e.id, themeId: checked.placed.get(e.id)!, method: 'model' });
        else skipped.push(e);
      }
      report.fellBack += skipped.length;
      offline(skipped);
    } catch (error) {
      if (isLlmError(error) && error.kind === 'cancelled') throw error;
      if (isRefusal(error)) {
        // The filter refused something in the piece: halve it to find the entries, as the map
        // stage does, until more are refused than a few per hundred (then it refuses the prompt).
        if (piece.length > 1 && report.refused < maxRefused) {
          const middle = Math.ceil(piece.length / 2);
          await ask(piece.slice(0, middle));
          await ask(piece.slice(middle));
          return;
        }
        report.refused += piece.length;
        return offline(piece);
      }
      // The budget ran out or the provider failed: the rest is matched offline, not retried.
      if (isLlmError(error) && error.kind === 'budget_exceeded') modelUsable = false;
      report.fellBack += piece.length;
      offline(piece);
    }
  };

  for (let at = 0; at < entries.length; at += batchSize) await ask(entries.slice(at, at + batchSize));
  report.llmCalls = ctx.llmCalls;
  report.tokens = { prompt: ctx.tokens.prompt, completion: ctx.tokens.completion };
  return report;
}

function oneLine(summary: string): string {
  const flat = summary.replace(/\s+/g, ' ').trim();
  return flat.length <= ASSIGN_SUMMARY_CHARS ? flat : `${flat.slice(0, ASSIGN_SUMMARY_CHARS - 1).trimEnd()}…`;
}
