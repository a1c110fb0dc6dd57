// Groups end to end over HTTP and /ws on the real database: every /room/* endpoint's answers and
// the seed codes it can return, the join approval flow, live events 20–24 and subscriptions,
// group messages with notices, recall by admins, mute, unread, the size limit under concurrent
// joins, dissolving — and the same through the compat door.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { groupMembers, groups } from "../../../db/schema";
import { clock, realNow } from "../../clock";
import type { LogEntry, ServerFrame } from "../../protocol/frames";
import { createAgent, createMember, createSite, startTestParley, trpc, TestSocket, uniq } from "../../testing/harness";
import { makeFriends } from "../friend/make-friends";
import { GROUP_LIMITS_PER_MINUTE } from "./membership";
import { groupOnline } from "./online";

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
/** a frame's fields, whatever its eventType (the predicates below check eventType first) */
const F = (f: ServerFrame) => f as ServerFrame & Record<string, unknown>;
const call = (m: Member | null, path: string, input: unknown, query = false) => trpc(parley.url, path, input, { bearer: m?.token, query });
const q = (m: Member | null, path: string, input: unknown) => call(m, path, input, true);
const id = (m: Member) => String(m.user.id);
const text = (roomId: string, msgId: string, content: string) => ({ eventType: 0, msgId, channelType: 2, targetId: roomId, msgType: 1, msg: { content } });
type Info = {
  memberNumber: number;
  onlineNumber: number;
  memberLevel: number;
  joinPermission: number;
  canAddFriend: number;
  mutedAll: number;
  users: { id: string; memberLevel: number; roomNickname: string; online: boolean }[];
  can: { invite: boolean; kick: number[]; mute: number[]; dissolve: boolean; setLevel: boolean; leave: boolean };
};

async function members(n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => createMember(parley, { nickname: uniq(`g${i}`) })));
}
/** everyone in `others` becomes a friend of `owner` */
async function befriend(owner: Member, others: Member[]) {
  for (const o of others) await parley.deps.db.transaction((tx) => makeFriends(tx, owner.user.id, o.user.id, Date.now()));
}
/** a group of owner + others (friends of the owner) */
async function group(owner: Member, others: Member[], name = uniq("grp")) {
  await befriend(owner, others);
  const res = await call(owner, "group.create", { roomName: name, users: others.map(id) });
  expect(res).toMatchObject({ ok: true });
  return (res.data as { roomId: string; markId: string }).roomId;
}
const info = async (m: Member, roomId: string) => (await q(m, "group.info", { roomId })).data as Info;
const logs = async (m: Member, roomId: string) => ((await q(m, "group.chatLog", { id: roomId, number: 50 })).data as { logs: LogEntry[] }).logs;
const notices = async (m: Member, roomId: string) => (await logs(m, roomId)).filter((l) => l.msgType === 6).map((l) => (l.msg as { event: string }).event);

