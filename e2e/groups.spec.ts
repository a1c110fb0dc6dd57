// Groups in /chat and the console, in real Chromium. Members of their own (global-setup: Rin,
// friends with Tao and Vic; Uma who knows nobody) and a fresh group per test, so nothing depends
// on what an earlier run left. Rin makes a group with Tao, invites Vic; Uma finds it by its
// Parley ID and asks to join with a reason, Rin approves live; they chat live; Rin removes Uma,
// who sees it at once and can no longer write. Then an owner's tools (recall anyone's message,
// mute a member, mute everyone), leaving and dissolving; the phone layout; and a team group of
// two agents in the console. Screenshots at desktop (1280×800) and phone (390×844) widths.
import { expect, test, type BrowserContext } from "@playwright/test";
import { apiSignIn, ChatPage, memberToken, openChatAs, openConsoleAs, sendToGroupOverWs, trpcBearer } from "./chat-page";
import { e2eEnv, type E2EEnv, type E2EMember } from "./env";

type GroupsEnv = E2EEnv & {
  groupMembers: { rin: E2EMember; tao: E2EMember; uma: E2EMember; vic: E2EMember };
  teamAgents: { ivy: { id: string; mobile: string; password: string; nickname: string }; joe: { id: string; mobile: string; password: string; nickname: string } };
};
const env = e2eEnv() as GroupsEnv;
const { rin, tao, uma, vic } = env.groupMembers;
const shot = (name: string) => `test-results/e2e/groups-${name}.png`;

/** the contexts a test opened, closed after it (an open messenger keeps its socket) */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  for (const ctx of opened.splice(0)) await ctx.close();
});

/** make a group in the browser: New group → friends → a name → Create; its chat opens */
async function createGroup(chat: ChatPage, name: string, friends: string[], screenshot?: string) {
  const { page } = chat;
  await page.getByTestId("chat-open-new-group").click();
  await page.getByTestId("chat-new-group-name").fill(name);
  for (const f of friends) await page.getByTestId("chat-new-group-picker-person").filter({ hasText: f }).click();
  await expect(page.getByTestId("chat-new-group-count")).toHaveText(`${friends.length} selected`);
  if (screenshot) await page.screenshot({ path: shot(screenshot) });
  await page.getByTestId("chat-new-group-create").click();
  await expect(page.getByTestId("chat-title")).toHaveText(name);
}

