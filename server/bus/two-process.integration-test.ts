// Two Parley processes on different ports, one PostgreSQL, one Redis: a shopper on one and an
// agent on the other talk live, and the agent's online state is seen by both; friends and
// groups are subscribed and unsubscribed live across them.
import { describe, expect, it } from "vitest";
import { createAgent, createMember, createSite, newVisitor, startParleyProcess, TestSocket, textFrame, trpc } from "../testing/harness";
import { useTwoProcesses } from "../testing/two-processes";

const { DATABASE_URL, REDIS_URL } = process.env;
const reason = !REDIS_URL
  ? "REDIS_URL is not set"
  : !DATABASE_URL
    ? "DATABASE_URL is not set (two processes cannot share the embedded PGlite)"
    : null;
if (reason) console.log(`[two-process] skipped: ${reason}. CI sets both; run with them to include this test.`);


describe.skipIf(reason !== null)("two processes over Redis", () => {
  const world = useTwoProcesses({ AUTH_SECRET: "two-process-test-secret" });

  it("a shopper on process A and an agent on process B talk live; B's agent status is seen on A", async () => {
    const { a, b, database } = world;
    const onA = { url: a.url, deps: { db: database.db } };
    const onB = { url: b.url, deps: { db: database.db } };
    const site = await createSite(onA);
    const agent = await createAgent(onB, site.id, { status: "offline" });
    const colleague = await createAgent(onA, site.id, { status: "offline" });

    const colleagueWs = await TestSocket.open(a.url, colleague.token); // watches from A
    const agentWs = await TestSocket.open(b.url, agent.token);
    await trpc(b.url, "support.setStatus", { status: "online" }, { bearer: agent.token });

    // A sees B's agent go online, live and in the list
    await colleagueWs.waitFor(
      (f) => f.eventType === 41 && (f as { agentId: string }).agentId === String(agent.user.id) && (f as { status: string }).status === "online",
    );
    const list = await trpc(a.url, "support.onlineAgents", undefined, { bearer: colleague.token, query: true });
    expect((list.data as { agents: object[] }).agents).toContainEqual(
      expect.objectContaining({ agentId: String(agent.user.id), status: "online", connected: true }),
    );

    // the shopper writes on A; routing on A finds the agent connected to B
    const visitor = await newVisitor(a.url, site.key);
    const shopperWs = await TestSocket.open(a.url, visitor.visitorToken);
    await shopperWs.request(textFrame(visitor.conversationId, "s1", "Is this in stock?"));
    const got = await agentWs.waitFor((f) => (f as { msgId?: string }).msgId === "s1");
    expect(got).toMatchObject({ msg: { content: "Is this in stock?" }, fromType: "visitor" });

    // the agent answers on B; the shopper on A gets it
    await agentWs.request(textFrame(visitor.conversationId, "r1", "Yes, 3 left."));
    const answer = await shopperWs.waitFor((f) => (f as { msgId?: string }).msgId === "r1");
    expect(answer).toMatchObject({ msg: { content: "Yes, 3 left." }, fromType: "agent" });

    // nothing lost or doubled in either direction over 30 more (under the per-socket burst limit)
    for (let i = 0; i < 15; i++) {
      shopperWs.send(textFrame(visitor.conversationId, `sv${i}`, `v${i}`));
      agentWs.send(textFrame(visitor.conversationId, `sa${i}`, `a${i}`));
    }
    await agentWs.waitFor((f) => (f as { msgId?: string }).msgId === "sv14", 10_000);
    await shopperWs.waitFor((f) => (f as { msgId?: string }).msgId === "sa14", 10_000);
    const atAgent = agentWs.messages().filter((m) => m.msgId.startsWith("sv")).map((m) => m.msgId);
    const atShopper = shopperWs.messages().filter((m) => m.msgId.startsWith("sa")).map((m) => m.msgId);
    expect(atAgent).toEqual(Array.from({ length: 15 }, (_, i) => `sv${i}`));
    expect(atShopper).toEqual(Array.from({ length: 15 }, (_, i) => `sa${i}`));

    // B's agent disconnects: A sees them as not connected
    agentWs.close();
    await colleagueWs.waitFor(
      (f) => f.eventType === 41 && (f as { agentId: string }).agentId === String(agent.user.id) && (f as { connected: boolean }).connected === false,
    );
  });

  it("ending a session on process A closes its sockets on process B with 4001 within a second", async () => {
    const { a, b, database } = world;
    const onA = { url: a.url, deps: { db: database.db } };
    const site = await createSite(onA);
    const agent = await createAgent(onA, site.id);
    const onB = await TestSocket.open(b.url, agent.token);
    const visitor = await newVisitor(a.url, site.key);
    const shopperOnB = await TestSocket.open(b.url, visitor.visitorToken);

    const within = (ms: number) => new Promise<"late">((r) => setTimeout(() => r("late"), ms).unref());
    expect(await trpc(a.url, "user.logout", {}, { bearer: agent.token })).toMatchObject({ ok: true });
    expect(await Promise.race([onB.closed, within(1_000)])).toEqual({ code: 4001, reason: "-1003 signed out" });
    expect(await trpc(a.url, "widget.endSession", {}, { bearer: visitor.visitorToken })).toMatchObject({ ok: true });
    expect(await Promise.race([shopperOnB.closed, within(1_000)])).toMatchObject({ code: 4001 });
    await expect(TestSocket.open(b.url, agent.token)).rejects.toThrow(/401/);
  });

  it("friends made on process A chat live with their sockets on process B at once; unfriending stops delivery there too", async () => {
    const { a, b, database } = world;
    const onA = { url: a.url, deps: { db: database.db } };
    const [ann, bob] = [await createMember(onA), await createMember(onA)];
    // both are connected to B before they are friends: B subscribes their sockets when A says so
    const [annOnB, bobOnB] = await Promise.all([TestSocket.open(b.url, ann.token), TestSocket.open(b.url, bob.token)]);
    expect(await trpc(a.url, "friend.add", { id: String(bob.user.id), reason: "hi" }, { bearer: ann.token })).toMatchObject({ ok: true });
    await bobOnB.waitFor((f) => f.eventType === 31);
    expect(await trpc(a.url, "friend.response", { id: String(ann.user.id), agree: 1 }, { bearer: bob.token })).toMatchObject({ ok: true });
    await annOnB.waitFor((f) => f.eventType === 31 && "status" in f && f.status === 3);
    const annOnA = await TestSocket.open(a.url, ann.token);
    const sent = (await annOnA.request({ eventType: 0, msgId: "x-proc", channelType: 3, targetId: String(bob.user.id), msgType: 1, msg: { content: "across" } })) as { logId: string };
    expect(await bobOnB.waitFor((f) => f.eventType === 0 && "logId" in f && f.logId === sent.logId)).toMatchObject({ msg: { content: "across" } });
    await annOnB.waitFor((f) => f.eventType === 0 && "logId" in f && f.logId === sent.logId); // ann's other device too
    expect(await trpc(a.url, "friend.delete", { id: String(ann.user.id) }, { bearer: bob.token })).toMatchObject({ ok: true });
    // after the unsubscribe reached B, a frame published to the thread no longer reaches bob there:
    // ann's read mark (event 44) goes to the thread's audience, which B has dropped for bob
    await new Promise((r) => setTimeout(r, 300));
    const before = bobOnB.frames.length;
    expect(await annOnA.request({ eventType: 44, msgId: "r-after", channelType: 3, targetId: String(bob.user.id), logId: sent.logId })).toMatchObject({ code: 0 });
    await annOnB.waitFor((f) => f.eventType === 44 && "readerId" in f);
    expect(bobOnB.frames.slice(before).filter((f) => f.eventType === 44)).toEqual([]);
    await Promise.all([annOnA.close(), annOnB.close(), bobOnB.close()]);
  });

  it("a group across processes: a member added on A hears the group on B at once; a kicked member's sockets on B stop at once; the online count counts both", async () => {
    const { a, b, database } = world;
    const onA = { url: a.url, deps: { db: database.db } };
    const [owner, kim, lee] = [await createMember(onA), await createMember(onA), await createMember(onA)];
    for (const m of [kim, lee]) {
      await trpc(a.url, "friend.add", { id: String(m.user.id) }, { bearer: owner.token });
      await trpc(a.url, "friend.response", { id: String(owner.user.id), agree: 1 }, { bearer: m.token });
    }
    const created = await trpc(a.url, "group.create", { roomName: "Across", users: [String(kim.user.id)] }, { bearer: owner.token });
    const roomId = (created.data as { roomId: string }).roomId;
    const [ownerOnA, kimOnB, leeOnB] = await Promise.all([TestSocket.open(a.url, owner.token), TestSocket.open(b.url, kim.token), TestSocket.open(b.url, lee.token)]);
    // online: the owner on A and kim on B (the tick runs in each process, a second apart at most)
    await ownerOnA.waitFor((f) => f.eventType === 24 && "roomId" in f && f.roomId === roomId && f.number === "2");
    // lee is invited on A while connected to B: B subscribes lee's socket before the notice
    expect(await trpc(a.url, "group.joinRoomInvite", { roomId, users: [String(lee.user.id)] }, { bearer: owner.token })).toMatchObject({ ok: true });
    await leeOnB.waitFor((f) => f.eventType === 20 && "roomId" in f && f.roomId === roomId);
    const hello = (await ownerOnA.request({ eventType: 0, msgId: "g-across", channelType: 2, targetId: roomId, msgType: 1, msg: { content: "across" } })) as { logId: string };
    for (const s of [kimOnB, leeOnB]) await s.waitFor((f) => f.eventType === 0 && "logId" in f && f.logId === hello.logId);
    // kim is removed on A: B drops kim's socket from the group before it tells kim (event 21)
    expect(await trpc(a.url, "group.kickOut", { roomId, users: [String(kim.user.id)] }, { bearer: owner.token })).toMatchObject({ ok: true });
    await kimOnB.waitFor((f) => f.eventType === 21 && "type" in f && f.type === 2);
    const after = (await ownerOnA.request({ eventType: 0, msgId: "g-after", channelType: 2, targetId: roomId, msgType: 1, msg: { content: "not for kim" } })) as { logId: string };
    // one delivery on B reaches every socket of the group at once: lee has it, so kim would have
    await leeOnB.waitFor((f) => f.eventType === 0 && "logId" in f && f.logId === after.logId);
    expect(kimOnB.frames.some((f) => f.eventType === 0 && "logId" in f && f.logId === after.logId)).toBe(false);
    expect(await kimOnB.request({ eventType: 0, msgId: "kim-after", channelType: 2, targetId: roomId, msgType: 1, msg: { content: "hello?" } })).toMatchObject({ code: -6000 });
    await Promise.all([ownerOnA.close(), kimOnB.close(), leeOnB.close()]);
  });

  it("stops on SIGTERM, closing its sockets with 1001", async () => {
    const { database } = world;
    const c = await startParleyProcess({ AUTH_SECRET: "two-process-test-secret" });
    const site = await createSite({ url: c.url, deps: { db: database.db } });
    const v = await newVisitor(c.url, site.key);
    const ws = await TestSocket.open(c.url, v.visitorToken);
    c.child.kill("SIGTERM");
    expect((await ws.closed).code).toBe(1001);
    expect(await c.exited).toBe(0);
  });
});
