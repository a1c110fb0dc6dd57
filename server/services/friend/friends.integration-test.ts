// Friends and friend chat end to end over HTTP and /ws, on the real database: every friend
// endpoint's answers and seed codes, live requests (event 31) and subscriptions, chat with
// resend and catch-up, recall and delete, mark read — and the same through the compat door.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clock, realNow } from "../../clock";
import type { LogEntry } from "../../protocol/frames";
import { createMember, PNG_1x1, startTestParley, trpc, TestSocket, uniq } from "../../testing/harness";

let parley: Awaited<ReturnType<typeof startTestParley>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});
afterEach(() => {
  clock.now = realNow;
});

type Member = Awaited<ReturnType<typeof createMember>>;
const call = (m: Member | null, path: string, input: unknown, query = false) => trpc(parley.url, path, input, { bearer: m?.token, query });
const text = (to: Member, msgId: string, content: string) => ({ eventType: 0, msgId, channelType: 3, targetId: String(to.user.id), msgType: 1, msg: { content } });

/** a and b, friends through request and answer */
async function friends() {
  const a = await createMember(parley, { nickname: uniq("ann") });
  const b = await createMember(parley, { nickname: uniq("bo") });
  expect(await call(a, "friend.add", { id: String(b.user.id), reason: "hi", remark: "Bo" })).toMatchObject({ ok: true });
  expect(await call(b, "friend.response", { id: String(a.user.id), agree: 1 })).toMatchObject({ ok: true });
  return { a, b };
}

