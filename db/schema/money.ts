import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, bigserial, boolean, check, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * A currency members hold (seed 004 `coin`: 1 BTY, 2 YCC), created by admins. Amounts are
 * integers of its smallest unit everywhere in the database: `decimals` says where the point is
 * on the wire (2: 1234 is "12.34").
 */
export const coins = pgTable(
  "coins",
  {
    // the seed's coins are 1 and 2 (demo data); admins' coins are numbered from 100
    id: smallint("id").primaryKey().generatedByDefaultAsIdentity({ startWith: 100 }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    decimals: smallint("decimals").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // admins name coins by code; one coin per code.
    uniqueIndex("coins_code_uq").on(t.code),
    check("coins_decimals_ck", sql`${t.decimals} between 0 and 12`),
  ],
);

/**
 * Every change of a balance, and nothing else changes one: a row is never updated or deleted
 * (triggers refuse it), and inserting one moves the balance in the same statement (the
 * `ledger_apply` trigger, migration 0009) — a balance is what its rows add up to by
 * construction. kind: credit / debit (an admin, with a reason), packet_send, packet_claim,
 * packet_refund (red packets).
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    coinId: smallint("coin_id")
      .notNull()
      .references(() => coins.id, { onDelete: "restrict" }),
    /** signed, in the coin's smallest unit; never 0 */
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    kind: text("kind").notNull(),
    reason: text("reason").notNull().default(""),
    /** the admin who credited or debited */
    byUserId: bigint("by_user_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    /** the red packet a packet_* row belongs to */
    packetId: bigint("packet_id", { mode: "number" }).references((): AnyPgColumn => redPackets.id, { onDelete: "restrict" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // a member's ledger in the admin portal, and reconciling one balance.
    index("ledger_user_coin_idx").on(t.userId, t.coinId, t.id),
    check("ledger_amount_ck", sql`${t.amount} <> 0`),
    check("ledger_kind_ck", sql`${t.kind} in ('credit', 'debit', 'packet_send', 'packet_claim', 'packet_refund')`),
    check("ledger_sign_ck", sql`(${t.kind} in ('credit', 'packet_claim', 'packet_refund')) = (${t.amount} > 0)`),
    // a packet is paid for once, refunded at most once, and pays a member at most one share:
    // a double send, refund or claim is a unique violation, whatever the code above did
    check("ledger_packet_ck", sql`(${t.kind} like 'packet_%') = (${t.packetId} is not null)`),
    uniqueIndex("ledger_packet_send_uq").on(t.packetId).where(sql`${t.kind} = 'packet_send'`),
    uniqueIndex("ledger_packet_refund_uq").on(t.packetId).where(sql`${t.kind} = 'packet_refund'`),
    uniqueIndex("ledger_packet_claim_uq").on(t.packetId, t.userId).where(sql`${t.kind} = 'packet_claim'`),
  ],
);

/**
 * The ledger's sum per member and coin, kept by the `ledger_apply` trigger only (a direct write
 * is refused) and never below zero (the CHECK fails the whole transaction that would overdraw).
 */
export const balances = pgTable(
  "balances",
  {
    // no foreign keys of its own: a balance row is written only from ledger rows (ledger_apply),
    // whose keys have just checked the same member and coin (migration 0014)
    userId: bigint("user_id", { mode: "number" }).notNull(),
    coinId: smallint("coin_id").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.coinId] }), check("balances_nonnegative_ck", sql`${t.amount} >= 0`)],
);

/** seed packetType: 1 lucky (random shares, "拼手气"), 2 equal (every share the same) */
export const PacketType = { lucky: 1, equal: 2 } as const;

/**
 * A red packet (seed 004 红包): `total` of a coin split into `count` shares when it is sent
 * (red_packet_shares), posted as a msgType 4 message into a friend chat, a group or a chat
 * room (channel_type + target_id: the thread). The wire names it by `public_id` (the seed's
 * uuid packetId; its link is a bearer capability, so it is unguessable). The database holds
 * the invariants (migration 0013): its shares add up to the total, its sender's ledger row is
 * exactly −total, and once refunded, the refund row is exactly what was left.
 */
