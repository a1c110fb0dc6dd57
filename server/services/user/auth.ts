import { and, eq, isNull } from "drizzle-orm";
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

export async function memberPrincipal(deps: Deps, userId: number): Promise<MemberPrincipal | null> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return null;
  const sitesOf = await deps.db.select().from(siteAgents).where(eq(siteAgents.userId, userId));
  return {
    kind: "member",
    userId: user.id,
    nickname: user.nickname,
    avatar: user.avatar,
    role: user.role === "admin" ? "admin" : "member",
    agentSites: sitesOf.map((s) => ({ siteId: s.siteId, role: s.role === "supervisor" ? "supervisor" : "agent" })),
  };
}

/** `pm_…` member API token or `pv_…` visitor token → who is calling; null if unknown/revoked. */
export async function resolveBearer(deps: Deps, token: string): Promise<Principal | null> {
  if (token.startsWith("pm_")) {
    const [row] = await deps.db
      .select({ userId: apiTokens.userId })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
      .limit(1);
    return row ? memberPrincipal(deps, row.userId) : null;
  }
  if (token.startsWith("pv_")) {
    const [row] = await deps.db
      .select({ v: visitors })
      .from(visitorSessions)
      .innerJoin(visitors, eq(visitors.id, visitorSessions.visitorId))
      .where(and(eq(visitorSessions.tokenHash, sha256(token)), isNull(visitorSessions.revokedAt)))
      .limit(1);
    if (!row) return null;
    return { kind: "visitor", visitorId: row.v.id, siteId: row.v.siteId, name: row.v.name, customerId: row.v.customerId };
  }
  return null;
}