test("create, invite, apply by Parley ID and approve live, chat live, and a kicked member sees it at once", async ({ browser }) => {
  test.setTimeout(150_000);
  const R = await openChatAs(browser, rin);
  const T = await openChatAs(browser, tao);
  const U = await openChatAs(browser, uma);
  opened.push(R.ctx, T.ctx, U.ctx);
  const name = `Crag crew ${Date.now().toString(36)}`;

  // Rin makes a group with Tao: it opens for Rin, and is in Tao's list at once
  await createGroup(R.chat, name, ["Tao"], "desktop-new-group");
  await expect(R.chat.notice("You created the group with Tao")).toBeVisible();
  await expect(T.chat.conversation(name)).toBeVisible();
  await expect(T.page.getByTestId("chat-toast")).toContainText(`You were added to ${name}`);

  // chat live: Tao sees it unread, opens it, answers; Rin sees the answer under Tao's name
  const hello = `Who's in for Saturday? ${Date.now()}`;
  await R.chat.send(hello);
  await expect(R.chat.message(hello)).toHaveAttribute("data-status", "sent");
  await expect(T.chat.conversation(name).getByTestId("chat-unread")).toHaveText("1");
  await expect(T.chat.conversation(name).getByTestId("chat-preview")).toHaveText(`Rin: ${hello}`);
  await T.chat.openConversation(name);
  await expect(T.chat.message(hello)).toHaveAttribute("data-mine", "false");
  await expect(T.page.getByTestId("group-subtitle")).toContainText("2 members");
  await T.chat.send("Me! 🧗");
  await expect(R.chat.message("Me! 🧗")).toHaveAttribute("data-mine", "false");
  await expect(T.chat.conversation(name).getByTestId("chat-unread")).toHaveCount(0);

  // Rin's info panel: members with levels; invite Vic (a friend) — added at once
  await R.page.getByTestId("chat-open-info").click();
  await expect(R.page.getByTestId("group-info-name")).toHaveText(name);
  await expect(R.chat.member("Rin").getByTestId("group-member-level")).toHaveText("Owner");
  await expect(R.chat.member("Tao")).toBeVisible();
  await R.page.getByTestId("group-invite").click();
  await R.page.getByTestId("group-invite-picker-person").filter({ hasText: "Vic" }).click();
  await R.page.getByTestId("group-invite-submit").click();
  await expect(R.page.getByTestId("group-invite-result")).toContainText("Added: Vic.");
  await R.page.getByTestId("group-invite-done").click();
  await expect(R.chat.member("Vic")).toBeVisible();
  await expect(R.page.getByTestId("group-member-count")).toHaveText("3 members");
  await expect(R.chat.notice("You added Vic")).toBeVisible();
  await expect(T.chat.notice("Rin added Vic")).toBeVisible();
  const markId = (await R.page.getByTestId("group-markid").textContent())!.trim();
  expect(markId).toMatch(/^\d{8}$/);
  await R.page.screenshot({ path: shot("desktop-owner-info") });
  // Esc closes the panel
  await R.page.keyboard.press("Escape");
  await expect(R.page.getByTestId("group-info")).toHaveCount(0);

  // Uma finds the group by its Parley ID and asks to join, with a reason
  await U.page.getByTestId("chat-open-add").click();
  await U.page.getByTestId("chat-add-markid").fill(markId);
  await U.page.getByTestId("chat-add-find").click();
  await expect(U.page.getByTestId("chat-add-group-name")).toHaveText(name);
  const reason = `Hi, I climb at the same gym ${Date.now()}`;
  await U.page.getByTestId("chat-add-group-reason").fill(reason);
  await U.page.screenshot({ path: shot("desktop-apply") });
  await U.page.getByTestId("chat-add-group-apply").click();
  await expect(U.page.getByTestId("chat-add-group-sent")).toContainText("Request sent");

  // Rin sees it arrive live (badge, toast), and approves it in Requests
  await expect(R.page.getByTestId("chat-requests-badge")).toHaveText("1");
  await expect(R.page.getByTestId("chat-toast")).toContainText(`Uma asks to join ${name}`);
  await R.page.getByTestId("chat-open-requests").click();
  const application = R.page.locator('[data-testid="chat-request"][data-type="1"]').filter({ hasText: reason });
  await expect(application.getByTestId("chat-request-name")).toHaveText("Uma");
  await expect(application.getByTestId("chat-request-group")).toHaveText(`wants to join ${name}`);
  await R.page.screenshot({ path: shot("desktop-requests") });
  await application.getByTestId("chat-request-accept").click();
  await expect(application).toContainText("Approved");
  await expect(R.page.getByTestId("chat-requests-badge")).toHaveCount(0);
  await R.page.getByTestId("chat-requests-back").click();

  // Uma is in at once: the group is in her list; she writes, everyone sees it
  await U.page.getByTestId("chat-add-back").click();
  await expect(U.chat.conversation(name)).toBeVisible();
  await U.chat.openConversation(name);
  await expect(U.chat.notice("You joined the group")).toBeVisible();
  await expect(R.chat.notice("Uma joined the group")).toBeVisible();
  const umaSays = `Thanks! See you at the wall ${Date.now()}`;
  await U.chat.send(umaSays);
  await expect(R.chat.message(umaSays)).toBeVisible();
  await expect(T.chat.message(umaSays)).toBeVisible();
  await R.page.screenshot({ path: shot("desktop-owner-chat") });

  // Rin removes Uma: Uma's chat says so at once, she can no longer write, the group leaves her list
  await R.page.getByTestId("chat-open-info").click();
  await R.chat.member("Uma").getByRole("button").click();
  await expect(R.page.getByTestId("group-member-dialog")).toBeVisible();
  await R.page.keyboard.press("Escape"); // Esc closes a dialog
  await expect(R.page.getByTestId("group-member-dialog")).toHaveCount(0);
  await R.chat.member("Uma").getByRole("button").click();
  await R.page.getByTestId("group-kick").click();
  await R.page.getByTestId("group-member-confirm").click();
  await expect(R.chat.member("Uma")).toHaveCount(0);
  await expect(U.page.getByTestId("group-ended")).toHaveText("You were removed from this group.");
  await expect(U.page.getByTestId("chat-composer-disabled")).toHaveText("You were removed from this group.");
  await expect(U.page.getByTestId("chat-input")).toHaveCount(0);
  await expect(U.chat.conversation(name)).toHaveCount(0);
  await expect(U.page.getByTestId("chat-toast")).toContainText(`You were removed from ${name}`);
  await expect(T.chat.notice("Rin removed Uma")).toBeVisible();
  await U.page.screenshot({ path: shot("desktop-kicked") });
  await T.page.screenshot({ path: shot("desktop-member") });
});

