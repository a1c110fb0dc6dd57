import { describe, expect, it } from "vitest";
import { UI_LOCALES } from "../../_lib/i18n";
import { PACKET_TEXT, tPacket, type PacketKey } from "./i18n";

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the red packet page's words", () => {
  it("fills the holes", () => {
    expect(tPacket("en", "packet.left", { remain: 2, count: 5 })).toBe("2 of 5 left");
    expect(tPacket("zh-CN", "packet.resendIn", { s: 42 })).toBe("42 秒后重发");
  });

  it("every language has the same holes as English, for every key", () => {
    for (const key of Object.keys(PACKET_TEXT.en) as PacketKey[]) {
      for (const l of UI_LOCALES) expect(holes(PACKET_TEXT[l][key]), `${l} ${key}`).toEqual(holes(PACKET_TEXT.en[key]));
    }
  });
});
