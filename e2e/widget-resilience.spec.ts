// The shopper's widget when things go wrong, in real Chromium against a real Parley: a message
// the server refuses, a reload with messages still unsent, a network that silently stops, an
// over-long paste, the serving agent going away, and sessions that end (a shared browser, a
// session the server closes).
import { expect, test, type Browser, type BrowserContext, type FrameLocator, type Page, type WebSocketRoute } from "@playwright/test";
import { createHmac } from "node:crypto";
import { e2eEnv } from "./env";
import { typeInto } from "./widget-page";

const env = e2eEnv();
const MAX_TEXT_LENGTH = 4000; // server/protocol/frames.ts

async function say(widget: FrameLocator, text: string) {
  await typeInto(widget, text);
  await widget.getByTestId("widget-input").press("Enter");
}

const bubble = (widget: FrameLocator, text: string) => widget.getByTestId("widget-message").filter({ hasText: text });

/** the contexts a test opened, closed after it (a widget left running keeps its socket and heartbeat) */
const opened: BrowserContext[] = [];
async function newContext(browser: Browser, opts: Parameters<Browser["newContext"]>[0] = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  opened.push(ctx);
  return ctx;
}
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

// ---- the API, as an agent (Documenso's apiSignin: browser time only for what the test is about) ----

const tokens = new Map<string, Promise<string>>();
function agentToken(agent: { mobile: string; password: string }): Promise<string> {
  let p = tokens.get(agent.mobile);
  if (!p) {
    p = trpc<{ token: string }>("user.pwdLogin", { mobile: agent.mobile, password: agent.password }, null, "POST").then((r) => r.token);
    tokens.set(agent.mobile, p);
  }
  return p;
}

