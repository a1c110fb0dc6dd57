import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sites } from "./sites";
import { users } from "./users";

/** A shopper as the widget knows them: anonymous, or bound to the shop's customer id. */
export const visitors = pgTable(
  "visitors",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    siteId: bigint("site_id", { mode: "number" })
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** The shop's own customer id, set only from a verified identity signature. */
    customerId: text("customer_id"),
    name: text("name").notNull().default(""),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    lastSeenAt: bigint("last_seen_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // a signed-in customer is one visitor per site, whichever browser they use.
    uniqueIndex("visitors_customer_uq").on(t.siteId, t.customerId).where(sql`${t.customerId} is not null`),
  ],
);

/**
 * One browser's hold on a visitor: the visitor token (`pv_…`) is handed out once and only its
 * SHA-256 is kept. A signed-in customer on two devices is one visitor with two sessions.
 */
export const visitorSessions = pgTable(
  "visitor_sessions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    visitorId: bigint("visitor_id", { mode: "number" })
      .notNull()
      .references(() => visitors.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    /** the token stops working at this time; every widget.session that resumes it pushes it on (PARLEY_VISITOR_SESSION_TTL_MS) */
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    revokedAt: bigint("revoked_at", { mode: "number" }),
  },
  (t) => [
    // bearer-token lookup on every widget request and ws connect.
    uniqueIndex("visitor_sessions_token_uq").on(t.tokenHash),
  ],
);

/**
 * One support conversation between a visitor and the site's agents.
 * status: 'waiting' (no agent yet) | 'open' (agent assigned) | 'closed'.
 * Counters are kept in the row and changed in the same transaction as the message,
 * so the inbox never counts messages it cannot show.
 */
export const supportConversations = pgTable(
  "support_conversations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    siteId: bigint("site_id", { mode: "number" })
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    visitorId: bigint("visitor_id", { mode: "number" })
      .notNull()
      .references(() => visitors.id, { onDelete: "cascade" }),
    status: text("status").notNull().default("waiting"),
    agentId: bigint("agent_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    lastMessageId: bigint("last_message_id", { mode: "number" }),
    lastMessageAt: bigint("last_message_at", { mode: "number" }),
    /** visitor messages the agent side has not read / agent messages the visitor has not read */
    agentUnread: integer("agent_unread").notNull().default(0),
    visitorUnread: integer("visitor_unread").notNull().default(0),
    agentReadId: bigint("agent_read_id", { mode: "number" }).notNull().default(0),
    visitorReadId: bigint("visitor_read_id", { mode: "number" }).notNull().default(0),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // one live conversation per visitor: widget.session finds or creates it.
    uniqueIndex("support_conv_visitor_open_uq").on(t.visitorId).where(sql`${t.status} <> 'closed'`),
    // support.chatList "waiting"/"all" tabs and the waiting queue: a site's conversations by
    // status (a few hundred at most; sorted by last_message_at in memory). last_message_at is
    // deliberately NOT indexed: it changes with every message, and keeping every indexed column
    // unchanged lets PostgreSQL update the row in place (HOT), without touching any index.
    index("support_conv_site_status_idx").on(t.siteId, t.status),
    // support.chatList "mine" tab and least-busy routing (count open per agent).
    index("support_conv_agent_status_idx").on(t.agentId, t.status),
  ],
);

export type TSupportConversation = typeof supportConversations.$inferSelect;