test("an owner recalls anyone's message, mutes a member and everyone; a member leaves; dissolving tells the rest", async ({ browser }) => {
  test.setTimeout(120_000);
  const R = await openChatAs(browser, rin);
  const T = await openChatAs(browser, tao);
  const V = await openChatAs(browser, vic);
  opened.push(R.ctx, T.ctx, V.ctx);
  const name = `Quiet room ${Date.now().toString(36)}`;
  await createGroup(R.chat, name, ["Tao", "Vic"]);
  await T.chat.openConversation(name);
  await V.chat.openConversation(name);

  // Rin (the owner) may take back Tao's message; Vic may not
  const oops = `Wrong chat, sorry ${Date.now()}`;
  await T.chat.send(oops);
  await expect(R.chat.message(oops)).toBeVisible();
  await expect((await V.chat.menuOf(oops)).getByTestId("chat-action-recall")).toHaveCount(0);
  await V.page.keyboard.press("Escape");
  await (await R.chat.menuOf(oops)).getByTestId("chat-action-recall").click();
  await expect(R.chat.message(oops)).toHaveCount(0);
  await expect(T.chat.message(oops)).toHaveCount(0);
  await expect(T.page.locator('[data-testid="chat-message"][data-recalled="true"]')).toHaveCount(1);
  // the sender is not told they recalled it: the owner did
  await expect(T.page.locator('[data-testid="chat-message"][data-recalled="true"]')).toHaveText("Removed by a group admin");

  // mute Tao for 10 minutes: his composer says until when, at once; lifting it gives it back
  await R.page.getByTestId("chat-open-info").click();
  await R.chat.member("Tao").getByRole("button").click();
  await R.page.getByTestId("group-mute-10m").click();
  await expect(T.page.getByTestId("chat-composer-disabled")).toContainText("You are muted in this group until");
  await expect(R.page.getByTestId("group-unmute")).toBeVisible();
  await expect(R.chat.notice("You muted Tao until")).toBeVisible();
  await T.page.screenshot({ path: shot("desktop-muted") });
  await R.page.getByTestId("group-unmute").click();
  await expect(T.page.getByTestId("chat-input")).toBeVisible();
  await R.page.keyboard.press("Escape");

  // mute everyone: members cannot write, the owner can
  await R.page.getByTestId("group-mute-all").click();
  await expect(R.page.getByTestId("group-mute-all")).toHaveAttribute("aria-checked", "true");
  await expect(V.page.getByTestId("chat-composer-disabled")).toHaveText("Everyone is muted: only the owner and admins can write now.");
  await expect(V.chat.notice("Rin muted everyone")).toBeVisible();
  await expect(R.page.getByTestId("chat-input")).toBeVisible();
  await R.page.getByTestId("group-mute-all").click();
  await expect(V.page.getByTestId("chat-input")).toBeVisible();

  // Tao leaves (asked first); the others see it
  await T.page.getByTestId("chat-open-info").click();
  await T.page.getByTestId("group-leave").click();
  await expect(T.page.getByTestId("chat-confirm")).toContainText(`Leave ${name}?`);
  await T.page.getByTestId("chat-confirm-yes").click();
  await expect(T.page.getByTestId("chat-toast")).toContainText(`You left ${name}`);
  await expect(T.chat.conversation(name)).toHaveCount(0);
  await expect(V.chat.notice("Tao left the group")).toBeVisible();

  // Rin dissolves it: Vic's chat says so and the group leaves both lists
  await R.page.getByTestId("group-dissolve").click();
  await expect(R.page.getByTestId("chat-confirm")).toContainText(`Dissolve ${name} for everyone?`);
  await R.page.getByTestId("chat-confirm-yes").click();
  await expect(R.chat.conversation(name)).toHaveCount(0);
  await expect(V.page.getByTestId("group-ended")).toHaveText("This group was dissolved.");
  await expect(V.page.getByTestId("chat-composer-disabled")).toBeVisible();
  await expect(V.chat.conversation(name)).toHaveCount(0);
  await V.page.screenshot({ path: shot("desktop-dissolved") });
});

