// Bans and the admin lists of the muting page, on the real database: a banned account's tokens
// and console cookie stop working at once, its sockets close (4001, event 101 -3000), and every
// sign-in path — password, SMS code, the console's next-auth sign-in — refuses it with -3000
// "this account is suspended" until an admin lifts the ban. admin.members and admin.mutes show
// mutes and bans as they are now (the injectable clock moves "now", never sleeps).
import { encode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chatRoomMutes, chatRooms } from "../../../db/schema";
import { CONSOLE_TOKEN_CLAIM } from "../../auth/console-session";
import { clock, realNow } from "../../clock";
import { ChannelType } from "../../protocol/frames";
import { behindOneProxy, createMember, lastSmsCode, startTestParley, TEST_PASSWORD, trpc, TestSocket, uniq, uniqueIp } from "../../testing/harness";
import { createThread } from "../messages/threads";

let parley: Awaited<ReturnType<typeof startTestParley>>;
let restoreProxy: () => void;
beforeAll(async () => {
  // each SMS comes from an address of its own: the per-address limits are not what this tests
  restoreProxy = behindOneProxy();
  parley = await startTestParley();
});
afterAll(async () => {
  restoreProxy?.();
  await parley?.close();
});
afterEach(() => {
  clock.now = realNow;
});

type Member = Awaited<ReturnType<typeof createMember>>;
const id = (m: Member) => String(m.user.id);
const call = (m: Member | null, path: string, input: unknown, query = false) =>
  trpc(parley.url, path, input, { bearer: m?.token, query, headers: { "x-forwarded-for": uniqueIp() } });

/** an admin bans `m` the way the admin pages do: through a report of them */
async function ban(boss: Member, m: Member) {
  const [reporter] = await Promise.all([createMember(parley)]);
  const reportId = ((await call(reporter, "report.create", { id: id(m) })).data as { reportId: string }).reportId;
  expect(await call(boss, "report.act", { id: reportId, action: "ban" })).toMatchObject({ ok: true });
}

/** the console's session cookie for this account, as next-auth would set it after a sign-in */
async function consoleCookie(m: Member) {
  const s = await globalThis.__parleyBridge!.signIn(m.mobile, TEST_PASSWORD, uniqueIp());
  if (!s || typeof s === "string") throw new Error(`console sign-in refused: ${s}`);
  const name = "authjs.session-token";
  return `${name}=${await encode({ token: { sub: s.id, uid: s.id, [CONSOLE_TOKEN_CLAIM]: s.apiToken }, secret: process.env.AUTH_SECRET!, salt: name })}`;
}

describe("ban", () => {
  it("ends every session at once and refuses every sign-in with -3000 until admin.unban", async () => {
    const [boss, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const cookie = await consoleCookie(m);
    const [s1, s2] = await Promise.all([TestSocket.open(parley.url, m.token), TestSocket.open(parley.url, null, { cookie })]);
    expect(await trpc(parley.url, "user.tokenLogin", {}, { headers: { cookie } })).toMatchObject({ ok: true });

    await ban(boss, m);
    for (const s of [s1, s2]) {
      expect(await s.closed).toMatchObject({ code: 4001 });
      expect(s.frames.find((f) => f.eventType === 101)).toMatchObject({ code: -3000 });
    }
    expect(await call(m, "user.tokenLogin", {})).toMatchObject({ appCode: -1003 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { headers: { cookie } })).toMatchObject({ appCode: -1003 });
    await expect(TestSocket.open(parley.url, m.token)).rejects.toThrow(/401/);

    // every sign-in path: the password, an SMS code, the console's and /chat's next-auth sign-in
    const pwd = await call(null, "user.pwdLogin", { mobile: m.mobile, password: TEST_PASSWORD });
    expect(pwd).toMatchObject({ appCode: -3000 });
    expect(pwd.message).toContain("this account is suspended");
    const ip = uniqueIp();
    expect(await trpc(parley.url, "user.sendSms", { mobile: m.mobile }, { headers: { "x-forwarded-for": ip } })).toMatchObject({ ok: true });
    const code = (await lastSmsCode(parley, m.mobile))!;
    const sms = await trpc(parley.url, "user.smsLogin", { mobile: m.mobile, code }, { headers: { "x-forwarded-for": ip } });
    expect(sms).toMatchObject({ appCode: -3000 });
    expect(sms.message).toContain("this account is suspended");
    const bridge = globalThis.__parleyBridge!;
    expect(await bridge.signIn(m.mobile, TEST_PASSWORD, uniqueIp())).toBe("suspended");
    expect(await bridge.signIn(m.mobile, TEST_PASSWORD, uniqueIp(), "web")).toBe("suspended");
    expect(await bridge.smsSignIn(m.mobile, code, uniqueIp(), "web")).toBe("suspended");
    // a wrong password says nothing about the ban
    expect(await call(null, "user.pwdLogin", { mobile: m.mobile, password: "wrong-password" })).toMatchObject({ appCode: -2001 });
    expect(await bridge.signIn(m.mobile, "wrong-password", uniqueIp())).toBeNull();

    // a mistake undone: the account signs in again (its old sessions stay ended)
    expect(await call(m, "admin.unban", { userId: id(m) })).toMatchObject({ appCode: -1003 });
    expect(await call(boss, "admin.unban", { userId: "999999999999" })).toMatchObject({ appCode: -2001 });
    expect(await call(boss, "admin.unban", { userId: id(m) })).toMatchObject({ ok: true });
    expect(await call(m, "user.tokenLogin", {})).toMatchObject({ appCode: -1003 });
    const again = await call(null, "user.pwdLogin", { mobile: m.mobile, password: TEST_PASSWORD });
    expect(again).toMatchObject({ ok: true });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: (again.data as { token: string }).token })).toMatchObject({ ok: true });
    // the SMS code the refused sign-in did not spend still signs in once
    expect(await trpc(parley.url, "user.smsLogin", { mobile: m.mobile, code }, { headers: { "x-forwarded-for": ip } })).toMatchObject({ ok: true });
  });

  it("admin.unban is for admins (-3000)", async () => {
    const [m, other] = await Promise.all([createMember(parley), createMember(parley)]);
    expect(await call(other, "admin.unban", { userId: id(m) })).toMatchObject({ appCode: -3000 });
  });
});

