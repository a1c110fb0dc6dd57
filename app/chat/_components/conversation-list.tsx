"use client";
// The left column of /chat: me, add friend, new group, requests (with the live badge), two tabs
// — Chats and Rooms —, a filter, and either the conversations — friends and groups in one
// list: avatar, remark or name, one-line preview (in a group, who wrote it), time, unread
// badge, pinned first, a muted icon for do-not-disturb — or the open chat rooms with their live
// online counts.
import { useMemo, useState, type KeyboardEvent } from "react";
import { listTime, previewOf } from "../../_components/chat/format";
import { groupNoticeText } from "../../_components/chat/group-notice";
import { notificationOf, type GroupRow } from "../../_lib/group-state";
import type { RoomRow } from "../../_lib/room-state";
import { t, type UiLocale } from "../../_lib/i18n";
import type { TMe } from "../../_lib/member-api";
import { mergedList, type ConversationRow, type ListEntry } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { AddPersonIcon, ChatBubbleIcon, GroupIcon, MutedIcon, NewGroupIcon, PinIcon, RequestsIcon, RoomIcon, WalletIcon } from "./icons";
import { SearchField } from "./ui";
import { ListError, ListSkeleton } from "../../_components/list-states";

export const displayName = (f: { remark?: string; name: string }) => (f.remark?.trim() ? f.remark.trim() : f.name);

export type ListTab = "chats" | "rooms";

