CREATE TABLE "red_packet_shares" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"packet_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"amount" bigint NOT NULL,
	"claimed_by" bigint,
	"claimed_at" bigint,
	"mark" uuid,
	"grabbed_at" bigint,
	"refunded_at" bigint,
	CONSTRAINT "red_packet_shares_amount_ck" CHECK ("red_packet_shares"."amount" > 0),
	CONSTRAINT "red_packet_shares_claim_ck" CHECK (("red_packet_shares"."claimed_by" is null) = ("red_packet_shares"."claimed_at" is null)),
	CONSTRAINT "red_packet_shares_state_ck" CHECK (not ("red_packet_shares"."claimed_by" is not null and "red_packet_shares"."refunded_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "red_packets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"public_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sender_id" bigint NOT NULL,
	"coin_id" smallint NOT NULL,
	"type" smallint NOT NULL,
	"count" integer NOT NULL,
	"total" bigint NOT NULL,
	"greeting" text DEFAULT '' NOT NULL,
	"new_members_only" boolean DEFAULT false NOT NULL,
	"channel_type" smallint NOT NULL,
	"target_id" bigint NOT NULL,
	"message_id" bigint,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"refunded_at" bigint,
	CONSTRAINT "red_packets_type_ck" CHECK ("red_packets"."type" in (1, 2)),
	CONSTRAINT "red_packets_count_ck" CHECK ("red_packets"."count" >= 1),
	CONSTRAINT "red_packets_total_ck" CHECK ("red_packets"."total" >= "red_packets"."count"),
	CONSTRAINT "red_packets_channel_ck" CHECK ("red_packets"."channel_type" in (1, 2, 3))
);
--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "packet_senders" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_rooms" ADD COLUMN "packet_senders" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "red_packet_shares" ADD CONSTRAINT "red_packet_shares_packet_id_red_packets_id_fk" FOREIGN KEY ("packet_id") REFERENCES "public"."red_packets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_packet_shares" ADD CONSTRAINT "red_packet_shares_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_packets" ADD CONSTRAINT "red_packets_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_packets" ADD CONSTRAINT "red_packets_coin_id_coins_id_fk" FOREIGN KEY ("coin_id") REFERENCES "public"."coins"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "red_packet_shares_seq_uq" ON "red_packet_shares" USING btree ("packet_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "red_packet_shares_claimer_uq" ON "red_packet_shares" USING btree ("packet_id","claimed_by") WHERE "red_packet_shares"."claimed_by" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "red_packet_shares_mark_uq" ON "red_packet_shares" USING btree ("mark") WHERE "red_packet_shares"."mark" is not null;--> statement-breakpoint
CREATE INDEX "red_packet_shares_claimed_idx" ON "red_packet_shares" USING btree ("claimed_by","claimed_at") WHERE "red_packet_shares"."claimed_by" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "red_packets_public_id_uq" ON "red_packets" USING btree ("public_id");--> statement-breakpoint
CREATE INDEX "red_packets_sender_idx" ON "red_packets" USING btree ("sender_id","created_at");--> statement-breakpoint
CREATE INDEX "red_packets_created_idx" ON "red_packets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "red_packets_due_idx" ON "red_packets" USING btree ("expires_at") WHERE "red_packets"."refunded_at" is null;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_packet_id_red_packets_id_fk" FOREIGN KEY ("packet_id") REFERENCES "public"."red_packets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_packet_send_uq" ON "ledger_entries" USING btree ("packet_id") WHERE "ledger_entries"."kind" = 'packet_send';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_packet_refund_uq" ON "ledger_entries" USING btree ("packet_id") WHERE "ledger_entries"."kind" = 'packet_refund';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_packet_claim_uq" ON "ledger_entries" USING btree ("packet_id","user_id") WHERE "ledger_entries"."kind" = 'packet_claim';--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_packet_senders_ck" CHECK ("groups"."packet_senders" in (1, 2, 3));--> statement-breakpoint
ALTER TABLE "chat_rooms" ADD CONSTRAINT "chat_rooms_packet_senders_ck" CHECK ("chat_rooms"."packet_senders" in (1, 2, 3));--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_packet_ck" CHECK (("ledger_entries"."kind" like 'packet_%') = ("ledger_entries"."packet_id" is not null));