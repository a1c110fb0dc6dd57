// Chat rooms (channelType 1) in real Chromium: an admin opens a room (through the API), a member
// joins it in /chat's Rooms tab and an anonymous visitor opens its public page /rooms/<id> in
// a browser with no cookies; the member writes and both see it live; the visitor has no
// composer but "Sign in to speak"; the admin mutes the member in the room (they see it, and a
// send from their other device is refused with -2007), then closes the room (both see it
// closed). Then the phone: a room the admin opens appears in the list live, a member speaks
// on the public page too, a visitor who signs in from it comes back and speaks, a reconnect
// joins the room again without losing a message, and deleting the room tells both. Screenshots at desktop (1280×800)
// and phone (375×812) widths.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import WebSocket from "ws";
import { apiSignIn, ChatPage, memberToken, trpcBearer } from "./chat-page";
import { e2eEnv, type E2EEnv, type E2EMember } from "./env";

type RoomsEnv = E2EEnv & { roomMembers: { pia: E2EMember; quin: E2EMember } };
const env = e2eEnv() as RoomsEnv;
const { pia, quin } = env.roomMembers;
const shot = (name: string) => `test-results/e2e/rooms-${name}.png`;

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const contextOptions = (phone: boolean) => (phone ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US" } : { viewport: DESKTOP, locale: "en-US" });

/** the contexts a test opened, closed after it (an open page keeps its socket) */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  for (const ctx of opened.splice(0)) await ctx.close();
});

async function memberInChat(browser: Browser, m: E2EMember, phone = false) {
  const ctx = await browser.newContext(contextOptions(phone));
  opened.push(ctx);
  await apiSignIn(ctx, m);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/chat`);
  const chat = new ChatPage(page);
  await chat.ready();
  return { ctx, page, chat };
}

/** an anonymous visitor: a browser with no cookies at all, on the room's public page */
async function guestOnRoomPage(browser: Browser, groupId: string, phone = false) {
  const ctx = await browser.newContext(contextOptions(phone));
  opened.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`${env.parleyUrl}/rooms/${groupId}`);
  await expect(page.getByTestId("room-page")).toHaveAttribute("data-join", "joined");
  return { ctx, page, chat: new ChatPage(page) };
}

/**
 * A member's other device (a native client: token, no Origin) joins the room over /ws and
 * sends one text; resolves with the ack or the refusal's code.
 */
function sendToRoomOverWs(token: string, groupId: string, content: string): Promise<{ logId?: string; code?: number; content?: string }> {
  const url = `${env.parleyUrl.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(token)}`;
  const msgId = `e2e-r-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => (ws.close(), reject(new Error("no answer within 10 s"))), 10_000);
    ws.on("message", (data) => {
      const f = JSON.parse(String(data)) as { eventType: number; msgId?: string; logId?: string; code?: number; content?: string };
      if (f.eventType === 100) ws.send(JSON.stringify({ eventType: 1, msgId: `${msgId}-join`, groupId }));
      else if (f.eventType === 1 && f.msgId === `${msgId}-join`) {
        if (f.code) return clearTimeout(timer), ws.close(), resolve({ code: f.code, content: f.content });
        ws.send(JSON.stringify({ eventType: 0, msgId, channelType: 1, targetId: groupId, msgType: 1, msg: { content } }));
      } else if (f.eventType === 0 && f.msgId === msgId) {
        clearTimeout(timer);
        ws.close();
        resolve(f.logId ? { logId: f.logId } : { code: f.code, content: f.content });
      }
    });
    ws.on("error", (err) => (clearTimeout(timer), reject(err)));
  });
}

const roomRow = (chat: ChatPage, name: string) => chat.page.getByTestId("chat-room").filter({ has: chat.page.getByTestId("chat-room-name").getByText(name, { exact: true }) });

