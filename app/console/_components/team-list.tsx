"use client";
// The console's Team tab: the staff-internal groups of my sites (group.list items with a site),
// newest first, with their unread counts, and "New team group".
import { groupPreview } from "../../chat/_components/conversation-list";
import { Avatar } from "../../chat/_components/avatar";
import { MutedIcon } from "../../chat/_components/icons";
import { ListError, ListSkeleton } from "../../_components/list-states";
import type { GroupRow } from "../../_lib/group-state";
import { t, type UiLocale } from "../../_lib/i18n";
import { relativeTime } from "./format";
import { UnreadBadge } from "./inbox";

export function TeamList(p: {
  locale: UiLocale;
  myId: string;
  rows: GroupRow[];
  loading: boolean;
  error: string | null;
  onRetry(): void;
  selectedId: string | null;
  onSelect(roomId: string): void;
  onNew(): void;
  siteName(siteId: string | null): string;
  now: number;
}) {
  const { locale } = p;
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="console-team">
      <div className="shrink-0 border-b border-slate-100 px-3 py-2">
        <button
          type="button"
          data-testid="console-new-team-group"
          onClick={p.onNew}
          className="w-full rounded-lg px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          + {t(locale, "console.newTeamGroup")}
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {p.loading && p.rows.length === 0 ? (
          <ListSkeleton rows={3} label={t(locale, "console.loading")} />
        ) : p.error && p.rows.length === 0 ? (
          <ListError message={p.error} retryLabel={t(locale, "console.tryAgain")} onRetry={p.onRetry} />
        ) : p.rows.length === 0 ? (
          <p data-testid="console-team-empty" className="p-8 text-center text-sm text-slate-500">
            {t(locale, "console.teamEmpty")}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {p.rows.map((r) => {
              const g = r.group;
              const unread = r.unread > 0;
              const selected = g.id === p.selectedId;
              return (
                <li key={r.key}>
                  <button
                    type="button"
                    data-testid="console-team-group"
                    data-group-id={g.id}
                    aria-current={selected ? "true" : undefined}
                    onClick={() => p.onSelect(g.id)}
                    className={`flex w-full items-start gap-3 px-4 py-3 text-left outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset ${selected ? "bg-indigo-50" : "hover:bg-slate-50"}`}
                  >
                    <Avatar id={`g${g.id}`} name={g.name} src={g.avatar} />
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline gap-2">
                        <span data-testid="console-team-group-name" className={`min-w-0 flex-1 truncate text-sm ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}>
                          {g.name}
                        </span>
                        {g.noDisturbing === 1 && (
                          <span className="shrink-0 self-center text-slate-400" role="img" aria-label={t(locale, "chat.muted")}>
                            <MutedIcon />
                          </span>
                        )}
                        {r.activeAt > 0 && (
                          <time className="shrink-0 text-xs text-slate-500" dateTime={new Date(r.activeAt).toISOString()}>
                            {relativeTime(r.activeAt, p.now, locale)}
                          </time>
                        )}
                      </span>
                      <span className="mt-0.5 flex items-center gap-2">
                        <span className={`min-w-0 flex-1 truncate text-sm ${unread ? "text-slate-800" : "text-slate-500"}`}>{groupPreview(r.lastLog, locale, p.myId)}</span>
                        {unread && <UnreadBadge locale={locale} count={r.unread} testId="console-team-unread" />}
                      </span>
                      <span className="mt-0.5 block truncate text-xs text-slate-400">
                        {[p.siteName(g.siteId), t(locale, "group.members", { count: String(g.memberNumber) })].filter(Boolean).join(" · ")}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
