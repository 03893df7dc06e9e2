ALTER TABLE "llm_calls" ADD COLUMN "user_id" uuid;--> statement-breakpoint
CREATE INDEX "idx_llm_calls_user_created" ON "llm_calls" USING btree ("user_id","created_at");