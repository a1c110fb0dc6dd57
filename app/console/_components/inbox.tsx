"use client";
import type { KeyboardEvent, ReactNode } from "react";
import type { ConversationSummary } from "../../../server/protocol/frames";
import { t, type UiLocale } from "../../_lib/i18n";
import { avatarColor, avatarText, previewOf, relativeTime } from "./format";
import { ListError, ListSkeleton } from "../../_components/list-states";

export type Tab = "waiting" | "mine" | "all" | "team";

interface InboxProps {
  locale: UiLocale;
  myId: string;
  tabs: { tab: Tab; count: number }[];
  tab: Tab;
  onTab(tab: Tab): void;
  conversations: ConversationSummary[];
  loading: boolean;
  error: string | null;
  onRetry(): void;
  selectedId: string | null;
  onSelect(id: string): void;
  now: number;
  /** the Team tab's content (staff groups), shown instead of conversations */
  teamPanel?: ReactNode;
}

const TAB_LABEL = { waiting: "console.waiting", mine: "console.mine", all: "console.all", team: "console.team" } as const;

export function Inbox(p: InboxProps) {
  const { locale } = p;

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>, i: number) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next = p.tabs[(i + (e.key === "ArrowRight" ? 1 : p.tabs.length - 1)) % p.tabs.length];
    p.onTab(next.tab);
    document.getElementById(`console-tab-${next.tab}`)?.focus();
  }

  return (
    <section aria-label={t(locale, "console.inbox")} className="flex min-h-0 flex-1 flex-col">
      <div role="tablist" aria-label={t(locale, "console.inbox")} className="flex shrink-0 gap-1 border-b border-slate-200 bg-white px-2 pt-2">
        {p.tabs.map(({ tab, count }, i) => {
          const active = tab === p.tab;
          return (
            <button
              key={tab}
              id={`console-tab-${tab}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls="console-inbox-list"
              tabIndex={active ? 0 : -1}
              data-testid={`console-tab-${tab}`}
              onClick={() => p.onTab(tab)}
              onKeyDown={(e) => onTabKey(e, i)}
              className={`relative -mb-px flex items-center gap-1.5 rounded-t-lg border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-500 hover:text-slate-800"
              }`}
            >
              {t(locale, TAB_LABEL[tab])}
              <span
                data-testid={`console-tab-${tab}-count`}
                className={`min-w-5 rounded-full px-1.5 text-center text-xs leading-5 ${
                  active ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-600"
                }`}
              >
                {count}
              </span>
            </button>
          );
        })}
      </div>

      <div id="console-inbox-list" role="tabpanel" aria-labelledby={`console-tab-${p.tab}`} className={`min-h-0 flex-1 ${p.tab === "team" ? "flex flex-col" : "overflow-y-auto"}`}>
        {p.tab === "team" ? (
          p.teamPanel
        ) : p.loading && p.conversations.length === 0 ? (
          <ListSkeleton rows={3} label={t(locale, "console.loading")} />
        ) : p.error && p.conversations.length === 0 ? (
          <ListError message={p.error} retryLabel={t(locale, "console.tryAgain")} onRetry={p.onRetry} />
        ) : p.conversations.length === 0 ? (
          <p data-testid="console-empty" className="p-8 text-center text-sm text-slate-500">
            {t(locale, "console.noConversations")}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {p.conversations.map((c) => (
              <li key={c.id}>
                <Row c={c} {...p} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Row({ c, locale, myId, selectedId, onSelect, now }: { c: ConversationSummary } & InboxProps) {
  const selected = c.id === selectedId;
  const last = c.lastLog;
  const mineLast = last && last.fromType === "agent" && last.fromId === myId;
  const preview = previewOf(last, locale);
  const unread = c.unread > 0;
  return (
    <button
      type="button"
      data-testid="console-conversation"
      data-conversation-id={c.id}
      aria-current={selected ? "true" : undefined}
      onClick={() => onSelect(c.id)}
      className={`flex w-full items-start gap-3 px-4 py-3 text-left outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 ${
        selected ? "bg-indigo-50" : "hover:bg-slate-50"
      }`}
    >
      <span
        aria-hidden
        className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
          c.status === "waiting" ? "bg-amber-100 text-amber-800 ring-2 ring-amber-300" : avatarColor(c.visitor.id)
        }`}
      >
        {avatarText(c.visitor.name)}
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span className={`min-w-0 flex-1 truncate text-sm ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}>
            {c.visitor.name}
          </span>
          <time className="shrink-0 text-xs text-slate-500" dateTime={new Date(c.updatedAt).toISOString()}>
            {relativeTime(c.updatedAt, now, locale)}
          </time>
        </span>
        <span className="mt-0.5 flex items-center gap-2">
          <span className={`min-w-0 flex-1 truncate text-sm ${unread ? "text-slate-800" : "text-slate-500"}`} data-testid="console-preview">
            {mineLast ? `${t(locale, "console.you")}: ` : ""}
            {preview}
          </span>
          {unread && <UnreadBadge locale={locale} count={c.unread} testId="console-unread" />}
        </span>
        {(c.siteName || (c.agentName && c.agentId !== myId)) && (
          <span className="mt-0.5 block truncate text-xs text-slate-400">
            {c.siteName}
            {c.agentName && c.agentId !== myId ? ` · ${c.agentName}` : ""}
          </span>
        )}
      </span>
    </button>
  );
}

/** a row's unread count (the inbox's conversations, the Team tab's groups) */
export function UnreadBadge({ locale, count, testId }: { locale: UiLocale; count: number; testId: string }) {
  return (
    <span
      data-testid={testId}
      aria-label={t(locale, "console.unreadCount", { count: String(count) })}
      className="min-w-5 shrink-0 rounded-full bg-red-600 px-1.5 text-center text-xs leading-5 font-semibold text-white"
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}
