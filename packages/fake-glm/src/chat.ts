import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { STAND_IN_PREFIX, type MapOutput, type ReduceOutput } from '@insights/engine';
import { buildMapAnswer, buildReduceAnswer } from './answers.js';
import { errorReplyFor, type Fault } from './faults.js';
import { contentText, parsePrompt, type ChatMessage, type ParsedPrompt } from './prompt.js';
import type { FakeGlmState } from './state.js';
import { sendError, sendJson } from './http.js';
import { CONTENT_FILTER_REPLY, refuses } from './refusal.js';

/** The fingerprint on every answer of this server (see the engine's STAND_IN_PREFIX). */
export const FAKE_GLM_FINGERPRINT = `${STAND_IN_PREFIX}fake-glm`;

const TIMEOUT_HOLD_MS = 5 * 60_000;

type Answer = MapOutput | ReduceOutput;

function buildAnswer(prompt: ParsedPrompt): Answer {
  if (prompt.stage === 'reduce' && prompt.themes) return buildReduceAnswer(prompt.themes);
  if (prompt.feedback) return buildMapAnswer(prompt.feedback);
  if (prompt.themes) return buildReduceAnswer(prompt.themes);
  return { themes: [] };
}

function inventCitation(answer: Answer): void {
  const stranger = randomUUID();
  if ('recommendations' in answer) {
    const first = answer.themes[0];
    if (first) first.refs.push(stranger);
    else answer.themes.push({ name: 'Invented theme', summary: '', kind: 'other', refs: [stranger] });
    return;
  }
  const first = answer.themes[0];
  if (first) first.feedbackIds.push(stranger);
  else
    answer.themes.push({
      name: 'Invented theme',
      summary: '',
      kind: 'other',
      sentiment: 'neutral',
      feedbackIds: [stranger],
      quotes: [],
    });
}

function readMessages(body: unknown): ChatMessage[] | null {
  const raw = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  return raw.map((m: unknown) => {
    const message = (m ?? {}) as { role?: unknown; content?: unknown };
    return { role: typeof message.role === 'string' ? message.role : '', content: contentText(message.content) };
  });
}

/** Resolves false when the client went away (or the server closed) before `ms` elapsed. */
async function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  state: FakeGlmState,
  signal: AbortSignal,
): Promise<void> {
  state.counts.inFlight += 1;
  try {
    await answerChat(req, res, body, state, signal);
  } finally {
    // `state.counts` again: a reset during the call swapped the counters object.
    state.counts.inFlight -= 1;
  }
}

async function answerChat(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  state: FakeGlmState,
  signal: AbortSignal,
): Promise<void> {
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return sendError(res, { status: 401, code: '1000', message: 'Authentication failed: missing API key.' });
  }
  const messages = readMessages(body);
  if (!messages) {
    return sendError(res, { status: 400, code: '1214', message: 'Invalid request: messages must be a non-empty array.' });
  }
  const prompt = parsePrompt(messages);
  state.counts.calls += 1;
  if (prompt.stage) state.counts.byStage[prompt.stage] += 1;

  const fault: Fault | null = state.faults.take(prompt.stage);
  if (fault) state.counts.faultsServed += 1;
  const delay = state.latencyMs + (fault?.type === 'latency' ? fault.ms : 0);
  const alive = await wait(fault?.type === 'timeout' ? TIMEOUT_HOLD_MS : delay, signal);
  if (!alive || fault?.type === 'timeout') {
    if (signal.aborted) state.counts.aborted += 1;
    res.destroy();
    return;
  }

  const reply = fault ? errorReplyFor(fault) : null;
  if (reply) return sendError(res, reply);

  const refused = refuses(state.refusal, messages.map((m) => m.content).join('\n'));
  if (refused) state.counts.refused += 1;
  if (refused && state.refusal!.mode === 'error') return sendError(res, CONTENT_FILTER_REPLY);

  let content = '';
  if (!refused) {
    const answer = buildAnswer(prompt);
    if (fault?.type === 'invented_id') inventCitation(answer);
    content = JSON.stringify(answer);
    // Cut inside the outer object, so the text can never parse as JSON.
    if (fault?.type === 'malformed_json') content = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
  }

  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  const promptTokens = Math.ceil(promptChars / 4);
  // A withheld answer was still generated up to the filter, and GLM bills it: one token stands in.
  const completionTokens = refused ? 1 : Math.ceil(content.length / 4);
  state.counts.promptTokens += promptTokens;
  state.counts.completionTokens += completionTokens;
  const model = (body as { model?: unknown }).model;
  sendJson(res, 200, {
    id: `chatcmpl-${randomUUID()}`,
    request_id: randomUUID(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof model === 'string' ? model : 'glm-4.6',
    // Marks every answer as the stand-in's, so results made from them never pass as GLM's.
    system_fingerprint: FAKE_GLM_FINGERPRINT,
    choices: [{ index: 0, finish_reason: refused ? 'sensitive' : 'stop', message: { role: 'assistant', content } }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
    },
  });
}