describe("admin.members and admin.mutes", () => {
  it("members by name, mobile or uid with their mute and ban now; -3000 for others", async () => {
    const [boss, m, plain] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley, { nickname: uniq("Findme") }), createMember(parley)]);
    const t = realNow() + 60_000;
    clock.now = () => t;
    expect(await call(boss, "user.muted", { id: id(m), muted_time: 60_000 })).toMatchObject({ ok: true });
    await ban(boss, m);
    type Row = { id: string; name: string; account: string; uid: string; avatar: string; role: string; mutedUntil: number; bannedAt: number };
    const find = async (query: string) => ((await call(boss, "admin.members", { query }, true)).data as { total: number; members: Row[] }).members;
    for (const query of [m.user.nickname.slice(2, 12).toUpperCase(), m.mobile.slice(3), m.user.markId]) {
      expect((await find(query)).find((r) => r.id === id(m))).toEqual({
        id: id(m),
        name: m.user.nickname,
        account: m.mobile,
        uid: m.user.markId,
        avatar: "",
        role: "member",
        mutedUntil: t + 60_000,
        bannedAt: t,
      });
    }
    expect((await find(plain.mobile)).find((r) => r.id === id(plain))).toMatchObject({ mutedUntil: 0, bannedAt: 0 });
    // a LIKE wildcard is a character to look for, not "anything"
    expect(await find("%")).toEqual([]);
    // once the mute ended it is 0 again
    clock.now = () => t + 60_001;
    expect((await find(m.user.markId))[0]).toMatchObject({ mutedUntil: 0, bannedAt: t });
    // paging
    const page = (await call(boss, "admin.members", { page: 1, number: 2 }, true)).data as { total: number; members: Row[] };
    expect(page.members).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(await call(plain, "admin.members", {}, true)).toMatchObject({ appCode: -3000 });
    expect(await call(plain, "admin.mutes", {}, true)).toMatchObject({ appCode: -3000 });
  });

  it("mutes in force now: global and per chat room (not deleted rooms'), soonest ending first", async () => {
    const [boss, g, r, old] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley), createMember(parley), createMember(parley)]);
    const t = realNow() + 60_000;
    clock.now = () => t;
    expect(await call(boss, "user.muted", { id: id(g), muted_time: 3_600_000 })).toMatchObject({ ok: true });
    expect(await call(boss, "user.muted", { id: id(old), muted_time: 1_000 })).toMatchObject({ ok: true });
    const room = async (status = 0) =>
      parley.deps.db.transaction(async (tx) => {
        const threadId = await createThread(tx, ChannelType.room, [], t);
        const [row] = await tx.insert(chatRooms).values({ id: threadId, name: uniq("room"), status, createdAt: t, openedAt: t }).returning();
        return row;
      });
    const [open, deleted] = await Promise.all([room(), room(2)]);
    await parley.deps.db.insert(chatRoomMutes).values([
      { roomId: open.id, userId: r.user.id, mutedUntil: t + 600_000, mutedBy: boss.user.id, mutedAt: t - 5 },
      { roomId: deleted.id, userId: r.user.id, mutedUntil: t + 600_000, mutedBy: boss.user.id, mutedAt: t - 5 },
    ]);
    clock.now = () => t + 2_000; // old's mute is over
    const { mutes } = (await call(boss, "admin.mutes", {}, true)).data as { mutes: { userId: string; mutedUntil: number; scope: string }[] };
    const mine = mutes.filter((x) => [id(g), id(r), id(old)].includes(x.userId));
    expect(mine).toEqual([
      { userId: id(r), name: r.user.nickname, account: r.mobile, scope: "room", groupId: String(open.id), groupName: open.name, mutedUntil: t + 600_000, mutedAt: t - 5 },
      { userId: id(g), name: g.user.nickname, account: g.mobile, scope: "global", mutedUntil: t + 3_600_000 },
    ]);
    expect(mutes.map((x) => x.mutedUntil)).toEqual([...mutes.map((x) => x.mutedUntil)].sort((a, b) => a - b));
  });
});