async function trpc<T>(path: string, input: unknown, token: string | null, method: "GET" | "POST" = "GET"): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const url = `${env.parleyUrl}/api/trpc/${path}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
  const res = await fetch(url, { method, headers, body: method === "POST" ? JSON.stringify(input) : undefined });
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(`${path}: ${res.status} ${JSON.stringify(body)}`), { status: res.status, body });
  return body.result.data as T;
}

/** every text in a conversation, oldest first, as the agent's side has it */
async function storedTexts(conversationId: string): Promise<string[]> {
  const token = await agentToken(env.agent);
  const r = await trpc<{ logs: { msg: { content?: string } }[] }>("support.chatLog", { id: conversationId, number: 200 }, token);
  return r.logs.map((l) => l.msg.content ?? "");
}

type StoredSession = { visitorToken: string; conversationId: string; customerId?: string | null };
const storedSession = (page: Page) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(`parley:${key}:session`) ?? "null"), env.siteKey) as Promise<StoredSession | null>;
const storedOutbox = (page: Page) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(`parley:${key}:outbox`) ?? "null"), env.siteKey) as Promise<Record<string, { msg: { content?: string } }[]> | null>;

async function openShop(browser: Browser, ctxOpts: Parameters<Browser["newContext"]>[0] = {}, route?: (ctx: BrowserContext) => Promise<void>) {
  const ctx = await newContext(browser, ctxOpts);
  if (route) await route(ctx);
  const page = await ctx.newPage();
  await page.goto(env.shopUrl);
  await page.locator("#parley-launcher").click();
  const widget = page.frameLocator("#parley-frame");
  await expect(widget.getByTestId("widget-messages")).toBeVisible();
  return { ctx, page, widget };
}

/**
 * The shopper's network between the page and /ws. "up"; "acksLost": what the page sends still
 * reaches Parley, nothing comes back; "down": packets stop both ways and a new connection goes
 * nowhere — no close frame in any case, as in a real cut.
 */
async function shopperNetwork(ctx: BrowserContext) {
  const net = { mode: "up" as "up" | "acksLost" | "down" };
  await ctx.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    if (net.mode === "down") return; // a handshake into the void: nothing ever comes back
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (net.mode !== "down") server.send(m);
    });
    server.onMessage((m) => {
      if (net.mode === "up") ws.send(m);
    });
  });
  return net;
}

test("a refused message shows its error and code, and later messages still go", async ({ browser }) => {
  // Parley closes the socket (1009) on a frame over 64 KiB. The composer no longer lets such a
  // text out (see the paste test), so here the network inflates one on its way — the same
  // bytes a paste past the old maxlength sent, and what a proxy with a lower limit does.
  const INFLATE = "[[the whole order export]]";
  const { page, widget } = await openShop(browser, {}, (ctx) =>
    ctx.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(typeof m === "string" ? m.replace(INFLATE, "x".repeat(70_000)) : m));
    }),
  );
  const stamp = Date.now();
  await say(widget, `First, hello ${stamp}`);
  await expect(bubble(widget, `First, hello ${stamp}`)).toHaveAttribute("data-status", "sent");

  await say(widget, `Here it is: ${INFLATE}`);
  const refused = bubble(widget, INFLATE);
  await expect(refused).toHaveAttribute("data-status", "failed");
  await expect(refused.getByTestId("widget-message-error")).toContainText("Not sent: the message is too long (-7000)");
  await expect(refused.getByTestId("widget-retry")).toHaveCount(0); // the same text would be refused again
  await expect(refused.getByTestId("widget-delete")).toBeVisible();

  // everything typed afterwards goes, and the connection is not stuck reconnecting
  for (const text of [`Second ${stamp}`, `Third ${stamp}`]) {
    await say(widget, text);
    await expect(bubble(widget, text)).toHaveAttribute("data-status", "sent");
  }
  await expect(widget.getByTestId("widget-reconnecting")).toHaveCount(0);
  await page.screenshot({ path: "test-results/e2e/failed-message-desktop.png" });
  await page.setViewportSize({ width: 375, height: 740 });
  await expect(refused.getByTestId("widget-message-error")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/failed-message-phone.png" });

  const session = await storedSession(page);
  expect(await storedTexts(session!.conversationId)).toEqual([`First, hello ${stamp}`, `Second ${stamp}`, `Third ${stamp}`]);

  // Delete takes it away
  await refused.getByTestId("widget-delete").click();
  await expect(bubble(widget, INFLATE)).toHaveCount(0);
});

test("unsent messages survive a reload and are sent once", async ({ browser }) => {
  let net!: Awaited<ReturnType<typeof shopperNetwork>>;
  const { page, widget } = await openShop(browser, {}, async (ctx) => void (net = await shopperNetwork(ctx)));
  const stamp = Date.now();
  const [m0, m1, m2] = [`Before the cut ${stamp}`, `Arrived, ack lost ${stamp}`, `Never arrived ${stamp}`];
  await say(widget, m0);
  await expect(bubble(widget, m0)).toHaveAttribute("data-status", "sent");
  const { conversationId } = (await storedSession(page))!;

  // m1 reaches Parley, but its ack never comes back
  net.mode = "acksLost";
  await say(widget, m1);
  await expect.poll(() => storedTexts(conversationId)).toContain(m1);
  await expect(bubble(widget, m1)).toHaveAttribute("data-status", "sending");
  // m2 goes nowhere
  net.mode = "down";
  await say(widget, m2);
  await expect(bubble(widget, m2)).toHaveAttribute("data-status", "sending");
  // both are kept on the shop's page, first-party, for the reload
  await expect
    .poll(async () => Object.values((await storedOutbox(page)) ?? {}).flat().map((e) => e.msg.content))
    .toEqual([m1, m2]);

  await page.reload();
  await page.locator("#parley-launcher").click();
  const again = page.frameLocator("#parley-frame");
  await expect(bubble(again, m2)).toHaveAttribute("data-status", "sending"); // still there, still honest
  await expect(bubble(again, m1)).toHaveCount(1);

  net.mode = "up";
  await expect(bubble(again, m2)).toHaveAttribute("data-status", "sent", { timeout: 30_000 });
  for (const text of [m0, m1, m2]) await expect(bubble(again, text)).toHaveCount(1);
  expect(await storedTexts(conversationId)).toEqual([m0, m1, m2]); // each exactly once
  await expect.poll(async () => Object.keys((await storedOutbox(page)) ?? {}).length).toBe(0);
});

test("a cut connection shows Reconnecting… within ~10 s and clears itself when the network returns", async ({ browser }) => {
  let net!: Awaited<ReturnType<typeof shopperNetwork>>;
  const { page, widget } = await openShop(browser, {}, async (ctx) => void (net = await shopperNetwork(ctx)));
  const stamp = Date.now();
  await say(widget, `Before ${stamp}`);
  await expect(bubble(widget, `Before ${stamp}`)).toHaveAttribute("data-status", "sent");
  await expect(widget.getByTestId("widget-reconnecting")).toHaveCount(0);

  // packets stop in both directions; nothing is closed
  net.mode = "down";
  const cutAt = Date.now();
  await expect(widget.getByTestId("widget-reconnecting")).toBeVisible({ timeout: 11_000 });
  expect(Date.now() - cutAt).toBeLessThan(11_000);
  const during = `Typed during the cut ${stamp}`;
  await say(widget, during);
  await expect(bubble(widget, during)).toHaveAttribute("data-status", "sending");

  net.mode = "up";
  await expect(widget.getByTestId("widget-reconnecting")).toHaveCount(0, { timeout: 30_000 });
  await expect(bubble(widget, during)).toHaveAttribute("data-status", "sent");
  const { conversationId } = (await storedSession(page))!;
  expect(await storedTexts(conversationId)).toEqual([`Before ${stamp}`, during]);
});

test("a paste longer than the limit is never cut: it stays in the box, says by how much it is over, and Send waits", async ({ browser }) => {
  const { page, widget } = await openShop(browser);
  const box = widget.getByTestId("widget-input");
  const send = widget.getByTestId("widget-send");

  // a paste of 4,100 characters (through the keyboard, as the browser pastes: the old maxlength cut it to 4,000)
  const long = `${"p".repeat(MAX_TEXT_LENGTH)}${"q".repeat(100)}`;
  await expect(async () => {
    await box.fill("");
    await box.click();
    await page.keyboard.insertText(long);
    await expect(box).not.toHaveValue("", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(box).toHaveValue(long);
  await expect(widget.getByTestId("widget-count")).toHaveText("4,100 / 4,000");
  await expect(widget.getByTestId("widget-too-long")).toHaveText("Too long to send: 100 over the 4,000-character limit.");
  await expect(send).toBeDisabled();
  await box.press("Enter");
  await expect(box).toHaveValue(long); // Enter does not send it, nor lose it
  await expect(widget.getByTestId("widget-message").filter({ hasText: "qqqq" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/e2e/counter-over-limit-desktop.png" });
  await page.setViewportSize({ width: 375, height: 740 });
  await expect(widget.getByTestId("widget-too-long")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/counter-over-limit-phone.png" });

  // a bigger one forced into the box by script (past any maxlength) is held back the same way
  await box.evaluate((el: HTMLTextAreaElement, v) => {
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, "z".repeat(70_000));
  await expect(widget.getByTestId("widget-too-long")).toHaveText("Too long to send: 66,000 over the 4,000-character limit.");
  await expect(send).toBeDisabled();

  // near the limit: only the counter
  await typeInto(widget, "n".repeat(3_950));
  await expect(widget.getByTestId("widget-count")).toHaveText("3,950 / 4,000");
  await expect(widget.getByTestId("widget-too-long")).toHaveText("");
  await expect(send).toBeEnabled();

  // shortened to the limit, it goes
  await typeInto(widget, long.slice(0, MAX_TEXT_LENGTH));
  await expect(widget.getByTestId("widget-too-long")).toHaveText("");
  await send.click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "pppp" })).toHaveAttribute("data-status", "sent");
  await expect(box).toHaveValue("");
});

test("the shopper sees the agent go away", async ({ browser }) => {
  // needs the server to tell the visitor about the serving agent (widget.session `agent`, event 41)
  const { page, widget } = await openShop(browser);
  const { conversationId } = (await storedSession(page))!;
  const token = await agentToken(env.agent2);
  const { WebSocket } = await import("ws");
  const agentWs = new WebSocket(`${env.parleyUrl.replace("http", "ws")}/ws?token=${token}`);
  await new Promise((r) => agentWs.once("open", r));
  try {
    await trpc("support.take", { id: conversationId }, token, "POST");
    await trpc("support.setStatus", { status: "online" }, token, "POST");
    // the header says who will answer, not the socket's state
    const line = widget.getByTestId("widget-availability");
    await expect(widget.locator("header")).toContainText(env.agent2.nickname);
    await expect(widget.locator("header")).not.toContainText("Connected");
    await expect(line).toHaveText(env.agent2.nickname);

    await trpc("support.setStatus", { status: "away" }, token, "POST");
    await expect(widget.locator("header")).toContainText(`${env.agent2.nickname} is away`);
    await expect(line).toHaveText(`${env.agent2.nickname} is away — we'll reply as soon as we can`);
    await page.screenshot({ path: "test-results/e2e/agent-away-desktop.png" });
    await page.setViewportSize({ width: 375, height: 740 });
    await expect(line).toBeVisible();
    await page.screenshot({ path: "test-results/e2e/agent-away-phone.png" });

    // a reload still knows (widget.session says who serves us)
    await page.reload();
    await page.locator("#parley-launcher").click();
    await expect(page.frameLocator("#parley-frame").getByTestId("widget-availability")).toHaveText(
      `${env.agent2.nickname} is away — we'll reply as soon as we can`,
    );

    // back online, then gone: the last socket closes
    await trpc("support.setStatus", { status: "online" }, token, "POST");
    const again = page.frameLocator("#parley-frame").getByTestId("widget-availability");
    await expect(again).toHaveText(env.agent2.nickname);
    agentWs.close();
    await expect(again).toHaveText(`${env.agent2.nickname} is offline — leave a message and we'll get back to you`);
  } finally {
    agentWs.close();
    await trpc("support.setStatus", { status: "offline" }, token, "POST").catch(() => {});
  }
});