describe("friend requests", () => {
  it("add → both hear event 31 → accept → both are friends with the remark, and their sockets are subscribed at once", async () => {
    const a = await createMember(parley);
    const b = await createMember(parley);
    const [sa, sb] = await Promise.all([TestSocket.open(parley.url, a.token), TestSocket.open(parley.url, b.token)]);
    expect(await call(a, "friend.add", { id: String(b.user.id), reason: "from the shop", remark: "Bee" })).toMatchObject({ ok: true, data: {} });
    for (const s of [sa, sb]) {
      const f = (await s.waitFor((x) => x.eventType === 31)) as Extract<typeof s.frames[number], { eventType: 31 }>;
      expect(f).toMatchObject({ type: 2, status: 1, applyReason: "from the shop", senderInfo: { id: String(a.user.id) }, receiveInfo: { id: String(b.user.id) } });
    }
    const list = await call(b, "friend.requestList", undefined, true);
    expect(list.data).toEqual([expect.objectContaining({ id: String(a.user.id), reason: "from the shop", status: 1, username: a.user.nickname })]);
    expect(await call(b, "friend.response", { id: String(a.user.id), agree: 1 })).toMatchObject({ ok: true });
    await sa.waitFor((x) => x.eventType === 31 && "status" in x && x.status === 3);
    const la = await call(a, "friend.list", { type: 3 }, true);
    expect((la.data as { userList: unknown[] }).userList).toEqual([
      expect.objectContaining({ id: String(b.user.id), name: b.user.nickname, remark: "Bee", noDisturbing: 2, onTop: 2, isDelete: 1, markId: b.user.markId }),
    ]);
    // subscribed live: the open sockets get the first message without reconnecting
    await sa.request(text(b, "m1", "hello"));
    expect(await sb.waitFor((x) => x.eventType === 0 && "logId" in x)).toMatchObject({ fromId: String(a.user.id), targetId: String(b.user.id), msg: { content: "hello" } });
    await Promise.all([sa.close(), sb.close()]);
  });

  it("answers the seed codes: self -2021, no such user -2001, already friends -2017, no request -2020, handled -2019", async () => {
    const { a, b } = await friends();
    const c = await createMember(parley);
    expect(await call(a, "friend.add", { id: String(a.user.id) })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "friend.add", { id: "999999999999" })).toMatchObject({ appCode: -2001 });
    expect(await call(a, "friend.add", { id: String(b.user.id) })).toMatchObject({ appCode: -2017 });
    expect(await call(c, "friend.response", { id: String(a.user.id), agree: 1 })).toMatchObject({ appCode: -2020 });
    expect(await call(b, "friend.response", { id: String(a.user.id), agree: 1 })).toMatchObject({ appCode: -2019 });
    expect(await call(c, "friend.delete", { id: String(a.user.id) })).toMatchObject({ appCode: -2018 });
    expect(await call(c, "friend.setRemark", { id: String(a.user.id), remark: "x" })).toMatchObject({ appCode: -2018 });
    expect(await call(null, "friend.list", { type: 3 }, true)).toMatchObject({ appCode: -1003 });
  });

  it("a refused request leaves them strangers; applyList pages by id with the total", async () => {
    const a = await createMember(parley);
    const others = await Promise.all([1, 2, 3].map(() => createMember(parley)));
    for (const o of others) await call(o, "friend.add", { id: String(a.user.id), reason: `r${o.user.id}` });
    expect(await call(a, "friend.response", { id: String(others[0].user.id), agree: 2 })).toMatchObject({ ok: true });
    const p1 = (await call(a, "chat33.applyList", { number: 2 }, true)).data as { applyList: { id: number; status: number; senderInfo: { id: string } }[]; totalNumber: number; nextId: string };
    expect(p1.totalNumber).toBe(3);
    expect(p1.applyList.map((x) => x.senderInfo.id)).toEqual([String(others[2].user.id), String(others[1].user.id)]);
    const p2 = (await call(a, "chat33.applyList", { id: p1.nextId, number: 2 }, true)).data as typeof p1;
    expect(p2.applyList).toEqual([expect.objectContaining({ status: 2, senderInfo: expect.objectContaining({ id: String(others[0].user.id) }) })]);
    expect(p2.nextId).toBe("");
    expect((await call(a, "friend.list", { type: 3 }, true)).data).toEqual({ userList: [] });
  });

  it("settings: remark, do-not-disturb, pin; delete ends the friendship for both and unsubscribes their sockets", async () => {
    const { a, b } = await friends();
    expect(await call(a, "friend.setRemark", { id: String(b.user.id), remark: "Bobby" })).toMatchObject({ ok: true });
    expect(await call(a, "friend.setNoDisturbing", { id: String(b.user.id), setNoDisturbing: 1 })).toMatchObject({ ok: true });
    expect(await call(a, "friend.stickyOnTop", { id: String(b.user.id), stickyOnTop: 1 })).toMatchObject({ ok: true });
    const row = ((await call(a, "friend.list", { type: 3 }, true)).data as { userList: Record<string, unknown>[] }).userList[0];
    expect(row).toMatchObject({ remark: "Bobby", noDisturbing: 1, onTop: 1 });
    const sb = await TestSocket.open(parley.url, b.token);
    const sa0 = await TestSocket.open(parley.url, a.token);
    const t0 = Date.now();
    expect(await call(b, "friend.delete", { id: String(a.user.id) })).toMatchObject({ ok: true });
    // both hear it live (event 45), each naming the other
    expect(await sa0.waitFor((x) => x.eventType === 45)).toEqual({ eventType: 45, friendId: String(b.user.id) });
    expect(await sb.waitFor((x) => x.eventType === 45)).toEqual({ eventType: 45, friendId: String(a.user.id) });
    await sa0.close();
    expect((await call(a, "friend.list", { type: 3 }, true)).data).toEqual({ userList: [] });
    // with `time`, the deletion is in the changes
    const changes = (await call(a, "friend.list", { type: 3, time: t0 - 1 }, true)).data as { userList: Record<string, unknown>[] };
    expect(changes.userList).toEqual([expect.objectContaining({ id: String(b.user.id), isDelete: 2 })]);
    const sa = await TestSocket.open(parley.url, a.token);
    expect(await sa.request(text(b, "after-delete", "still there?"))).toMatchObject({ code: -2018 });
    // history stays readable
    expect(await call(a, "friend.chatLog", { id: String(b.user.id), number: 10 }, true)).toMatchObject({ ok: true, data: { viewerCan: { send: false } } });
    // friends again: the same thread, its history back
    expect(await call(a, "friend.add", { id: String(b.user.id) })).toMatchObject({ ok: true });
    expect(await call(b, "friend.response", { id: String(a.user.id), agree: 1 })).toMatchObject({ ok: true });
    await sb.waitFor((x) => x.eventType === 31 && "status" in x && x.status === 3);
    await sa.request(text(b, "again", "hi again"));
    expect(await sb.waitFor((x) => x.eventType === 0 && "logId" in x && x.msgId === "again")).toBeTruthy();
    await Promise.all([sa.close(), sb.close()]);
  });
});

