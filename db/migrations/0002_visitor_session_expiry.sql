-- visitor tokens expire: existing ones get 30 days from when they were made (the default
-- PARLEY_VISITOR_SESSION_TTL_MS); a widget that resumes one pushes its expiry on
ALTER TABLE "visitor_sessions" ADD COLUMN "expires_at" bigint;--> statement-breakpoint
UPDATE "visitor_sessions" SET "expires_at" = "created_at" + 2592000000;--> statement-breakpoint
ALTER TABLE "visitor_sessions" ALTER COLUMN "expires_at" SET NOT NULL;
