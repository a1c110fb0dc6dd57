// Chat rooms (seed 004 /group/*, channelType 1) as members, guests and admins use them: every
// endpoint and code (-5000, -5001, -2007, -2008, -3000), joining live, the admin's close /
// delete / open reaching the room's sockets, per-room mutes that end by themselves (an injected
// clock), and the online count (event 24) — at most once a second, only on change.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clock, realNow } from "../../clock";
import type { RoomInfo } from "../../protocol/frames";
import { createMember, startTestParley, trpc, TestSocket, uniq } from "../../testing/harness";
import { visitRoom } from "./guest";
import { roomLive } from "./live";

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
const text = (roomId: string, msgId: string, content = msgId) => ({ eventType: 0, msgId, channelType: 1, targetId: roomId, msgType: 1, msg: { content } });
const join = (roomId: string, msgId = `join-${roomId}`) => ({ eventType: 1, msgId, groupId: roomId });

async function newRoom(admin: Member, name = uniq("room")) {
  const res = await trpc(parley.url, "chatRoom.addGroup", { groupName: name }, { bearer: admin.token });
  expect(res.ok, JSON.stringify(res.body)).toBe(true);
  return { roomId: (res.data as { groupId: string }).groupId, name };
}

async function guestToken(uuid?: string) {
  const res = await trpc(parley.url, "chatRoom.visit", uuid ? { uuid } : {});
  return res.data as { token: string; uuid: string };
}

