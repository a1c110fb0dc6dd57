import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sites } from "./sites";
import { threads } from "./members";
import { users } from "./users";

/**
 * A group (seed 004 群, `/room/*`; channelType 2). Its id is its thread's id — the wire's roomId
 * and the messages' target_id — so the message writer's thread lock is the group's lock too.
 * markId comes from the users' sequence: a markId names exactly one user or one group
 * (/chat33/search). dissolved_at set: no members, nothing can be read or written.
 */
export const groups = pgTable(
  "groups",
  {
    id: bigint("id", { mode: "number" })
      .primaryKey()
      .references(() => threads.id, { onDelete: "cascade" }),
    markId: text("mark_id")
      .notNull()
      .default(sql`((nextval('user_mark_seq') * 7919) % 90000000 + 10000000)::text`),
    name: text("name").notNull(),
    avatar: text("avatar").notNull().default(""),
    /** seed canAddFriend: 1 members may add each other as friends from the group, 2 not */
    canAddFriend: smallint("can_add_friend").notNull().default(1),
    /** seed joinPermission: 1 applications need approval, 2 anyone may join, 3 nobody may join */
    joinPermission: smallint("join_permission").notNull().default(1),
    /** 1: only owners and admins may speak (OpenIM's group mute), 2: everyone */
    mutedAll: smallint("muted_all").notNull().default(2),
    /** who may send red packets here (-4010 otherwise): 1 every member, 2 owner and admins, 3 nobody */
    packetSenders: smallint("packet_senders").notNull().default(1),
    /** the most members it may have (PARLEY_GROUP_MAX_MEMBERS when it was made) */
    memberLimit: integer("member_limit").notNull(),
    /** seed 000 `interior`: a staff-internal group of one site's agents (shown in the console too) */
    siteId: bigint("site_id", { mode: "number" }).references(() => sites.id, { onDelete: "cascade" }),
    /** the online count last announced (event 24) and when: one announcement per second, only on change, across processes */
    onlineNumber: integer("online_number").notNull().default(0),
    onlineSentAt: bigint("online_sent_at", { mode: "number" }).notNull().default(0),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    dissolvedAt: bigint("dissolved_at", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("groups_mark_id_uq").on(t.markId),
    check("groups_flags_ck", sql`${t.canAddFriend} in (1, 2) and ${t.joinPermission} in (1, 2, 3) and ${t.mutedAll} in (1, 2)`),
    check("groups_packet_senders_ck", sql`${t.packetSenders} in (1, 2, 3)`),
  ],
);

/**
 * A member of a group and their settings in it (seed memberLevel 1 member, 2 admin, 3 owner;
 * roomNickname; noDisturbing / onTop / commonlyUsed). The read pointer is the thread's
 * (thread_members), like every member channel's. Leaving deletes the row.
 */
export const groupMembers = pgTable(
  "group_members",
  {
    groupId: bigint("group_id", { mode: "number" })
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    level: smallint("level").notNull().default(1),
    nickname: text("nickname").notNull().default(""),
    noDisturbing: smallint("no_disturbing").notNull().default(2),
    onTop: smallint("on_top").notNull().default(2),
    commonlyUsed: smallint("commonly_used").notNull().default(1),
    /** muted in this group until then (0: not muted) */
    mutedUntil: bigint("muted_until", { mode: "number" }).notNull().default(0),
    joinedAt: bigint("joined_at", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    // "my groups" (/room/list, /room/unread)
    index("group_members_user_idx").on(t.userId),
    // exactly one owner: handing ownership over is one transaction that demotes and promotes
    uniqueIndex("group_members_owner_uq").on(t.groupId).where(sql`${t.level} = 3`),
    check("group_members_level_ck", sql`${t.level} in (1, 2, 3)`),
  ],
);

/**
 * Asking to join (seed /room/joinRoomApply) or an invitation a plain member made into a group
 * that needs approval: waiting for an owner or admin (/room/joinRoomApprove). status: 1 waiting,
 * 2 refused, 3 accepted (seed applyList).
 */
export const groupApplications = pgTable(
  "group_applications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    groupId: bigint("group_id", { mode: "number" })
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** who would join */
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** the member who invited them (null: they applied themselves) */
    inviterId: bigint("inviter_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    reason: text("reason").notNull().default(""),
    status: smallint("status").notNull().default(1),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    handledAt: bigint("handled_at", { mode: "number" }),
    handledBy: bigint("handled_by", { mode: "number" }),
  },
  (t) => [
    // one waiting application per person per group: applying again refreshes it
    uniqueIndex("group_applications_waiting_uq").on(t.groupId, t.userId).where(sql`${t.status} = 1`),
    // applyList: the applications of the groups I run, and my own, newest first
    index("group_applications_group_idx").on(t.groupId, t.id),
    index("group_applications_user_idx").on(t.userId, t.id),
  ],
);

export type TGroup = typeof groups.$inferSelect;
export type TGroupMember = typeof groupMembers.$inferSelect;
export type TGroupApplication = typeof groupApplications.$inferSelect;