describe("create, list, info", () => {
  it("the creator owns it, the friends are in it, everyone's sockets hear event 20 and get its messages at once", async () => {
    const [a, b, c] = await members(3);
    await befriend(a, [b, c]);
    const sockets = await Promise.all([a, b, c].map((m) => TestSocket.open(parley.url, m.token)));
    const res = await call(a, "group.create", { roomName: "Climbers", users: [id(b), id(c)] });
    expect(res).toMatchObject({ ok: true, data: { roomId: expect.any(String), markId: expect.stringMatching(/^\d{8}$/) } });
    const roomId = (res.data as { roomId: string }).roomId;
    for (const s of sockets) await s.waitFor((f) => f.eventType === 20 && F(f).roomId === roomId && F(f).userId === id(c) && F(f).type === 1);
    const list = (await q(b, "group.list", { type: 3 })).data as { roomList: unknown[] };
    expect(list.roomList).toContainEqual(expect.objectContaining({ id: roomId, name: "Climbers", memberLevel: 1, memberNumber: 3, noDisturbing: 2, onTop: 2, interior: 0 }));
    const i = await info(a, roomId);
    expect(i).toMatchObject({ memberNumber: 3, memberLevel: 3, joinPermission: 1, canAddFriend: 1, mutedAll: 2 });
    expect(i.users[0]).toMatchObject({ id: id(a), memberLevel: 3 }); // the owner first
    expect(i.users.slice(1).map((u) => [u.id, u.memberLevel]).sort()).toEqual([[id(b), 1], [id(c), 1]].sort());
    expect(i.can).toMatchObject({ invite: true, kick: [1, 2], dissolve: true, setLevel: true, leave: false });
    expect((await info(b, roomId)).can).toMatchObject({ invite: true, kick: [], dissolve: false, leave: true });
    // live without reconnecting: b's message reaches a and c, and is acknowledged to b
    const ack = await sockets[1].request(text(roomId, "hello-1", "hi all"));
    expect(ack).toMatchObject({ eventType: 0, channelType: 2, fromId: id(b), targetId: roomId, msg: { content: "hi all" } });
    for (const s of [sockets[0], sockets[2]]) expect(await s.waitFor((f) => f.eventType === 0 && F(f).msgId === "hello-1")).toMatchObject({ logId: (ack as LogEntry).logId });
    expect(await notices(c, roomId)).toEqual(["created"]);
    await Promise.all(sockets.map((s) => s.close()));
  });

  it("create refuses strangers (-2018) and a group larger than its limit (-3001); outsiders see nothing (-6000)", async () => {
    const [a, b, stranger] = await members(3);
    expect(await call(a, "group.create", { users: [id(stranger)] })).toMatchObject({ appCode: -2018 });
    const roomId = await group(a, [b]);
    for (const path of ["group.info", "group.userList", "group.getOnlineNumber"]) expect(await q(stranger, path, { roomId })).toMatchObject({ appCode: -6000 });
    expect(await q(stranger, "group.chatLog", { id: roomId, number: 10 })).toMatchObject({ appCode: -6000 });
    expect(await q(a, "group.info", { roomId: "999999999999" })).toMatchObject({ appCode: -6000 });
    const s = await TestSocket.open(parley.url, stranger.token);
    expect(await s.request(text(roomId, "x-1", "let me in"))).toMatchObject({ code: -6000 });
    await s.close();
    const small = await startTestParley({ groupMaxMembers: 2 });
    try {
      const [x, y, z] = await Promise.all([1, 2, 3].map(() => createMember(small)));
      for (const o of [y, z]) await small.deps.db.transaction((tx) => makeFriends(tx, x.user.id, o.user.id, Date.now()));
      const res = await trpc(small.url, "group.create", { users: [id(y), id(z)] }, { bearer: x.token });
      expect(res).toMatchObject({ appCode: -3001 });
      expect(res.message).toContain("full");
    } finally {
      await small.close();
    }
  });

  it("userList, userInfo and searchMember (by name or group nickname); setMemberNickname, DND and pin are the caller's own", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b, c]);
    expect(await call(b, "group.setMemberNickname", { roomId, nickname: "Belay Queen" })).toMatchObject({ ok: true });
    const found = (await q(a, "group.searchMember", { roomId, query: "belay" })).data as { userList: { id: string; roomNickname: string }[] };
    expect(found.userList).toEqual([expect.objectContaining({ id: id(b), roomNickname: "Belay Queen" })]);
    const byName = (await q(a, "group.searchMember", { roomId, query: c.user.nickname })).data as { userList: { id: string }[] };
    expect(byName.userList.map((u) => u.id)).toEqual([id(c)]);
    expect(((await q(a, "group.searchMember", { roomId, query: "%" })).data as { userList: unknown[] }).userList).toEqual([]);
    expect((await q(c, "group.userList", { roomId })).data).toMatchObject({ userList: expect.arrayContaining([expect.objectContaining({ id: id(b) })]) });
    expect((await q(c, "group.userInfo", { roomId, userId: id(b) })).data).toMatchObject({ id: id(b), nickname: b.user.nickname, roomNickname: "Belay Queen", memberLevel: 1 });
    const outsider = await createMember(parley);
    expect(await q(c, "group.userInfo", { roomId, userId: id(outsider) })).toMatchObject({ appCode: -6000 });
    expect(await call(b, "group.setNoDisturbing", { roomId, setNoDisturbing: 1 })).toMatchObject({ ok: true });
    expect(await call(b, "group.stickyOnTop", { roomId, stickyOnTop: 1 })).toMatchObject({ ok: true });
    const lb = (await q(b, "group.list", { type: 3 })).data as { roomList: { id: string; noDisturbing: number; onTop: number }[] };
    expect(lb.roomList[0]).toMatchObject({ id: roomId, noDisturbing: 1, onTop: 1 });
    const la = (await q(a, "group.list", { type: 3 })).data as { roomList: { id: string; noDisturbing: number; onTop: number }[] };
    expect(la.roomList.find((r) => r.id === roomId)).toMatchObject({ noDisturbing: 2, onTop: 2 });
    expect(await call(outsider, "group.setNoDisturbing", { roomId, setNoDisturbing: 1 })).toMatchObject({ appCode: -6000 });
  });
});

