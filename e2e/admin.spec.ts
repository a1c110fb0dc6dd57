// The admin portal (/admin) in real Chromium, as an admin uses it: signing in through the form
// (a member gets "this needs an admin account"), a chat room created with a picture, renamed,
// closed and opened again, with its live online number and who is in it; muting a member
// everywhere and lifting it (their sends refused and allowed again); a report — made through the
// API by a member in the test — worked from the queue: its message in context, a mute, the
// message deleted, a ban and its lifting, each on the report's history. Then every page at
// desktop (1280×800) and phone (375×812) widths, screenshots under test-results/e2e/admin-*.png.
// The members the test mutes, reports and bans are registered here by SMS code, so no other
// spec's accounts are touched.
import { expect, test, type BrowserContext } from "@playwright/test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type WebSocket from "ws";
import { ADMIN_DESKTOP, ADMIN_PHONE, adminToken, befriend, gradientPng, joinRoomOverWs, openAdmin, registerMember, type FreshMember } from "./admin-page";
import { apiSignIn, sendOverWs, trpcBearer } from "./chat-page";
import { e2eEnv } from "./env";

const env = e2eEnv();
const shot = (name: string) => `test-results/e2e/admin-${name}.png`;
const tag = Date.now().toString(36);

/** contexts and sockets a test opened, closed after it */
const opened: BrowserContext[] = [];
const sockets: WebSocket[] = [];
test.afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  for (const ctx of opened.splice(0)) await ctx.close();
});

/**
 * Nia reports Ozzy; Ozzy is muted and banned along the way (fresh accounts, friends with each
 * other). Made once per run: a worker that starts again after a failed test reads them back
 * (the server allows a few SMS codes a minute per address).
 */
let nia: FreshMember;
let ozzy: FreshMember;
let asAdmin: string;
const MEMBERS_FILE = "test-results/e2e-admin-members.json";
test.beforeAll(async () => {
  asAdmin = await adminToken();
  const saved = existsSync(MEMBERS_FILE) ? (JSON.parse(readFileSync(MEMBERS_FILE, "utf8")) as { parleyUrl: string; nia: FreshMember; ozzy: FreshMember }) : null;
  if (saved?.parleyUrl === env.parleyUrl) return void ({ nia, ozzy } = saved);
  const stamp = String(Date.now()).slice(-8);
  nia = await registerMember(`173${stamp}`, `Nia ${stamp.slice(-4)}`, asAdmin);
  ozzy = await registerMember(`174${stamp}`, `Ozzy ${stamp.slice(-4)}`, asAdmin);
  await befriend(nia, ozzy);
  writeFileSync(MEMBERS_FILE, JSON.stringify({ parleyUrl: env.parleyUrl, nia, ozzy }));
});

