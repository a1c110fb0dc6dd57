// Balances on the ledger, on the real database: an admin credits and debits with a reason (one
// ledger row each), /red-packet/balance shows every coin exactly (tRPC: decimal strings; compat:
// the seed's numbers), an overdraft is refused and writes nothing, concurrent debits can never
// take a balance below zero, and the database itself refuses any other way to change money.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balances, ledgerEntries } from "../../../db/schema";
import { createMember, startTestParley, trpc, uniq } from "../../testing/harness";
import { reconcile } from "./ledger";

let parley: Awaited<ReturnType<typeof startTestParley>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

type Member = Awaited<ReturnType<typeof createMember>>;
const call = (m: Member | null, path: string, input: unknown, query = false) => trpc(parley.url, path, input, { bearer: m?.token, query });
/**
 * A coin of this file's own per number of decimal places, made once through admin.createCoin
 * (coins are few and the shared database keeps every one: unique codes, not one per test).
 * Each test uses members of its own, so their balances start at nothing.
 */
const made = new Map<number, Promise<number>>();
function newCoin(admin: Member, decimals = 2) {
  let coin = made.get(decimals);
  if (!coin) {
    const code = `T${uniq("").replace(/[^a-z0-9]/gi, "").toUpperCase().slice(-10)}`;
    coin = call(admin, "admin.createCoin", { code, name: `Test ${code}`, decimals }).then((res) => {
      expect(res.ok, JSON.stringify(res.body)).toBe(true);
      return (res.data as { coin: number }).coin;
    });
    made.set(decimals, coin);
  }
  return coin;
}
const balanceOf = async (m: Member, coin: number) =>
  ((await call(m, "redPacket.balance", undefined, true)).data as { balances: { coin: number; amount: string }[] }).balances.find((b) => b.coin === coin)?.amount;

describe("balances on a ledger", () => {
  it("credit and debit with a reason are ledger rows; the balance is exact; an overdraft is refused and writes nothing", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const coin = await newCoin(admin);
    expect(await balanceOf(m, coin)).toBe("0.00"); // every coin is listed, held or not
    expect((await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "0.10", reason: "welcome" })).data).toEqual({ coin, balance: "0.10" });
    expect((await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "0.2", reason: "bonus" })).data).toEqual({ coin, balance: "0.30" });
    const fee = await call(admin, "admin.debit", { userId: String(m.user.id), coin, amount: "0.06", reason: "fee" });
    expect(fee.data, JSON.stringify(fee.body)).toEqual({ coin, balance: "0.24" });
    expect(await balanceOf(m, coin)).toBe("0.24");
    const over = await call(admin, "admin.debit", { userId: String(m.user.id), coin, amount: "0.25", reason: "too much" });
    expect(over).toMatchObject({ appCode: -1001 });
    expect(over.message).toContain("balance is too low");
    const rows = await parley.deps.db.select().from(ledgerEntries).where(eq(ledgerEntries.userId, m.user.id));
    expect(rows.filter((r) => r.coinId === coin).map((r) => [r.kind, r.amount, r.reason, r.byUserId])).toEqual([
      ["credit", 10n, "welcome", admin.user.id],
      ["credit", 20n, "bonus", admin.user.id],
      ["debit", -6n, "fee", admin.user.id],
    ]);
    expect((await reconcile(parley.deps.db)).mismatched).toEqual([]);
  });

  it("refuses bad amounts with -1001 and writes nothing: more decimals than the coin, zero, negative, a float's junk, no such coin; -3000 for members", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const coin = await newCoin(admin);
    for (const amount of ["0.001", "0", "-1", "1e2", "0.1.2", "abc"]) {
      expect(await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount, reason: "x" }), amount).toMatchObject({ appCode: -1001 });
    }
    expect(await call(admin, "admin.credit", { userId: String(m.user.id), coin: 32000, amount: "1", reason: "x" })).toMatchObject({ appCode: -1001 });
    expect(await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "1", reason: "" })).toMatchObject({ appCode: -1001 });
    expect(await call(admin, "admin.credit", { userId: "999999999999", coin, amount: "1", reason: "x" })).toMatchObject({ appCode: -2001 });
    expect(await call(m, "admin.credit", { userId: String(m.user.id), coin, amount: "1", reason: "x" })).toMatchObject({ appCode: -3000 });
    expect(await balanceOf(m, coin)).toBe("0.00");
  });

  it("50 concurrent debits of 1 unit from a balance of 20 units: exactly 20 succeed, the balance ends at 0, never below", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const coin = await newCoin(admin, 0);
    await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "20", reason: "to spend" });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(admin, "admin.debit", { userId: String(m.user.id), coin, amount: "1", reason: `d${i}` })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(results.filter((r) => !r.ok).every((r) => r.appCode === -1001)).toBe(true);
    expect(await balanceOf(m, coin)).toBe("0");
    const [{ n }] = await parley.deps.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(and(eq(ledgerEntries.coinId, coin), eq(ledgerEntries.userId, m.user.id)));
    expect(n).toBe(21);
    expect((await reconcile(parley.deps.db)).mismatched).toEqual([]);
  });

  it("the database refuses money moved any other way: a balance written directly, a ledger row changed or deleted, a credit with the wrong sign", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const coin = await newCoin(admin);
    await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "5", reason: "x" });
    const db = parley.deps.db;
    await expect(db.update(balances).set({ amount: 1_000_000n }).where(eq(balances.userId, m.user.id))).rejects.toThrow();
    await expect(db.insert(balances).values({ userId: admin.user.id, coinId: coin, amount: 5n })).rejects.toThrow();
    await expect(db.update(ledgerEntries).set({ amount: 999n }).where(eq(ledgerEntries.userId, m.user.id))).rejects.toThrow();
    await expect(db.delete(ledgerEntries).where(eq(ledgerEntries.userId, m.user.id))).rejects.toThrow();
    await expect(db.insert(ledgerEntries).values({ userId: m.user.id, coinId: coin, amount: -5n, kind: "credit", createdAt: Date.now() })).rejects.toThrow();
    expect(await balanceOf(m, coin)).toBe("5.00");
    expect((await reconcile(db)).mismatched).toEqual([]);
  });

  it("compat /red-packet/balance answers the seed's shape: {balances: [{coin, amount: number}]}", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    const coin = await newCoin(admin);
    await call(admin, "admin.credit", { userId: String(m.user.id), coin, amount: "12.34", reason: "x" });
    const res = await fetch(`${parley.url}/api/compat/red-packet/balance`, { method: "POST", headers: { "content-type": "application/json", "FZM-AUTH-TOKEN": m.token }, body: "{}" });
    const body = (await res.json()) as { result: number; data: { balances: { coin: number; amount: number }[] } };
    expect(body.result).toBe(0);
    expect(body.data.balances.find((b) => b.coin === coin)).toEqual({ coin, amount: 12.34 });
    expect(await call(null, "redPacket.balance", undefined, true)).toMatchObject({ appCode: -1003 });
  });
});
