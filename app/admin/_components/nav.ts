// The portal's pages, in the order the navigation shows them. A later page (complaints, sites,
// agents, dashboard) is one line here, its words in ../_i18n.ts and its folder under
// app/admin/(portal)/.
import type { ComponentType, SVGProps } from "react";
import type { AdminKey } from "../_i18n";
import { CoinIcon, FlagIcon, MuteIcon, RoomsIcon, SmsIcon } from "./ui/icons";

export interface AdminNavItem {
  href: string;
  label: AdminKey;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  testId: string;
}

export const ADMIN_NAV: readonly AdminNavItem[] = [
  { href: "/admin/rooms", label: "nav.rooms", icon: RoomsIcon, testId: "admin-nav-rooms" },
  { href: "/admin/muting", label: "nav.muting", icon: MuteIcon, testId: "admin-nav-muting" },
  { href: "/admin/reports", label: "nav.reports", icon: FlagIcon, testId: "admin-nav-reports" },
  { href: "/admin/money", label: "nav.money", icon: CoinIcon, testId: "admin-nav-money" },
  { href: "/admin/sms", label: "nav.sms", icon: SmsIcon, testId: "admin-nav-sms" },
];

/** where /admin itself goes until there is a dashboard */
export const ADMIN_HOME = ADMIN_NAV[0].href;

/** the nav item a path belongs to (its own page or one below it) */
export function navItemOf(pathname: string): AdminNavItem | undefined {
  return ADMIN_NAV.find((n) => pathname === n.href || pathname.startsWith(`${n.href}/`));
}

/** a path the sign-in page may send you on to: one of the portal's own (never another site) */
export function safeAdminPath(next: string | null | undefined): string {
  if (!next || !/^\/admin(\/[A-Za-z0-9/_-]*)?(\?[^#]*)?$/.test(next) || next.startsWith("/admin/login")) return ADMIN_HOME;
  return next;
}
