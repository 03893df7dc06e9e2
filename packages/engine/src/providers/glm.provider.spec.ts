import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GlmProvider } from './glm.provider.js';

type Handler = (body: Record<string, unknown>, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const seen: { body: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push({ body, headers: req.headers });
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/paas/v4`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const provider = () => new GlmProvider({ apiKey: 'test-key', baseUrl, model: 'glm-4.5-flash', timeoutMs: 5000 });
const request = { stage: 'map' as const, system: 'sys', user: 'usr', maxTokens: 123 };

describe('GlmProvider', () => {
  it('sends a JSON-mode chat request with thinking disabled and reads usage', async () => {
    handler = (_body, res) =>
      reply(res, 200, {
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'glm-4.5-flash',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"themes":[]}' } }],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 20,
          total_tokens: 120,
          prompt_tokens_details: { cached_tokens: 64 },
        },
      });
    const answer = await provider().complete(request);
    expect(answer).toEqual({
      text: '{"themes":[]}',
      usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 64 },
    });
    const { body, headers } = seen.at(-1)!;
    expect(body).toMatchObject({
      model: 'glm-4.5-flash',
      response_format: { type: 'json_object' },
      thinking: { type: 'disabled' },
      max_tokens: 123,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'usr' },
      ],
    });
    expect(headers.authorization).toBe('Bearer test-key');
  });

  it('classifies a GLM rate limit once, without retrying, keeping Retry-After', async () => {
    const before = seen.length;
    handler = (_body, res) => reply(res, 429, { error: { code: '1302', message: 'Rate limit reached' } }, { 'retry-after': '3' });
    await expect(provider().complete(request)).rejects.toMatchObject({
      kind: 'rate_limit',
      code: '1302',
      retryAfterMs: 3000,
    });
    expect(seen.length - before).toBe(1);
  });

  it('classifies an empty balance as a permanent quota error', async () => {
    handler = (_body, res) => reply(res, 429, { error: { code: '1113', message: 'Insufficient balance' } });
    await expect(provider().complete(request)).rejects.toMatchObject({ kind: 'quota', transient: false });
  });

  it('turns a "sensitive" finish reason into a refusal that carries the usage billed for it', async () => {
    handler = (_body, res) =>
      reply(res, 200, {
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'glm-4.5-flash',
        choices: [{ index: 0, finish_reason: 'sensitive', message: { role: 'assistant', content: '' } }],
        usage: { prompt_tokens: 321, completion_tokens: 4, total_tokens: 325 },
      });
    await expect(provider().complete(request)).rejects.toMatchObject({
      kind: 'content_blocked',
      transient: false,
      code: 'sensitive',
      usage: { promptTokens: 321, completionTokens: 4, cachedTokens: 0 },
    });
  });

  it('turns an aborted signal into a cancelled error', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = provider().complete({ ...request, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
  });

  describe('streaming', () => {
    // As GLM streams: chat.completion.chunk events, the last with the finish reason and the usage, then [DONE].
    const stream = (pieces: string[], finish: string, usage?: object) => (_body: Record<string, unknown>, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'glm-4.5-flash', choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;
      for (const piece of pieces) res.write(chunk({ role: 'assistant', content: piece }, null));
      res.write(chunk({ role: 'assistant', content: '' }, finish, usage ? { usage } : {}));
      res.end('data: [DONE]\n\n');
    };

    it('asks for a stream and hands over the text so far as each piece arrives, with the usage of the last event', async () => {
      handler = stream(['{"answer":', '"Exports', ' fail [1]"}'], 'stop', { prompt_tokens: 90, completion_tokens: 9, total_tokens: 99 });
      const seenText: string[] = [];
      const answer = await provider().complete({ ...request, stage: 'ask', onText: (text) => seenText.push(text) });
      expect(seen.at(-1)!.body).toMatchObject({ stream: true, response_format: { type: 'json_object' }, max_tokens: 123 });
      expect(seenText).toEqual(['{"answer":', '{"answer":"Exports', '{"answer":"Exports fail [1]"}']);
      expect(answer).toEqual({ text: '{"answer":"Exports fail [1]"}', usage: { promptTokens: 90, completionTokens: 9, cachedTokens: 0 } });
    });

    it('reads a sensitive finish as a refusal with its usage, and estimates usage a server did not report', async () => {
      handler = stream([], 'sensitive', { prompt_tokens: 50, completion_tokens: 1, total_tokens: 51 });
      await expect(provider().complete({ ...request, onText: () => undefined })).rejects.toMatchObject({
        kind: 'content_blocked',
        code: 'sensitive',
        usage: { promptTokens: 50, completionTokens: 1, cachedTokens: 0 },
      });
      handler = stream(['{"answer":"ok"}'], 'stop');
      const answer = await provider().complete({ ...request, onText: () => undefined });
      expect(answer.usage.promptTokens).toBeGreaterThan(0);
      expect(answer.usage.completionTokens).toBeGreaterThan(0);
    });

    it('classifies an error answered before the stream as a non-streamed call’s', async () => {
      handler = (_body, res) => reply(res, 400, { error: { code: '1301', message: 'unsafe content' } });
      await expect(provider().complete({ ...request, onText: () => undefined })).rejects.toMatchObject({ kind: 'content_blocked', code: '1301' });
    });
  });
});