test("a member and an anonymous visitor in a room: live messages, sign in to speak, muted, closed", async ({ browser }) => {
  test.setTimeout(120_000);
  const adminToken = await memberToken(env.admin);
  const name = `Lobby ${Date.now().toString(36)}`;
  const { groupId } = (await trpcBearer("chatRoom.addGroup", { groupName: name, description: "Say hi, ask anything." }, adminToken)) as { groupId: string };

  // the member: /chat → Rooms → the room; this socket joins it
  const P = await memberInChat(browser, pia);
  await P.page.getByTestId("chat-tab-rooms").click();
  await expect(P.page.getByRole("heading", { name: "Rooms" })).toBeVisible();
  await expect(roomRow(P.chat, name)).toBeVisible();
  await roomRow(P.chat, name).click();
  await expect(P.page.getByTestId("chat-title")).toHaveText(name);
  await expect(P.page.getByTestId("chat-view")).toHaveAttribute("data-join", "joined");
  await expect(P.page).toHaveURL(new RegExp(`[?&]r=${groupId}`));

  // the visitor: no account, no cookie — the public page joins as a guest
  const G = await guestOnRoomPage(browser, groupId);
  expect(await G.ctx.cookies()).toEqual([]);
  await expect(G.page.getByTestId("room-title")).toHaveText(name);
  await expect(G.page.getByTestId("room-description")).toHaveText("Say hi, ask anything.");
  // both are in the room now: the online count says so, live
  await expect(P.page.getByTestId("room-online")).toHaveText("2 online");
  await expect(G.page.getByTestId("room-online")).toHaveText("2 online · signed in: 1 · guests: 1");
  // a guest gets no composer, but a way to sign in that comes back here
  await expect(G.page.getByTestId("chat-input")).toHaveCount(0);
  const signIn = G.page.getByTestId("room-sign-in");
  await expect(signIn).toHaveText("Sign in to speak");
  await expect(signIn).toHaveAttribute("href", `/chat/login?next=${encodeURIComponent(`/rooms/${groupId}`)}`);
  expect(JSON.parse(await G.page.evaluate(() => JSON.stringify(localStorage.getItem("parley:room-guest"))))).toMatch(/^[0-9a-f-]{36}$/);

  // the member writes; both see it, under the member's name for the visitor
  const hello = `Hello, room! ${Date.now()}`;
  await P.chat.send(hello);
  await expect(P.chat.message(hello)).toHaveAttribute("data-status", "sent");
  await expect(G.chat.message(hello)).toHaveAttribute("data-mine", "false");
  await expect(G.page.getByText("Pia", { exact: true })).toBeVisible();
  // a message from the member's other device arrives live on both
  const piaToken = await memberToken(pia);
  const fromPhone = `Also from my phone ${Date.now()}`;
  expect(await sendToRoomOverWs(piaToken, groupId, fromPhone)).toHaveProperty("logId");
  await expect(P.chat.message(fromPhone)).toBeVisible();
  await expect(G.chat.message(fromPhone)).toBeVisible();
  await P.page.screenshot({ path: shot("desktop-chat-room") });
  await G.page.screenshot({ path: shot("desktop-public-guest") });

  // another member reports Pia's message from its menu; the admins' queue has it, as it was said
  const Q = await memberInChat(browser, quin);
  await Q.page.getByTestId("chat-tab-rooms").click();
  await roomRow(Q.chat, name).click();
  await expect(Q.page.getByTestId("chat-view")).toHaveAttribute("data-join", "joined");
  await (await Q.chat.menuOf(hello)).getByTestId("chat-action-report").click();
  await expect(Q.page.getByTestId("report-dialog")).toContainText("Report Pia's message");
  await Q.page.getByTestId("report-reason").fill("spam, e2e");
  await Q.page.getByTestId("report-submit").click();
  await expect(Q.page.getByTestId("chat-toast")).toHaveText(/Reported\. An admin will look at it\./);
  await expect(Q.page.getByTestId("report-dialog")).toHaveCount(0);
  const queue = (await trpcBearer("report.list", { status: "all", number: 100 }, adminToken, "query")) as { reports: { reason: string; reporter: { id: string }; snapshot: { msg: { content?: string } } | null }[] };
  expect(queue.reports.find((r) => r.reporter.id === quin.id && r.reason === "spam, e2e")?.snapshot?.msg.content).toBe(hello);
  // your own message offers no "Report"
  await expect((await P.chat.menuOf(hello)).getByTestId("chat-action-report")).toHaveCount(0);
  await P.page.keyboard.press("Escape");
  await Q.ctx.close();

  // the visitor's sign-in link goes to the login page with the way back
  const login = await G.ctx.newPage();
  await login.goto(`${env.parleyUrl}${await signIn.getAttribute("href")}`);
  await expect(login.getByTestId("chat-login-mobile")).toBeVisible();
  await login.close();

  // the admin mutes the member in this room: a toast, the composer says until when, a send is refused
  await trpcBearer("chatRoom.mute", { groupId, userId: pia.id, mutedTime: 10 * 60_000 }, adminToken);
  await expect(P.page.getByTestId("chat-toast")).toContainText(`You were muted in ${name} until`);
  await expect(P.page.getByTestId("chat-composer-disabled")).toContainText("You are muted in this room until");
  await expect(P.page.getByTestId("chat-input")).toHaveCount(0);
  const refused = await sendToRoomOverWs(piaToken, groupId, "Can I still speak?");
  expect(refused.code).toBe(-2007);
  await P.page.screenshot({ path: shot("desktop-chat-muted") });

  // the admin closes the room: both see it closed, nobody can write
  await trpcBearer("chatRoom.setStatus", { groupId, type: 1 }, adminToken);
  await expect(P.page.getByTestId("room-state")).toHaveAttribute("data-phase", "closed");
  await expect(P.page.getByTestId("room-state")).toHaveText("This room is closed. You can still read what was said.");
  await expect(P.page.getByTestId("chat-composer-disabled")).toHaveText("This room is closed: nobody can write here now.");
  await expect(G.page.getByTestId("room-state")).toHaveAttribute("data-phase", "closed");
  await expect(G.page.getByTestId("room-sign-in")).toHaveCount(0);
  await expect(G.page.getByTestId("chat-composer-disabled")).toHaveText("This room is closed: nobody can write here now.");
  // what was said stays readable
  await expect(G.chat.message(hello)).toBeVisible();
  await G.page.screenshot({ path: shot("desktop-public-closed") });

  // the same visitor coming back is the same guest (the uuid kept in this browser)
  const uuid = await G.page.evaluate(() => localStorage.getItem("parley:room-guest"));
  await G.page.reload();
  await expect(G.page.getByTestId("room-state")).toHaveAttribute("data-phase", "closed");
  expect(await G.page.evaluate(() => localStorage.getItem("parley:room-guest"))).toBe(uuid);
});