export function ConversationList(p: {
  locale: UiLocale;
  me: TMe;
  rows: ConversationRow[];
  groups: GroupRow[];
  loading: boolean;
  error: string | null;
  onRetry(): void;
  /** "3:<friend id>", "2:<group id>" or "1:<room id>" */
  selectedKey: string | null;
  onSelect(kind: "friend" | "group" | "room", id: string): void;
  tab: ListTab;
  onTab(tab: ListTab): void;
  rooms: RoomRow[];
  roomsLoading: boolean;
  roomsError: string | null;
  onRetryRooms(): void;
  pendingRequests: number;
  onProfile(): void;
  /** my balances and red packet records */
  onWallet?(): void;
  onAdd(): void;
  onNewGroup(): void;
  onRequests(): void;
  now: number;
}) {
  const { locale, me } = p;
  const [q, setQ] = useState("");
  const all = useMemo(() => mergedList(p.rows, p.groups), [p.rows, p.groups]);
  const shownRooms = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle ? p.rooms.filter((r) => r.room.groupName.toLowerCase().includes(needle)) : p.rooms;
  }, [p.rooms, q]);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((e) =>
      (e.kind === "friend" ? [e.row.friend.remark, e.row.friend.name, e.row.friend.markId] : [e.row.group.name, e.row.group.markId]).some((s) => s?.toLowerCase().includes(needle)),
    );
  }, [all, q]);

  // ↑/↓ move between conversations (a list of buttons otherwise needs a Tab per row)
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>("button[data-testid=chat-conversation], button[data-testid=chat-room]")];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  const iconBtn =
    "relative flex h-10 w-10 items-center justify-center rounded-full text-slate-600 outline-none hover:bg-slate-100 hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-indigo-500";

  return (
    <section aria-label={t(locale, "chat.chats")} className="flex min-h-0 flex-1 flex-col">
      <header className="flex shrink-0 items-center gap-2 px-3 pt-[max(0.5rem,env(safe-area-inset-top))] pb-2">
        <button
          type="button"
          onClick={p.onProfile}
          data-testid="chat-open-profile"
          aria-label={t(locale, "chat.profile")}
          title={t(locale, "chat.profile")}
          className="rounded-full outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          <Avatar id={me.id} name={me.username} src={me.avatar} size="sm" />
        </button>
        <h1 className="min-w-0 flex-1 truncate text-lg font-semibold">{t(locale, p.tab === "rooms" ? "room.rooms" : "chat.chats")}</h1>
        {p.onWallet && (
          <button type="button" onClick={p.onWallet} data-testid="chat-open-wallet" aria-label={t(locale, "wallet.open")} title={t(locale, "wallet.open")} className={iconBtn}>
            <WalletIcon />
          </button>
        )}
        <button type="button" onClick={p.onAdd} data-testid="chat-open-add" aria-label={t(locale, "chat.addFriend")} title={t(locale, "chat.addTitle")} className={iconBtn}>
          <AddPersonIcon />
        </button>
        <button type="button" onClick={p.onNewGroup} data-testid="chat-open-new-group" aria-label={t(locale, "chat.newGroup")} title={t(locale, "chat.newGroup")} className={iconBtn}>
          <NewGroupIcon />
        </button>
        <button
          type="button"
          onClick={p.onRequests}
          data-testid="chat-open-requests"
          aria-label={p.pendingRequests ? `${t(locale, "chat.requests")} (${p.pendingRequests})` : t(locale, "chat.requests")}
          title={t(locale, "chat.requests")}
          className={iconBtn}
        >
          <RequestsIcon />
          {p.pendingRequests > 0 && (
            <span data-testid="chat-requests-badge" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-semibold text-white ring-2 ring-white">
              {p.pendingRequests > 99 ? "99+" : p.pendingRequests}
            </span>
          )}
        </button>
      </header>

      <div role="tablist" aria-label={t(locale, "chat.chats")} className="mx-3 mb-2 grid shrink-0 grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm font-medium">
        {(["chats", "rooms"] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={p.tab === tab}
            data-testid={`chat-tab-${tab}`}
            onClick={() => {
              p.onTab(tab);
              setQ("");
            }}
            className={`rounded-md px-3 py-1.5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${p.tab === tab ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
          >
            {t(locale, tab === "rooms" ? "room.rooms" : "chat.chats")}
          </button>
        ))}
      </div>

      {(p.tab === "rooms" ? p.rooms.length > 0 : all.length > 0) && (
        <div className="shrink-0 px-3 pb-2">
          <SearchField
            label={t(locale, p.tab === "rooms" ? "room.filter" : "chat.filter")}
            value={q}
            onChange={setQ}
            onKeyDown={(e) => e.key === "Escape" && q && (e.stopPropagation(), setQ(""))}
            testId="chat-filter"
          />
        </div>
      )}

      <div className="min-h-0 flex-1 overflow-y-auto" role="tabpanel" aria-label={t(locale, p.tab === "rooms" ? "room.listLabel" : "chat.chats")}>
        {p.tab === "rooms" ? (
          p.roomsLoading && p.rooms.length === 0 ? (
            <ListSkeleton rows={4} label={t(locale, "chat.loading")} />
          ) : p.roomsError && p.rooms.length === 0 ? (
            <ListError message={p.roomsError} retryLabel={t(locale, "chat.tryAgain")} onRetry={p.onRetryRooms} />
          ) : p.rooms.length === 0 ? (
            <div data-testid="chat-rooms-empty" className="flex flex-col items-center gap-3 px-8 py-12 text-center text-sm text-slate-500">
              <RoomIcon className="h-10 w-10 text-slate-300" />
              <p>{t(locale, "room.noRooms")}</p>
            </div>
          ) : shownRooms.length === 0 ? (
            <p className="px-6 py-8 text-center text-sm text-slate-500">{t(locale, "room.noMatch", { q: q.trim() })}</p>
          ) : (
            <ul className="px-2 pb-2" onKeyDown={onListKey}>
              {shownRooms.map((r) => (
                <li key={r.key}>
                  <RoomListRow row={r} selected={r.key === p.selectedKey} onSelect={() => p.onSelect("room", r.room.groupId)} locale={locale} />
                </li>
              ))}
            </ul>
          )
        ) : p.loading && all.length === 0 ? (
          <ListSkeleton rows={4} label={t(locale, "chat.loading")} />
        ) : p.error && all.length === 0 ? (
          <ListError message={p.error} retryLabel={t(locale, "chat.tryAgain")} onRetry={p.onRetry} />
        ) : all.length === 0 ? (
          <div data-testid="chat-empty" className="flex flex-col items-center gap-3 px-8 py-12 text-center text-sm text-slate-500">
            <ChatBubbleIcon className="h-10 w-10 text-slate-300" />
            <p>{t(locale, "chat.noFriends")}</p>
            <button
              type="button"
              onClick={p.onAdd}
              className="rounded-full bg-indigo-600 px-4 py-2 font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              {t(locale, "chat.addFriend")}
            </button>
          </div>
        ) : shown.length === 0 ? (
          <p className="px-6 py-8 text-center text-sm text-slate-500">{t(locale, "chat.noMatch", { q: q.trim() })}</p>
        ) : (
          <ul className="px-2 pb-2" onKeyDown={onListKey}>
            {shown.map((e) => (
              <li key={e.key}>
                {e.kind === "friend" ? (
                  <Row row={e.row} selected={e.key === p.selectedKey} onSelect={(id) => p.onSelect("friend", id)} locale={locale} myId={me.id} now={p.now} />
                ) : (
                  <GroupListRow entry={e} selected={e.key === p.selectedKey} onSelect={(id) => p.onSelect("group", id)} locale={locale} myId={me.id} now={p.now} />
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** one open chat room: its picture, name, how many are in it now, its description */
function RoomListRow({ row, selected, onSelect, locale }: { row: RoomRow; selected: boolean; onSelect(): void; locale: UiLocale }) {
  const r = row.room;
  const closed = r.status !== 1;
  return (
    <button
      type="button"
      data-testid="chat-room"
      data-room-id={r.groupId}
      data-status={r.status}
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
      className={`flex w-full items-center gap-3 rounded-xl px-2 py-2.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset ${
        selected ? "bg-indigo-50" : "hover:bg-slate-50"
      }`}
    >
      <Avatar id={`r${r.groupId}`} name={r.groupName} src={r.avatar} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-1.5">
          <span className="shrink-0 self-center text-slate-400" role="img" aria-label={t(locale, "room.badge")} title={t(locale, "room.badge")}>
            <RoomIcon className="h-3.5 w-3.5" />
          </span>
          <span data-testid="chat-room-name" className="min-w-0 truncate text-[15px] font-medium text-slate-800">
            {r.groupName}
          </span>
          <span className="flex-1" />
          {closed ? (
            <span className="shrink-0 rounded-full bg-slate-100 px-2 text-xs leading-5 font-medium text-slate-500">{t(locale, "room.closedTag")}</span>
          ) : (
            <span data-testid="chat-room-online" className="flex shrink-0 items-center gap-1 text-xs text-slate-500">
              <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${row.online > 0 ? "bg-emerald-500" : "bg-slate-300"}`} />
              {t(locale, "room.online", { count: String(row.online) })}
            </span>
          )}
        </span>
        {r.description?.trim() && <span className="mt-0.5 block truncate text-sm text-slate-500">{r.description.trim()}</span>}
      </span>
    </button>
  );
}

