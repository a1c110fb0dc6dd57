"use client";
// The money pages' own tabs (one nav entry, three pages): the totals per coin, who holds what,
// and the red packets. Links, so each has its address and the browser's Back works.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useText } from "../ui/use-text";

const TABS = [
  { href: "/admin/money", label: "money.tab.totals", testId: "admin-money-tab-totals" },
  { href: "/admin/money/balances", label: "money.tab.balances", testId: "admin-money-tab-balances" },
  { href: "/admin/money/packets", label: "money.tab.packets", testId: "admin-money-tab-packets" },
] as const;

export function MoneyTabs() {
  const [tr] = useText();
  const pathname = usePathname();
  return (
    <nav aria-label={tr("nav.money")} data-testid="admin-money-tabs" className="mb-4 -mt-1 flex gap-1 overflow-x-auto border-b border-slate-200 sm:mb-6">
      {TABS.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            data-testid={t.testId}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            {tr(t.label)}
          </Link>
        );
      })}
    </nav>
  );
}