describe("friend chat", () => {
  it("strangers are refused (-2018 to write, -6000 to read), a message to yourself is -2021, guests -2008", async () => {
    const a = await createMember(parley);
    const c = await createMember(parley);
    const s = await TestSocket.open(parley.url, a.token);
    expect(await s.request(text(c, "x1", "hi"))).toMatchObject({ code: -2018 });
    expect(await s.request(text(a, "x2", "me"))).toMatchObject({ code: -2021 });
    expect(await call(a, "friend.chatLog", { id: String(c.user.id), number: 10 }, true)).toMatchObject({ appCode: -6000 });
    await s.close();
  });

  it("stores before the ack, a resend is stored once, every device of both gets it, and catch-up by afterId misses nothing", async () => {
    const { a, b } = await friends();
    const a1 = await TestSocket.open(parley.url, a.token);
    const a2 = await TestSocket.open(parley.url, a.token);
    const b1 = await TestSocket.open(parley.url, b.token);
    const ack = (await a1.request(text(b, "same", "once"))) as LogEntry;
    expect(ack).toMatchObject({ channelType: 3, fromType: "member", fromId: String(a.user.id), targetId: String(b.user.id), senderInfo: { nickname: a.user.nickname } });
    const again = (await a1.request(text(b, "same", "once"))) as LogEntry;
    expect(again.logId).toBe(ack.logId);
    await a2.waitFor((x) => x.eventType === 0 && "logId" in x && x.logId === ack.logId);
    await b1.waitFor((x) => x.eventType === 0 && "logId" in x && x.logId === ack.logId);
    await b1.close();
    // b is away while a writes (within the socket's rate limit: a 20-frame burst)
    for (let i = 0; i < 15; i++) await a1.request(text(b, `m${i}`, `n${i}`));
    const page = (await call(b, "friend.chatLog", { id: String(a.user.id), afterId: ack.logId, number: 500 }, true)).data as { logs: LogEntry[]; nextLog: string | null };
    expect(page.logs.map((l) => l.msg.content)).toEqual(Array.from({ length: 15 }, (_, i) => `n${i}`));
    expect(page.nextLog).toBeNull();
    const all = (await call(b, "friend.chatLog", { id: String(a.user.id), number: 200 }, true)).data as { logs: LogEntry[] };
    expect(all.logs.filter((l) => l.msgId === "same")).toHaveLength(1);
    // scrolling back pages are at most 200; catch-up at most 500
    expect(await call(b, "friend.chatLog", { id: String(a.user.id), number: 201 }, true)).toMatchObject({ appCode: -1001 });
    await Promise.all([a1.close(), a2.close()]);
  });

  it("unread is what the friend sent after my read pointer; mark read (ws 44) clears it on every device and tells the friend", async () => {
    const { a, b } = await friends();
    const sa = await TestSocket.open(parley.url, a.token);
    const [b1, b2] = await Promise.all([TestSocket.open(parley.url, b.token), TestSocket.open(parley.url, b.token)]);
    for (let i = 0; i < 3; i++) await sa.request(text(b, `u${i}`, `u${i}`));
    const unread = (await call(b, "friend.unread", undefined, true)).data as { infos: { id: string; number: number; lastLog: LogEntry }[] };
    expect(unread.infos).toEqual([expect.objectContaining({ id: String(a.user.id), number: 3, lastLog: expect.objectContaining({ msg: { content: "u2" }, targetId: String(b.user.id) }) })]);
    // a's own messages are never unread for a
    expect(((await call(a, "friend.unread", undefined, true)).data as { infos: { number: number }[] }).infos[0].number).toBe(0);
    const reply = await b1.request({ eventType: 44, msgId: "r1", channelType: 3, targetId: String(a.user.id), logId: unread.infos[0].lastLog.logId });
    expect(reply).toMatchObject({ code: 0, logId: unread.infos[0].lastLog.logId, readerId: String(b.user.id) });
    await b2.waitFor((x) => x.eventType === 44 && !("msgId" in x && x.msgId) && "readerId" in x && x.readerId === String(b.user.id));
    await sa.waitFor((x) => x.eventType === 44 && "readerId" in x && x.readerId === String(b.user.id));
    expect(((await call(b, "friend.unread", undefined, true)).data as { infos: { number: number }[] }).infos[0].number).toBe(0);
    const log = (await call(a, "friend.chatLog", { id: String(b.user.id), number: 5 }, true)).data as { peerReadId: string };
    expect(log.peerReadId).toBe(unread.infos[0].lastLog.logId);
    await Promise.all([sa.close(), b1.close(), b2.close()]);
  });

  it("recall: own message inside the limit → event 10 to both and 'recalled' in history; outside the limit or someone else's → -2023", async () => {
    const { a, b } = await friends();
    const sa = await TestSocket.open(parley.url, a.token);
    const sb = await TestSocket.open(parley.url, b.token);
    const m1 = (await sa.request(text(b, "r1", "oops"))) as LogEntry;
    const m2 = (await sa.request(text(b, "r2", "keep"))) as LogEntry;
    expect(await call(b, "chat33.recall", { logId: m1.logId, type: 2 })).toMatchObject({ appCode: -2023 }); // not b's
    expect(await call(a, "chat33.recall", { logId: m1.logId, type: 1 })).toMatchObject({ appCode: -6000 }); // not a group message
    expect(await call(a, "chat33.recall", { logId: m1.logId, type: 2 })).toMatchObject({ ok: true });
    for (const s of [sa, sb]) expect(await s.waitFor((x) => x.eventType === 10)).toMatchObject({ logId: m1.logId, operateType: 1, logType: 2 });
    const log = (await call(b, "friend.chatLog", { id: String(a.user.id), number: 5 }, true)).data as { logs: LogEntry[] };
    expect(log.logs.find((l) => l.logId === m1.logId)).toMatchObject({ recalled: true, msg: {} });
    clock.now = () => realNow() + parley.deps.config.recallWindowMs + 1_000;
    expect(await call(a, "chat33.recall", { logId: m2.logId, type: 2 })).toMatchObject({ appCode: -2023 });
    // a stranger cannot even learn the message exists
    const c = await createMember(parley);
    expect(await call(c, "chat33.recall", { logId: m2.logId, type: 2 })).toMatchObject({ appCode: -6000 });
    expect(await call(c, "chat33.delete", { logId: m2.logId, type: 2 })).toMatchObject({ appCode: -6000 });
    await Promise.all([sa.close(), sb.close()]);
  });

  it("delete for me hides the message from my history on every device, not from the friend's", async () => {
    const { a, b } = await friends();
    const sa = await TestSocket.open(parley.url, a.token);
    const m = (await sa.request(text(b, "d1", "private"))) as LogEntry;
    const other = await TestSocket.open(parley.url, b.token);
    expect(await call(b, "chat33.delete", { logId: m.logId, type: 2 })).toMatchObject({ ok: true });
    expect(await other.waitFor((x) => x.eventType === 10)).toMatchObject({ operateType: 2, logId: m.logId });
    const mine = (await call(b, "friend.chatLog", { id: String(a.user.id), number: 5 }, true)).data as { logs: LogEntry[] };
    expect(mine.logs.map((l) => l.logId)).not.toContain(m.logId);
    const theirs = (await call(a, "friend.chatLog", { id: String(b.user.id), number: 5 }, true)).data as { logs: LogEntry[] };
    expect(theirs.logs.map((l) => l.logId)).toContain(m.logId);
    await Promise.all([sa.close(), other.close()]);
  });

  it("media messages must point at an upload of the right kind, and a file's size must be the upload's", async () => {
    const { a, b } = await friends();
    const upload = async (bytes: Buffer, name: string) => {
      const res = await fetch(`${parley.url}/api/upload?name=${encodeURIComponent(name)}`, { method: "POST", headers: { authorization: `Bearer ${a.token}` }, body: new Uint8Array(bytes) });
      return (await res.json()) as { url: string; size: number; kind: string };
    };
    const file = await upload(Buffer.from("shopping list: chalk, tape, snacks\n"), "list.txt");
    expect(file.kind).toBe("file");
    const image = await upload(PNG_1x1, "dot.png");
    const sa = await TestSocket.open(parley.url, a.token);
    const send = (msgId: string, msgType: number, msg: Record<string, unknown>) => sa.request({ eventType: 0, msgId, channelType: 3, targetId: String(b.user.id), msgType, msg });
    expect(await send("f-size", 7, { fileUrl: file.url, name: "list.txt", size: file.size + 1 })).toMatchObject({ code: -7000 });
    expect(await send("f-ok", 7, { fileUrl: file.url, name: "list.txt", size: file.size })).toMatchObject({ logId: expect.any(String), msgType: 7 });
    expect(await send("i-kind", 3, { imageUrl: file.url })).toMatchObject({ code: -7000 }); // a text file is not an image
    expect(await send("a-kind", 2, { mediaUrl: image.url, time: 3 })).toMatchObject({ code: -7000 }); // nor is an image a voice message
    expect(await send("i-ok", 3, { imageUrl: image.url, width: 1, height: 1 })).toMatchObject({ logId: expect.any(String) });
    await sa.close();
  });

  it("a globally muted member gets -2007", async () => {
    const { a, b } = await friends();
    const { users } = await import("../../../db/schema");
    const { eq } = await import("drizzle-orm");
    await parley.deps.db.update(users).set({ mutedUntil: Date.now() + 60_000 }).where(eq(users.id, a.user.id));
    const sa = await TestSocket.open(parley.url, a.token);
    expect(await sa.request(text(b, "mute1", "hello?"))).toMatchObject({ code: -2007 });
    await sa.close();
  });

  it("search by markId finds a member (remark only for friends); an unknown markId is -2001", async () => {
    const { a, b } = await friends();
    const c = await createMember(parley);
    const found = await call(a, "chat33.search", { markId: b.user.markId }, true);
    expect(found.data).toMatchObject({ type: 2, userInfo: { id: String(b.user.id), name: b.user.nickname, remark: "Bo", markId: b.user.markId } });
    expect((await call(c, "chat33.search", { markId: b.user.markId }, true)).data).toMatchObject({ userInfo: { remark: "" } });
    expect(await call(a, "chat33.search", { markId: "1" + "0".repeat(11) }, true)).toMatchObject({ appCode: -2001 });
  });
});