describe("joining", () => {
  it("apply with a reason → owner and admins hear event 23 and see it in applyList → approve → the applicant is in, live", async () => {
    const [a, b, applicant] = await members(3);
    const roomId = await group(a, [b]);
    expect(await call(a, "group.setLevel", { roomId, userId: id(b), level: 2 })).toMatchObject({ ok: true });
    const markId = ((await q(a, "group.info", { roomId })).data as { markId: string }).markId;
    const found = await q(applicant, "chat33.search", { markId });
    expect(found.data).toMatchObject({ type: 1, roomInfo: { id: roomId, joinPermission: 1, canAddFriend: 1, isMember: false, memberNumber: 2 } });
    const [sa, sb, sx] = await Promise.all([a, b, applicant].map((m) => TestSocket.open(parley.url, m.token)));
    expect(await call(applicant, "group.joinRoomApply", { roomId, applyReason: "I climb too" })).toMatchObject({ ok: true, data: { joined: false } });
    for (const s of [sa, sb, sx]) {
      expect(await s.waitFor((f) => f.eventType === 23 && F(f).roomId === roomId)).toMatchObject({ type: 1, status: 1, applyReason: "I climb too", senderInfo: { id: id(applicant) }, receiveInfo: { id: roomId } });
    }
    const list = (await q(b, "chat33.applyList", { number: 20 })).data as { applyList: { type: number; roomId?: string; status: number }[] };
    expect(list.applyList).toContainEqual(expect.objectContaining({ type: 1, roomId, status: 1 }));
    // not yet a member: reads nothing
    expect(await q(applicant, "group.chatLog", { id: roomId, number: 5 })).toMatchObject({ appCode: -6000 });
    expect(await call(b, "group.joinRoomApprove", { roomId, userId: id(applicant), agree: 1 })).toMatchObject({ ok: true });
    await sx.waitFor((f) => f.eventType === 23 && F(f).status === 3);
    await sx.waitFor((f) => f.eventType === 20 && F(f).roomId === roomId && F(f).userId === id(applicant) && F(f).type === 3);
    await sa.request(text(roomId, "welcome-1", "welcome"));
    expect(await sx.waitFor((f) => f.eventType === 0 && F(f).msgId === "welcome-1")).toMatchObject({ fromId: id(a) });
    expect(await call(b, "group.joinRoomApprove", { roomId, userId: id(applicant), agree: 1 })).toMatchObject({ appCode: -2019 });
    expect(await call(b, "group.joinRoomApprove", { roomId, userId: id(a), agree: 1 })).toMatchObject({ appCode: -2020 });
    expect(await call(applicant, "group.joinRoomApply", { roomId })).toMatchObject({ appCode: -2017 });
    expect(await notices(a, roomId)).toEqual(["created", "level", "joined"]);
    await Promise.all([sa, sb, sx].map((s) => s.close()));
  });

  it("an open group lets applicants in at once; a closed one refuses (-3001); a refused application stays refused", async () => {
    const [a, b, x, y] = await members(4);
    const roomId = await group(a, [b]);
    expect(await call(y, "group.joinRoomApply", { roomId, applyReason: "pls" })).toMatchObject({ ok: true, data: { joined: false } });
    expect(await call(b, "group.joinRoomApprove", { roomId, userId: id(y), agree: 2 })).toMatchObject({ appCode: -3000 });
    expect(await call(a, "group.joinRoomApprove", { roomId, userId: id(y), agree: 2 })).toMatchObject({ ok: true });
    expect(await q(y, "group.info", { roomId })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "group.setPermission", { roomId, joinPermission: 2 })).toMatchObject({ ok: true });
    expect(await call(x, "group.joinRoomApply", { roomId })).toMatchObject({ ok: true, data: { joined: true } });
    expect((await info(x, roomId)).memberLevel).toBe(1);
    expect(await call(a, "group.setPermission", { roomId, joinPermission: 3 })).toMatchObject({ ok: true });
    expect(await call(y, "group.joinRoomApply", { roomId })).toMatchObject({ appCode: -3001 });
    expect(await call(b, "group.setPermission", { roomId, joinPermission: 2 })).toMatchObject({ appCode: -3000 });
    expect(await call(a, "group.joinRoomApply", { roomId: "999999999999" })).toMatchObject({ appCode: -6000 });
  });

  it("invitations: the owner's add at once; a member's into an approval group wait for an admin; nobody invites strangers", async () => {
    const [a, b, c, d, stranger] = await members(5);
    const roomId = await group(a, [b]);
    await befriend(a, [c]);
    await befriend(b, [d]);
    expect(await call(a, "group.joinRoomInvite", { roomId, users: [id(c)] })).toMatchObject({ ok: true, data: { joined: [id(c)], pending: [] } });
    expect(await call(a, "group.joinRoomInvite", { roomId, users: [id(c)] })).toMatchObject({ appCode: -2017 });
    expect(await call(b, "group.joinRoomInvite", { roomId, users: [id(stranger)] })).toMatchObject({ appCode: -2018 });
    const sd = await TestSocket.open(parley.url, d.token);
    expect(await call(b, "group.joinRoomInvite", { roomId, users: [id(d)] })).toMatchObject({ ok: true, data: { joined: [], pending: [id(d)] } });
    expect(await sd.waitFor((f) => f.eventType === 23)).toMatchObject({ status: 1, inviterId: id(b), senderInfo: { id: id(d) } });
    expect(await call(a, "group.joinRoomApprove", { roomId, userId: id(d), agree: 1 })).toMatchObject({ ok: true });
    await sd.waitFor((f) => f.eventType === 20 && F(f).userId === id(d));
    const last = (await logs(a, roomId)).at(-1)!;
    expect(last).toMatchObject({ msgType: 6, fromId: id(b), msg: { event: "joined", operatorId: id(b), userIds: [id(d)] } });
    expect(await call(a, "group.setPermission", { roomId, joinPermission: 3 })).toMatchObject({ ok: true });
    const [e] = await members(1);
    await befriend(b, [e]);
    expect(await call(b, "group.joinRoomInvite", { roomId, users: [id(e)] })).toMatchObject({ appCode: -3001 });
    await sd.close();
  });

  it("50 concurrent joins into an open group with a limit of 40 give exactly 40 members", async () => {
    const [owner] = await members(1);
    const roomId = await group(owner, []);
    await parley.deps.db.update(groups).set({ memberLimit: 40, joinPermission: 2 }).where(eq(groups.id, Number(roomId)));
    const joiners = await members(50);
    const results = await Promise.all(joiners.map((j) => call(j, "group.joinRoomApply", { roomId })));
    expect(results.filter((r) => r.ok)).toHaveLength(39);
    expect(results.filter((r) => !r.ok).every((r) => r.appCode === -3001)).toBe(true);
    const rows = await parley.deps.db.select().from(groupMembers).where(eq(groupMembers.groupId, Number(roomId)));
    expect(rows).toHaveLength(40);
    expect((await info(owner, roomId)).memberNumber).toBe(40);
  });
});

