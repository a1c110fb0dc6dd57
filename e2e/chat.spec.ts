// The member messenger (/chat) in real Chromium: two members in two browsers become friends
// by Parley ID and chat live; one goes offline and comes back without missing or doubling a
// message; a recall shows on both sides; delete-for-me stays mine. Then the phone layout (with
// screenshots), and signing in: an SMS code registers a new number, a newer sign-in elsewhere
// ends this one ("signed in elsewhere"), and the password form.
import { expect, test, type BrowserContext } from "@playwright/test";
import { apiSignIn, ChatPage, openChatAs, PHONE, RUN_IP, sendOverWs, trpcBearer } from "./chat-page";
import { e2eEnv, LONG_HISTORY } from "./env";

const env = e2eEnv();
const { mei, ana, leo, sam, kim } = env.members;
const historyText = (n: number) => `History ${String(n).padStart(3, "0")} ·`;

/** a 1×1 PNG */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** half a second of silence as an 8 kHz, 8-bit mono WAV */
function wav(seconds = 0.5): Buffer {
  const n = Math.round(8000 * seconds);
  const b = Buffer.alloc(44 + n, 0x80);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + n, 4);
  b.write("WAVE", 8);
  b.write("fmt ", 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write("data", 36);
  b.writeUInt32LE(n, 40);
  return b;
}

/** the contexts a test opened, closed after it (an open messenger keeps its socket and heartbeat) */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  for (const ctx of opened.splice(0)) await ctx.close();
});

