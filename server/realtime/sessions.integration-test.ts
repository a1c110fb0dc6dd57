// Ending a session ends its access everywhere: every request and every socket that came with
// that credential — logout, an admin's revocation, a session replaced by a newer sign-in on the
// same device type, a console sign-out, the widget's identify(null) — and visitor tokens expire.
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users, visitorSessions } from "../../db/schema";
import { CONSOLE_TOKEN_CLAIM } from "../auth/console-session";
import { sha256 } from "../crypto";
import { takeLoginToken } from "../rate-limit";
import type { Parley } from "../runtime";
import { createAgent, createSite, newVisitor, startTestParley, TEST_PASSWORD, TestSocket, trpc } from "../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => parley.close());

/** resolves "late" if the socket is still open after `ms` — the bound the issue sets is a second */
const closedWithin = (s: TestSocket, ms = 1_000) =>
  Promise.race([s.closed, new Promise<"late">((r) => setTimeout(() => r("late"), ms).unref())]);

const pwdLogin = async (mobile: string, device?: string) => {
  const res = await trpc(parley.url, "user.pwdLogin", { mobile, password: TEST_PASSWORD, ...(device ? { device } : {}) });
  expect(res.ok).toBe(true);
  return (res.data as { token: string }).token;
};

describe("member sessions", () => {
  it("user.logout closes the sockets opened with that token (4001) and the token stops working", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const token = await pwdLogin(agent.mobile, "pc");
    const ws = await TestSocket.open(parley.url, token);
    const otherTab = await TestSocket.open(parley.url, token);
    const otherDevice = await TestSocket.open(parley.url, agent.token); // the user's session on another device type

    expect(await trpc(parley.url, "user.logout", {}, { bearer: token })).toMatchObject({ ok: true });
    expect(await closedWithin(ws)).toEqual({ code: 4001, reason: "-1003 signed out" });
    expect(await closedWithin(otherTab)).toMatchObject({ code: 4001 });
    expect(await trpc(parley.url, "support.me", undefined, { bearer: token, query: true })).toMatchObject({ status: 401, appCode: -1003 });
    await expect(TestSocket.open(parley.url, token)).rejects.toThrow(/401/);
    // the user's other session is untouched
    expect(await closedWithin(otherDevice, 300)).toBe("late");
    expect(await trpc(parley.url, "support.me", undefined, { bearer: agent.token, query: true })).toMatchObject({ ok: true });
  });

  it("signing in again on the same device type replaces the old session: -1007 on its sockets", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const first = await pwdLogin(agent.mobile, "ios");
    const phone = await TestSocket.open(parley.url, first);
    const desktop = await TestSocket.open(parley.url, await pwdLogin(agent.mobile, "pc"));

    const second = await pwdLogin(agent.mobile, "ios");
    expect(await closedWithin(phone)).toEqual({ code: 4001, reason: "-1007 signed in elsewhere" });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: first })).toMatchObject({ status: 401, appCode: -1003 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: second })).toMatchObject({ ok: true });
    expect(await closedWithin(desktop, 300)).toBe("late"); // another device type keeps its session
  });

  it("an admin revokes every session of a user; nobody else may", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const admin = await createAgent(parley, site.id);
    await parley.deps.db.update(users).set({ role: "admin" }).where(eq(users.id, admin.user.id));
    const api = await TestSocket.open(parley.url, agent.token);
    const console = await TestSocket.open(parley.url, null, { cookie: (await consoleCookie(agent.mobile)).cookie });

    const forbidden = await trpc(parley.url, "admin.revokeSessions", { userId: String(agent.user.id) }, { bearer: agent.token });
    expect(forbidden).toMatchObject({ status: 403, appCode: -3000 });
    expect(await closedWithin(api, 200)).toBe("late");

    const res = await trpc(parley.url, "admin.revokeSessions", { userId: String(agent.user.id) }, { bearer: admin.token });
    expect(res).toMatchObject({ ok: true, data: { revoked: 2 } });
    expect(await closedWithin(api)).toEqual({ code: 4001, reason: "-1003 session revoked" });
    expect(await closedWithin(console)).toEqual({ code: 4001, reason: "-1003 session revoked" });
  });
});

/** What next-auth's authorize does: the bridge checks the password and issues the session's token. */
async function consoleCookie(mobile: string, ip = "127.0.0.9") {
  const session = await globalThis.__parleyBridge!.signIn(mobile, TEST_PASSWORD, ip);
  if (!session || typeof session === "string") throw new Error("console sign-in failed");
  const name = "authjs.session-token";
  const jwt = await encode({ token: { sub: session.id, uid: session.id, [CONSOLE_TOKEN_CLAIM]: session.apiToken }, secret: process.env.AUTH_SECRET!, salt: name });
  return { cookie: `${name}=${jwt}`, apiToken: session.apiToken };
}

