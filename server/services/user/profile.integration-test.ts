// Profiles on the real database: who sees which userInfo fields (stranger, friend, admin,
// oneself), avatars from one's own uploaded images, nicknames, isreg, and the admin-only
// development SMS outbox (tRPC and the /admin/sms page's bridge call).
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { friendships, threads, uploads, users } from "../../../db/schema";
import { CONSOLE_TOKEN_CLAIM } from "../../auth/console-session";
import type { Parley } from "../../runtime";
import { behindOneProxy, createMember, PNG_1x1, startTestParley, TEST_PASSWORD, trpc, uniqueIp, uniqueMobile } from "../../testing/harness";

let parley: Parley;
let restoreProxy: () => void;
beforeAll(async () => {
  restoreProxy = behindOneProxy();
  parley = await startTestParley();
});
afterAll(async () => {
  restoreProxy?.();
  await parley?.close();
});

const call = (path: string, input: unknown, token?: string, ip = uniqueIp()) =>
  trpc(parley.url, path, input, { bearer: token, headers: { "x-forwarded-for": ip } });

/** a friendship as friend.response leaves it: one thread, a row per direction with each side's own settings */
async function befriend(a: { id: number }, b: { id: number }, mine: Partial<typeof friendships.$inferInsert> = {}) {
  const t = Date.now();
  const [thread] = await parley.deps.db.insert(threads).values({ channelType: 3, createdAt: t }).returning();
  await parley.deps.db.insert(friendships).values([
    { userId: a.id, friendId: b.id, threadId: thread.id, addTime: t, ...mine },
    { userId: b.id, friendId: a.id, threadId: thread.id, addTime: t, remark: "their remark for a" },
  ]);
  return { thread, addTime: t };
}

const CARD = ["id", "sex", "name", "avatar", "position", "isFriend", "markId"];
const FRIEND_ONLY = ["noDisturbing", "stickyOnTop", "addTime", "remark"];
const ADMIN_ONLY = ["com_id", "uid", "account", "phone", "email", "verified", "userLevel", "description"];

describe("user.userInfo", () => {
  it("a stranger sees the card only", async () => {
    const viewer = await createMember(parley);
    const target = await createMember(parley);
    const res = await call("user.userInfo", { id: String(target.user.id) }, viewer.token);
    expect(res.data).toEqual({
      id: String(target.user.id),
      sex: 0,
      name: target.user.nickname,
      avatar: "",
      position: "",
      isFriend: 2,
      markId: target.user.markId,
    });
  });

  it("a friend also sees their own settings for that friend; a deleted friendship is a stranger again", async () => {
    const viewer = await createMember(parley);
    const target = await createMember(parley);
    const { addTime } = await befriend(viewer.user, target.user, { remark: "Aunt May", noDisturbing: 1, onTop: 1 });
    const res = await call("user.userInfo", { id: String(target.user.id) }, viewer.token);
    expect(res.data).toMatchObject({ isFriend: 1, noDisturbing: 1, stickyOnTop: 1, addTime, remark: "Aunt May" });
    expect(Object.keys(res.data as object).sort()).toEqual([...CARD, ...FRIEND_ONLY].sort());
    // the other direction carries the other side's settings
    const back = await call("user.userInfo", { id: String(viewer.user.id) }, target.token);
    expect(back.data).toMatchObject({ isFriend: 1, remark: "their remark for a", noDisturbing: 2, stickyOnTop: 2 });

    await parley.deps.db.update(friendships).set({ deletedAt: Date.now() }).where(eq(friendships.userId, viewer.user.id));
    const after = await call("user.userInfo", { id: String(target.user.id) }, viewer.token);
    expect(after.data).toMatchObject({ isFriend: 2 });
    expect(Object.keys(after.data as object).sort()).toEqual([...CARD].sort());
  });

  it("an admin, and the member themself, also see the account fields", async () => {
    const admin = await createMember(parley, { role: "admin" });
    const target = await createMember(parley);
    const res = await call("user.userInfo", { id: String(target.user.id) }, admin.token);
    expect(res.data).toEqual({
      id: String(target.user.id),
      sex: 0,
      name: target.user.nickname,
      avatar: "",
      position: "",
      isFriend: 2,
      markId: target.user.markId,
      com_id: "",
      uid: target.user.markId,
      account: target.mobile,
      phone: target.mobile,
      email: "",
      verified: 2,
      userLevel: 1,
      description: "",
    });
    const self = await call("user.userInfo", { id: String(target.user.id) }, target.token);
    expect(Object.keys(self.data as object).sort()).toEqual([...CARD, ...ADMIN_ONLY].sort());
    const ofAdmin = await call("user.userInfo", { id: String(admin.user.id) }, admin.token);
    expect(ofAdmin.data).toMatchObject({ userLevel: 3 });
  });

  it("a missing user is -2001; a bad id -1001; nobody signed in -1003", async () => {
    const viewer = await createMember(parley);
    expect(await call("user.userInfo", { id: "999999999999" }, viewer.token)).toMatchObject({ status: 404, appCode: -2001 });
    expect(await call("user.userInfo", { id: "abc" }, viewer.token)).toMatchObject({ status: 400, appCode: -1001 });
    expect(await call("user.userInfo", { id: "1" })).toMatchObject({ status: 401, appCode: -1003 });
  });
});

