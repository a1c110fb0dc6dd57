// Reports end to end over HTTP and /ws on the real database: a member reports a user or a message
// they can read (friend chat, group, chat room, support), the codes for what they may not report, the
// admins' queue with the message and its context, and every action — dismiss, delete (recalled
// for everyone, event 10), mute (-2007 on the next send), ban — recorded with who and when;
// bad input writes nothing. Time comes from the injectable clock, never from sleeps.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chatRooms, messages, reportActions, reports } from "../../../db/schema";
import { clock, realNow } from "../../clock";
import { ChannelType, type LogEntry, type ServerFrame } from "../../protocol/frames";
import { createAgent, createMember, createSite, newVisitor, startTestParley, textFrame, trpc, TestSocket, uniq } from "../../testing/harness";
import { makeFriends } from "../friend/make-friends";
import { createThread } from "../messages/threads";
import { REPORT_MUTE_MAX_MS } from "./act-on-report";
import { REPORTS_PER_MINUTE } from "./create-report";
import type { ReportView } from "./list-reports";

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
const id = (m: Member) => String(m.user.id);
const call = (m: Member | null, path: string, input: unknown, query = false) => trpc(parley.url, path, input, { bearer: m?.token, query });
const text = (channelType: number, targetId: string, msgId: string) => ({ eventType: 0, msgId, channelType, targetId, msgType: 1, msg: { content: msgId } });
const F = (f: ServerFrame) => f as ServerFrame & Record<string, unknown>;

const people = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => createMember(parley, { nickname: uniq(`r${i}`) })));
const admin = () => createMember(parley, { role: "admin", nickname: uniq("admin") });
const befriend = (a: Member, b: Member) => parley.deps.db.transaction((tx) => makeFriends(tx, a.user.id, b.user.id, Date.now()));

/** `from` sends these texts to friend `to` over /ws; their logIds in order */
async function chat(from: Member, to: Member, contents: string[]) {
  const s = await TestSocket.open(parley.url, from.token);
  const ids: string[] = [];
  for (const c of contents) ids.push(((await s.request(text(3, id(to), c))) as { logId: string }).logId);
  await s.close();
  return ids;
}

const report = async (by: Member, input: Record<string, unknown>) => {
  const res = await call(by, "report.create", input);
  expect(res).toMatchObject({ ok: true });
  return (res.data as { reportId: string }).reportId;
};
const act = (by: Member, input: Record<string, unknown>) => call(by, "report.act", input);
const acted = async (by: Member, input: Record<string, unknown>) => {
  const res = await act(by, input);
  expect(res).toMatchObject({ ok: true });
  return res.data as ReportView;
};

/** every report of a status, page by page, as the admins' queue lists them */
async function listAll(a: Member, status: "open" | "closed" | "all") {
  const all: ReportView[] = [];
  for (let page = 1; ; page++) {
    const res = await call(a, "report.list", { status, page, number: 100 }, true);
    expect(res).toMatchObject({ ok: true });
    const { total, reports: rows } = res.data as { total: number; reports: ReportView[] };
    all.push(...rows);
    if (rows.length === 0 || all.length >= total) return all;
  }
}
const reportIn = async (a: Member, reportId: string, status: "open" | "closed" | "all" = "all") => (await listAll(a, status)).find((r) => r.id === reportId);