describe("leaving, kicking, dissolving", () => {
  it("a kicked member hears event 21 type 2 at once, receives nothing more and can no longer send", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b, c]);
    const [sa, sb, sb2] = await Promise.all([TestSocket.open(parley.url, a.token), TestSocket.open(parley.url, b.token), TestSocket.open(parley.url, b.token)]);
    expect(await call(a, "group.kickOut", { roomId, users: [id(b)] })).toMatchObject({ ok: true });
    for (const s of [sa, sb, sb2]) expect(await s.waitFor((f) => f.eventType === 21 && F(f).roomId === roomId)).toMatchObject({ userId: id(b), type: 2 });
    await sb.waitFor((f) => f.eventType === 0 && F(f).msgType === 6 && (F(f).msg as { event: string }).event === "kicked");
    await sa.request(text(roomId, "after-kick", "bye b"));
    expect(await sb.request(text(roomId, "b-after", "wait"))).toMatchObject({ code: -6000 });
    await sa.request(text(roomId, "barrier", "x"));
    expect(sb.frames.some((f) => f.eventType === 0 && F(f).msgId === "after-kick")).toBe(false);
    expect(sb2.frames.some((f) => f.eventType === 0 && F(f).msgId === "after-kick")).toBe(false);
    expect(await q(b, "group.chatLog", { id: roomId, number: 5 })).toMatchObject({ appCode: -6000 });
    expect((await info(a, roomId)).memberNumber).toBe(2);
    await Promise.all([sa, sb, sb2].map((s) => s.close()));
  });

  it("kick rules: nobody kicks the owner, admins don't kick admins, members kick nobody, nobody kicks themselves", async () => {
    const [owner, admin1, admin2, m1, m2] = await members(5);
    const roomId = await group(owner, [admin1, admin2, m1, m2]);
    for (const x of [admin1, admin2]) expect(await call(owner, "group.setLevel", { roomId, userId: id(x), level: 2 })).toMatchObject({ ok: true });
    expect(await call(admin1, "group.kickOut", { roomId, users: [id(owner)] })).toMatchObject({ appCode: -3000 });
    expect(await call(admin1, "group.kickOut", { roomId, users: [id(admin2)] })).toMatchObject({ appCode: -3000 });
    expect(await call(m1, "group.kickOut", { roomId, users: [id(m2)] })).toMatchObject({ appCode: -3000 });
    expect(await call(admin1, "group.kickOut", { roomId, users: [id(admin1)] })).toMatchObject({ appCode: -2021 });
    expect(await call(admin1, "group.kickOut", { roomId, users: [id(m1)] })).toMatchObject({ ok: true });
    expect(await call(owner, "group.kickOut", { roomId, users: [id(admin2)] })).toMatchObject({ ok: true });
    expect((await info(owner, roomId)).users.map((u) => u.id).sort()).toEqual([id(owner), id(admin1), id(m2)].sort());
  });

  it("leaving: members and admins leave (event 21 type 1); the owner hands ownership over first", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b, c]);
    const sa = await TestSocket.open(parley.url, a.token);
    expect(await call(c, "group.loginOut", { roomId })).toMatchObject({ ok: true });
    expect(await sa.waitFor((f) => f.eventType === 21)).toMatchObject({ userId: id(c), type: 1 });
    const owner = await call(a, "group.loginOut", { roomId });
    expect(owner).toMatchObject({ appCode: -3000 });
    expect(owner.message).toContain("ownership");
    expect(await call(a, "group.setLevel", { roomId, userId: id(b), level: 3 })).toMatchObject({ ok: true });
    expect((await info(a, roomId)).memberLevel).toBe(2);
    expect((await info(b, roomId)).memberLevel).toBe(3);
    expect(await call(a, "group.loginOut", { roomId })).toMatchObject({ ok: true });
    expect(await notices(b, roomId)).toEqual(["created", "left", "level", "left"]);
    await sa.close();
  });

  it("dissolve (owner only): everyone hears event 22; no member, no way to read or write remains", async () => {
    const [a, b] = await members(2);
    const roomId = await group(a, [b]);
    const sb = await TestSocket.open(parley.url, b.token);
    expect(await call(b, "group.delete", { roomId })).toMatchObject({ appCode: -3000 });
    expect(await call(a, "group.delete", { roomId })).toMatchObject({ ok: true });
    expect(await sb.waitFor((f) => f.eventType === 22)).toMatchObject({ roomId });
    expect(await sb.request(text(roomId, "gone-1", "hello?"))).toMatchObject({ code: -6000 });
    expect(await q(a, "group.chatLog", { id: roomId, number: 5 })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "group.joinRoomApply", { roomId })).toMatchObject({ appCode: -6000 });
    expect(await parley.deps.db.select().from(groupMembers).where(eq(groupMembers.groupId, Number(roomId)))).toEqual([]);
    expect(((await q(b, "group.list", { type: 3 })).data as { roomList: { id: string }[] }).roomList.map((r) => r.id)).not.toContain(roomId);
    await sb.close();
  });
});

