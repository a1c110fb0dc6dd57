import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, pgTable, primaryKey, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    packetId: bigint("packet_id", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // a member's ledger in the admin portal, and reconciling one balance.
    index("ledger_user_coin_idx").on(t.userId, t.coinId, t.id),
    check("ledger_amount_ck", sql`${t.amount} <> 0`),
    check("ledger_kind_ck", sql`${t.kind} in ('credit', 'debit', 'packet_send', 'packet_claim', 'packet_refund')`),
    check("ledger_sign_ck", sql`(${t.kind} in ('credit', 'packet_claim', 'packet_refund')) = (${t.amount} > 0)`),
  ],
);

/**
 * The ledger's sum per member and coin, kept by the `ledger_apply` trigger only (a direct write
 * is refused) and never below zero (the CHECK fails the whole transaction that would overdraw).
 */
export const balances = pgTable(
  "balances",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    coinId: smallint("coin_id")
      .notNull()
      .references(() => coins.id, { onDelete: "restrict" }),
    amount: bigint("amount", { mode: "bigint" }).notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.coinId] }), check("balances_nonnegative_ck", sql`${t.amount} >= 0`)],
);

export type TCoin = typeof coins.$inferSelect;
