import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STAND_IN_PREFIX, type AskWireAnswer, type AssignAnswer, type MapAnswer, type ReduceOutput } from '@insights/engine';
import { buildAssignAnswer, buildMapAnswer, buildReduceAnswer } from './answers.js';
import { buildAskAnswer, parseContextThemes, parseQuestion } from './ask.js';
import { errorReplyFor, type Fault } from './faults.js';
import { contentText, parsePrompt, type ChatMessage, type ParsedPrompt } from './prompt.js';
import type { FakeGlmState } from './state.js';
import { refusedWithoutKey, sendError, sendJson } from './http.js';
import { CONTENT_FILTER_REPLY, refuses } from './refusal.js';
import { decodeDelayMs } from './timing.js';
import { tokenCount } from './tokens.js';

/** The fingerprint on every answer of this server (see the engine's STAND_IN_PREFIX). */
export const FAKE_GLM_FINGERPRINT = `${STAND_IN_PREFIX}fake-glm`;

const TIMEOUT_HOLD_MS = 5 * 60_000;

type Answer = MapAnswer | ReduceOutput | AssignAnswer | AskWireAnswer;

// No call holds this many entries, so the number cites none of them.
const UNKNOWN_ALIAS = 99_999;

function buildAnswer(prompt: ParsedPrompt, user: string): Answer {
  if (prompt.stage === 'ask') return buildAskAnswer(parseQuestion(user) ?? '', prompt.feedback ?? [], parseContextThemes(user));
  if (prompt.stage === 'assign') return buildAssignAnswer(prompt.themes ?? [], prompt.feedback ?? []);
  if (prompt.stage === 'reduce' && prompt.themes) return buildReduceAnswer(prompt.themes);
  if (prompt.feedback) return buildMapAnswer(prompt.feedback);
  if (prompt.themes) return buildReduceAnswer(prompt.themes);
  return { themes: [] };
}

function inventCitation(answer: Answer): void {
  const stranger = randomUUID();
  if ('answer' in answer) {
    // A line the prompt did not hold, in the text and among the citations.
    answer.answer = `${answer.answer} Others agree [${UNKNOWN_ALIAS}].`;
    answer.citations.push({ ref: UNKNOWN_ALIAS, quote: 'not in the prompt' });
    return;
  }
  if ('a' in answer) {
    answer.a.push([UNKNOWN_ALIAS, 't1'], [1, stranger]);
    return;
  }
  if ('recommendations' in answer) {
    const first = answer.themes[0];
    if (first) first.refs.push(stranger);
    else answer.themes.push({ name: 'Invented theme', summary: '', kind: 'other', refs: [stranger] });
    return;
  }
  const first = answer.themes[0];
  if (first) first.ids.push(UNKNOWN_ALIAS);
  else answer.themes.push({ name: 'Invented theme', summary: '', kind: 'other', sentiment: 'neutral', ids: [UNKNOWN_ALIAS] });
}

/**
 * Another wording of every theme name, as a model may choose on another run: the same refs or
 * entries cited, recommendations naming the new names.
 */
function relabel(answer: Answer): void {
  // Assignment and ask answers name no themes, only the refs they were given.
  if (!('themes' in answer)) return;
  const reword = (name: string) => `What customers call ${name.toLowerCase()}`.slice(0, 120);
  if ('recommendations' in answer) {
    const renamed = new Map(answer.themes.map((t) => [t.name, reword(t.name)]));
    for (const theme of answer.themes) theme.name = renamed.get(theme.name)!;
    for (const rec of answer.recommendations) rec.themes = rec.themes.map((n) => renamed.get(n) ?? n);
    return;
  }
  for (const theme of answer.themes) theme.name = reword(theme.name);
}

function readMessages(body: unknown): ChatMessage[] | null {
  const raw = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  return raw.map((m: unknown) => {
    const message = (m ?? {}) as { role?: unknown; content?: unknown };
    return { role: typeof message.role === 'string' ? message.role : '', content: contentText(message.content) };
  });
}

export async function handleChat(req: IncomingMessage, res: ServerResponse, body: unknown, state: FakeGlmState, signal: AbortSignal): Promise<void> {
  state.counts.inFlight += 1;
  const arrived = performance.now();
  res.once('finish', () => {
    if (res.statusCode === 200) state.counts.longestCallMs = Math.max(state.counts.longestCallMs, Math.round(performance.now() - arrived));
  });
  try {
    await answerChat(req, res, body, state, signal);
  } finally {
    // `state.counts` again: a reset during the call swapped the counters object.
    state.counts.inFlight -= 1;
  }
}