async function uploadImage(token: string): Promise<string> {
  const res = await fetch(`${parley.url}/api/upload`, {
    method: "POST",
    body: PNG_1x1,
    headers: { authorization: `Bearer ${token}`, "content-type": "image/png", "x-forwarded-for": uniqueIp() },
  });
  const body = (await res.json()) as { url: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.url;
}

describe("user.editAvatar", () => {
  it("takes an image the member uploaded, and marks the upload used so the cleanup keeps it", async () => {
    const member = await createMember(parley);
    const url = await uploadImage(member.token);
    expect(await call("user.editAvatar", { avatar: url }, member.token)).toMatchObject({ ok: true, data: {} });
    const [upload] = await parley.deps.db.select().from(uploads).where(eq(uploads.id, url.slice("/uploads/".length)));
    expect(upload.usedAt).toEqual(expect.any(Number));
    expect((await call("user.tokenLogin", {}, member.token)).data).toMatchObject({ avatar: url });
    // using it again keeps the first time
    expect(await call("user.editAvatar", { avatar: url }, member.token)).toMatchObject({ ok: true });
    const [again] = await parley.deps.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(again.usedAt).toBe(upload.usedAt);
  });

  it("someone else's upload, a file that is not an image, or an unknown one is -7000; not an upload URL -1001", async () => {
    const member = await createMember(parley);
    const other = await createMember(parley);
    const theirs = await uploadImage(other.token);
    expect(await call("user.editAvatar", { avatar: theirs }, member.token)).toMatchObject({ status: 400, appCode: -7000 });

    const pdfId = randomBytes(16).toString("base64url");
    const pdf = Buffer.from("%PDF-1.4\n");
    await parley.deps.db.insert(uploads).values({ id: pdfId, ownerType: "member", ownerId: member.user.id, contentType: "application/pdf", size: pdf.length, data: pdf, createdAt: Date.now() });
    expect(await call("user.editAvatar", { avatar: `/uploads/${pdfId}` }, member.token)).toMatchObject({ appCode: -7000 });
    expect(await call("user.editAvatar", { avatar: `/uploads/${randomBytes(16).toString("base64url")}` }, member.token)).toMatchObject({ appCode: -7000 });
    for (const avatar of ["https://evil.example/a.png", `/uploads/${pdfId}/../x`, ""]) {
      expect(await call("user.editAvatar", { avatar }, member.token), avatar).toMatchObject({ status: 400, appCode: -1001 });
    }
    // a visitor's upload with the same owner number is not the member's
    const visitorId = randomBytes(16).toString("base64url");
    await parley.deps.db.insert(uploads).values({ id: visitorId, ownerType: "visitor", ownerId: member.user.id, contentType: "image/png", size: PNG_1x1.length, data: PNG_1x1, createdAt: Date.now() });
    expect(await call("user.editAvatar", { avatar: `/uploads/${visitorId}` }, member.token)).toMatchObject({ appCode: -7000 });

    const [row] = await parley.deps.db.select().from(users).where(eq(users.id, member.user.id));
    expect(row.avatar).toBe("");
    const [untouched] = await parley.deps.db.select().from(uploads).where(eq(uploads.id, theirs.slice("/uploads/".length)));
    expect(untouched.usedAt).toBeNull();
  });
});

describe("user.editNickname", () => {
  it("trims it and keeps it 1–32 characters of safe text", async () => {
    const member = await createMember(parley);
    expect(await call("user.editNickname", { nickname: "  Mei Chen  " }, member.token)).toMatchObject({ ok: true, data: {} });
    expect((await call("user.tokenLogin", {}, member.token)).data).toMatchObject({ username: "Mei Chen" });
    expect(await call("user.editNickname", { nickname: "字".repeat(32) }, member.token)).toMatchObject({ ok: true });
    for (const nickname of ["   ", "x".repeat(33), "Mei\u0000"]) {
      expect(await call("user.editNickname", { nickname }, member.token), JSON.stringify(nickname)).toMatchObject({ status: 400, appCode: -1001 });
    }
    expect(await call("user.editNickname", { nickname: "anon" })).toMatchObject({ appCode: -1003 });
  });
});

describe("user.isreg", () => {
  it("answers the markId or '0', at most 10 lookups a minute per address", async () => {
    const member = await createMember(parley);
    const ip = uniqueIp();
    expect(await call("user.isreg", { mobile: member.mobile }, undefined, ip)).toMatchObject({ data: { zb_uid: member.user.markId } });
    expect(await call("user.isreg", { mobile: uniqueMobile() }, undefined, ip)).toMatchObject({ data: { zb_uid: "0" } });
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 10; i++) codes.push((await call("user.isreg", { mobile: uniqueMobile() }, undefined, ip)).appCode);
    expect(codes.slice(0, 8).every((c) => c === undefined)).toBe(true);
    expect(codes.at(-1)).toBe(-1012);
    expect(await call("user.isreg", { mobile: member.mobile }, undefined, uniqueIp())).toMatchObject({ ok: true });
  });
});