describe("chat rooms", () => {
  it("an admin creates a room; members and guests find it, join live and hear each other's messages; guests may not write", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const { roomId, name } = await newRoom(admin);
    // listed for everyone, anonymous included
    const anon = await trpc(parley.url, "chatRoom.list", { groupStatus: 1, groupName: name }, { query: true });
    expect((anon.data as { groups: RoomInfo[] }).groups).toEqual([expect.objectContaining({ groupId: roomId, groupName: name, status: 1, totalNumber: 0 })]);

    const guest = await guestToken();
    const g = await TestSocket.open(parley.url, guest.token);
    expect(g.frames[0]).toMatchObject({ eventType: 100, role: "guest", userId: guest.uuid });
    const s = await TestSocket.open(parley.url, m.token);
    // not joined yet: -5001
    expect(await s.request(text(roomId, "too-early"))).toMatchObject({ code: -5001 });
    expect(await s.request(join(roomId))).toMatchObject({ eventType: 1, code: 0, groupId: roomId });
    expect(await g.request(join(roomId))).toMatchObject({ eventType: 1, code: 0 });

    const ack = await s.request(text(roomId, "hello", "Hello room"));
    expect(ack).toMatchObject({ eventType: 0, channelType: 1, targetId: roomId, fromId: id(m), msg: { content: "Hello room" } });
    expect(await g.waitFor((f) => (f as { msgId?: string }).msgId === "hello")).toMatchObject({ logId: (ack as { logId: string }).logId });
    // the guest may read but not speak
    expect(await g.request(text(roomId, "guest-says"))).toMatchObject({ code: -2008 });

    // counts: one member, one guest — at once on this process
    const info = await trpc(parley.url, "chatRoom.info", { groupId: roomId }, { bearer: m.token, query: true });
    expect(info.data).toMatchObject({ totalNumber: 2, userNumber: 1, visitorNumber: 1, viewerCan: { join: true, send: true, manage: false } });
    const guestInfo = await trpc(parley.url, "chatRoom.info", { groupId: roomId }, { bearer: guest.token, query: true });
    expect(guestInfo.data).toMatchObject({ viewerCan: { join: true, send: false } });
    expect((await trpc(parley.url, "chatRoom.getOnlineNumber", { groupId: roomId }, { query: true })).data).toMatchObject({ totalNumber: 2 });

    // history, for the guest too; startId pages backwards
    for (let i = 0; i < 3; i++) await s.request(text(roomId, `more-${i}`));
    const page = (await trpc(parley.url, "chatRoom.getGroupChatHistory", { id: roomId, number: 2 }, { bearer: guest.token, query: true })).data as {
      logs: { msgId: string }[];
      nextLog: string;
      viewerCan: { send: boolean };
    };
    expect(page.logs.map((l) => l.msgId)).toEqual(["more-1", "more-2"]);
    expect(page.viewerCan.send).toBe(false);
    const older = (await trpc(parley.url, "chatRoom.getGroupChatHistory", { id: roomId, startId: page.nextLog, number: 10 }, { query: true })).data as { logs: { msgId: string }[]; nextLog: null };
    expect(older.logs.map((l) => l.msgId)).toEqual(["hello", "more-0"]);
    expect(older.nextLog).toBeNull();

    // leaving: no more messages for that socket, and writing is -5001 again
    expect(await s.request({ eventType: 2, msgId: "leave", groupId: roomId })).toMatchObject({ eventType: 2, code: 0 });
    expect(await s.request(text(roomId, "after-leaving"))).toMatchObject({ code: -5001 });
    await Promise.all([s.close(), g.close()]);
  });

  it("the compat door: /group/* with the seed's envelope; FZM-UUID reads as a guest; the deprecated /group/muted is the global mute", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${parley.url}/api/compat${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<{ result: number; message: string; data: Record<string, unknown> }>,
      );
    const name = uniq("compat-room");
    expect(await post("/group/addGroup", { groupName: name }, { "FZM-AUTH-TOKEN": admin.token })).toMatchObject({ result: 0 });
    const list = await post("/group/list", { groupStatus: 3, groupName: name }, { "FZM-UUID": (await guestToken()).uuid });
    expect(list).toMatchObject({ result: 0, data: { groups: [expect.objectContaining({ groupName: name, status: 1 })] } });
    const roomId = (list.data.groups as RoomInfo[])[0].groupId;
    expect(await post("/group/info", { groupId: roomId }, {})).toMatchObject({ result: 0, data: { groupId: roomId } });
    expect(await post("/group/getGroupChatHistory", { id: roomId, number: 20 }, {})).toMatchObject({ result: 0, data: { logs: [] } });
    expect(await post("/group/getOnlineNumber", { groupId: roomId }, {})).toMatchObject({ result: 0, data: { totalNumber: 0 } });
    expect(await post("/group/editGroupName", { groupId: roomId, groupName: `${name}-2` }, { "FZM-AUTH-TOKEN": admin.token })).toMatchObject({ result: 0 });
    expect(await post("/group/setStatus", { groupId: roomId, type: 1 }, { "FZM-AUTH-TOKEN": m.token })).toMatchObject({ result: -3000 });
    expect(await post("/group/setStatus", { groupId: roomId, type: 1 }, { "FZM-AUTH-TOKEN": admin.token })).toMatchObject({ result: 0 });
    expect(await post("/group/info", { groupId: roomId }, {})).toMatchObject({ data: { groupName: `${name}-2`, status: 2 } });
    expect(await post("/group/muted", { id: id(m), mutedTime: 60_000 }, { "FZM-AUTH-TOKEN": admin.token })).toMatchObject({ result: 0 });
    const [row] = await parley.deps.db.query.users.findMany({ where: (u, { eq }) => eq(u.id, m.user.id) });
    expect(row.mutedUntil).toBeGreaterThan(Date.now());
  });

  it("admin endpoints are -3000 for members and -1003 for guests; bad ids -1001; missing rooms -5000", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const { roomId } = await newRoom(admin);
    const guest = await guestToken();
    for (const [path, input] of [
      ["chatRoom.addGroup", { groupName: "x" }],
      ["chatRoom.editAvatar", { groupId: roomId, avatar: "" }],
      ["chatRoom.setStatus", { groupId: roomId, type: 1 }],
      ["chatRoom.editGroupName", { groupId: roomId, groupName: "y" }],
      ["chatRoom.mute", { groupId: roomId, userId: id(admin), mutedTime: 1000 }],
    ] as const) {
      expect(await trpc(parley.url, path, input, { bearer: m.token }), path).toMatchObject({ appCode: -3000 });
      expect(await trpc(parley.url, path, input, { bearer: guest.token }), path).toMatchObject({ appCode: -1003 });
    }
    for (const path of ["chatRoom.userList", "chatRoom.userInfo"]) {
      expect(await trpc(parley.url, path, { groupId: roomId, id: id(admin) }, { bearer: m.token, query: true }), path).toMatchObject({ appCode: -3000 });
    }
    expect(await trpc(parley.url, "chatRoom.info", { groupId: "999999999999" }, { query: true })).toMatchObject({ appCode: -5000 });
    expect(await trpc(parley.url, "chatRoom.info", { groupId: "abc" }, { query: true })).toMatchObject({ appCode: -1001 });
    expect(await trpc(parley.url, "chatRoom.addGroup", { groupName: "" }, { bearer: admin.token })).toMatchObject({ appCode: -1001 });
    expect(await trpc(parley.url, "chatRoom.addGroup", { groupName: "x", avatar: "javascript:alert(1)" }, { bearer: admin.token })).toMatchObject({ appCode: -1001 });
    expect(await trpc(parley.url, "chatRoom.visit", { uuid: "not-a-uuid" })).toMatchObject({ appCode: -1001 });
    // a forged guest token is nobody
    const forged = guest.token.slice(0, -4) + "AAAA";
    await expect(TestSocket.open(parley.url, forged)).rejects.toThrow(/401/);
    const s = await TestSocket.open(parley.url, m.token);
    expect(await s.request(join("999999999999"))).toMatchObject({ eventType: 1, code: -5000 });
    expect(await s.request(text("999999999999", "nowhere"))).toMatchObject({ code: -5000 });
    await s.close();
  });

  it("closing sends event 4 and stops sends and joins; opening sends 7 to every socket; deleting sends 5, leaves lists, keeps history for admins", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const { roomId, name } = await newRoom(admin);
    const guest = await guestToken();
    const [s, g, outsider] = await Promise.all([TestSocket.open(parley.url, m.token), TestSocket.open(parley.url, guest.token), TestSocket.open(parley.url, (await guestToken()).token)]);
    await s.request(join(roomId));
    await g.request(join(roomId));
    await s.request(text(roomId, "before-close"));

    await trpc(parley.url, "chatRoom.setStatus", { groupId: roomId, type: 1 }, { bearer: admin.token });
    for (const sock of [s, g]) expect(await sock.waitFor((f) => f.eventType === 4)).toMatchObject({ groupId: roomId, datetime: expect.any(Number) });
    expect(await s.request(text(roomId, "after-close"))).toMatchObject({ code: -5000 });
    const late = await TestSocket.open(parley.url, m.token);
    expect(await late.request(join(roomId, "late-join"))).toMatchObject({ code: -5000 });
    // closed rooms are still listed (status 2) and readable
    const closed = (await trpc(parley.url, "chatRoom.list", { groupStatus: 2, groupName: name }, { query: true })).data as { groups: RoomInfo[] };
    expect(closed.groups).toEqual([expect.objectContaining({ status: 2, closeTime: expect.any(Number) })]);

    await trpc(parley.url, "chatRoom.setStatus", { groupId: roomId, type: 0 }, { bearer: admin.token });
    // every connected client hears that it opened, not only those in it
    for (const sock of [outsider, late]) expect(await sock.waitFor((f) => f.eventType === 7)).toMatchObject({ groupId: roomId, groupName: name, status: 0 });
    expect(await s.request(text(roomId, "after-open"))).toMatchObject({ eventType: 0, logId: expect.any(String) });

    await trpc(parley.url, "chatRoom.setStatus", { groupId: roomId, type: 2 }, { bearer: admin.token });
    for (const sock of [s, g]) expect(await sock.waitFor((f) => f.eventType === 5)).toMatchObject({ groupId: roomId });
    expect(await s.request(text(roomId, "after-delete"))).toMatchObject({ code: -5000 });
    const all = (await trpc(parley.url, "chatRoom.list", { groupStatus: 3, groupName: name }, { bearer: m.token, query: true })).data as { groups: RoomInfo[] };
    expect(all.groups).toEqual([]);
    const forAdmin = (await trpc(parley.url, "chatRoom.list", { groupStatus: 3, groupName: name }, { bearer: admin.token, query: true })).data as { groups: RoomInfo[] };
    expect(forAdmin.groups).toEqual([expect.objectContaining({ status: 3 })]);
    expect(await trpc(parley.url, "chatRoom.getGroupChatHistory", { id: roomId, number: 10 }, { bearer: m.token, query: true })).toMatchObject({ appCode: -5000 });
    const kept = (await trpc(parley.url, "chatRoom.getGroupChatHistory", { id: roomId, number: 10 }, { bearer: admin.token, query: true })).data as { logs: { msgId: string }[] };
    expect(kept.logs.map((l) => l.msgId)).toEqual(["before-close", "after-open"]);
    // a deleted room stays deleted
    expect(await trpc(parley.url, "chatRoom.setStatus", { groupId: roomId, type: 0 }, { bearer: admin.token })).toMatchObject({ appCode: -5000 });
    await Promise.all([s.close(), g.close(), outsider.close(), late.close()]);
  });

  it("a room mute: event 3 with groupId, -2007 with the end time there only, ending by itself; global mute blocks rooms too; admins see who is in the room", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const [{ roomId }, { roomId: otherRoom }] = await Promise.all([newRoom(admin), newRoom(admin)]);
    const s = await TestSocket.open(parley.url, m.token);
    await s.request(join(roomId));
    await s.request(join(otherRoom, "join-other"));
    let t = realNow() + 60_000;
    clock.now = () => t;
    const muted = await trpc(parley.url, "chatRoom.mute", { groupId: roomId, userId: id(m), mutedTime: 10 * 60_000 }, { bearer: admin.token });
    expect(muted.data).toEqual({ mutedUntil: t + 600_000 });
    expect(await s.waitFor((f) => f.eventType === 3)).toMatchObject({ groupId: roomId, mutedTime: t, mutedLastTime: 600_000 });
    const refused = (await s.request(text(roomId, "muted"))) as { code: number; content: string };
    expect(refused.code).toBe(-2007);
    expect(refused.content).toContain(new Date(t + 600_000).toISOString());
    expect(await s.request(text(otherRoom, "elsewhere"))).toMatchObject({ logId: expect.any(String) });
    // the history tells the composer until when
    expect((await trpc(parley.url, "chatRoom.getGroupChatHistory", { id: roomId, number: 5 }, { bearer: m.token, query: true })).data).toMatchObject({ mutedUntil: t + 600_000 });
    // admins see them in the room, muted
    const users = (await trpc(parley.url, "chatRoom.userList", { groupId: roomId }, { bearer: admin.token, query: true })).data as { totalnum: number; userList: object[] };
    expect(users).toMatchObject({ totalnum: 1, userList: [expect.objectContaining({ id: id(m), mutedUntil: t + 600_000, userLevel: 1 })] });
    expect((await trpc(parley.url, "chatRoom.userInfo", { id: id(m), groupId: roomId }, { bearer: admin.token, query: true })).data).toMatchObject({ mutedTime: t, mutedLastTime: 600_000 });
    t += 600_001; // it ends by itself
    expect(await s.request(text(roomId, "free-again"))).toMatchObject({ logId: expect.any(String) });
    // a global mute reaches rooms as well (one rule: every member channel folds it in)
    await trpc(parley.url, "user.muted", { id: id(m), muted_time: 60_000 }, { bearer: admin.token });
    expect(await s.request(text(otherRoom, "globally-muted"))).toMatchObject({ code: -2007 });
    t += 60_001;
    expect(await s.request(text(otherRoom, "globally-free"))).toMatchObject({ logId: expect.any(String) });
    await s.close();
  });

  it("announces the online count (event 24) at most once a second and only when it changed; a join storm is one announcement", async () => {
    const admin = await createMember(parley, { role: "admin" });
    const { roomId } = await newRoom(admin);
    const live = roomLive(parley.deps);
    let t = realNow() + 3_600_000;
    clock.now = () => t;
    const observer = await TestSocket.open(parley.url, (await guestToken()).token);
    await observer.request(join(roomId));
    await live.tick();
    expect(await observer.waitFor((f) => f.eventType === 24)).toMatchObject({ groupId: roomId, number: "1", visitorNumber: "1", userNumber: "0" });
    // 30 guests join within the same second: nothing until the second is over, then one count
    const storm = await Promise.all(Array.from({ length: 30 }, async () => TestSocket.open(parley.url, (await guestToken()).token)));
    await Promise.all(storm.map((g, i) => g.request(join(roomId, `storm-${i}`))));
    t += 500;
    await live.tick();
    expect(observer.frames.filter((f) => f.eventType === 24)).toHaveLength(1);
    t += 600;
    await live.tick();
    await observer.waitFor((f) => f.eventType === 24 && (f as { number: string }).number === "31");
    t += 1_100;
    await live.tick(); // unchanged: nothing more
    // leaving is acknowledged once the server took the socket out (a close would race the tick)
    await Promise.all(storm.slice(0, 10).map((g, i) => g.request({ eventType: 2, msgId: `leave-${i}`, groupId: roomId })));
    t += 1_100;
    await live.tick();
    await observer.waitFor((f) => f.eventType === 24 && (f as { number: string }).number === "21");
    expect(observer.frames.filter((f) => f.eventType === 24).map((f) => (f as { number: string }).number)).toEqual(["1", "31", "21"]);
    await Promise.all([observer.close(), ...storm.map((g) => g.close())]);
  });

  it("a big room's fan-out goes out in slices and reaches every socket, each in the order the messages were stored", async () => {
    const [admin, a, b] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley), createMember(parley)]);
    const { roomId } = await newRoom(admin);
    // more sockets than one slice (500), so the last to join is written in a later pass
    const guests = await Promise.all(Array.from({ length: 520 }, () => TestSocket.open(parley.url, visitRoom({}).token)));
    for (const [i, g] of guests.entries()) g.send(join(roomId, `g-${i}`));
    await Promise.all(guests.map((g, i) => g.waitFor((f) => (f as { msgId?: string }).msgId === `g-${i}`)));
    const [sa, sb] = await Promise.all([TestSocket.open(parley.url, a.token), TestSocket.open(parley.url, b.token)]);
    await sa.request(join(roomId, "a-join"));
    await sb.request(join(roomId, "b-join"));
    // B's messages fan out to 522 sockets while A writes: A's own ack must not overtake B's messages queued for A
    for (let i = 0; i < 5; i++) sb.send(text(roomId, `b-${i}`));
    await sb.waitFor((f) => (f as { msgId?: string }).msgId === "b-4");
    const ack = (await sa.request(text(roomId, "a-0"))) as { logId: string };
    await sa.waitFor((f) => (f as { msgId?: string }).msgId === "b-4");
    const got = sa.messages().map((m) => Number(m.logId));
    expect(got).toEqual([...got].sort((x, y) => x - y));
    expect(got).toContain(Number(ack.logId));
    // and every guest heard all six
    for (const g of [guests[0], guests[519]]) await g.waitFor((f) => (f as { msgId?: string }).msgId === "a-0");
    expect(guests[519].messages().map((m) => m.msgId)).toEqual(["b-0", "b-1", "b-2", "b-3", "b-4", "a-0"]);
    await Promise.all([sa.close(), sb.close(), ...guests.map((g) => g.close())]);
  }, 60_000);
});