async function answerChat(req: IncomingMessage, res: ServerResponse, body: unknown, state: FakeGlmState, signal: AbortSignal): Promise<void> {
  if (refusedWithoutKey(req, res)) return;
  const messages = readMessages(body);
  if (!messages) {
    return sendError(res, { status: 400, code: '1214', message: 'Invalid request: messages must be a non-empty array.' });
  }
  if (state.counts.inFlight > state.timing.accountConcurrency) {
    // This call is already counted in flight, hence `>`: the others fill the account's limit.
    state.counts.concurrencyRejected += 1;
    return sendError(res, {
      status: 429,
      code: '1302',
      message: 'Too many requests in flight for this account: lower the concurrency or ask for a higher limit.',
    });
  }
  const prompt = parsePrompt(messages);
  state.counts.calls += 1;
  if (prompt.stage) state.counts.byStage[prompt.stage] += 1;

  const fault: Fault | null = state.faults.take(prompt.stage);
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
  const refused = !reply && refuses(state.refusal, messages.map((m) => m.content).join('\n'));
  if (reply || (refused && state.refusal!.mode === 'error')) {
    // An error is written before any completion token: only the time to the first one passes.
    if (!(await wait(fixedMs + decodeDelayMs(state.timing, 0)))) return gone();
    if (refused) state.counts.refused += 1;
    return sendError(res, reply ?? CONTENT_FILTER_REPLY);
  }

  let content = '';
  if (!refused) {
    const answer = buildAnswer(
      prompt,
      messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n'),
    );
    if (fault?.type === 'invented_id') inventCitation(answer);
    if (fault?.type === 'relabel') relabel(answer);
    content = JSON.stringify(answer);
    // Cut inside the outer object, so the text can never parse as JSON.
    if (fault?.type === 'malformed_json') content = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
  }
  const promptTokens = messages.reduce((sum, m) => sum + tokenCount(m.content), 0);
  // A withheld answer was still generated up to the filter, and GLM bills it: one token stands in.
  const completionTokens = refused ? 1 : tokenCount(content);
  const model = (body as { model?: unknown }).model;
  const modelName = typeof model === 'string' ? model : 'glm-4.6';
  if ((body as { stream?: unknown }).stream === true) {
    const streamed = await streamAnswer(res, { content, refused, promptTokens, completionTokens, model: modelName, fixedMs }, state, signal);
    if (!streamed) return gone();
    if (refused) state.counts.refused += 1;
    state.counts.promptTokens += promptTokens;
    state.counts.completionTokens += completionTokens;
    return;
  }
  if (!(await wait(fixedMs + decodeDelayMs(state.timing, completionTokens)))) return gone();

  if (refused) state.counts.refused += 1;
  state.counts.promptTokens += promptTokens;
  state.counts.completionTokens += completionTokens;
  sendJson(res, 200, {
    id: `chatcmpl-${randomUUID()}`,
    request_id: randomUUID(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: modelName,
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

// Tokens a streamed chunk carries: a real model sends one or a few per event.
const TOKENS_PER_CHUNK = 3;

/**
 * The answer as GLM streams it (`stream: true`): server-sent events of `chat.completion.chunk`,
 * the text in `delta.content` pieces of a few tokens, paced in decode timing as the model writes
 * them (the time to the first token, then each piece at the decode rate), the last event with the
 * finish reason and the usage, then `[DONE]`. False when the client went away.
 */
async function streamAnswer(
  res: ServerResponse,
  answer: { content: string; refused: boolean; promptTokens: number; completionTokens: number; model: string; fixedMs: number },
  state: FakeGlmState,
  signal: AbortSignal,
): Promise<boolean> {
  const wait = (ms: number) => state.timing.wait(ms, signal);
  if (!(await wait(answer.fixedMs + decodeDelayMs(state.timing, 0)))) return false;
  if (res.destroyed) return false;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const event = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: answer.model, system_fingerprint: FAKE_GLM_FINGERPRINT, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;
  const pieces = answer.content.match(/\s*\S+/g) ?? [];
  const perSecond = state.timing.decodeTokensPerSecond;
  // Each piece is sent when the model would have written it: the whole answer takes what the
  // same answer unstreamed waits, its tokens at the decode rate after the first token.
  let written = '';
  let waited = 0;
  for (let i = 0; i < pieces.length; i += TOKENS_PER_CHUNK) {
    const piece = pieces.slice(i, i + TOKENS_PER_CHUNK).join('');
    written += piece;
    if (state.timing.timing === 'decode') {
      const due = Math.round((tokenCount(written) / perSecond) * 1000) - waited;
      waited += due;
      if (!(await wait(due))) return false;
    }
    if (res.destroyed) return false;
    res.write(event({ delta: { role: 'assistant', content: piece }, finish_reason: null }));
  }
  res.write(
    event(
      { delta: { role: 'assistant', content: '' }, finish_reason: answer.refused ? 'sensitive' : 'stop' },
      {
        usage: {
          prompt_tokens: answer.promptTokens,
          completion_tokens: answer.completionTokens,
          total_tokens: answer.promptTokens + answer.completionTokens,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      },
    ),
  );
  res.end('data: [DONE]\n\n');
  return true;
}