test("two members become friends by Parley ID, chat live, miss nothing while offline, and see a recall on both sides", async ({ browser }) => {
  test.setTimeout(120_000);
  const A = await openChatAs(browser, ana);
  const L = await openChatAs(browser, leo);
  opened.push(A.ctx, L.ctx);
  const stamp = Date.now();

  // Leo finds Ana by her Parley ID and asks
  await L.page.getByTestId("chat-open-add").click();
  await L.page.getByTestId("chat-add-markid").fill(ana.markId);
  await L.page.getByTestId("chat-add-find").click();
  await expect(L.page.getByTestId("chat-add-result-name")).toHaveText("Ana");
  await L.page.getByTestId("chat-add-reason").fill(`Hi Ana, it's Leo from the gym ${stamp}`);
  await L.page.getByTestId("chat-add-send").click();
  await expect(L.page.getByTestId("chat-add-sent")).toContainText("You'll be friends once Ana accepts");

  // Ana sees the request arrive live, and accepts it
  await expect(A.page.getByTestId("chat-requests-badge")).toHaveText("1");
  await expect(A.page.getByTestId("chat-toast")).toContainText("Leo wants to be your friend");
  await A.page.getByTestId("chat-open-requests").click();
  const request = A.page.getByTestId("chat-request").filter({ hasText: `from the gym ${stamp}` });
  await expect(request.getByTestId("chat-request-name")).toHaveText("Leo");
  await request.getByTestId("chat-request-accept").click();
  await expect(request).toContainText("Accepted");
  await expect(A.page.getByTestId("chat-requests-badge")).toHaveCount(0);
  await A.page.getByTestId("chat-requests-back").click();

  // both have the chat in their list at once (Leo's without a reload: event 31)
  await expect(A.chat.conversation("Leo")).toBeVisible();
  await L.page.getByTestId("chat-add-back").click();
  await expect(L.chat.conversation("Ana")).toBeVisible();

  // Leo writes; Ana sees it live as unread, opens it, and Leo's ticks turn to "read"
  await L.chat.openConversation("Ana");
  const hello = `Hello Ana 👋 ${stamp}`;
  await L.chat.send(hello);
  await expect(L.chat.message(hello)).toHaveAttribute("data-status", "sent");
  await expect(A.chat.conversation("Leo").getByTestId("chat-unread")).toHaveText("1");
  await expect(A.chat.conversation("Leo").getByTestId("chat-preview")).toHaveText(hello);
  await A.chat.openConversation("Leo");
  await expect(A.chat.message(hello)).toHaveAttribute("data-mine", "false");
  await expect(L.chat.message(hello)).toHaveAttribute("data-receipt", "read");

  // Shift+Enter is a new line; Enter sends
  const box = A.page.getByTestId("chat-input");
  await box.click();
  await box.pressSequentially("Hi Leo!");
  await box.press("Shift+Enter");
  await box.pressSequentially("Welcome.");
  await expect(box).toHaveValue("Hi Leo!\nWelcome.");
  await box.press("Enter");
  await expect(L.chat.message("Hi Leo!")).toHaveAttribute("data-mine", "false");
  await expect(L.chat.message("Hi Leo!")).toContainText("Welcome.");

  // Leo goes offline: Ana writes three messages meanwhile, Leo writes one
  await L.ctx.setOffline(true);
  await expect(L.page.getByTestId("chat-reconnecting")).toBeVisible({ timeout: 15_000 });
  const missed = [1, 2, 3].map((n) => `While you were away ${n} · ${stamp}`);
  for (const text of missed) {
    await A.chat.send(text);
    await expect(A.chat.message(text)).toHaveAttribute("data-status", "sent");
  }
  const offline = `Typed on the train ${stamp}`;
  await L.chat.send(offline);
  await expect(L.chat.message(offline)).toHaveAttribute("data-receipt", "sending");

  // back online: every missed message once, in order; what Leo typed went once too
  await L.ctx.setOffline(false);
  await expect(L.page.getByTestId("chat-reconnecting")).toHaveCount(0, { timeout: 30_000 });
  for (const text of missed) await expect(L.chat.message(text)).toHaveCount(1);
  await expect(L.chat.message(offline)).not.toHaveAttribute("data-receipt", "sending");
  await expect(A.chat.message(offline)).toHaveCount(1);
  const order = (await L.chat.texts()).filter((t) => t.includes(String(stamp)));
  const at = (s: string) => order.findIndex((t) => t.includes(s));
  expect(at(missed[0])).toBeLessThan(at(missed[1]));
  expect(at(missed[1])).toBeLessThan(at(missed[2]));
  expect(order.filter((t) => missed.some((m) => t.includes(m)))).toHaveLength(3);

  // Ana recalls a message: gone on both sides, "recalled" in its place
  const oops = `Oops, wrong chat ${stamp}`;
  await A.chat.send(oops);
  await expect(A.chat.message(oops)).toHaveAttribute("data-status", "sent");
  await expect(L.chat.message(oops)).toBeVisible();
  const menu = await A.chat.menuOf(oops);
  await menu.getByTestId("chat-action-recall").click();
  await expect(A.chat.message(oops)).toHaveCount(0);
  await expect(L.chat.message(oops)).toHaveCount(0);
  await expect(A.page.locator('[data-testid="chat-message"][data-recalled="true"]')).toContainText("You recalled a message");
  await expect(L.page.locator('[data-testid="chat-message"][data-recalled="true"]')).toContainText("Message recalled");
  // someone else's message offers no recall
  const theirs = await L.chat.menuOf("Hi Leo!");
  await expect(theirs.getByTestId("chat-action-recall")).toHaveCount(0);

  // delete for me: gone for Leo (after he confirms), still there for Ana
  await theirs.getByTestId("chat-action-delete").click();
  await L.page.getByTestId("chat-menu-confirm").click();
  await expect(L.chat.message("Hi Leo!")).toHaveCount(0);
  await expect(A.chat.message("Hi Leo!")).toHaveCount(1);
  await L.page.reload();
  await expect(L.chat.message(hello)).toBeVisible();
  await expect(L.chat.message("Hi Leo!")).toHaveCount(0);
  await expect(L.chat.message(missed[2])).toHaveCount(1);

  await A.page.screenshot({ path: "test-results/e2e/chat-desktop-ana.png" });
  await L.page.screenshot({ path: "test-results/e2e/chat-desktop-leo.png" });

  // the details panel beside the chat on a desktop; Esc closes it
  await A.page.getByTestId("chat-open-info").click();
  await expect(A.page.getByTestId("chat-info-name")).toHaveText("Leo");
  await expect(A.page.getByTestId("chat-view")).toBeVisible();
  await A.page.screenshot({ path: "test-results/e2e/chat-desktop-info.png" });
  await A.page.keyboard.press("Escape");
  await expect(A.page.getByTestId("chat-info")).toHaveCount(0);
});

