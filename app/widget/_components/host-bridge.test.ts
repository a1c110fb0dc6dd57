// What the widget accepts from the host page: the page's storage is not ours to trust.
import { describe, expect, it } from "vitest";
import { applyOutboxChange, OUTBOX_MAX, parseHostMessage } from "./host-bridge";

const entry = (msgId: string) => ({ msgId, msgType: 1, msg: { content: msgId }, datetime: 1_000 });

describe("init from the host page", () => {
  it("hands back the stored session with its customer and the unsent messages by conversation", () => {
    const m = parseHostMessage({
      parley: 1,
      type: "init",
      siteKey: "k",
      session: { visitorToken: "pv_1", visitorId: "9", conversationId: "42", customerId: "cust-1", ended: true },
      outbox: { "42": [entry("a"), entry("b")] },
      identity: null,
      locale: "ja",
    });
    expect(m).toEqual({
      type: "init",
      siteKey: "k",
      session: { visitorToken: "pv_1", visitorId: "9", conversationId: "42", customerId: "cust-1", ended: true },
      outbox: { "42": [entry("a"), entry("b")] },
      identity: null,
      locale: "ja",
    });
  });

  it("drops outbox entries that are not messages, and keeps at most OUTBOX_MAX", () => {
    const many = Array.from({ length: OUTBOX_MAX + 5 }, (_, i) => entry(`m${i}`));
    const m = parseHostMessage({
      parley: 1,
      type: "init",
      session: null,
      outbox: { "42": [entry("ok"), { msgId: "", msgType: 1, msg: {}, datetime: 1 }, { msgId: "x", msgType: "1", msg: {}, datetime: 1 }, null], "7": many, "not-an-id": [entry("z")] },
    });
    expect(m?.type === "init" && m.outbox).toEqual({ "42": [entry("ok")], "7": many.slice(0, OUTBOX_MAX) });
  });

  it("an old host page (no outbox, no customer) still works", () => {
    const m = parseHostMessage({ parley: 1, type: "init", session: { visitorToken: "pv_1", visitorId: "9", conversationId: "42" } });
    expect(m?.type === "init" && m.session).toEqual({ visitorToken: "pv_1", visitorId: "9", conversationId: "42", customerId: null, ended: false });
    expect(m?.type === "init" && m.outbox).toEqual({});
  });
});

describe("applyOutboxChange (the widget opened without a host page keeps its own)", () => {
  it("puts, replaces by msgId, drops, and forgets empty conversations", () => {
    let o = applyOutboxChange({}, "42", { put: entry("a") });
    o = applyOutboxChange(o, "42", { put: entry("b") });
    o = applyOutboxChange(o, "42", { put: entry("a") });
    expect(o["42"].map((e) => e.msgId)).toEqual(["b", "a"]);
    o = applyOutboxChange(o, "42", { drop: "a" });
    o = applyOutboxChange(o, "42", { drop: "b" });
    expect(o).toEqual({});
  });
});
