// Generated from the API's OpenAPI document by `pnpm client:generate`; do not edit.
// A test fails when this file and the running API's document disagree.

export interface paths {
    "/api/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List feedback newest first, keyset-paginated, with filters */
        get: operations["FeedbackController_list"];
        put?: never;
        /** Submit one feedback entry (widget endpoint, project API key) */
        post: operations["FeedbackController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/feedback/{feedbackId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One feedback entry of the caller’s (rank 0) */
        get: operations["FeedbackController_feedbackEntry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/feedback/{feedbackId}/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entries of the same project most like one entry (sharing its most distinctive words), closest first */
        get: operations["FeedbackController_similarFeedback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/feedback/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search over one project’s feedback: best match first, keyset-paginated, with filters
         * @description Each entry is matched in its own language (its metadata’s language or locale, else its script, else English); the query is read in every such language and as written. An empty q lists newest first.
         */
        get: operations["FeedbackController_searchFeedback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cached insights (200, cached: true; stale: true with refreshJobId after new feedback), else a queued job (202) */
        get: operations["InsightsController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest cached insights for a project (stale: true when feedback arrived since) */
        get: operations["InsightsController_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/{projectId}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Page through the evidence (feedback ids) behind one theme of the project’s latest insights
         * @description The cached read lists a few ids per theme; this pages the ones the stored result keeps.
         */
        get: operations["InsightsController_evidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/{projectId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the project’s latest insights as CSV, Markdown or PDF (streamed)
         * @description The file names its snapshot: generatedAt, model and input fingerprint (also in the X-Insights-Generated-At, X-Insights-Model and X-Insights-Fingerprint headers).
         */
        get: operations["InsightsController_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/ask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask a question about a project’s feedback; the answer cites the entries it rests on
         * @description Queues an ask job (kind ask) on the insights queue. Follow it with GET /insights/jobs/:jobId (its result is an AskAnswer) or its events (GET /insights/jobs/:jobId/events: progressDetail.stage retrieving → answering → checking, progressDetail.partialAnswer the text so far). The same question (case, spacing and trailing punctuation aside) of the same project, filters and feedback is one job while it runs and cached once answered (200, status completed). Every count in the answer comes from SQL; citations of entries the model was not shown are dropped.
         */
        post: operations["AskController_ask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate insights for several projects at once (a BullMQ flow)
         * @description Each project is answered from the cache, by an identical job already in flight, or by a new child job; projects whose daily budget is spent are skipped. Each new child costs one point of the per-user job limit (all or none); two spellings of one project id are a repeat.
         */
        post: operations["BatchController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/batch/{batchId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch’s status, with each project’s job, status and progress */
        get: operations["BatchController_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Legacy: generate insights and wait for them (kept during the rollout; prefer POST /insights/jobs)
         * @deprecated
         * @description Queues a job exactly as POST /insights/jobs does (answered from the cache, joined to an identical job in flight, same job rate and daily budgets), then waits for it. Off by default in production (INSIGHTS_LEGACY_GENERATE).
         */
        post: operations["InsightsController_generate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller’s jobs, newest first (history)
         * @description Filter by project and status; keyset-paginated with nextCursor. Items carry no result: read it from GET /insights/jobs/:jobId.
         */
        get: operations["InsightsController_history"];
        put?: never;
        /**
         * Queue an insights generation (body or query parameters)
         * @description An identical request while a job is in flight returns that job. A cached result returns a job that is already completed (200).
         */
        post: operations["InsightsController_createJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job’s status, progress and, once completed, its result */
        get: operations["InsightsController_getJob"];
        put?: never;
        post?: never;
        /**
         * Cancel a waiting or running job
         * @description A finished job is returned unchanged; an unknown id or another user’s answers `{ status: "not_found" }`.
         */
        delete: operations["InsightsController_cancelJob"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live job events (Server-Sent Events)
         * @description `progress` events (stage, percent, chunksDone, chunksTotal, tokensUsed) as the job runs, then one final `completed`, `failed` or `cancelled` event carrying the job as GET /insights/jobs/:jobId returns it, and the stream ends. Comment lines keep an idle stream open. Reconnect with Last-Event-ID (or ?lastEventId=) to resume. Authenticate with the bearer header, or ?streamToken= from POST .../events/token.
         */
        get: operations["JobEventsController_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/insights/jobs/{jobId}/events/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A short-lived token that opens this job’s event stream (for EventSource, which cannot send headers) */
        post: operations["JobEventsController_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's projects */
        get: operations["ProjectsController_list"];
        put?: never;
        /** Create a project; its API key is returned once */
        post: operations["ProjectsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one of the caller’s projects */
        get: operations["ProjectsController_get"];
        put?: never;
        post?: never;
        /** Delete a project with its feedback and insights */
        delete: operations["ProjectsController_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/digest/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The weekly digest as it would be posted now, without posting it
         * @description Rendered from the project’s latest project-wide result: the last full week against the week before, new themes, two quotes each.
         */
        get: operations["ThemeAlertsController_preview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/feedback/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import up to 1,000 entries into one of the caller’s projects, all or nothing */
        post: operations["FeedbackController_bulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/theme-alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project’s theme alert and weekly digest settings */
        get: operations["ThemeAlertsController_settings"];
        /**
         * Turn theme alerts or the weekly digest on or off, or set the size a new theme alerts at
         * @description Fields left out keep their value. Alerts and the digest post to the project’s webhook (slack_webhook_url), signed as failure notices are; turning either on without one is 400 WEBHOOK_NOT_CONFIGURED. digestEnabled true keeps a job scheduler for the project, false removes it.
         */
        put: operations["ThemeAlertsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/theme-edits/{editId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Undo a theme edit
         * @description The edit stops applying, at once, to every read and every later result.
         */
        delete: operations["ThemesController_undo"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/themes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project’s themes as its readers see them, with the edits in force
         * @description From the latest project-wide result (no filters), with the project’s taxonomy applied: renamed, merged and hidden themes as edited.
         */
        get: operations["ThemesController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/themes/{themeId}/hide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hide a theme
         * @description It leaves every list and is named among the hidden ones. Applies at once to every read of the project’s insights (cached, stale, export, evidence, jobs) and to every later result whose theme keeps this id.
         */
        post: operations["ThemesController_hide"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/themes/{themeId}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge a theme into another
         * @description The other theme keeps its id, name and kind; its count is the entries behind either, each counted once. Applies at once to every read of the project’s insights (cached, stale, export, evidence, jobs) and to every later result whose theme keeps this id.
         */
        post: operations["ThemesController_merge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/themes/{themeId}/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a theme
         * @description The model’s name stays in the theme’s edited.modelName. Applies at once to every read of the project’s insights (cached, stale, export, evidence, jobs) and to every later result whose theme keeps this id.
         */
        post: operations["ThemesController_rename"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project’s LLM usage per UTC day: calls, tokens and their cost in US dollars
         * @description From the call ledger, each call priced by the model that answered when it was recorded. Runs over all of the caller’s projects belong to no project and are not counted here.
         */
        get: operations["ProjectsController_usageByDay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres and Redis answer, and project notices are heard */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AskAnswer: {
            /** @description A few sentences; markers [1], [2] refer to citations[].ref; every count in it is a SQL count or a current theme's count */
            answer: string;
            citations: {
                createdAt: string;
                feedbackId: string;
                /** @description Verbatim from the entry as the model was shown it (personal data redacted) */
                quote: string;
                rating: number;
                ref: number;
                sentiment: string;
            }[];
            /** @description Entries the model was shown */
            considered: number;
            /** @description Each count the answer states */
            counts: {
                count: number;
                label: string;
                /** @description The search it counted, or `theme:<themeId>` for a theme's count (label: its name) */
                query: string;
            }[];
            /** @description Citations of entries the model was not shown, and counts of themes it was not given: dropped from the answer */
            droppedCitations: number;
            generatedAt: string;
            /** @enum {string} */
            kind: "ask";
            /** @description Entries in scope matching the question's search (SQL count) */
            matched: number;
            model: string;
            question: string;
            /** @description Entries the provider's content filter refused (left out of the prompt) */
            refusedEntries: number;
            /** @description The project's current themes the model was given as context */
            themes: {
                count: number;
                id: string;
                name: string;
            }[];
            tokensUsed: number;
            /** @enum {number} */
            version: 1;
        };
        AskCreatedDto: {
            cached: boolean;
            /** @description Seconds until the result is likely ready, from recent generations of this scope (0 when cached) */
            estimatedTime: number;
            jobId: string;
            /** @enum {string} */
            kind: "ask";
            /**
             * @description completed at once when the result was cached
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "failed" | "cancelled";
        };
        AskFiltersDto: {
            /**
             * @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general
             * @example bug
             */
            category?: string;
            /**
             * @description ISO 8601 date or date-time; a bare date includes that whole day
             * @example 2026-03-31
             */
            endDate?: string;
            /** @description Highest rating, inclusive */
            maxRating?: number;
            /** @description Lowest rating, inclusive (unrated entries are never in a rating range) */
            minRating?: number;
            /** @enum {string} */
            sentiment?: "positive" | "neutral" | "negative";
            /**
             * @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive
             * @example 2026-01-01
             */
            startDate?: string;
        };
        AskRequestDto: {
            filters?: components["schemas"]["AskFiltersDto"];
            /**
             * Format: uuid
             * @description The project whose feedback answers the question
             */
            projectId: string;
            /** @example How many entries complain about CSV export? */
            question: string;
        };
        BatchProjectDto: {
            /** @description Why it failed or was skipped */
            error?: string;
            /**
             * @description A new child job, an identical job already in flight, the cache, or not run
             * @enum {string}
             */
            how: "queued" | "joined" | "cached" | "skipped";
            /** @description The job answering this project; null when skipped */
            jobId: string | null;
            progress: number;
            /** Format: uuid */
            projectId: string;
            /** @enum {string} */
            status: "pending" | "processing" | "completed" | "failed" | "cancelled" | "skipped";
        };
        BatchRequestDto: {
            /** @description The same date range and category for every project */
            filters?: components["schemas"]["InsightsFiltersDto"];
            /** @description The projects to generate insights for, each once */
            projectIds: string[];
        };
        BatchStatusDto: {
            batchId: string;
            /** @description Mean progress over the projects */
            progress: number;
            projects: components["schemas"]["BatchProjectDto"][];
            /**
             * @description processing while any project runs; then completed (all), partial (some) or failed (none completed)
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "partial" | "failed";
        };
        BulkFeedbackDto: {
            items: components["schemas"]["BulkFeedbackItemDto"][];
        };
        BulkFeedbackItemDto: {
            /**
             * @default other
             * @enum {string}
             */
            category: "bug" | "feature" | "improvement" | "complaint" | "praise" | "other";
            /** @description When the feedback was originally given (ISO 8601, not in the future) */
            createdAt?: string;
            /**
             * Format: email
             * @description The existing widget’s name for userEmail; empty means none
             */
            email?: string;
            /** @description Free-form, at most 8 KiB as JSON */
            metadata?: {
                [key: string]: unknown;
            };
            /** @description The existing widget’s name for userName */
            name?: string;
            /**
             * @description Omitted: stored as 0 (unrated), as the existing widget’s entries are
             * @example 2
             */
            rating?: number;
            /** @example Export to CSV times out on large projects */
            text: string;
            /** Format: email */
            userEmail?: string;
            userName?: string;
        };
        BulkResultDto: {
            /** @description The project’s feedback generation after the import */
            feedbackGeneration: number;
            inserted: number;
        };
        CompactInsightsResult: {
            compact: {
                idsPerTheme: number;
                quotesPerTheme: number;
                themesTotal: number;
            };
            coverage: {
                analysed: number;
                /** @default 0 */
                assigned: number;
                droppedInvalidIds: number;
                /** @default 0 */
                refused: number;
                /** @default [] */
                refusedIds: string[];
                sampled: boolean;
                totalFeedback: number;
                trimmed: number;
            };
            /** Format: date-time */
            generatedAt: string;
            hiddenThemes?: {
                count: number;
                id: string;
                name: string;
            }[];
            insights: {
                description: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "theme" | "recommendation";
                /** @enum {string} */
                priority: "high" | "medium" | "low";
                supportingData?: {
                    count: number;
                    feedbackIds: string[];
                    quotes: string[];
                };
                title: string;
                /** @enum {string} */
                type: "theme" | "recommendation" | "alert" | "trend";
            }[];
            keyThemes: string[];
            live?: {
                /** Format: date-time */
                asOf: string | null;
                assigned: number;
                pending: number;
            };
            llmCalls: number;
            memoHits: number;
            model: string;
            promptVersion: string;
            provider: string;
            recommendations: string[];
            recommendationsDetailed: {
                description: string;
                /** @enum {string} */
                priority: "high" | "medium" | "low";
                themes: string[];
                title: string;
            }[];
            redaction?: {
                enabled: boolean;
                replaced: {
                    card: number;
                    email: number;
                    iban: number;
                    ip: number;
                    phone: number;
                    url: number;
                };
            };
            statistics: {
                averageRating: number;
                negativePercentage: number;
                positivePercentage: number;
                totalFeedback: number;
            };
            stats: {
                [key: string]: unknown;
            };
            summary: string;
            themes: {
                count: number;
                edited?: {
                    mergedIds?: string[];
                    modelName?: string;
                };
                feedbackIds: string[];
                feedbackIdsTruncated: boolean;
                id?: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "other";
                name: string;
                quotes: string[];
                /** @enum {string} */
                sentiment?: "positive" | "neutral" | "negative" | "mixed";
                summary: string;
                weekly?: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            tokens: {
                cached: number;
                completion: number;
                cost?: {
                    amount: number;
                    /** @enum {string} */
                    currency: "USD";
                };
                prompt: number;
                total: number;
            };
            trends?: {
                counts: {
                    growing: number;
                    new: number;
                    resolved: number;
                    shrinking: number;
                    steady: number;
                };
                /** @default [] */
                merges: {
                    from: string[];
                    into: string;
                }[];
                /** Format: date-time */
                previousGeneratedAt: string | null;
                /** @default [] */
                splits: {
                    from: string;
                    into: string[];
                }[];
                themes: {
                    count: number;
                    id?: string;
                    /** @enum {string} */
                    kind: "pain_point" | "feature_request" | "praise" | "other";
                    name: string;
                    previousCount: number;
                    shareChange: number;
                    /** @enum {string} */
                    status: "new" | "growing" | "steady" | "shrinking" | "resolved";
                }[];
            };
        };
        CreatedProjectDto: {
            allowedDomains: string[];
            /**
             * @description Shown once: only its hash is stored
             * @example fik_3q2...
             */
            apiKey: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Incremented by every feedback write */
            feedbackGeneration: number;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            name: string;
            /** Format: date-time */
            updatedAt: string;
            webhookUrl?: string | null;
        };
        CreateProjectDto: {
            /**
             * @description Hosts the widget may post from
             * @example [
             *       "app.acme.com"
             *     ]
             */
            allowedDomains?: string[];
            /** @example Acme web app */
            name: string;
            /**
             * @description Must resolve to public addresses only (no loopback, private, link-local or metadata addresses), use https in production and, when the deployment sets an allow-list, name an allowed host; otherwise 400 WEBHOOK_URL_FORBIDDEN
             * @example https://hooks.acme.com/feedback
             */
            webhookUrl?: string;
        };
        DailyUsageDto: {
            /** @description Prompt tokens the provider served from its context cache (billed at the cached price) */
            cachedTokens: number;
            /** @description LLM calls recorded (chat calls and embeddings requests, failed ones too) */
            calls: number;
            completionTokens: number;
            /** @description What the calls cost, each priced by its model when it was recorded */
            cost: components["schemas"]["MoneyDto"];
            /**
             * @description The UTC day
             * @example 2026-12-07
             */
            date: string;
            /** @description Prompt tokens, cached ones included */
            promptTokens: number;
            /** @description promptTokens + completionTokens: what the daily token budgets count */
            totalTokens: number;
            /** @description Calls with no price (a model the price table does not know), left out of cost */
            unpricedCalls: number;
        };
        DeletedProjectDto: {
            /**
             * @example true
             * @enum {boolean}
             */
            deleted: true;
        };
        DigestMoverDto: {
            /** @description lastWeek − weekBefore */
            change: number;
            /** @enum {string} */
            kind: "pain_point" | "feature_request" | "praise" | "other";
            /** @description Entries in the reported week */
            lastWeek: number;
            /** @description As the model named it (raw: escape it where you render it) */
            name: string;
            quotes: string[];
            /** @example th_0a1b2c3d4e */
            themeId: string;
            /** @description Entries in the week before */
            weekBefore: number;
        };
        DigestNewThemeDto: {
            /** @description Entries in the theme */
            count: number;
            /** @enum {string} */
            kind: "pain_point" | "feature_request" | "praise" | "other";
            name: string;
            quotes: string[];
            /** @example th_0a1b2c3d4e */
            themeId: string;
        };
        DigestPreviewDto: {
            /** @description Slack Block Kit blocks of the same message */
            blocks: {
                [key: string]: unknown;
            }[];
            /** @description Themes that moved most week over week, biggest change first */
            movers: components["schemas"]["DigestMoverDto"][];
            newThemes: components["schemas"]["DigestNewThemeDto"][];
            /** @description The message’s text, Slack mrkdwn with every theme name and quote escaped */
            text: string;
            /**
             * @description Monday (UTC) of the week reported: the last full week
             * @example 2026-11-30
             */
            weekOf: string;
        };
        /**
         * @description Stable machine-readable error code
         * @enum {string}
         */
        ErrorCode: "BAD_REQUEST" | "VALIDATION_FAILED" | "INVALID_JSON" | "URI_TOO_LONG" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "METHOD_NOT_ALLOWED" | "UNAUTHORIZED" | "AUTH_TOKEN_MISSING" | "AUTH_TOKEN_MALFORMED" | "AUTH_TOKEN_INVALID" | "AUTH_TOKEN_EXPIRED" | "AUTH_TOKEN_NOT_ACTIVE" | "AUTH_TOKEN_BAD_SIGNATURE" | "AUTH_TOKEN_WRONG_PARTY" | "STREAM_TOKEN_INVALID" | "API_KEY_MISSING" | "API_KEY_INVALID" | "API_KEY_ATTEMPTS_EXHAUSTED" | "WIDGET_ORIGIN_NOT_ALLOWED" | "WIDGET_RATE_LIMITED" | "FORBIDDEN" | "NOT_FOUND" | "PROJECT_NOT_FOUND" | "FEEDBACK_NOT_FOUND" | "JOB_NOT_FOUND" | "INSIGHTS_NOT_FOUND" | "BATCH_NOT_FOUND" | "THEME_NOT_FOUND" | "THEME_EDIT_NOT_FOUND" | "SNAPSHOT_CHANGED" | "CONFLICT" | "LEGACY_GENERATE_DISABLED" | "GENERATION_FAILED" | "GENERATION_PENDING" | "LLM_CONTENT_BLOCKED" | "TOKEN_BUDGET_EXCEEDED" | "RATE_LIMITED" | "TOKEN_BUDGET_EXHAUSTED" | "TOO_MANY_STREAMS" | "INTERNAL_ERROR" | "HTTP_ERROR" | "LLM_INVALID_OUTPUT" | "LLM_PROVIDER_ERROR" | "SERVICE_UNAVAILABLE" | "LLM_UNAVAILABLE" | "QUEUE_UNAVAILABLE" | "DATABASE_UNAVAILABLE" | "REDIS_UNAVAILABLE" | "WEBHOOK_URL_FORBIDDEN" | "WEBHOOK_NOT_CONFIGURED";
        ErrorResponseDto: {
            /**
             * @description Stable machine-readable error code
             * @example VALIDATION_FAILED
             */
            code: components["schemas"]["ErrorCode"];
            /** @description Per-field problems for validation errors */
            details?: Record<string, never>;
            /** @example rating must not be greater than 5 */
            message: string;
            /** @example 400 */
            statusCode: number;
            /** @example false */
            success: boolean;
        };
        EvidencePageDto: {
            /** @description Entries behind the theme in the analysed feedback */
            count: number;
            /** @description This page of the theme’s evidence (feedback ids), in the result’s order */
            feedbackIds: string[];
            /** @description The snapshot paged: its generatedAt */
            generatedAt?: string;
            /** @description Evidence ids the stored result keeps for the theme (at most 50; `count` may be more) */
            listed: number;
            /** @description Pass as cursor for the next page; null on the last */
            nextCursor: string | null;
            theme: string;
        };
        FeedbackDto: {
            /**
             * @description bug, feature, improvement, complaint, praise, other; general while awaiting analysis
             * @example bug
             */
            category: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            metadata?: {
                [key: string]: unknown;
            } | null;
            /**
             * @description pending: stored, not analysed yet
             * @enum {string}
             */
            processingStatus: "pending" | "processing" | "completed" | "failed";
            /** Format: uuid */
            projectId: string;
            /** @description 0: not rated (yet) */
            rating: number;
            /** @enum {string} */
            sentiment: "positive" | "neutral" | "negative" | "pending";
            sentimentScore: number;
            text: string;
            /** @description Empty when not given */
            userEmail: string;
            /** @description Empty when not given */
            userName: string;
        };
        FeedbackInputDto: {
            /**
             * @default other
             * @enum {string}
             */
            category: "bug" | "feature" | "improvement" | "complaint" | "praise" | "other";
            /**
             * Format: email
             * @description The existing widget’s name for userEmail; empty means none
             */
            email?: string;
            /** @description Free-form, at most 8 KiB as JSON */
            metadata?: {
                [key: string]: unknown;
            };
            /** @description The existing widget’s name for userName */
            name?: string;
            /**
             * @description Omitted: stored as 0 (unrated), as the existing widget’s entries are
             * @example 2
             */
            rating?: number;
            /** @example Export to CSV times out on large projects */
            text: string;
            /** Format: email */
            userEmail?: string;
            userName?: string;
        };
        FeedbackPageDto: {
            items: components["schemas"]["FeedbackDto"][];
            /** @description Pass as cursor for the next page; null on the last */
            nextCursor?: string | null;
        };
        HealthReportDto: {
            /**
             * @description Every indicator
             * @example {
             *       "postgres": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "up"
             *       }
             *     }
             */
            details: {
                [key: string]: {
                    message?: string;
                    /** @enum {string} */
                    status: "up" | "down";
                };
            };
            /**
             * @description Indicators that are down
             * @example {
             *       "postgres": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "up"
             *       }
             *     }
             */
            error?: {
                [key: string]: {
                    message?: string;
                    /** @enum {string} */
                    status: "up" | "down";
                };
            } | null;
            /**
             * @description Indicators that are up
             * @example {
             *       "postgres": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
                [key: string]: {
                    message?: string;
                    /** @enum {string} */
                    status: "up" | "down";
                };
            } | null;
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "error" | "shutting_down";
        };
        HiddenThemeDto: {
            count: number;
            /** @example th_4k2m9q0x7z */
            id: string;
            name: string;
        };
        InsightsFiltersDto: {
            /**
             * @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general
             * @example bug
             */
            category?: string;
            /**
             * @description ISO 8601 date or date-time; a bare date includes that whole day
             * @example 2026-03-31
             */
            endDate?: string;
            /**
             * @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive
             * @example 2026-01-01
             */
            startDate?: string;
        };
        InsightsRequestDto: {
            /**
             * @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general
             * @example bug
             */
            category?: string;
            /**
             * @description ISO 8601 date or date-time; a bare date includes that whole day
             * @example 2026-03-31
             */
            endDate?: string;
            filters?: components["schemas"]["InsightsFiltersDto"];
            /**
             * Format: uuid
             * @description Omit for all of the caller’s projects
             */
            projectId?: string;
            /**
             * @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive
             * @example 2026-01-01
             */
            startDate?: string;
        };
        InsightsResult: {
            coverage: {
                analysed: number;
                /** @default 0 */
                assigned: number;
                droppedInvalidIds: number;
                /** @default 0 */
                refused: number;
                /** @default [] */
                refusedIds: string[];
                sampled: boolean;
                totalFeedback: number;
                trimmed: number;
            };
            featureRequests: {
                count: number;
                edited?: {
                    mergedIds?: string[];
                    modelName?: string;
                };
                feedbackIds: string[];
                feedbackIdsTruncated: boolean;
                id?: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "other";
                name: string;
                quotes: string[];
                /** @enum {string} */
                sentiment?: "positive" | "neutral" | "negative" | "mixed";
                summary: string;
                weekly?: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            /** Format: date-time */
            generatedAt: string;
            hiddenThemes?: {
                count: number;
                id: string;
                name: string;
            }[];
            insights: {
                description: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "theme" | "recommendation";
                /** @enum {string} */
                priority: "high" | "medium" | "low";
                supportingData?: {
                    count: number;
                    feedbackIds: string[];
                    quotes: string[];
                };
                title: string;
                /** @enum {string} */
                type: "theme" | "recommendation" | "alert" | "trend";
            }[];
            keyThemes: string[];
            live?: {
                /** Format: date-time */
                asOf: string | null;
                assigned: number;
                pending: number;
            };
            llmCalls: number;
            memoHits: number;
            model: string;
            painPoints: {
                count: number;
                edited?: {
                    mergedIds?: string[];
                    modelName?: string;
                };
                feedbackIds: string[];
                feedbackIdsTruncated: boolean;
                id?: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "other";
                name: string;
                quotes: string[];
                /** @enum {string} */
                sentiment?: "positive" | "neutral" | "negative" | "mixed";
                summary: string;
                weekly?: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            praise: {
                count: number;
                edited?: {
                    mergedIds?: string[];
                    modelName?: string;
                };
                feedbackIds: string[];
                feedbackIdsTruncated: boolean;
                id?: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "other";
                name: string;
                quotes: string[];
                /** @enum {string} */
                sentiment?: "positive" | "neutral" | "negative" | "mixed";
                summary: string;
                weekly?: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            promptVersion: string;
            provider: string;
            recommendations: string[];
            recommendationsDetailed: {
                description: string;
                /** @enum {string} */
                priority: "high" | "medium" | "low";
                themes: string[];
                title: string;
            }[];
            redaction?: {
                enabled: boolean;
                replaced: {
                    card: number;
                    email: number;
                    iban: number;
                    ip: number;
                    phone: number;
                    url: number;
                };
            };
            statistics: {
                averageRating: number;
                negativePercentage: number;
                positivePercentage: number;
                totalFeedback: number;
            };
            stats: {
                [key: string]: unknown;
            };
            summary: string;
            themes: {
                count: number;
                edited?: {
                    mergedIds?: string[];
                    modelName?: string;
                };
                feedbackIds: string[];
                feedbackIdsTruncated: boolean;
                id?: string;
                /** @enum {string} */
                kind: "pain_point" | "feature_request" | "praise" | "other";
                name: string;
                quotes: string[];
                /** @enum {string} */
                sentiment?: "positive" | "neutral" | "negative" | "mixed";
                summary: string;
                weekly?: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            themeSets?: {
                count: number;
                themes: string[];
                weekly: {
                    count: number;
                    /** Format: date */
                    week: string;
                }[];
            }[];
            tokens: {
                cached: number;
                completion: number;
                cost?: {
                    amount: number;
                    /** @enum {string} */
                    currency: "USD";
                };
                prompt: number;
                total: number;
            };
            trends?: {
                counts: {
                    growing: number;
                    new: number;
                    resolved: number;
                    shrinking: number;
                    steady: number;
                };
                /** @default [] */
                merges: {
                    from: string[];
                    into: string;
                }[];
                /** Format: date-time */
                previousGeneratedAt: string | null;
                /** @default [] */
                splits: {
                    from: string;
                    into: string[];
                }[];
                themes: {
                    count: number;
                    id?: string;
                    /** @enum {string} */
                    kind: "pain_point" | "feature_request" | "praise" | "other";
                    name: string;
                    previousCount: number;
                    shareChange: number;
                    /** @enum {string} */
                    status: "new" | "growing" | "steady" | "shrinking" | "resolved";
                }[];
            };
        };
        JobCreatedDto: {
            cached: boolean;
            /** @description Seconds until the result is likely ready, from recent generations of this scope (0 when cached) */
            estimatedTime: number;
            jobId: string;
            /**
             * @description completed at once when the result was cached
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "failed" | "cancelled";
        };
        JobDto: {
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** @description What the job’s LLM calls cost, every attempt’s (the sum of its ledger rows), priced by the model that answered. 0 for an answer from the cache; null while it runs, for jobs finished before cost was recorded, and when no call had a price. */
            cost: components["schemas"]["MoneyDto"] | null;
            /** Format: date-time */
            createdAt: string;
            /** @description Why it failed, or the last retried error */
            error?: string;
            jobId: string;
            /**
             * @description insights: a generation (result: InsightsResult); ask: a question (result: AskAnswer)
             * @enum {string}
             */
            kind: "insights" | "ask";
            processingTimeMs: number | null;
            /** @description Percent done, as the dashboard renders it */
            progress: number;
            /** @description Stage, percent, chunks and tokens so far */
            progressDetail: components["schemas"]["JobProgressDto"];
            /**
             * Format: uuid
             * @description null: all of the caller’s projects
             */
            projectId: string | null;
            /** @description The insights, when completed; for a job of kind ask, an AskAnswer (#/components/schemas/AskAnswer) instead */
            result?: components["schemas"]["InsightsResult"];
            /** @enum {string} */
            stage: "queued" | "stats" | "map" | "reduce" | "finalize" | "retrieving" | "answering" | "checking" | "done";
            /** Format: date-time */
            startedAt: string | null;
            /**
             * @description pending (queued or waiting to retry) → processing → completed | failed | cancelled
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "failed" | "cancelled";
            tokensUsed: number;
        };
        JobHistoryPageDto: {
            items: components["schemas"]["JobSummaryDto"][];
            /** @description Pass as cursor for the next page; null on the last */
            nextCursor: string | null;
        };
        JobNotFoundDto: {
            /** @enum {string} */
            status: "not_found";
        };
        JobProgressDto: {
            chunksDone: number;
            chunksTotal: number;
            /** @description A question only: the answer text so far, counts not yet filled shown as … */
            partialAnswer?: string;
            percent: number;
            /**
             * @description A generation: stats → map → reduce → finalize; a question: retrieving → answering → checking
             * @enum {string}
             */
            stage: "queued" | "stats" | "map" | "reduce" | "finalize" | "retrieving" | "answering" | "checking" | "done";
            tokensUsed: number;
        };
        JobSummaryDto: {
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** @description What the job’s LLM calls cost, every attempt’s (the sum of its ledger rows), priced by the model that answered. 0 for an answer from the cache; null while it runs, for jobs finished before cost was recorded, and when no call had a price. */
            cost: components["schemas"]["MoneyDto"] | null;
            /** Format: date-time */
            createdAt: string;
            /** @description Why it failed, or the last retried error */
            error?: string;
            /** @description The date range and category the job covered */
            filters: components["schemas"]["InsightsFiltersDto"];
            jobId: string;
            /**
             * @description insights: a generation (result: InsightsResult); ask: a question (result: AskAnswer)
             * @enum {string}
             */
            kind: "insights" | "ask";
            processingTimeMs: number | null;
            /** @description Percent done, as the dashboard renders it */
            progress: number;
            /** @description Stage, percent, chunks and tokens so far */
            progressDetail: components["schemas"]["JobProgressDto"];
            /**
             * Format: uuid
             * @description null: all of the caller’s projects
             */
            projectId: string | null;
            /** @enum {string} */
            stage: "queued" | "stats" | "map" | "reduce" | "finalize" | "retrieving" | "answering" | "checking" | "done";
            /** Format: date-time */
            startedAt: string | null;
            /**
             * @description pending (queued or waiting to retry) → processing → completed | failed | cancelled
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "failed" | "cancelled";
            tokensUsed: number;
        };
        LlmUsageDto: {
            /** @description Prompt tokens the provider served from its context cache (billed at the cached price) */
            cachedTokens: number;
            /** @description LLM calls recorded (chat calls and embeddings requests, failed ones too) */
            calls: number;
            completionTokens: number;
            /** @description What the calls cost, each priced by its model when it was recorded */
            cost: components["schemas"]["MoneyDto"];
            /** @description Prompt tokens, cached ones included */
            promptTokens: number;
            /** @description promptTokens + completionTokens: what the daily token budgets count */
            totalTokens: number;
            /** @description Calls with no price (a model the price table does not know), left out of cost */
            unpricedCalls: number;
        };
        MergeThemeDto: {
            /**
             * @description The theme this one goes into (it keeps its id, name and kind)
             * @example th_8c1d0e5f2a
             */
            intoThemeId: string;
        };
        MoneyDto: {
            /**
             * @description US dollars, to 1e-10
             * @example 0.0123
             */
            amount: number;
            /**
             * @example USD
             * @enum {string}
             */
            currency: "USD";
        };
        ProjectDto: {
            allowedDomains: string[];
            /** Format: date-time */
            createdAt: string;
            /** @description Incremented by every feedback write */
            feedbackGeneration: number;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            name: string;
            /** Format: date-time */
            updatedAt: string;
            webhookUrl?: string | null;
        };
        ProjectThemeDto: {
            /** @description Entries behind the theme (a merge counts an entry once) */
            count: number;
            /** @description Present when the taxonomy renamed the theme or merged others into it */
            edited?: components["schemas"]["ThemeEditMarkDto"];
            /** @example th_4k2m9q0x7z */
            id: string;
            /** @enum {string} */
            kind: "pain_point" | "feature_request" | "praise" | "other";
            name: string;
            /** @description Entries by the week they were written, oldest first */
            weekly: components["schemas"]["WeekCountDto"][];
        };
        ProjectThemesDto: {
            /** @description The edits in force, oldest first */
            edits: components["schemas"]["ThemeEditDto"][];
            /** @description When the result listed was generated */
            generatedAt: string;
            /** @description Themes hidden by the taxonomy */
            hidden: components["schemas"]["HiddenThemeDto"][];
            /** @description The latest project-wide result’s themes with the taxonomy applied, biggest first */
            themes: components["schemas"]["ProjectThemeDto"][];
        };
        ProjectUsageDto: {
            /** @description Every UTC day of the span, oldest first (days without calls are zeros) */
            days: components["schemas"]["DailyUsageDto"][];
            /** Format: uuid */
            projectId: string;
            /** @description The span’s sum */
            total: components["schemas"]["LlmUsageDto"];
        };
        RenameThemeDto: {
            /**
             * @description Trimmed; one line, no control characters
             * @example Checkout failures
             */
            name: string;
        };
        SearchHitDto: {
            /** @example bug */
            category: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description Relevance: for a search, its ts_rank scaled to 0..1; for similar entries, the share of the entry’s distinctive words they hold; 0 otherwise */
            rank: number;
            /** @description 0: not rated (yet) */
            rating: number;
            /** @enum {string} */
            sentiment: "positive" | "neutral" | "negative" | "pending";
            text: string;
        };
        SearchPageDto: {
            /** @description Best match first (newest first for an empty query) */
            items: components["schemas"]["SearchHitDto"][];
            /** @description Pass as cursor, with the same q and filters, for the next page; null on the last */
            nextCursor: string | null;
        };
        SimilarFeedbackDto: {
            /** @description Entries of the same project most like the entry, closest first; never the entry itself */
            items: components["schemas"]["SearchHitDto"][];
        };
        StreamTokenDto: {
            /** @description Seconds it stays valid, counted from issue (use does not extend it) */
            expiresIn: number;
            /** @description Pass as ?streamToken= to the events URL of this job only */
            token: string;
        };
        ThemeAlertSettingsDto: {
            /** @description Post an alert when a theme’s weekly count or share jumps past its own baseline, or a new theme reaches minNewThemeSize */
            alertsEnabled: boolean;
            /** @description Post the weekly digest (top movers, new themes, two quotes each) on the deployment’s schedule (THEME_DIGEST_CRON, UTC) */
            digestEnabled: boolean;
            /** @description A new theme alerts once it holds at least this many entries */
            minNewThemeSize: number;
            /** @description Whether the project has a webhook to post to (its slack_webhook_url); alerts and the digest need one */
            webhookConfigured: boolean;
        };
        ThemeEditDto: {
            /** @enum {string} */
            action: "rename" | "merge" | "hide";
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: uuid
             * @description Undo it with DELETE /api/projects/{projectId}/theme-edits/{id}
             */
            id: string;
            /** @description The theme a merge went into; null for the other actions */
            intoThemeId: string | null;
            /** @description A rename’s name; null for the other actions */
            name: string | null;
            /** @example th_4k2m9q0x7z */
            themeId: string;
            /**
             * Format: date-time
             * @description When it was undone; null while it applies
             */
            undoneAt: string | null;
        };
        ThemeEditMarkDto: {
            /** @description Themes merged into this one */
            mergedIds?: string[];
            /** @description The name the model gave the theme, when its owner renamed it */
            modelName?: string;
        };
        UpdateThemeAlertSettingsDto: {
            /** @description true needs a configured webhook (else 400 WEBHOOK_NOT_CONFIGURED) */
            alertsEnabled?: boolean;
            /** @description true needs a configured webhook (else 400 WEBHOOK_NOT_CONFIGURED); true keeps a job scheduler for the project, false removes it */
            digestEnabled?: boolean;
            minNewThemeSize?: number;
        };
        WeekCountDto: {
            count: number;
            /**
             * @description The week’s Monday (UTC)
             * @example 2026-11-02
             */
            week: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    FeedbackController_list: {
        parameters: {
            query?: {
                /** @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general */
                category?: string;
                /** @description Opaque cursor from the previous page’s nextCursor */
                cursor?: string;
                /** @description ISO 8601 date or date-time; a bare date includes that whole day */
                endDate?: string;
                limit?: number;
                /** @description Omit for all of the caller’s projects */
                projectId?: string;
                sentiment?: "positive" | "neutral" | "negative" | "pending";
                /** @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive */
                startDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FeedbackPageDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid filter or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    FeedbackController_submit: {
        parameters: {
            query?: never;
            header: {
                /** @description The project API key shown when it was created */
                "x-api-key": string;
                /** @description The project’s id: required with keys the previous backend issued (bcrypt-hashed), checked against fik_ keys when sent */
                "x-project-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackInputDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FeedbackDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid body; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WIDGET_ORIGIN_NOT_ALLOWED: the project lists allowedDomains and the Origin (else Referer) host is not one of them or their subdomains */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WIDGET_RATE_LIMITED: the project key's writes per minute are spent; API_KEY_ATTEMPTS_EXHAUSTED: too many wrong keys for this project (Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    FeedbackController_feedbackEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                feedbackId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SearchHitDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description feedbackId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description FEEDBACK_NOT_FOUND: no such entry in the caller’s projects */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    FeedbackController_similarFeedback: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                feedbackId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SimilarFeedbackDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description feedbackId is not a UUID, or limit is out of range */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description FEEDBACK_NOT_FOUND: no such entry in the caller’s projects */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    FeedbackController_searchFeedback: {
        parameters: {
            query: {
                /** @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general */
                category?: string;
                /** @description Opaque cursor from the previous page’s nextCursor */
                cursor?: string;
                /** @description ISO 8601 date or date-time; a bare date includes that whole day */
                endDate?: string;
                limit?: number;
                /** @description Highest rating, inclusive; unrated entries (rating 0) are left out of any rating range */
                maxRating?: number;
                /** @description Lowest rating, inclusive; unrated entries (rating 0) are left out of any rating range */
                minRating?: number;
                /** @description The caller’s project to search */
                projectId: string;
                /** @description Web-search syntax: words (matched by stem in every entry’s own language), "quoted phrases", `or`, and -words to exclude. Empty or omitted: every entry in scope, newest first. */
                q?: string;
                sentiment?: "positive" | "neutral" | "negative";
                /** @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive */
                startDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SearchPageDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid query, filter or cursor; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_read: {
        parameters: {
            query?: {
                /** @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general */
                category?: string;
                /** @description ISO 8601 date or date-time; a bare date includes that whole day */
                endDate?: string;
                filters?: components["schemas"]["InsightsFiltersDto"];
                /** @description Skip the cache and queue a new generation */
                forceRefresh?: "true" | "false" | "1" | "0";
                /** @description Omit for all of the caller’s projects */
                projectId?: string;
                /** @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive */
                startDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cached insights, compact (the biggest themes, a few evidence ids each: page the rest from /insights/:projectId/evidence); the envelope also carries cached, stale, refreshJobId */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Served from the cache */
                        cached?: boolean;
                        data: components["schemas"]["CompactInsightsResult"];
                        /** @description When stale: the job regenerating it; null when none was queued (a limit refused it, or new feedback is assigned to the themes and still below INSIGHTS_REGENERATE_SHARE) */
                        refreshJobId?: string | null;
                        /** @description Feedback arrived since this result was generated */
                        stale?: boolean;
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Nothing cached yet: a job was queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobCreatedDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many new jobs, or a daily token budget spent */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Queue unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_latest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest result, compact as the cached read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Served from the cache */
                        cached?: boolean;
                        data: components["schemas"]["CompactInsightsResult"];
                        /** @description When stale: the job regenerating it; null when none was queued (a limit refused it, or new feedback is assigned to the themes and still below INSIGHTS_REGENERATE_SHARE) */
                        refreshJobId?: string | null;
                        /** @description Feedback arrived since this result was generated */
                        stale?: boolean;
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no insights yet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_evidence: {
        parameters: {
            query: {
                /** @description Opaque cursor from the previous page’s nextCursor */
                cursor?: string;
                limit?: number;
                /** @description The theme’s name, exactly as the result lists it */
                theme: string;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EvidencePageDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project, no insights yet, or no such theme */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The insights were regenerated since the cursor was made */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_export: {
        parameters: {
            query?: {
                format?: "csv" | "md" | "pdf";
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no insights yet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": components["schemas"]["ErrorResponseDto"];
                    "text/csv; charset=utf-8": components["schemas"]["ErrorResponseDto"];
                    "text/markdown; charset=utf-8": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AskController_ask: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AskRequestDto"];
            };
        };
        responses: {
            /** @description Answered from the cache: status completed, cached true */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AskCreatedDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Queued (or the same question already in flight) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AskCreatedDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description The question is too short or too long, or a filter is invalid (the message names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many new jobs for this user (RATE_LIMITED), or a daily token budget spent (TOKEN_BUDGET_EXHAUSTED); Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Queue unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    BatchController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchRequestDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BatchStatusDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid project ids or filters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project or batch for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many new jobs for this user, or the user’s daily token budget spent; Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Queue unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    BatchController_status: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batchId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BatchStatusDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid project ids or filters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project or batch for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_generate: {
        parameters: {
            query?: {
                /** @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general */
                category?: string;
                /** @description ISO 8601 date or date-time; a bare date includes that whole day */
                endDate?: string;
                filters?: components["schemas"]["InsightsFiltersDto"];
                /** @description Omit for all of the caller’s projects */
                projectId?: string;
                /** @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive */
                startDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InsightsRequestDto"];
            };
        };
        responses: {
            /** @description The insights */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Served from the cache */
                        cached?: boolean;
                        data: components["schemas"]["InsightsResult"];
                        /** @description When stale: the job regenerating it; null when none was queued (a limit refused it, or new feedback is assigned to the themes and still below INSIGHTS_REGENERATE_SHARE) */
                        refreshJobId?: string | null;
                        /** @description Feedback arrived since this result was generated */
                        stale?: boolean;
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Switched off by INSIGHTS_LEGACY_GENERATE=false */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Content filtered or token budget exceeded */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many new jobs, or a daily token budget spent; Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The AI provider failed permanently, or the job failed (details.jobId) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The AI provider or the queue is unavailable; Retry-After when known */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The job is still running after INSIGHTS_LEGACY_WAIT_MS: follow details.jobId */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_history: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page’s nextCursor */
                cursor?: string;
                /** @description insights: generations (what the dashboard lists); ask: questions answered with cited feedback */
                kind?: "insights" | "ask";
                limit?: number;
                /** @description Only this project’s jobs (else every job of the caller) */
                projectId?: string;
                status?: "pending" | "processing" | "completed" | "failed" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobHistoryPageDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_createJob: {
        parameters: {
            query?: {
                /** @description A category name, e.g. bug, feature, improvement, complaint, praise, other or general */
                category?: string;
                /** @description ISO 8601 date or date-time; a bare date includes that whole day */
                endDate?: string;
                filters?: components["schemas"]["InsightsFiltersDto"];
                /** @description Omit for all of the caller’s projects */
                projectId?: string;
                /** @description YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive */
                startDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InsightsRequestDto"];
            };
        };
        responses: {
            /** @description Answered from the cache: status completed, cached true */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobCreatedDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Queued (or the identical job already in flight) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobCreatedDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many new jobs for this user (RATE_LIMITED), or a daily token budget spent (TOKEN_BUDGET_EXHAUSTED); Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Queue unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job; an unknown id or another user’s answers 200 `{ status: "not_found" }` alike */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobDto"] | components["schemas"]["JobNotFoundDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    InsightsController_cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobDto"] | components["schemas"]["JobNotFoundDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid scope, filters or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    JobEventsController_events: {
        parameters: {
            query?: {
                /** @description Resume after this event id, as the Last-Event-ID header does (for a new EventSource) */
                lastEventId?: string;
                /** @description From POST .../events/token, for clients that cannot send headers (EventSource) */
                streamToken?: string;
            };
            header?: {
                /** @description Resume after this event */
                "Last-Event-ID"?: string;
            };
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such job for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many open event streams for this user */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    JobEventsController_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["StreamTokenDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such job for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProjectsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProjectDto"][];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProjectsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProjectDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CreatedProjectDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProjectsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProjectDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProjectsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DeletedProjectDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemeAlertsController_preview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DigestPreviewDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    FeedbackController_bulk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkFeedbackDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BulkResultDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Invalid body; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Bad token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemeAlertsController_settings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeAlertSettingsDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemeAlertsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateThemeAlertSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeAlertSettingsDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID, a field is invalid or unknown, or alerts or the digest are turned on without a webhook (WEBHOOK_NOT_CONFIGURED) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemesController_undo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An edit id, as an edit or GET /api/projects/{projectId}/themes returns it */
                editId: string;
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeEditDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Bad id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no such edit in force (THEME_EDIT_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemesController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProjectThemesDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller (PROJECT_NOT_FOUND), or no insights yet (INSIGHTS_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemesController_hide: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                themeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeEditDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Bad id, or a theme already hidden or merged into another */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemesController_merge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                themeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MergeThemeDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeEditDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Bad id; merging a theme into itself, into an unknown or hidden theme, or in a circle; or a theme hidden or already merged */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ThemesController_rename: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                themeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenameThemeDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThemeEditDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description Bad id, or a name that is empty, too long or holds control characters, or a theme merged into another */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProjectsController_usageByDay: {
        parameters: {
            query?: {
                /** @description UTC days to report, ending today */
                days?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProjectUsageDto"];
                        /** @example true */
                        success: boolean;
                    };
                };
            };
            /** @description projectId is not a UUID, or days is out of range */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, malformed, expired or foreign token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such project for this caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReportDto"];
                };
            };
            /** @description Unhealthy, or shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReportDto"];
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReportDto"];
                };
            };
            /** @description Unhealthy, or shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReportDto"];
                };
            };
        };
    };
}
