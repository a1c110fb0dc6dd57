ALTER TABLE "uploads" ADD COLUMN "used_at" bigint;--> statement-breakpoint
CREATE INDEX "uploads_unused_created_idx" ON "uploads" USING btree ("created_at") WHERE "uploads"."used_at" is null;