describe("admin.smsOutbox (the development provider)", () => {
  it("admins read it newest first, optionally for one number; members -3000; nobody -1003", async () => {
    const admin = await createMember(parley, { role: "admin" });
    const member = await createMember(parley);
    const a = uniqueMobile();
    const b = uniqueMobile();
    for (const mobile of [a, b]) expect(await call("user.sendSms", { mobile })).toMatchObject({ ok: true });

    const all = await trpc(parley.url, "admin.smsOutbox", {}, { bearer: admin.token, query: true });
    // (other tests may be texting on a shared database: look at these two numbers only)
    const messages = (all.data as { messages: { id: string; mobile: string; text: string; createdAt: number }[] }).messages.filter((m) =>
      [a, b].includes(m.mobile),
    );
    expect(messages.map((m) => m.mobile)).toEqual([b, a]);
    expect(messages[0]).toEqual({ id: expect.stringMatching(/^\d+$/), mobile: b, text: expect.stringMatching(/\d{6}/), createdAt: expect.any(Number) });

    const one = await trpc(parley.url, "admin.smsOutbox", { mobile: a }, { bearer: admin.token, query: true });
    expect((one.data as { messages: { mobile: string }[] }).messages.map((m) => m.mobile)).toEqual([a]);
    expect(await trpc(parley.url, "admin.smsOutbox", { mobile: "abc" }, { bearer: admin.token, query: true })).toMatchObject({ appCode: -1001 });

    expect(await trpc(parley.url, "admin.smsOutbox", {}, { bearer: member.token, query: true })).toMatchObject({ status: 403, appCode: -3000 });
    expect(await trpc(parley.url, "admin.smsOutbox", {}, { query: true })).toMatchObject({ status: 401, appCode: -1003 });
  });

  it("the /admin/sms page's bridge call: the admin's cookie reads it; a member's is refused; no cookie means sign in", async () => {
    const bridge = globalThis.__parleyBridge!;
    const admin = await createMember(parley, { role: "admin" });
    const member = await createMember(parley);
    const mobile = uniqueMobile();
    expect(await call("user.sendSms", { mobile })).toMatchObject({ ok: true });
    const cookieOf = async (mobileNumber: string) => {
      const s = await bridge.signIn(mobileNumber, TEST_PASSWORD, uniqueIp());
      if (!s || typeof s === "string") throw new Error("sign-in failed");
      const name = "authjs.session-token";
      return `${name}=${await encode({ token: { sub: s.id, uid: s.id, [CONSOLE_TOKEN_CLAIM]: s.apiToken }, secret: process.env.AUTH_SECRET!, salt: name })}`;
    };
    const adminCookie = await cookieOf(admin.mobile);
    const answer = await bridge.smsOutbox(adminCookie, mobile);
    expect(answer).toMatchObject({ ok: true, messages: [{ mobile, text: expect.stringMatching(/\d{6}/) }] });
    expect(await bridge.smsOutbox(adminCookie, "not a number")).toEqual({ ok: true, messages: [] });
    expect(await bridge.smsOutbox(await cookieOf(member.mobile))).toEqual({ ok: false, refused: "forbidden" });
    expect(await bridge.smsOutbox(null)).toEqual({ ok: false, refused: "signIn" });
    expect(await bridge.principal(adminCookie)).toMatchObject({ id: String(admin.user.id), role: "admin" });
  });
});
