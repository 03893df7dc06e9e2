CREATE TABLE IF NOT EXISTS "insights_chunk_memo" (
	"hash" varchar(64) PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"prompt_version" varchar(32) NOT NULL,
	"output" jsonb NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "llm_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" varchar(64),
	"project_id" uuid,
	"stage" varchar(16) NOT NULL,
	"provider" varchar(32) NOT NULL,
	"model" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"outcome" varchar(32) NOT NULL,
	"error_code" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_llm_calls_job" ON "llm_calls" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_llm_calls_project_created" ON "llm_calls" USING btree ("project_id","created_at");