test("an image, a voice clip and a file arrive as what they are", async ({ browser }) => {
  const M = await openChatAs(browser, mei);
  const K = await openChatAs(browser, env.members.ken);
  opened.push(M.ctx, K.ctx);
  await M.chat.openConversation("Ken");
  await K.chat.openConversation("Mei");
  const name = `notes-${Date.now()}.txt`;
  await M.page.getByTestId("chat-file").setInputFiles([
    { name: "dot.png", mimeType: "image/png", buffer: PNG },
    { name: "hello.wav", mimeType: "audio/wav", buffer: wav() },
    { name, mimeType: "text/plain", buffer: Buffer.from("bring: chalk, tape, snacks\n") },
  ]);
  for (const kind of ["image", "audio", "file"]) {
    await expect(M.page.locator(`[data-testid="chat-message"][data-kind="${kind}"][data-status="sent"]`).last()).toBeVisible();
  }
  // Ken sees a picture, a player and a download with the name and size
  const last = (kind: string) => K.page.locator(`[data-testid="chat-message"][data-kind="${kind}"]`).last();
  await expect(last("image").locator("img")).toHaveAttribute("src", /^\/uploads\//);
  await expect(last("audio").locator("audio[controls]")).toHaveAttribute("src", /^\/uploads\//);
  const file = last("file").getByTestId("chat-file");
  await expect(file).toContainText(name);
  await expect(file).toContainText("27 B");
  await expect(file).toHaveAttribute("href", new RegExp(`^/uploads/[A-Za-z0-9_-]+\\?name=${name.replace(".", "\\.")}$`));
  // the three uploads finish (and are sent) in whatever order they finish: the preview is the newest one's
  const newest = await K.page.locator('[data-testid="chat-message"]').last().getAttribute("data-kind");
  const preview = { image: "[Image]", audio: "[Voice]", file: `[File] ${name}` }[newest as "image" | "audio" | "file"];
  expect(preview, `the newest message is a ${newest}`).toBeTruthy();
  await expect(K.chat.conversation("Mei").getByTestId("chat-preview")).toContainText(preview);
  await K.page.screenshot({ path: "test-results/e2e/chat-desktop-media.png" });
});

test("a long chat scrolls back through its pages, keeps the DOM small, and counts what arrives meanwhile", async ({ browser }) => {
  const S = await openChatAs(browser, sam);
  opened.push(S.ctx);
  const { page, chat } = S;
  await chat.openConversation("Kim");
  // it opens at the newest message
  await expect(chat.message(historyText(LONG_HISTORY))).toBeInViewport();
  await expect(page.getByTestId("chat-jump")).toHaveCount(0);

  // scroll up until the very first message; older pages load on the way
  const list = page.getByTestId("chat-messages");
  await expect(async () => {
    await list.hover();
    await page.mouse.wheel(0, -4000);
    await expect(chat.message(historyText(1))).toBeInViewport({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByTestId("chat-load-older")).toHaveCount(0); // nothing older
  // only what is near the screen is in the page, in order
  const shown = (await chat.texts()).map((t) => Number(/History (\d{3})/.exec(t)?.[1]));
  expect(shown.length).toBeLessThan(LONG_HISTORY / 2);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  expect(shown[0]).toBe(1);

  // Kim writes while Sam reads old messages: the jump button counts it
  const token = ((await trpcBearer("user.pwdLogin", { mobile: kim.mobile, password: kim.password, device: "pc" }, null)) as { token: string }).token;
  const news = `Are you still there? ${Date.now()}`;
  await sendOverWs(token, sam.id, news);
  await expect(page.getByTestId("chat-jump-count")).toHaveText("1");
  await page.screenshot({ path: "test-results/e2e/chat-desktop-paging.png" });
  await page.getByTestId("chat-jump").click();
  await expect(chat.message(news)).toBeInViewport();
  await expect(page.getByTestId("chat-jump")).toHaveCount(0);
});

test("speaks the browser's language (zh-CN), and another can be picked (日本語)", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  opened.push(ctx);
  await apiSignIn(ctx, mei);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/chat`);
  await expect(page.getByRole("heading", { name: "聊天" })).toBeVisible();
  await page.getByTestId("chat-conversation").filter({ hasText: "Ken" }).click();
  await expect(page.getByTestId("chat-input")).toHaveAttribute("placeholder", "输入消息…");
  await page.getByTestId("chat-open-info").click();
  await expect(page.getByText("消息免打扰")).toBeVisible();
  // the history is on the screen before the picture is taken
  await expect(page.getByTestId("chat-message").first()).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/chat-desktop-zh.png" });
  await page.keyboard.press("Escape");
  await page.getByTestId("chat-open-profile").click();
  await page.getByTestId("chat-language").selectOption("ja");
  await expect(page.getByRole("heading", { name: "プロフィール" })).toBeVisible();
  await page.getByTestId("chat-profile-back").click();
  await expect(page.getByRole("heading", { name: "チャット" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
});

test("the phone layout: list → chat → details → profile as pages with Back", async ({ browser }) => {
  const M = await openChatAs(browser, mei, { phone: true });
  opened.push(M.ctx);
  const { page, chat } = M;

  // the list: Ken's chat with its last message (whatever an earlier test sent last)
  const ken = chat.conversation("Ken");
  await expect(ken.getByTestId("chat-preview")).not.toHaveText("");
  await expect(page.getByTestId("chat-view")).toHaveCount(0);
  await page.screenshot({ path: "test-results/e2e/chat-phone-list.png" });

  // the chat is a page of its own
  await chat.openConversation("Ken");
  await expect(page.getByRole("heading", { name: "Chats" })).toBeHidden();
  await expect(chat.message("Yes! 7 pm at the gym?")).toHaveAttribute("data-mine", "true");
  await chat.send("On my way 🚲");
  await expect(chat.message("On my way 🚲")).toHaveAttribute("data-receipt", "sent");
  await expect(chat.message("On my way 🚲")).toBeInViewport();
  await page.screenshot({ path: "test-results/e2e/chat-phone-chat.png" });

  // long press opens a message's menu; Esc closes it
  const mine = chat.message("On my way 🚲").locator("p").first();
  const box = (await mine.boundingBox())!;
  await page.touchscreen.tap(box.x + 5, box.y + 5); // a tap does nothing
  await expect(page.getByTestId("chat-menu")).toHaveCount(0);
  await mine.dispatchEvent("contextmenu"); // what a long press becomes on Android
  await expect(page.getByTestId("chat-menu")).toBeVisible();
  await expect(page.getByTestId("chat-action-recall")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/chat-phone-menu.png" });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("chat-menu")).toHaveCount(0);

  // details, then Back to the chat, Back to the list
  await page.getByTestId("chat-open-info").click();
  await expect(page.getByTestId("chat-info-name")).toHaveText("Ken");
  await page.screenshot({ path: "test-results/e2e/chat-phone-info.png" });
  await page.getByTestId("chat-dnd").click();
  await expect(page.getByTestId("chat-dnd")).toHaveAttribute("aria-checked", "true");
  // a remark only Mei sees becomes the chat's name
  await page.getByTestId("chat-remark").fill("Ken 🧗");
  await page.getByTestId("chat-remark-save").click();
  await expect(page.getByTestId("chat-info-name")).toHaveText("Ken 🧗");
  await page.getByTestId("chat-remark").fill("");
  await page.getByTestId("chat-remark-save").click();
  await expect(page.getByTestId("chat-info-name")).toHaveText("Ken");
  await page.getByTestId("chat-info-close").click();
  await expect(page.getByTestId("chat-view")).toBeVisible();
  await page.getByTestId("chat-back").click();
  await expect(ken).toHaveAttribute("data-muted", "true");

  // profile: my Parley ID to share, and a new photo
  await page.getByTestId("chat-open-profile").click();
  await expect(page.getByTestId("chat-my-markid")).toHaveText(mei.markId);
  await page.getByTestId("chat-avatar-file").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByText("Photo updated.")).toBeVisible();
  await expect(page.getByTestId("chat-profile").locator("img").first()).toHaveAttribute("src", /^\/uploads\//);
  await page.screenshot({ path: "test-results/e2e/chat-phone-profile.png" });
  await page.getByTestId("chat-profile-back").click();
  await expect(page.getByRole("heading", { name: "Chats" })).toBeVisible();

  // undo the mute for the next run of this spec on a shared database
  await chat.openConversation("Ken");
  await page.getByTestId("chat-open-info").click();
  await page.getByTestId("chat-dnd").click();
  await expect(page.getByTestId("chat-dnd")).toHaveAttribute("aria-checked", "false");
  expect(page.viewportSize()).toEqual(PHONE);
});

test("an SMS code registers a new number; a newer sign-in elsewhere ends this one; the password form signs in again", async ({ browser }) => {
  // this run's own address: the SMS codes a day per address are counted in the shared database
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US", extraHTTPHeaders: { "x-forwarded-for": RUN_IP } });
  opened.push(ctx);
  const page = await ctx.newPage();
  const mobile = `159${String(Date.now()).slice(-8)}`;

  // not signed in: /chat sends you to the sign-in page
  await page.goto(`${env.parleyUrl}/chat`);
  await page.waitForURL(/\/chat\/login$/);
  await page.getByTestId("chat-login-mode-code").click();
  await page.getByTestId("chat-login-mobile").fill(mobile);
  await page.getByTestId("chat-login-send-code").click();
  await expect(page.getByTestId("chat-login-code-status")).toContainText(`We sent a 6-digit code to ${mobile}`);
  await expect(page.getByTestId("chat-login-send-code")).toBeDisabled(); // "Resend in 60 s"

  // the development outbox has the code (an admin can read it)
  const adminToken = ((await trpcBearer("user.pwdLogin", { mobile: env.admin.mobile, password: env.admin.password, device: "pc" }, null)) as { token: string }).token;
  let code = "";
  await expect
    .poll(async () => {
      const box = (await trpcBearer("admin.smsOutbox", { mobile }, adminToken, "query")) as { messages: { text: string }[] };
      code = /\b(\d{6})\b/.exec(box.messages[0]?.text ?? "")?.[1] ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);

  // a wrong code first, then the right one
  await page.getByTestId("chat-login-code").fill(code === "000000" ? "111111" : "000000");
  await page.getByTestId("chat-login-submit").click();
  await expect(page.getByTestId("chat-login-error")).toContainText("That code is wrong or has expired");
  await page.getByTestId("chat-login-code").fill(code);
  await page.getByTestId("chat-login-submit").click();
  await page.waitForURL(/\/chat$/);
  const chat = new ChatPage(page);
  await chat.ready();
  await expect(page.getByTestId("chat-empty")).toContainText("No chats yet");

  // a password for next time
  await page.getByTestId("chat-open-profile").click();
  const password = `pw-${Date.now()}`;
  await page.getByTestId("chat-new-password").fill(password);
  await page.getByTestId("chat-password-save").click();
  await expect(page.getByText("Password saved")).toBeVisible();

  // signing in on another web browser ends this session: it says so and goes to the sign-in page
  await trpcBearer("user.pwdLogin", { mobile, password, device: "web" }, null);
  await expect(page.getByTestId("chat-ended")).toContainText("signed in on another browser");
  await page.waitForURL(/\/chat\/login\?ended=elsewhere$/);
  await expect(page.getByTestId("chat-login-ended")).toContainText("You signed in on another browser");

  // the password form: a wrong one, then the right one
  await page.getByTestId("chat-login-mobile").fill(mobile);
  await page.getByTestId("chat-login-password").fill("not-the-password");
  await page.getByTestId("chat-login-submit").click();
  await expect(page.getByTestId("chat-login-error")).toHaveText("Wrong mobile number or password.");
  await page.getByTestId("chat-login-password").fill(password);
  await page.getByTestId("chat-login-submit").click();
  await page.waitForURL(/\/chat$/);
  await chat.ready();

  // signing out ends the session: /chat sends you back to the sign-in page
  await page.getByTestId("chat-open-profile").click();
  await page.getByTestId("chat-signout").click();
  await page.waitForURL(/\/chat\/login$/);
  await page.goto(`${env.parleyUrl}/chat`);
  await page.waitForURL(/\/chat\/login$/);
});