function Row({ row, selected, onSelect, locale, myId, now }: { row: ConversationRow; selected: boolean; onSelect(id: string): void; locale: UiLocale; myId: string; now: number }) {
  const f = row.friend;
  const name = displayName(f);
  const last = row.lastLog;
  const mineLast = !!last && last.fromId === myId && !last.recalled;
  const preview = !last ? "" : last.recalled && last.fromId === myId && !last.recalledBy ? t(locale, "msg.recalledMine") : previewOf(last, locale);
  return (
    <ConversationButton
      locale={locale}
      kind="friend"
      id={f.id}
      face={{ id: f.id, src: f.avatar }}
      name={name}
      row={row}
      isMuted={f.noDisturbing === 1}
      isPinned={f.onTop === 1}
      hasTime={!!(last || f.addTime)}
      preview={`${mineLast ? `${t(locale, "msg.you")}: ` : ""}${preview}`}
      selected={selected}
      onSelect={() => onSelect(f.id)}
      now={now}
    />
  );
}

/** the one line under a group's name: "Ken: see you there", a notice, or what kind of message */
export function groupPreview(last: GroupRow["lastLog"], locale: UiLocale, myId: string): string {
  if (!last) return "";
  if (last.recalled) return last.recalledBy ? t(locale, "msg.recalledByAdmin") : last.fromId === myId ? t(locale, "msg.recalledMine") : t(locale, "msg.recalled");
  const note = notificationOf(last);
  if (note) return groupNoticeText(note, locale, myId);
  const who = last.fromId === myId ? t(locale, "msg.you") : last.senderInfo?.nickname;
  const text = previewOf(last, locale);
  return who ? `${who}: ${text}` : text;
}

