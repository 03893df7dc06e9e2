import { MAX_MAP_THEME_IDS } from '../llm/protocol.js';

/**
 * How many chunks go into one map call. Chunks stay small (INSIGHTS_CHUNK_TOKENS) because they are
 * the memo's unit: a regeneration pays again for the chunks new feedback landed in, no more. Calls
 * are large, sized to the model's context and output limit and to the account's concurrency, so
 * a cold project is mapped in as few rounds of parallel calls as those limits allow.
 */

/**
 * Answer tokens per entry a map call holds: an alias and its comma are two BPE tokens, and an
 * entry may be cited under two themes.
 */
export const CITED_ID_TOKENS = 4;
/** The rest of a map answer at its longest: 15 themes with names, one-sentence summaries and keys. */
export const MAP_ANSWER_BASE_TOKENS = 3_000;
/**
 * What a repair call adds to the prompt: the instructions again and the invalid answer, clipped to
 * 16,000 characters (repair.prompt.ts), which BPE may count at up to two characters a token.
 */
export const REPAIR_ROOM_TOKENS = 10_000;
// Calls are filled to this share of what fits, so a chunk that overshoots the target still fits.
const PACKING_HEADROOM = 0.85;
// Sampled scopes hold the expected number of entries give or take a few standard deviations.
const ENTRY_SLACK = 1.05;
// The smallest per-entry prompt cost (entry.ts: the alias, rating and separators) and one character.
const MIN_ENTRY_TOKENS = 7;

export interface CallLimits {
  /** The model's context window: prompt and answer together. */
  contextTokens: number;
  /** The longest answer a call may ask for (max_tokens). */
  maxOutputTokens: number;
  /** Parallel calls the account allows. */
  concurrency: number;
  /** The map prompt's own tokens: instructions, schema, fences. */
  promptOverheadTokens: number;
  /** A lower cap on entries per call, if the caller wants one. */
  maxEntriesPerCall?: number;
}

/** The max_tokens a map call over `entries` entries asks for. */
export function mapAnswerTokens(entries: number): number {
  return MAP_ANSWER_BASE_TOKENS + entries * CITED_ID_TOKENS;
}

/** Entries one call may hold: every id citable under one theme, and an answer within the output limit. */
export function maxEntriesPerCall(limits: CallLimits): number {
  const byOutput = Math.floor((limits.maxOutputTokens - MAP_ANSWER_BASE_TOKENS) / CITED_ID_TOKENS);
  return Math.max(1, Math.min(MAX_MAP_THEME_IDS, byOutput, limits.maxEntriesPerCall ?? Number.POSITIVE_INFINITY));
}

/**
 * Whether a call over `entries` entries of `tokens` prompt tokens fits the limits: the prompt, its
 * answer, and a repair call's longer prompt, should the answer need one.
 */
export function fitsOneCall(entries: number, tokens: number, limits: CallLimits): boolean {
  return entries <= maxEntriesPerCall(limits) && promptRoom(limits) - tokens - entries * CITED_ID_TOKENS >= 0;
}

/** Context left for entries and their share of the answer, with room for a repair call kept. */
function promptRoom(limits: CallLimits): number {
  return limits.contextTokens - limits.promptOverheadTokens - REPAIR_ROOM_TOKENS - MAP_ANSWER_BASE_TOKENS;
}

/**
 * The chunk budget actually used: a chunk is never split across calls, so even a chunk of the
 * smallest entries must fit one call with its answer, and be citable in it.
 */
export function chunkBudgetFor(requested: number, limits: CallLimits): number {
  const fits = Math.floor((promptRoom(limits) * MIN_ENTRY_TOKENS) / (MIN_ENTRY_TOKENS + CITED_ID_TOKENS));
  // Nor may a chunk of the shortest entries hold more entries than one call may.
  const citable = maxEntriesPerCall(limits) * MIN_ENTRY_TOKENS;
  return Math.max(MIN_ENTRY_TOKENS, Math.min(requested, fits, citable));
}

export interface MapCallPlan {
  /** Calls the map stage aims at: whole rounds of `concurrency` calls. */
  calls: number;
  rounds: number;
  /** A call is sent once it holds this many entries (or the next chunk would not fit). */
  entriesPerCall: number;
}

/**
 * The fewest rounds of parallel calls that hold `expectedEntries` entries of about
 * `tokensPerEntry` tokens, then as many calls as fill those rounds: on a real model a call's
 * duration grows with its answer, so equal shares over every slot finish soonest.
 */
export function planMapCalls(expectedEntries: number, tokensPerEntry: number, limits: CallLimits): MapCallPlan {
  const entries = Math.max(1, Math.ceil(expectedEntries * ENTRY_SLACK));
  const byContext = Math.floor(promptRoom(limits) / (Math.max(1, tokensPerEntry) + CITED_ID_TOKENS));
  const usable = Math.max(1, Math.floor(Math.min(maxEntriesPerCall(limits), byContext) * PACKING_HEADROOM));
  const rounds = Math.ceil(Math.ceil(entries / usable) / limits.concurrency);
  const calls = rounds * limits.concurrency;
  return { calls, rounds, entriesPerCall: Math.max(1, Math.min(usable, Math.ceil(entries / calls))) };
}
