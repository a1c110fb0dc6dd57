import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { supportConversations, users } from "../../db/schema";
import type { Parley } from "../runtime";
import { signIdentity } from "../services/widget/identity";
import { PNG_1x1, createAgent, createSite, newVisitor, sleep, startTestParley, TestSocket, TEST_PASSWORD, textFrame, trpc } from "../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

describe("user.pwdLogin", () => {
  it("returns the seed shape with a token that works as Bearer until revoked", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const res = await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: TEST_PASSWORD });
    expect(res.data).toMatchObject({ account: agent.mobile, id: String(agent.user.id), user_level: 2, token: expect.stringMatching(/^pm_/) });
    const token = (res.data as { token: string }).token;
    const me = await trpc(parley.url, "user.tokenLogin", {}, { bearer: token });
    expect(me.data).toMatchObject({ id: String(agent.user.id) });
    await trpc(parley.url, "user.logout", {}, { bearer: token });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: token })).toMatchObject({ status: 401, appCode: -1003 });
  });

  it("stores the token hashed, never in clear", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const { apiTokens } = await import("../../db/schema");
    const rows = await parley.deps.db.select().from(apiTokens).where(eq(apiTokens.userId, agent.user.id));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.tokenHash).not.toContain(agent.token.slice(3));
  });

  it("wrong password → -2001 in the caller's language; bad input → -1001/-1002", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const wrong = await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: "nope" }, { headers: { "accept-language": "zh-CN" } });
    expect(wrong).toMatchObject({ status: 404, appCode: -2001 });
    expect(wrong.message).toContain("用户不存在");
    expect(await trpc(parley.url, "user.pwdLogin", { mobile: "abc", password: "x" })).toMatchObject({ status: 400, appCode: -1001 });
    expect(await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile })).toMatchObject({ status: 400, appCode: -1002 });
  });
});

describe("widget.session", () => {
  it("starts an anonymous visitor and resumes them with their token", async () => {
    const site = await createSite(parley);
    const first = await newVisitor(parley.url, site.key);
    expect(first.visitorToken).toMatch(/^pv_/);
    const again = await newVisitor(parley.url, site.key, { visitorId: first.visitorId }, first.visitorToken);
    expect(again).toMatchObject({ visitorId: first.visitorId, conversationId: first.conversationId, visitorToken: first.visitorToken });
  });

  it("refuses a visitorId that is not the token's (-1003) and an unknown site (-1001)", async () => {
    const site = await createSite(parley);
    const a = await newVisitor(parley.url, site.key);
    const b = await newVisitor(parley.url, site.key);
    expect(await trpc(parley.url, "widget.session", { siteKey: site.key, visitorId: b.visitorId }, { bearer: a.visitorToken })).toMatchObject({ appCode: -1003 });
    expect(await trpc(parley.url, "widget.session", { siteKey: site.key, visitorId: b.visitorId })).toMatchObject({ appCode: -1003 });
    expect(await trpc(parley.url, "widget.session", { siteKey: "no-such-site" })).toMatchObject({ status: 400, appCode: -1001 });
  });

  it("a signed identity binds the conversation to the customer across browsers", async () => {
    const site = await createSite(parley);
    const anon = await newVisitor(parley.url, site.key);
    const id = { customerId: "cust-7", name: "Mei Tanaka", timestamp: Date.now() };
    const identity = { ...id, signature: signIdentity(site.secret, id) };
    // the anonymous shopper signs in: same visitor, same conversation, now named
    const bound = await newVisitor(parley.url, site.key, { identity }, anon.visitorToken);
    expect(bound).toMatchObject({ visitorId: anon.visitorId, conversationId: anon.conversationId });
    // the same customer on another device gets the same conversation with its own token
    const phone = await newVisitor(parley.url, site.key, { identity });
    expect(phone.conversationId).toBe(anon.conversationId);
    expect(phone.visitorToken).not.toBe(anon.visitorToken);
  });

  it("refuses a forged (-1003) or expired (-1004) identity", async () => {
    const site = await createSite(parley);
    const id = { customerId: "cust-8", name: "Eve", timestamp: Date.now() };
    const forged = { ...id, signature: signIdentity("guessed-secret", id) };
    expect(await trpc(parley.url, "widget.session", { siteKey: site.key, identity: forged })).toMatchObject({ status: 401, appCode: -1003 });
    const oldId = { ...id, timestamp: Date.now() - 60 * 60_000 };
    const expired = { ...oldId, signature: signIdentity(site.secret, oldId) };
    expect(await trpc(parley.url, "widget.session", { siteKey: site.key, identity: expired })).toMatchObject({ status: 401, appCode: -1004 });
  });

  it("says whether an agent could answer right now (online, connected, with room)", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online" });
    expect((await newVisitor(parley.url, site.key)).agentsAvailable).toBe(false); // online but not connected
    const ws = await TestSocket.open(parley.url, agent.token);
    expect((await newVisitor(parley.url, site.key)).agentsAvailable).toBe(true);
    await trpc(parley.url, "support.setStatus", { status: "away" }, { bearer: agent.token });
    expect((await newVisitor(parley.url, site.key)).agentsAvailable).toBe(false);
    ws.close();
  });

  it("a site that requires identity refuses anonymous visitors with -2008", async () => {
    const site = await createSite(parley, { requireIdentity: true });
    expect(await trpc(parley.url, "widget.session", { siteKey: site.key })).toMatchObject({ status: 403, appCode: -2008 });
    const id = { customerId: "c-9", name: "", timestamp: Date.now() };
    const ok = await trpc(parley.url, "widget.session", { siteKey: site.key, identity: { ...id, signature: signIdentity(site.secret, id) } });
    expect(ok.ok).toBe(true);
  });
});

