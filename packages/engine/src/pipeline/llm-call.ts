import type { z } from 'zod';
import { estimateTokens } from '../chunking/tokens.js';
import type { LlmStage } from '../llm/protocol.js';
import type { CallLedger, ChatProvider, ChatResponse, TokenUsage } from '../ports.js';
import type { PromptMessages } from '../prompts/fence.js';
import { buildRepairPrompt } from '../prompts/repair.prompt.js';
import { classifyLlmError, isRefusal, LlmError } from '../providers/llm-error.js';
import { parseAnswer } from './json-answer.js';
import type { RunContext } from './run-context.js';

export interface LlmDeps {
  provider: ChatProvider;
  ledger: CallLedger;
  maxOutputTokens: number;
}

export interface StructuredCall<T> {
  stage: Exclude<LlmStage, 'repair'>;
  prompt: PromptMessages;
  schema: z.ZodType<T>;
  schemaText: string;
  /** The answer's max_tokens when it should differ from `LlmDeps.maxOutputTokens`. */
  maxTokens?: number;
  /** Streams the first call's answer (see ChatRequest.onText); a repair call is not streamed. */
  onText?: (textSoFar: string) => void;
}

export interface StructuredAnswer<T> {
  value: T;
  /** Prompt plus completion tokens of the call and its repair, if any. */
  tokens: number;
}

interface RawAnswer {
  text: string;
  tokens: number;
}

const NOTHING: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };

/**
 * What a failed call counts against the budgets. A refusal is paid for in calls the engine makes
 * on purpose (the search for the refused entries), so it counts what the provider billed, or,
 * when it says nothing (an HTTP 1301), the prompt at its estimated size: budgets overcount
 * rather than let refusals spend unseen.
 */
function spentOn(error: LlmError, estimatedPrompt: number): TokenUsage {
  if (error.usage) return error.usage;
  return isRefusal(error) ? { ...NOTHING, promptTokens: estimatedPrompt } : NOTHING;
}

async function callOnce(
  ctx: RunContext,
  deps: LlmDeps,
  stage: LlmStage,
  prompt: PromptMessages,
  maxTokens = deps.maxOutputTokens,
  onText?: (textSoFar: string) => void,
): Promise<RawAnswer> {
  ctx.throwIfCancelled();
  const estimated = estimateTokens(prompt.system) + estimateTokens(prompt.user);
  ctx.reserve(estimated);
  const { provider, ledger } = deps;
  const base = { stage, model: provider.model, provider: provider.name };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { signal, release } = ctx.callSignal();
  ctx.llmCalls++;
  let answer: ChatResponse;
  try {
    answer = await provider.complete({ stage, ...prompt, signal, maxTokens, ...(onText ? { onText } : {}) });
  } catch (err) {
    const error = ctx.signal.aborted ? new LlmError('cancelled', 'LLM call cancelled', { cause: err }) : classifyLlmError(err);
    const usage = spentOn(error, estimated);
    ctx.charge(usage);
    await ledger.record({ ...base, ...usage, latencyMs: elapsed(), outcome: error.kind, errorCode: error.code });
    throw error;
  } finally {
    release();
  }
  ctx.charge(answer.usage);
  if (answer.servedBy) ctx.servedBy.add(answer.servedBy);
  await ledger.record({ ...base, ...answer.usage, latencyMs: elapsed(), outcome: 'ok' });
  return { text: answer.text, tokens: answer.usage.promptTokens + answer.usage.completionTokens };
}

/**
 * One call whose answer is not parsed (a probe: does the provider's filter accept this prompt?),
 * with its ledger row, budget check and cancellation as every call.
 */
export async function callRaw(
  ctx: RunContext,
  deps: LlmDeps,
  stage: Exclude<LlmStage, 'repair'>,
  prompt: PromptMessages,
  maxTokens: number,
): Promise<StructuredAnswer<string>> {
  const answer = await callOnce(ctx, deps, stage, prompt, maxTokens);
  return { value: answer.text, tokens: answer.tokens };
}

/** One call, validated; on a malformed answer exactly one repair call, then a clear error. */
export async function callStructured<T>(ctx: RunContext, deps: LlmDeps, call: StructuredCall<T>): Promise<StructuredAnswer<T>> {
  const first = await callOnce(ctx, deps, call.stage, call.prompt, call.maxTokens, call.onText);
  const parsed = parseAnswer(first.text, call.schema);
  if (parsed.ok) return { value: parsed.value, tokens: first.tokens };

  const repair = buildRepairPrompt({
    original: call.prompt,
    answer: first.text,
    problems: parsed.problems,
    schemaText: call.schemaText,
  });
  const second = await callOnce(ctx, deps, 'repair', repair, call.maxTokens);
  const reparsed = parseAnswer(second.text, call.schema);
  if (reparsed.ok) return { value: reparsed.value, tokens: first.tokens + second.tokens };
  throw new LlmError('invalid_output', `The ${call.stage} answer was still invalid after one repair: ${reparsed.problems}`);
}
