"use client";
// One chat room in /chat: its name and live online count (Back on a phone, a link to its
// public page), a line when it is closed, deleted or could not be entered, the shared message
// list with each sender's name above their run, and the shared composer — which gives way to
// a line that says why when nothing can be written (muted until a time, closed, deleted).
// Every "may I" is the server's (RoomState: the room's status, viewerCan, mutedUntil).
import { useCallback, useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { MessageList } from "../../_components/chat/message-list";
import { onlineText, RoomBanner, roomBlockText } from "../../_components/chat/room-parts";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import type { PacketBook } from "../../_lib/packet-state";
import { useChatPackets } from "./packet-parts";
import { roomBlock, type RoomRow, type RoomView } from "../../_lib/room-state";
import { ChatHeader, NoMessages, useAt } from "./chat-header";
import { ExternalIcon } from "./icons";

export function RoomChat(p: {
  locale: UiLocale;
  roomId: string;
  row: RoomRow | undefined;
  view: RoomView | undefined;
  store: ConversationStore;
  onBack(): void;
  onRetry(): void;
  onError(text: string): void;
  focusKey: number;
  now: number;
  /** the server's clock (mute ends are its times) */
  serverNow(): number;
  /** "Report" on other members' messages (the messenger's dialog) */
  onReport?(it: ChatItem): void;
  /** red packets: bubbles, claims, the composer's button (where viewerCan.sendPacket says so) */
  packets?: PacketBook;
  myId: string;
}) {
  const { locale, store, view } = p;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const info = view?.info ?? null;
  const name = info?.groupName ?? p.row?.room.groupName ?? "";
  const face = { id: `r${p.roomId}`, name, src: info?.avatar ?? p.row?.room.avatar ?? "" };
  const serverNow = p.serverNow();
  const block = roomBlock(view, snap, serverNow, false);
  useAt(block?.kind === "muted" && block.until ? Date.now() + (block.until - serverNow) : null);
  const online = view?.phase === "open" || !view?.phase ? onlineText(view?.online ?? (p.row ? { total: p.row.online, users: 0, visitors: 0 } : null), locale) : null;
  const senderName = useCallback((it: ChatItem) => it.senderInfo?.nickname || null, []);
  const packets = useChatPackets({
    book: p.packets,
    locale,
    myId: p.myId,
    chatKey: store.key,
    channelType: 1,
    targetId: p.roomId,
    store,
    canSend: snap.viewerCan?.sendPacket === true && !block,
    serverNow: p.serverNow,
    now: p.now,
  });

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label={name} data-testid="chat-view" data-room-id={p.roomId} data-phase={view?.phase ?? ""} data-join={view?.join ?? ""}>
      <ChatHeader
        locale={locale}
        face={face}
        title={name}
        isMuted={false}
        subtitle={online}
        subtitleTestId="room-online"
        infoLabel={t(locale, "room.publicPage")}
        infoOpen={false}
        onBack={p.onBack}
        actions={
          <a
            href={`/rooms/${p.roomId}`}
            target="_blank"
            rel="noopener"
            data-testid="room-public-link"
            aria-label={t(locale, "room.publicPage")}
            title={t(locale, "room.publicPage")}
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-slate-600 outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <ExternalIcon />
          </a>
        }
      />

      <RoomBanner view={view} locale={locale} onRetry={p.onRetry} />

      <MessageList
        key={store.key}
        store={store}
        locale={locale}
        variant="chat"
        receipts="ticks"
        readId={null}
        actions
        senderName={senderName}
        onActionError={p.onError}
        onReport={p.onReport}
        now={p.now}
        notices={packets.notices}
        customBubble={packets.customBubble}
        empty={<NoMessages face={face} text={t(locale, "room.noMessages")} />}
      />

      <Composer
        key={`composer-${store.key}`}
        store={store}
        locale={locale}
        variant="chat"
        placeholder={t(locale, "room.placeholder")}
        accept="any"
        focusKey={p.focusKey}
        disabledReason={roomBlockText(block, locale, serverNow)}
        tools={packets.tools}
      />
      {packets.overlay}
    </section>
  );
}
