// SMS codes end to end on the real database: user.sendSms → the development outbox →
// user.smsLogin (which registers a new number), with expiry, single use, wrong guesses, the
// per-number and per-address limits, and the web sign-in's SMS path through the next-auth bridge.
// Time is moved with the injectable clock, never slept.
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiTokens, smsCodes, smsOutbox, users } from "../../../db/schema";
import { CONSOLE_TOKEN_CLAIM } from "../../auth/console-session";
import { clock, realNow } from "../../clock";
import type { Parley } from "../../runtime";
import {
  behindOneProxy,
  createMember,
  lastSmsCode,
  startTestParley,
  TEST_PASSWORD,
  TestSocket,
  trpc,
  uniqueIp,
  uniqueMobile,
} from "../../testing/harness";
import {
  CODE_GUESSES_PER_IP_PER_MINUTE,
  SMS_CODE_MAX_ATTEMPTS,
  SMS_CODE_TTL_MS,
  SMS_PER_IP_PER_DAY,
  SMS_PER_IP_PER_MINUTE,
  SMS_PER_NUMBER_PER_DAY,
} from "../sms/codes";

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

/** "now" for this test: frozen a little after the real time, moved on by `advance` */
let now = 0;
const advance = (ms: number) => {
  now += ms;
};
beforeEach(() => {
  now = Date.now() + 1_000;
  clock.now = () => now;
});
afterEach(() => {
  clock.now = realNow;
});

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
const sendSms = (mobile: string, ip: string) => trpc(parley.url, "user.sendSms", { mobile }, from(ip));
const smsLogin = (mobile: string, code: string, ip: string, extra: Record<string, unknown> = {}) =>
  trpc(parley.url, "user.smsLogin", { mobile, code, ...extra }, from(ip));
/** ask for a code and read it from the outbox, as the member reads their phone */
async function codeFor(mobile: string, ip = uniqueIp()) {
  const res = await sendSms(mobile, ip);
  expect(res, JSON.stringify(res.body)).toMatchObject({ ok: true, data: {} });
  const code = await lastSmsCode(parley, mobile);
  expect(code).toMatch(/^\d{6}$/);
  return code!;
}
/** a six-digit code that is not `code` */
const wrong = (code: string, i = 1) => String((Number(code) + i) % 1_000_000).padStart(6, "0");