test("signing in: the form for an admin, and a member is told this needs an admin account", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: ADMIN_DESKTOP, locale: "en-US" });
  opened.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/admin/muting`);
  await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fmuting/);
  await expect(page.getByTestId("admin-login-mobile")).toBeFocused();
  await page.getByTestId("admin-login-mobile").fill(env.admin.mobile);
  await page.getByTestId("admin-login-password").fill("not-the-password");
  await page.getByTestId("admin-login-submit").click();
  await expect(page.getByTestId("admin-login-error")).toHaveText("That mobile number and password do not match an account.");
  await page.screenshot({ path: shot("desktop-login") });
  await page.getByTestId("admin-login-password").fill(env.admin.password);
  await page.getByTestId("admin-login-submit").click();
  // back to the page that sent us to sign in
  await page.waitForURL(/\/admin\/muting$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muting");
  await expect(page.getByTestId("admin-me")).toHaveText(env.admin.nickname);
  await expect(page.getByTestId("admin-nav-muting")).toHaveAttribute("aria-current", "page");

  // a member's session: the server answers -3000, the portal says what that means
  const member = await browser.newContext({ viewport: ADMIN_PHONE, locale: "en-US", isMobile: true, hasTouch: true });
  opened.push(member);
  await apiSignIn(member, env.members.leo);
  const mp = await member.newPage();
  await mp.goto(`${env.parleyUrl}/admin`);
  await expect(mp.getByTestId("admin-forbidden")).toContainText("This needs an admin account");
  await expect(mp.getByTestId("admin-forbidden")).toContainText(`You are signed in as ${env.members.leo.nickname}`);
  await expect(mp.getByTestId("admin-nav-rooms")).toHaveCount(0);
  await mp.screenshot({ path: shot("phone-forbidden") });
});

test("chat rooms: create with a picture, live online number, who is in it and a mute there, rename, close and open again", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, admin } = await openAdmin(browser, "/admin/rooms", { opened });
  await expect(admin.heading()).toHaveText("Chat rooms");
  const name = `Lobby ${tag}`;
  const renamed = `Town square ${tag}`;

  // the dialog: Escape closes it and the focus goes back to the button that opened it
  const newRoom = page.getByTestId("admin-room-new");
  await newRoom.click();
  await expect(page.getByTestId("admin-room-create-name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("admin-room-create")).toHaveCount(0);
  await expect(newRoom).toBeFocused();

  // create: a name and a picture (uploaded when picked)
  await newRoom.click();
  await page.getByTestId("admin-room-create-submit").click();
  await expect(page.getByTestId("admin-room-create-error")).toHaveText("Give the room a name.");
  await page.getByTestId("admin-room-create-name").fill(name);
  await page.getByTestId("admin-room-create-file").setInputFiles({ name: "lobby.png", mimeType: "image/png", buffer: gradientPng() });
  await expect(page.getByTestId("admin-room-create-preview")).toBeVisible();
  await expect(page.getByTestId("admin-room-create-submit")).toBeEnabled();
  await page.screenshot({ path: shot("desktop-room-create") });
  await page.getByTestId("admin-room-create-submit").click();
  await admin.expectToast(`Room “${name}” created.`);
  const row = admin.room(name);
  await expect(row.getByTestId("admin-room-status")).toHaveText("Open");
  await expect(row.locator("img")).toHaveAttribute("src", /^\/uploads\//);
  const groupId = (await row.getAttribute("data-room-id"))!;
  expect(groupId).toMatch(/^\d+$/);

  // a member joins it live: the list's number follows by itself (it asks every few seconds)
  await expect(row.getByTestId("admin-room-online")).toHaveText("0");
  sockets.push(await joinRoomOverWs(nia.token, groupId));
  await expect(row.getByTestId("admin-room-online")).toHaveText("1", { timeout: 20_000 });

  // who is in it: Nia; mute her in this room for 10 minutes, then lift it
  await row.getByTestId("admin-room-people-open").click();
  const people = page.getByTestId("admin-room-people");
  const person = people.getByTestId("admin-person").filter({ hasText: nia.nickname });
  await expect(person).toBeVisible();
  await person.getByTestId("admin-person-mute").click();
  await page.getByTestId("admin-mute-dialog-10m").check({ force: true });
  await expect(page.getByTestId("admin-mute-dialog-confirm")).toHaveText("Mute for 10 minutes");
  await page.screenshot({ path: shot("desktop-room-mute") });
  await page.getByTestId("admin-mute-dialog-confirm").click();
  await admin.expectToast(`${nia.nickname} is muted in this room for 10 minutes.`);
  await expect(person.getByTestId("admin-person-muted")).toContainText("Muted");
  await expect(sendOverWs(nia.token, ozzy.id, "still allowed in a private chat")).resolves.toHaveProperty("logId");
  await page.screenshot({ path: shot("desktop-room-people") });
  await person.getByTestId("admin-person-mute").click();
  await expect(page.getByTestId("admin-mute-dialog-current")).toContainText("Muted until");
  await page.getByTestId("admin-mute-dialog-lift").click();
  await admin.expectToast(`${nia.nickname} can write in this room again.`);
  await expect(person.getByTestId("admin-person-muted")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(people).toHaveCount(0);

  // rename
  await row.getByTestId("admin-room-edit-open").click();
  await expect(page.getByTestId("admin-room-edit-name")).toHaveValue(name);
  await page.getByTestId("admin-room-edit-name").fill(renamed);
  await page.getByTestId("admin-room-edit-submit").click();
  await admin.expectToast(`Room “${renamed}” saved.`);
  const again = admin.room(renamed);
  await expect(again).toBeVisible();
  await expect(admin.room(name)).toHaveCount(0);

  // close (confirmed first): gone from the open rooms, there under Closed
  await again.getByTestId("admin-room-close").click();
  const confirm = page.getByTestId("admin-room-confirm");
  await expect(confirm).toContainText(`Close “${renamed}”?`);
  await expect(confirm).toContainText("Everyone in it (1 now) is told at once.");
  await expect(page.getByTestId("admin-room-confirm-cancel")).toBeFocused();
  await page.screenshot({ path: shot("desktop-room-close") });
  await page.getByTestId("admin-room-confirm-confirm").click();
  await admin.expectToast(`“${renamed}” is closed.`);
  await expect(admin.room(renamed)).toHaveCount(0);
  await page.getByTestId("admin-rooms-status-2").click();
  await expect(admin.room(renamed).getByTestId("admin-room-status")).toHaveText("Closed");

  // search by name, then open it again
  await page.getByTestId("admin-rooms-search").fill(`square ${tag}`);
  await expect(page.getByTestId("admin-room")).toHaveCount(1);
  await admin.room(renamed).getByTestId("admin-room-open").click();
  await admin.expectToast(`“${renamed}” is open again. Everyone connected was told.`);
  await expect(admin.room(renamed)).toHaveCount(0);
  await page.getByTestId("admin-rooms-status-1").click();
  await expect(admin.room(renamed).getByTestId("admin-room-status")).toHaveText("Open");
  await page.getByTestId("admin-rooms-search").fill("");
  await page.screenshot({ path: shot("desktop-rooms") });
});

test("muting: find a member, mute them everywhere, their sends are refused, lift it", async ({ browser }) => {
  const { page, admin } = await openAdmin(browser, "/admin/muting", { opened });
  await expect(admin.heading()).toHaveText("Muting");
  await page.getByTestId("admin-members-search").fill(ozzy.mobile);
  const row = admin.member(ozzy.nickname);
  await expect(row).toBeVisible();
  await expect(page.getByTestId("admin-member")).toHaveCount(1);
  await expect(row.getByTestId("admin-member-state")).toHaveText("Yes");

  // a custom time: 2 hours
  await row.getByTestId("admin-member-mute").click();
  const dialog = page.getByTestId("admin-mute-dialog");
  await expect(dialog).toContainText(`Mute ${ozzy.nickname}`);
  await expect(dialog).toContainText("Everywhere: friend chats, groups and chat rooms.");
  await page.getByTestId("admin-mute-dialog-custom").check({ force: true });
  await page.getByTestId("admin-mute-dialog-amount").fill("0");
  await expect(page.getByTestId("admin-mute-dialog-invalid")).toHaveText("Enter a whole number greater than 0.");
  await expect(page.getByTestId("admin-mute-dialog-confirm")).toBeDisabled();
  await page.getByTestId("admin-mute-dialog-amount").fill("2");
  await page.getByTestId("admin-mute-dialog-unit").selectOption("hours");
  await expect(page.getByTestId("admin-mute-dialog-confirm")).toHaveText("Mute for 2 hours");
  await page.getByTestId("admin-mute-dialog-confirm").click();
  await admin.expectToast(`${ozzy.nickname} is muted everywhere for 2 hours.`);

  // in the list of mutes, with its end; and the server refuses Ozzy's messages now
  const mute = admin.mute(ozzy.nickname);
  await expect(mute.getByTestId("admin-mute-where")).toHaveText("Everywhere");
  await expect(mute).toContainText("2 hours left");
  await expect(row.getByTestId("admin-member-state")).toContainText("Muted until");
  await expect(sendOverWs(ozzy.token, nia.id, "can I still talk?")).rejects.toThrow(/-2007/);
  await page.screenshot({ path: shot("desktop-muting") });

  // lift it from the list of mutes: gone from it, and Ozzy can write again
  await mute.getByTestId("admin-mute-lift").click();
  await admin.expectToast(`${ozzy.nickname}'s mute (everywhere) is lifted.`);
  await expect(admin.mute(ozzy.nickname)).toHaveCount(0);
  await expect(row.getByTestId("admin-member-state")).toHaveText("Yes");
  await expect(sendOverWs(ozzy.token, nia.id, "thanks, I'll behave")).resolves.toHaveProperty("logId");
});

