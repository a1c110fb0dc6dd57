// Devices (seed 约定 FZM-DEVICE): the header or the `device` field names the device type, and a
// member has one active session per device type. A second sign-in on the same type ends the
// first token and closes its sockets with a -1007 frame and 4001 — on another process too when
// Redis carries the control event.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "../../../db/schema";
import type { Parley } from "../../runtime";
import { behindOneProxy, createMember, lastSmsCode, startTestParley, TEST_PASSWORD, TestSocket, trpc, uniqueIp, type TestTarget } from "../../testing/harness";
import { useTwoProcesses } from "../../testing/two-processes";

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

/** resolves "late" if the socket is still open after `ms` */
const closedWithin = (s: TestSocket, ms = 1_000) =>
  Promise.race([s.closed, new Promise<"late">((r) => setTimeout(() => r("late"), ms).unref())]);

async function pwdLogin(target: { url: string }, mobile: string, opts: { device?: string; header?: string } = {}) {
  const res = await trpc(
    target.url,
    "user.pwdLogin",
    { mobile, password: TEST_PASSWORD, ...(opts.device !== undefined ? { device: opts.device } : {}) },
    { headers: { "x-forwarded-for": uniqueIp(), ...(opts.header !== undefined ? { "fzm-device": opts.header } : {}) } },
  );
  return res;
}
async function tokenOf(target: { url: string }, mobile: string, opts: { device?: string; header?: string } = {}) {
  const res = await pwdLogin(target, mobile, opts);
  expect(res, JSON.stringify(res.body)).toMatchObject({ ok: true });
  return (res.data as { token: string }).token;
}
const activeDevices = async (target: TestTarget, userId: number) =>
  (await target.deps.db.select().from(apiTokens).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))).map((t) => t.device).sort();

/** the socket was told why (eventType 101, -1007) and then closed with 4001 */
async function expectSignedInElsewhere(ws: TestSocket) {
  expect(await closedWithin(ws)).toEqual({ code: 4001, reason: "-1007 signed in elsewhere" });
  expect(ws.frames).toContainEqual(expect.objectContaining({ eventType: 101, code: -1007 }));
}