function GroupListRow({ entry, selected, onSelect, locale, myId, now }: { entry: Extract<ListEntry, { kind: "group" }>; selected: boolean; onSelect(id: string): void; locale: UiLocale; myId: string; now: number }) {
  const row = entry.row;
  const g = row.group;
  return (
    <ConversationButton
      locale={locale}
      kind="group"
      id={g.id}
      face={{ id: `g${g.id}`, src: g.avatar }}
      name={g.name}
      row={row}
      isMuted={g.noDisturbing === 1}
      isPinned={g.onTop === 1}
      hasTime={row.activeAt > 0}
      preview={groupPreview(row.lastLog, locale, myId)}
      selected={selected}
      onSelect={() => onSelect(g.id)}
      now={now}
    />
  );
}

/** one conversation of the list, a friend's or a group's: name, muted icon, time, preview, pin, unread badge */
function ConversationButton(p: {
  locale: UiLocale;
  kind: "friend" | "group";
  id: string;
  face: { id: string; src?: string | null };
  name: string;
  row: { unread: number; activeAt: number };
  isMuted: boolean;
  isPinned: boolean;
  hasTime: boolean;
  preview: string;
  selected: boolean;
  onSelect(): void;
  now: number;
}) {
  const { locale, row, isMuted: muted, isPinned: pinned } = p;
  const unread = row.unread > 0;
  return (
    <button
      type="button"
      data-testid="chat-conversation"
      data-kind={p.kind}
      data-friend-id={p.kind === "friend" ? p.id : undefined}
      data-group-id={p.kind === "group" ? p.id : undefined}
      data-pinned={pinned ? "true" : "false"}
      data-muted={muted ? "true" : "false"}
      aria-current={p.selected ? "true" : undefined}
      onClick={p.onSelect}
      className={`flex w-full items-center gap-3 rounded-xl px-2 py-2.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset ${
        p.selected ? "bg-indigo-50" : "hover:bg-slate-50"
      }`}
    >
      <Avatar id={p.face.id} name={p.name} src={p.face.src} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-1.5">
          {p.kind === "group" && (
            <span className="shrink-0 self-center text-slate-400" role="img" aria-label={t(locale, "chat.groups")} title={t(locale, "chat.groups")}>
              <GroupIcon className="h-3.5 w-3.5" />
            </span>
          )}
          <span data-testid="chat-conversation-name" className={`min-w-0 truncate text-[15px] ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}>
            {p.name}
          </span>
          {muted && (
            <span className="shrink-0 text-slate-400" role="img" aria-label={t(locale, "chat.muted")} title={t(locale, "chat.muted")} data-testid="chat-muted-icon">
              <MutedIcon />
            </span>
          )}
          <span className="flex-1" />
          {p.hasTime && (
            <time className={`shrink-0 text-xs ${unread && !muted ? "text-indigo-700" : "text-slate-500"}`} dateTime={new Date(row.activeAt).toISOString()}>
              {listTime(row.activeAt, p.now, locale)}
            </time>
          )}
        </span>
        <span className="mt-0.5 flex items-center gap-2">
          <span data-testid="chat-preview" className={`min-w-0 flex-1 truncate text-sm ${unread ? "text-slate-700" : "text-slate-500"}`}>
            {p.preview}
          </span>
          {pinned && !unread && (
            <span className="shrink-0 text-slate-400" role="img" aria-label={t(locale, "chat.pinned")} title={t(locale, "chat.pinned")} data-testid="chat-pinned-icon">
              <PinIcon />
            </span>
          )}
          {unread && (
            <span
              data-testid="chat-unread"
              aria-label={t(locale, "chat.unreadCount", { count: String(row.unread) })}
              className={`min-w-5 shrink-0 rounded-full px-1.5 text-center text-xs leading-5 font-semibold text-white ${muted ? "bg-slate-400" : "bg-indigo-600"}`}
            >
              {row.unread > 99 ? "99+" : row.unread}
            </span>
          )}
        </span>
      </span>
    </button>
  );
}