describe("support.take", () => {
  it("when two agents take the same waiting conversation at once, exactly one wins and the other gets -2010", async () => {
    const site = await createSite(parley);
    const a = await createAgent(parley, site.id, { status: "offline" });
    const b = await createAgent(parley, site.id, { status: "offline" });
    for (let round = 0; round < 8; round++) {
      const v = await newVisitor(parley.url, site.key);
      const ws = await TestSocket.open(parley.url, v.visitorToken);
      await ws.request(textFrame(v.conversationId, `hi-${round}`, "anyone?")); // nobody online: it waits
      const results = await Promise.all([
        trpc(parley.url, "support.take", { id: v.conversationId }, { bearer: a.token }),
        trpc(parley.url, "support.take", { id: v.conversationId }, { bearer: b.token }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const loser = results.find((r) => !r.ok)!;
      expect(loser).toMatchObject({ status: 409, appCode: -2010 });
      const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(v.conversationId)));
      const winner = results[0].ok ? a : b;
      expect(conv).toMatchObject({ status: "open", agentId: winner.user.id });
      // and the loser cannot answer it
      const loserWs = await TestSocket.open(parley.url, (results[0].ok ? b : a).token);
      expect(await loserWs.request(textFrame(v.conversationId, `late-${round}`, "me too"))).toMatchObject({ code: -2010 });
      ws.close();
      loserWs.close();
    }
  });

  it("visitors cannot use agent procedures (-3002 / -2008)", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    expect((await trpc(parley.url, "support.take", { id: v.conversationId }, { bearer: v.visitorToken })).appCode).toBe(-2008);
    const { login } = await import("../testing/harness");
    // a member who is nobody's agent
    const { hashPassword } = await import("../crypto");
    const mobile = `17${Date.now().toString().slice(-9)}`;
    await parley.deps.db.insert(users).values({ mobile, passwordHash: await hashPassword("pw-12345"), nickname: "m", createdAt: Date.now() });
    const token = await login(parley.url, mobile, "pw-12345");
    expect(await trpc(parley.url, "support.chatList", { tab: "waiting" }, { bearer: token, query: true })).toMatchObject({ status: 403, appCode: -3002 });
  });
});