describe("device types", () => {
  it("a second android sign-in ends the first: its token is -1003, its socket gets -1007 and closes with 4001", async () => {
    const member = await createMember(parley);
    const first = await tokenOf(parley, member.mobile, { device: "android" });
    const phone = await TestSocket.open(parley.url, first);
    const second = await tokenOf(parley, member.mobile, { header: "ANDROID" });

    await expectSignedInElsewhere(phone);
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: first })).toMatchObject({ status: 401, appCode: -1003 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: second })).toMatchObject({ ok: true });
    expect(await activeDevices(parley, member.user.id)).toEqual(["android", "web"]); // createMember's web token is untouched
  });

  it("web and android sessions live side by side; signing in on web again ends only the web one", async () => {
    const member = await createMember(parley, { device: "pc" });
    const web = await tokenOf(parley, member.mobile); // no device anywhere → web
    const android = await tokenOf(parley, member.mobile, { device: "Android" });
    const webWs = await TestSocket.open(parley.url, web);
    const androidWs = await TestSocket.open(parley.url, android);
    expect(await activeDevices(parley, member.user.id)).toEqual(["android", "pc", "web"]);

    const web2 = await tokenOf(parley, member.mobile, { device: "WEB" });
    await expectSignedInElsewhere(webWs);
    expect(await closedWithin(androidWs, 300)).toBe("late");
    for (const token of [android, web2, member.token]) expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: token })).toMatchObject({ ok: true });
    androidWs.close();
  });

  it("the device field wins over the header; an SMS sign-in replaces a password session of the same type", async () => {
    const member = await createMember(parley);
    const ios = await tokenOf(parley, member.mobile, { device: "ios", header: "pc" });
    expect(await activeDevices(parley, member.user.id)).toEqual(["ios", "web"]);
    const iosWs = await TestSocket.open(parley.url, ios);

    const ip = uniqueIp();
    expect(await trpc(parley.url, "user.sendSms", { mobile: member.mobile }, { headers: { "x-forwarded-for": ip } })).toMatchObject({ ok: true });
    const code = await lastSmsCode(parley, member.mobile);
    const sms = await trpc(parley.url, "user.smsLogin", { mobile: member.mobile, code }, { headers: { "x-forwarded-for": ip, "fzm-device": "iOS" } });
    expect(sms).toMatchObject({ ok: true, data: { id: String(member.user.id) } });
    await expectSignedInElsewhere(iosWs);
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: ios })).toMatchObject({ appCode: -1003 });
  });

  it("an unknown device type is -1006, in the header or the field; 'console' is the console's own, not a client's", async () => {
    const member = await createMember(parley);
    for (const opts of [{ header: "fridge" }, { device: "fridge" }, { device: "console" }, { header: "Console" }, { device: "web ", header: "x" }]) {
      const res = await pwdLogin(parley, member.mobile, opts);
      if (opts.device === "web ") {
        expect(res, "a trimmed field wins over a bad header").toMatchObject({ ok: true });
        continue;
      }
      expect(res, JSON.stringify(opts)).toMatchObject({ status: 400, appCode: -1006 });
    }
    const sms = await trpc(parley.url, "user.smsLogin", { mobile: member.mobile, code: "123456", device: "tv" }, { headers: { "x-forwarded-for": uniqueIp() } });
    expect(sms).toMatchObject({ appCode: -1006 });
    // the seed envelope says the same
    const compat = await fetch(`${parley.url}/api/compat/user/pwdLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", "fzm-device": "toaster", "x-forwarded-for": uniqueIp() },
      body: JSON.stringify({ mobile: member.mobile, password: TEST_PASSWORD }),
    });
    expect(await compat.json()).toMatchObject({ result: -1006, data: {} });
    expect(await activeDevices(parley, member.user.id)).toEqual(["web"]);
  });

  it("the console's session (next-auth, device 'console') is not ended by any client sign-in; /chat's ('web') is", async () => {
    const member = await createMember(parley);
    const bridge = globalThis.__parleyBridge!;
    const consoleSession = await bridge.signIn(member.mobile, TEST_PASSWORD, uniqueIp());
    const chatSession = await bridge.signIn(member.mobile, TEST_PASSWORD, uniqueIp(), "web");
    if (!consoleSession || typeof consoleSession === "string" || !chatSession || typeof chatSession === "string") throw new Error("bridge sign-in failed");
    for (const device of ["android", "ios", "pc"]) await tokenOf(parley, member.mobile, { device });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: consoleSession.apiToken })).toMatchObject({ ok: true });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: chatSession.apiToken })).toMatchObject({ ok: true });
    await tokenOf(parley, member.mobile, { device: "web" });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: chatSession.apiToken })).toMatchObject({ appCode: -1003 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: consoleSession.apiToken })).toMatchObject({ ok: true });
  });
});

// ——— the same on two processes over Redis (as server/bus/two-process.integration-test.ts) ———

const { DATABASE_URL, REDIS_URL } = process.env;
const skipTwo = !REDIS_URL ? "REDIS_URL is not set" : !DATABASE_URL ? "DATABASE_URL is not set (two processes cannot share the embedded PGlite)" : null;
if (skipTwo) console.log(`[devices, two processes] skipped: ${skipTwo}.`);


describe.skipIf(skipTwo !== null)("one session per device type across two processes", () => {
  const world = useTwoProcesses({ PARLEY_TRUST_PROXY: "1", AUTH_SECRET: "devices-test-secret" });

  it("signing in on process A ends the same device type's socket on process B (-1007, then 4001)", async () => {
    const { a, b, database } = world;
    const onA = { url: a.url, deps: { db: database.db } };
    const member = await createMember(onA);
    const first = await tokenOf(onA, member.mobile, { device: "android" });
    const phoneOnB = await TestSocket.open(b.url, first);
    const webOnB = await TestSocket.open(b.url, member.token);

    const second = await tokenOf(onA, member.mobile, { device: "android" });
    await expectSignedInElsewhere(phoneOnB);
    expect(await trpc(b.url, "user.tokenLogin", {}, { bearer: first })).toMatchObject({ status: 401, appCode: -1003 });
    expect(await trpc(b.url, "user.tokenLogin", {}, { bearer: second })).toMatchObject({ ok: true });
    expect(await closedWithin(webOnB, 300)).toBe("late");
    webOnB.close();
  });
});