describe("user.sendSms + user.smsLogin", () => {
  it("a new number gets an account without a password; the next code signs in to the same account", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const code = await codeFor(mobile, ip);
    const [outbox] = await parley.deps.db.select().from(smsOutbox).where(eq(smsOutbox.mobile, mobile));
    expect(outbox.text).toContain(code);
    // only a hash is kept
    const [stored] = await parley.deps.db.select().from(smsCodes).where(eq(smsCodes.mobile, mobile));
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.codeHash).not.toContain(code);
    expect(stored).toMatchObject({ ip, attempts: 0, usedAt: null, expiresAt: stored.createdAt + SMS_CODE_TTL_MS });

    const first = await smsLogin(mobile, code, ip);
    expect(first, JSON.stringify(first.body)).toMatchObject({ ok: true });
    const answer = first.data as Record<string, unknown>;
    const [user] = await parley.deps.db.select().from(users).where(eq(users.mobile, mobile));
    expect(answer).toEqual({
      account: mobile,
      id: String(user.id),
      uid: user.markId,
      user_level: 1,
      avatar: "",
      username: `User ${mobile.slice(-4)}`,
      verified: 2,
      token: expect.stringMatching(/^pm_/),
    });
    expect(user.markId).toMatch(/^\d{8}$/);
    expect(user.passwordHash).toBe("");
    // no password opens an account that has none
    for (const password of ["", "x", "parley-timing-equalizer"]) {
      const res = await trpc(parley.url, "user.pwdLogin", { mobile, password: password || "-" }, from(ip));
      expect(res).toMatchObject({ appCode: -2001 });
    }

    advance(61_000);
    const again = await smsLogin(mobile, await codeFor(mobile, ip), ip, { device: "ios" });
    expect(again.data).toMatchObject({ id: String(user.id), uid: user.markId });
    expect(await parley.deps.db.select().from(users).where(eq(users.mobile, mobile))).toHaveLength(1);
    const me = await trpc(parley.url, "user.tokenLogin", {}, { bearer: (again.data as { token: string }).token });
    expect(me.data).toMatchObject({ id: String(user.id), account: mobile });
  });

  it("an existing password account signs in by SMS too, and keeps its password; pwdLogin's uid is the markId", async () => {
    const member = await createMember(parley);
    const ip = uniqueIp();
    const res = await smsLogin(member.mobile, await codeFor(member.mobile, ip), ip);
    expect(res.data).toMatchObject({ id: String(member.user.id), uid: member.user.markId, username: member.user.nickname });
    const pwd = await trpc(parley.url, "user.pwdLogin", { mobile: member.mobile, password: TEST_PASSWORD }, from(ip));
    expect(pwd.data).toMatchObject({ id: String(member.user.id), uid: member.user.markId });
    expect((pwd.data as { uid: string }).uid).not.toBe(String(member.user.id));
  });

  it("a code works once, within 5 minutes", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const code = await codeFor(mobile, ip);
    advance(SMS_CODE_TTL_MS - 1);
    expect(await smsLogin(mobile, code, ip)).toMatchObject({ ok: true });
    expect(await smsLogin(mobile, code, ip)).toMatchObject({ status: 400, appCode: -4008 });

    advance(61_000);
    const late = await codeFor(mobile, ip);
    advance(SMS_CODE_TTL_MS);
    expect(await smsLogin(mobile, late, ip)).toMatchObject({ appCode: -4008 });
    // a number that never asked for a code
    expect(await smsLogin(uniqueMobile(), "123456", ip)).toMatchObject({ appCode: -4008 });
  });

  it("a newer code replaces the older one", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const older = await codeFor(mobile, ip);
    advance(61_000);
    const newer = await codeFor(mobile, ip);
    if (older !== newer) expect(await smsLogin(mobile, older, ip)).toMatchObject({ appCode: -4007 });
    expect(await smsLogin(mobile, newer, ip)).toMatchObject({ ok: true });
  });

  it(`wrong guesses are refused (-4007) and counted; after ${SMS_CODE_MAX_ATTEMPTS} the code is dead (-4008)`, async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const code = await codeFor(mobile, ip);
    for (let i = 1; i <= SMS_CODE_MAX_ATTEMPTS; i++) {
      expect(await smsLogin(mobile, wrong(code, i), ip), `guess ${i}`).toMatchObject({ status: 400, appCode: -4007 });
    }
    const [row] = await parley.deps.db.select().from(smsCodes).where(eq(smsCodes.mobile, mobile));
    expect(row.attempts).toBe(SMS_CODE_MAX_ATTEMPTS);
    expect(await smsLogin(mobile, code, ip)).toMatchObject({ appCode: -4008 }); // even the right one now
    expect(await parley.deps.db.select().from(users).where(eq(users.mobile, mobile))).toHaveLength(0);

    // fewer wrong guesses leave the code usable
    const other = uniqueMobile();
    const good = await codeFor(other, ip);
    expect(await smsLogin(other, wrong(good), ip)).toMatchObject({ appCode: -4007 });
    expect(await smsLogin(other, "not-a-code", ip)).toMatchObject({ appCode: -4007 });
    expect(await smsLogin(other, good, ip)).toMatchObject({ ok: true });
  });

  it("two sign-ins with one code at the same moment: exactly one succeeds, one account", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const code = await codeFor(mobile, ip);
    const results = await Promise.all([smsLogin(mobile, code, ip), smsLogin(mobile, code, ip, { device: "android" })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ appCode: -4008 });
    const accounts = await parley.deps.db.select().from(users).where(eq(users.mobile, mobile));
    expect(accounts).toHaveLength(1);
    expect(await parley.deps.db.select().from(apiTokens).where(eq(apiTokens.userId, accounts[0].id))).toHaveLength(1);
  });

  it("bad input: -1001 for a malformed number, -1002 for a missing code", async () => {
    const ip = uniqueIp();
    expect(await sendSms("not-a-number", ip)).toMatchObject({ status: 400, appCode: -1001 });
    expect(await trpc(parley.url, "user.smsLogin", { mobile: uniqueMobile() }, from(ip))).toMatchObject({ appCode: -1002 });
  });
});

