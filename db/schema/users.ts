import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, pgSequence, pgTable, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";

/** feeds users.mark_id (below) */
export const userMarkSeq = pgSequence("user_mark_seq", { startWith: 1 });

/** Registered accounts: members, agents and admins alike (roles are data, see site_agents). */
export const users = pgTable(
  "users",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mobile: text("mobile").notNull(),
    /**
     * seed 004 markId / uid: the public number members search for and share, distinct from the
     * internal id. n × 7919 mod 90,000,000 is a bijection (7919 is a prime not dividing 90M), so
     * the first 90 million accounts get distinct 8-digit numbers that do not count up visibly.
     */
    markId: text("mark_id")
      .notNull()
      .default(sql`((nextval('user_mark_seq') * 7919) % 90000000 + 10000000)::text`),
    /** "" for an account made by SMS sign-in that has not set a password: no password matches it */
    passwordHash: text("password_hash").notNull(),
    nickname: text("nickname").notNull(),
    avatar: text("avatar").notNull().default(""),
    /** 'member' | 'admin' — platform role. Agent rights are per site (site_agents). */
    role: text("role").notNull().default("member"),
    /** seed 004 `verified`: 1 verified, 2 not. */
    verified: integer("verified").notNull().default(2),
    /** seed sex: 0 unset, 1 male, 2 female */
    sex: smallint("sex").notNull().default(0),
    /** seed position (job title), shown to colleagues */
    position: text("position").notNull().default(""),
    /** global mute (seed /user/muted): sending anywhere is -2007 until then */
    mutedUntil: bigint("muted_until", { mode: "number" }),
    /** banned by an admin (a report's action): every session ended, sign-in refused */
    bannedAt: bigint("banned_at", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // chat33.search finds a member by markId.
    uniqueIndex("users_mark_id_uq").on(t.markId),
    // user.pwdLogin looks accounts up by mobile; one account per number.
    uniqueIndex("users_mobile_uq").on(t.mobile),
    // admin.mutes: the members muted everywhere right now (few among many).
    index("users_muted_until_idx").on(t.mutedUntil).where(sql`${t.mutedUntil} is not null`),
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
