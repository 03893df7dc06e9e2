import { estimateTokens } from '../chunking/tokens.js';
import type { ReduceInputTheme, ReduceOutput } from '../llm/protocol.js';
import { mergeThemes, type PartialTheme } from './partial-theme.js';

// The map stage's calls fill a few rounds of parallel calls, up to 15 themes each: all of them
// should meet in one reduce prompt. 400 refs cost about 2,000 tokens of the answer.
const MAX_GROUP_THEMES = 400;
const SUMMARY_CHARS = 300;

export const refFor = (index: number) => `t${index + 1}`;

export function toReduceInput(theme: PartialTheme, ref: string): ReduceInputTheme {
  const summary = theme.summary.length > SUMMARY_CHARS ? `${theme.summary.slice(0, SUMMARY_CHARS - 1)}…` : theme.summary;
  return { ref, name: theme.name, summary, kind: theme.kind, count: theme.ids.length };
}

/**
 * Splits themes into reduce prompts within the token budget. Sorting by kind and name first puts
 * likely duplicates in the same group, so the first level already merges most of them.
 */
export function groupForReduce(themes: readonly PartialTheme[], tokenBudget: number): PartialTheme[][] {
  const sorted = [...themes].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const groups: PartialTheme[][] = [];
  let current: PartialTheme[] = [];
  let tokens = 0;
  for (const theme of sorted) {
    const cost = estimateTokens(JSON.stringify(toReduceInput(theme, refFor(current.length)))) + 2;
    if (current.length > 0 && (tokens + cost > tokenBudget || current.length >= MAX_GROUP_THEMES)) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(theme);
    tokens += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface AppliedReduce {
  merged: PartialTheme[];
  /** Inputs the model cited under no theme. */
  unreferenced: PartialTheme[];
}

/** Turns the model's refs into merged themes; unknown refs are ignored and each ref counts once. */
export function applyReduce(members: readonly PartialTheme[], output: ReduceOutput): AppliedReduce {
  const byRef = new Map(members.map((m, i) => [refFor(i), m]));
  const used = new Set<string>();
  const merged: PartialTheme[] = [];
  for (const theme of output.themes) {
    const refs = theme.refs.map((r) => r.trim()).filter((r) => byRef.has(r) && !used.has(r));
    if (refs.length === 0) continue;
    for (const r of refs) used.add(r);
    const head = { name: theme.name, summary: theme.summary, kind: theme.kind };
    merged.push(
      mergeThemes(
        head,
        refs.map((r) => byRef.get(r)!),
      ),
    );
  }
  const unreferenced = [...byRef.entries()].filter(([ref]) => !used.has(ref)).map(([, m]) => m);
  return { merged, unreferenced };
}
