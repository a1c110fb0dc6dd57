// Test helpers: a real Parley (no Next.js) on a random port against the real database —
// PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set, in-memory PGlite otherwise — and
// factories that make uniquely named sites and agents so tests never collide.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import WebSocket from "ws";
import { agentStatus, apiTokens, siteAgents, sites, users } from "../../db/schema";
import { hashPassword, newToken, sha256 } from "../crypto";
import type { Config } from "../config";
import { startParley, type Parley } from "../runtime";
import type { ServerFrame } from "../protocol/frames";
import type { Db } from "../../db/client";

/** a running Parley as tests see it: its URL and its database (in-process or another process's) */
export type TestTarget = { url: string; deps: { db: Db } };

export async function startTestParley(overrides: Partial<Config> = {}): Promise<Parley> {
  return startParley({
    withNext: false,
    port: 0,
    host: "127.0.0.1",
    dataDir: "memory://",
    demo: "0",
    databaseUrl: process.env.DATABASE_URL ?? "",
    redisUrl: process.env.REDIS_URL ?? "",
    ...overrides,
  });
}

/**
 * Parley as its own process (`server/main.ts`, no Next.js) on a random port, for tests of
 * several processes over one PostgreSQL and Redis. Resolves once it listens.
 */
export async function startParleyProcess(env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", PARLEY_NO_NEXT: "1", PARLEY_DEMO: "0", AUTH_SECRET: "parley-process-test-secret", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", () => reject(new Error(`process exited early:\n${log}`)));
  });
  return { url, child, exited };
}

export const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const uniqMobile = () => `19${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;

/**
 * A user with a mobile number nobody has: the database is shared with earlier runs, so a random
 * number can be taken (rarely); another one is drawn then instead of failing the test.
 */
async function insertUser(parley: TestTarget, values: { nickname: string; role?: "member" | "admin" }) {
  const hash = await (passwordHash ??= hashPassword(TEST_PASSWORD));
  for (let attempt = 0; ; attempt++) {
    const mobile = uniqMobile();
    const [user] = await parley.deps.db
      .insert(users)
      .values({ mobile, passwordHash: hash, nickname: values.nickname, role: values.role ?? "member", createdAt: Date.now() })
      .onConflictDoNothing({ target: users.mobile })
      .returning();
    if (user) return { user, mobile };
    if (attempt >= 5) throw new Error("no free test mobile number after 6 tries");
  }
}

export async function createSite(parley: TestTarget, opts: { requireIdentity?: boolean; allowedOrigins?: string[] } = {}) {
  const [site] = await parley.deps.db
    .insert(sites)
    .values({
      key: uniq("site"),
      name: "Test Shop",
      secret: randomBytes(16).toString("hex"),
      allowedOrigins: opts.allowedOrigins ?? ["http://localhost:*", "http://127.0.0.1:*"],
      requireIdentity: opts.requireIdentity ?? false,
      createdAt: Date.now(),
    })
    .returning();
  return site;
}

export const TEST_PASSWORD = "test-password-1";
let passwordHash: Promise<string> | undefined;

export async function createAgent(
  parley: TestTarget,
  siteId: number,
  opts: { status?: "online" | "away" | "offline"; capacity?: number; nickname?: string } = {},
) {
  const { user, mobile } = await insertUser(parley, { nickname: opts.nickname ?? uniq("agent") });
  await parley.deps.db.insert(siteAgents).values({ siteId, userId: user.id, capacity: opts.capacity ?? 10 });
  await parley.deps.db.insert(agentStatus).values({ userId: user.id, status: opts.status ?? "offline", updatedAt: Date.now() });
  // a token as user.pwdLogin issues it, without spending the per-IP login rate limit
  const token = newToken("pm");
  await parley.deps.db.insert(apiTokens).values({ userId: user.id, tokenHash: sha256(token), createdAt: Date.now() });
  return { user, mobile, token };
}

/** A plain member (no agent rights) with an API token, as user.pwdLogin would issue it. */
export async function createMember(parley: TestTarget, opts: { nickname?: string; role?: "member" | "admin"; device?: string } = {}) {
  const { user, mobile } = await insertUser(parley, { nickname: opts.nickname ?? uniq("member"), role: opts.role ?? "member" });
  const token = newToken("pm");
  await parley.deps.db.insert(apiTokens).values({ userId: user.id, tokenHash: sha256(token), device: opts.device ?? "web", createdAt: Date.now() });
  return { user, mobile, token };
}

export async function login(url: string, mobile: string, password: string): Promise<string> {
  const res = await trpc(url, "user.pwdLogin", { mobile, password });
  if (!res.ok) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return (res.data as { token: string }).token;
}

export async function newVisitor(url: string, siteKey: string, extra: Record<string, unknown> = {}, bearer?: string) {
  const res = await trpc(url, "widget.session", { siteKey, ...extra }, { bearer });
  if (!res.ok) throw new Error(`widget.session failed: ${JSON.stringify(res.body)}`);
  return res.data as { visitorToken: string; visitorId: string; conversationId: string; agentsAvailable: boolean };
}

/** Call a tRPC procedure over plain HTTP JSON, as any client could. */
export async function trpc(
  url: string,
  path: string,
  input: unknown,
  opts: { bearer?: string; query?: boolean; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = opts.query
    ? await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : await fetch(`${url}/api/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string; data: { appCode: number; code: string } } };
  return {
    ok: res.ok,
    status: res.status,
    body,
    data: body.result?.data,
    appCode: body.error?.data.appCode,
    message: body.error?.message,
  };
}

