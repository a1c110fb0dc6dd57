DROP INDEX "support_conv_site_status_idx";--> statement-breakpoint
DROP INDEX "support_conv_agent_status_idx";--> statement-breakpoint
CREATE INDEX "support_conv_site_status_idx" ON "support_conversations" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "support_conv_agent_status_idx" ON "support_conversations" USING btree ("agent_id","status");--> statement-breakpoint
-- room in every page for the new version of a row, so per-message updates stay HOT (same page, no index writes)
ALTER TABLE "support_conversations" SET (fillfactor = 70);
