import { bigint, bigserial, index, jsonb, pgTable, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Every chat message of every channel (seed 004 channelType: 1 room, 2 group, 3 friend,
 * Parley's 4 support, 5 complaint). `id` is the wire `logId`: within one target it grows
 * in commit order, because senders lock the target row before inserting.
 */
export const messages = pgTable(
  "messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channelType: smallint("channel_type").notNull(),
    targetId: bigint("target_id", { mode: "number" }).notNull(),
    /** 'visitor' | 'member' | 'system' */
    fromType: text("from_type").notNull(),
    fromId: bigint("from_id", { mode: "number" }).notNull(),
    /** the sender's own msgId: a resend of it must not store a second message */
    clientMsgId: text("client_msg_id").notNull(),
    msgType: smallint("msg_type").notNull(),
    msg: jsonb("msg").$type<Record<string, unknown>>().notNull(),
    /** seed senderInfo, frozen at send time so history never needs a join */
    senderName: text("sender_name").notNull().default(""),
    senderAvatar: text("sender_avatar").notNull().default(""),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    /** recalled by its sender (or a moderator): history shows "message recalled" from then on */
    recalledAt: bigint("recalled_at", { mode: "number" }),
    /** who recalled it: the sender, or a group's owner or admin */
    recalledBy: bigint("recalled_by", { mode: "number" }),
  },
  (t) => [
    // chatLog paging (startId backwards, afterId forwards) inside one conversation.
    index("messages_target_idx").on(t.channelType, t.targetId, t.id),
    // idempotent send: the same sender's msgId in the same target is stored once.
    uniqueIndex("messages_client_msg_uq").on(t.channelType, t.targetId, t.fromType, t.fromId, t.clientMsgId),
  ],
);

export type TMessage = typeof messages.$inferSelect;