describe("routing, inbox and read state", () => {
  it("a new conversation goes to the least busy online, connected agent; away and disconnected agents get none", async () => {
    const site = await createSite(parley);
    const busy = await createAgent(parley, site.id, { status: "online" });
    const free = await createAgent(parley, site.id, { status: "offline" });
    const away = await createAgent(parley, site.id, { status: "away" });
    await createAgent(parley, site.id, { status: "online" }); // online but not connected
    const sockets = await Promise.all([busy, free, away].map((x) => TestSocket.open(parley.url, x.token)));
    // while `busy` is the only one online, two conversations go to them
    for (let i = 0; i < 2; i++) {
      const v = await newVisitor(parley.url, site.key);
      const w = await TestSocket.open(parley.url, v.visitorToken);
      await w.request(textFrame(v.conversationId, "x", "x"));
      const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(v.conversationId)));
      expect(conv.agentId).toBe(busy.user.id);
      w.close();
    }
    await trpc(parley.url, "support.setStatus", { status: "online" }, { bearer: free.token });
    const assigned = new Map<number, number>();
    for (let i = 0; i < 3; i++) {
      const v = await newVisitor(parley.url, site.key);
      const w = await TestSocket.open(parley.url, v.visitorToken);
      await w.request(textFrame(v.conversationId, "hello", "hello"));
      const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(v.conversationId)));
      assigned.set(conv.agentId!, (assigned.get(conv.agentId!) ?? 0) + 1);
      w.close();
    }
    // free had 0 open, busy had 2: free gets the next two, then they tie
    expect(assigned.get(free.user.id)).toBeGreaterThanOrEqual(2);
    expect(assigned.has(away.user.id)).toBe(false);
    expect([...assigned.keys()].every((id) => id === free.user.id || id === busy.user.id)).toBe(true);
    sockets.forEach((s) => s.close());
  });

  it("nobody online: the conversation waits and every agent of the site sees it live (event 40)", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "away" });
    const agentWs = await TestSocket.open(parley.url, agent.token);
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    await w.request(textFrame(v.conversationId, "w1", "hello?"));
    const ev = await agentWs.waitFor((f) => f.eventType === 40);
    expect(ev).toMatchObject({ reason: "created", conversation: { id: v.conversationId, status: "waiting", unread: 1 } });
    await agentWs.waitFor((f) => (f as { msgId?: string }).msgId === "w1");
    const list = await trpc(parley.url, "support.chatList", { tab: "waiting" }, { bearer: agent.token, query: true });
    const data = list.data as { conversations: { id: string; unread: number; lastLog: { msg: { content: string } } }[]; counts: { waiting: number } };
    expect(data.counts.waiting).toBe(1);
    expect(data.conversations[0]).toMatchObject({ id: v.conversationId, unread: 1, lastLog: { msg: { content: "hello?" } } });
  });

  it("an agent who comes online takes the waiting queue, oldest first, up to their capacity", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "offline", capacity: 2 });
    const waiting: string[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await newVisitor(parley.url, site.key);
      const w = await TestSocket.open(parley.url, v.visitorToken);
      await w.request(textFrame(v.conversationId, "hello", `waiting ${i}`));
      waiting.push(v.conversationId);
      w.close();
    }
    const ws = await TestSocket.open(parley.url, agent.token);
    // the console announces the agent (event 41) once it has read their status on connect: from
    // then on the connect takes nothing (offline). Going online earlier races that read — the
    // connect and setStatus would share the two conversations, each answering its own count.
    await ws.waitFor((f) => f.eventType === 41 && (f as { agentId: string }).agentId === String(agent.user.id));
    const res = await trpc(parley.url, "support.setStatus", { status: "online" }, { bearer: agent.token });
    expect(res.data).toMatchObject({ status: "online", assigned: 2 });
    const assignedEvents = await Promise.all(
      waiting.slice(0, 2).map((id) => ws.waitFor((f) => f.eventType === 40 && (f as { conversation: { id: string } }).conversation.id === id)),
    );
    expect(assignedEvents.every((e) => (e as { reason: string }).reason === "assigned")).toBe(true);
    const mine = await trpc(parley.url, "support.chatList", { tab: "mine" }, { bearer: agent.token, query: true });
    expect((mine.data as { conversations: { id: string }[] }).conversations.map((c) => c.id).sort()).toEqual(waiting.slice(0, 2).sort());
    const left = await trpc(parley.url, "support.chatList", { tab: "waiting" }, { bearer: agent.token, query: true });
    expect((left.data as { conversations: { id: string }[] }).conversations.map((c) => c.id)).toEqual([waiting[2]]);
  });

  it("an online agent who opens the console gets the queue too", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online" }); // online, but not connected yet
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    await w.request(textFrame(v.conversationId, "hello", "anyone there?"));
    const ws = await TestSocket.open(parley.url, agent.token);
    const ev = await ws.waitFor((f) => f.eventType === 40 && (f as { conversation: { id: string } }).conversation.id === v.conversationId);
    expect(ev).toMatchObject({ reason: "assigned", conversation: { agentId: String(agent.user.id), status: "open" } });
    await w.waitFor((f) => f.eventType === 40 && (f as { reason: string }).reason === "assigned"); // the shopper learns who answers
  });

  it("unread counts rise with messages and markRead clears them and tells the other side", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online" });
    const agentWs = await TestSocket.open(parley.url, agent.token);
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    for (let i = 0; i < 3; i++) await w.request(textFrame(v.conversationId, `u${i}`, `msg ${i}`));
    const mine = await trpc(parley.url, "support.chatList", { tab: "mine" }, { bearer: agent.token, query: true });
    expect((mine.data as { conversations: { unread: number }[] }).conversations[0].unread).toBe(3);
    const read = await trpc(parley.url, "support.markRead", { id: v.conversationId }, { bearer: agent.token });
    expect(read.data).toMatchObject({ unread: 0 });
    const receipt = await w.waitFor((f) => f.eventType === 44);
    expect(receipt).toMatchObject({ reader: "agent", targetId: v.conversationId });
    await agentWs.request(textFrame(v.conversationId, "r1", "on it"));
    const vlog = await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 1 }, { bearer: v.visitorToken, query: true });
    expect((vlog.data as { conversation: { unread: number } }).conversation.unread).toBe(1);
  });

  it("chatLog pages backwards with startId and nextLog until the first message", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    for (let i = 0; i < 7; i++) await w.request(textFrame(v.conversationId, `p${i}`, `page ${i}`));
    const pages: string[][] = [];
    let startId: string | undefined;
    for (;;) {
      const res = await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 3, ...(startId ? { startId } : {}) }, { bearer: v.visitorToken, query: true });
      const data = res.data as { logs: { msgId: string }[]; nextLog: string | null; conversation?: { id: string } };
      pages.push(data.logs.map((l) => l.msgId));
      // the summary comes with the latest page only; paging back skips its queries
      expect(data.conversation?.id).toBe(startId ? undefined : v.conversationId);
      if (!data.nextLog) break;
      startId = data.nextLog;
    }
    expect(pages).toEqual([["p4", "p5", "p6"], ["p1", "p2", "p3"], ["p0"]]);
    expect(await trpc(parley.url, "support.chatLog", { id: v.conversationId, number: 3, startId: "5", afterId: "1" }, { bearer: v.visitorToken, query: true })).toMatchObject({ appCode: -1001 });
    expect(await trpc(parley.url, "support.chatLog", { id: "abc", number: 3 }, { bearer: v.visitorToken, query: true })).toMatchObject({ appCode: -1001 });
  });

  it("an agent's availability is announced live and listed (33000)", async () => {
    const site = await createSite(parley);
    const a = await createAgent(parley, site.id, { status: "offline" });
    const b = await createAgent(parley, site.id, { status: "offline" });
    const bWs = await TestSocket.open(parley.url, b.token);
    const aWs = await TestSocket.open(parley.url, a.token);
    await trpc(parley.url, "support.setStatus", { status: "online" }, { bearer: a.token });
    const ev = await bWs.waitFor((f) => f.eventType === 41 && (f as { agentId: string }).agentId === String(a.user.id) && (f as { status: string }).status === "online");
    expect(ev).toMatchObject({ connected: true });
    const list = await trpc(parley.url, "support.onlineAgents", undefined, { bearer: b.token, query: true });
    expect((list.data as { agents: { agentId: string; status: string; connected: boolean }[] }).agents).toContainEqual(
      expect.objectContaining({ agentId: String(a.user.id), status: "online", connected: true }),
    );
    expect(await trpc(parley.url, "support.setStatus", { status: "busy" }, { bearer: a.token })).toMatchObject({ appCode: -1001 });
    aWs.close();
  });
});

