import { describe, expect, it } from "vitest";
import { ADMIN_HOME, navItemOf, safeAdminPath } from "./nav";

describe("admin navigation", () => {
  it("a page belongs to its nav item, and so do the pages below it", () => {
    expect(navItemOf("/admin/rooms")?.href).toBe("/admin/rooms");
    expect(navItemOf("/admin/reports/12")?.href).toBe("/admin/reports");
    expect(navItemOf("/admin/roomsx")).toBeUndefined();
  });

  it("sign-in sends you on only to the portal's own pages", () => {
    expect(safeAdminPath("/admin/muting")).toBe("/admin/muting");
    expect(safeAdminPath("/admin/sms?mobile=138")).toBe("/admin/sms?mobile=138");
    for (const bad of [null, "", "https://evil.example/admin", "//evil.example/admin", "/chat", "/admin/login", "/admin/../chat", "/admin\\evil"]) {
      expect(safeAdminPath(bad)).toBe(ADMIN_HOME);
    }
  });
});
