ALTER TABLE "insights_jobs" ADD COLUMN "cost_usd" numeric(18, 10);--> statement-breakpoint
ALTER TABLE "llm_calls" ADD COLUMN "cost_usd" numeric(18, 10);