"use client";
// /chat, the member messenger. Desktop: the conversation list on the left (or requests, add
// friend, new group, profile in its place), the chat in the middle, the friend's or group's
// details on demand on the right. Phone: list → chat → details as pages with Back. The URL says
// what is open (?c=<friend id>, ?g=<group id> or ?r=<chat room id>, &p=info|requests|add|group|profile),
// so the browser's Back works too. The list has two tabs: Chats (friends and groups) and Rooms
// (the open chat rooms; the one on screen is joined live).
// tRPC and /ws authenticate with the next-auth session cookie.
import { useSearchParams } from "next/navigation";
import { leaveSession } from "../../_auth/leave-session";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useLocale } from "../../_components/use-locale";
import { formatTime } from "../../_components/chat/format";
import { trimAmount } from "../../_lib/decimal";
import { t } from "../../_lib/i18n";
import { createApi } from "../../_lib/trpc";
import { Messenger, titleUnread } from "../_lib/messenger";
import { ConversationList, displayName, type ListTab } from "./conversation-list";
import { FriendChat } from "./friend-chat";
import { GroupChat } from "./group-chat";
import { GroupInfoPanel } from "./group-info";
import { ChatBubbleIcon } from "./icons";
import { InfoPanel } from "./info-panel";
import { NewGroupView } from "./new-group-view";
import { ProfileView } from "./profile-view";
import { WalletView } from "./wallet-view";
import { ReportDialog } from "./report-dialog";
import type { ChatItem } from "../../_lib/conversation-store";
import { RoomChat } from "./room-chat";
import { roomNoticeText } from "../../_components/chat/room-parts";
import { AddFriendView, RequestsView } from "./requests-view";
import type { Person } from "./ui";
import { FatalScreen } from "../../_components/fatal-screen";

type Panel = "info" | "requests" | "add" | "group" | "profile" | "wallet";
const PANELS: readonly Panel[] = ["info", "requests", "add", "group", "profile", "wallet"];
/** views that take the list's place (on a phone: the whole screen) */
const SIDE: readonly Panel[] = ["requests", "add", "group", "profile", "wallet"];

/** what is open: a friend's chat (?c=), a group's (?g=) or a chat room (?r=) */
type Sel = { kind: "friend" | "group" | "room"; id: string } | null;

const SEL_PARAM = { friend: "c", group: "g", room: "r" } as const;

