import { z } from 'zod';
import { JOB_ID_FORMAT } from './dedup.js';
import { JOB_NAMES } from './names.js';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const insightsFiltersSchema = z
  .object({
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    category: z.string().min(1).max(50).optional(),
  })
  .strict();
export type InsightsFiltersPayload = z.infer<typeof insightsFiltersSchema>;

/** The filters of a feedback search, and of a question (which searches first). */
export const searchFiltersSchema = insightsFiltersSchema
  .extend({
    sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
    /** Ratings 1 to 5; 0 (not rated) is never in a rating range. */
    minRating: z.number().int().min(1).max(5).optional(),
    maxRating: z.number().int().min(1).max(5).optional(),
  })
  .strict();
export type SearchFiltersPayload = z.infer<typeof searchFiltersSchema>;

export const JOB_SIZES = ['small', 'large'] as const;
export type JobSize = (typeof JOB_SIZES)[number];

export const generateInsightsPayload = z
  .object({
    /** Our id for the job: also the BullMQ job id and the insights_jobs primary key. */
    jobId: z.string().regex(JOB_ID_FORMAT),
    userId: z.uuid(),
    /** null: every project the user owns. */
    projectId: z.uuid().nullable(),
    filters: insightsFiltersSchema,
    /** The feedback generation the request saw; part of the cache key the result is written under. */
    feedbackGeneration: z.number().int().min(0),
    cacheKey: z.string().length(64),
    scopeKey: z.string().length(64),
    trigger: z.enum(['interactive', 'background']),
    /**
     * How much feedback the scope holds, classed when the job is queued: sets its priority, and
     * a worker runs only a few large jobs at once. Given to `enqueue`, which keeps it in the
     * job's priority only (see isLargeJob); never in the data stored. Absent: small.
     */
    size: z.enum(JOB_SIZES).optional(),
  })
  .strict();
export type GenerateInsightsPayload = z.infer<typeof generateInsightsPayload>;

export const reconcileJobsPayload = z.object({}).strict();

/** Every job id a row may carry: ours, uuids, the old queue's numbers. */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const notifyFailurePayload = z
  .object({
    /** The generation job that failed. */
    jobId,
    userId: z.uuid(),
    projectId: z.uuid().nullable(),
    error: z.string().max(2_000),
    /** The failure's classified code; its raw error text stays inside the service. */
    errorCode: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    failedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type NotifyFailurePayload = z.infer<typeof notifyFailurePayload>;

export const batchInsightsPayload = z
  .object({
    batchId: z.string().regex(JOB_ID_FORMAT),
    userId: z.uuid(),
    filters: insightsFiltersSchema,
    /** One per project, in request order: the job that answers it (a child, joined or cached). */
    entries: z
      .array(
        z.object({
          projectId: z.uuid(),
          jobId: jobId.nullable(),
          how: z.enum(['queued', 'joined', 'cached', 'skipped']),
          reason: z.string().max(500).optional(),
        }),
      )
      .min(1)
      .max(100),
  })
  .strict();
export type BatchInsightsPayload = z.infer<typeof batchInsightsPayload>;

export const refreshProjectPayload = z
  .object({
    projectId: z.uuid(),
    /** The filters of the scopes read recently (at most a few): each is regenerated if stale. */
    scopes: z.array(insightsFiltersSchema).min(1).max(10),
    /** When the first write of this debounce window asked for it, epoch ms: bounds the wait. */
    firstRequestedAt: z.number().int().nonnegative(),
  })
  .strict();
export type RefreshProjectPayload = z.infer<typeof refreshProjectPayload>;

export const assignFeedbackPayload = z
  .object({
    projectId: z.uuid(),
    /** When the first write of this debounce window asked for it, epoch ms: bounds the wait. */
    firstRequestedAt: z.number().int().nonnegative(),
  })
  .strict();
export type AssignFeedbackPayload = z.infer<typeof assignFeedbackPayload>;

const themeId = z.string().regex(/^th_[0-9a-z]{10}$/);

export const themeAlertPayload = z
  .object({
    projectId: z.uuid(),
    themeId,
    kind: z.enum(['spike', 'new']),
    /** The week's Monday, YYYY-MM-DD: with the theme and kind, names the alert (posted once). */
    week: z.iso.date(),
  })
  .strict();
export type ThemeAlertPayload = z.infer<typeof themeAlertPayload>;

export const digestPayload = z.object({ projectId: z.uuid() }).strict();
export type DigestPayload = z.infer<typeof digestPayload>;

export const askQuestionPayload = z
  .object({
    /** Our id for the job: also the BullMQ job id and the insights_jobs primary key (kind 'ask'). */
    jobId: z.string().regex(JOB_ID_FORMAT),
    userId: z.uuid(),
    projectId: z.uuid(),
    /** As asked, trimmed; the cache key is built from its normalised form. */
    question: z.string().min(3).max(500),
    filters: searchFiltersSchema,
    /** The project's feedback generation the request saw; part of the cache key. */
    feedbackGeneration: z.number().int().min(0),
    cacheKey: z.string().length(64),
  })
  .strict();
export type AskQuestionPayload = z.infer<typeof askQuestionPayload>;

/** Every job name with its payload schema: a handler gets exactly its payload type. */
export const JOB_PAYLOADS = {
  [JOB_NAMES.generate]: generateInsightsPayload,
  [JOB_NAMES.reconcile]: reconcileJobsPayload,
  [JOB_NAMES.notifyFailure]: notifyFailurePayload,
  [JOB_NAMES.batch]: batchInsightsPayload,
  [JOB_NAMES.refresh]: refreshProjectPayload,
  [JOB_NAMES.assignFeedback]: assignFeedbackPayload,
  [JOB_NAMES.themeAlert]: themeAlertPayload,
  [JOB_NAMES.digest]: digestPayload,
  [JOB_NAMES.ask]: askQuestionPayload,
} as const;

export type JobPayloads = { [K in keyof typeof JOB_PAYLOADS]: z.infer<(typeof JOB_PAYLOADS)[K]> };
