// A group's notices (msgType 6) in the reader's language, from the event and the names — "you"
// where it is me, never the server's English fallback for an event we know.
import { describe, expect, it } from "vitest";
import type { TGroupNotification } from "../../_lib/member-api";
import { groupNoticeText } from "./group-notice";

const ME = "7";
const names = { "7": "Mei", "8": "Ken", "9": "Ana" };
const n = (event: string, operatorId: string, userIds: string[], extra: Partial<TGroupNotification> = {}): TGroupNotification => ({ content: "fallback", event, operatorId, userIds, names, ...extra });

describe("group notices", () => {
  it("say who did what, with 'you' for me", () => {
    expect(groupNoticeText(n("created", "8", ["7", "9"]), "en", ME)).toBe("Ken created the group with you and Ana");
    expect(groupNoticeText(n("joined", "7", ["8", "9"]), "en", ME)).toBe("You added Ken and Ana");
    expect(groupNoticeText(n("joined", "9", ["9"]), "en", ME)).toBe("Ana joined the group");
    expect(groupNoticeText(n("kicked", "8", ["7"]), "en", ME)).toBe("Ken removed you");
    expect(groupNoticeText(n("left", "9", ["9"]), "en", ME)).toBe("Ana left the group");
    expect(groupNoticeText(n("level", "8", ["9"], { level: 2 }), "en", ME)).toBe("Ken made Ana an admin");
    expect(groupNoticeText(n("level", "8", ["7"], { level: 3 }), "en", ME)).toBe("Ken handed the group over to you");
    expect(groupNoticeText(n("muteAll", "8", [], { muted: 1 }), "en", ME)).toBe("Ken muted everyone");
    expect(groupNoticeText(n("muted", "8", ["9"], { mutedUntil: 0 }), "en", ME)).toBe("Ken unmuted Ana");
    expect(groupNoticeText(n("muted", "8", ["9"], { mutedUntil: Date.now() + 60_000 }), "en", ME)).toMatch(/^Ken muted Ana until /);
  });

  it("speak zh-CN and ja; an unknown event falls back to the server's words", () => {
    expect(groupNoticeText(n("kicked", "8", ["9"]), "zh-CN", ME)).toBe("Ken 将 Ana 移出了群聊");
    expect(groupNoticeText(n("left", "7", ["7"]), "ja", ME)).toBe("あなた がグループを退出しました");
    expect(groupNoticeText(n("renamed", "8", []), "en", ME)).toBe("fallback");
  });
});
