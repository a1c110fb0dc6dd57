import { bigint, bigserial, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/** Registered accounts: members, agents and admins alike (roles are data, see site_agents). */
export const users = pgTable(
  "users",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mobile: text("mobile").notNull(),
    passwordHash: text("password_hash").notNull(),
    nickname: text("nickname").notNull(),
    avatar: text("avatar").notNull().default(""),
    /** 'member' | 'admin' — platform role. Agent rights are per site (site_agents). */
    role: text("role").notNull().default("member"),
    /** seed 004 `verified`: 1 verified, 2 not. */
    verified: integer("verified").notNull().default(2),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // user.pwdLogin looks accounts up by mobile; one account per number.
    uniqueIndex("users_mobile_uq").on(t.mobile),
  ],
);

/** Revocable API tokens (`Authorization: Bearer pm_…`, `/ws?token=`). Only the SHA-256 is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    device: text("device").notNull().default("web"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    lastUsedAt: bigint("last_used_at", { mode: "number" }),
    revokedAt: bigint("revoked_at", { mode: "number" }),
  },
  (t) => [
    // every authenticated request resolves its bearer token by hash.
    uniqueIndex("api_tokens_hash_uq").on(t.tokenHash),
    // user.logout / "sign out everywhere" revokes by user.
    index("api_tokens_user_idx").on(t.userId),
  ],
);

export type TUser = typeof users.$inferSelect;