describe("the compat door for /friend/* and /chat33/*", () => {
  const compat = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${parley.url}/api/compat${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { "FZM-AUTH-TOKEN": token } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { result: number; message: string; data: unknown } };
  };

  it("answers every friend path in the seed's envelope, with result 0 or the seed code", async () => {
    const a = await createMember(parley);
    const b = await createMember(parley);
    const ok = (r: { status: number; body: { result: number } }) => expect(r).toMatchObject({ status: 200, body: { result: 0 } });
    ok(await compat("/friend/add", { id: String(b.user.id), reason: "compat" }, a.token));
    ok(await compat("/friend/requestList", {}, b.token));
    ok(await compat("/chat33/applyList", { id: "", number: 10 }, b.token));
    ok(await compat("/friend/response", { id: String(a.user.id), agree: 1 }, b.token));
    const list = await compat("/friend/list", { type: 3 }, a.token);
    expect(list.body).toMatchObject({ result: 0, message: "OK", data: { userList: [expect.objectContaining({ id: String(b.user.id) })] } });
    ok(await compat("/friend/setRemark", { id: String(b.user.id), remark: "B" }, a.token));
    ok(await compat("/friend/setNoDisturbing", { id: String(b.user.id), setNoDisturbing: 1 }, a.token));
    ok(await compat("/friend/stickyOnTop", { id: String(b.user.id), stickyOnTop: 1 }, a.token));
    ok(await compat("/friend/unread", {}, a.token));
    const s = await TestSocket.open(parley.url, a.token);
    const m = (await s.request(text(b, "c1", "via ws"))) as LogEntry;
    await s.close();
    const log = await compat("/friend/chatLog", { id: String(a.user.id), number: 20 }, b.token);
    expect(log.body).toMatchObject({ result: 0, data: { logs: [expect.objectContaining({ logId: m.logId, channelType: 3 })] } });
    ok(await compat("/chat33/search", { markId: b.user.markId }, a.token));
    ok(await compat("/chat33/delete", { logId: m.logId, type: 2 }, b.token));
    ok(await compat("/chat33/recall", { logId: m.logId, type: 2 }, a.token));
    ok(await compat("/friend/delete", { id: String(b.user.id) }, a.token));
    // failures: the seed code in `result`, a readable message, empty data
    expect((await compat("/friend/delete", { id: String(b.user.id) }, a.token)).body).toEqual({ result: -2018, message: expect.stringContaining("not your friend"), data: {} });
    expect((await compat("/friend/add", { id: String(a.user.id) }, a.token)).body).toMatchObject({ result: -2021 });
    expect((await compat("/friend/list", { type: 3 })).body).toMatchObject({ result: -1003 });
    expect((await compat("/friend/add", {}, a.token)).body).toMatchObject({ result: -1002 });
    expect((await compat("/friend/add", { id: "abc" }, a.token)).body).toMatchObject({ result: -1001 });
    expect((await compat("/friend/nope", {}, a.token)).body).toMatchObject({ result: -1001 });
  });
});
