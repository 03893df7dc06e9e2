CREATE TABLE "insights_theme_alert_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"alerts_enabled" boolean DEFAULT false NOT NULL,
	"digest_enabled" boolean DEFAULT false NOT NULL,
	"min_new_theme_size" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights_theme_alerts" (
	"project_id" uuid NOT NULL,
	"theme_id" varchar(16) NOT NULL,
	"week" varchar(10) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pk_insights_theme_alerts" PRIMARY KEY("project_id","theme_id","week","kind")
);
--> statement-breakpoint
CREATE TABLE "insights_theme_assignments" (
	"cache_key" text NOT NULL,
	"feedback_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"theme_id" varchar(16),
	"method" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pk_insights_theme_assignments" PRIMARY KEY("cache_key","feedback_id")
);
--> statement-breakpoint
CREATE TABLE "insights_theme_edits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"action" varchar(16) NOT NULL,
	"theme_id" varchar(16) NOT NULL,
	"into_theme_id" varchar(16),
	"name" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "insights_theme_alert_settings" ADD CONSTRAINT "insights_theme_alert_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_theme_alerts" ADD CONSTRAINT "insights_theme_alerts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_theme_assignments" ADD CONSTRAINT "insights_theme_assignments_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_theme_assignments" ADD CONSTRAINT "insights_theme_assignments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_theme_edits" ADD CONSTRAINT "insights_theme_edits_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_theme_edits" ADD CONSTRAINT "insights_theme_edits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_insights_theme_assignments_project" ON "insights_theme_assignments" USING btree ("project_id","cache_key");--> statement-breakpoint
CREATE INDEX "idx_insights_theme_edits_project" ON "insights_theme_edits" USING btree ("project_id","created_at");