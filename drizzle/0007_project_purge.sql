-- Deleting a project cascades to its cache rows and job rows, which are the only record of its
-- Redis cache keys and BullMQ job ids. Before the row goes, whoever deletes it (this API or the
-- existing backend's own SQL), a trigger records them in "insights_project_purges" and notifies
-- "insights_project_deleted" (delivered at commit, and not at all if the delete rolls back); an
-- API process then deletes the Redis entries, cancels the open jobs and removes the row. Rows
-- left while no API listened are swept when one starts listening.
CREATE TABLE "insights_project_purges" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"cache_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"job_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE OR REPLACE FUNCTION "insights_record_project_purge"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "insights_project_purges" ("project_id", "cache_keys", "job_ids")
  VALUES (
    OLD."id",
    ARRAY(SELECT "cache_key" FROM "insights_cache" WHERE "project_id" = OLD."id"),
    ARRAY(SELECT "id" FROM "insights_jobs" WHERE "project_id" = OLD."id" AND "status" IN ('pending', 'processing'))
  )
  ON CONFLICT ("project_id") DO UPDATE SET "cache_keys" = EXCLUDED."cache_keys", "job_ids" = EXCLUDED."job_ids", "deleted_at" = now();
  PERFORM pg_notify('insights_project_deleted', OLD."id"::text);
  RETURN OLD;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "project_deleted_purge" ON "projects";--> statement-breakpoint
CREATE TRIGGER "project_deleted_purge" BEFORE DELETE ON "projects"
  FOR EACH ROW EXECUTE FUNCTION "insights_record_project_purge"();
