-- Converges the insights tables on one shape, whichever created them: the existing backend
-- (uuid job ids, an integer progress, timezone-less timestamps, required project ids) or this
-- service's 0000 (text job ids, a jsonb progress). Every statement checks what it finds first,
-- so it runs on either and again on its own result. Nothing the existing backend reads or
-- writes is renamed or dropped, and every column it inserts into keeps a default.

-- Job ids: BullMQ ids are text. Existing uuid ids convert losslessly to their text form, and the
-- default keeps generating uuids for an insert that gives none.
DO $$ BEGIN
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'insights_jobs' AND column_name = 'id') = 'uuid' THEN
    ALTER TABLE "insights_jobs" ALTER COLUMN "id" DROP DEFAULT;
    ALTER TABLE "insights_jobs" ALTER COLUMN "id" TYPE varchar(64) USING "id"::text;
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "insights_jobs" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()::text;--> statement-breakpoint
-- null: a job over all of a user's projects.
ALTER TABLE "insights_jobs" ALTER COLUMN "project_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_jobs" ALTER COLUMN "status" TYPE text;--> statement-breakpoint
-- progress is the percentage (0-100) the dashboard renders; the stage and chunk counts live beside it.
ALTER TABLE "insights_jobs" ADD COLUMN IF NOT EXISTS "progress_detail" jsonb;--> statement-breakpoint
DO $$ BEGIN
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'insights_jobs' AND column_name = 'progress') = 'jsonb' THEN
    UPDATE "insights_jobs" SET "progress_detail" = "progress" WHERE "progress_detail" IS NULL;
    ALTER TABLE "insights_jobs" ALTER COLUMN "progress" DROP DEFAULT;
    ALTER TABLE "insights_jobs" ALTER COLUMN "progress" TYPE integer
      USING coalesce(round(("progress"->>'percent')::numeric)::integer, 0);
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "insights_jobs" ALTER COLUMN "progress" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "insights_cache" ALTER COLUMN "project_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_cache" ALTER COLUMN "cache_key" TYPE text;--> statement-breakpoint
ALTER TABLE "insights_cache" ALTER COLUMN "scope_key" SET DEFAULT '';--> statement-breakpoint
UPDATE "insights_cache" SET "access_count" = 0 WHERE "access_count" IS NULL;--> statement-breakpoint
ALTER TABLE "insights_cache" ALTER COLUMN "access_count" SET NOT NULL;--> statement-breakpoint
-- Times of jobs and cache entries become instants. The existing backend wrote them as UTC wall
-- clock (and never reads these two tables), so they are read as UTC.
DO $$ DECLARE c record; BEGIN
  FOR c IN SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'
      AND ((table_name = 'insights_jobs' AND column_name IN ('created_at', 'started_at', 'completed_at', 'updated_at'))
        OR (table_name = 'insights_cache' AND column_name IN ('expires_at', 'created_at')))
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE timestamp with time zone USING %I AT TIME ZONE ''UTC''',
      c.table_name, c.column_name, c.column_name);
  END LOOP;
END $$;--> statement-breakpoint
-- Feedback as the existing backend writes it: stored first with placeholder values, analysed
-- later. Rows this service stored before the column existed were analysed on ingestion.
ALTER TABLE "feedback" ADD COLUMN IF NOT EXISTS "processing_status" text DEFAULT 'completed' NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "processing_status" SET DEFAULT 'pending';--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "rating" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "category" SET DEFAULT 'general';--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "sentiment" SET DEFAULT 'pending';--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "sentiment_score" SET DEFAULT 0;--> statement-breakpoint
DO $$ DECLARE c text; BEGIN
  FOREACH c IN ARRAY ARRAY['user_name', 'user_email'] LOOP
    IF (SELECT is_nullable FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'feedback' AND column_name = c) = 'YES' THEN
      EXECUTE format('UPDATE "feedback" SET %I = '''' WHERE %I IS NULL', c, c);
      EXECUTE format('ALTER TABLE "feedback" ALTER COLUMN %I SET NOT NULL', c);
    END IF;
    EXECUTE format('ALTER TABLE "feedback" ALTER COLUMN %I SET DEFAULT ''''', c);
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN IF NOT EXISTS "slack_webhook_url" text;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_processing_status" ON "feedback" USING btree ("processing_status");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idx_feedback_user_email" ON "feedback" USING btree ("user_email");
--> statement-breakpoint
-- Any write to feedback, whoever makes it, moves its project's feedback generation, so cached
-- insights notice it: this service's own writes, the existing backend's widget inserts and the
-- updates its asynchronous analysis makes later. One bump per statement and project.
CREATE OR REPLACE FUNCTION "insights_bump_feedback_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "projects" SET "feedback_generation" = "feedback_generation" + 1 WHERE "id" IN (SELECT "project_id" FROM "new_rows");
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE "projects" SET "feedback_generation" = "feedback_generation" + 1
    WHERE "id" IN (SELECT "project_id" FROM "new_rows" UNION SELECT "project_id" FROM "old_rows");
  ELSE
    UPDATE "projects" SET "feedback_generation" = "feedback_generation" + 1 WHERE "id" IN (SELECT "project_id" FROM "old_rows");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "feedback_generation_on_insert" ON "feedback";--> statement-breakpoint
CREATE TRIGGER "feedback_generation_on_insert" AFTER INSERT ON "feedback" REFERENCING NEW TABLE AS "new_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "insights_bump_feedback_generation"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "feedback_generation_on_update" ON "feedback";--> statement-breakpoint
CREATE TRIGGER "feedback_generation_on_update" AFTER UPDATE ON "feedback" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "insights_bump_feedback_generation"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "feedback_generation_on_delete" ON "feedback";--> statement-breakpoint
CREATE TRIGGER "feedback_generation_on_delete" AFTER DELETE ON "feedback" REFERENCING OLD TABLE AS "old_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "insights_bump_feedback_generation"();