describe("sendSms limits (-1012)", () => {
  it(`per number: one a minute and ${SMS_PER_NUMBER_PER_DAY} in 24 hours`, async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const start = now;
    expect(await sendSms(mobile, ip)).toMatchObject({ ok: true });
    const tooSoon = await sendSms(mobile, uniqueIp()); // another address does not help
    expect(tooSoon).toMatchObject({ status: 429, appCode: -1012 });
    expect(tooSoon.message).toMatch(/one code a minute/);
    advance(59_000);
    expect(await sendSms(mobile, ip)).toMatchObject({ appCode: -1012 });
    advance(1_000);
    expect(await sendSms(mobile, ip)).toMatchObject({ ok: true });
    for (let i = 2; i < SMS_PER_NUMBER_PER_DAY; i++) {
      advance(61_000);
      expect(await sendSms(mobile, ip), `code ${i + 1}`).toMatchObject({ ok: true });
    }
    advance(61_000);
    const daily = await sendSms(mobile, ip);
    expect(daily).toMatchObject({ appCode: -1012 });
    expect(daily.message).toMatch(/a day per number/);
    // 24 hours after the first, the first no longer counts
    now = start + 24 * 3600_000 + 1;
    expect(await sendSms(mobile, ip)).toMatchObject({ ok: true });
  });

  it(`per address: ${SMS_PER_IP_PER_MINUTE} at once, ${SMS_PER_IP_PER_DAY} a day, whatever the numbers`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SMS_PER_IP_PER_MINUTE; i++) expect(await sendSms(uniqueMobile(), ip)).toMatchObject({ ok: true });
    expect(await sendSms(uniqueMobile(), ip)).toMatchObject({ status: 429, appCode: -1012 });
    expect(await sendSms(uniqueMobile(), uniqueIp())).toMatchObject({ ok: true }); // another address is not held back

    let sent = SMS_PER_IP_PER_MINUTE;
    while (sent < SMS_PER_IP_PER_DAY) {
      advance(60_000);
      for (let i = 0; i < SMS_PER_IP_PER_MINUTE && sent < SMS_PER_IP_PER_DAY; i++, sent++) {
        expect(await sendSms(uniqueMobile(), ip), `code ${sent + 1}`).toMatchObject({ ok: true });
      }
    }
    advance(60_000);
    const daily = await sendSms(uniqueMobile(), ip);
    expect(daily).toMatchObject({ appCode: -1012 });
    expect(daily.message).toMatch(/a day from one address/);
    expect(await sendSms(uniqueMobile(), uniqueIp())).toMatchObject({ ok: true });
  });

  it(`code guesses: ${CODE_GUESSES_PER_IP_PER_MINUTE} a minute per address, over all numbers`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < CODE_GUESSES_PER_IP_PER_MINUTE; i++) expect(await smsLogin(uniqueMobile(), "000000", ip)).toMatchObject({ appCode: -4008 });
    expect(await smsLogin(uniqueMobile(), "000000", ip)).toMatchObject({ status: 429, appCode: -1012 });
    expect(await smsLogin(uniqueMobile(), "000000", uniqueIp())).toMatchObject({ appCode: -4008 });
    advance(60_000);
    expect(await smsLogin(uniqueMobile(), "000000", ip)).toMatchObject({ appCode: -4008 });
  });
});

