import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { siteAgents, supportConversations } from "../../../db/schema";
import type { Parley } from "../../runtime";
import { createAgent, createSite, newVisitor, startTestParley, TestSocket, textFrame, trpc } from "../../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

const conversation = async (id: string) =>
  (await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(id))))[0];

describe("support.markRead moves the agent side's pointer only for the agent serving it", () => {
  it("another agent of the site, a supervisor too, gets -2010 and nothing changes", async () => {
    const site = await createSite(parley);
    const serving = await createAgent(parley, site.id, { status: "online" });
    const other = await createAgent(parley, site.id, { status: "offline" });
    const boss = await createAgent(parley, site.id, { status: "offline" });
    await parley.deps.db.update(siteAgents).set({ role: "supervisor" }).where(and(eq(siteAgents.siteId, site.id), eq(siteAgents.userId, boss.user.id)));
    const servingWs = await TestSocket.open(parley.url, serving.token);
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    for (let i = 0; i < 2; i++) await w.request(textFrame(v.conversationId, `q${i}`, `question ${i}`));
    const before = await conversation(v.conversationId);
    expect(before).toMatchObject({ status: "open", agentId: serving.user.id, agentReadId: 0, agentUnread: 2 });

    for (const intruder of [other, boss]) {
      const res = await trpc(parley.url, "support.markRead", { id: v.conversationId }, { bearer: intruder.token });
      expect(res).toMatchObject({ status: 409, appCode: -2010 });
      const ws = await TestSocket.open(parley.url, intruder.token);
      const answer = await ws.request({ eventType: 44, msgId: "r", channelType: 4, targetId: v.conversationId, logId: String(before.lastMessageId) });
      expect(answer).toMatchObject({ code: -2010 });
      ws.close();
    }
    expect(await conversation(v.conversationId)).toMatchObject({ agentReadId: 0, agentUnread: 2 });
    expect(w.frames.filter((f) => f.eventType === 44)).toHaveLength(0); // nobody was told "read"

    const ok = await trpc(parley.url, "support.markRead", { id: v.conversationId }, { bearer: serving.token });
    expect(ok.data).toMatchObject({ unread: 0, logId: String(before.lastMessageId) });
    await w.waitFor((f) => f.eventType === 44);
    expect(await conversation(v.conversationId)).toMatchObject({ agentReadId: before.lastMessageId, agentUnread: 0 });
    servingWs.close();
  });

  it("a conversation still waiting for an agent may be marked read by any agent of its site", async () => {
    const site = await createSite(parley);
    const a = await createAgent(parley, site.id, { status: "offline" });
    await createAgent(parley, site.id, { status: "offline" });
    const v = await newVisitor(parley.url, site.key);
    const w = await TestSocket.open(parley.url, v.visitorToken);
    await w.request(textFrame(v.conversationId, "q", "anyone?"));
    expect(await conversation(v.conversationId)).toMatchObject({ status: "waiting", agentId: null });
    expect((await trpc(parley.url, "support.markRead", { id: v.conversationId }, { bearer: a.token })).data).toMatchObject({ unread: 0 });
  });
});
