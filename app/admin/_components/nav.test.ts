import { describe, expect, it } from "vitest";
import { ADMIN_HOME, ADMIN_NAV, navItemOf, safeAdminPath } from "./nav";

describe("admin navigation", () => {
  it("a page belongs to its nav item, and so do the pages below it", () => {
    expect(navItemOf("/admin/rooms")?.href).toBe("/admin/rooms");
    expect(navItemOf("/admin/reports/12")?.href).toBe("/admin/reports");
    expect(navItemOf("/admin/roomsx")).toBeUndefined();
  });

  it("the money pages are one nav entry, with the pages below it", () => {
    const money = ADMIN_NAV.find((n) => n.href === "/admin/money");
    expect(money).toMatchObject({ label: "nav.money", testId: "admin-nav-money" });
    for (const path of ["/admin/money", "/admin/money/balances", "/admin/money/packets"]) expect(navItemOf(path)).toBe(money);
    expect(safeAdminPath("/admin/money/packets?packet=0b7f7c2e-7d3a-4c1e-9a55-1f2e3d4c5b6a")).toBe("/admin/money/packets?packet=0b7f7c2e-7d3a-4c1e-9a55-1f2e3d4c5b6a");
    // every entry has its own test id and address
    expect(new Set(ADMIN_NAV.map((n) => n.testId)).size).toBe(ADMIN_NAV.length);
    expect(new Set(ADMIN_NAV.map((n) => n.href)).size).toBe(ADMIN_NAV.length);
  });

  it("sign-in sends you on only to the portal's own pages", () => {
    expect(safeAdminPath("/admin/muting")).toBe("/admin/muting");
    expect(safeAdminPath("/admin/sms?mobile=138")).toBe("/admin/sms?mobile=138");
    for (const bad of [null, "", "https://evil.example/admin", "//evil.example/admin", "/chat", "/admin/login", "/admin/../chat", "/admin\\evil"]) {
      expect(safeAdminPath(bad)).toBe(ADMIN_HOME);
    }
  });
});