describe("report.create", () => {
  it("keeps the message as it was reported when its sender recalls it afterwards", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    await befriend(a, b);
    const [logId] = await chat(b, a, ["you will regret this"]);
    const reportId = await report(a, { id: id(b), msgId: logId, reason: "threat" });
    expect(await call(b, "chat33.recall", { logId, type: 2 })).toMatchObject({ ok: true });
    const seen = await reportIn(boss, reportId, "open");
    expect(seen?.message).toMatchObject({ logId, recalled: true, msg: {} });
    expect(seen?.snapshot).toMatchObject({ logId, msg: { content: "you will regret this" } });
  });

  it("reports a user, or their message from a friend chat; the admin's queue shows it with the message and five messages each side", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    await befriend(a, b);
    const logIds = await chat(b, a, ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11"]);
    const t = realNow() + 60_000;
    clock.now = () => t;
    const ofUser = await report(a, { id: id(b), reason: "rude" });
    clock.now = () => t + 1;
    const ofMessage = await report(a, { id: id(b), msgId: logIds[6], reason: "  spam  " });
    // the same report again while it is open is the one queued
    expect(await report(a, { id: id(b), msgId: logIds[6] })).toBe(ofMessage);

    const open = await listAll(boss, "open");
    const user = open.find((r) => r.id === ofUser)!;
    const msg = open.find((r) => r.id === ofMessage)!;
    expect(open.indexOf(user)).toBeLessThan(open.indexOf(msg)); // the queue: oldest first
    expect(user).toMatchObject({
      reporter: { id: id(a), name: a.user.nickname, uid: a.user.markId, avatar: "" },
      reported: { id: id(b), name: b.user.nickname, uid: b.user.markId, mutedUntil: 0, bannedAt: 0 },
      reason: "rude",
      status: "open",
      createdAt: t,
      closedAt: 0,
      message: null,
      context: [],
      channelType: null,
      targetId: null,
      actions: [],
    });
    expect(msg).toMatchObject({ reason: "spam", channelType: ChannelType.friend, message: { logId: logIds[6], fromId: id(b), msg: { content: "m6" } } });
    expect(msg.context.map((l) => l.logId)).toEqual([...logIds.slice(1, 6), ...logIds.slice(7, 12)]);
  });

  it("a message in a group the reporter is in, and in a chat room (public to read); the compat door /group/report", async () => {
    const [owner, m, outsider] = await people(3);
    await befriend(owner, m);
    const roomId = ((await call(owner, "group.create", { roomName: uniq("grp"), users: [id(m)] })).data as { roomId: string }).roomId;
    const s = await TestSocket.open(parley.url, m.token);
    const inGroup = ((await s.request(text(2, roomId, "group-msg"))) as { logId: string }).logId;
    await s.close();
    expect(await report(owner, { id: id(m), msgId: inGroup })).toMatch(/^\d+$/);
    expect(await call(outsider, "report.create", { id: id(m), msgId: inGroup })).toMatchObject({ appCode: -6000 });

    // a chat room's message: any member may report it
    const chatRoomId = await parley.deps.db.transaction(async (tx) => {
      const at = Date.now();
      const threadId = await createThread(tx, ChannelType.room, [], at);
      await tx.insert(chatRooms).values({ id: threadId, name: uniq("room"), createdAt: at, openedAt: at });
      return threadId;
    });
    const [said] = await parley.deps.db
      .insert(messages)
      .values({ channelType: ChannelType.room, targetId: chatRoomId, fromType: "member", fromId: m.user.id, clientMsgId: uniq("c"), msgType: 1, msg: { content: "room-msg" }, createdAt: Date.now() })
      .returning();
    const res = await fetch(`${parley.url}/api/compat/group/report`, {
      method: "POST",
      headers: { "content-type": "application/json", "FZM-AUTH-TOKEN": outsider.token },
      body: JSON.stringify({ id: id(m), msgId: String(said.id) }),
    });
    expect(await res.json()).toMatchObject({ result: 0, data: { reportId: expect.stringMatching(/^\d+$/) } });
    // a deleted room's messages are nobody's to report any more
    await parley.deps.db.update(chatRooms).set({ status: 2 }).where(eq(chatRooms.id, chatRoomId));
    expect(await call(owner, "report.create", { id: id(m), msgId: String(said.id) })).toMatchObject({ appCode: -6000 });
  });

  it("-6000 for a message the reporter cannot read or that does not exist; -1001 when someone else sent it; -2021 yourself; -2001 nobody; -1012 past the rate", async () => {
    const [a, b, c] = await people(3);
    await befriend(a, b);
    const [fromB] = await chat(b, a, ["hi"]);
    const [fromA] = await chat(a, b, ["hello"]);
    expect(await call(c, "report.create", { id: id(b), msgId: fromB })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "report.create", { id: id(b), msgId: "999999999999" })).toMatchObject({ appCode: -6000 });
    expect(await call(b, "report.create", { id: id(c), msgId: fromA })).toMatchObject({ appCode: -1001 });
    expect(await call(a, "report.create", { id: id(a) })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "report.create", { id: "999999999999" })).toMatchObject({ appCode: -2001 });
    expect(await call(a, "report.create", { id: id(b), reason: "x".repeat(501) })).toMatchObject({ appCode: -1001 });
    expect(await call(a, "report.create", { msgId: fromB })).toMatchObject({ appCode: -1002 });
    expect(await call(null, "report.create", { id: id(b) })).toMatchObject({ appCode: -1003 });
    // the rate per reporter, with time standing still
    const [d] = await people(1);
    const t = realNow() + 60_000;
    clock.now = () => t;
    for (let i = 0; i < REPORTS_PER_MINUTE; i++) expect(await call(d, "report.create", { id: id(b) })).toMatchObject({ ok: true });
    expect(await call(d, "report.create", { id: id(c) })).toMatchObject({ appCode: -1012 });
    clock.now = () => t + 60_000 / REPORTS_PER_MINUTE;
    expect(await call(d, "report.create", { id: id(c) })).toMatchObject({ ok: true });
  });
});

