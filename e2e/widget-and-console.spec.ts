// The first user story end to end, in real Chromium: a shop on another origin embeds the
// widget with a script tag; the shopper writes; the agent, signed in in another browser
// context, sees it live and answers; the shopper sees the answer, and after a reload still has
// the history. A page on an origin that is not allowed cannot open the widget.
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { e2eEnv } from "./env";
import { typeInto } from "./widget-page";

const env = e2eEnv();

async function signInAgent(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/console/login`);
  await page.getByTestId("console-login-mobile").fill(env.agent.mobile);
  await page.getByTestId("console-login-password").fill(env.agent.password);
  await page.getByTestId("console-login-submit").click();
  await page.waitForURL(/\/console(\?.*)?$/);
  return page;
}

test("a shopper and an agent talk live across origins, and history survives a reload", async ({ browser }) => {
  const agentPage = await signInAgent(browser);
  await expect(agentPage.getByTestId("console-reconnecting")).toHaveCount(0);

  const shopper = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await shopper.goto(env.shopUrl);
  const launcher = shopper.locator("#parley-launcher");
  await expect(launcher).toBeVisible();
  await launcher.click();
  const widget = shopper.frameLocator("#parley-frame");
  await expect(widget.getByTestId("widget-messages")).toBeVisible(); // the chat is open for business
  const question = `Where is order #${Date.now()}?`;
  await typeInto(widget, question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-mine", "true");

  // the agent sees it live (it was routed to them: the only online, connected agent)
  const row = agentPage.getByTestId("console-conversation").filter({ hasText: question });
  await expect(row).toBeVisible();
  await row.click();
  await expect(agentPage.getByTestId("console-message").filter({ hasText: question })).toBeVisible();
  const answer = "It ships tomorrow morning.";
  await agentPage.getByTestId("console-input").fill(answer);
  await agentPage.getByTestId("console-send").click();
  await expect(agentPage.getByTestId("console-message").filter({ hasText: answer })).toHaveAttribute("data-mine", "true");

  // the shopper sees the answer live, as the agent's
  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toHaveAttribute("data-mine", "false");
  await shopper.screenshot({ path: "test-results/e2e/shopper-desktop.png" });
  await agentPage.screenshot({ path: "test-results/e2e/agent-desktop.png" });

  // closed widget: a new answer lights the launcher's badge and tells the host page
  await shopper.locator("#parley-launcher").click();
  await expect(shopper.locator("#parley-frame")).toBeHidden();
  await agentPage.getByTestId("console-input").fill("Anything else?");
  await agentPage.getByTestId("console-send").click();
  await expect(shopper.locator("#parley-badge")).toHaveText("1");
  await expect.poll(() => shopper.evaluate(() => (window as unknown as { __events: string[] }).__events)).toContain("unread:1");
  await shopper.locator("#parley-launcher").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Anything else?" })).toBeVisible();
  await expect(shopper.locator("#parley-badge")).toBeHidden();

  // a reload keeps the conversation: the token lives first-party on the shop's page
  await shopper.reload();
  await shopper.locator("#parley-launcher").click();
  const again = shopper.frameLocator("#parley-frame");
  await expect(again.getByTestId("widget-message").filter({ hasText: question })).toBeVisible();
  await expect(again.getByTestId("widget-message").filter({ hasText: answer })).toBeVisible();
});

test("the shopper's widget works at phone size", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const shopper = await ctx.newPage();
  await shopper.goto(env.shopUrl);
  await shopper.locator("#parley-launcher").click();
  const widget = shopper.frameLocator("#parley-frame");
  await typeInto(widget, "Hello from my phone");
  await widget.getByTestId("widget-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Hello from my phone" })).toBeVisible();
  const box = await shopper.locator("#parley-frame").boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(370); // full screen on a phone
  await shopper.screenshot({ path: "test-results/e2e/shopper-phone.png" });
});

test("Parley's own pages cannot be framed by other sites, and the browser finds a favicon", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  for (const path of ["/console/login", "/console", "/"]) {
    const res = await page.request.get(`${env.parleyUrl}${path}`, { maxRedirects: 0 });
    expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'self'");
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
  }
  const icon = await page.request.get(`${env.parleyUrl}/favicon.ico`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/");

  // a stranger's page that frames the console gets nothing rendered in the frame
  await page.goto(`${env.strangerUrl}/frame-console`);
  await page.waitForTimeout(1_000); // the time a blocked frame takes to show it is blocked
  await expect(page.frameLocator("#direct").getByTestId("console-login-submit")).toHaveCount(0);
});

test("a page on an origin that is not allowed cannot open the widget", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  const warnings: string[] = [];
  page.on("console", (m) => warnings.push(m.text()));
  await page.goto(env.strangerUrl);
  await page.waitForTimeout(2_000);
  await expect(page.locator("#parley-launcher")).toHaveCount(0);
  await expect(page.locator("#parley-frame")).toHaveCount(0);

  // and framing the widget page directly is blocked by frame-ancestors
  await page.goto(`${env.strangerUrl}/frame`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await page.waitForTimeout(1_000);
  const inner = page.frameLocator("#direct");
  await expect(inner.getByTestId("widget-input")).toHaveCount(0);
  expect(frame === undefined || !frame.url().startsWith(env.parleyUrl) || (await frame.content()).indexOf("widget-input") < 0).toBe(true);
});

