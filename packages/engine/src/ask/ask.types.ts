import { z } from 'zod';

/**
 * Bump whenever the ask prompt, its answer schema or the way code checks an answer changes:
 * the ask cache key carries it, so answers made under other rules are not served again.
 */
export const ASK_PROMPT_VERSION = 'ask2';

/** A question's answer, as the job stores it and `GET /api/insights/jobs/:jobId` returns it. */
export interface AskAnswer {
  kind: 'ask';
  version: 1;
  question: string;
  /** A few sentences; citation markers `[1]`, `[2]` refer to citations[].ref; every count in it is a SQL count or a theme's count. */
  answer: string;
  citations: AskCitation[];
  /** Each count the answer states: a search (`query` its words) or a theme (`query` is `theme:<themeId>`, `label` its name). */
  counts: AskCount[];
  /** Entries in scope matching the question's search (SQL count). */
  matched: number;
  /** Entries the model was shown. */
  considered: number;
  /** Citations of entries the model was not shown and theme counts of themes it was not given: dropped from the answer, counted here. */
  droppedCitations: number;
  /** Entries a provider refused (left out of the prompt). */
  refusedEntries: number;
  /** The project's current themes the model was given as context. */
  themes: AskTheme[];
  model: string;
  tokensUsed: number;
  generatedAt: string;
}

export interface AskCitation {
  ref: number;
  feedbackId: string;
  /** Verbatim from the entry as the model was shown it (redacted). */
  quote: string;
  createdAt: string;
  sentiment: string;
  rating: number;
}

export interface AskCount {
  label: string;
  count: number;
  query: string;
}

export interface AskTheme {
  id: string;
  name: string;
  count: number;
}

/** A retrieved entry as the question's search found it. */
export interface AskEntry {
  id: string;
  text: string;
  /** ISO timestamp. */
  createdAt: string;
  category: string;
  sentiment: string;
  rating: number;
}

/** A theme of the project's current view, given to the model as context (name, kind and a reference; its count is filled by code). */
export interface AskContextTheme extends AskTheme {
  kind: string;
}

/**
 * Counts feedback in the question's scope (its project and filters) matching a search, in SQL:
 * the only source of the numbers an answer states about feedback.
 */
export interface AskCounter {
  count(query: string): Promise<number>;
}

export type AskStage = 'retrieving' | 'answering' | 'checking';

/** What the job shows while a question is answered: the stage and the answer text so far. */
export interface AskProgress {
  stage: AskStage;
  partialAnswer: string;
}

/** The model's answer on the wire: text with markers and count placeholders, and the quotes it relies on. */
export const askWireSchema = z.object({
  answer: z.string().min(1).max(4_000),
  citations: z
    .array(
      z.object({
        ref: z.union([z.number(), z.string()]),
        quote: z.string().max(1_000).optional(),
      }),
    )
    .max(40)
    .default([]),
});
export type AskWireAnswer = z.infer<typeof askWireSchema>;

/** `AskAnswer` as a schema: what the API describes (OpenAPI) and a reader may validate a stored answer with. */
export const askAnswerSchema = z.object({
  kind: z.literal('ask'),
  version: z.literal(1),
  question: z.string(),
  answer: z.string().describe("A few sentences; markers [1], [2] refer to citations[].ref; every count in it is a SQL count or a current theme's count"),
  citations: z.array(
    z.object({
      ref: z.number().int().min(1),
      feedbackId: z.string(),
      quote: z.string().describe('Verbatim from the entry as the model was shown it (personal data redacted)'),
      createdAt: z.string(),
      sentiment: z.string(),
      rating: z.number().int(),
    }),
  ),
  counts: z
    .array(
      z.object({
        label: z.string(),
        count: z.number().int().min(0),
        query: z.string().describe("The search it counted, or `theme:<themeId>` for a theme's count (label: its name)"),
      }),
    )
    .describe('Each count the answer states'),
  matched: z.number().int().min(0).describe("Entries in scope matching the question's search (SQL count)"),
  considered: z.number().int().min(0).describe('Entries the model was shown'),
  droppedCitations: z
    .number()
    .int()
    .min(0)
    .describe('Citations of entries the model was not shown, and counts of themes it was not given: dropped from the answer'),
  refusedEntries: z.number().int().min(0).describe("Entries the provider's content filter refused (left out of the prompt)"),
  themes: z
    .array(z.object({ id: z.string(), name: z.string(), count: z.number().int() }))
    .describe("The project's current themes the model was given as context"),
  model: z.string(),
  tokensUsed: z.number().int().min(0),
  generatedAt: z.string(),
});

// The schema and the interface describe one shape: each must accept the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const ASK_SCHEMA_MATCHES: Same<z.infer<typeof askAnswerSchema>, AskAnswer> = true;