test("reports: a member's report in the queue with its message in context; mute, delete the message, ban and lift the ban, each on its history", async ({ browser }) => {
  test.setTimeout(120_000);
  // Ozzy writes three messages to Nia; Nia reports the middle one (through the API, as a client would)
  await sendOverWs(ozzy.token, nia.id, `Hi Nia, it's Ozzy ${tag}`);
  const bad = await sendOverWs(ozzy.token, nia.id, `Buy cheap followers at spam.example ${tag}`);
  await sendOverWs(ozzy.token, nia.id, `Seriously, click it ${tag}`);
  const { reportId } = (await trpcBearer("report.create", { id: ozzy.id, msgId: bad.logId, reason: "Spam links" }, nia.token)) as { reportId: string };
  expect(String(reportId)).toMatch(/^\d+$/);

  const { page, admin } = await openAdmin(browser, "/admin/reports", { opened });
  await expect(admin.heading()).toHaveText("Reports");
  // the open queue is oldest first, and on the shared database of a CI run it holds every
  // integration test's reports: "All" lists newest first, so this one is on the first page
  await page.getByTestId("admin-reports-status-all").click();
  const row = admin.reportRow(ozzy.nickname);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Spam links");
  await expect(row.getByTestId("admin-report-status")).toHaveText("Open");
  await page.screenshot({ path: shot("desktop-reports") });
  await row.getByTestId("admin-report-open").click();

  const sheet = page.getByTestId("admin-report");
  await expect(sheet.getByTestId("admin-report-reported-name")).toHaveText(ozzy.nickname);
  await expect(sheet.getByTestId("admin-report-reporter-name")).toHaveText(nia.nickname);
  await expect(sheet.getByTestId("admin-report-reason")).toHaveText("Spam links");
  await expect(sheet.getByTestId("admin-report-message")).toContainText(`Buy cheap followers at spam.example ${tag}`);
  // the context: the messages before and after it, in order
  const texts = await sheet.getByTestId("admin-report-context").locator("li").allTextContents();
  const mine = texts.filter((t) => t.includes(tag));
  expect(mine.map((t) => (t.includes("Hi Nia") ? "before" : t.includes("Buy cheap") ? "it" : t.includes("Seriously") ? "after" : "?"))).toEqual(["before", "it", "after"]);
  await expect(sheet.getByTestId("admin-report-history-empty")).toBeVisible();
  await page.screenshot({ path: shot("desktop-report") });

  // mute for a duration (no confirmation: the duration dialog is one)
  await sheet.getByTestId("admin-report-mute").click();
  await page.getByTestId("admin-report-mute-dialog-1d").check({ force: true });
  await page.getByTestId("admin-report-mute-dialog-confirm").click();
  await admin.expectToast(`${ozzy.nickname} is muted everywhere for 1 day.`);
  await expect(sheet.getByTestId("admin-report-history-entry")).toHaveCount(1);
  await expect(sheet.getByTestId("admin-report-history-entry").first()).toContainText(`${env.admin.nickname} muted them for 1 day`);
  await expect(sheet.getByTestId("admin-report-status")).toHaveText("Acted on");
  await expect(sheet.getByTestId("admin-report-reported-state")).toContainText("Muted until");
  await expect(sendOverWs(ozzy.token, nia.id, "muted?")).rejects.toThrow(/-2007/);

  // delete the message (confirmed): it reads as removed in the context
  await sheet.getByTestId("admin-report-delete").click();
  await expect(page.getByTestId("admin-report-confirm")).toContainText("Delete this message?");
  await page.getByTestId("admin-report-confirm-confirm").click();
  await admin.expectToast("The message was deleted.");
  await expect(sheet.getByTestId("admin-report-history-entry").nth(1)).toContainText(`${env.admin.nickname} deleted the message`);
  await expect(sheet.getByTestId("admin-report-message")).toContainText("Message removed by an admin");
  // …and what was reported stays with the report, marked as such
  await expect(sheet.getByTestId("admin-report-snapshot")).toContainText("As it was reported:");
  await expect(sheet.getByTestId("admin-report-snapshot")).toContainText(`Buy cheap followers at spam.example ${tag}`);
  await expect(sheet.getByTestId("admin-report-delete")).toHaveCount(0);

  // ban (confirmed): Ozzy's session ends at once
  await sheet.getByTestId("admin-report-ban").click();
  await expect(page.getByTestId("admin-report-confirm")).toContainText(`Ban ${ozzy.nickname}?`);
  await page.screenshot({ path: shot("desktop-report-ban") });
  await page.getByTestId("admin-report-confirm-confirm").click();
  await admin.expectToast(`${ozzy.nickname} is banned.`);
  await expect(sheet.getByTestId("admin-report-history-entry").nth(2)).toContainText(`${env.admin.nickname} banned the account`);
  await expect(sheet.getByTestId("admin-report-reported-state")).toContainText("Banned");
  await expect(trpcBearer("user.tokenLogin", {}, ozzy.token)).rejects.toThrow(/-1003/);

  // the ban can be lifted; the report shows the whole story
  await sheet.getByTestId("admin-report-unban").click();
  await admin.expectToast(`${ozzy.nickname} may sign in again.`);
  await expect(sheet.getByTestId("admin-report-ban")).toBeVisible();
  await page.screenshot({ path: shot("desktop-report-history") });
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);

  // acted on: closed, in the closed record (newest first)
  await expect(admin.reportRow(ozzy.nickname).getByTestId("admin-report-status")).toHaveText("Acted on");
  await page.getByTestId("admin-reports-status-closed").click();
  await expect(admin.reportRow(ozzy.nickname).getByTestId("admin-report-status")).toHaveText("Acted on");

  // lift the report's mute again (Ozzy is not part of any other test, but leave nothing behind)
  await trpcBearer("user.muted", { id: ozzy.id, muted_time: 0 }, asAdmin);
});

