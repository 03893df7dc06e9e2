import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// users, projects and feedback keep the existing backend's names, columns and (timezone-less)
// timestamp types so this module drops into that database; new columns are additive.

export const users = pgTable(
  'users',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    clerkUserId: text('clerk_user_id').notNull().unique(),
    // Session tokens carry no email by default; users created on first sight start with ''.
    email: text('email').notNull().default(''),
    name: text('name'),
    plan: text('plan').notNull().default('free'),
    createdAt: timestamp('created_at').defaultNow().notNull(),
    updatedAt: timestamp('updated_at').defaultNow().notNull(),
  },
  (t) => [index('idx_users_clerk_user_id').on(t.clerkUserId), index('idx_users_email').on(t.email)],
);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    name: text('name').notNull(),
    hashedApiKey: text('hashed_api_key').notNull(),
    encryptedApiKey: text('encrypted_api_key'),
    keyVersion: integer('key_version').notNull().default(1),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    allowedDomains: jsonb('allowed_domains').$type<string[]>().default([]),
    webhookUrl: text('webhook_url'),
    slackWebhookUrl: text('slack_webhook_url'),
    isActive: boolean('is_active').notNull().default(true),
    // Bumped by every feedback write; cache keys and job dedup ids carry it, so new feedback
    // makes older insights unreachable with this one write.
    feedbackGeneration: integer('feedback_generation').notNull().default(0),
    createdAt: timestamp('created_at').defaultNow().notNull(),
    updatedAt: timestamp('updated_at').defaultNow().notNull(),
  },
  (t) => [index('idx_projects_user_id').on(t.userId), index('idx_projects_hashed_api_key').on(t.hashedApiKey)],
);

export const FEEDBACK_CATEGORIES = ['bug', 'feature', 'improvement', 'complaint', 'praise', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
/** The existing backend stores feedback first with these placeholders, then analyses it. */
export const PENDING_CATEGORY = 'general';
export const PROCESSING_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];
export const SENTIMENTS = ['positive', 'neutral', 'negative', 'pending'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/**
 * The first 48 bits of sha256('sample', NUL, id), exactly the engine's `hashFraction('sample', id)`
 * times 2^48: the engine keeps an entry iff its fraction is below the sampling ratio, so
 * `sample_hash < ceil(ratio * 2^48)` selects the very same entries. Immutable, as a stored
 * generated column needs (hence the literal bytes rather than convert_to).
 */
export const SAMPLE_HASH_BITS = 48;
const SAMPLE_HASH_SQL = sql`('x' || encode(substring(sha256('\\x73616d706c6500'::bytea || lower(id::text)::bytea) from 1 for 6), 'hex'))::bit(48)::bigint`;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Text search configurations by the two-letter language code an entry's metadata names
 * (`language` or `locale`, such as `de` or `pt-BR`). Postgres stems each entry in its own
 * language; an entry that names none is read by its script, else as English.
 */
export const SEARCH_LANGUAGES = {
  ar: 'arabic',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  hu: 'hungarian',
  id: 'indonesian',
  it: 'italian',
  nb: 'norwegian',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sv: 'swedish',
  tr: 'turkish',
} as const satisfies Record<string, string>;
export type SearchConfig = (typeof SEARCH_LANGUAGES)[keyof typeof SEARCH_LANGUAGES] | 'simple';

const LANGUAGE_TAG = `lower(left(coalesce(metadata->>'language', metadata->>'locale', ''), 2))`;
/**
 * The configuration each entry is indexed with: its metadata's language, else its script
 * (Cyrillic, Greek, Arabic), else English. Immutable (constant configurations only), as a stored
 * generated column needs.
 */
export const SEARCH_CONFIG_SQL = `CASE ${LANGUAGE_TAG} ${Object.entries(SEARCH_LANGUAGES)
  .map(([code, config]) => `WHEN '${code}' THEN '${config}'::regconfig`)
  .join(
    ' ',
  )} ELSE CASE WHEN text ~ '[А-я]' THEN 'russian'::regconfig WHEN text ~ '[Α-ω]' THEN 'greek'::regconfig WHEN text ~ '[؀-ۿ]' THEN 'arabic'::regconfig ELSE 'english'::regconfig END END`;
const SEARCH_VECTOR_SQL = sql.raw(`to_tsvector(${SEARCH_CONFIG_SQL}, text)`);

export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    // 0: not rated (yet); the existing backend stores 0 until its analysis sets one.
    rating: integer('rating').notNull().default(0),
    category: text('category').notNull().default(PENDING_CATEGORY),
    sentiment: text('sentiment').notNull().default('pending'),
    sentimentScore: real('sentiment_score').notNull().default(0),
    userName: text('user_name').notNull().default(''),
    userEmail: text('user_email').notNull().default(''),
    processingStatus: text('processing_status').$type<ProcessingStatus>().notNull().default('pending'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at').defaultNow().notNull(),
    updatedAt: timestamp('updated_at').defaultNow().notNull(),
    // Computed by Postgres on every insert, whoever writes the row (the existing backend does
    // not know the column): a sample is an index range on (project_id, sample_hash).
    sampleHash: bigint('sample_hash', { mode: 'number' }).generatedAlwaysAs(SAMPLE_HASH_SQL),
    // Full-text search: computed by Postgres on every insert and edit, whoever writes the row.
    searchVector: tsvector('search_vector').generatedAlwaysAs(SEARCH_VECTOR_SQL),
  },
  (t) => [
    index('idx_feedback_project_id').on(t.projectId),
    index('idx_feedback_project_sample').on(t.projectId, t.sampleHash),
    index('idx_feedback_created_at').on(t.createdAt),
    index('idx_feedback_project_created').on(t.projectId, t.createdAt),
    index('idx_feedback_project_sentiment').on(t.projectId, t.sentiment),
    index('idx_feedback_sentiment').on(t.sentiment),
    index('idx_feedback_category').on(t.category),
    index('idx_feedback_processing_status').on(t.processingStatus),
    index('idx_feedback_user_email').on(t.userEmail),
    index('idx_feedback_search').using('gin', t.searchVector),
  ],
);

