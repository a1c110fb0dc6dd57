import { guestFromToken } from "../room/guest";
import { and, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { preparedFor } from "../../../db/prepared";
import { rawQuery } from "../../../db/raw";
import { apiTokens, siteAgents, users, visitorSessions, visitors, type TUser } from "../../../db/schema";
import { hashPassword, newToken, sha256, verifyPassword } from "../../crypto";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal, Principal } from "../deps";
import { now } from "../deps";
import type { SessionDevice } from "./device";
import { closeSessions, memberSessionId, SessionEnd, sessionRowId, visitorSessionId } from "./sessions";

/** Spent on a missing account too, so timing does not reveal which numbers exist. */
let dummyHash: Promise<string> | undefined;

/**
 * The account whose password this is, else -2001 (the same for a missing account, a wrong
 * password and an account made by SMS sign-in that has no password yet, "").
 */
export async function checkPassword(deps: Deps, mobile: string, password: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.mobile, mobile)).limit(1);
  const stored = user?.passwordHash || (await (dummyHash ??= hashPassword("parley-timing-equalizer")));
  const ok = await verifyPassword(password, stored);
  if (!user || !user.passwordHash || !ok) throw new AppError(-2001, "wrong mobile number or password");
  return user;
}

/** seed 004 /user/pwdLogin: check the password, issue a revocable API token for this device type. */
export async function pwdLogin(deps: Deps, input: { mobile: string; password: string; device: SessionDevice }) {
  const user = await checkPassword(deps, input.mobile, input.password);
  const token = await issueMemberToken(deps, user.id, input.device);
  return { ...(await loginShape(deps, user.id)), token };
}

/**
 * A new API token for this user on this device type. One active session per device type
 * (seed 004, -1007 "logged in elsewhere"): the user's other tokens of the same device are
 * revoked in the same transaction, and their sockets closed on every process.
 */
export async function issueMemberToken(deps: Deps, userId: number, device: SessionDevice): Promise<string> {
  const { token, replaced } = await deps.db.transaction((tx) => insertMemberToken(tx, userId, device));
  await closeSessions(deps, replaced, SessionEnd.elsewhere);
  return token;
}

/**
 * issueMemberToken's writes inside the caller's transaction (an SMS sign-in spends its code in
 * the same one). `replaced` are the ended sessions: after commit, `closeSessions(deps, replaced,
 * SessionEnd.elsewhere)`.
 */
export async function insertMemberToken(tx: DbOrTx, userId: number, device: SessionDevice) {
  await refuseBanned(tx, userId);
  const token = newToken("pm");
  const replaced = await revokeTokensWhere(tx, and(eq(apiTokens.userId, userId), eq(apiTokens.device, device)));
  await tx.insert(apiTokens).values({ userId, tokenHash: sha256(token), device, createdAt: now() });
  return { token, replaced };
}

/** what a suspended account hears when it tries to sign in (-3000) */
export const ACCOUNT_SUSPENDED = "this account is suspended";

/**
 * A suspended account (services/user/ban.ts) gets no new session, on any sign-in path — they
 * all issue their token here, after the password or code was checked, so the answer never tells
 * a stranger which accounts are suspended. The row lock meets the ban's UPDATE: a sign-in that
 * races a ban either commits first (and the ban revokes its token) or sees banned_at.
 */
async function refuseBanned(tx: DbOrTx, userId: number) {
  const [row] = await tx.select({ bannedAt: users.bannedAt }).from(users).where(eq(users.id, userId)).for("share");
  if (row?.bannedAt != null) throw new AppError(-3000, ACCOUNT_SUSPENDED);
}

/** seed userLevel: 1 ordinary user, 2 客服 (an agent of some site); Parley adds 3 admin. */
export async function userLevelOf(db: DbOrTx, user: Pick<TUser, "id" | "role">): Promise<1 | 2 | 3> {
  if (user.role === "admin") return 3;
  const [agentOf] = await db.select({ siteId: siteAgents.siteId }).from(siteAgents).where(eq(siteAgents.userId, user.id)).limit(1);
  return agentOf ? 2 : 1;
}

