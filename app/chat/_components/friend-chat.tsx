"use client";
// One friend chat: who it is (Back on a phone, the info panel on demand), the shared message
// list (ticks, recall / delete menus where the server allows) and the shared composer (text,
// images, audio, video, files). What I may do comes from the server (viewerCan, mutedUntil).
import { useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { formatTime } from "../../_components/chat/format";
import { MessageList } from "../../_components/chat/message-list";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import type { PacketBook } from "../../_lib/packet-state";
import type { ConversationRow } from "../_lib/messenger";
import { ChatHeader, NoMessages, useAt } from "./chat-header";
import { displayName } from "./conversation-list";
import { useChatPackets } from "./packet-parts";

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
  /** the server's clock (a mute's end is the server's time) */
  serverNow(): number;
  /** "Report" on other members' messages (the messenger's dialog) */
  onReport?(it: ChatItem): void;
  /** red packets: bubbles, claims, the composer's button (where viewerCan.sendPacket says so) */
  packets?: PacketBook;
  myId: string;
}) {
  const { locale, row, store } = p;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const f = row.friend;
  const name = displayName(f);
  const face = { id: f.id, name, src: f.avatar };
  const cannotSend = snap.viewerCan ? !snap.viewerCan.send : false;
  // muted everywhere by an admin (the history's mutedUntil, or event 3 live): until when
  const serverNow = p.serverNow();
  const mutedUntil = snap.mutedUntil ?? 0;
  const isMuted = mutedUntil > serverNow;
  useAt(isMuted ? Date.now() + (mutedUntil - serverNow) : null);
  const disabledReason = cannotSend
    ? t(locale, "chat.cannotSend")
    : isMuted
      ? t(locale, "chat.mutedUntil", { time: formatTime(mutedUntil - serverNow + Date.now(), locale) })
      : null;
  const packets = useChatPackets({
    book: p.packets,
    locale,
    myId: p.myId,
    chatKey: store.key,
    channelType: 3,
    targetId: f.id,
    store,
    canSend: snap.viewerCan?.sendPacket === true && !disabledReason,
    serverNow: p.serverNow,
    now: p.now,
  });

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label={name} data-testid="chat-view" data-friend-id={f.id}>
      <ChatHeader
        locale={locale}
        face={face}
        title={name}
        isMuted={f.noDisturbing === 1}
        subtitle={f.remark?.trim() && f.remark.trim() !== f.name ? f.name : null}
        infoLabel={t(locale, "chat.info")}
        infoOpen={p.infoOpen}
        onBack={p.onBack}
        onInfo={p.onInfo}
      />

      <MessageList
        key={store.key}
        store={store}
        locale={locale}
        variant="chat"
        receipts="ticks"
        actions
        onActionError={p.onError}
        onReport={p.onReport}
        now={p.now}
        notices={packets.notices}
        customBubble={packets.customBubble}
        empty={<NoMessages face={face} text={t(locale, "chat.noMessages")} />}
      />

      <Composer
        key={`composer-${store.key}`}
        store={store}
        locale={locale}
        variant="chat"
        placeholder={t(locale, "chat.placeholder")}
        accept="any"
        focusKey={p.focusKey}
        disabledReason={disabledReason}
        tools={packets.tools}
      />
      {packets.overlay}
    </section>
  );
}
