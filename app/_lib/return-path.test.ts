// After signing in, only Parley's own pages that ask for it: never an open redirect.
import { describe, expect, it } from "vitest";
import { loginUrl, safeReturnPath } from "./return-path";

describe("the way back after signing in", () => {
  it("goes back to a public room or the messenger", () => {
    expect(safeReturnPath("/rooms/42")).toBe("/rooms/42");
    expect(safeReturnPath("/chat?r=42")).toBe("/chat?r=42");
    expect(safeReturnPath("/chat")).toBe("/chat");
  });

  it("goes nowhere else", () => {
    for (const bad of [null, "", "//evil.example", "/\\evil.example", "https://evil.example/rooms/1", "/rooms/abc", "/rooms/1/../../x", "/rooms/01", "/admin", "/rooms/1#x", "/chat?x=<script>", "javascript:alert(1)"]) {
      expect(safeReturnPath(bad)).toBeNull();
    }
  });

  it("makes the sign-in link", () => {
    expect(loginUrl("/rooms/42")).toBe("/chat/login?next=%2Frooms%2F42");
    expect(safeReturnPath(new URL(`http://x${loginUrl("/rooms/42")}`).searchParams.get("next"))).toBe("/rooms/42");
  });
});