const signed = (customerId: string, name: string) => {
  const id = { customerId, name, timestamp: Date.now() };
  return { ...id, signature: createHmac("sha256", env.siteSecret).update(`${id.customerId}\n${id.timestamp}\n${id.name}`).digest("hex") };
};
const push = (page: Page, cmd: unknown[]) => page.evaluate((c) => (window as unknown as { $parley: unknown[] }).$parley.push(c), cmd);

test("on a shared browser, the next person after identify(null) does not see the previous customer's chat", async ({ browser }) => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(env.shopUrl);
  await push(page, ["identify", signed(`cust-shared-${Date.now()}`, "Aiko Sato")]);
  await page.locator("#parley-launcher").click();
  const widget = page.frameLocator("#parley-frame");
  const secret = `My card ends in 4242, ${Date.now()}`;
  await say(widget, secret);
  await expect(bubble(widget, secret)).toHaveAttribute("data-status", "sent");
  const before = (await storedSession(page))!;

  // Aiko signs out on the shop; the widget ends her session (widget.endSession with her token)
  const ended = page.waitForRequest((r) => r.url().includes("widget.endSession"));
  ended.catch(() => {}); // awaited below, once what the person sees is checked
  await push(page, ["identify", null]);
  await expect(bubble(widget, secret)).toHaveCount(0);
  await expect(widget.getByTestId("widget-greeting")).toBeVisible();
  expect((await (await ended).allHeaders()).authorization).toBe(`Bearer ${before.visitorToken}`);
  expect(before.customerId).toMatch(/^cust-shared-/); // the host page knew whose session it kept
  await expect.poll(async () => (await storedSession(page))?.visitorToken).not.toBe(before.visitorToken);
  const after = (await storedSession(page))!;
  expect(after.customerId ?? null).toBeNull();
  expect(after.conversationId).not.toBe(before.conversationId);

  // the next person, later, on the same browser
  await page.reload();
  await page.locator("#parley-launcher").click();
  const next = page.frameLocator("#parley-frame");
  await expect(next.getByTestId("widget-greeting")).toBeVisible();
  await expect(bubble(next, secret)).toHaveCount(0);
  await say(next, "Do you ship to Osaka?");
  await expect(bubble(next, "Do you ship to Osaka?")).toHaveAttribute("data-status", "sent");
  expect(await storedTexts(after.conversationId)).toEqual(["Do you ship to Osaka?"]);
});

