import { reduceOutputSchema, type ReduceOutput } from '../llm/protocol.js';
import { buildReducePrompt, REDUCE_SCHEMA_TEXT } from '../prompts/reduce.prompt.js';
import { REPAIR_ROOM_TOKENS } from '../chunking/call-plan.js';
import { estimateTokens } from '../chunking/tokens.js';
import { isRefusal } from '../providers/llm-error.js';
import { callStructured, type LlmDeps } from './llm-call.js';
import { mergeThemes, type PartialTheme } from './partial-theme.js';
import type { ProgressReporter } from './progress.js';
import { applyReduce, groupForReduce, refFor, toReduceInput, type AppliedReduce } from './reduce-groups.js';
import type { RunContext } from './run-context.js';
import { TaskPool } from './task-pool.js';

export interface ReduceDeps extends LlmDeps {
  tokenBudget: number;
  concurrency: number;
  /** The project's theme names, listed in every reduce prompt for the model to reuse. */
  knownThemes?: readonly string[];
}

/**
 * Theme-line tokens one reduce prompt may hold: the context less the instructions, the answer and
 * room for a repair call. With a 128K context that is about 100,000 tokens, some 1,000 lines, so
 * every map output of a cold run meets in one prompt and the reduce takes one level.
 */
export function reduceBudgetFor(contextTokens: number, maxOutputTokens: number, knownThemes: readonly string[] = []): number {
  const empty = buildReducePrompt([], { final: true, knownThemes });
  const overhead = Math.ceil((estimateTokens(empty.system) + estimateTokens(empty.user)) * 1.1);
  return Math.max(1_000, contextTokens - overhead - REPAIR_ROOM_TOKENS - maxOutputTokens);
}

export interface ReduceResult {
  summary: string;
  themes: PartialTheme[];
  recommendations: ReduceOutput['recommendations'];
}

/** The final summary when the content filter refused every form of the reduce prompt. */
export const REFUSED_REDUCE_SUMMARY =
  "The provider's content filter refused to merge these themes, so they are listed as found, without an overall summary or recommendations.";

/**
 * One reduce call. The prompt holds no feedback, only model-written names and summaries, but a
 * summary may repeat what a refused-looking entry said: a refused prompt is asked again without
 * the summaries, and refused again, the group is kept as mapped (no model merge) rather than
 * failing the run.
 */
async function reduceGroup(group: PartialTheme[], final: boolean, deps: ReduceDeps, ctx: RunContext) {
  for (const withSummaries of [true, false]) {
    const inputs = group.map((theme, i) => toReduceInput(withSummaries ? theme : { ...theme, summary: '' }, refFor(i)));
    try {
      const answer = await callStructured(ctx, deps, {
        stage: 'reduce',
        prompt: buildReducePrompt(inputs, { final, ...(deps.knownThemes ? { knownThemes: deps.knownThemes } : {}) }),
        schema: reduceOutputSchema,
        schemaText: REDUCE_SCHEMA_TEXT,
      });
      return { output: answer.value, applied: applyReduce(group, answer.value) };
    } catch (error) {
      if (!isRefusal(error)) throw error;
    }
  }
  const output = { summary: final ? REFUSED_REDUCE_SUMMARY : '', themes: [], recommendations: [] };
  return { output, applied: final ? { merged: group, unreferenced: [] } : { merged: [], unreferenced: group } };
}

// Intermediate levels carry unreferenced themes up unchanged: only the final answer may drop evidence.
async function reduceLevel(groups: PartialTheme[][], deps: ReduceDeps, ctx: RunContext): Promise<PartialTheme[]> {
  const results: AppliedReduce[] = [];
  const pool = new TaskPool(deps.concurrency, (error) => ctx.abortInFlight(error));
  for (const [index, group] of groups.entries()) {
    await pool.submit(async () => {
      results[index] = (await reduceGroup(group, false, deps, ctx)).applied;
    });
  }
  await pool.drain();
  return results.flatMap((r) => [...r.merged, ...r.unreferenced]);
}

function citedNames(recommendations: ReduceOutput['recommendations'], themes: readonly PartialTheme[]) {
  const canonical = new Map(themes.map((t) => [t.name.trim().toLowerCase(), t.name]));
  return recommendations.map((r) => ({
    ...r,
    themes: [...new Set(r.themes.map((n) => canonical.get(n.trim().toLowerCase())).filter((n) => n !== undefined))],
  }));
}

/** Merges partial themes in as many levels as the prompt budget requires, then a final pass. */
export async function runReduceStage(themes: PartialTheme[], deps: ReduceDeps, ctx: RunContext, progress: ProgressReporter): Promise<ReduceResult> {
  let current = mergeSameName(themes);
  for (let level = 0; ; level++) {
    ctx.throwIfCancelled();
    await progress.report('reduce', 1 - 1 / (level + 1));
    const groups = groupForReduce(current, deps.tokenBudget);
    if (groups.length === 0) return { summary: '', themes: [], recommendations: [] };
    if (groups.length === 1) {
      const { output, applied } = await reduceGroup(groups[0]!, true, deps, ctx);
      return {
        summary: output.summary,
        themes: applied.merged,
        recommendations: citedNames(output.recommendations, applied.merged),
      };
    }
    const next = mergeSameName(await reduceLevel(groups, deps, ctx));
    // A model that merges too little would loop forever: keep the best-supported themes that
    // fit one final prompt instead (the final answer may drop weak themes anyway).
    current = next.length < current.length ? next : largestThatFit(next, deps.tokenBudget);
  }
}

/** Code-side merge of themes with the same kind and name: free, and shrinks every level. */
export function mergeSameName(themes: readonly PartialTheme[]): PartialTheme[] {
  const byKey = new Map<string, PartialTheme[]>();
  for (const t of themes) {
    const key = `${t.kind}:${t.name.trim().toLowerCase()}`;
    byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  return [...byKey.values()].map((members) => (members.length === 1 ? members[0]! : mergeThemes(members[0]!, members)));
}

function largestThatFit(themes: readonly PartialTheme[], tokenBudget: number): PartialTheme[] {
  const bySupport = [...themes].sort((a, b) => b.ids.length - a.ids.length);
  const fit: PartialTheme[] = [];
  let tokens = 0;
  for (const theme of bySupport) {
    tokens += estimateTokens(JSON.stringify(toReduceInput(theme, refFor(fit.length)))) + 2;
    if (fit.length > 0 && tokens > tokenBudget) break;
    fit.push(theme);
  }
  return fit;
}
