// The order of the conversation lists and a fresh list weighed against what arrived live.
import { describe, expect, it } from "vitest";
import type { StoredEntry } from "./conversation-store";
import { freshestLast, pinnedFirst } from "./list-rows";

const entry = (logId: string): StoredEntry => ({ logId, msgId: `m${logId}`, channelType: 3, fromId: "1", fromType: "member", targetId: "2", msgType: 1, msg: { content: logId }, datetime: Number(logId), senderInfo: { nickname: "a", avatar: "" } });

describe("pinnedFirst", () => {
  it("puts pinned rows first, then the newest activity", () => {
    const rows = [
      { id: "old", pinned: false, activeAt: 1 },
      { id: "pinnedOld", pinned: true, activeAt: 2 },
      { id: "new", pinned: false, activeAt: 9 },
      { id: "pinnedNew", pinned: true, activeAt: 5 },
    ];
    expect(rows.sort(pinnedFirst((r) => r.pinned)).map((r) => r.id)).toEqual(["pinnedNew", "pinnedOld", "new", "old"]);
  });
});

describe("freshestLast", () => {
  it("takes the server's answer when nothing newer arrived live", () => {
    expect(freshestLast({ number: 3, lastLog: entry("20") }, { unread: 1, lastLog: entry("10") })).toEqual({ lastLog: entry("20"), unread: 3 });
  });

  it("keeps what arrived live after the answer, with the larger count", () => {
    expect(freshestLast({ number: 1, lastLog: entry("20") }, { unread: 4, lastLog: entry("30") })).toEqual({ lastLog: entry("30"), unread: 4 });
    expect(freshestLast(undefined, { unread: 2, lastLog: entry("5") })).toEqual({ lastLog: entry("5"), unread: 2 });
  });

  it("is empty for a row neither side knows a message of", () => {
    expect(freshestLast(undefined, undefined)).toEqual({ lastLog: null, unread: 0 });
  });
});