test("the widget shows it is reconnecting, then catches up on what it missed without a reload", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // a network we can cut: every /ws connection goes through this route
  let cut = false;
  const live: { close(): Promise<void> }[] = [];
  await ctx.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    if (cut) return ws.close({ code: 4000, reason: "network down" });
    ws.connectToServer();
    live.push(ws);
  });
  const shopper = await ctx.newPage();
  await shopper.goto(env.shopUrl);
  await shopper.locator("#parley-launcher").click();
  const widget = shopper.frameLocator("#parley-frame");
  const hello = `Reconnect test ${Date.now()}`;
  await typeInto(widget, hello);
  await widget.getByTestId("widget-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: hello })).toBeVisible();
  const session = await shopper.evaluate((key) => JSON.parse(localStorage.getItem(`parley:${key}:session`) ?? "null"), env.siteKey);
  expect(session?.conversationId).toMatch(/^\d+$/);

  // the agent answers from the API while the shopper's connection is down
  const login = await (await fetch(`${env.parleyUrl}/api/trpc/user.pwdLogin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile: env.agent.mobile, password: env.agent.password }),
  })).json();
  const token = login.result.data.token as string;
  cut = true;
  await Promise.all(live.splice(0).map((ws) => ws.close()));
  await expect(widget.getByTestId("widget-reconnecting")).toBeVisible();
  const { WebSocket } = await import("ws");
  const agentWs = new WebSocket(`${env.parleyUrl.replace("http", "ws")}/ws?token=${token}`);
  await new Promise((r) => agentWs.once("open", r));
  const replies = ["Missed one", "Missed two"];
  for (const [i, text] of replies.entries()) {
    agentWs.send(JSON.stringify({ eventType: 0, msgId: `e2e-missed-${Date.now()}-${i}`, channelType: 4, targetId: session.conversationId, msgType: 1, msg: { content: text } }));
  }
  await new Promise((r) => setTimeout(r, 500));
  agentWs.close();

  // the network comes back: the banner clears itself and both replies appear exactly once
  cut = false;
  await expect(widget.getByTestId("widget-reconnecting")).toHaveCount(0, { timeout: 30_000 });
  for (const text of replies) await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toHaveCount(1);
  await expect(widget.getByTestId("widget-message").filter({ hasText: hello })).toHaveCount(1);
});

test("a signed-in customer identified by the shop reaches the agent by name, on any device", async ({ browser }) => {
  const agentPage = await signInAgent(browser);
  const customerId = `cust-${Date.now()}`;
  const sign = () => {
    const id = { customerId, name: "Mei Tanaka", timestamp: Date.now() };
    return { ...id, signature: createHmac("sha256", env.siteSecret).update(`${id.customerId}\n${id.timestamp}\n${id.name}`).digest("hex") };
  };
  const laptop = await (await browser.newContext()).newPage();
  await laptop.goto(env.shopUrl);
  await laptop.evaluate((identity) => (window as unknown as { $parley: unknown[] }).$parley.push(["identify", identity]), sign());
  await laptop.locator("#parley-launcher").click();
  const w1 = laptop.frameLocator("#parley-frame");
  await typeInto(w1, "I bought the blue tote");
  await w1.getByTestId("widget-send").click();
  await expect(w1.getByTestId("widget-message").filter({ hasText: "I bought the blue tote" })).toBeVisible();
  // the agent sees who it is
  await expect(agentPage.getByTestId("console-conversation").filter({ hasText: "Mei Tanaka" }).filter({ hasText: "blue tote" })).toBeVisible();

  // the same customer on a phone (a different browser, no shared storage) gets the same conversation
  const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })).newPage();
  await phone.goto(env.shopUrl);
  await phone.evaluate((identity) => (window as unknown as { $parley: unknown[] }).$parley.push(["identify", identity]), sign());
  await phone.locator("#parley-launcher").click();
  await expect(phone.frameLocator("#parley-frame").getByTestId("widget-message").filter({ hasText: "I bought the blue tote" })).toBeVisible();
});

test("while the chat is still starting the box waits, then takes the shopper's message", async ({ browser }) => {
  const ctx = await browser.newContext();
  // a slow network: the session takes a while to start
  await ctx.route(/widget\.session/, async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  const shopper = await ctx.newPage();
  await shopper.goto(env.shopUrl);
  await shopper.locator("#parley-launcher").click();
  const widget = shopper.frameLocator("#parley-frame");
  await expect(widget.getByTestId("widget-input")).toBeDisabled(); // nothing typed here can be lost
  await expect(widget.getByTestId("widget-input")).toBeEnabled();
  const text = `After the wait ${Date.now()}`;
  await typeInto(widget, text);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toHaveCount(1);
  await expect(widget.getByTestId("widget-input")).toHaveValue("");
});
