// The admin portal's screens as a person uses them (openAdmin signs an admin in on a page of
// it), and the API helpers the admin specs need: new members registered by SMS code (so a spec that mutes and bans never touches the
// accounts other specs use), a room joined live over /ws, a tiny real PNG for an avatar.
import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { deflateSync, crc32 } from "node:zlib";
import WebSocket from "ws";
import { apiSignIn, trpcBearer } from "./chat-page";
import { e2eEnv } from "./env";

const env = e2eEnv();

export const ADMIN_DESKTOP = { width: 1280, height: 800 };
export const ADMIN_PHONE = { width: 375, height: 812 };

/**
 * The admin, signed in through the API (device "web"), on `path` in a desktop window or on a
 * phone; the context is pushed onto `opened`, which the spec closes after each test.
 */
export async function openAdmin(browser: Browser, path: string, opts: { opened: BrowserContext[]; phone?: boolean }) {
  const ctx = await browser.newContext(
    opts.phone ? { viewport: ADMIN_PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US" } : { viewport: ADMIN_DESKTOP, locale: "en-US" },
  );
  opts.opened.push(ctx);
  await apiSignIn(ctx, env.admin);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}${path}`);
  const admin = new AdminPage(page);
  await admin.ready();
  return { ctx, page, admin };
}

export class AdminPage {
  constructor(readonly page: Page) {}

  /** the portal is up: its frame (not the spinner while it asks who this is) */
  async ready() {
    await expect(this.page.locator("#admin-main")).toBeVisible();
  }

  async go(item: "rooms" | "muting" | "reports" | "sms") {
    const link = this.page.getByTestId(`admin-nav-${item}`);
    if (!(await link.first().isVisible())) await this.page.getByTestId("admin-menu").click(); // the phone's drawer
    await this.page.getByTestId(`admin-nav-${item}`).filter({ visible: true }).click();
    await this.page.waitForURL(new RegExp(`/admin/${item}`));
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  toast(): Locator {
    return this.page.getByTestId("admin-toast");
  }

  /** wait for a toast with this text, then dismiss every toast (they stack) */
  async expectToast(text: string | RegExp) {
    await expect(this.toast().filter({ hasText: text })).toBeVisible();
  }

  room(name: string): Locator {
    return this.page.getByTestId("admin-room").filter({ has: this.page.getByTestId("admin-room-name").getByText(name, { exact: true }) });
  }

  member(name: string): Locator {
    return this.page.getByTestId("admin-member").filter({ has: this.page.getByTestId("admin-person-name").getByText(name, { exact: true }) });
  }

  mute(name: string): Locator {
    return this.page.getByTestId("admin-mute").filter({ has: this.page.getByTestId("admin-person-name").getByText(name, { exact: true }) });
  }

  /**
   * a report's row, paging on through the queue until it shows (a database shared between runs
   * may hold older open reports)
   */
  reportRow(reportedName: string): Locator {
    return this.page.getByTestId("admin-report-row").filter({ has: this.page.getByTestId("admin-report-row-reported").getByText(reportedName, { exact: true }) });
  }
}

/** a member registered just now by SMS code, with an API token (device "pc") and a nickname */
export interface FreshMember {
  id: string;
  mobile: string;
  nickname: string;
  token: string;
}

export async function adminToken(): Promise<string> {
  return ((await trpcBearer("user.pwdLogin", { mobile: env.admin.mobile, password: env.admin.password, device: "pc" }, null)) as { token: string }).token;
}

/** a new account: send a code, read it in the development outbox as the admin, sign in with it */
export async function registerMember(mobile: string, nickname: string, asAdmin: string): Promise<FreshMember> {
  await trpcBearer("user.sendSms", { mobile }, null);
  let code = "";
  await expect
    .poll(async () => {
      const box = (await trpcBearer("admin.smsOutbox", { mobile }, asAdmin, "query")) as { messages: { text: string }[] };
      code = /\b(\d{6})\b/.exec(box.messages[0]?.text ?? "")?.[1] ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  const me = (await trpcBearer("user.smsLogin", { mobile, code, device: "pc" }, null)) as { id: string; token: string };
  await trpcBearer("user.editNickname", { nickname }, me.token);
  return { id: me.id, mobile, nickname, token: me.token };
}

/** make two members friends: a request and its acceptance */
export async function befriend(a: FreshMember, b: FreshMember) {
  await trpcBearer("friend.add", { id: b.id, reason: "e2e" }, a.token);
  await trpcBearer("friend.response", { id: a.id, agree: 1 }, b.token);
}

/** a socket that joined a chat room (eventType 1, answered code 0); close it to leave */
export function joinRoomOverWs(token: string, groupId: string): Promise<WebSocket> {
  const ws = new WebSocket(`${env.parleyUrl.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(token)}`);
  const msgId = `e2e-join-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ws.close(), reject(new Error("no join answer within 10 s"))), 10_000);
    ws.on("message", (data) => {
      const f = JSON.parse(String(data)) as { eventType: number; msgId?: string; code?: number; content?: string };
      if (f.eventType === 100) ws.send(JSON.stringify({ eventType: 1, msgId, groupId }));
      else if (f.eventType === 1 && f.msgId === msgId) {
        clearTimeout(timer);
        if (f.code === 0) resolve(ws);
        else (ws.close(), reject(new Error(`join refused: ${f.code} ${f.content}`)));
      }
    });
    ws.on("error", (err) => (clearTimeout(timer), reject(err)));
  });
}

/** a small real PNG (a diagonal gradient), so an avatar looks like one in the screenshots */
export function gradientPng(size = 64): Buffer {
  const row = 1 + size * 3;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const o = y * row + 1 + x * 3;
      raw[o] = 79 + Math.round((x / size) * 120); // toward Parley's indigo and a warm pink
      raw[o + 1] = 70 + Math.round((y / size) * 60);
      raw[o + 2] = 229 - Math.round(((x + y) / (2 * size)) * 80);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolor
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
