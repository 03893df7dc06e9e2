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
  ON CONFLICT ("project_id") DO UPDATE SET
    "cache_keys" = "insights_project_purges"."cache_keys" || EXCLUDED."cache_keys",
    "job_ids" = "insights_project_purges"."job_ids" || EXCLUDED."job_ids";
  PERFORM pg_notify('insights_project_deleted', OLD."id"::text);
  RETURN OLD;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "project_deleted_purge" ON "projects";--> statement-breakpoint
CREATE TRIGGER "project_deleted_purge" BEFORE DELETE ON "projects"
  FOR EACH ROW EXECUTE FUNCTION "insights_record_project_purge"();--> statement-breakpoint
-- Deleting a user cascades to its cache and job rows before its projects (the foreign keys'
-- actions run in the order they were created), so the projects' own trigger would find nothing:
-- the user's trigger records them first, and the projects' trigger adds to that row.
CREATE OR REPLACE FUNCTION "insights_record_user_purges"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "insights_project_purges" ("project_id", "cache_keys", "job_ids")
  SELECT p."id",
    ARRAY(SELECT "cache_key" FROM "insights_cache" WHERE "project_id" = p."id"),
    ARRAY(SELECT "id" FROM "insights_jobs" WHERE "project_id" = p."id" AND "status" IN ('pending', 'processing'))
  FROM "projects" p WHERE p."user_id" = OLD."id"
  ON CONFLICT ("project_id") DO NOTHING;
  RETURN OLD;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "user_deleted_purge" ON "users";--> statement-breakpoint
CREATE TRIGGER "user_deleted_purge" BEFORE DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "insights_record_user_purges"();
