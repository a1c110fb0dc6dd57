// What the message list draws: date separators, runs by sender and minute, notices in time
// order, and the numbering that keeps the reader's place when older pages go in above.
import { describe, expect, it } from "vitest";
import type { ChatItem } from "../../_lib/conversation-store";
import { buildRows, shiftFirstIndex } from "./rows";

const day = (d: number, h = 12, m = 0, s = 0) => new Date(2026, 2, d, h, m, s).getTime();

function item(key: string, at: number, from = "a", extra: Partial<ChatItem> = {}): ChatItem {
  return {
    key,
    logId: key,
    msgId: `m${key}`,
    fromType: "member",
    fromId: from,
    msgType: 1,
    msg: { content: key },
    datetime: at,
    senderInfo: { nickname: from, avatar: "" },
    status: "sent",
    mine: from === "me",
    ...extra,
  };
}

const shape = (rows: ReturnType<typeof buildRows>) =>
  rows.map((r) => (r.kind === "msg" ? `${r.key}${r.newDay ? "|day" : ""}${r.startsRun ? "|start" : ""}${r.endsRun ? "|end" : ""}` : `notice:${r.notice.key}`));

describe("buildRows", () => {
  it("runs the same sender within one minute together; a new minute, sender or day starts a new run", () => {
    const rows = buildRows([
      item("1", day(3, 10, 0, 5)),
      item("2", day(3, 10, 0, 40)),
      item("3", day(3, 10, 1, 2)), // next minute
      item("4", day(3, 10, 1, 9), "me"),
      item("5", day(4, 9, 0, 0), "me"), // next day
    ]);
    expect(shape(rows)).toEqual(["1|day|start", "2|end", "3|start|end", "4|start|end", "5|day|start|end"]);
  });

  it("a recalled, failed or system message stands alone", () => {
    const t0 = day(3, 10, 0, 1);
    const rows = buildRows([
      item("1", t0, "me", { status: "failed" }),
      item("2", t0 + 1, "me"),
      item("3", t0 + 2, "me", { recalled: true }),
      item("4", t0 + 3, "sys", { fromType: "system", msgType: 0 }),
      item("5", t0 + 4, "me"),
    ]);
    expect(shape(rows)).toEqual(["1|day|start|end", "2|start|end", "3|start|end", "4|start|end", "5|start|end"]);
  });

  it("puts notices between messages by time, and a separator before the first row of a day", () => {
    const rows = buildRows([item("1", day(3, 10)), item("2", day(4, 10))], [{ key: "joined", text: "Ana joined", datetime: day(4, 9) }]);
    expect(rows.map((r) => [r.key, r.newDay])).toEqual([
      ["1", true],
      ["notice:joined", true],
      ["2", false],
    ]);
  });
});

describe("shiftFirstIndex", () => {
  const t0 = day(3, 10);
  const newer = [item("10", t0 + 10_000), item("11", t0 + 20_000)];
  const older = [item("7", t0), item("8", t0 + 1000), item("9", t0 + 2000)];

  it("moves the first index down by as many rows as went in above the first message", () => {
    const before = buildRows(newer);
    const after = buildRows([...older, ...newer]);
    expect(shiftFirstIndex(1000, before, after)).toBe(997);
  });

  it("stays when rows are added below, or when the first message went away", () => {
    const before = buildRows(newer);
    expect(shiftFirstIndex(1000, before, buildRows([...newer, item("12", t0 + 30_000)]))).toBe(1000);
    expect(shiftFirstIndex(1000, before, buildRows([newer[1]]))).toBe(1000);
    expect(shiftFirstIndex(1000, [], before)).toBe(1000);
  });
});