describe("user.setPassword", () => {
  it("an SMS-made account sets one directly; then only with the old password or an SMS code", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    // the checks below sign in with passwords on "pc": a second "ios" sign-in would end this session
    const { token } = (await smsLogin(mobile, await codeFor(mobile, ip), ip, { device: "ios" })).data as { token: string };
    const set = (input: Record<string, unknown>) => trpc(parley.url, "user.setPassword", input, { bearer: token, ...from(ip) });

    expect(await set({ password: "short" })).toMatchObject({ status: 400, appCode: -1001 });
    expect(await set({ password: "first-password" })).toMatchObject({ ok: true, data: {} });
    expect(await trpc(parley.url, "user.pwdLogin", { mobile, password: "first-password", device: "pc" }, from(ip))).toMatchObject({ ok: true });

    expect(await set({ password: "second-password" })).toMatchObject({ status: 400, appCode: -1002 });
    const wrongOld = await set({ password: "second-password", oldPassword: "not-it" });
    expect(wrongOld).toMatchObject({ status: 403, appCode: -3000 });
    expect(wrongOld.message).toMatch(/old password is wrong/);
    expect(await set({ password: "second-password", oldPassword: "first-password" })).toMatchObject({ ok: true });

    advance(61_000);
    const code = await codeFor(mobile, ip);
    expect(await set({ password: "third-password", code: wrong(code) })).toMatchObject({ appCode: -4007 });
    expect(await set({ password: "third-password", code })).toMatchObject({ ok: true });
    expect(await set({ password: "fourth-password", code })).toMatchObject({ appCode: -4008 }); // spent
    expect(await trpc(parley.url, "user.pwdLogin", { mobile, password: "second-password", device: "pc" }, from(ip))).toMatchObject({ appCode: -2001 });
    expect(await trpc(parley.url, "user.pwdLogin", { mobile, password: "third-password", device: "pc" }, from(ip))).toMatchObject({ ok: true });

    expect(await trpc(parley.url, "user.setPassword", { password: "anonymous-1" }, from(ip))).toMatchObject({ status: 401, appCode: -1003 });
  });

  it("changing a password ends the account's other sessions and closes their sockets; the one that changed it goes on", async () => {
    const member = await createMember(parley);
    const ip = uniqueIp();
    const other = ((await trpc(parley.url, "user.pwdLogin", { mobile: member.mobile, password: TEST_PASSWORD, device: "android" }, from(ip))).data as { token: string }).token;
    const ws = await TestSocket.open(parley.url, other);
    expect(await trpc(parley.url, "user.setPassword", { password: "a-brand-new-one", oldPassword: TEST_PASSWORD }, { bearer: member.token, ...from(ip) })).toMatchObject({ ok: true });
    expect(await ws.closed).toMatchObject({ code: 4001 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: other })).toMatchObject({ appCode: -1003 });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { bearer: member.token })).toMatchObject({ ok: true });
  });
});

describe("the web sign-in's SMS path (next-auth credentials {mobile, code, device})", () => {
  it("registers a new number with a 'web' session, says why a code is refused, and limits guesses", async () => {
    const bridge = globalThis.__parleyBridge!;
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    const code = await codeFor(mobile, ip);
    expect(await bridge.smsSignIn(mobile, wrong(code), ip, "web")).toBe("wrong_code");
    const session = await bridge.smsSignIn(mobile, code, ip, "web");
    if (!session || typeof session === "string") throw new Error(`sign-in failed: ${session}`);
    expect(await bridge.smsSignIn(mobile, code, ip, "web")).toBe("expired_code");

    const [user] = await parley.deps.db.select().from(users).where(eq(users.mobile, mobile));
    expect(session).toMatchObject({ id: String(user.id), name: `User ${mobile.slice(-4)}`, apiToken: expect.stringMatching(/^pm_/) });
    const tokens = await parley.deps.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(tokens.map((t) => t.device)).toEqual(["web"]);

    // the cookie next-auth would set works like the console's
    const name = "authjs.session-token";
    const jwt = await encode({ token: { sub: session.id, uid: session.id, [CONSOLE_TOKEN_CLAIM]: session.apiToken }, secret: process.env.AUTH_SECRET!, salt: name });
    const cookie = `${name}=${jwt}`;
    expect(await bridge.principal(cookie)).toEqual({ id: String(user.id), name: `User ${mobile.slice(-4)}`, avatar: "", role: "member", isAgent: false });
    expect(await trpc(parley.url, "user.tokenLogin", {}, { headers: { cookie, origin: parley.url } })).toMatchObject({ data: { id: String(user.id) } });

    // the password path takes a device too; the console's stays the default
    const member = await createMember(parley);
    const web = await bridge.signIn(member.mobile, TEST_PASSWORD, ip, "web");
    const consoleSession = await bridge.signIn(member.mobile, TEST_PASSWORD, ip);
    expect(web).toMatchObject({ id: String(member.user.id) });
    expect(consoleSession).toMatchObject({ id: String(member.user.id) });
    const devices = await parley.deps.db.select().from(apiTokens).where(eq(apiTokens.userId, member.user.id));
    expect(devices.filter((t) => t.revokedAt === null).map((t) => t.device).sort()).toEqual(["console", "web"]);

    const guesser = uniqueIp();
    const answers: unknown[] = [];
    for (let i = 0; i <= CODE_GUESSES_PER_IP_PER_MINUTE; i++) answers.push(await bridge.smsSignIn(uniqueMobile(), "000000", guesser, "web"));
    expect(answers.slice(0, CODE_GUESSES_PER_IP_PER_MINUTE).every((a) => a === "expired_code")).toBe(true);
    expect(answers.at(-1)).toBe("limited");
  });
});
