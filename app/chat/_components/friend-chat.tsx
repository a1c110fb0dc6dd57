"use client";
// One friend chat: who it is (Back on a phone, the info panel on demand), the shared message
// list (ticks, recall / delete menus where the server allows) and the shared composer (text,
// images, audio, video, files). What I may do comes from the server (viewerCan).
import { useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { MessageList } from "../../_components/chat/message-list";
import type { ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import type { ConversationRow } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { displayName } from "./conversation-list";
import { BackIcon, InfoIcon, MutedIcon } from "./icons";

export function FriendChat(p: {
  locale: UiLocale;
  row: ConversationRow;
  store: ConversationStore;
  infoOpen: boolean;
  onBack(): void;
  onInfo(): void;
  onError(text: string): void;
  focusKey: number;
  now: number;
}) {
  const { locale, row, store } = p;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const f = row.friend;
  const name = displayName(f);
  const cannotSend = snap.viewerCan ? !snap.viewerCan.send : false;

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label={name} data-testid="chat-view" data-friend-id={f.id}>
      <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 pt-[max(0.5rem,env(safe-area-inset-top))] pb-2 md:px-4">
        <button
          type="button"
          onClick={p.onBack}
          data-testid="chat-back"
          aria-label={t(locale, "chat.back")}
          title={t(locale, "chat.back")}
          className="flex h-10 w-10 items-center justify-center rounded-full text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 md:hidden"
        >
          <BackIcon className="h-6 w-6" />
        </button>
        <button
          type="button"
          onClick={p.onInfo}
          className="flex min-w-0 flex-1 items-center gap-3 rounded-lg px-1 py-0.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          aria-label={`${name} · ${t(locale, "chat.info")}`}
        >
          <Avatar id={f.id} name={name} src={f.avatar} size="sm" />
          <span className="min-w-0">
            <span className="flex items-center gap-1.5">
              <span data-testid="chat-title" className="truncate text-base leading-tight font-semibold">
                {name}
              </span>
              {f.noDisturbing === 1 && (
                <span className="shrink-0 text-slate-400" role="img" aria-label={t(locale, "chat.muted")} title={t(locale, "chat.muted")}>
                  <MutedIcon />
                </span>
              )}
            </span>
            {f.remark?.trim() && f.remark.trim() !== f.name && <span className="block truncate text-xs text-slate-500">{f.name}</span>}
          </span>
        </button>
        <button
          type="button"
          onClick={p.onInfo}
          data-testid="chat-open-info"
          aria-expanded={p.infoOpen}
          aria-label={t(locale, "chat.info")}
          title={t(locale, "chat.info")}
          className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 ${
            p.infoOpen ? "bg-indigo-50 text-indigo-700" : "text-slate-600"
          }`}
        >
          <InfoIcon className="h-6 w-6" />
        </button>
      </header>

      <MessageList
        key={store.key}
        store={store}
        locale={locale}
        variant="chat"
        receipts="ticks"
        actions
        onActionError={p.onError}
        now={p.now}
        empty={
          <div className="flex h-full flex-col items-center justify-center gap-3 py-16 text-center text-sm text-slate-500" data-testid="chat-no-messages">
            <Avatar id={f.id} name={name} src={f.avatar} size="lg" />
            <p>{t(locale, "chat.noMessages")}</p>
          </div>
        }
      />

      <Composer
        key={`composer-${store.key}`}
        store={store}
        locale={locale}
        variant="chat"
        placeholder={t(locale, "chat.placeholder")}
        accept="any"
        focusKey={p.focusKey}
        disabledReason={cannotSend ? t(locale, "chat.cannotSend") : null}
      />
    </section>
  );
}