test("identify(null) before the widget is ready ends the stored customer's session too, and that token stops working", async ({ browser }) => {
  // needs widget.endSession on the server (it revokes the token)
  const page = await (await newContext(browser)).newPage();
  await page.goto(env.shopUrl);
  await push(page, ["identify", signed(`cust-early-${Date.now()}`, "Ren Kato")]);
  await page.locator("#parley-launcher").click();
  const widget = page.frameLocator("#parley-frame");
  await say(widget, "Ren's question");
  await expect(bubble(widget, "Ren's question")).toHaveAttribute("data-status", "sent");
  const before = (await storedSession(page))!;

  // the shop's "signed out" page says identify(null) first thing, before the iframe is up
  await page.addInitScript(() => {
    (window as unknown as { $parley: unknown[] }).$parley = [["identify", null]];
  });
  await page.reload();
  await page.locator("#parley-launcher").click();
  const next = page.frameLocator("#parley-frame");
  await expect(next.getByTestId("widget-greeting")).toBeVisible();
  await expect(bubble(next, "Ren's question")).toHaveCount(0);
  await expect.poll(async () => (await storedSession(page))?.visitorToken).not.toBe(before.visitorToken);

  const refused = await trpc("support.chatLog", { id: before.conversationId, number: 1 }, before.visitorToken).catch((e) => e);
  expect(refused).toMatchObject({ status: 401 });
});