test("the phone: a new room appears live, a member speaks on the public page, a reconnect rejoins, and a deleted room says so", async ({ browser }) => {
  test.setTimeout(120_000);
  const adminToken = await memberToken(env.admin);
  const P = await memberInChat(browser, pia, true);
  await P.page.getByTestId("chat-tab-rooms").click();

  // the admin opens a room: it appears in the member's list at once (event 7)
  const name = `Night owls ${Date.now().toString(36)}`;
  const { groupId } = (await trpcBearer("chatRoom.addGroup", { groupName: name }, adminToken)) as { groupId: string };
  await expect(roomRow(P.chat, name)).toBeVisible();
  await P.page.screenshot({ path: shot("phone-rooms-list") });
  await roomRow(P.chat, name).click();
  await expect(P.page.getByRole("heading", { name: "Rooms" })).toBeHidden();
  await expect(P.page.getByTestId("chat-view")).toHaveAttribute("data-join", "joined");
  const first = `Anyone awake? ${Date.now()}`;
  await P.chat.send(first);
  await expect(P.chat.message(first)).toHaveAttribute("data-status", "sent");

  const G = await guestOnRoomPage(browser, groupId, true);
  await expect(G.chat.message(first)).toBeVisible();
  await expect(G.page.getByTestId("room-sign-in")).toBeVisible();
  await expect(P.page.getByTestId("room-online")).toHaveText("2 online");

  // the member on the public page (signed in: they may speak there, on a second socket)
  const M = await P.ctx.newPage();
  await M.goto(`${env.parleyUrl}/rooms/${groupId}`);
  await expect(M.getByTestId("room-page")).toHaveAttribute("data-join", "joined");
  await expect(M.getByTestId("room-page")).toHaveAttribute("data-guest", "false");
  await expect(M.getByTestId("room-sign-in")).toHaveCount(0);
  await expect(M.getByTestId("room-open-in-chat")).toHaveAttribute("href", `/chat?r=${groupId}`);
  const second = `Writing from the public page ${Date.now()}`;
  const page2 = new ChatPage(M);
  await page2.send(second);
  await expect(page2.message(second)).toHaveAttribute("data-mine", "true");
  await expect(G.chat.message(second)).toBeVisible();
  await expect(P.chat.message(second)).toBeVisible();
  await G.page.screenshot({ path: shot("phone-public-guest") });
  await M.screenshot({ path: shot("phone-public-member") });
  await P.page.screenshot({ path: shot("phone-chat-room") });
  await M.close();

  // a visitor who signs in from the page comes back to it, and may speak
  const V = await guestOnRoomPage(browser, groupId, true);
  await V.page.getByTestId("room-sign-in").click();
  await expect(V.page).toHaveURL(/\/chat\/login\?next=/);
  await V.page.getByTestId("chat-login-mobile").fill(quin.mobile);
  await V.page.getByTestId("chat-login-password").fill(quin.password);
  await V.page.getByTestId("chat-login-submit").click();
  await expect(V.page).toHaveURL(new RegExp(`/rooms/${groupId}$`));
  await expect(V.page.getByTestId("room-page")).toHaveAttribute("data-guest", "false");
  await expect(V.page.getByTestId("room-page")).toHaveAttribute("data-join", "joined");
  const quinSays = `Signed in to say this ${Date.now()}`;
  await V.chat.send(quinSays);
  await expect(G.chat.message(quinSays)).toBeVisible();
  await expect(P.chat.message(quinSays)).toBeVisible();

  // offline for a while: the new socket joins the room again, what was said meanwhile arrives once, and live messages flow again
  const piaToken = await memberToken(pia);
  await P.ctx.setOffline(true);
  await expect(P.page.getByTestId("chat-reconnecting")).toBeVisible({ timeout: 15_000 });
  const missed = `While you were away · ${groupId}`;
  expect(await sendToRoomOverWs(piaToken, groupId, missed)).toHaveProperty("logId");
  await P.ctx.setOffline(false);
  await expect(P.page.getByTestId("chat-reconnecting")).toHaveCount(0, { timeout: 30_000 });
  await expect(P.chat.message(missed)).toHaveCount(1);
  await expect(P.page.getByTestId("chat-view")).toHaveAttribute("data-join", "joined");
  const after = `Back again · ${Date.now()}`;
  expect(await sendToRoomOverWs(piaToken, groupId, after)).toHaveProperty("logId");
  await expect(P.chat.message(after)).toBeVisible();
  await expect(G.chat.message(after)).toBeVisible();

  // deleted: the open views say so; the room leaves the list
  await trpcBearer("chatRoom.setStatus", { groupId, type: 2 }, adminToken);
  await expect(P.page.getByTestId("room-state")).toHaveText("This room was deleted.");
  await expect(P.page.getByTestId("chat-toast")).toContainText(`${name} was deleted.`);
  await expect(G.page.getByTestId("room-state")).toHaveText("This room was deleted.");
  await P.page.screenshot({ path: shot("phone-chat-deleted") });
  await G.page.screenshot({ path: shot("phone-public-deleted") });
  await P.page.getByTestId("chat-back").click();
  await expect(P.page.getByRole("heading", { name: "Rooms" })).toBeVisible(); // back on the Rooms tab
  await expect(roomRow(P.chat, name)).toHaveCount(0);
  // a deleted room's page, opened afresh, is gone for a visitor
  await G.page.reload();
  await expect(G.page.getByTestId("room-gone")).toContainText("This room does not exist.");
  // so is a room that never was
  await G.page.goto(`${env.parleyUrl}/rooms/999999999`);
  await expect(G.page.getByTestId("room-gone")).toBeVisible();
});
