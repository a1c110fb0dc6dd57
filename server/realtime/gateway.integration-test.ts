import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { messages } from "../../db/schema";
import type { Parley } from "../runtime";
import { createAgent, createSite, newVisitor, sleep, startTestParley, TestSocket, textFrame, trpc } from "../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

/** a site with one online, connected agent and a fresh visitor */
async function scene() {
  const site = await createSite(parley);
  const agent = await createAgent(parley, site.id, { status: "online" });
  const agentWs = await TestSocket.open(parley.url, agent.token);
  const visitor = await newVisitor(parley.url, site.key);
  const visitorWs = await TestSocket.open(parley.url, visitor.visitorToken);
  return { site, agent, agentWs, visitor, visitorWs };
}

async function storedCount(conversationId: string, msgId: string) {
  const rows = await parley.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.targetId, Number(conversationId)), eq(messages.clientMsgId, msgId)));
  return rows.length;
}

describe("sending", () => {
  it("stores, acks the sender with its msgId and delivers to the assigned agent", async () => {
    const { agent, agentWs, visitor, visitorWs } = await scene();
    const ack = await visitorWs.request(textFrame(visitor.conversationId, "m-1", "Where is my order?"));
    expect(ack).toMatchObject({
      eventType: 0,
      msgId: "m-1",
      channelType: 4,
      targetId: visitor.conversationId,
      fromId: visitor.visitorId,
      fromType: "visitor",
      msgType: 1,
      msg: { content: "Where is my order?" },
    });
    expect((ack as { logId: string }).logId).toMatch(/^\d+$/);
    const got = await agentWs.waitFor((f) => f.eventType === 0 && (f as { msgId: string }).msgId === "m-1");
    expect((got as { logId: string }).logId).toBe((ack as { logId: string }).logId);
    expect(await storedCount(visitor.conversationId, "m-1")).toBe(1);
    // it was routed to the only online agent
    const list = await trpc(parley.url, "support.chatList", { tab: "mine" }, { bearer: agent.token, query: true });
    expect((list.data as { conversations: { id: string }[] }).conversations.map((c) => c.id)).toContain(visitor.conversationId);
  });

  it("a resend of the same msgId is acked again but neither stored nor delivered twice", async () => {
    const { agentWs, visitor, visitorWs } = await scene();
    const first = await visitorWs.request(textFrame(visitor.conversationId, "dup-1", "once"));
    await agentWs.waitFor((f) => (f as { msgId?: string }).msgId === "dup-1");
    visitorWs.frames = [];
    const second = await visitorWs.request(textFrame(visitor.conversationId, "dup-1", "once"));
    expect((second as { logId: string }).logId).toBe((first as { logId: string }).logId);
    await sleep(300);
    expect(agentWs.messages().filter((m) => m.msgId === "dup-1")).toHaveLength(1);
    expect(await storedCount(visitor.conversationId, "dup-1")).toBe(1);
  });

  it("concurrent resends of one msgId store exactly one message", async () => {
    const { visitor, visitorWs } = await scene();
    const other = await TestSocket.open(parley.url, visitor.visitorToken); // a second tab
    const frame = textFrame(visitor.conversationId, "race-1", "hello");
    const acks = await Promise.all([visitorWs.request(frame), other.request(frame)]);
    expect(new Set(acks.map((a) => (a as { logId: string }).logId)).size).toBe(1);
    expect(await storedCount(visitor.conversationId, "race-1")).toBe(1);
  });

  it("the visitor's other tabs get the message too, the sending socket only once", async () => {
    const { visitor, visitorWs } = await scene();
    const tab2 = await TestSocket.open(parley.url, visitor.visitorToken);
    await visitorWs.request(textFrame(visitor.conversationId, "tab-1", "sync me"));
    await tab2.waitFor((f) => (f as { msgId?: string }).msgId === "tab-1");
    await sleep(200);
    expect(visitorWs.messages().filter((m) => m.msgId === "tab-1")).toHaveLength(1);
    // once, also over Redis: the publishing process delivers its own events itself and skips the echo
    expect(tab2.messages().filter((m) => m.msgId === "tab-1")).toHaveLength(1);
  });

  it("the agent's reply reaches the visitor live", async () => {
    const { agentWs, visitor, visitorWs } = await scene();
    await visitorWs.request(textFrame(visitor.conversationId, "q", "question"));
    const ack = await agentWs.request(textFrame(visitor.conversationId, "a", "answer"));
    expect(ack).toMatchObject({ fromType: "agent", msgId: "a" });
    const got = await visitorWs.waitFor((f) => (f as { msgId?: string }).msgId === "a");
    expect(got).toMatchObject({ msg: { content: "answer" }, fromType: "agent" });
  });
});

