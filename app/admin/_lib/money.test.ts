import { describe, expect, it } from "vitest";
import { CursorFeed } from "./cursor-feed";
import { balanceAfter, channelKey, checkAmount, formatAmount, fromUnits, packetRowState, reconciliation, signedAmount, toUnits } from "./money";
import type { TCoinTotals } from "./money-api";

describe("amounts", () => {
  it("turn into the coin's smallest units and back, exactly", () => {
    expect(toUnits("12.34", 2)).toBe(1234n);
    expect(toUnits("12.3", 2)).toBe(1230n);
    expect(toUnits("-5", 2)).toBe(-500n);
    expect(toUnits("7", 0)).toBe(7n);
    expect(fromUnits(1234n, 2)).toBe("12.34");
    expect(fromUnits(-5n, 2)).toBe("-0.05");
    expect(fromUnits(7n, 0)).toBe("7");
    // no float on the way: 0.1 + 0.2 is 0.3
    expect(fromUnits(toUnits("0.1", 8) + toUnits("0.2", 8), 8)).toBe("0.30000000");
    expect(() => toUnits("1.234", 2)).toThrow();
    expect(() => toUnits("1e3", 2)).toThrow();
  });

  it("an amount typed to credit or debit is a plain positive decimal with the coin's places at most", () => {
    expect(checkAmount(" 12.5 ", 2)).toEqual({ ok: true, amount: "12.50", units: 1250n });
    expect(checkAmount("", 2)).toEqual({ ok: false, why: "empty" });
    for (const bad of ["-1", "1e3", "abc", "01", "1.", ".5", "1,000"]) expect(checkAmount(bad, 2)).toEqual({ ok: false, why: "invalid" });
    expect(checkAmount("0.00", 2)).toEqual({ ok: false, why: "zero" });
    expect(checkAmount("1.234", 2)).toEqual({ ok: false, why: "tooPrecise" });
    expect(checkAmount("1.5", 0)).toEqual({ ok: false, why: "tooPrecise" });
  });

  it("the balance after: a debit below zero is flagged", () => {
    expect(balanceAfter("10.00", 250n, "credit", 2)).toEqual({ amount: "12.50", isNegative: false });
    expect(balanceAfter("10.00", 1000n, "debit", 2)).toEqual({ amount: "0.00", isNegative: false });
    expect(balanceAfter("10.00", 1001n, "debit", 2)).toEqual({ amount: "-0.01", isNegative: true });
  });

  it("shows digit groups without touching the decimals, and ledger signs", () => {
    expect(formatAmount("1234567.50", "en")).toBe("1,234,567.50");
    expect(formatAmount("99999999999999999.99", "en")).toBe("99,999,999,999,999,999.99");
    expect(formatAmount("-5.00", "ja")).toBe("−5.00");
    expect(signedAmount("5.00", "en")).toEqual({ text: "+5.00", isIn: true });
    expect(signedAmount("-1200.00", "en")).toEqual({ text: "−1,200.00", isIn: false });
    expect(signedAmount("0.00", "en").text).toBe("0.00");
  });
});

describe("reconciliation", () => {
  const totals = (over: Partial<TCoinTotals> = {}): TCoinTotals => ({
    coin: 1,
    code: "BTY",
    name: "Bity",
    decimals: 2,
    holders: 3,
    balances: "95.00",
    credited: "120.00",
    debited: "10.00",
    packetsSent: "30.00",
    packetsClaimed: "12.00",
    packetsRefunded: "3.00",
    inPackets: "15.00",
    ledger: "95.00",
    reconciles: true,
    ...over,
  });

  it("sum of balances = credited − debited − sent + claimed + refunded", () => {
    expect(reconciliation(totals())).toEqual({ expected: "95.00", holds: true, ok: true });
  });

  it("✗ when the parts do not add up, or when the server says it does not", () => {
    expect(reconciliation(totals({ balances: "95.01" }))).toMatchObject({ expected: "95.00", holds: false, ok: false });
    expect(reconciliation(totals({ reconciles: false }))).toMatchObject({ holds: true, ok: false });
  });
});

describe("packets", () => {
  it("a row's state: all claimed, expired (or refunded), else open", () => {
    const now = 1_000;
    expect(packetRowState({ count: 3, claimed: 3, expiresAt: 0, refundedAt: null }, now)).toBe("finished");
    expect(packetRowState({ count: 3, claimed: 1, expiresAt: 999, refundedAt: null }, now)).toBe("expired");
    expect(packetRowState({ count: 3, claimed: 1, expiresAt: 2_000, refundedAt: 900 }, now)).toBe("expired");
    expect(packetRowState({ count: 3, claimed: 1, expiresAt: 2_000, refundedAt: null }, now)).toBe("open");
    expect(channelKey(1)).toBe("money.channel.room");
    expect(channelKey(9)).toBe("money.channel.other");
  });
});

describe("CursorFeed", () => {
  type Row = { id: number };
  const pages: Record<string, { rows: Row[]; next: number | null }> = {
    start: { rows: [{ id: 9 }, { id: 8 }], next: 8 },
    "8": { rows: [{ id: 8 }, { id: 7 }], next: null },
  };

  it("loads more after the rows on screen, without showing a row twice", async () => {
    const feed = new CursorFeed<Row, number>({ fetch: async (c) => pages[c === null ? "start" : String(c)], key: (r) => String(r.id) });
    await feed.reload();
    expect(feed.getSnapshot()).toMatchObject({ rows: [{ id: 9 }, { id: 8 }], hasMore: true, loading: false });
    await feed.more();
    expect(feed.getSnapshot()).toMatchObject({ rows: [{ id: 9 }, { id: 8 }, { id: 7 }], hasMore: false });
    await feed.more(); // nothing more to ask
    expect(feed.getSnapshot().rows).toHaveLength(3);
  });

  it("a failed page keeps the rows; a reload drops an older answer", async () => {
    let fail = false;
    let resolveSlow: ((p: { rows: Row[]; next: null }) => void) | null = null;
    let slow = false;
    const feed = new CursorFeed<Row, number>({
      fetch: (c) => {
        if (slow) return new Promise((r) => (resolveSlow = r));
        if (fail && c !== null) return Promise.reject(new Error("down"));
        return Promise.resolve(pages[c === null ? "start" : String(c)]);
      },
      key: (r) => String(r.id),
    });
    await feed.reload();
    fail = true;
    await feed.more();
    expect(feed.getSnapshot()).toMatchObject({ rows: [{ id: 9 }, { id: 8 }], error: "down", hasMore: true });

    slow = true;
    const first = feed.reload();
    slow = false;
    await feed.reload();
    resolveSlow!({ rows: [{ id: 1 }], next: null });
    await first;
    expect(feed.getSnapshot().rows.map((r) => r.id)).toEqual([9, 8]);
  });
});