test("the phone layout: the group list → the chat → the group's info, as pages with Back; a reconnect misses nothing", async ({ browser }) => {
  test.setTimeout(90_000);
  const name = `Phone club ${Date.now().toString(36)}`;
  const rinToken = await memberToken(rin);
  const { roomId } = (await trpcBearer("group.create", { roomName: name, users: [tao.id] }, rinToken)) as { roomId: string };
  await sendToGroupOverWs(rinToken, roomId, "Bring the rope, please 🙏");

  const T = await openChatAs(browser, tao, { phone: true });
  opened.push(T.ctx);
  const { page, chat } = T;
  await expect(chat.conversation(name).getByTestId("chat-unread")).toHaveText("1");
  await expect(chat.conversation(name).getByTestId("chat-preview")).toHaveText("Rin: Bring the rope, please 🙏");
  await page.screenshot({ path: shot("phone-list") });

  await chat.openConversation(name);
  await expect(page.getByRole("heading", { name: "Chats" })).toBeHidden();
  await expect(chat.message("Bring the rope, please 🙏")).toBeVisible();
  await chat.send("Got it 👍");
  await expect(chat.message("Got it 👍")).toHaveAttribute("data-status", "sent");
  // a message from Rin's other device arrives live
  await sendToGroupOverWs(rinToken, roomId, "Thanks!");
  await expect(chat.message("Thanks!")).toBeVisible();
  await page.screenshot({ path: shot("phone-chat") });

  // offline for a while: what was said meanwhile arrives once, in order, after the reconnect
  await T.ctx.setOffline(true);
  await expect(page.getByTestId("chat-reconnecting")).toBeVisible({ timeout: 15_000 });
  const missed = [1, 2].map((n) => `While you were away ${n} · ${roomId}`);
  for (const text of missed) await sendToGroupOverWs(rinToken, roomId, text);
  await T.ctx.setOffline(false);
  await expect(page.getByTestId("chat-reconnecting")).toHaveCount(0, { timeout: 30_000 });
  for (const text of missed) await expect(chat.message(text)).toHaveCount(1);
  const order = (await chat.texts()).filter((x) => x.includes("While you were away"));
  expect(order).toHaveLength(2);
  expect(order[0]).toContain(missed[0]);
  expect(order[1]).toContain(missed[1]);

  await page.getByTestId("chat-open-info").click();
  await expect(page.getByTestId("group-info-name")).toHaveText(name);
  await expect(page.getByTestId("chat-view")).toBeHidden();
  await expect(chat.member("Rin").getByTestId("group-member-level")).toHaveText("Owner");
  // a member has no owner's tools
  await expect(page.getByTestId("group-mute-all")).toHaveCount(0);
  await expect(page.getByTestId("group-dissolve")).toHaveCount(0);
  // my name in this group
  await page.getByTestId("group-nickname").fill("Tao the belayer");
  await page.getByTestId("group-nickname-save").click();
  await expect(chat.member("Tao the belayer")).toBeVisible();
  await page.screenshot({ path: shot("phone-info") });
  await page.getByTestId("chat-info-close").click();
  await expect(page.getByTestId("chat-view")).toBeVisible();
  await page.getByTestId("chat-back").click();
  await expect(page.getByRole("heading", { name: "Chats" })).toBeVisible();
  expect(page.viewportSize()).toEqual({ width: 390, height: 844 });
});