describe("console session cookie", () => {
  /** the cookie next-auth sets after the bridge checked the password and issued the session's token */
  async function cookieFor(agent: { mobile: string }) {
    const { encode } = await import("next-auth/jwt");
    const session = await globalThis.__parleyBridge!.signIn(agent.mobile, TEST_PASSWORD, "127.0.0.1");
    if (!session || typeof session === "string") throw new Error("console sign-in failed");
    const name = "authjs.session-token";
    const jwt = await encode({ token: { sub: session.id, uid: session.id, pt: session.apiToken }, secret: process.env.AUTH_SECRET!, salt: name });
    return `${name}=${jwt}`;
  }

  it("authenticates tRPC and /ws from Parley's own pages", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const cookie = await cookieFor(agent);
    const me = await trpc(parley.url, "support.me", undefined, { query: true, headers: { cookie, origin: parley.url.replace("localhost", "127.0.0.1") } });
    expect(me.data).toMatchObject({ id: String(agent.user.id) });
    const ws = await TestSocket.open(parley.url, null, { cookie });
    expect(ws.frames[0]).toMatchObject({ eventType: 100, role: "member", userId: String(agent.user.id) });
  });

  it("ignores the cookie on requests from another site (no cross-site request forgery)", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const cookie = await cookieFor(agent);
    const forged = await trpc(parley.url, "support.setStatus", { status: "online" }, { headers: { cookie, origin: "https://evil.example" } });
    expect(forged).toMatchObject({ status: 401, appCode: -1003 });
    await expect(TestSocket.open(parley.url, null, { cookie, Origin: "https://evil.example" })).rejects.toThrow(/403/);
  });

  it("refuses a cookie signed with another secret", async () => {
    const { encode } = await import("next-auth/jwt");
    const jwt = await encode({ token: { sub: "1" }, secret: "not-our-secret", salt: "authjs.session-token" });
    const me = await trpc(parley.url, "support.me", undefined, { query: true, headers: { cookie: `authjs.session-token=${jwt}` } });
    expect(me).toMatchObject({ status: 401, appCode: -1003 });
  });
});

