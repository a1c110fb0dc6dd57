// The send form's rules: lucky total as typed, equal total = each × count (exact), what is
// judged only once touched, and what redPacket.send gets.
import { describe, expect, it } from "vitest";
import { PACKET_EQUAL, PACKET_LUCKY, type TBalance } from "./packet-api";
import { checkDraft, emptyDraft, sendInput, totalOf, type PacketDraft } from "./packet-form";

const BTY: TBalance = { coin: 1, code: "BTY", name: "BTY", decimals: 4, amount: "100.0000" };
const draft = (p: Partial<PacketDraft>): PacketDraft => ({ ...emptyDraft(1), ...p });

describe("the total", () => {
  it("is what was typed for a lucky packet", () => {
    const c = checkDraft(draft({ type: PACKET_LUCKY, count: "5", amount: "10.5" }), BTY);
    expect(c).toMatchObject({ ok: true, total: "10.5000", problems: {} });
  });

  it("is each × count for an equal packet, exactly", () => {
    expect(checkDraft(draft({ type: PACKET_EQUAL, count: "3", amount: "0.1" }), BTY)).toMatchObject({ ok: true, total: "0.3000" });
    expect(checkDraft(draft({ type: PACKET_EQUAL, count: "7", amount: "1.1111" }), BTY).total).toBe("7.7777");
    expect(totalOf(draft({ type: PACKET_EQUAL, count: "", amount: "2" }), 4)).toBeNull();
  });
});

describe("problems", () => {
  it("are not shown for blank fields until touched", () => {
    const c = checkDraft(emptyDraft(1), BTY);
    expect(c.ok).toBe(false);
    expect(c.problems).toEqual({});
    expect(checkDraft(emptyDraft(1), BTY, { count: true, amount: true }).problems).toEqual({ count: "count", amount: "amount" });
  });

  it("name the field and why", () => {
    expect(checkDraft(draft({ count: "0", amount: "1" }), BTY).problems.count).toBe("count");
    expect(checkDraft(draft({ count: "2.5", amount: "1" }), BTY).problems.count).toBe("count");
    expect(checkDraft(draft({ count: "1", amount: "abc" }), BTY).problems.amount).toBe("amount");
    expect(checkDraft(draft({ count: "1", amount: "0" }), BTY).problems.amount).toBe("amount");
    expect(checkDraft(draft({ count: "1", amount: "1.00001" }), BTY).problems.amount).toBe("places");
    // a lucky total too small to give each share the coin's smallest unit
    expect(checkDraft(draft({ count: "3", amount: "0.0002" }), BTY).problems.amount).toBe("tooSmall");
    expect(checkDraft(draft({ count: "1", amount: "100.0001" }), BTY).problems.amount).toBe("balance");
    expect(checkDraft(draft({ type: PACKET_EQUAL, count: "11", amount: "10" }), BTY).problems.amount).toBe("balance");
    expect(checkDraft(draft({ count: "1", amount: "1", greeting: "x".repeat(61) }), BTY).problems.greeting).toBe("greeting");
    expect(checkDraft(draft({ count: "1", amount: "1" }), undefined)).toMatchObject({ ok: false, problems: { coin: "noCoin" } });
  });

  it("allow exactly the balance", () => {
    expect(checkDraft(draft({ type: PACKET_EQUAL, count: "10", amount: "10" }), BTY)).toMatchObject({ ok: true, total: "100.0000" });
  });
});

describe("sendInput", () => {
  it("is what redPacket.send takes", () => {
    const d = draft({ type: PACKET_EQUAL, count: "4", amount: "0.25", greeting: "  Happy new year  ", newMembersOnly: true });
    expect(sendInput(d, BTY, { channelType: 2, targetId: "55" }, "m-1")).toEqual({
      msgId: "m-1",
      channelType: 2,
      targetId: "55",
      coin: 1,
      type: 2,
      count: 4,
      total: "1.0000",
      greeting: "Happy new year",
      newMembersOnly: true,
    });
    expect(sendInput(draft({ count: "1", amount: "2" }), BTY, { channelType: 3, targetId: "8" }, "m-2")).not.toHaveProperty("greeting");
  });

  it("refuses an incomplete draft", () => {
    expect(() => sendInput(draft({ count: "", amount: "1" }), BTY, { channelType: 2, targetId: "1" }, "m")).toThrow();
  });
});
