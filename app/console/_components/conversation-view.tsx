"use client";
import type { ConversationSummary } from "../../../server/protocol/frames";
import { Composer } from "../../_components/chat/composer";
import { MessageList } from "../../_components/chat/message-list";
import type { ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { avatarColor, avatarText } from "./format";

interface Props {
  locale: UiLocale;
  myId: string;
  store: ConversationStore;
  summary: ConversationSummary | null;
  /** the newest logId the visitor has read (from live read receipts) */
  visitorReadLogId: string | null;
  taking: boolean;
  onTake(): void;
  onBack(): void;
  onError(text: string): void;
  now: number;
}

export function ConversationView(p: Props) {
  const { locale, store, summary, myId } = p;

  const waiting = summary?.status === "waiting";
  const closed = summary?.status === "closed";
  const servedByOther = !!summary && summary.status === "open" && !!summary.agentId && summary.agentId !== myId;
  const canWrite = !closed && !servedByOther;

  return (
    <section className="flex min-h-0 flex-1 flex-col bg-slate-50" aria-label={summary?.visitor.name ?? t(locale, "console.inbox")}>
      <header className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3 py-2.5 md:px-5">
        <button
          type="button"
          onClick={p.onBack}
          data-testid="console-back"
          className="-ml-1 flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 md:hidden"
        >
          <span aria-hidden>‹</span>
          {t(locale, "console.back")}
        </button>
        <span
          aria-hidden
          className={`hidden h-9 w-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold sm:flex ${
            waiting ? "bg-amber-100 text-amber-800" : avatarColor(summary?.visitor.id ?? "")
          }`}
        >
          {avatarText(summary?.visitor.name ?? "?")}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold leading-tight">{summary?.visitor.name ?? "…"}</h2>
          {summary && (
            <p className="truncate text-xs text-slate-500">
              {summary.siteName}
              {summary.visitor.customerId ? ` · #${summary.visitor.customerId}` : ""}
              {" · "}
              {waiting ? t(locale, "console.waiting") : summary.agentName ?? ""}
            </p>
          )}
        </div>
        {waiting && (
          <button
            type="button"
            data-testid="console-take"
            onClick={p.onTake}
            disabled={p.taking}
            className="shrink-0 rounded-lg bg-amber-500 px-4 py-2 text-sm font-semibold text-white outline-none hover:bg-amber-600 focus-visible:ring-2 focus-visible:ring-amber-700 focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {t(locale, "console.take")}
          </button>
        )}
      </header>

      {waiting && (
        <p className="shrink-0 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">{t(locale, "console.waitingNotice")}</p>
      )}
      {servedByOther && (
        <p className="shrink-0 border-b border-slate-200 bg-slate-100 px-4 py-2 text-sm text-slate-700">
          {t(locale, "console.servedBy", { name: summary?.agentName ?? "" })}
        </p>
      )}

      <MessageList
        key={`log-${store.conversationId}`}
        store={store}
        locale={locale}
        variant="console"
        senderName={(it) => (it.fromType === "agent" ? it.senderInfo.nickname : null)}
        receipts="seen"
        readId={p.visitorReadLogId}
        now={p.now}
        empty={<p className="py-8 text-center text-sm text-slate-500">{t(locale, "console.noMessages")}</p>}
      />

      {closed ? (
        <p className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 text-center text-sm text-slate-500">{t(locale, "console.closed")}</p>
      ) : canWrite ? (
        <Composer key={`composer-${store.conversationId}`} store={store} locale={locale} variant="console" placeholder={t(locale, "console.reply")} accept="image" />
      ) : null}
    </section>
  );
}