function useNow(everyMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

function urlFor(sel: Sel, p: Panel | null) {
  const q = new URLSearchParams();
  if (sel) q.set(SEL_PARAM[sel.kind], sel.id);
  if (p) q.set("p", p);
  const s = q.toString();
  return s ? `/chat?${s}` : "/chat";
}

const toLogin = (why?: "elsewhere" | "ended") => leaveSession("/chat/login", why);

export function ChatApp() {
  const locale = useLocale();
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });
  const search = useSearchParams();
  const friendParam = search.get("c");
  const groupParam = friendParam ? null : search.get("g");
  const rawRoom = friendParam || groupParam ? null : search.get("r");
  const roomParam = rawRoom && /^[1-9][0-9]{0,17}$/.test(rawRoom) ? rawRoom : null;
  const sel: Sel = useMemo(
    () => (friendParam ? { kind: "friend", id: friendParam } : groupParam ? { kind: "group", id: groupParam } : roomParam ? { kind: "room", id: roomParam } : null),
    [friendParam, groupParam, roomParam],
  );
  // the list's tab: Rooms when a room is open (a link to one, Back to the list from it)
  const [tab, setTab] = useState<ListTab>(() => (roomParam ? "rooms" : "chats"));
  /** the friend chat open (?c=) */
  const selectedId = friendParam;
  const rawPanel = search.get("p") as Panel | null;
  const panel = rawPanel && PANELS.includes(rawPanel) ? rawPanel : null;
  const now = useNow(30_000);

  const messenger = useMemo(() => {
    const api = createApi({ getLocale: () => localeRef.current });
    const built: Messenger = new Messenger({
      api,
      locale: () => localeRef.current,
      words: {
        newRequest: (name) => t(localeRef.current, "chat.newRequest", { name }),
        requestAccepted: (name) => t(localeRef.current, "chat.requestAccepted", { name }),
        groupKicked: (group) => t(localeRef.current, "group.toast.kicked", { group }),
        groupDissolved: (group) => t(localeRef.current, "group.toast.dissolved", { group }),
        groupAdded: (group) => t(localeRef.current, "group.toast.added", { group }),
        groupApplication: (name, group) => t(localeRef.current, "group.toast.application", { name, group }),
        groupApproved: (group) => t(localeRef.current, "group.toast.approved", { group }),
        groupRefused: (group) => t(localeRef.current, "group.toast.refused", { group }),
        muted: (until) => t(localeRef.current, "chat.mutedNotice", { time: formatTime(until - built.serverNow() + Date.now(), localeRef.current) }),
        unmuted: () => t(localeRef.current, "chat.unmutedNotice"),
        room: (n) => roomNoticeText(n, localeRef.current, built.serverNow()),
        packetRefunded: (amount, code) => t(localeRef.current, "packet.toast.refunded", { amount: trimAmount(amount), code }).replace(/\s+$/, ""),
        packetOpened: (name) => t(localeRef.current, "packet.notice.opened", { name }),
      },
    });
    return built;
  }, []);
  useEffect(() => {
    void messenger.start();
    return () => messenger.dispose();
  }, [messenger]);
  const snap = useSyncExternalStore(messenger.subscribe, messenger.getSnapshot, messenger.getSnapshot);

  // ---- navigation ----
  const go = useCallback((c: Sel, p: Panel | null, how: "push" | "replace" = "push") => {
    const url = urlFor(c, p);
    if (how === "push") window.history.pushState({ parleyChat: true }, "", url);
    // a fresh object: Next treats a state that carries its own marks (__NA, which it copies into
    // ours) as its own call and would not tell useSearchParams about the new URL
    else window.history.replaceState({ parleyChat: !!(window.history.state as { parleyChat?: boolean } | null)?.parleyChat }, "", url);
  }, []);
  /** one step up: back through history when we came from there, else to the parent screen */
  const up = useCallback(
    (parent: { c: Sel; p: Panel | null }) => {
      if ((window.history.state as { parleyChat?: boolean } | null)?.parleyChat) window.history.back();
      else go(parent.c, parent.p, "replace");
    },
    [go],
  );

  const row = selectedId ? snap.rows.find((r) => r.friend.id === selectedId) : undefined;
  const store = useMemo(() => (selectedId && snap.me && row ? messenger.storeFor(selectedId) : null), [messenger, selectedId, snap.me, row]);
  // a group: listed, or gone while it was open (kicked, dissolved) — then it stays to say so
  const groupId = groupParam;
  const groupRow = groupId ? snap.groups.rows.find((r) => r.group.id === groupId) : undefined;
  const groupEnded = groupId ? snap.groups.ended[groupId] : undefined;
  const hasGroup = !!groupRow || !!groupEnded;
  const groupStore = useMemo(() => (groupId && snap.me && hasGroup ? messenger.groups.storeFor(groupId) : null), [messenger, groupId, snap.me, hasGroup]);
  // a chat room: any open one (the list's, or a link's); RoomState says what it is
  const roomId = roomParam;
  const roomStore = useMemo(() => (roomId && snap.me ? messenger.rooms.storeFor(roomId) : null), [messenger, roomId, snap.me]);

  // the chat on screen is the messenger's "active" one (read marks, unread counting)
  const [focusKey, setFocusKey] = useState(0);
  const hasRow = !!row;
  useEffect(() => {
    if (selectedId && snap.me && hasRow) {
      messenger.open(selectedId);
      setFocusKey((k) => k + 1);
    } else if (groupId && snap.me && hasGroup) {
      messenger.openGroup(groupId);
      setFocusKey((k) => k + 1);
    } else if (roomId && snap.me) {
      messenger.openRoom(roomId);
      setFocusKey((k) => k + 1);
    } else messenger.close();
  }, [messenger, selectedId, groupId, roomId, snap.me, hasRow, hasGroup]);

  // a chat that is not (or no longer) a friend's or one of my groups: back to the list once the list is known
  useEffect(() => {
    if (selectedId && !snap.friendsLoading && snap.me && !row) go(null, SIDE.includes(panel as Panel) ? panel : null, "replace");
  }, [selectedId, snap.friendsLoading, snap.me, row, panel, go]);
  useEffect(() => {
    if (groupId && !snap.groups.loading && snap.me && !hasGroup) go(null, SIDE.includes(panel as Panel) ? panel : null, "replace");
  }, [groupId, snap.groups.loading, snap.me, hasGroup, panel, go]);

  useEffect(() => {
    const onVis = () => messenger.setVisible(document.visibilityState === "visible");
    onVis();
    document.addEventListener("visibilitychange", onVis);
    return () => document.removeEventListener("visibilitychange", onVis);
  }, [messenger]);

  // ---- the session ended (another browser signed in, signed out elsewhere, revoked) ----
  useEffect(() => {
    if (!snap.ended) return;
    const why = snap.ended.code === -1007 ? "elsewhere" : "ended";
    const id = setTimeout(() => void toLogin(why), 1500);
    return () => clearTimeout(id);
  }, [snap.ended]);

  const onSignOut = useCallback(async () => {
    messenger.stopLive();
    await toLogin();
  }, [messenger]);

  // ---- toasts: the messenger's (requests), and action errors ----
  const [notice, setNotice] = useState<{ id: number; text: string; kind: string } | null>(null);
  const noticeSeq = useRef(0);
  /** the message being reported (its dialog is open) */
  const [reporting, setReporting] = useState<ChatItem | null>(null);
  const showNotice = useCallback((text: string, kind = "info") => setNotice({ id: ++noticeSeq.current, text, kind }), []);
  useEffect(() => {
    if (snap.toast) {
      setNotice({ id: ++noticeSeq.current, text: snap.toast.text, kind: snap.toast.kind });
      messenger.dismissToast();
    }
  }, [snap.toast, messenger]);
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(id);
  }, [notice]);

  // ---- Esc closes the innermost thing open ----
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && (el as HTMLInputElement).value) return; // let the field have it
      if (notice) return setNotice(null);
      if (panel === "info") return up({ c: sel, p: null });
      if (panel && SIDE.includes(panel)) return up({ c: sel, p: null });
      if (sel) return up({ c: null, p: null });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [panel, sel, up, notice]);

  // ---- the tab's title: "(3) Parley" ----
  const unread = titleUnread(snap.rows, snap.groups.rows);
  const roomView = roomId ? snap.rooms.views[roomId] : undefined;
  const roomRow = roomId ? snap.rooms.rows.find((r) => r.room.groupId === roomId) : undefined;
  const chatName = row ? displayName(row.friend) : (groupRow?.group.name ?? groupEnded?.name ?? roomView?.info?.groupName ?? roomRow?.room.groupName ?? null);
  useEffect(() => {
    const base = chatName ? `${chatName} · ${t(locale, "chat.docTitle")}` : t(locale, "chat.docTitle");
    document.title = unread > 0 ? `(${unread}) ${base}` : base;
  }, [unread, locale, chatName]);

  // the people I may put into a group: my friends
  const friendPeople: Person[] = useMemo(() => snap.rows.map((r) => ({ id: r.friend.id, name: displayName(r.friend), avatar: r.friend.avatar, detail: r.friend.markId })), [snap.rows]);

  // ---- render ----
  if (snap.ended) {
    return (
      <main className="flex h-dvh items-center justify-center p-4">
        <div role="alert" data-testid="chat-ended" className="w-full max-w-sm rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
          <p className="text-slate-800">{snap.ended.code === -1007 ? t(locale, "chat.endedElsewhere") : snap.ended.text || t(locale, "chat.sessionEnded")}</p>
          <button
            type="button"
            onClick={() => void toLogin(snap.ended?.code === -1007 ? "elsewhere" : "ended")}
            className="mt-4 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            {t(locale, "chat.signInAgain")}
          </button>
        </div>
      </main>
    );
  }
  if (snap.phase === "error") {
    return (
      <FatalScreen
        message={snap.error || t(locale, "chat.loadFailed")}
        retryLabel={t(locale, "chat.tryAgain")}
        signOutLabel={t(locale, "chat.signOut")}
        onSignOut={() => void onSignOut()}
      />
    );
  }
  const me = snap.me;
  if (!me) {
    return (
      <main className="flex h-dvh items-center justify-center text-sm text-slate-500" aria-busy="true">
        {t(locale, "chat.loading")}
      </main>
    );
  }

  const side = panel && SIDE.includes(panel) ? panel : null;
  const groupOpen = !!groupId && hasGroup && !!groupStore;
  const infoOpen = panel === "info" && (!!row || (groupOpen && !groupEnded));
  const roomOpen = !!roomId && !!roomStore;
  const chatOpen = (!!row && !!store) || groupOpen || roomOpen;
  // what a phone shows: one screen at a time
  const phone: "side" | "info" | "chat" | "list" = side ? "side" : infoOpen ? "info" : chatOpen ? "chat" : "list";
  const openChat = (id: string) => go({ kind: "friend", id }, null, sel || side ? "replace" : "push");
  const openGroup = (id: string) => go({ kind: "group", id }, null, sel || side ? "replace" : "push");
  const openRoom = (id: string) => go({ kind: "room", id }, null, sel || side ? "replace" : "push");
  const selectedKey = sel ? `${sel.kind === "friend" ? 3 : sel.kind === "group" ? 2 : 1}:${sel.id}` : null;

  return (
    <div className="flex h-dvh flex-col bg-slate-100 text-slate-900">
      {snap.live === "reconnecting" && (
        <div data-testid="chat-reconnecting" role="status" className="flex shrink-0 items-center justify-center gap-2 bg-amber-100 px-4 py-1 text-xs font-medium text-amber-900">
          <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-amber-600" />
          {t(locale, "chat.reconnecting")}
        </div>
      )}
      <div className="relative flex min-h-0 flex-1">
        <aside className={`${phone === "list" || phone === "side" ? "flex" : "hidden md:flex"} w-full shrink-0 flex-col border-r border-slate-200 bg-white md:w-80 lg:w-96`}>
          {side === "requests" ? (
            <RequestsView
              locale={locale}
              me={me}
              messenger={messenger}
              requests={snap.requests}
              loading={snap.requestsLoading}
              error={snap.requestsError}
              onBack={() => up({ c: sel, p: null })}
              onAdd={() => go(sel, "add", "replace")}
              onOpenChat={openChat}
              onOpenGroup={openGroup}
              nameOf={(id) => {
                const f = snap.rows.find((r) => r.friend.id === id);
                if (f) return displayName(f.friend);
                for (const s of Object.values(snap.groups.info)) {
                  const u = s.info?.users.find((x) => x.id === id);
                  if (u) return u.roomNickname || u.nickname;
                }
                return null;
              }}
              now={now}
            />
          ) : side === "add" ? (
            <AddFriendView locale={locale} me={me} messenger={messenger} rows={snap.rows} onBack={() => up({ c: sel, p: null })} onOpenChat={openChat} onOpenGroup={openGroup} />
          ) : side === "group" ? (
            <NewGroupView
              locale={locale}
              title={t(locale, "chat.newGroup")}
              people={friendPeople}
              loading={snap.friendsLoading}
              loadError={snap.friendsError}
              onRetry={() => void messenger.loadFriends()}
              pickLabel={t(locale, "group.create.pick")}
              emptyText={t(locale, "group.create.noFriends")}
              create={async (users, name) => (await messenger.groups.create({ users, name })).roomId}
              onBack={() => up({ c: sel, p: null })}
              onCreated={(roomId) => go({ kind: "group", id: roomId }, null, "replace")}
            />
          ) : side === "profile" ? (
            <ProfileView locale={locale} me={me} messenger={messenger} onBack={() => up({ c: sel, p: null })} onSignOut={() => void onSignOut()} onWallet={() => go(sel, "wallet", "replace")} />
          ) : side === "wallet" ? (
            <WalletView locale={locale} book={messenger.packets} onBack={() => up({ c: sel, p: null })} />
          ) : (
            <ConversationList
              locale={locale}
              me={me}
              rows={snap.rows}
              groups={snap.groups.rows}
              loading={snap.friendsLoading || snap.groups.loading}
              error={snap.friendsError ?? snap.groups.error}
              onRetry={() => {
                void messenger.loadFriends();
                void messenger.groups.load();
              }}
              selectedKey={selectedKey}
              onSelect={(kind, id) => (kind === "friend" ? openChat(id) : kind === "group" ? openGroup(id) : openRoom(id))}
              tab={tab}
              onTab={setTab}
              rooms={snap.rooms.rows}
              roomsLoading={snap.rooms.loading}
              roomsError={snap.rooms.error}
              onRetryRooms={() => void messenger.rooms.load()}
              pendingRequests={snap.pendingRequests}
              onProfile={() => go(sel, "profile")}
              onWallet={() => go(sel, "wallet")}
              onAdd={() => go(sel, "add")}
              onNewGroup={() => go(sel, "group")}
              onRequests={() => go(sel, "requests")}
              now={now}
            />
          )}
        </aside>

        <main className={`${phone === "chat" ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col`}>
          {row && store ? (
            <FriendChat
              locale={locale}
              row={row}
              store={store}
              infoOpen={infoOpen}
              onBack={() => up({ c: null, p: null })}
              onInfo={() => (infoOpen ? up({ c: sel, p: null }) : go(sel, "info"))}
              onError={(text) => showNotice(text)}
              onReport={setReporting}
              focusKey={focusKey}
              now={now}
              serverNow={messenger.serverNow}
              packets={messenger.packets}
              myId={me.id}
            />
          ) : groupOpen && groupId && groupStore ? (
            <GroupChat
              locale={locale}
              myId={me.id}
              roomId={groupId}
              row={groupRow}
              ended={groupEnded}
              info={snap.groups.info[groupId]}
              store={groupStore}
              infoOpen={infoOpen}
              onBack={() => up({ c: null, p: null })}
              onInfo={() => (infoOpen ? up({ c: sel, p: null }) : go(sel, "info"))}
              onError={(text) => showNotice(text)}
              onReport={setReporting}
              focusKey={focusKey}
              now={now}
              serverNow={messenger.serverNow}
              packets={messenger.packets}
            />
          ) : roomOpen && roomId && roomStore ? (
            <RoomChat
              locale={locale}
              roomId={roomId}
              row={roomRow}
              view={roomView}
              store={roomStore}
              onBack={() => up({ c: null, p: null })}
              onRetry={() => {
                void messenger.rooms.loadInfo(roomId);
                messenger.rooms.retryJoin(roomId);
              }}
              onError={(text) => showNotice(text)}
              onReport={setReporting}
              focusKey={focusKey}
              now={now}
              serverNow={messenger.serverNow}
              packets={messenger.packets}
              myId={me.id}
            />
          ) : (
            <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center text-slate-500" data-testid="chat-pick">
              <ChatBubbleIcon className="h-12 w-12 text-slate-300" />
              <p className="text-sm">{(selectedId && snap.friendsLoading) || (groupId && snap.groups.loading) ? t(locale, "chat.loading") : t(locale, "chat.pick")}</p>
            </div>
          )}
        </main>

        {infoOpen && (row || groupOpen) && (
          <div className={`${phone === "info" ? "flex" : "hidden md:flex"} absolute inset-0 z-30 flex-col md:left-auto md:w-80 md:shadow-xl lg:static lg:z-auto lg:shrink-0 lg:border-l lg:border-slate-200 lg:shadow-none`}>
            {row ? (
              <InfoPanel
                locale={locale}
                row={row}
                messenger={messenger}
                onClose={() => up({ c: sel, p: null })}
                onDeleted={(name) => {
                  showNotice(t(locale, "chat.friendDeleted", { name }));
                  go(null, null, "replace");
                }}
              />
            ) : (
              groupId && (
                <GroupInfoPanel
                  locale={locale}
                  myId={me.id}
                  roomId={groupId}
                  row={groupRow}
                  state={snap.groups.info[groupId]}
                  ended={groupEnded}
                  groups={messenger.groups}
                  candidates={friendPeople}
                  candidatesLoading={snap.friendsLoading && snap.rows.length === 0}
                  serverNow={messenger.serverNow}
                  onClose={() => up({ c: sel, p: null })}
                  onGone={(text) => {
                    showNotice(text);
                    go(null, null, "replace");
                  }}
                  now={now}
                />
              )
            )}
          </div>
        )}

        {reporting && (
          <ReportDialog
            locale={locale}
            item={reporting}
            report={(input) => messenger.report(input)}
            onDone={(text) => showNotice(text)}
            onClose={() => setReporting(null)}
          />
        )}

        {notice && (
          <div
            role="status"
            data-testid="chat-toast"
            className="absolute bottom-[max(1rem,env(safe-area-inset-bottom))] left-1/2 z-40 flex w-[min(92%,26rem)] -translate-x-1/2 items-start gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg md:top-16 md:bottom-auto"
          >
            <span className="flex-1">{notice.text}</span>
            {notice.kind === "request" && (
              <button
                type="button"
                onClick={() => {
                  setNotice(null);
                  go(sel, "requests");
                }}
                className="shrink-0 rounded font-semibold text-indigo-300 outline-none hover:text-white focus-visible:ring-2 focus-visible:ring-indigo-400"
              >
                {t(locale, "chat.requests")}
              </button>
            )}
            <button
              type="button"
              onClick={() => setNotice(null)}
              className="shrink-0 rounded font-medium text-slate-300 outline-none hover:text-white focus-visible:ring-2 focus-visible:ring-indigo-400"
            >
              {t(locale, "chat.dismiss")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
