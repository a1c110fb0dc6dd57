// Red packets in real Chromium, as the people involved use them: an admin credits a member
// (with a reason, confirmed); the member sends a lucky packet into a group; two others open it
// live and see their amounts; an anonymous person opens the packet's link on a phone, registers
// with the SMS code from the development outbox and is credited; the admin sees the ledger and
// the packet's claims. Everyone here is new (registered by SMS code) and the coin is the test's
// own, so nothing depends on what an earlier run left in a shared database.
// Screenshots: test-results/e2e/packets-*.png at desktop (1280×800) and phone (390×844 / 375×812).
import { expect, test, type BrowserContext } from "@playwright/test";
import { adminToken, openAdmin } from "./admin-page";
import { memberToken, openChatAs, PHONE, RUN_IP, trpcBearer } from "./chat-page";
import { e2eEnv, type E2EEnv, type E2EMember } from "./env";

const env = e2eEnv() as E2EEnv & { packetMembers: { sol: E2EMember; ora: E2EMember; eli: E2EMember } };
const shot = (name: string) => `test-results/e2e/packets-${name}.png`;

const opened: BrowserContext[] = [];
test.afterEach(async () => {
  for (const ctx of opened.splice(0)) await ctx.close();
});

/** sum of exact decimal strings with two places, in cents */
const cents = (s: string) => {
  const m = /(\d+)\.(\d{2})/.exec(s.replace(/,/g, ""));
  if (!m) throw new Error(`not an amount: ${s}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

test("an admin credits a member, who sends a lucky packet into a group; two open it live, an anonymous phone registers by SMS and is credited; the admin sees the ledger", async ({ browser }) => {
  test.setTimeout(180_000);
  const asAdmin = await adminToken();
  // the test's own coin (codes are unique in a shared database)
  const code = `E${Date.now().toString(36).toUpperCase().slice(-7)}`;
  const coin = (await trpcBearer("admin.createCoin", { code, name: `E2E coin ${code}`, decimals: 2 }, asAdmin)) as { coin: number };
  const { sol, ora, eli } = env.packetMembers;
  const solToken = await memberToken(sol);
  for (const friend of [ora, eli]) {
    await trpcBearer("friend.add", { id: friend.id, reason: "e2e" }, solToken);
    await trpcBearer("friend.response", { id: sol.id, agree: 1 }, await memberToken(friend));
  }
  const groupName = `Dinner club ${Date.now().toString(36)}`;
  await trpcBearer("group.create", { roomName: groupName, users: [ora.id, eli.id] }, solToken);

  // 1. the admin credits Sol 50.00 with a reason: review, then confirm
  const A = await openAdmin(browser, "/admin/money/balances", { opened });
  await A.page.getByTestId("admin-adjust-open").click();
  await A.page.getByTestId("admin-adjust-dialog-member-search").fill(sol.nickname);
  await A.page.getByTestId("admin-adjust-dialog-member-option").filter({ hasText: sol.nickname }).click();
  await A.page.getByTestId("admin-adjust-dialog-coin").selectOption(String(coin.coin));
  await A.page.getByTestId("admin-adjust-dialog-amount").fill("50");
  await A.page.getByTestId("admin-adjust-dialog-reason").fill("Welcome bonus");
  await A.page.getByTestId("admin-adjust-dialog-review").click();
  await expect(A.page.getByTestId("admin-adjust-dialog-what")).toHaveText(`+50.00 ${code}`);
  await expect(A.page.getByTestId("admin-adjust-dialog-why")).toHaveText("Welcome bonus");
  await A.page.screenshot({ path: shot("desktop-admin-confirm") });
  await A.page.getByTestId("admin-adjust-dialog-confirm").click();
  await expect(A.page.getByTestId("admin-adjust-dialog-result")).toContainText(`50.00 ${code}`);
  await A.admin.expectToast(sol.nickname);
  await A.page.getByTestId("admin-adjust-dialog-close-done").click();

  // 2. Sol, Ora and Eli are in the group's chat
  const S = await openChatAs(browser, sol);
  const O = await openChatAs(browser, ora);
  const E = await openChatAs(browser, eli);
  opened.push(S.ctx, O.ctx, E.ctx);
  for (const x of [S, O, E]) await x.chat.openConversation(groupName);

  // 3. Sol sends a lucky packet: 3 shares of 10.00 in all
  await S.page.getByTestId("chat-packet-open").click();
  const dialog = S.page.getByTestId("packet-send-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("packet-coin").selectOption(String(coin.coin));
  await expect(dialog.getByTestId("packet-balance")).toContainText("50");
  await dialog.getByTestId("packet-type-lucky").check();
  await dialog.getByTestId("packet-count").fill("3");
  await dialog.getByTestId("packet-amount").fill("10");
  await dialog.getByTestId("packet-greeting").fill("Dinner's on me 🍜");
  await expect(dialog.getByTestId("packet-total")).toHaveText(`Total: 10.00 ${code}`);
  await S.page.screenshot({ path: shot("desktop-send-dialog") });
  await dialog.getByTestId("packet-send-submit").click();
  await expect(dialog).toHaveCount(0);
  const mine = S.page.getByTestId("packet-bubble").filter({ hasText: "Dinner's on me 🍜" });
  await expect(mine).toBeVisible();
  const packetId = (await mine.getAttribute("data-packet-id"))!;
  expect(packetId).toMatch(/^[0-9a-f-]{36}$/);

  // 4. Ora and Eli see it arrive live, open it and get their share; Sol hears of each
  const amounts: string[] = [];
  for (const [who, x] of [[ora, O], [eli, E]] as const) {
    const bubble = x.page.locator(`[data-testid="packet-bubble"][data-packet-id="${packetId}"]`);
    await expect(bubble).toBeVisible();
    await bubble.click();
    const sheet = x.page.getByTestId("packet-sheet");
    await expect(sheet.getByTestId("packet-sender")).toContainText(sol.nickname);
    await sheet.getByTestId("packet-claim").click();
    await expect(sheet.getByTestId("packet-my-amount")).toContainText(code);
    amounts.push((await sheet.getByTestId("packet-my-amount").textContent())!);
    await expect(sheet.locator(`[data-testid="packet-claim-row"][data-user-id="${who.id}"]`)).toBeVisible();
    await expect(S.page.getByText(`${who.nickname} opened your red packet`)).toBeVisible();
  }
  await O.page.screenshot({ path: shot("desktop-opened") });
  await O.page.keyboard.press("Escape");
  await expect(O.page.getByTestId("packet-sheet")).toHaveCount(0);
  await expect(O.page.locator(`[data-testid="packet-bubble"][data-packet-id="${packetId}"]`)).toHaveAttribute("data-state", "mine");
  await S.page.screenshot({ path: shot("desktop-sender") });

  // 5. someone without an account opens the link on a phone, enters a new number, registers with
  //    the SMS code and is credited the last share
  const P = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US", extraHTTPHeaders: { "x-forwarded-for": RUN_IP } });
  opened.push(P);
  const phone = await P.newPage();
  await phone.goto(`${env.parleyUrl}/packets/${packetId}`);
  await expect(phone.getByTestId("packet-sender")).toContainText(sol.nickname);
  await expect(phone.getByTestId("packet-remain")).toContainText("1");
  await phone.screenshot({ path: shot("phone-link") });
  await phone.getByTestId("packet-open").click();
  await expect(phone.getByTestId("packet-amount")).toContainText(code);
  const newcomer = `178${String(Date.now()).slice(-8)}`;
  await phone.getByTestId("packet-phone").fill(newcomer);
  await phone.screenshot({ path: shot("phone-grabbed") });
  await phone.getByTestId("packet-receive").click();
  await expect(phone.getByTestId("packet-register-form")).toBeVisible();
  await phone.getByTestId("packet-send-code").click();
  await expect(phone.getByTestId("packet-code-status")).toBeVisible();
  let smsCode = "";
  await expect
    .poll(async () => {
      const box = (await trpcBearer("admin.smsOutbox", { mobile: newcomer }, asAdmin, "query")) as { messages: { text: string }[] };
      smsCode = /\b(\d{6})\b/.exec(box.messages[0]?.text ?? "")?.[1] ?? "";
      return smsCode;
    })
    .toMatch(/^\d{6}$/);
  await phone.getByTestId("packet-code").fill(smsCode);
  await phone.getByTestId("packet-password").fill("newcomer-pw-1");
  await phone.getByTestId("packet-nickname").fill("Newcomer");
  await phone.screenshot({ path: shot("phone-register") });
  await phone.getByTestId("packet-register").click();
  await expect(phone.getByTestId("packet-done")).toBeVisible();
  const last = (await phone.getByTestId("packet-done").getByTestId("packet-amount").textContent())!;
  amounts.push(last);
  await phone.screenshot({ path: shot("phone-done") });
  // the three shares add up to the total, to the cent
  expect(amounts.reduce((s, a) => s + cents(a), 0)).toBe(1000);
  // the newcomer's account holds it
  const them = (await trpcBearer("user.pwdLogin", { mobile: newcomer, password: "newcomer-pw-1", device: "pc" }, null)) as { token: string };
  const bal = (await trpcBearer("redPacket.balance", {}, them.token, "query")) as { balances: { coin: number; amount: string }[] };
  expect(cents(bal.balances.find((b) => b.coin === coin.coin)!.amount)).toBe(cents(last));

  // Sol's bubble turns "all claimed" live, and the chat says so — to Sol and to the others
  await expect(mine).toHaveAttribute("data-finished", "true");
  await expect(S.page.getByText("Newcomer opened your red packet")).toBeVisible();
  await expect(S.page.getByText("Your red packet has all been opened")).toBeVisible();
  await expect(E.page.getByText(`${sol.nickname}'s red packet has all been opened`)).toBeVisible();
  await expect(E.page.locator(`[data-testid="packet-bubble"][data-packet-id="${packetId}"]`)).toHaveAttribute("data-finished", "true");
  // the detail lists three claims and the best luck
  await mine.click();
  const sheet = S.page.getByTestId("packet-sheet");
  await expect(sheet.getByTestId("packet-claim-row")).toHaveCount(3);
  await expect(sheet.getByTestId("packet-best")).toHaveCount(1);
  await S.page.screenshot({ path: shot("desktop-sender-finished") });

  // 6. the admin sees Sol's ledger: the credit with its reason and the packet sent
  await A.page.getByTestId("admin-balances-search").fill(sol.nickname);
  await A.page.getByTestId("admin-balances-search").press("Enter");
  const row = A.page.getByTestId("admin-balance-row").filter({ hasText: sol.nickname });
  await expect(row.getByTestId("admin-balance-amount")).toContainText("40.00");
  await row.getByTestId("admin-balance-open-ledger").click();
  const ledger = A.page.getByTestId("admin-ledger-sheet");
  await expect(ledger.getByTestId("admin-ledger-amount").filter({ hasText: "50.00" })).toBeVisible();
  await expect(ledger.getByText("Welcome bonus")).toBeVisible();
  await expect(ledger.getByTestId("admin-ledger-amount").filter({ hasText: "10.00" })).toBeVisible();
  await expect(ledger.locator(`[data-testid="admin-ledger-packet"][data-packet-id="${packetId}"]`)).toBeVisible();
  await A.page.screenshot({ path: shot("desktop-admin-ledger") });
  // …and the packet with its claims
  await ledger.locator(`[data-testid="admin-ledger-packet"][data-packet-id="${packetId}"]`).click();
  await A.page.waitForURL(/\/admin\/money\/packets/);
  await expect(A.page.getByTestId("admin-packet-claim")).toHaveCount(3);
  await A.page.screenshot({ path: shot("desktop-admin-packet") });

  // the totals page reconciles, on a phone too
  const AP = await openAdmin(browser, "/admin/money", { opened, phone: true });
  const total = AP.page.locator(`[data-testid="admin-coin-total"] section[data-code="${code}"]`);
  await total.scrollIntoViewIfNeeded();
  await expect(total.getByTestId("admin-coin-reconciles")).toHaveAttribute("data-ok", "true");
  await AP.page.screenshot({ path: shot("phone-admin-totals") });
  await AP.page.goto(`${env.parleyUrl}/admin/money/balances`);
  await expect(AP.page.getByTestId("admin-balance-row").first()).toBeVisible();
  await AP.page.screenshot({ path: shot("phone-admin-balances") });
  await AP.page.getByTestId("admin-balances-search").fill(sol.nickname);
  await AP.page.getByTestId("admin-balances-search").press("Enter");
  await AP.page.getByTestId("admin-balance-row").filter({ hasText: sol.nickname }).getByTestId("admin-balance-open-ledger").click();
  await expect(AP.page.getByTestId("admin-ledger-sheet").getByTestId("admin-ledger-amount")).toHaveCount(2);
  await AP.page.screenshot({ path: shot("phone-admin-ledger") });

  // Ora's wallet on a phone: the share received this month
  const OP = await openChatAs(browser, ora, { phone: true });
  opened.push(OP.ctx);
  await OP.chat.openConversation(groupName);
  await OP.page.locator(`[data-testid="packet-bubble"][data-packet-id="${packetId}"]`).click();
  await expect(OP.page.getByTestId("packet-sheet").getByTestId("packet-claim-row")).toHaveCount(3);
  await OP.page.screenshot({ path: shot("phone-sheet") });
  await OP.page.keyboard.press("Escape");
  await OP.page.getByTestId("chat-back").click();
  await OP.page.getByTestId("chat-open-wallet").click();
  await expect(OP.page.getByTestId("wallet-balance").filter({ hasText: code })).toBeVisible();
  await OP.page.screenshot({ path: shot("phone-wallet") });

  // the public page speaks the phone's language: zh-CN here
  const Z = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "zh-CN" });
  opened.push(Z);
  const zh = await Z.newPage();
  await zh.goto(`${env.parleyUrl}/packets/${packetId}`);
  await expect(zh.getByTestId("packet-sender")).toContainText(sol.nickname);
  await expect(zh.getByTestId("packet-closed")).toBeVisible();
  expect(await zh.locator("html").getAttribute("lang")).toBe("zh-CN");
  await zh.screenshot({ path: shot("phone-link-zh") });
});
