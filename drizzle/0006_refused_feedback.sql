-- Feedback the provider's content filter refused, remembered per answerer with a hash of the text
-- it was shown, so a regeneration leaves it out without asking again. The foreign key holds a
-- SHARE ROW EXCLUSIVE lock on feedback only while it validates an empty table (instant).
CREATE TABLE "refused_feedback" (
	"feedback_id" uuid NOT NULL,
	"answerer" text NOT NULL,
	"text_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pk_refused_feedback" PRIMARY KEY("feedback_id","answerer","text_hash")
);
--> statement-breakpoint
ALTER TABLE "refused_feedback" ADD CONSTRAINT "refused_feedback_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;