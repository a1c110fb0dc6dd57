import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isSafeText, safeText, ZSafeText, ZTextMsg } from "./frames";

describe("safe text", () => {
  it("refuses NUL and unpaired surrogates, keeps everything else (pairs, emoji, CJK, newlines)", () => {
    for (const ok of ["hello", "", "多谢 ありがとう", "😀 👍🏽", "line 1\nline 2\ttab", "\ud83d\ude00"]) expect(isSafeText(ok), JSON.stringify(ok)).toBe(true);
    for (const bad of ["a\u0000b", "\u0000", "\ud800", "x\udfffy", "\ude00\ud83d", "😀\ud83d"]) expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
  });

  it("ZSafeText and safeText() chain like any string schema", () => {
    const name = ZSafeText.trim().min(1).max(5);
    expect(name.parse("  ab ")).toBe("ab");
    expect(name.safeParse("a\u0000").success).toBe(false);
    expect(name.safeParse("      ").success).toBe(false);
    const line = safeText(z.string().regex(/^[^\n]*$/));
    expect(line.safeParse("\ud800").error?.issues[0].message).toMatch(/unpaired UTF-16 surrogates/);
  });

  it("message text with NUL or a lone surrogate is invalid content, with a clear reason", () => {
    const nul = ZTextMsg.safeParse({ content: "hi\u0000there" });
    expect(nul.success).toBe(false);
    expect(nul.error?.issues[0].message).toMatch(/null characters/);
    expect(ZTextMsg.safeParse({ content: "broken \ud800 pair" }).success).toBe(false);
    expect(ZTextMsg.safeParse({ content: "fine 😀" }).success).toBe(true);
  });
});
