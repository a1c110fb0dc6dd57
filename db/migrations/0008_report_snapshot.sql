ALTER TABLE "reports" ADD COLUMN "message_snapshot" jsonb;--> statement-breakpoint
CREATE INDEX "users_muted_until_idx" ON "users" USING btree ("muted_until") WHERE "users"."muted_until" is not null;