// Banning an account (a report's "ban" action) and lifting it (admin.unban). A ban is
// users.banned_at: every session ends at once (tokens revoked, sockets closed with 4001 and
// event 101 -3000), resolveBearer stops accepting the account's tokens, and every sign-in path
// refuses it with -3000 "this account is suspended" (both rules in services/user/auth.ts, where
// tokens are resolved and issued).
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { users } from "../../../db/schema";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal } from "../deps";
import { revokeUserTokens } from "./auth";
import { closeSessions, SessionEnd } from "./sessions";

/**
 * The ban's writes in the caller's transaction; `announce` closes the ended sessions' sockets
 * after the commit. Banning again keeps the first ban's time. Yourself -2021, no such user -2001.
 */
export async function writeBan(tx: DbOrTx, admin: MemberPrincipal, userId: number) {
  if (userId === admin.userId) throw new AppError(-2021);
  const [row] = await tx
    .update(users)
    .set({ bannedAt: sql`coalesce(${users.bannedAt}, ${clock.now()}::bigint)` })
    .where(eq(users.id, userId))
    .returning({ bannedAt: users.bannedAt });
  if (!row) throw new AppError(-2001);
  const ended = await revokeUserTokens(tx, userId);
  return {
    bannedAt: row.bannedAt!,
    sessionsEnded: ended.length,
    announce: (deps: Deps) => closeSessions(deps, ended, SessionEnd.suspended),
  };
}

/** admin.unban: the account may sign in again (its old sessions stay ended). No such user -2001. */
export async function unbanUser(deps: Deps, userId: number) {
  const [row] = await deps.db.update(users).set({ bannedAt: null }).where(eq(users.id, userId)).returning({ id: users.id });
  if (!row) throw new AppError(-2001);
  return {};
}
