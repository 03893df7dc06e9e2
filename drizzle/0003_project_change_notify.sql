-- A project row that changes (a feedback write moves its feedback generation; a rename, a
-- deactivation) or goes away tells listeners on the channel "insights_project_changed", with
-- the project id as payload. API processes keep each project's owner and generation in memory
-- for the cached read and drop the entry on this notice, so a hit costs no database round trip.
-- Notices are sent when the transaction commits; Postgres folds identical ones.
CREATE OR REPLACE FUNCTION "insights_notify_project_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('insights_project_changed', OLD."id"::text);
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "project_changed_notify" ON "projects";--> statement-breakpoint
CREATE TRIGGER "project_changed_notify" AFTER UPDATE OR DELETE ON "projects"
  FOR EACH ROW EXECUTE FUNCTION "insights_notify_project_changed"();
