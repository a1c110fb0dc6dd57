import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * A conversation of a member channel (friend pair now; groups and chat rooms later): the row
 * the message writer locks, so logIds within one thread grow in commit order. Messages of the
 * thread are `messages` rows with (channel_type, target_id = threads.id).
 */
export const threads = pgTable("threads", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  channelType: smallint("channel_type").notNull(),
  lastMessageId: bigint("last_message_id", { mode: "number" }),
  lastMessageAt: bigint("last_message_at", { mode: "number" }),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

/**
 * Who is in a thread, and how far each has read: unread = the thread's messages from others
 * after read_id (a difference, never a counter that can drift). left_at set = no longer
 * receives or reads it (a deleted friend, a member who left a group).
 */
export const threadMembers = pgTable(
  "thread_members",
  {
    threadId: bigint("thread_id", { mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readId: bigint("read_id", { mode: "number" }).notNull().default(0),
    joinedAt: bigint("joined_at", { mode: "number" }).notNull(),
    leftAt: bigint("left_at", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.threadId, t.userId] }),
    // a socket's live subscriptions on connect, and "my conversations" lists.
    index("thread_members_user_idx").on(t.userId),
  ],
);

/**
 * One row per direction of a friendship (seed 004 /friend/*): my remark for them, my
 * do-not-disturb and pin. Both rows share one thread. deleted_at set = no longer friends
 * (the seed's isDelete 2); the thread and its history stay for when they are friends again.
 */
export const friendships = pgTable(
  "friendships",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    friendId: bigint("friend_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    threadId: bigint("thread_id", { mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    remark: text("remark").notNull().default(""),
    /** seed noDisturbing: 1 on, 2 off */
    noDisturbing: smallint("no_disturbing").notNull().default(2),
    /** seed onTop / stickyOnTop: 1 pinned, 2 not */
    onTop: smallint("on_top").notNull().default(2),
    /** seed commonlyUsed: 1 ordinary, 2 frequently used */
    commonlyUsed: smallint("commonly_used").notNull().default(1),
    addTime: bigint("add_time", { mode: "number" }).notNull(),
    deletedAt: bigint("deleted_at", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.friendId] }),
    // the friend chat's thread → the pair (for message entries and access)
    index("friendships_thread_idx").on(t.threadId),
  ],
);

/** seed 004 friend requests (/friend/add → /friend/response). status: 1 waiting, 2 refused, 3 accepted. */
export const friendRequests = pgTable(
  "friend_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fromId: bigint("from_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toId: bigint("to_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull().default(""),
    /** the remark the requester gives the new friend, applied when accepted */
    remark: text("remark").notNull().default(""),
    /** seed roomId: the group the requester found them in, if any */
    roomId: bigint("room_id", { mode: "number" }),
    status: smallint("status").notNull().default(1),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    handledAt: bigint("handled_at", { mode: "number" }),
  },
  (t) => [
    // one waiting request per direction: a second /friend/add refreshes it instead
    uniqueIndex("friend_requests_waiting_uq").on(t.fromId, t.toId).where(sql`${t.status} = 1`),
    // requestList / applyList: requests to me, newest first, paged by id
    index("friend_requests_to_idx").on(t.toId, t.id),
    // applyList also lists the requests I sent
    index("friend_requests_from_idx").on(t.fromId, t.id),
  ],
);

/** "delete for me" (seed /chat33/ delete): the message stays for everyone else. */
export const messageHides = pgTable(
  "message_hides",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: bigint("message_id", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

/**
 * Codes sent by /send/sms. Only the SHA-256 of a code is kept. A code is good for one
 * sign-in within its expiry; wrong guesses count in `attempts`.
 */
export const smsCodes = pgTable(
  "sms_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mobile: text("mobile").notNull(),
    codeHash: text("code_hash").notNull(),
    ip: text("ip").notNull().default(""),
    attempts: integer("attempts").notNull().default(0),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    usedAt: bigint("used_at", { mode: "number" }),
  },
  (t) => [
    // the newest code of a number (sign-in) and codes per number per day (the send limits)
    index("sms_codes_mobile_idx").on(t.mobile, t.createdAt),
    // codes per address per day (SMS pumping)
    index("sms_codes_ip_idx").on(t.ip, t.createdAt),
  ],
);

/** The development SMS provider's outbox: what would have been texted (admin.smsOutbox, /admin/sms). */
export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mobile: text("mobile").notNull(),
    text: text("text").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // admin.smsOutbox {mobile}: the newest texts to one number
    index("sms_outbox_mobile_idx").on(t.mobile, t.id),
  ],
);

export type TThread = typeof threads.$inferSelect;
export type TFriendship = typeof friendships.$inferSelect;
export type TFriendRequest = typeof friendRequests.$inferSelect;