test("the console: an agent makes a team group with a colleague; it shows in the Team tab with its unread count", async ({ browser }) => {
  const { ivy, joe } = env.teamAgents;
  const I = await openConsoleAs(browser, ivy);
  opened.push(I.ctx);
  const name = `Night shift ${Date.now().toString(36)}`;
  await I.page.getByTestId("console-tab-team").click();
  await I.page.getByTestId("console-new-team-group").click();
  await I.page.getByTestId("chat-new-group-name").fill(name);
  await I.page.getByTestId("chat-new-group-picker-person").filter({ hasText: "Joe" }).click();
  await I.page.screenshot({ path: shot("console-new-team") });
  await I.page.getByTestId("chat-new-group-create").click();
  await expect(I.page.getByTestId("chat-title")).toHaveText(name);
  await expect(I.page.getByTestId("console-team-group").filter({ hasText: name })).toBeVisible();
  const note = `Handover: order #88 waits for a refund ${Date.now()}`;
  await new ChatPage(I.page).send(note);
  await expect(new ChatPage(I.page).message(note)).toHaveAttribute("data-status", "sent");

  const J = await openConsoleAs(browser, joe);
  opened.push(J.ctx);
  await expect(J.page.getByTestId("console-tab-team-count")).toHaveText("1");
  await J.page.getByTestId("console-tab-team").click();
  const row = J.page.getByTestId("console-team-group").filter({ hasText: name });
  await expect(row.getByTestId("console-team-unread")).toHaveText("1");
  await J.page.screenshot({ path: shot("console-team-list") });
  await row.click();
  const jc = new ChatPage(J.page);
  await expect(jc.message(note)).toBeVisible();
  await expect(row.getByTestId("console-team-unread")).toHaveCount(0);
  await jc.send("On it.");
  await expect(new ChatPage(I.page).message("On it.")).toHaveAttribute("data-mine", "false");
  await J.page.getByTestId("chat-open-info").click();
  await expect(jc.member("Ivy").getByTestId("group-member-level")).toHaveText("Owner");
  await J.page.screenshot({ path: shot("console-team-chat") });
});

test("speaks the reader's language: notices, counts and the info panel in 简体中文", async ({ browser }) => {
  const name = `周末攀岩 ${Date.now().toString(36)}`;
  const rinToken = await memberToken(rin);
  const { roomId } = (await trpcBearer("group.create", { roomName: name, users: [vic.id] }, rinToken)) as { roomId: string };
  await sendToGroupOverWs(rinToken, roomId, "周六早上九点见！");
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  opened.push(ctx);
  await apiSignIn(ctx, vic);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/chat?g=${roomId}`);
  const chat = new ChatPage(page);
  await expect(page.getByTestId("chat-title")).toHaveText(name);
  await expect(chat.notice("Rin 创建了群聊，并邀请了 你")).toBeVisible();
  await expect(page.getByTestId("group-subtitle")).toContainText("2 位成员");
  await expect(page.getByTestId("chat-input")).toHaveAttribute("placeholder", "发消息到群聊…");
  await page.getByTestId("chat-open-info").click();
  await expect(chat.member("Rin").getByTestId("group-member-level")).toHaveText("群主");
  await expect(page.getByTestId("group-leave")).toHaveText("退出群聊");
  await page.screenshot({ path: shot("desktop-zh") });
});