describe("report.list and report.act", () => {
  it("are for admins: everyone else -3000", async () => {
    const [a, b] = await people(2);
    const r = await report(a, { id: id(b) });
    expect(await call(a, "report.list", {}, true)).toMatchObject({ appCode: -3000 });
    expect(await act(a, { id: r, action: "dismiss" })).toMatchObject({ appCode: -3000 });
    expect(await act(b, { id: r, action: "ban" })).toMatchObject({ appCode: -3000 });
    expect(await call(null, "report.list", {}, true)).toMatchObject({ appCode: -1003 });
  });

  it("dismiss closes it with who and when; dismissing it again -1001; a later action is still recorded and makes it actioned", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    const r = await report(a, { id: id(b) });
    const t = realNow() + 120_000;
    clock.now = () => t;
    const dismissed = await acted(boss, { id: r, action: "dismiss" });
    expect(dismissed).toMatchObject({ status: "dismissed", closedAt: t, actions: [{ action: "dismiss", adminId: id(boss), adminName: boss.user.nickname, detail: {}, createdAt: t }] });
    expect(await act(boss, { id: r, action: "dismiss" })).toMatchObject({ appCode: -1001 });
    expect(await reportIn(boss, r, "open")).toBeUndefined();
    expect(await reportIn(boss, r, "closed")).toMatchObject({ status: "dismissed" });
    clock.now = () => t + 5_000;
    const muted = await acted(boss, { id: r, action: "mute", mutedTime: 60_000 });
    expect(muted).toMatchObject({ status: "actioned", closedAt: t, reported: { mutedUntil: t + 5_000 + 60_000 } });
    expect(muted.actions.map((x) => [x.action, x.createdAt])).toEqual([["dismiss", t], ["mute", t + 5_000]]);
    expect(muted.actions[1].detail).toEqual({ mutedTime: 60_000, mutedUntil: t + 65_000 });
    // closed reports are read newest first
    const [c] = await people(1);
    const newer = await report(c, { id: id(b) });
    clock.now = () => t + 10_000;
    await acted(boss, { id: newer, action: "dismiss" });
    const closed = await listAll(boss, "closed");
    expect(closed.findIndex((x) => x.id === newer)).toBeLessThan(closed.findIndex((x) => x.id === r));
  });

  it("delete recalls the message for everyone: history shows it recalled by the admin, the group's sockets hear event 10, the record keeps what it said", async () => {
    const [owner, m, other] = await people(3);
    const boss = await admin();
    await befriend(owner, m);
    await befriend(owner, other);
    const roomId = ((await call(owner, "group.create", { roomName: uniq("grp"), users: [id(m), id(other)] })).data as { roomId: string }).roomId;
    const [sm, so] = await Promise.all([TestSocket.open(parley.url, m.token), TestSocket.open(parley.url, owner.token)]);
    const bad = ((await sm.request(text(2, roomId, "nasty"))) as { logId: string }).logId;
    const r = await report(other, { id: id(m), msgId: bad, reason: "abuse" });
    const done = await acted(boss, { id: r, action: "delete" });
    const heard = F(await so.waitFor((f) => f.eventType === 10 && F(f).logId === bad));
    expect(heard).toMatchObject({ channelType: 2, targetId: roomId, operateType: 1, userId: id(boss), userName: boss.user.nickname });
    expect(F(await sm.waitFor((f) => f.eventType === 10 && F(f).logId === bad))).toMatchObject({ operateType: 1 });
    const logs = ((await call(other, "group.chatLog", { id: roomId, number: 20 }, true)).data as { logs: LogEntry[] }).logs;
    expect(logs.find((l) => l.logId === bad)).toMatchObject({ recalled: true, msg: {}, recalledBy: id(boss) });
    expect(done).toMatchObject({ status: "actioned", message: { logId: bad, recalled: true, recalledBy: id(boss) } });
    expect(done.actions).toEqual([
      expect.objectContaining({ action: "delete", adminId: id(boss), detail: { logId: bad, recalledBefore: false, msgType: 1, msg: { content: "nasty" } } }),
    ]);
    // deleting again is recorded, and says it was gone already
    expect((await acted(boss, { id: r, action: "delete" })).actions[1].detail).toMatchObject({ recalledBefore: true });
    await Promise.all([sm.close(), so.close()]);
  });

  it("delete on a friend chat message: both friends' sockets hear it", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    await befriend(a, b);
    const [bad] = await chat(b, a, ["ugly"]);
    const r = await report(a, { id: id(b), msgId: bad });
    const [sa, sb] = await Promise.all([TestSocket.open(parley.url, a.token), TestSocket.open(parley.url, b.token)]);
    await acted(boss, { id: r, action: "delete" });
    for (const s of [sa, sb]) expect(F(await s.waitFor((f) => f.eventType === 10 && F(f).logId === bad))).toMatchObject({ channelType: 3, logType: 2, targetId: id(a) });
    const logs = ((await call(a, "friend.chatLog", { id: id(b), number: 5 }, true)).data as { logs: LogEntry[] }).logs;
    expect(logs.find((l) => l.logId === bad)).toMatchObject({ recalled: true, recalledBy: id(boss) });
    await Promise.all([sa.close(), sb.close()]);
  });

  it("delete in a chat room: the sockets that joined it hear event 10; in a support conversation: its visitor hears it", async () => {
    const [m, reporter] = await people(2);
    const boss = await admin();
    const room = await call(boss, "chatRoom.addGroup", { groupName: uniq("room") });
    expect(room).toMatchObject({ ok: true });
    const groupId = (room.data as { groupId: string }).groupId;
    const [sm, sr] = await Promise.all([TestSocket.open(parley.url, m.token), TestSocket.open(parley.url, reporter.token)]);
    for (const s of [sm, sr]) expect(await s.request({ eventType: 1, msgId: uniq("join"), groupId })).toMatchObject({ code: 0 });
    const said = ((await sm.request(text(1, groupId, "room-spam"))) as { logId: string }).logId;
    const inRoom = await report(reporter, { id: id(m), msgId: said });
    await acted(boss, { id: inRoom, action: "delete" });
    expect(F(await sr.waitFor((f) => f.eventType === 10 && F(f).logId === said))).toMatchObject({ channelType: 1, targetId: groupId, userId: id(boss) });
    await Promise.all([sm.close(), sr.close()]);

    // support: an agent reports what another agent of the site wrote to a visitor; others cannot see it
    const site = await createSite(parley);
    const [serving, colleague] = [await createAgent(parley, site.id, { status: "online" }), await createAgent(parley, site.id)];
    const servingWs = await TestSocket.open(parley.url, serving.token);
    const v = await newVisitor(parley.url, site.key);
    const vs = await TestSocket.open(parley.url, v.visitorToken);
    await vs.request(textFrame(v.conversationId, "q", "hello?"));
    const reply = ((await servingWs.request(textFrame(v.conversationId, "a", "go away"))) as { logId: string }).logId;
    expect(await call(reporter, "report.create", { id: String(serving.user.id), msgId: reply })).toMatchObject({ appCode: -6000 });
    const inSupport = ((await trpc(parley.url, "report.create", { id: String(serving.user.id), msgId: reply }, { bearer: colleague.token })).data as { reportId: string }).reportId;
    await acted(boss, { id: inSupport, action: "delete" });
    expect(F(await vs.waitFor((f) => f.eventType === 10 && F(f).logId === reply))).toMatchObject({ channelType: 4, targetId: v.conversationId });
    await Promise.all([servingWs.close(), vs.close()]);
  });

  it("mute: the reported member's next friend-chat send is -2007 with its end; it ends by itself", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    await befriend(a, b);
    const r = await report(a, { id: id(b) });
    const sb = await TestSocket.open(parley.url, b.token);
    let t = realNow() + 60_000;
    clock.now = () => t;
    const done = await acted(boss, { id: r, action: "mute", mutedTime: 10 * 60_000 });
    expect(done).toMatchObject({ status: "actioned", reported: { mutedUntil: t + 600_000 }, actions: [{ action: "mute", detail: { mutedTime: 600_000, mutedUntil: t + 600_000 } }] });
    expect(await sb.waitFor((f) => f.eventType === 3)).toMatchObject({ mutedTime: t, mutedLastTime: 600_000 });
    const refused = (await sb.request(text(3, id(a), "while-muted"))) as { code: number; content: string };
    expect(refused.code).toBe(-2007);
    expect(refused.content).toContain(new Date(t + 600_000).toISOString());
    t += 600_001;
    expect(await sb.request(text(3, id(a), "after"))).toMatchObject({ logId: expect.any(String) });
    await sb.close();
  });

  it("ban: the reported member's token stops working, their socket closes (4001), sign-in is refused -3000", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    const r = await report(a, { id: id(b) });
    const sb = await TestSocket.open(parley.url, b.token);
    const done = await acted(boss, { id: r, action: "ban" });
    expect(done).toMatchObject({ status: "actioned", reported: { bannedAt: expect.any(Number) }, actions: [{ action: "ban", detail: { sessionsEnded: 1 } }] });
    expect(await sb.closed).toMatchObject({ code: 4001 });
    expect(sb.frames.find((f) => f.eventType === 101)).toMatchObject({ code: -3000 });
    expect(await call(b, "user.tokenLogin", {})).toMatchObject({ appCode: -1003 });
    const signIn = await trpc(parley.url, "user.pwdLogin", { mobile: b.mobile, password: "test-password-1" });
    expect(signIn).toMatchObject({ appCode: -3000 });
    expect(signIn.message).toContain("this account is suspended");
  });

  it("bad input writes nothing: -1002 / -1001 leave the report open with no action and the member as they were", async () => {
    const [a, b] = await people(2);
    const boss = await admin();
    const r = await report(a, { id: id(b) });
    const cases: [Record<string, unknown>, number][] = [
      [{ id: r, action: "mute" }, -1002],
      [{ id: r, action: "mute", mutedTime: 0 }, -1001],
      [{ id: r, action: "mute", mutedTime: -5 }, -1001],
      [{ id: r, action: "mute", mutedTime: REPORT_MUTE_MAX_MS + 1 }, -1001],
      [{ id: r, action: "mute", mutedTime: 1.5 }, -1001],
      [{ id: r, action: "explode" }, -1001],
      [{ action: "dismiss" }, -1002],
      [{ id: "999999999999", action: "dismiss" }, -1001],
      [{ id: "abc", action: "dismiss" }, -1001],
      // a report of a user names no message to delete
      [{ id: r, action: "delete" }, -1001],
    ];
    for (const [input, code] of cases) expect([input, (await act(boss, input)).appCode]).toEqual([input, code]);
    const [row] = await parley.deps.db.select().from(reports).where(eq(reports.id, Number(r)));
    expect(row).toMatchObject({ status: "open", closedAt: null });
    expect(await parley.deps.db.select().from(reportActions).where(eq(reportActions.reportId, Number(r)))).toEqual([]);
    expect(await reportIn(boss, r, "open")).toMatchObject({ reported: { mutedUntil: 0, bannedAt: 0 }, actions: [] });
  });

  it("an admin reported by someone cannot mute or ban themselves (-2021), and nothing is recorded", async () => {
    const [a] = await people(1);
    const boss = await admin();
    const r = await report(a, { id: id(boss) });
    expect(await act(boss, { id: r, action: "ban" })).toMatchObject({ appCode: -2021 });
    expect(await act(boss, { id: r, action: "mute", mutedTime: 1000 })).toMatchObject({ appCode: -2021 });
    expect(await parley.deps.db.select().from(reportActions).where(eq(reportActions.reportId, Number(r)))).toEqual([]);
    expect(await call(boss, "user.tokenLogin", {})).toMatchObject({ ok: true });
  });
});
