import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { threads } from "./members";
import { messages } from "./messages";
import { users } from "./users";

/**
 * A public chat room (seed 004 聊天室, `/group/*`; channelType 1). Its id is its thread's id —
 * the wire's groupId and the messages' target_id — so the message writer's thread lock is the
 * room's lock too (closing a room and a message waiting to be written meet on that lock).
 * Nobody is a member: whoever is in it is whoever joined it live (eventType 1) on a socket.
 */
export const chatRooms = pgTable(
  "chat_rooms",
  {
    id: bigint("id", { mode: "number" })
      .primaryKey()
      .references(() => threads.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    avatar: text("avatar").notNull().default(""),
    description: text("description").notNull().default(""),
    /** 0 open, 1 closed (read-only, nobody may join), 2 deleted (gone from lists; history kept for admins) */
    status: smallint("status").notNull().default(0),
    /** who may send red packets here (-4010 otherwise; guests never): 1 members, 2 admins only, 3 nobody */
    packetSenders: smallint("packet_senders").notNull().default(1),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    /** when it was last opened / closed (seed openTime, closeTime) */
    openedAt: bigint("opened_at", { mode: "number" }).notNull(),
    closedAt: bigint("closed_at", { mode: "number" }),
    /** the online count last announced (event 24) and when: one announcement per second, only on change, across processes */
    onlineNumber: integer("online_number").notNull().default(0),
    onlineSentAt: bigint("online_sent_at", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    // chatRoom.list: rooms by status, newest first.
    index("chat_rooms_status_idx").on(t.status, t.createdAt),
    check("chat_rooms_status_ck", sql`${t.status} in (0, 1, 2)`),
    check("chat_rooms_packet_senders_ck", sql`${t.packetSenders} in (1, 2, 3)`),
  ],
);

/** A member muted in one room until a time (chatRoom.mute); the row stays as the mute's record. */
export const chatRoomMutes = pgTable(
  "chat_room_mutes",
  {
    roomId: bigint("room_id", { mode: "number" })
      .notNull()
      .references(() => chatRooms.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    mutedUntil: bigint("muted_until", { mode: "number" }).notNull(),
    mutedBy: bigint("muted_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    mutedAt: bigint("muted_at", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roomId, t.userId] }),
    // the muting page: current mutes by end time.
    index("chat_room_mutes_until_idx").on(t.mutedUntil),
  ],
);

/**
 * A report of a user, or of one of their messages (seed /group/report {id, msgId}), with the
 * reporter's reason. status: 'open' until an admin acts; every action is a report_actions row.
 */
export const reports = pgTable(
  "reports",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reporterId: bigint("reporter_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reportedId: bigint("reported_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    /** the reported message's channel and conversation (messages.channel_type / target_id), for its context */
    channelType: smallint("channel_type"),
    targetId: bigint("target_id", { mode: "number" }),
    reason: text("reason").notNull().default(""),
    /** the reported message as it was when reported (the seed log entry): its sender may recall it before an admin looks */
    messageSnapshot: jsonb("message_snapshot").$type<Record<string, unknown>>(),
    /** 'open' | 'dismissed' | 'actioned' */
    status: text("status").notNull().default("open"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    closedAt: bigint("closed_at", { mode: "number" }),
  },
  (t) => [
    // the admins' queue: open reports first, oldest first.
    index("reports_status_idx").on(t.status, t.createdAt),
    check("reports_status_ck", sql`${t.status} in ('open', 'dismissed', 'actioned')`),
  ],
);

/** What an admin did about a report: who, when, what (dismiss, delete, mute, ban) and its details. */
export const reportActions = pgTable(
  "report_actions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: bigint("report_id", { mode: "number" })
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    adminId: bigint("admin_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // a report's history.
    index("report_actions_report_idx").on(t.reportId, t.id),
    check("report_actions_action_ck", sql`${t.action} in ('dismiss', 'delete', 'mute', 'ban', 'unban')`),
  ],
);

export type TChatRoom = typeof chatRooms.$inferSelect;
export type TReport = typeof reports.$inferSelect;