describe("catch-up after a dropped connection", () => {
  it("gets every missed message once, in order, through chatLog afterId", async () => {
    const { agentWs, visitor, visitorWs } = await scene();
    const first = await visitorWs.request(textFrame(visitor.conversationId, "c0", "hi"));
    const lastSeen = (first as { logId: string }).logId;
    await visitorWs.close(); // the shopper's train enters a tunnel
    const sent: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const ack = await agentWs.request(textFrame(visitor.conversationId, `c${i}`, `reply ${i}`));
      sent.push((ack as { logId: string }).logId);
    }
    const back = await TestSocket.open(parley.url, visitor.visitorToken);
    const seen: string[] = [];
    let after: string | null = lastSeen;
    while (after) {
      const page = await trpc(parley.url, "support.chatLog", { id: visitor.conversationId, afterId: after, number: 5 }, { bearer: visitor.visitorToken, query: true });
      const data = page.data as { logs: { logId: string; msg: { content: string } }[]; nextLog: string | null };
      seen.push(...data.logs.map((l) => l.logId));
      after = data.nextLog;
    }
    expect(seen).toEqual(sent);
    expect(new Set(seen).size).toBe(12);
    // and live frames keep flowing on the new socket
    await agentWs.request(textFrame(visitor.conversationId, "c13", "welcome back"));
    await back.waitFor((f) => (f as { msgId?: string }).msgId === "c13");
  });

  it("logIds in one conversation follow commit order even when both sides write at once", async () => {
    const { agentWs, visitor, visitorWs } = await scene();
    await visitorWs.request(textFrame(visitor.conversationId, "start", "start"));
    const sends = [];
    // 19 + "start" = the per-socket burst of 20 (more would be refused with -1012, rightly)
    for (let i = 0; i < 19; i++) {
      sends.push(visitorWs.request(textFrame(visitor.conversationId, `v${i}`, `v${i}`)));
      sends.push(agentWs.request(textFrame(visitor.conversationId, `a${i}`, `a${i}`)));
    }
    const answers = await Promise.all(sends);
    expect(answers.filter((a) => "code" in a)).toEqual([]); // every one stored, none refused
    const page = await trpc(parley.url, "support.chatLog", { id: visitor.conversationId, number: 100 }, { bearer: visitor.visitorToken, query: true });
    const logs = (page.data as { logs: { logId: string; msgId: string }[] }).logs;
    expect(logs).toHaveLength(39);
    const ids = logs.map((l) => BigInt(l.logId));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    // each side's own messages keep the order they were sent in
    const vOrder = logs.filter((l) => l.msgId.startsWith("v")).map((l) => l.msgId);
    expect(vOrder).toEqual(Array.from({ length: 19 }, (_, i) => `v${i}`));
  });
});

