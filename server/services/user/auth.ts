import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { preparedFor } from "../../../db/prepared";
import { apiTokens, siteAgents, users, visitorSessions, visitors } from "../../../db/schema";
import { hashPassword, newToken, sha256, verifyPassword } from "../../crypto";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal, Principal } from "../deps";
import { now } from "../deps";

/** Spent on a missing account too, so timing does not reveal which numbers exist. */
let dummyHash: Promise<string> | undefined;

export async function checkPassword(deps: Deps, mobile: string, password: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.mobile, mobile)).limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword("parley-timing-equalizer"))));
  if (!user || !ok) throw new AppError(-2001, "wrong mobile number or password");
  return user;
}

/** seed 004 /user/pwdLogin: check the password, issue a revocable API token. */
export async function pwdLogin(deps: Deps, input: { mobile: string; password: string; device?: string }) {
  const user = await checkPassword(deps, input.mobile, input.password);
  const token = newToken("pm");
  await deps.db.insert(apiTokens).values({
    userId: user.id,
    tokenHash: sha256(token),
    device: input.device ?? "web",
    createdAt: now(),
  });
  return { ...(await loginShape(deps, user.id)), token };
}

/** The seed's login answer (without the token): account, id, uid, user_level, … */
export async function loginShape(deps: Deps, userId: number) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError(-2001);
  const sitesOf = await deps.db.select().from(siteAgents).where(eq(siteAgents.userId, userId));
  return {
    account: user.mobile,
    id: String(user.id),
    uid: String(user.id),
    // seed userLevel: 1 ordinary user, 2 客服 (agent); Parley adds 3 admin.
    user_level: user.role === "admin" ? 3 : sitesOf.length > 0 ? 2 : 1,
    avatar: user.avatar,
    username: user.nickname,
    verified: user.verified,
  };
}

export async function revokeToken(deps: Deps, token: string) {
  await deps.db.update(apiTokens).set({ revokedAt: now() }).where(eq(apiTokens.tokenHash, sha256(token)));
}

/**
 * A member with the sites they serve, in one round trip (users ⟕ site_agents): it runs on every
 * API call and every ws connect of the console.
 */
const memberColumns = {
  id: users.id,
  nickname: users.nickname,
  avatar: users.avatar,
  role: users.role,
  siteId: siteAgents.siteId,
  siteRole: siteAgents.role,
};
type MemberRow = { id: number; nickname: string; avatar: string; role: string; siteId: number | null; siteRole: string | null };

const memberById = (db: Db) =>
  preparedFor(db, "member_by_id", () =>
    db
      .select(memberColumns)
      .from(users)
      .leftJoin(siteAgents, eq(siteAgents.userId, users.id))
      .where(eq(users.id, sql.placeholder("id")))
      .prepare("member_by_id"),
  );

const memberByToken = (db: Db) =>
  preparedFor(db, "member_by_token", () =>
    db
      .select(memberColumns)
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .leftJoin(siteAgents, eq(siteAgents.userId, users.id))
      .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt)))
      .prepare("member_by_token"),
  );

const visitorByToken = (db: Db) =>
  preparedFor(db, "visitor_by_token", () =>
    db
      .select({ v: visitors })
      .from(visitorSessions)
      .innerJoin(visitors, eq(visitors.id, visitorSessions.visitorId))
      .where(and(eq(visitorSessions.tokenHash, sql.placeholder("hash")), isNull(visitorSessions.revokedAt)))
      .limit(1)
      .prepare("visitor_by_token"),
  );

function toMemberPrincipal(rows: MemberRow[]): MemberPrincipal | null {
  const user = rows[0];
  if (!user) return null;
  return {
    kind: "member",
    userId: user.id,
    nickname: user.nickname,
    avatar: user.avatar,
    role: user.role === "admin" ? "admin" : "member",
    agentSites: rows
      .filter((r) => r.siteId !== null)
      .map((r) => ({ siteId: r.siteId!, role: r.siteRole === "supervisor" ? "supervisor" : "agent" })),
  };
}

export async function memberPrincipal(deps: Deps, userId: number): Promise<MemberPrincipal | null> {
  return toMemberPrincipal(await memberById(deps.db).execute({ id: userId }));
}

/** `pm_…` member API token or `pv_…` visitor token → who is calling; null if unknown/revoked. */
export async function resolveBearer(deps: Deps, token: string): Promise<Principal | null> {
  if (token.startsWith("pm_")) return toMemberPrincipal(await memberByToken(deps.db).execute({ hash: sha256(token) }));
  if (token.startsWith("pv_")) {
    const [row] = await visitorByToken(deps.db).execute({ hash: sha256(token) });
    if (!row) return null;
    return { kind: "visitor", visitorId: row.v.id, siteId: row.v.siteId, name: row.v.name, customerId: row.v.customerId };
  }
  return null;
}