describe("messages, recall, mute, unread", () => {
  it("owners and admins recall anyone's message at any time; members only their own, within the window", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b, c]);
    const sb = await TestSocket.open(parley.url, b.token);
    const sc = await TestSocket.open(parley.url, c.token);
    const m1 = (await sb.request(text(roomId, "r-1", "oops"))) as LogEntry;
    expect(await call(c, "chat33.recall", { logId: m1.logId, type: 1 })).toMatchObject({ appCode: -2023 });
    clock.now = () => realNow() + 24 * 60 * 60_000;
    expect(await call(b, "chat33.recall", { logId: m1.logId, type: 1 })).toMatchObject({ appCode: -2023 });
    expect(await call(a, "chat33.recall", { logId: m1.logId, type: 1 })).toMatchObject({ ok: true });
    expect(await sc.waitFor((f) => f.eventType === 10)).toMatchObject({ logType: 1, channelType: 2, targetId: roomId, logId: m1.logId, operateType: 1, userId: id(a) });
    const page = (await q(c, "group.chatLog", { id: roomId, number: 10 })).data as { logs: LogEntry[]; viewerCan: { recallAny: boolean } };
    // the history says it was not its sender who took it back
    expect(page.logs.find((l) => l.logId === m1.logId)).toMatchObject({ recalled: true, msg: {}, recalledBy: id(a) });
    expect(page.viewerCan.recallAny).toBe(false);
    expect(((await q(a, "group.chatLog", { id: roomId, number: 10 })).data as { viewerCan: { recallAny: boolean } }).viewerCan.recallAny).toBe(true);
    await Promise.all([sb.close(), sc.close()]);
  });

  it("muting one member (event 3, -2007 until it ends) and the whole group (owners and admins still speak)", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b, c]);
    const [sa, sb, sc] = await Promise.all([a, b, c].map((m) => TestSocket.open(parley.url, m.token)));
    expect(await call(b, "group.muteMember", { roomId, userId: id(c), mutedTime: 60_000 })).toMatchObject({ appCode: -3000 });
    expect(await call(a, "group.muteMember", { roomId, userId: id(c), mutedTime: 60_000 })).toMatchObject({ ok: true });
    expect(await sc.waitFor((f) => f.eventType === 3)).toMatchObject({ channelType: 2, targetId: roomId, mutedLastTime: 60_000 });
    const refused = (await sc.request(text(roomId, "m-1", "hey"))) as { code: number; content: string };
    expect(refused.code).toBe(-2007);
    expect(refused.content).toMatch(/until \d{4}-/);
    expect(((await q(c, "group.chatLog", { id: roomId, number: 1 })).data as { mutedUntil: number }).mutedUntil).toBeGreaterThan(Date.now());
    clock.now = () => realNow() + 61_000;
    expect(await sc.request(text(roomId, "m-2", "back"))).toMatchObject({ eventType: 0, logId: expect.any(String) });
    clock.now = realNow;
    expect(await call(a, "group.muteAll", { roomId, muted: 1 })).toMatchObject({ ok: true });
    expect(await sb.request(text(roomId, "m-3", "hello?"))).toMatchObject({ code: -2007 });
    expect(await sa.request(text(roomId, "m-4", "announcement"))).toMatchObject({ eventType: 0, logId: expect.any(String) });
    expect(await call(b, "group.muteAll", { roomId, muted: 2 })).toMatchObject({ appCode: -3000 });
    expect(await call(a, "group.muteAll", { roomId, muted: 2 })).toMatchObject({ ok: true });
    expect(await sb.request(text(roomId, "m-5", "free"))).toMatchObject({ eventType: 0 });
    expect(await notices(a, roomId)).toEqual(["created", "muted", "muteAll", "muteAll"]);
    await Promise.all([sa, sb, sc].map((s) => s.close()));
  });

  it("unread counts other people's messages after the read pointer — never my own, never notices — on every device", async () => {
    const [a, b, c] = await members(3);
    const roomId = await group(a, [b]);
    const unreadOf = async (m: Member) => ((await q(m, "group.unread", undefined)).data as { infos: { id: string; number: number; lastLog: LogEntry | null }[] }).infos.find((x) => x.id === roomId);
    expect(await unreadOf(b)).toMatchObject({ number: 0, lastLog: { msgType: 6 } });
    const [sa, sb1, sb2] = await Promise.all([TestSocket.open(parley.url, a.token), TestSocket.open(parley.url, b.token), TestSocket.open(parley.url, b.token)]);
    for (let i = 0; i < 3; i++) await sa.request(text(roomId, `u-${i}`, `m${i}`));
    expect(await unreadOf(b)).toMatchObject({ number: 3, lastLog: { msgId: "u-2" } });
    expect(await unreadOf(a)).toMatchObject({ number: 0 });
    // answering is reading: my own message moves my pointer past what it answers
    await sb1.request(text(roomId, "u-b", "mine"));
    expect(await unreadOf(b)).toMatchObject({ number: 0, lastLog: { msgId: "u-b" } });
    expect(await unreadOf(a)).toMatchObject({ number: 1 });
    await sa.request(text(roomId, "u-3", "m3"));
    // a reconnect does not make my own messages unread (OpenIM #2260)
    await sb1.close();
    const sb3 = await TestSocket.open(parley.url, b.token);
    const pending = await unreadOf(b);
    expect(pending).toMatchObject({ number: 1 });
    const read = await sb3.request({ eventType: 44, msgId: "read-1", channelType: 2, targetId: roomId, logId: pending!.lastLog!.logId });
    expect(read).toMatchObject({ eventType: 44, targetId: roomId, readerId: id(b) });
    await sb2.waitFor((f) => f.eventType === 44 && F(f).targetId === roomId);
    expect(sa.frames.some((f) => f.eventType === 44 && F(f).targetId === roomId)).toBe(false); // read marks in a group are the reader's own
    expect(await unreadOf(b)).toMatchObject({ number: 0 });
    // a new member starts with nothing unread
    await befriend(a, [c]);
    await call(a, "group.joinRoomInvite", { roomId, users: [id(c)] });
    expect(await unreadOf(c)).toMatchObject({ number: 0 });
    await Promise.all([sa, sb2, sb3].map((s) => s.close()));
  });
});