describe("bad frames get a seed code and the connection stays usable", () => {
  it.each([
    ["not JSON", "{nope", -1005],
    ["a JSON array", "[1]", -1005],
    ["no eventType", JSON.stringify({ msgId: "x" }), -1002],
    ["an unknown eventType", JSON.stringify({ eventType: 55, msgId: "x" }), -1001],
    ["a string channelType", JSON.stringify({ eventType: 0, msgId: "x", channelType: "4", targetId: "1", msgType: 1, msg: { content: "a" } }), -1001],
    ["a missing msg", JSON.stringify({ eventType: 0, msgId: "x", channelType: 4, targetId: "1", msgType: 1 }), -1002],
  ])("%s", async (_name, raw, code) => {
    const { visitor, visitorWs } = await scene();
    visitorWs.send(raw);
    const fail = await visitorWs.waitFor((f) => "code" in f && (f as { code: number }).code !== 0);
    expect(fail).toMatchObject({ code });
    expect(typeof (fail as { content: string }).content).toBe("string");
    const ack = await visitorWs.request(textFrame(visitor.conversationId, "after-bad", "still here"));
    expect(ack).toMatchObject({ msgId: "after-bad", fromType: "visitor" });
  });

  it("unsupported msgType → -1005, empty text → -7000, unknown image → -7000, a channel not carried yet → -1001, chat rooms, friend chat and groups as a guest → -2008", async () => {
    const { visitor, visitorWs } = await scene();
    const base = { eventType: 0, channelType: 4, targetId: visitor.conversationId };
    expect(await visitorWs.request({ ...base, msgId: "t1", msgType: 4, msg: { coin: 1 } })).toMatchObject({ code: -1005 });
    expect(await visitorWs.request({ ...base, msgId: "t2", msgType: 1, msg: { content: "  " } })).toMatchObject({ code: -7000 });
    expect(await visitorWs.request({ ...base, msgId: "t3", msgType: 3, msg: { imageUrl: "/uploads/doesnotexist1" } })).toMatchObject({ code: -7000 });
    expect(await visitorWs.request({ ...base, msgId: "t4", channelType: 5, msgType: 1, msg: { content: "hi" } })).toMatchObject({ code: -1001 });
    expect(await visitorWs.request({ ...base, msgId: "t4r", channelType: 1, msgType: 1, msg: { content: "hi" } })).toMatchObject({ code: -2008 });
    expect(await visitorWs.request({ ...base, msgId: "t4a", channelType: 2, msgType: 1, msg: { content: "hi" } })).toMatchObject({ code: -2008 });
    expect(await visitorWs.request({ ...base, msgId: "t4b", channelType: 3, msgType: 1, msg: { content: "hi" } })).toMatchObject({ code: -2008 });
    expect(await visitorWs.request(textFrame(visitor.conversationId, "t5", "ok"))).toMatchObject({ msgId: "t5", logId: expect.any(String) });
  });

  it("failure text follows the socket's locale", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ws = await TestSocket.open(parley.url, v.visitorToken, {}, { locale: "zh-CN" });
    ws.send("garbage");
    const fail = await ws.waitFor((f) => "code" in f);
    expect((fail as { content: string }).content).toContain("消息格式错误");
  });

  it("a visitor cannot write into, read or mark another visitor's conversation (-6000, like a missing one)", async () => {
    const { visitor, visitorWs, site } = await scene();
    const other = await newVisitor(parley.url, site.key);
    const intrusion = await visitorWs.request(textFrame(other.conversationId, "evil", "hi"));
    const missing = await visitorWs.request(textFrame("999999999", "evil2", "hi"));
    expect(intrusion).toMatchObject({ code: -6000 });
    expect((missing as { content: string }).content).toBe((intrusion as { content: string }).content);
    const log = await trpc(parley.url, "support.chatLog", { id: other.conversationId, number: 10 }, { bearer: visitor.visitorToken, query: true });
    expect(log).toMatchObject({ status: 404, appCode: -6000 });
    const read = await trpc(parley.url, "support.markRead", { id: other.conversationId }, { bearer: visitor.visitorToken });
    expect(read).toMatchObject({ status: 404, appCode: -6000 });
    expect(await storedCount(other.conversationId, "evil")).toBe(0);
  });

  it("an agent of another site cannot see the conversation either", async () => {
    const { visitor } = await scene();
    const otherSite = await createSite(parley);
    const stranger = await createAgent(parley, otherSite.id, { status: "online" });
    const ws = await TestSocket.open(parley.url, stranger.token);
    expect(await ws.request(textFrame(visitor.conversationId, "x", "hi"))).toMatchObject({ code: -6000 });
    const take = await trpc(parley.url, "support.take", { id: visitor.conversationId }, { bearer: stranger.token });
    expect(take.appCode).toBe(-6000);
  });

  it("too many frames too fast → -1012, then the socket works again", async () => {
    const { visitor, visitorWs } = await scene();
    for (let i = 0; i < 40; i++) visitorWs.send(JSON.stringify({ eventType: 99, msgId: `p${i}` }));
    const limited = await visitorWs.waitFor((f) => (f as { code?: number }).code === -1012);
    expect(limited.eventType).toBe(99);
    await sleep(1_200);
    expect(await visitorWs.request(textFrame(visitor.conversationId, "calm", "sorry"))).toMatchObject({ msgId: "calm", logId: expect.any(String) });
  });

  it("a frame over maxPayload closes the socket with 1009", async () => {
    const { visitor, visitorWs } = await scene();
    visitorWs.send(textFrame(visitor.conversationId, "big", "x".repeat(70 * 1024)));
    expect((await visitorWs.closed).code).toBe(1009);
  });
});

describe("the upgrade is authenticated", () => {
  it("refuses a browser Origin that is not Parley's own (cross-site WebSocket hijacking)", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    await expect(TestSocket.open(parley.url, v.visitorToken, { Origin: "http://evil.example" })).rejects.toThrow(/403/);
    // the shop's own page is not Parley either: only the widget iframe (Parley's origin) connects
    await expect(TestSocket.open(parley.url, v.visitorToken, { Origin: "http://localhost:1234" })).rejects.toThrow(/403/);
    const own = await TestSocket.open(parley.url, v.visitorToken, { Origin: parley.url.replace("localhost", "127.0.0.1") });
    expect(own.frames[0]).toMatchObject({ eventType: 100, role: "visitor" });
  });

  it("refuses no token, a made-up token and a revoked token with 401", async () => {
    await expect(TestSocket.open(parley.url, null)).rejects.toThrow(/401/);
    await expect(TestSocket.open(parley.url, "pv_madeup")).rejects.toThrow(/401/);
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    await trpc(parley.url, "user.logout", {}, { bearer: agent.token });
    await expect(TestSocket.open(parley.url, agent.token)).rejects.toThrow(/401/);
  });
});
