"use client";
// One group chat, in /chat and in the console's Team section: the group's name with its member
// and online counts (Back on a phone, the info panel on demand), the shared message list —
// senders' names above their runs, the server's notices (msgType 6) as centered lines in the
// reader's language — and the shared composer. The composer gives way to a line that says why
// when I may not write: muted until a time, everyone muted, or no longer in the group (kicked,
// dissolved). Every "may I" is the server's (viewerCan, mutedUntil).
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { formatTime } from "../../_components/chat/format";
import { groupNoticeText } from "../../_components/chat/group-notice";
import { MessageList, type ListVariant } from "../../_components/chat/message-list";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { memberName, notificationOf, type GroupEnd, type GroupInfoState, type GroupRow } from "../../_lib/group-state";
import { t, type UiLocale, type UiKey } from "../../_lib/i18n";
import type { PacketBook } from "../../_lib/packet-state";
import { useChatPackets } from "./packet-parts";
import { ChatHeader, NoMessages, useAt } from "./chat-header";

export const END_TEXT: Record<GroupEnd["reason"], UiKey> = {
  kicked: "group.ended.kicked",
  dissolved: "group.ended.dissolved",
  left: "group.ended.left",
  removed: "group.ended.removed",
};

/** mute ends from here on mean "until it is lifted" (the server's NO_END); no date to show */
const NO_END_FROM = 8.64e15;

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
  /** "Report" on other members' messages (the messenger's dialog) */
  onReport?(it: ChatItem): void;
  variant?: ListVariant;
  /** red packets (the messenger; the console's team groups have none) */
  packets?: PacketBook;
}) {
  const { locale, store, myId } = p;
  const variant = p.variant ?? "chat";
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const info = p.info?.info ?? null;
  const name = p.row?.group.name ?? info?.name ?? p.ended?.name ?? "";
  const face = { id: `g${p.roomId}`, name, src: p.row?.group.avatar ?? info?.avatar ?? "" };
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

  const packets = useChatPackets({
    book: p.packets,
    locale,
    myId,
    chatKey: store.key,
    channelType: 2,
    targetId: p.roomId,
    store,
    canSend: snap.viewerCan?.sendPacket === true && !disabledReason,
    serverNow: p.serverNow,
    now: p.now,
  });

  const online = info?.onlineNumber;
  const subtitle = [t(locale, "group.members", { count: String(memberNumber) }), online !== undefined ? t(locale, "group.online", { count: String(online) }) : null].filter(Boolean).join(" · ");

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label={name} data-testid="chat-view" data-group-id={p.roomId}>
      <ChatHeader
        locale={locale}
        face={face}
        title={name}
        isMuted={muted}
        subtitle={!p.ended && memberNumber > 0 ? subtitle : null}
        subtitleTestId="group-subtitle"
        infoLabel={t(locale, "group.info")}
        infoOpen={p.infoOpen}
        hasInfoButton={!p.ended}
        onBack={p.onBack}
        onInfo={p.onInfo}
      />

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
        onReport={p.onReport}
        now={p.now}
        notices={packets.notices}
        customBubble={packets.customBubble}
        empty={<NoMessages face={face} text={t(locale, "group.noMessages")} />}
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
        tools={packets.tools}
      />
      {packets.overlay}
    </section>
  );
}