describe("online count (event 24)", () => {
  it("is announced at most once a second per group, and only when it changed", async () => {
    const [a, b] = await members(2);
    const roomId = await group(a, [b]);
    let t = realNow() + 10_000;
    clock.now = () => t;
    const tracker = groupOnline(parley.deps);
    const sa = await TestSocket.open(parley.url, a.token);
    await tracker.flush();
    expect(await sa.waitFor((f) => f.eventType === 24 && F(f).roomId === roomId)).toMatchObject({ number: "1" });
    const sb = await TestSocket.open(parley.url, b.token);
    await tracker.flush(); // within the same second: held back
    expect(sa.frames.filter((f) => f.eventType === 24 && F(f).roomId === roomId)).toHaveLength(1);
    t += 1_000;
    await tracker.flush();
    expect(await sa.waitFor((f) => f.eventType === 24 && F(f).roomId === roomId && F(f).number === "2")).toBeTruthy();
    t += 5_000;
    tracker.groupChanged(Number(roomId));
    await tracker.flush(); // nothing changed: nothing said
    expect(sa.frames.filter((f) => f.eventType === 24 && F(f).roomId === roomId)).toHaveLength(2);
    expect((await q(a, "group.getOnlineNumber", { roomId })).data).toEqual({ onlineNumber: 2 });
    expect((await info(a, roomId)).users.every((u) => u.online)).toBe(true);
    await Promise.all([sa.close(), sb.close()]);
  });
});