test("every page at desktop and phone widths, the phone's drawer, the SMS outbox, another language", async ({ browser }) => {
  test.setTimeout(120_000);
  // a report and a room of its own (through the API), so this test stands alone too
  await trpcBearer("report.create", { id: ozzy.id, reason: "Rude in the lobby" }, nia.token);
  const room = `Reading room ${tag}`;
  await trpcBearer("chatRoom.addGroup", { groupName: room }, asAdmin);
  const { page, admin } = await openAdmin(browser, "/admin/rooms", { opened });
  const pages = ["rooms", "muting", "reports", "sms"] as const;
  for (const p of pages) {
    await admin.go(p);
    await expect(page.getByTestId(`admin-${p === "sms" ? "sms" : p === "muting" ? "mutes" : p}`)).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.screenshot({ path: shot(`desktop-page-${p}`), fullPage: true });
  }

  // the SMS outbox inside the frame: Nia's and Ozzy's sign-in codes, and a filter by number
  await expect(page.getByTestId("admin-sms-row").filter({ hasText: nia.mobile })).toHaveCount(1);
  await page.getByTestId("admin-sms-mobile").fill(ozzy.mobile);
  await page.getByTestId("admin-sms-mobile").press("Enter");
  await page.waitForURL(new RegExp(`/admin/sms\\?mobile=${ozzy.mobile}$`));
  await expect(page.getByTestId("admin-sms-row")).toHaveCount(1);
  await expect(page.getByTestId("admin-sms-row")).toContainText(ozzy.mobile);

  // a phone: the top bar and the drawer instead of the side bar
  await page.setViewportSize(ADMIN_PHONE);
  await expect(page.getByTestId("admin-sidebar")).toBeHidden();
  await page.getByTestId("admin-menu").click();
  const drawer = page.getByTestId("admin-drawer");
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId("admin-nav-sms")).toBeFocused();
  await page.screenshot({ path: shot("phone-drawer") });
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(page.getByTestId("admin-menu")).toBeFocused();
  for (const p of pages) {
    await admin.go(p);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    // nothing wider than the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(ADMIN_PHONE.width);
    await page.screenshot({ path: shot(`phone-page-${p}`), fullPage: true });
  }

  // the mute dialog, a report's sheet and a room's people on a phone
  await admin.go("muting");
  await page.getByTestId("admin-members-search").fill(nia.mobile);
  await expect(page.getByTestId("admin-member")).toHaveCount(1);
  await admin.member(nia.nickname).getByTestId("admin-member-mute").click();
  await page.getByTestId("admin-mute-dialog-custom").check({ force: true });
  await expect(page.getByTestId("admin-mute-dialog-confirm")).toHaveText("Mute for 30 minutes");
  await page.screenshot({ path: shot("phone-mute-dialog") });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("admin-mute-dialog")).toHaveCount(0);
  await admin.go("reports");
  await page.getByTestId("admin-reports-status-all").click();
  await admin.reportRow(ozzy.nickname).first().getByTestId("admin-report-open").click();
  await expect(page.getByTestId("admin-report")).toBeVisible();
  await page.screenshot({ path: shot("phone-report") });
  await page.keyboard.press("Escape");
  await admin.go("rooms");
  await admin.room(room).getByTestId("admin-room-people-open").click();
  await expect(page.getByTestId("admin-room-people")).toBeVisible();
  await page.screenshot({ path: shot("phone-room-people") });
  await page.keyboard.press("Escape");

  // another language, for every Parley page in this browser
  await page.setViewportSize(ADMIN_DESKTOP);
  await page.getByTestId("admin-language").selectOption("zh-CN");
  await expect(admin.heading()).toHaveText("聊天室");
  await expect(page.getByTestId("admin-nav-muting")).toHaveText("禁言");
  await page.screenshot({ path: shot("desktop-zh") });
  await page.getByTestId("admin-language").selectOption("ja");
  await expect(admin.heading()).toHaveText("チャットルーム");
  await admin.go("muting");
  await page.screenshot({ path: shot("desktop-ja-muting") });
  await page.getByTestId("admin-language").selectOption("en");
});