export const redPackets = pgTable(
  "red_packets",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    publicId: uuid("public_id").notNull().defaultRandom(),
    senderId: bigint("sender_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    coinId: smallint("coin_id")
      .notNull()
      .references(() => coins.id, { onDelete: "restrict" }),
    type: smallint("type").notNull(),
    count: integer("count").notNull(),
    total: bigint("total", { mode: "bigint" }).notNull(),
    greeting: text("greeting").notNull().default(""),
    /** only accounts made after the packet was sent may claim it (-4004) */
    newMembersOnly: boolean("new_members_only").notNull().default(false),
    channelType: smallint("channel_type").notNull(),
    /** the thread it was posted in (friend thread, group or chat room id) */
    targetId: bigint("target_id", { mode: "number" }).notNull(),
    messageId: bigint("message_id", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    /** set once, by the expiry job, in the transaction that returns what was left */
    refundedAt: bigint("refunded_at", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("red_packets_public_id_uq").on(t.publicId),
    // send records by month; the admin's packets page
    index("red_packets_sender_idx").on(t.senderId, t.createdAt),
    index("red_packets_created_idx").on(t.createdAt),
    // the expiry job: packets due and not refunded yet
    index("red_packets_due_idx").on(t.expiresAt).where(sql`${t.refundedAt} is null`),
    check("red_packets_type_ck", sql`${t.type} in (1, 2)`),
    check("red_packets_count_ck", sql`${t.count} >= 1`),
    check("red_packets_total_ck", sql`${t.total} >= ${t.count}`),
    check("red_packets_channel_ck", sql`${t.channelType} in (1, 2, 3)`),
  ],
);

/**
 * One share of a packet, cut when it was sent. A share is free, grabbed by link (a `mark`,
 * held for PARLEY_PACKET_HOLD_MS until entered), claimed (claimed_by: the ledger row is written
 * by the share_claim trigger, so a share cannot be claimed without being paid), or refunded —
 * and it moves forward only (share_transitions refuses anything else).
 */
export const redPacketShares = pgTable(
  "red_packet_shares",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    packetId: bigint("packet_id", { mode: "number" })
      .notNull()
      .references(() => redPackets.id, { onDelete: "restrict" }),
    /** 1…count: free shares are taken in this order */
    seq: integer("seq").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    // no foreign key of its own: claiming a share writes its ledger row in the same statement
    // (share_claim), whose user_id key checks this member (migration 0015)
    claimedBy: bigint("claimed_by", { mode: "number" }),
    claimedAt: bigint("claimed_at", { mode: "number" }),
    /** grabbed by link (seed /red-packet/receive): the mark its grabber enters with */
    mark: uuid("mark"),
    grabbedAt: bigint("grabbed_at", { mode: "number" }),
    refundedAt: bigint("refunded_at", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("red_packet_shares_seq_uq").on(t.packetId, t.seq),
    // one share per member per packet
    uniqueIndex("red_packet_shares_claimer_uq").on(t.packetId, t.claimedBy).where(sql`${t.claimedBy} is not null`),
    uniqueIndex("red_packet_shares_mark_uq").on(t.mark).where(sql`${t.mark} is not null`),
    // receive records by month
    index("red_packet_shares_claimed_idx").on(t.claimedBy, t.claimedAt).where(sql`${t.claimedBy} is not null`),
    check("red_packet_shares_amount_ck", sql`${t.amount} > 0`),
    check("red_packet_shares_claim_ck", sql`(${t.claimedBy} is null) = (${t.claimedAt} is null)`),
    check("red_packet_shares_state_ck", sql`not (${t.claimedBy} is not null and ${t.refundedAt} is not null)`),
  ],
);

export type TCoin = typeof coins.$inferSelect;
export type TRedPacket = typeof redPackets.$inferSelect;
export type TRedPacketShare = typeof redPacketShares.$inferSelect;