describe("friends met in a group", () => {
  it("friend.add with roomId: both must be members; canAddFriend 2 refuses it", async () => {
    const [a, b, c, outsider] = await members(4);
    const roomId = await group(a, [b, c]);
    expect(await call(b, "friend.add", { id: id(c), roomId })).toMatchObject({ ok: true });
    expect(await call(outsider, "friend.add", { id: id(c), roomId })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "group.setPermission", { roomId, canAddFriend: 2 })).toMatchObject({ ok: true });
    expect(await call(c, "friend.add", { id: id(b), roomId })).toMatchObject({ appCode: -3000 });
  });
});

describe("staff groups (seed 000 interior)", () => {
  it("an agent makes one with the site's agents; it is interior, hidden from everyone else", async () => {
    const site = await createSite(parley);
    const [lead, colleague] = [await createAgent(parley, site.id), await createAgent(parley, site.id)];
    const [member] = await members(1);
    await befriend(lead, [member]);
    expect(await call(member, "group.create", { users: [], siteId: String(site.id) })).toMatchObject({ appCode: -3002 });
    expect(await call(lead, "group.create", { users: [id(member)], siteId: String(site.id) })).toMatchObject({ appCode: -3000 });
    const res = await call(lead, "group.create", { roomName: "Team", users: [id(colleague)], siteId: String(site.id) });
    expect(res).toMatchObject({ ok: true });
    const { roomId, markId } = res.data as { roomId: string; markId: string };
    const list = (await q(colleague, "group.list", { type: 3 })).data as { roomList: unknown[] };
    expect(list.roomList).toContainEqual(expect.objectContaining({ id: roomId, interior: 1, siteId: String(site.id) }));
    // a friend of the lead may not be brought in: only the site's agents
    expect(await call(lead, "group.joinRoomInvite", { roomId, users: [id(member)] })).toMatchObject({ appCode: -3000 });
    expect(await q(member, "chat33.search", { markId })).toMatchObject({ appCode: -2001 });
    expect(await call(member, "group.joinRoomApply", { roomId })).toMatchObject({ appCode: -6000 });
  });
});

