import { z } from 'zod';

/**
 * The wire contract between the engine's prompts and any chat model, the fake GLM server
 * included. Bump PROMPT_VERSION whenever a prompt or a schema here changes: memoised chunk
 * summaries and cache keys carry it, so old answers stop being reused.
 */
export const PROMPT_VERSION = 'v2';

/**
 * A server that stands in for the real provider (the bundled fake, a local mock) starts its
 * system fingerprint with this; results made from its answers name it as their provider.
 */
export const STAND_IN_PREFIX = 'stand-in:';

/** First line of every system prompt; tells a reader (and the fake server) which stage asks. */
export const STAGE_MARKER = (stage: LlmStage) => `[insights-stage:${stage}]`;
export const STAGE_PATTERN = /\[insights-stage:(map|reduce|repair|assign|ask)\]/;
/**
 * `assign`: new feedback placed in a stored result's themes between regenerations. `ask`: a
 * question about a project's feedback answered from retrieved entries.
 */
export type LlmStage = 'map' | 'reduce' | 'repair' | 'assign' | 'ask';

/**
 * Feedback goes into the user message as data between these fences, one entry per line:
 * `<number>\t<rating>\t<text with newlines and tabs replaced by spaces>`. The number is the
 * entry's alias in this call (1, 2, 3…): a model cites it in one or two tokens where a UUID costs
 * about 35. The fences carry a random nonce per call so text inside an entry can never close the block.
 */
export const feedbackFence = (nonce: string) => ({
  open: `<<<FEEDBACK ${nonce}>>>`,
  close: `<<<END FEEDBACK ${nonce}>>>`,
});
export const FEEDBACK_LINE = /^([1-9][0-9]{0,4})\t([1-5])\t(.*)$/;

/** Partial themes go into the reduce prompt between these fences, one JSON object per line. */
export const themeFence = (nonce: string) => ({
  open: `<<<THEMES ${nonce}>>>`,
  close: `<<<END THEMES ${nonce}>>>`,
});

export const THEME_KINDS = ['pain_point', 'feature_request', 'praise', 'other'] as const;
export const themeKind = z.enum(THEME_KINDS);
export const priority = z.enum(['high', 'medium', 'low']);

/** Ids one map theme may cite; a map call holding more entries could not cite a theme of them all. */
export const MAX_MAP_THEME_IDS = 500;
/** Themes one map answer may hold. */
export const MAX_MAP_THEMES = 15;

/**
 * Map stage, on the wire: what the model writes for one call. Entries are cited by their alias in
 * the call; quotes are not asked for (code picks them from the cited entries, so they are
 * verbatim by construction and cost no output tokens).
 */
export const mapAnswerSchema = z.object({
  themes: z
    .array(
      z.object({
        name: z.string().min(1).max(120),
        summary: z.string().max(600),
        kind: themeKind,
        sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']),
        // A model may quote a number; anything else it writes is dropped as an unknown alias.
        ids: z
          .array(z.union([z.number(), z.string()]))
          .min(1)
          .max(MAX_MAP_THEME_IDS),
      }),
    )
    .max(MAX_MAP_THEMES),
});
export type MapAnswer = z.infer<typeof mapAnswerSchema>;

/** Map stage, in code and in the memo: the answer with aliases mapped back to ids, and quotes. */
export const mapOutputSchema = z.object({
  themes: z
    .array(
      z.object({
        name: z.string().min(1).max(120),
        summary: z.string().max(600),
        kind: themeKind,
        sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']),
        feedbackIds: z.array(z.string()).min(1).max(MAX_MAP_THEME_IDS),
        quotes: z.array(z.string().max(300)).max(3).default([]),
      }),
    )
    .max(MAX_MAP_THEMES),
});
export type MapOutput = z.infer<typeof mapOutputSchema>;

/**
 * One line of the reduce prompt: a partial theme from a map call (or from a lower reduce
 * level), referenced by `ref`. The model merges by listing refs; ids and counts stay in code.
 */
export interface ReduceInputTheme {
  ref: string;
  name: string;
  summary: string;
  kind: (typeof THEME_KINDS)[number];
  count: number;
}

/** Reduce stage: merged themes (by ref), an overall summary and recommendations citing themes. */
export const reduceOutputSchema = z.object({
  summary: z.string().min(1).max(2000),
  themes: z
    .array(
      z.object({
        name: z.string().min(1).max(120),
        summary: z.string().max(800),
        kind: themeKind,
        refs: z.array(z.string()).min(1),
      }),
    )
    .max(30),
  recommendations: z
    .array(
      z.object({
        title: z.string().min(1).max(160),
        description: z.string().max(800),
        priority,
        themes: z.array(z.string()).default([]),
      }),
    )
    .max(10),
});
export type ReduceOutput = z.infer<typeof reduceOutputSchema>;

/** Entries one assignment call holds: a short answer, and a refusal costs few halvings. */
export const MAX_ASSIGN_ENTRIES = 50;

/**
 * Assignment stage, on the wire: for each entry number the ref of the theme it belongs to (`t3`)
 * or null when it fits none, as `{"a":[[1,"t3"],[2,null]]}`: about three tokens an entry. Refs and
 * numbers are checked in code; anything the call did not hold is dropped and counted.
 */
export const assignAnswerSchema = z.object({
  a: z.array(z.tuple([z.union([z.number(), z.string()]), z.string().nullable()])).max(MAX_ASSIGN_ENTRIES * 2),
});
export type AssignAnswer = z.infer<typeof assignAnswerSchema>;
