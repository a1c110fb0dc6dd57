CREATE TABLE "group_applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"group_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"inviter_id" bigint,
	"reason" text DEFAULT '' NOT NULL,
	"status" smallint DEFAULT 1 NOT NULL,
	"created_at" bigint NOT NULL,
	"handled_at" bigint,
	"handled_by" bigint
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"level" smallint DEFAULT 1 NOT NULL,
	"nickname" text DEFAULT '' NOT NULL,
	"no_disturbing" smallint DEFAULT 2 NOT NULL,
	"on_top" smallint DEFAULT 2 NOT NULL,
	"commonly_used" smallint DEFAULT 1 NOT NULL,
	"muted_until" bigint DEFAULT 0 NOT NULL,
	"joined_at" bigint NOT NULL,
	CONSTRAINT "group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id"),
	CONSTRAINT "group_members_level_ck" CHECK ("group_members"."level" in (1, 2, 3))
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" bigint PRIMARY KEY NOT NULL,
	"mark_id" text DEFAULT ((nextval('user_mark_seq') * 7919) % 90000000 + 10000000)::text NOT NULL,
	"name" text NOT NULL,
	"avatar" text DEFAULT '' NOT NULL,
	"can_add_friend" smallint DEFAULT 1 NOT NULL,
	"join_permission" smallint DEFAULT 1 NOT NULL,
	"muted_all" smallint DEFAULT 2 NOT NULL,
	"member_limit" integer NOT NULL,
	"site_id" bigint,
	"online_number" integer DEFAULT 0 NOT NULL,
	"online_sent_at" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"dissolved_at" bigint,
	CONSTRAINT "groups_flags_ck" CHECK ("groups"."can_add_friend" in (1, 2) and "groups"."join_permission" in (1, 2, 3) and "groups"."muted_all" in (1, 2))
);
--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_inviter_id_users_id_fk" FOREIGN KEY ("inviter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_id_threads_id_fk" FOREIGN KEY ("id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_applications_waiting_uq" ON "group_applications" USING btree ("group_id","user_id") WHERE "group_applications"."status" = 1;--> statement-breakpoint
CREATE INDEX "group_applications_group_idx" ON "group_applications" USING btree ("group_id","id");--> statement-breakpoint
CREATE INDEX "group_applications_user_idx" ON "group_applications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "group_members_user_idx" ON "group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_members_owner_uq" ON "group_members" USING btree ("group_id") WHERE "group_members"."level" = 3;--> statement-breakpoint
CREATE UNIQUE INDEX "groups_mark_id_uq" ON "groups" USING btree ("mark_id");