describe("the remaining seed codes", () => {
  it("create with someone else's avatar -7000; setPermission with nothing -1002; yourself -2021; not a member -6000", async () => {
    const [a, b, c, outsider] = await members(4);
    await befriend(a, [b]);
    expect(await call(a, "group.create", { users: [id(b)], roomAvatar: "/uploads/nosuchupload123" })).toMatchObject({ appCode: -7000 });
    const roomId = await group(a, [b, c]);
    expect(await call(a, "group.setPermission", { roomId })).toMatchObject({ appCode: -1002 });
    expect(await call(a, "group.setLevel", { roomId, userId: id(a), level: 2 })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "group.setLevel", { roomId, userId: id(outsider), level: 2 })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "group.muteMember", { roomId, userId: id(a), mutedTime: 1000 })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "group.kickOut", { roomId, users: [id(outsider)] })).toMatchObject({ appCode: -6000 });
    expect(await call(a, "group.joinRoomInvite", { roomId, users: [id(a)] })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "group.joinRoomApprove", { roomId, userId: id(a), agree: 1 })).toMatchObject({ appCode: -2021 });
    expect(await call(a, "group.setMemberNickname", { roomId, nickname: "x".repeat(33) })).toMatchObject({ appCode: -1001 });
  });

  it("bad input is -1001 / -1002 with nothing written: a create that names a stranger makes no group at all", async () => {
    const [a, b, stranger] = await members(3);
    const roomId = await group(a, [b]);
    expect(await call(a, "group.setPermission", { roomId: "abc", joinPermission: 2 })).toMatchObject({ appCode: -1001 });
    expect(await call(a, "group.setPermission", { joinPermission: 2 })).toMatchObject({ appCode: -1002 });
    expect(await call(a, "group.setPermission", { roomId, joinPermission: 4 })).toMatchObject({ appCode: -1001 });
    expect(await call(a, "group.muteMember", { roomId, userId: id(b), mutedTime: -5 })).toMatchObject({ appCode: -1001 });
    expect(await call(a, "group.create", { roomName: "bad\u0000name", users: [] })).toMatchObject({ appCode: -1001 });
    expect(await call(b, "group.joinRoomApply", { roomId, applyReason: "x".repeat(201) })).toMatchObject({ appCode: -1001 });
    expect(await q(a, "group.chatLog", { id: roomId, number: 201 })).toMatchObject({ appCode: -1001 });
    const before = ((await q(a, "group.list", { type: 3 })).data as { roomList: unknown[] }).roomList.length;
    expect(await call(a, "group.create", { roomName: "half", users: [id(b), id(stranger)] })).toMatchObject({ appCode: -2018 });
    expect(((await q(a, "group.list", { type: 3 })).data as { roomList: unknown[] }).roomList).toHaveLength(before);
    expect(((await q(b, "group.list", { type: 3 })).data as { roomList: { name: string }[] }).roomList.map((r) => r.name)).not.toContain("half");
  });

  it("making groups is limited per member per minute (-1012), and the limit refills", async () => {
    const [a] = await members(1);
    let t = realNow() + 60_000;
    clock.now = () => t;
    const made = [];
    for (let i = 0; i < GROUP_LIMITS_PER_MINUTE.create; i++) made.push(await call(a, "group.create", { users: [] }));
    expect(made.every((r) => r.ok)).toBe(true);
    expect(await call(a, "group.create", { users: [] })).toMatchObject({ appCode: -1012 });
    t += 60_000 / GROUP_LIMITS_PER_MINUTE.create;
    expect(await call(a, "group.create", { users: [] })).toMatchObject({ ok: true });
  });

  it("a resend of a msgId stores nothing new and answers with the stored message; afterId catches up in order", async () => {
    const [a, b] = await members(2);
    const roomId = await group(a, [b]);
    const sa = await TestSocket.open(parley.url, a.token);
    const first = (await sa.request(text(roomId, "same-1", "once"))) as LogEntry;
    const again = (await sa.request(text(roomId, "same-1", "once"))) as LogEntry;
    expect(again.logId).toBe(first.logId);
    for (let i = 0; i < 5; i++) await sa.request(text(roomId, `after-${i}`, `n${i}`));
    const page = (await q(b, "group.chatLog", { id: roomId, afterId: first.logId, number: 3 })).data as { logs: LogEntry[]; nextLog: string | null };
    expect(page.logs.map((l) => l.msgId)).toEqual(["after-0", "after-1", "after-2"]);
    const rest = (await q(b, "group.chatLog", { id: roomId, afterId: page.nextLog!, number: 3 })).data as { logs: LogEntry[]; nextLog: string | null };
    expect(rest.logs.map((l) => l.msgId)).toEqual(["after-3", "after-4"]);
    expect(rest.nextLog).toBeNull();
    expect((await logs(b, roomId)).filter((l) => l.msgId === "same-1")).toHaveLength(1);
    await sa.close();
  });
});

describe("the compat door", () => {
  it("POST /api/compat/room/* answers in the seed's envelope, kickOut and loginOut by rootId", async () => {
    const [a, b, c] = await members(3);
    await befriend(a, [b, c]);
    const compat = async (m: Member, path: string, body: unknown) => {
      const res = await fetch(`${parley.url}/api/compat${path}`, { method: "POST", headers: { "content-type": "application/json", "FZM-AUTH-TOKEN": m.token }, body: JSON.stringify(body) });
      return (await res.json()) as { result: number; message: string; data: Record<string, unknown> };
    };
    const created = await compat(a, "/room/create", { roomName: "compat", users: [id(b), id(c)] });
    expect(created).toMatchObject({ result: 0, data: { roomId: expect.any(String) } });
    const roomId = created.data.roomId as string;
    expect(await compat(b, "/room/info", { roomId })).toMatchObject({ result: 0, data: { id: roomId, memberNumber: 3, memberLevel: 1 } });
    expect(await compat(a, "/room/kickOut", { rootId: roomId, users: [id(c)] })).toMatchObject({ result: 0 });
    expect(await compat(b, "/room/loginOut", { rootId: roomId })).toMatchObject({ result: 0 });
    expect(await compat(b, "/room/info", { roomId })).toMatchObject({ result: -6000 });
    const logsPage = await compat(a, "/room/chatLog", { id: roomId, number: 10 });
    expect((logsPage.data.logs as { msg: { event: string } }[]).map((l) => l.msg.event)).toEqual(["created", "kicked", "left"]);
  });
});


