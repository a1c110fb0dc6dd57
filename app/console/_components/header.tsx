"use client";
import type { LiveState } from "../../_lib/live-client";
import { t, type UiLocale } from "../../_lib/i18n";

export type Availability = "online" | "away" | "offline";

const DOT: Record<Availability, string> = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-400" };

export function Header(p: {
  locale: UiLocale;
  nickname: string;
  status: Availability;
  statusBusy: boolean;
  onStatus(s: Availability): void;
  live: LiveState;
  onSignOut(): void;
}) {
  const { locale } = p;
  return (
    <header className="flex shrink-0 items-center gap-2 border-b border-slate-800 bg-slate-900 px-3 py-2 text-white md:gap-3 md:px-4">
      <span aria-hidden className="hidden h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-indigo-500 font-bold sm:flex">
        P
      </span>
      <div className="min-w-0 flex-1">
        <p className="hidden text-[11px] uppercase tracking-wide text-slate-400 sm:block">{t(locale, "console.title")}</p>
        <p className="truncate text-sm font-semibold" data-testid="console-agent-name">
          {p.nickname}
        </p>
      </div>

      {p.live === "reconnecting" ? (
        <span
          role="status"
          data-testid="console-reconnecting"
          className="flex shrink-0 items-center gap-1.5 rounded-full bg-amber-400 px-2.5 py-1 text-xs font-semibold text-amber-950"
        >
          <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-amber-900" />
          {t(locale, "console.reconnecting")}
        </span>
      ) : p.live === "connecting" ? (
        <span role="status" className="shrink-0 text-xs text-slate-300">
          {t(locale, "console.connecting")}
        </span>
      ) : null}

      <label className="relative flex shrink-0 items-center">
        <span className="sr-only">{t(locale, "console.status")}</span>
        <span aria-hidden className={`pointer-events-none absolute left-2.5 h-2.5 w-2.5 rounded-full ${DOT[p.status]}`} />
        <select
          data-testid="console-status"
          value={p.status}
          disabled={p.statusBusy}
          onChange={(e) => p.onStatus(e.target.value as Availability)}
          className="appearance-none rounded-lg border border-slate-700 bg-slate-800 py-1.5 pl-7 pr-7 text-sm text-white outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-70"
        >
          <option value="online">{t(locale, "console.online")}</option>
          <option value="away">{t(locale, "console.away")}</option>
          <option value="offline">{t(locale, "console.offline")}</option>
        </select>
        <span aria-hidden className="pointer-events-none absolute right-2.5 text-xs text-slate-400">
          ▾
        </span>
      </label>

      <button
        type="button"
        data-testid="console-signout"
        onClick={p.onSignOut}
        className="shrink-0 rounded-lg px-2.5 py-1.5 text-sm text-slate-300 outline-none hover:bg-slate-800 hover:text-white focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        {t(locale, "console.signOut")}
      </button>
    </header>
  );
}