test("a session the server ends (close 4001) is replaced, and the chat keeps working", async ({ browser }) => {
  // What Parley does when a visitor token is revoked: close its sockets with 4001, refuse the
  // token at the upgrade from then on (401). Played here by the network, so it needs no
  // server-side trigger.
  let dead: string | null = null;
  const sockets: WebSocketRoute[] = [];
  const { page, widget } = await openShop(browser, {}, (ctx) =>
    ctx.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (dead && new URL(ws.url()).searchParams.get("token") === dead) return ws.close({ code: 4000, reason: "401" });
      ws.connectToServer();
      sockets.push(ws);
    }),
  );
  await say(widget, "Before it ended");
  await expect(bubble(widget, "Before it ended")).toHaveAttribute("data-status", "sent");
  const before = (await storedSession(page))!;

  dead = before.visitorToken;
  await Promise.all(sockets.splice(0).map((ws) => ws.close({ code: 4001, reason: "-1003 session ended" })));

  // it works on, with a new session (a new anonymous visitor: this shopper was not signed in)
  await say(widget, "After it ended");
  await expect(bubble(widget, "After it ended")).toHaveAttribute("data-status", "sent");
  await expect(widget.getByTestId("widget-reconnecting")).toHaveCount(0);
  await expect.poll(async () => (await storedSession(page))?.visitorToken).not.toBe(before.visitorToken);
});
