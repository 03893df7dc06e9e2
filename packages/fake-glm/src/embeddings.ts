import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAKE_GLM_FINGERPRINT } from './chat.js';
import { errorReplyFor, type Fault } from './faults.js';
import { refusedWithoutKey, sendError, sendJson } from './http.js';
import type { FakeGlmState } from './state.js';
import { significantWords } from './text.js';
import { embedDelayMs } from './timing.js';
import { tokenCount } from './tokens.js';

/** The sizes `embedding-3` offers; GLM answers 2048 when none is asked. */
export const EMBEDDING_DIMENSIONS = [256, 512, 1024, 2048] as const;
/** Texts one embeddings request may carry. */
export const MAX_EMBEDDING_INPUTS = 64;

const DEFAULT_DIMENSIONS = 2048;
const TIMEOUT_HOLD_MS = 5 * 60_000;
// A shared pair of words says more about a subject than one shared word, but less than two.
const BIGRAM_WEIGHT = 0.5;

/** 32-bit FNV-1a over the UTF-16 code units; `seed` gives a second, independent hash. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Plurals only: "exports" and "export" are one subject; anything cleverer is not the point.
const stem = (word: string) => (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

/**
 * A deterministic stand-in for a text embedding: the text's significant words and pairs of
 * neighbouring ones are hashed into `dimensions` buckets, each with a hash-derived sign, and the
 * sum is scaled to unit length. Texts sharing subject words are therefore close in cosine terms
 * and unrelated ones near orthogonal. A text without significant words gets one fixed unit vector.
 */
export function embedText(text: string, dimensions: number): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  const words = significantWords(text).map(stem);
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const bucket = fnv1a(feature) % dimensions;
    vector[bucket]! += (fnv1a(feature, 0x9747b28c) & 1 ? -1 : 1) * weight;
  };
  for (const word of words) add(word, 1);
  for (let i = 1; i < words.length; i++) add(`${words[i - 1]} ${words[i]}`, BIGRAM_WEIGHT);
  const length = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  if (length === 0) return vector.fill(1 / Math.sqrt(dimensions));
  return vector.map((x) => x / length);
}

interface EmbeddingBody {
  model: string;
  texts: string[];
  dimensions: number;
}

/** The request as GLM checks it, or what is wrong with it. */
function readBody(body: unknown): EmbeddingBody | string {
  const raw = (body ?? {}) as { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
  if (typeof raw.model !== 'string' || raw.model === '') return 'model must be a non-empty string.';
  const texts = typeof raw.input === 'string' ? [raw.input] : raw.input;
  if (!Array.isArray(texts) || texts.length === 0) return 'input must be a string or a non-empty array of strings.';
  if (texts.length > MAX_EMBEDDING_INPUTS) return `input holds ${texts.length} texts; one request takes at most ${MAX_EMBEDDING_INPUTS}.`;
  const bad = texts.findIndex((t: unknown) => typeof t !== 'string' || t === '');
  if (bad !== -1) return `input[${bad}] must be a non-empty string.`;
  const dimensions = raw.dimensions ?? DEFAULT_DIMENSIONS;
  if (!EMBEDDING_DIMENSIONS.includes(dimensions as (typeof EMBEDDING_DIMENSIONS)[number])) {
    return `dimensions must be one of ${EMBEDDING_DIMENSIONS.join(', ')}.`;
  }
  // GLM answers arrays of floats; a client expecting base64 strings would misread them.
  if (raw.encoding_format !== undefined && raw.encoding_format !== 'float') return 'encoding_format must be "float".';
  return { model: raw.model, texts: texts as string[], dimensions: dimensions as number };
}

export async function handleEmbeddings(req: IncomingMessage, res: ServerResponse, body: unknown, state: FakeGlmState, signal: AbortSignal): Promise<void> {
  state.counts.embedInFlight += 1;
  try {
    await answerEmbeddings(req, res, body, state, signal);
  } finally {
    // `state.counts` again: a reset during the request swapped the counters object.
    state.counts.embedInFlight -= 1;
  }
}

async function answerEmbeddings(req: IncomingMessage, res: ServerResponse, body: unknown, state: FakeGlmState, signal: AbortSignal): Promise<void> {
  if (refusedWithoutKey(req, res)) return;
  const request = readBody(body);
  if (typeof request === 'string') return sendError(res, { status: 400, code: '1214', message: `Invalid request: ${request}` });
  if (state.counts.embedInFlight > state.timing.embedConcurrency) {
    // This request is already counted in flight, hence `>`: the others fill the limit.
    state.counts.embedConcurrencyRejected += 1;
    return sendError(res, {
      status: 429,
      code: '1302',
      message: 'Too many embedding requests in flight for this account: lower the concurrency or ask for a higher limit.',
    });
  }
  state.counts.embedCalls += 1;
  state.counts.embedInputs += request.texts.length;

  const fault: Fault | null = state.faults.take('embed');
  if (fault) state.counts.faultsServed += 1;
  const fixedMs = state.latencyMs + (fault?.type === 'latency' ? fault.ms : 0);
  const wait = (ms: number) => state.timing.wait(ms, signal);
  const gone = () => {
    if (signal.aborted) state.counts.aborted += 1;
    res.destroy();
  };

  if (fault?.type === 'timeout') {
    await wait(TIMEOUT_HOLD_MS);
    return gone();
  }
  const reply = fault ? errorReplyFor(fault) : null;
  if (reply) {
    // Refused before the input is read: only the base latency passes.
    if (!(await wait(fixedMs + embedDelayMs(state.timing, 0)))) return gone();
    return sendError(res, reply);
  }

  const promptTokens = request.texts.reduce((sum, text) => sum + tokenCount(text), 0);
  if (!(await wait(fixedMs + embedDelayMs(state.timing, promptTokens)))) return gone();
  state.counts.embedPromptTokens += promptTokens;
  const answer = {
    object: 'list',
    data: request.texts.map((text, index) => ({ object: 'embedding', index, embedding: embedText(text, request.dimensions) })),
    model: request.model,
    // Not part of the OpenAI embeddings shape: marks the vectors as the stand-in's, as chat answers are.
    system_fingerprint: FAKE_GLM_FINGERPRINT,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
  if (fault?.type === 'malformed_json') {
    const text = JSON.stringify(answer);
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  sendJson(res, 200, answer);
}