describe("supervisors", () => {
  it("follow every conversation of their site live, and see read pointers in the inbox", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online" });
    const boss = await createAgent(parley, site.id, { status: "offline" });
    const { siteAgents } = await import("../../db/schema");
    const { and } = await import("drizzle-orm");
    await parley.deps.db.update(siteAgents).set({ role: "supervisor" }).where(and(eq(siteAgents.siteId, site.id), eq(siteAgents.userId, boss.user.id)));
    const agentWs = await TestSocket.open(parley.url, agent.token);
    const bossWs = await TestSocket.open(parley.url, boss.token);
    const other = await createAgent(parley, site.id, { status: "offline" }); // a plain agent, not assigned
    const otherWs = await TestSocket.open(parley.url, other.token);
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    await w.request(textFrame(v.conversationId, "q1", "question"));
    const a1 = (await agentWs.request(textFrame(v.conversationId, "a1", "answer"))) as { logId: string };
    await bossWs.waitFor((f) => (f as { msgId?: string }).msgId === "q1");
    await bossWs.waitFor((f) => (f as { msgId?: string }).msgId === "a1");
    await sleep(200);
    expect(bossWs.messages().filter((m) => m.msgId === "a1")).toHaveLength(1);
    expect(otherWs.messages()).toHaveLength(0); // an agent not on it hears nothing

    await trpc(parley.url, "support.markRead", { id: v.conversationId }, { bearer: v.visitorToken });
    const all = await trpc(parley.url, "support.chatList", { tab: "all" }, { bearer: boss.token, query: true });
    const conv = (all.data as { conversations: { id: string; visitorReadId: string; agentReadId: string }[] }).conversations.find((c) => c.id === v.conversationId);
    expect(conv?.visitorReadId).toBe(a1.logId);
    const mine = await trpc(parley.url, "support.chatList", { tab: "all" }, { bearer: agent.token, query: true });
    expect((mine.data as { conversations: unknown[] }).conversations).toHaveLength(0); // "all" is for supervisors
  });
});