export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** What a job row computes: a generation of insights, or the answer to one question. */
export const JOB_KINDS = ['insights', 'ask'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface InsightsFilters {
  startDate?: string;
  endDate?: string;
  category?: string;
}

export interface JobProgress {
  stage: string;
  percent: number;
  chunksDone: number;
  chunksTotal: number;
  tokensUsed: number;
  /** A question's answer text so far (ask jobs only): what the job's live events carry while it is written. */
  partialAnswer?: string;
}

/** A job's progress before a worker has touched it. */
export const QUEUED_PROGRESS: Readonly<JobProgress> = Object.freeze({ stage: 'queued', percent: 0, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 });

export const insightsJobs = pgTable(
  'insights_jobs',
  {
    // Unguessable, colon-free (BullMQ job ids must not contain ':'). Rows the existing backend
    // wrote keep their uuid ids as text; an insert without an id still gets a uuid.
    id: varchar('id', { length: 64 })
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    // null: every project of the user (the dashboard's "all projects" view).
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<JobStatus>().notNull().default('pending'),
    // Rows the existing backend wrote, and every generation, are 'insights'.
    kind: varchar('kind', { length: 16 }).$type<JobKind>().notNull().default('insights'),
    filters: jsonb('filters').$type<InsightsFilters>(),
    dedupKey: varchar('dedup_key', { length: 64 }),
    // The percentage the dashboard renders (0-100); the structured progress is progressDetail.
    progress: integer('progress').default(0),
    progressDetail: jsonb('progress_detail').$type<JobProgress>(),
    attempts: integer('attempts').notNull().default(0),
    result: jsonb('result'),
    error: text('error'),
    processingTime: integer('processing_time_ms'),
    aiTokensUsed: integer('ai_tokens_used'),
    // US dollars its LLM calls cost, every attempt's: the sum of its ledger rows' cost_usd, set as
    // the job completes or fails. null while it runs, on rows written before cost was recorded,
    // and when none of its calls had a price.
    costUsd: numeric('cost_usd', { precision: 18, scale: 10, mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('idx_insights_jobs_project_status').on(t.projectId, t.status),
    index('idx_insights_jobs_user_created').on(t.userId, t.createdAt),
    index('idx_insights_jobs_dedup').on(t.dedupKey),
  ],
);

export const insightsCache = pgTable(
  'insights_cache',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // sha256 of (scope, filters, feedback generation, prompt version)
    cacheKey: text('cache_key').notNull(),
    // Same key without the generation: finds the last result after new feedback (served stale).
    scopeKey: varchar('scope_key', { length: 64 }).notNull().default(''),
    result: jsonb('result').notNull(),
    filters: jsonb('filters').$type<InsightsFilters>().notNull(),
    feedbackGeneration: integer('feedback_generation').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    accessCount: integer('access_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('uq_insights_cache_key').on(t.cacheKey),
    index('idx_insights_cache_project').on(t.projectId),
    index('idx_insights_cache_scope').on(t.scopeKey, t.createdAt),
  ],
);

/**
 * Map-stage answers memoised by chunk hash (prompt version, model, ids and texts): a
 * regeneration after new feedback only pays for the chunks whose content changed.
 */
export const insightsChunkMemo = pgTable('insights_chunk_memo', {
  hash: varchar('hash', { length: 64 }).primaryKey(),
  model: text('model').notNull(),
  promptVersion: varchar('prompt_version', { length: 32 }).notNull(),
  output: jsonb('output').notNull(),
  tokens: integer('tokens').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).defaultNow().notNull(),
});

/**
 * Feedback a provider's content filter refused, per answerer (provider, model, endpoint) and
 * with a hash of the text it was shown: a regeneration leaves these entries out without asking
 * again, and an edited entry (another hash) is asked again. Rows go with their feedback.
 */
export const refusedFeedback = pgTable(
  'refused_feedback',
  {
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    answerer: text('answerer').notNull(),
    textHash: varchar('text_hash', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [primaryKey({ name: 'pk_refused_feedback', columns: [t.feedbackId, t.answerer, t.textHash] })],
);

/** One row per LLM call, successful or not: what each job, project and stage cost. */
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: varchar('job_id', { length: 64 }),
    projectId: uuid('project_id'),
    // Whose spend it is (the per-user daily budget); null on rows written before it was recorded.
    userId: uuid('user_id'),
    stage: varchar('stage', { length: 16 }).notNull(),
    provider: varchar('provider', { length: 32 }).notNull(),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    cachedTokens: integer('cached_tokens').notNull().default(0),
    // US dollars, priced by `model` when the row was written (later price changes leave it as
    // it was); null when the model had no price, and on rows written before cost was recorded.
    costUsd: numeric('cost_usd', { precision: 18, scale: 10, mode: 'number' }),
    latencyMs: integer('latency_ms').notNull().default(0),
    outcome: varchar('outcome', { length: 32 }).notNull(),
    errorCode: varchar('error_code', { length: 32 }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('idx_llm_calls_job').on(t.jobId),
    index('idx_llm_calls_project_created').on(t.projectId, t.createdAt),
    index('idx_llm_calls_user_created').on(t.userId, t.createdAt),
  ],
);

/**
 * What a deleted project leaves outside Postgres: its hot-tier cache keys and its open jobs,
 * recorded by a trigger before the row and its cascades go (migration 0007), whoever deletes it
 * (this API or the existing backend's own SQL). An API process claims a row, deletes the Redis
 * entries, cancels the jobs and removes the row.
 */
export const insightsProjectPurges = pgTable('insights_project_purges', {
  projectId: uuid('project_id').primaryKey(),
  cacheKeys: text('cache_keys')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  jobIds: text('job_ids')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  deletedAt: timestamp('deleted_at', { withTimezone: true }).defaultNow().notNull(),
});

/**
 * An owner's edits of a project's themes, in the order made: rename (`name`), merge (`themeId`
 * into `intoThemeId`) and hide. Undo sets `undoneAt`; the taxonomy is the active edits applied in
 * order, to every read and every later result (themes keep their ids across results).
 */
export const insightsThemeEdits = pgTable(
  'insights_theme_edits',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    action: varchar('action', { length: 16 }).$type<'rename' | 'merge' | 'hide'>().notNull(),
    themeId: varchar('theme_id', { length: 16 }).notNull(),
    intoThemeId: varchar('into_theme_id', { length: 16 }),
    name: text('name'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [index('idx_insights_theme_edits_project').on(t.projectId, t.createdAt)],
);

/**
 * Feedback written after a stored result, placed in one of that result's themes (or in none:
 * `themeId` null) between regenerations. Rows go with their result's cache entry, their feedback
 * and their project.
 */
export const insightsThemeAssignments = pgTable(
  'insights_theme_assignments',
  {
    cacheKey: text('cache_key').notNull(),
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    themeId: varchar('theme_id', { length: 16 }),
    method: varchar('method', { length: 16 }).$type<'model' | 'offline'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ name: 'pk_insights_theme_assignments', columns: [t.cacheKey, t.feedbackId] }),
    index('idx_insights_theme_assignments_project').on(t.projectId, t.cacheKey),
  ],
);

/** Opt-in theme alerts and weekly digest of a project; no row: both off. */
export const insightsThemeAlertSettings = pgTable('insights_theme_alert_settings', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  alertsEnabled: boolean('alerts_enabled').notNull().default(false),
  digestEnabled: boolean('digest_enabled').notNull().default(false),
  /** A new theme alerts once it holds at least this many entries. */
  minNewThemeSize: integer('min_new_theme_size').notNull().default(10),
  updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
});

/** Alerts posted: one per project, theme, week and kind, so a spike is announced once. */
export const insightsThemeAlerts = pgTable(
  'insights_theme_alerts',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    themeId: varchar('theme_id', { length: 16 }).notNull(),
    /** The week's Monday, YYYY-MM-DD. */
    week: varchar('week', { length: 10 }).notNull(),
    kind: varchar('kind', { length: 16 }).$type<'spike' | 'new'>().notNull(),
    details: jsonb('details').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [primaryKey({ name: 'pk_insights_theme_alerts', columns: [t.projectId, t.themeId, t.week, t.kind] })],
);

export type User = typeof users.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type Feedback = typeof feedback.$inferSelect;
export type NewFeedback = typeof feedback.$inferInsert;
export type InsightsJob = typeof insightsJobs.$inferSelect;
export type InsightsCacheRow = typeof insightsCache.$inferSelect;
export type ProjectPurge = typeof insightsProjectPurges.$inferSelect;
export type ThemeEditRow = typeof insightsThemeEdits.$inferSelect;
export type ThemeAlertSettingsRow = typeof insightsThemeAlertSettings.$inferSelect;
