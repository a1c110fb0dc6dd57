import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

/** A shop that embeds the widget. `key` is public (in the script tag); `secret` signs identities. */
export const sites = pgTable(
  "sites",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    secret: text("secret").notNull(),
    /** Origins allowed to embed the widget, CSP source syntax (`http://localhost:*`). */
    allowedOrigins: jsonb("allowed_origins").$type<string[]>().notNull().default([]),
    /** When true, anonymous visitors are refused: the shop must pass a signed identity. */
    requireIdentity: boolean("require_identity").notNull().default(false),
    greeting: text("greeting").notNull().default(""),
    color: text("color").notNull().default("#4f46e5"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // the widget resolves its site by the public key on every session.
    uniqueIndex("sites_key_uq").on(t.key),
  ],
);

/** Who answers a site's conversations. role: 'agent' | 'supervisor'. */
export const siteAgents = pgTable(
  "site_agents",
  {
    siteId: bigint("site_id", { mode: "number" })
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull().default("agent"),
    /** Open conversations routed to this agent at most at once. */
    capacity: integer("capacity").notNull().default(10),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.userId] }),
    // "which sites does this agent serve" on sign-in and on every ws connect.
    index("site_agents_user_idx").on(t.userId),
  ],
);

/** The availability an agent chose (seed 002 32500 suspend/resume). Connection presence is separate. */
export const agentStatus = pgTable("agent_status", {
  userId: bigint("user_id", { mode: "number" })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** 'online' | 'away' | 'offline' */
  status: text("status").notNull().default("offline"),
  updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
});

export type TSite = typeof sites.$inferSelect;