describe("console sessions", () => {
  it("a console cookie captured before sign-out no longer authenticates anything", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const { cookie, apiToken } = await consoleCookie(agent.mobile);
    const origin = { cookie, origin: parley.url };
    expect(await trpc(parley.url, "support.me", undefined, { query: true, headers: origin })).toMatchObject({ ok: true });
    const ws = await TestSocket.open(parley.url, null, { cookie });
    expect(await globalThis.__parleyBridge!.hasSession(cookie)).toBe(true);

    await globalThis.__parleyBridge!.signOut(apiToken); // next-auth's signOut event
    expect(await closedWithin(ws)).toEqual({ code: 4001, reason: "-1003 signed out" });
    expect(await trpc(parley.url, "support.me", undefined, { query: true, headers: origin })).toMatchObject({ status: 401, appCode: -1003 });
    await expect(TestSocket.open(parley.url, null, { cookie })).rejects.toThrow(/401/);
    expect(await globalThis.__parleyBridge!.hasSession(cookie)).toBe(false);
  });

  it("a signed JWT without a session token inside (made before sessions were revocable) is refused", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const name = "authjs.session-token";
    const jwt = await encode({ token: { sub: String(agent.user.id), uid: String(agent.user.id) }, secret: process.env.AUTH_SECRET!, salt: name });
    const me = await trpc(parley.url, "support.me", undefined, { query: true, headers: { cookie: `${name}=${jwt}`, origin: parley.url } });
    expect(me).toMatchObject({ status: 401, appCode: -1003 });
  });

  it("the console sign-in shares user.pwdLogin's per-address guess limit", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    while (takeLoginToken(ip)); // that address guessed as often as it may this minute
    expect(await globalThis.__parleyBridge!.signIn(agent.mobile, TEST_PASSWORD, ip)).toBe("limited");
    // the right password from another address still works
    expect(await globalThis.__parleyBridge!.signIn(agent.mobile, TEST_PASSWORD, "10.8.0.1")).toMatchObject({ id: String(agent.user.id) });
    expect(await globalThis.__parleyBridge!.signIn(agent.mobile, "wrong", "10.8.0.2")).toBeNull();
  });
});

describe("visitor sessions", () => {
  it("a visitor token expires after PARLEY_VISITOR_SESSION_TTL_MS, and resuming pushes the expiry on", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const row = async () => (await parley.deps.db.select().from(visitorSessions).where(eq(visitorSessions.tokenHash, sha256(v.visitorToken))))[0];
    const first = await row();
    expect(first.expiresAt - first.createdAt).toBe(parley.deps.config.visitorSessionTtlMs);

    // time passes (the row says it expired a moment ago): the token no longer works anywhere
    await parley.deps.db.update(visitorSessions).set({ expiresAt: Date.now() - 1 }).where(eq(visitorSessions.id, first.id));
    expect(await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 1 }, { bearer: v.visitorToken, query: true })).toMatchObject({
      status: 401,
      appCode: -1003,
    });
    await expect(TestSocket.open(parley.url, v.visitorToken)).rejects.toThrow(/401/);
    const fresh = await newVisitor(parley.url, site.key, {}, v.visitorToken);
    expect(fresh.visitorToken).not.toBe(v.visitorToken); // an expired token is not resumed

    // a live token is resumed and lives on from now
    const before = Date.now();
    const again = await newVisitor(parley.url, site.key, {}, fresh.visitorToken);
    expect(again.visitorToken).toBe(fresh.visitorToken);
    const [resumed] = await parley.deps.db.select().from(visitorSessions).where(eq(visitorSessions.tokenHash, sha256(fresh.visitorToken)));
    expect(resumed.expiresAt).toBeGreaterThanOrEqual(before + parley.deps.config.visitorSessionTtlMs);
  });

  it("widget.endSession (the shop's identify(null)) ends that browser's session: 4001, then -1003", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ws = await TestSocket.open(parley.url, v.visitorToken);
    expect(await trpc(parley.url, "widget.endSession", {}, { bearer: v.visitorToken })).toMatchObject({ ok: true });
    expect(await closedWithin(ws)).toEqual({ code: 4001, reason: "-1003 signed out" });
    expect(await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 1 }, { bearer: v.visitorToken, query: true })).toMatchObject({
      appCode: -1003,
    });
    // the next person at this browser starts afresh and cannot see the previous conversation
    const next = await newVisitor(parley.url, site.key, {}, v.visitorToken);
    expect(next.conversationId).not.toBe(v.conversationId);
    expect(await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 1 }, { bearer: next.visitorToken, query: true })).toMatchObject({
      appCode: -6000,
    });
  });
});

describe("the serving agent, as the shopper sees them", () => {
  it("widget.session says who serves the conversation; their going away and offline reaches the shopper live", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online", nickname: `Mei ${Date.now()}` });
    const agentWs = await TestSocket.open(parley.url, agent.token);
    const v = await newVisitor(parley.url, site.key);
    const shopper = await TestSocket.open(parley.url, v.visitorToken);
    await shopper.request({ eventType: 0, msgId: "q1", channelType: 4, targetId: v.conversationId, msgType: 1, msg: { content: "hi" } });

    const resumed = await trpc(parley.url, "widget.session", { siteKey: site.key }, { bearer: v.visitorToken });
    expect(resumed.data).toMatchObject({ agent: { id: String(agent.user.id), name: agent.user.nickname, status: "online", connected: true } });

    await trpc(parley.url, "support.setStatus", { status: "away" }, { bearer: agent.token });
    await shopper.waitFor((f) => f.eventType === 41 && (f as { status?: string }).status === "away");
    agentWs.close();
    const gone = await shopper.waitFor((f) => f.eventType === 41 && (f as { connected?: boolean }).connected === false);
    expect(gone).toMatchObject({ agentId: String(agent.user.id), nickname: agent.user.nickname });
    expect(gone).not.toHaveProperty("siteIds");
  });
});