/** The seed's login answer (without the token): account, id, uid (the public markId), user_level, … */
export async function loginShape(deps: Deps, userId: number) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError(-2001);
  return {
    account: user.mobile,
    id: String(user.id),
    uid: user.markId,
    user_level: await userLevelOf(deps.db, user),
    avatar: user.avatar,
    username: user.nickname,
    verified: user.verified,
  };
}

/** Revokes the still-active tokens `which` selects; their session ids, for closeSessions after commit. */
async function revokeTokensWhere(db: DbOrTx, which: SQL | undefined): Promise<string[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now() })
    .where(and(which, isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.map((r) => memberSessionId(r.id));
}

/** The console's sign-out: the token stops working and its sockets close everywhere. */
export async function revokeToken(deps: Deps, token: string) {
  await closeSessions(deps, await revokeTokensWhere(deps.db, eq(apiTokens.tokenHash, sha256(token))), SessionEnd.signedOut);
}

/** user.logout: the session this request came with (Bearer or the console's cookie) ends everywhere. */
export async function logout(deps: Deps, p: MemberPrincipal) {
  await closeSessions(deps, await revokeTokensWhere(deps.db, eq(apiTokens.id, sessionRowId(p.sessionId))), SessionEnd.signedOut);
  return {};
}

/** A changed password ends every other session of the account (a stolen one included); the caller's own goes on. */
export async function revokeOtherSessions(deps: Deps, p: MemberPrincipal) {
  const ended = await revokeTokensWhere(deps.db, and(eq(apiTokens.userId, p.userId), ne(apiTokens.id, sessionRowId(p.sessionId))));
  await closeSessions(deps, ended, SessionEnd.revoked);
  return ended.length;
}

/** admin.revokeSessions: every token of a user (all devices, the console too) ends now. */
export async function revokeUserSessions(deps: Deps, userId: number) {
  const ended = await revokeUserTokens(deps.db, userId);
  await closeSessions(deps, ended, SessionEnd.revoked);
  return { revoked: ended.length };
}

/** revokeUserSessions' write inside the caller's transaction (a ban); closeSessions the result after commit */
export const revokeUserTokens = (tx: DbOrTx, userId: number) => revokeTokensWhere(tx, eq(apiTokens.userId, userId));

/** A member with the sites they serve (users ⟕ site_agents), one row per site: MEMBERS_BY_TOKENS below. */
type MemberRow = { tokenId: number; id: number; nickname: string; avatar: string; role: string; siteId: number | null; siteRole: string | null };

const visitorByToken = (db: Db) =>
  preparedFor(db, "visitor_by_token", () =>
    db
      .select({ v: visitors, sessionId: visitorSessions.id })
      .from(visitorSessions)
      .innerJoin(visitors, eq(visitors.id, visitorSessions.visitorId))
      .where(
        and(
          eq(visitorSessions.tokenHash, sql.placeholder("hash")),
          isNull(visitorSessions.revokedAt),
          gt(visitorSessions.expiresAt, sql.placeholder("now")),
        ),
      )
      .limit(1)
      .prepare("visitor_by_token"),
  );

function toMemberPrincipal(rows: MemberRow[]): MemberPrincipal | null {
  const user = rows[0];
  if (!user) return null;
  return {
    kind: "member",
    sessionId: memberSessionId(user.tokenId),
    userId: user.id,
    nickname: user.nickname,
    avatar: user.avatar,
    role: user.role === "admin" ? "admin" : "member",
    agentSites: rows
      .filter((r) => r.siteId !== null)
      .map((r) => ({ siteId: r.siteId!, role: r.siteRole === "supervisor" ? "supervisor" : "agent" })),
  };
}

/**
 * Member tokens → the member with the sites they serve, in one round trip: it runs on every API
 * call and every ws connect. Looked up together: every request and ws connect resolves its token, and under
 * load hundreds arrive at once — the hashes that come in during one turn of the event loop are
 * resolved by one statement (memberByToken's, for many hashes), not one round trip each. Nothing
 * is kept between batches: a revoked token fails from the next batch on, as it did alone.
 */
const MEMBERS_BY_TOKENS = `
  select r.hash, t.id as "tokenId", u.id, u.nickname, u.avatar, u.role, sa.site_id as "siteId", sa.role as "siteRole"
  from json_array_elements_text($1::json) as r(hash)
  -- each hash by its unique index, whatever the table's size or statistics: joined plainly, the
  -- (generic, prepared) plan scanned api_tokens or users whole for every batch
  cross join lateral (select t.id, t.user_id from api_tokens t where t.token_hash = r.hash and t.revoked_at is null limit 1) t
  -- a suspended account's tokens are no credential, even one issued while a ban committed
  cross join lateral (select u.id, u.nickname, u.avatar, u.role from users u where u.id = t.user_id and u.banned_at is null limit 1) u
  left join site_agents sa on sa.user_id = u.id`;
/** the most hashes one statement asks for */
const TOKEN_BATCH_MAX = 500;

class MemberTokenBatch {
  private waiting = new Map<string, { resolve: (rows: MemberRow[]) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;
  constructor(private db: Db) {}

  lookup(hash: string): Promise<MemberRow[]> {
    return new Promise((resolve, reject) => {
      let list = this.waiting.get(hash);
      if (!list) this.waiting.set(hash, (list = []));
      list.push({ resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        while (this.waiting.size) void this.run(this.take());
      });
    });
  }

  private take() {
    const batch = new Map<string, { resolve: (rows: MemberRow[]) => void; reject: (e: unknown) => void }[]>();
    for (const [hash, list] of this.waiting) {
      if (batch.size >= TOKEN_BATCH_MAX) break;
      batch.set(hash, list);
      this.waiting.delete(hash);
    }
    return batch;
  }

  private async run(batch: Map<string, { resolve: (rows: MemberRow[]) => void; reject: (e: unknown) => void }[]>) {
    let rows: Record<string, unknown>[];
    try {
      rows = await rawQuery(this.db, MEMBERS_BY_TOKENS, [JSON.stringify([...batch.keys()])]);
    } catch (err) {
      for (const list of batch.values()) for (const w of list) w.reject(err);
      return;
    }
    const byHash = new Map<string, MemberRow[]>();
    for (const r of rows) {
      const hash = String(r.hash);
      let list = byHash.get(hash);
      if (!list) byHash.set(hash, (list = []));
      list.push({
        tokenId: Number(r.tokenId),
        id: Number(r.id),
        nickname: String(r.nickname),
        avatar: String(r.avatar),
        role: String(r.role),
        siteId: r.siteId === null || r.siteId === undefined ? null : Number(r.siteId),
        siteRole: r.siteRole === null || r.siteRole === undefined ? null : String(r.siteRole),
      });
    }
    for (const [hash, list] of batch) for (const w of list) w.resolve(byHash.get(hash) ?? []);
  }
}
const tokenBatches = new WeakMap<Db, MemberTokenBatch>();
function memberRowsByToken(db: Db, hash: string) {
  let b = tokenBatches.get(db);
  if (!b) tokenBatches.set(db, (b = new MemberTokenBatch(db)));
  return b.lookup(hash);
}

/** `pm_…` member API token or `pv_…` visitor token → who is calling; null if unknown/revoked. */
export async function resolveBearer(deps: Deps, token: string): Promise<Principal | null> {
  if (token.startsWith("pm_")) return toMemberPrincipal(await memberRowsByToken(deps.db, sha256(token)));
  if (token.startsWith("pv_")) {
    const [row] = await visitorByToken(deps.db).execute({ hash: sha256(token), now: now() });
    if (!row) return null;
    return {
      kind: "visitor",
      sessionId: visitorSessionId(row.sessionId),
      visitorId: row.v.id,
      siteId: row.v.siteId,
      name: row.v.name,
      customerId: row.v.customerId,
    };
  }
  if (token.startsWith("pg_")) return guestFromToken(token);
  return null;
}
