"use client";
// One group chat, in /chat and in the console's Team section: the group's name with its member
// and online counts (Back on a phone, the info panel on demand), the shared message list —
// senders' names above their runs, the server's notices (msgType 6) as centered lines in the
// reader's language — and the shared composer. The composer gives way to a line that says why
// when I may not write: muted until a time, everyone muted, or no longer in the group (kicked,
// dissolved). Every "may I" is the server's (viewerCan, mutedUntil).
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { formatTime } from "../../_components/chat/format";
import { groupNoticeText } from "../../_components/chat/group-notice";
import { MessageList, type ListVariant } from "../../_components/chat/message-list";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { memberName, notificationOf, type GroupEnd, type GroupInfoState, type GroupRow } from "../../_lib/group-state";
import { t, type UiLocale, type UiKey } from "../../_lib/i18n";
import { Avatar } from "./avatar";
import { BackIcon, InfoIcon, MutedIcon } from "./icons";

export const END_TEXT: Record<GroupEnd["reason"], UiKey> = {
  kicked: "group.ended.kicked",
  dissolved: "group.ended.dissolved",
  left: "group.ended.left",
  removed: "group.ended.removed",
};

/** mute ends from here on mean "until it is lifted" (the server's NO_END); no date to show */
const NO_END_FROM = 8.64e15;

/** re-render when a time passes (a mute ending) */
function useAt(at: number | null) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!at) return;
    const ms = at - Date.now();
    if (ms <= 0) return;
    const id = setTimeout(() => setTick((n) => n + 1), Math.min(ms + 50, 2 ** 31 - 1));
    return () => clearTimeout(id);
  }, [at]);
}

export function GroupChat(p: {
  locale: UiLocale;
  myId: string;
  roomId: string;
  row: GroupRow | undefined;
  ended: GroupEnd | undefined;
  info: GroupInfoState | undefined;
  store: ConversationStore;
  infoOpen: boolean;
  onBack(): void;
  onInfo(): void;
  onError(text: string): void;
  focusKey: number;
  now: number;
  /** the server's clock (mute ends are its times) */
  serverNow(): number;
  variant?: ListVariant;
}) {
  const { locale, store, myId } = p;
  const variant = p.variant ?? "chat";
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const info = p.info?.info ?? null;
  const name = p.row?.group.name ?? info?.name ?? p.ended?.name ?? "";
  const avatar = p.row?.group.avatar ?? info?.avatar ?? "";
  const memberNumber = info?.memberNumber ?? p.row?.group.memberNumber ?? 0;
  const muted = (p.row?.group.noDisturbing ?? info?.noDisturbing) === 1;

  // until when I may not write: the history's answer (muteAll included) and my own mute from the info
  const mutedUntil = Math.max(snap.mutedUntil ?? 0, info?.mutedUntil ?? 0);
  const serverNow = p.serverNow();
  const isMuted = mutedUntil > serverNow;
  useAt(isMuted && mutedUntil < NO_END_FROM ? Date.now() + (mutedUntil - serverNow) : null);
  // my own mute (or the platform's), with an end to say; "everyone muted" has none (the server says "never")
  const ownUntil = [info?.mutedUntil ?? 0, snap.mutedUntil ?? 0].filter((x) => x > serverNow && x < NO_END_FROM).reduce((a, b) => Math.max(a, b), 0);

  let disabledReason: string | null = null;
  if (p.ended) disabledReason = t(locale, END_TEXT[p.ended.reason]);
  else if (snap.viewerCan && !snap.viewerCan.send) disabledReason = t(locale, "group.cannotSend");
  else if (isMuted) {
    if (info?.mutedAll === 1 && !(ownUntil > 0 && (info?.mutedUntil ?? 0) > serverNow)) disabledReason = t(locale, "group.mutedAll");
    else if (ownUntil > 0) disabledReason = t(locale, "group.mutedUntil", { time: formatTime(ownUntil - serverNow + Date.now(), locale) });
    else disabledReason = t(locale, "group.cannotSend");
  }

  const names = useMemo(() => new Map((info?.users ?? []).map((u) => [u.id, memberName(u)])), [info?.users]);
  const senderName = useCallback((it: ChatItem) => names.get(it.fromId) ?? it.senderInfo.nickname, [names]);
  const systemText = useCallback(
    (it: ChatItem) => {
      const note = notificationOf(it);
      return note ? groupNoticeText(note, locale, myId, p.now) : typeof it.msg.content === "string" ? it.msg.content : "";
    },
    [locale, myId, p.now],
  );

  const online = info?.onlineNumber;
  const subtitle = [t(locale, "group.members", { count: String(memberNumber) }), online !== undefined ? t(locale, "group.online", { count: String(online) }) : null].filter(Boolean).join(" · ");

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label={name} data-testid="chat-view" data-group-id={p.roomId}>
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
          aria-label={`${name} · ${t(locale, "group.info")}`}
        >
          <Avatar id={`g${p.roomId}`} name={name} src={avatar} size="sm" />
          <span className="min-w-0">
            <span className="flex items-center gap-1.5">
              <span data-testid="chat-title" className="truncate text-base leading-tight font-semibold">
                {name}
              </span>
              {muted && (
                <span className="shrink-0 text-slate-400" role="img" aria-label={t(locale, "chat.muted")} title={t(locale, "chat.muted")}>
                  <MutedIcon />
                </span>
              )}
            </span>
            {!p.ended && memberNumber > 0 && (
              <span data-testid="group-subtitle" className="block truncate text-xs text-slate-500">
                {subtitle}
              </span>
            )}
          </span>
        </button>
        {!p.ended && (
          <button
            type="button"
            onClick={p.onInfo}
            data-testid="chat-open-info"
            aria-expanded={p.infoOpen}
            aria-label={t(locale, "group.info")}
            title={t(locale, "group.info")}
            className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 ${
              p.infoOpen ? "bg-indigo-50 text-indigo-700" : "text-slate-600"
            }`}
          >
            <InfoIcon className="h-6 w-6" />
          </button>
        )}
      </header>

      {p.ended && (
        <p role="alert" data-testid="group-ended" data-reason={p.ended.reason} className="shrink-0 border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm font-medium text-amber-900">
          {t(locale, END_TEXT[p.ended.reason])}
        </p>
      )}

      <MessageList
        key={store.key}
        store={store}
        locale={locale}
        variant={variant}
        receipts="ticks"
        readId={null}
        actions
        senderName={senderName}
        systemText={systemText}
        onActionError={p.onError}
        now={p.now}
        empty={
          <div className="flex h-full flex-col items-center justify-center gap-3 py-16 text-center text-sm text-slate-500" data-testid="chat-no-messages">
            <Avatar id={`g${p.roomId}`} name={name} src={avatar} size="lg" />
            <p>{t(locale, "group.noMessages")}</p>
          </div>
        }
      />

      <Composer
        key={`composer-${store.key}`}
        store={store}
        locale={locale}
        variant={variant}
        placeholder={t(locale, "group.placeholder")}
        accept="any"
        focusKey={p.focusKey}
        disabledReason={disabledReason}
      />
    </section>
  );
}