/** A ws client that records every frame and can wait for one. */
export class TestSocket {
  frames: ServerFrame[] = [];
  private waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (d) => {
      const f = JSON.parse(d.toString()) as ServerFrame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(baseUrl: string, token: string | null, headers: Record<string, string> = {}, query: Record<string, string> = {}): Promise<TestSocket> {
    const params = new URLSearchParams(query);
    if (token) params.set("token", token);
    const url = baseUrl.replace(/^http/, "ws") + "/ws" + (params.size ? `?${params}` : "");
    const ws = new WebSocket(url, { headers });
    const s = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
    await s.waitFor((f) => f.eventType === 100);
    return s;
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  waitFor(pred: (f: ServerFrame) => boolean, timeoutMs = 5_000): Promise<ServerFrame> {
    const hit = this.frames.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (f: ServerFrame) => (clearTimeout(timer), resolve(f)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** send a frame and wait for the answer carrying its msgId */
  async request(frame: { msgId: string } & Record<string, unknown>, timeoutMs?: number) {
    this.send(frame);
    return this.waitFor((f) => (f as { msgId?: string }).msgId === frame.msgId && f.eventType === frame.eventType, timeoutMs);
  }

  messages() {
    return this.frames.filter((f): f is Extract<ServerFrame, { eventType: 0; logId: string }> => f.eventType === 0 && "logId" in f);
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

export const textFrame = (conversationId: string, msgId: string, content: string) => ({
  eventType: 0,
  msgId,
  channelType: 4,
  targetId: conversationId,
  msgType: 1,
  msg: { content },
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the smallest valid PNG: 1×1 */
export const PNG_1x1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

// ——— member accounts: SMS codes, devices, other configurations ———

/** startTestParley with some configuration changed (an SMS provider, …). */
export const startTestParleyWith = (overrides: Partial<Config>) => startTestParley(overrides);

/** A mobile number no account has yet (an SMS sign-in with it registers one). */
export const uniqueMobile = () => `17${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;

/**
 * A client address of its own, so no other test shares its rate-limit buckets or its per-address
 * SMS count. Send it as `X-Forwarded-For` while PARLEY_TRUST_PROXY=1 (see behindOneProxy).
 */
export const uniqueIp = () => `2001:db8:${randomBytes(6).toString("hex").match(/.{4}/g)!.join(":")}::1`; // IPv6 documentation range: room enough never to repeat

/** Believe one proxy's X-Forwarded-For (uniqueIp) until the returned function puts the setting back. */
export function behindOneProxy(): () => void {
  const saved = process.env.PARLEY_TRUST_PROXY;
  process.env.PARLEY_TRUST_PROXY = "1";
  return () => {
    if (saved === undefined) delete process.env.PARLEY_TRUST_PROXY;
    else process.env.PARLEY_TRUST_PROXY = saved;
  };
}

/** The newest code the development SMS outbox holds for this number (what the member would have read). */
export async function lastSmsCode(parley: TestTarget, mobile: string): Promise<string | null> {
  const { smsOutbox } = await import("../../db/schema");
  const { desc, eq } = await import("drizzle-orm");
  const [row] = await parley.deps.db.select().from(smsOutbox).where(eq(smsOutbox.mobile, mobile)).orderBy(desc(smsOutbox.id)).limit(1);
  return row ? (/\b(\d{6})\b/.exec(row.text)?.[1] ?? null) : null;
}