describe("uploads and health", () => {
  it("accepts a real PNG and serves it with its sniffed type; an image message can use it", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const res = await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1, headers: { authorization: `Bearer ${v.visitorToken}`, "content-type": "text/plain" } });
    const body = (await res.json()) as { url: string; contentType: string; width: number };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ contentType: "image/png", width: 1 });
    const img = await fetch(parley.url + body.url);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    const w = await TestSocket.open(parley.url, v.visitorToken);
    expect(await w.request({ eventType: 0, msgId: "img", channelType: 4, targetId: v.conversationId, msgType: 3, msg: { imageUrl: body.url, width: 1, height: 1 } })).toMatchObject({ msgType: 3, logId: expect.any(String) });
  });

  it("refuses HTML posing as an image (-7000), an oversized file (413) and anonymous uploads (-1003)", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const auth = { authorization: `Bearer ${v.visitorToken}`, "content-type": "image/png" };
    const html = await fetch(`${parley.url}/api/upload`, { method: "POST", body: "<html><script>alert(1)</script>", headers: auth });
    expect(html.status).toBe(400);
    expect(await html.json()).toMatchObject({ appCode: -7000 });
    const big = await fetch(`${parley.url}/api/upload`, { method: "POST", body: Buffer.alloc(parley.deps.config.uploadMaxBytes + 1), headers: auth });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ appCode: -1001 });
    const anon = await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1 });
    expect(await anon.json()).toMatchObject({ appCode: -1003 });
  });

  it("GET /api/health reports the database and the bus", async () => {
    const res = await fetch(`${parley.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: { kind: process.env.DATABASE_URL ? "postgres" : "pglite", status: "ok" },
      bus: { kind: process.env.REDIS_URL ? "redis" : "memory", status: "ok" },
    });
  });

  it("the embed config answers allowed origins with CORS and refuses others", async () => {
    const site = await createSite(parley, { allowedOrigins: ["https://shop.example"] });
    const ok = await fetch(`${parley.url}/api/embed/config?siteKey=${site.key}`, { headers: { origin: "https://shop.example" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const evil = await fetch(`${parley.url}/api/embed/config?siteKey=${site.key}`, { headers: { origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(await evil.json()).toMatchObject({ appCode: -3000 });
  });
});

describe("graceful shutdown", () => {
  it("closes live sockets with 1001 going away after finishing their frames", async () => {
    const own = await startTestParley();
    const site = await createSite(own);
    const v = await newVisitor(own.url, site.key);
    const w = await TestSocket.open(own.url, v.visitorToken);
    w.send(textFrame(v.conversationId, "last", "last words"));
    await sleep(5);
    await own.close();
    const closed = await w.closed;
    expect(closed.code).toBe(1001);
    expect(w.messages().some((m) => m.msgId === "last")).toBe(true);
  });
});

describe("brute force", () => {
  // last in this file: it spends this IP's login budget
  it("password guessing from one address is throttled with -1012", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 30; i++) codes.push((await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: `guess-${i}` })).appCode);
    expect(codes.slice(0, 5).every((c) => c === -2001)).toBe(true);
    expect(codes).toContain(-1012);
    const limited = await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: TEST_PASSWORD });
    expect(limited).toMatchObject({ status: 429, appCode: -1012 }); // even the right password waits
  });
});
