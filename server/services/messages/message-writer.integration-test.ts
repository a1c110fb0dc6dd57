// The group-commit writer: many senders share one transaction, and every rule of a single
// send still holds for each of them.
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { messages, supportConversations, visitors } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType } from "../../protocol/frames";
import { createAgent, createSite, newVisitor, startTestParley, TestSocket } from "../../testing/harness";
import type { MemberPrincipal, Principal } from "../deps";
import { resolveBearer } from "../user/auth";
import { messageWriter } from "./message-writer";
import { sendSupportMessage } from "../support/send-message";

if (!process.env.DATABASE_URL)
  console.log("[message writer] the lock-elsewhere test is skipped: it needs a second connection to PostgreSQL (DATABASE_URL); CI sets it.");

let parley: Awaited<ReturnType<typeof startTestParley>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => parley.close());

const text = (content: string) => ({ msgType: 1, msg: { content } });

async function conversation(siteKey: string, siteId: number) {
  const v = await newVisitor(parley.url, siteKey);
  const p = (await resolveBearer(parley.deps, v.visitorToken)) as Principal;
  expect(p).toMatchObject({ kind: "visitor", visitorId: Number(v.visitorId), siteId });
  return { id: v.conversationId, p };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 0;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe("message writer", () => {
  it("50 conversations, both sides at once: shared batches, each message stored once, counters as if sent one by one", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "online", capacity: 100 });
    const agentWs = await TestSocket.open(parley.url, agent.token); // connected, so routing picks them
    const agentP = (await resolveBearer(parley.deps, agent.token)) as MemberPrincipal;
    const convs = [];
    for (let i = 0; i < 50; i++) convs.push(await conversation(site.key, site.id));
    // the first message of each routes the conversation to the agent
    await Promise.all(convs.map((c) => sendSupportMessage(parley.deps, c.p, { msgId: "hello", conversationId: c.id, ...text("hello") })));

    const before = { ...messageWriter(parley.deps).stats };
    const sends = [];
    for (const c of convs) {
      for (let k = 0; k < 3; k++) {
        sends.push(sendSupportMessage(parley.deps, c.p, { msgId: `v${k}`, conversationId: c.id, ...text(`v${k}`) }));
        sends.push(sendSupportMessage(parley.deps, agentP, { msgId: `a${k}`, conversationId: c.id, ...text(`a${k}`) }));
      }
      sends.push(sendSupportMessage(parley.deps, c.p, { msgId: "last", conversationId: c.id, ...text("last") }));
    }
    const results = await Promise.all(sends);
    const after = messageWriter(parley.deps).stats;
    expect(results.every((r) => r.isNew)).toBe(true);
    expect(after.items - before.items).toBe(350);
    expect(after.batches - before.batches).toBeLessThan(350); // they really shared transactions
    expect(after.largest).toBeGreaterThan(1);

    for (const c of convs) {
      const rows = await parley.deps.db.select().from(messages).where(supportMessagesOf(c.id)).orderBy(messages.id);
      // stored once each, and each side's messages in the order they were sent
      expect(rows.map((r) => r.clientMsgId).filter((m) => m.startsWith("v"))).toEqual(["v0", "v1", "v2"]);
      expect(rows.map((r) => r.clientMsgId).filter((m) => m.startsWith("a"))).toEqual(["a0", "a1", "a2"]);
      expect(rows).toHaveLength(8);
      const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(c.id)));
      const last = rows[rows.length - 1];
      const lastAgent = rows.filter((r) => r.fromType === "member").at(-1)!;
      expect(last.clientMsgId).toBe("last");
      expect(conv).toMatchObject({
        status: "open",
        agentId: agent.user.id,
        lastMessageId: last.id,
        agentReadId: lastAgent.id, // answering marks everything before it read
        agentUnread: rows.filter((r) => r.fromType === "visitor" && r.id > lastAgent.id).length,
        visitorUnread: 3,
      });
    }
    await agentWs.close();
  });

  it("in one batch, refused items get their own codes and the rest commit", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "offline" });
    const other = await createAgent(parley, site.id, { status: "offline" });
    const otherP = (await resolveBearer(parley.deps, other.token)) as MemberPrincipal;
    const agentP = (await resolveBearer(parley.deps, agent.token)) as MemberPrincipal;
    const ok = await conversation(site.key, site.id);
    const closed = await conversation(site.key, site.id);
    const taken = await conversation(site.key, site.id);
    const stranger = await conversation(site.key, site.id);
    await parley.deps.db.update(supportConversations).set({ status: "closed" }).where(eq(supportConversations.id, Number(closed.id)));
    await parley.deps.db.update(supportConversations).set({ status: "open", agentId: agent.user.id }).where(eq(supportConversations.id, Number(taken.id)));

    const codes = await Promise.all([
      codeOf(sendSupportMessage(parley.deps, ok.p, { msgId: "m1", conversationId: ok.id, ...text("fine") })),
      codeOf(sendSupportMessage(parley.deps, closed.p, { msgId: "m1", conversationId: closed.id, ...text("too late") })),
      codeOf(sendSupportMessage(parley.deps, otherP, { msgId: "m1", conversationId: taken.id, ...text("mine now?") })),
      codeOf(sendSupportMessage(parley.deps, stranger.p, { msgId: "m1", conversationId: ok.id, ...text("not my conversation") })),
      codeOf(sendSupportMessage(parley.deps, agentP, { msgId: "m2", conversationId: taken.id, ...text("fine too") })),
    ]);
    expect(codes).toEqual([0, -6000, -2010, -6000, 0]);
    const stored = await parley.deps.db.select().from(messages).where(eq(messages.clientMsgId, "m1"));
    expect(stored.filter((m) => [ok.id, closed.id, taken.id].includes(String(m.targetId))).map((m) => String(m.targetId))).toEqual([ok.id]);
  });

  // The writer decides against what it last saw of a conversation; the write checks that picture.
  it("a conversation changed behind the writer's back (taken, renamed, closed elsewhere) is decided again on what it is now", async () => {
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id, { status: "offline" });
    const other = await createAgent(parley, site.id, { status: "offline" });
    const agentP = (await resolveBearer(parley.deps, agent.token)) as MemberPrincipal;
    const c = await conversation(site.key, site.id);
    const send = (p: Principal, msgId: string) => sendSupportMessage(parley.deps, p, { msgId, conversationId: c.id, ...text(msgId) });
    await send(c.p, "v1");
    expect((await send(agentP, "a1")).isNew).toBe(true); // the agent takes it; the writer remembers
    const staleBefore = messageWriter(parley.deps).stats.stale;

    // another process hands it to the other agent: the first agent's next message is refused
    await parley.deps.db.update(supportConversations).set({ agentId: other.user.id }).where(eq(supportConversations.id, Number(c.id)));
    expect(await codeOf(send(agentP, "a2"))).toBe(-2010);
    expect(messageWriter(parley.deps).stats.stale).toBeGreaterThan(staleBefore);

    // the visitor's name changes (a signed-in identity): their next message carries it
    await parley.deps.db.update(visitors).set({ name: "Renamed Shopper" }).where(eq(visitors.id, (c.p as { visitorId: number }).visitorId));
    expect((await send(c.p, "v2")).entry.senderInfo.nickname).toBe("Renamed Shopper");

    // closed elsewhere: the visitor's next message is refused and nothing is stored
    await parley.deps.db.update(supportConversations).set({ status: "closed" }).where(eq(supportConversations.id, Number(c.id)));
    expect(await codeOf(send(c.p, "v3"))).toBe(-6000);
    const stored = await parley.deps.db.select().from(messages).where(supportMessagesOf(c.id)).orderBy(messages.id);
    expect(stored.map((m) => m.clientMsgId)).toEqual(["v1", "a1", "v2"]);
    const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(c.id)));
    expect(conv).toMatchObject({ status: "closed", agentId: other.user.id, lastMessageId: stored[2].id, agentUnread: 1 });
  });

  it("the same msgId twice in one batch is stored once and both answers carry its logId", async () => {
    const site = await createSite(parley);
    const c = await conversation(site.key, site.id);
    const [a, b] = await Promise.all([
      sendSupportMessage(parley.deps, c.p, { msgId: "twice", conversationId: c.id, ...text("once") }),
      sendSupportMessage(parley.deps, c.p, { msgId: "twice", conversationId: c.id, ...text("once") }),
    ]);
    expect(a.entry.logId).toBe(b.entry.logId);
    expect([a.isNew, b.isNew].sort()).toEqual([false, true]);
    const rows = await parley.deps.db.select().from(messages).where(supportMessagesOf(c.id));
    expect(rows).toHaveLength(1);
  });

  it("a visitor's first message still goes to the least busy connected agent when batched with others", async () => {
    const site = await createSite(parley);
    const busy = await createAgent(parley, site.id, { status: "online" });
    const free = await createAgent(parley, site.id, { status: "online" });
    const sockets = [await TestSocket.open(parley.url, busy.token), await TestSocket.open(parley.url, free.token)];
    const old = await conversation(site.key, site.id);
    await parley.deps.db.update(supportConversations).set({ status: "open", agentId: busy.user.id }).where(eq(supportConversations.id, Number(old.id)));
    const fresh = await conversation(site.key, site.id);
    const [, first] = await Promise.all([
      sendSupportMessage(parley.deps, old.p, { msgId: "x", conversationId: old.id, ...text("again") }),
      sendSupportMessage(parley.deps, fresh.p, { msgId: "x", conversationId: fresh.id, ...text("hi") }),
    ]);
    expect(first.isNew).toBe(true);
    const [conv] = await parley.deps.db.select().from(supportConversations).where(eq(supportConversations.id, Number(fresh.id)));
    expect(conv).toMatchObject({ status: "open", agentId: free.user.id });
    await Promise.all(sockets.map((s) => s.close()));
  });

  // Another process's batch holding a conversation must not hold up the rest of this batch.
  it.skipIf(!process.env.DATABASE_URL)("a conversation locked elsewhere is carried into a later batch; the others commit at once", async () => {
    const site = await createSite(parley);
    const held = await conversation(site.key, site.id);
    const free = await conversation(site.key, site.id);
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const elsewhere = other.begin(async (tx) => {
      await tx`select id from support_conversations where id = ${held.id} for update`;
      locked();
      await released;
    });
    await isLocked;
    const deferredBefore = messageWriter(parley.deps).stats.deferred;
    let heldDone = false;
    const heldSend = sendSupportMessage(parley.deps, held.p, { msgId: "h", conversationId: held.id, ...text("waits") }).then((r) => ((heldDone = true), r));
    const freeSend = await sendSupportMessage(parley.deps, free.p, { msgId: "f", conversationId: free.id, ...text("goes") });
    expect(freeSend.isNew).toBe(true);
    expect(heldDone).toBe(false); // still waiting for the other transaction
    // the held conversation's batch may end after the free one's: wait for it to defer
    await vi.waitFor(() => expect(messageWriter(parley.deps).stats.deferred).toBeGreaterThan(deferredBefore), { timeout: 2_000 });
    expect(heldDone).toBe(false);
    release();
    await elsewhere;
    const heldSent = await heldSend;
    expect(heldSent.isNew).toBe(true);
    expect(Number(heldSent.entry.logId)).toBeGreaterThan(Number(freeSend.entry.logId));
    await other.end();
  });
});

/** a support conversation's messages (target ids number apart per channel: a group's thread may share the id) */
function supportMessagesOf(conversationId: string) {
  return and(eq(messages.channelType, ChannelType.support), eq(messages.targetId, Number(conversationId)));
}
