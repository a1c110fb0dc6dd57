// What the /chat specs do, as a person does it, and the API sign-in that lets a spec spend
// its browser time only on what it is about.
import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import WebSocket from "ws";
import { e2eEnv, type E2EMember } from "./env";

const env = e2eEnv();

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** a phone (touch, 2× pixels) or a desktop window, in English */
function contextOptions(opts: { phone?: boolean }) {
  return opts.phone ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US" } : { viewport: DESKTOP, locale: "en-US" };
}

/**
 * Sign in the way the login form does, without the form: next-auth's credentials callback
 * with a CSRF token, device "web". The session cookie lands in the browser context.
 */
export async function apiSignIn(ctx: BrowserContext, m: Pick<E2EMember, "mobile" | "password">) {
  const csrf = await ctx.request.get(`${env.parleyUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await ctx.request.post(`${env.parleyUrl}/api/auth/callback/credentials`, {
    form: { csrfToken, mobile: m.mobile, password: m.password, device: "web", callbackUrl: `${env.parleyUrl}/chat` },
    headers: { origin: env.parleyUrl },
    maxRedirects: 0,
  });
  expect(res.status(), "the credentials callback answers with a redirect").toBe(302);
  expect(res.headers().location ?? "", "signed in (not sent back with an error)").not.toMatch(/error=/);
}

/** a browser context signed in as this member, on /chat */
export async function openChatAs(browser: Browser, m: E2EMember, opts: { phone?: boolean } = {}) {
  const ctx = await browser.newContext(contextOptions(opts));
  await apiSignIn(ctx, m);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/chat`);
  const chat = new ChatPage(page);
  await chat.ready();
  return { ctx, page, chat };
}

/** call a tRPC procedure as this browser context (its cookie), from Parley's own origin */
export async function trpcAs(ctx: BrowserContext, path: string, input: unknown, kind: "query" | "mutation" = "mutation") {
  const url = `${env.parleyUrl}/api/trpc/${path}`;
  const res =
    kind === "query"
      ? await ctx.request.get(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin: env.parleyUrl } })
      : await ctx.request.post(url, { data: input, headers: { origin: env.parleyUrl } });
  const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
  if (!res.ok()) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result?.data;
}

/**
 * A client address of this run's own (the server trusts one proxy hop in the e2e setup): limits
 * counted per address in the database — the SMS codes a day — are not shared with earlier runs.
 */
export const RUN_IP = `10.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;

/** call a tRPC procedure with a Bearer token (a member's API session, e.g. another device) */
export async function trpcBearer(path: string, input: unknown, token: string | null, kind: "query" | "mutation" = "mutation") {
  const url = `${env.parleyUrl}/api/trpc/${path}`;
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": RUN_IP };
  if (token) headers.authorization = `Bearer ${token}`;
  const res =
    kind === "query"
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: "POST", headers, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
  if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result?.data;
}

/**
 * A message from another device of a member (a native client: token, no Origin), over /ws as
 * every client sends them; resolves with the stored message (the ack).
 */
export function sendOverWs(token: string, friendId: string, content: string): Promise<{ logId: string }> {
  return sendTextOverWs(token, { channelType: 3, targetId: friendId, msgIdPrefix: "e2e" }, content);
}

/**
 * A message into a group from another device of a member (token, no Origin), over /ws;
 * resolves with the stored message (the ack).
 */
export function sendToGroupOverWs(token: string, roomId: string, content: string): Promise<{ logId: string }> {
  return sendTextOverWs(token, { channelType: 2, targetId: roomId, msgIdPrefix: "e2e-g" }, content);
}

/** one text message (eventType 0) once the socket's hello (100) came; its ack resolves or rejects */
function sendTextOverWs(token: string, to: { channelType: number; targetId: string; msgIdPrefix: string }, content: string): Promise<{ logId: string }> {
  const url = `${env.parleyUrl.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(token)}`;
  const msgId = `${to.msgIdPrefix}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => (ws.close(), reject(new Error("no ack within 10 s"))), 10_000);
    ws.on("message", (data) => {
      const f = JSON.parse(String(data)) as { eventType: number; msgId?: string; logId?: string; code?: number; content?: string };
      if (f.eventType === 100) ws.send(JSON.stringify({ eventType: 0, msgId, channelType: to.channelType, targetId: to.targetId, msgType: 1, msg: { content } }));
      else if (f.eventType === 0 && f.msgId === msgId) {
        clearTimeout(timer);
        ws.close();
        if (f.logId) resolve({ logId: f.logId });
        else reject(new Error(`refused: ${f.code} ${f.content}`));
      }
    });
    ws.on("error", (err) => (clearTimeout(timer), reject(err)));
  });
}

/** a member's API token (a "pc" device, so the browser's "web" session stays) */
export async function memberToken(m: Pick<E2EMember, "mobile" | "password">): Promise<string> {
  return ((await trpcBearer("user.pwdLogin", { mobile: m.mobile, password: m.password, device: "pc" }, null)) as { token: string }).token;
}

/** an agent signed in to the console through its form */
export async function openConsoleAs(browser: Browser, agent: { mobile: string; password: string }, opts: { phone?: boolean } = {}) {
  const ctx = await browser.newContext(contextOptions(opts));
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/console/login`);
  await page.getByTestId("console-login-mobile").fill(agent.mobile);
  await page.getByTestId("console-login-password").fill(agent.password);
  await page.getByTestId("console-login-submit").click();
  await page.waitForURL(/\/console(\?.*)?$/);
  await expect(page.getByTestId("console-reconnecting")).toHaveCount(0);
  return { ctx, page };
}

/** The messenger's screens, as a person sees them. */
export class ChatPage {
  constructor(readonly page: Page) {}

  /** the list is there and the socket is not reconnecting */
  async ready() {
    await expect(this.page.getByRole("heading", { name: "Chats" })).toBeVisible();
    await expect(this.page.getByTestId("chat-reconnecting")).toHaveCount(0);
  }

  conversation(name: string): Locator {
    return this.page.getByTestId("chat-conversation").filter({ has: this.page.getByTestId("chat-conversation-name").getByText(name, { exact: true }) });
  }

  async openConversation(name: string) {
    await this.conversation(name).click();
    await expect(this.page.getByTestId("chat-title")).toHaveText(name);
  }

  messages(): Locator {
    return this.page.getByTestId("chat-message");
  }

  message(text: string): Locator {
    return this.messages().filter({ hasText: text });
  }

  /** type into the composer and press Enter, as a person does */
  async send(text: string) {
    const box = this.page.getByTestId("chat-input");
    await box.click();
    await box.fill(text);
    await expect(box).toHaveValue(text);
    await box.press("Enter");
    await expect(box).toHaveValue("");
  }

  /** the texts of every message on screen, in order */
  async texts(): Promise<string[]> {
    return this.messages().evaluateAll((els) => els.map((e) => (e.textContent ?? "").trim()));
  }

  /** a centered notice line of a group (msgType 6) */
  notice(text: string): Locator {
    return this.page.locator('[data-testid="chat-message"][data-system="true"]').filter({ hasText: text });
  }

  /** a member row of the open group's info panel */
  member(name: string): Locator {
    return this.page.getByTestId("group-member").filter({ has: this.page.getByTestId("group-member-name").getByText(name, { exact: true }) });
  }

  /** open a message's menu (hover on a desktop; the ⋯ button is also in the tab order) */
  async menuOf(text: string) {
    const msg = this.message(text);
    await msg.hover();
    await msg.getByTestId("chat-menu-button").click();
    return this.page.getByTestId("chat-menu");
  }
}
