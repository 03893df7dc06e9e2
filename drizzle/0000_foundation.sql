-- Adopts an existing backend database: its tables are kept (IF NOT EXISTS) and only gain the
-- columns this service adds, before any statement uses them; everything else is created. Written
-- by hand from drizzle-kit's output so that it runs on an empty database, on the existing
-- backend's schema (its journal's 0000 to 0007) and again on its own result. Type conversions of
-- the existing insights tables follow in 0002.
CREATE TABLE IF NOT EXISTS "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"text" text NOT NULL,
	"rating" integer NOT NULL,
	"category" text NOT NULL,
	"sentiment" text NOT NULL,
	"sentiment_score" real NOT NULL,
	"user_name" text,
	"user_email" text,
	"metadata" jsonb,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "insights_cache" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"user_id" uuid NOT NULL,
	"cache_key" varchar(64) NOT NULL,
	"scope_key" varchar(64) NOT NULL,
	"result" jsonb NOT NULL,
	"filters" jsonb NOT NULL,
	"feedback_generation" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"access_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "insights_jobs" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"project_id" uuid,
	"user_id" uuid NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"filters" jsonb,
	"dedup_key" varchar(64),
	"progress" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"processing_time_ms" integer,
	"ai_tokens_used" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"hashed_api_key" text NOT NULL,
	"encrypted_api_key" text,
	"key_version" integer DEFAULT 1 NOT NULL,
	"user_id" uuid NOT NULL,
	"allowed_domains" jsonb DEFAULT '[]'::jsonb,
	"webhook_url" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"feedback_generation" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clerk_user_id" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"name" text,
	"plan" text DEFAULT 'free' NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "users_clerk_user_id_unique" UNIQUE("clerk_user_id")
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "email" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "insights_cache" ADD COLUMN IF NOT EXISTS "scope_key" varchar(64) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_cache" ADD COLUMN IF NOT EXISTS "feedback_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_jobs" ADD COLUMN IF NOT EXISTS "dedup_key" varchar(64);--> statement-breakpoint
ALTER TABLE "insights_jobs" ADD COLUMN IF NOT EXISTS "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The existing backend's cache keys were not unique; rows it wrote that share a key keep the
-- newest under it and move the others to a key of their own, so the unique index can be built.
UPDATE "insights_cache" AS c SET "cache_key" = 'legacy:' || c."id"::text
WHERE c."scope_key" = '' AND EXISTS (
  SELECT 1 FROM "insights_cache" AS o
  WHERE o."cache_key" = c."cache_key" AND o."id" <> c."id" AND (o."created_at", o."id"::text) > (c."created_at", c."id"::text)
);--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN IF NOT EXISTS "feedback_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN IF NOT EXISTS "user_name" text;--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN IF NOT EXISTS "user_email" text;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "feedback" ADD CONSTRAINT "feedback_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "insights_cache" ADD CONSTRAINT "insights_cache_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "insights_cache" ADD CONSTRAINT "insights_cache_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "insights_jobs" ADD CONSTRAINT "insights_jobs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "insights_jobs" ADD CONSTRAINT "insights_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "projects" ADD CONSTRAINT "projects_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_project_id" ON "feedback" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_created_at" ON "feedback" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_project_created" ON "feedback" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_project_sentiment" ON "feedback" USING btree ("project_id","sentiment");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_sentiment" ON "feedback" USING btree ("sentiment");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_category" ON "feedback" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "uq_insights_cache_key" ON "insights_cache" USING btree ("cache_key");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_insights_cache_project" ON "insights_cache" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_insights_cache_scope" ON "insights_cache" USING btree ("scope_key","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_insights_jobs_project_status" ON "insights_jobs" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_insights_jobs_user_created" ON "insights_jobs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_insights_jobs_dedup" ON "insights_jobs" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_projects_user_id" ON "projects" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_projects_hashed_api_key" ON "projects" USING btree ("hashed_api_key");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_users_clerk_user_id" ON "users" USING btree ("clerk_user_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_users_email" ON "users" USING btree ("email");