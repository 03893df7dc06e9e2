import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ChatProvider, ChatRequest, ChatResponse } from '../ports.js';
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
}
