import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { estimateTokens } from '../chunking/tokens.js';
import type { ChatProvider, ChatRequest, ChatResponse, TokenUsage } from '../ports.js';
import { GLM_DEFAULT_BASE_URL, lazyGlmClient } from './glm-client.js';
import { classifyLlmError, LlmError } from './llm-error.js';

export { GLM_DEFAULT_BASE_URL };

export interface GlmProviderConfig {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
  /** Low: the answers are extraction, not prose. */
  temperature?: number;
}

// GLM extends the OpenAI body: reasoning is switched off for JSON extraction, which it slows
// down and which otherwise spends completion tokens on hidden thinking.
type GlmChatBody = ChatCompletionCreateParamsNonStreaming & { thinking: { type: 'enabled' | 'disabled' } };

/** The identity of a GLM model at an endpoint (trailing slashes do not make another one). */
export function glmIdentity(model: string, baseUrl: string = GLM_DEFAULT_BASE_URL): string {
  return `glm:${model}@${baseUrl.replace(/\/+$/, '')}`;
}

/** Z.ai GLM through its OpenAI-compatible chat-completions endpoint. */
export class GlmProvider implements ChatProvider {
  readonly name = 'glm';
  readonly model: string;
  readonly identity: string;
  private readonly temperature: number;
  private readonly connect: ReturnType<typeof lazyGlmClient>;

  constructor(private readonly config: GlmProviderConfig) {
    this.model = config.model;
    this.identity = glmIdentity(config.model, config.baseUrl);
    this.temperature = config.temperature ?? 0.2;
    this.connect = lazyGlmClient(config);
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    const body: GlmChatBody = {
      model: this.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
      response_format: { type: 'json_object' },
      temperature: this.temperature,
      thinking: { type: 'disabled' },
      ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
    };
    if (req.onText) return this.stream(body, req, req.onText);
    const { client, errors } = await this.connect();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(body, { signal: req.signal });
    } catch (err) {
      throw classifyLlmError(err, errors);
    }
    const choice = completion.choices[0];
    const usage = {
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
      cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    };
    // GLM reports its output filter as a finish reason rather than an HTTP error; the call was
    // still billed, so its usage travels with the error to the ledger.
    if ((choice?.finish_reason as string | undefined) === 'sensitive') {
      throw new LlmError('content_blocked', 'GLM withheld the answer: content filter (finish reason "sensitive")', { code: 'sensitive', usage });
    }
    return {
      text: choice?.message?.content ?? '',
      usage,
      ...(completion.system_fingerprint ? { servedBy: completion.system_fingerprint } : {}),
    };
  }

  /**
   * The same call with `stream: true`: GLM sends server-sent events of `chat.completion.chunk`,
   * each with a `delta.content` piece, the last one with the finish reason and the usage, then
   * `[DONE]`. Each piece reaches `onText` with the text so far. A server that reports no usage
   * is charged the estimated sizes (budgets overcount rather than miss a call).
   */
  private async stream(body: GlmChatBody, req: ChatRequest, onText: (textSoFar: string) => void): Promise<ChatResponse> {
    const { client, errors } = await this.connect();
    let text = '';
    let finish: string | null = null;
    let usage: TokenUsage | undefined;
    let servedBy: string | undefined;
    try {
      const chunks = await client.chat.completions.create({ ...body, stream: true }, { signal: req.signal });
      for await (const chunk of chunks as AsyncIterable<ChatCompletionChunk>) {
        servedBy ??= chunk.system_fingerprint ?? undefined;
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens ?? 0,
            completionTokens: chunk.usage.completion_tokens ?? 0,
            cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
          };
        }
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finish = choice.finish_reason;
        const piece = choice?.delta?.content;
        if (piece) {
          text += piece;
          onText(text);
        }
      }
    } catch (err) {
      throw classifyLlmError(err, errors);
    }
    usage ??= { promptTokens: estimateTokens(req.system) + estimateTokens(req.user), completionTokens: estimateTokens(text), cachedTokens: 0 };
    if (finish === 'sensitive') {
      throw new LlmError('content_blocked', 'GLM withheld the answer: content filter (finish reason "sensitive")', { code: 'sensitive', usage });
    }
    return { text, usage, ...(servedBy ? { servedBy } : {}) };
  }
}
