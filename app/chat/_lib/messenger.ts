// Everything /chat does that is not drawing: who I am, the live socket, the conversation list
// (friends with their unread counts and last messages, pinned first; groups beside them, kept
// by a GroupState), the open chat rooms (a RoomState: the room on screen is joined over /ws and
// left when it goes), one ConversationStore per open chat, read marks, friend requests and group
// applications with their live badge, the friend and profile actions, and the end of the session. React reads it through `getSnapshot()`
// (useSyncExternalStore); tests drive it without React (messenger.test.ts).
//
// The server decides what I may do; this only keeps its answers. Catch-up after a reconnect is
// chatLog afterId per open conversation, plus fresh friend and group lists and unread counts.
import type { ServerFrame } from "../../../server/protocol/frames";
import { conversationKey, conversationKeyOf, friendChannel } from "../../_lib/channels";
import { ConversationStore, isNewerId, recalledCopy, type StoredEntry } from "../../_lib/conversation-store";
import { GroupState, groupsUnread, type GroupRow, type GroupsSnapshot } from "../../_lib/group-state";
import { freshestLast, pinnedFirst } from "../../_lib/list-rows";
import { LiveClient, type LiveClientOptions, type LiveState } from "../../_lib/live-client";
import { PacketBook } from "../../_lib/packet-state";
import { RoomState, type RoomNotice, type RoomsSnapshot } from "../../_lib/room-state";
import { memberApi, type MemberRouter, type TApply, type TApplyRaw, type TFriend, type TMe, type TSearchResult } from "../../_lib/member-api";
import { appCodeOf, errorText, type ApiClient } from "../../_lib/trpc";

export interface ConversationRow {
  /** "3:<friend user id>" */
  key: string;
  friend: TFriend;
  unread: number;
  lastLog: StoredEntry | null;
  /** the time the list sorts by: the last message's, else when we became friends */
  activeAt: number;
}

export interface MessengerSnapshot {
  phase: "starting" | "ready" | "error";
  /** why it could not start (the server's words) */
  error: string | null;
  me: TMe | null;
  live: LiveState;
  rows: ConversationRow[];
  friendsLoading: boolean;
  friendsError: string | null;
  requests: TApply[];
  requestsLoading: boolean;
  requestsError: string | null;
  /** requests to me that wait for my answer (friend requests, applications to groups I run): the badge */
  pendingRequests: number;
  /** my groups: the list, the open groups' info, the groups that ended on screen */
  groups: GroupsSnapshot;
  /** the open chat rooms, and the one on screen */
  rooms: RoomsSnapshot;
  /** the server ended this session (101 / close 4001): why, then the login page */
  ended: { code: number; text: string } | null;
  /** a short message for a toast (a new friend request, an answer, a group event) */
  toast: { id: number; text: string; kind: "request" | "accepted" | "info" | "warning" } | null;
  activeKey: string | null;
}

/** the live client as the messenger uses it (tests give a fake) */
export type LiveLike = Pick<LiveClient, "request" | "cancel" | "start" | "stop" | "setActive" | "locale">;

export interface MessengerOptions {
  api: ApiClient;
  locale(): string;
  /** words for toasts, in the reader's language */
  words: {
    newRequest(name: string): string;
    requestAccepted(name: string): string;
    /** groups (the app gives them; tests may leave them out) */
    groupKicked?(group: string): string;
    groupDissolved?(group: string): string;
    groupAdded?(group: string): string;
    groupApplication?(name: string, group: string): string;
    groupApproved?(group: string): string;
    groupRefused?(group: string): string;
    /** an admin muted me everywhere until then (server time), or lifted it */
    muted?(until: number): string;
    unmuted?(): string;
    /** chat rooms: muted there (until: server time; 0 not said), closed, deleted, open again */
    room?(n: RoomNotice): string;
    /** red packets: the rest of an expired one came back (51); someone opened mine where no chat of it is known here (50) */
    packetRefunded?(amount: string, code: string): string;
    packetOpened?(name: string): string;
  };
  /** tests replace the socket */
  createLive?(opts: LiveClientOptions): LiveLike;
}

const byOrder = pinnedFirst((r: ConversationRow) => r.friend.onTop === 1);

/** seed ids arrive as numbers in places (event 31's id): one shape here */
function normalizeApply(a: TApplyRaw): TApply {
  const out: TApply = {
    ...a,
    id: String(a.id),
    senderInfo: { ...a.senderInfo, id: String(a.senderInfo.id) },
    receiveInfo: { ...a.receiveInfo, id: String(a.receiveInfo.id) },
    roomId: a.roomId !== undefined && a.roomId !== null ? String(a.roomId) : a.type === 1 ? String(a.receiveInfo.id) : undefined,
    inviterId: a.inviterId !== undefined && a.inviterId !== null ? String(a.inviterId) : null,
  };
  if (out.roomId === undefined) delete out.roomId;
  if (a.inviterId === undefined) delete out.inviterId;
  delete (out as { eventType?: number }).eventType;
  return out;
}

/** friend requests and group applications have ids of their own: one list needs both */
export const applyKey = (a: Pick<TApply, "type" | "id">) => `${a.type}:${a.id}`;

export class Messenger {
  private listeners = new Set<() => void>();
  private snap: MessengerSnapshot = {
    phase: "starting",
    error: null,
    me: null,
    live: "connecting",
    rows: [],
    friendsLoading: true,
    friendsError: null,
    requests: [],
    requestsLoading: true,
    requestsError: null,
    pendingRequests: 0,
    groups: { rows: [], loading: true, error: null, info: {}, ended: {} },
    rooms: { rows: [], loading: true, error: null, views: {} },
    ended: null,
    toast: null,
    activeKey: null,
  };
  private m: MemberRouter;
  private live: LiveLike | null = null;
  private stores = new Map<string, ConversationStore>();
  private started = new Set<string>();
  private lastMarked = new Map<string, string>();
  private visible = true;
  private opens = 0;
  /** server time − local time, from hello: recall windows are the server's */
  private clockOffset = 0;
  /** the words of a 101 frame, for the close that follows */
  private endedFrame: { code: number; content: string } | null = null;
  private toastSeq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private friendsSeq = 0;
  /** my groups: their list, stores, info and live events */
  readonly groups: GroupState;
  /** the chat rooms: their list, the room on screen (joined over /ws), its live events */
  readonly rooms: RoomState;
  /** red packets: every packet's state (shared by its bubbles), claims, events 50 and 51, the wallet's calls */
  readonly packets: PacketBook;

  constructor(private opts: MessengerOptions) {
    this.m = memberApi(opts.api);
    const w = opts.words;
    this.groups = new GroupState({
      api: opts.api,
      live: () => this.live,
      me: () => (this.snap.me ? { id: this.snap.me.id, nickname: this.snap.me.username, avatar: this.snap.me.avatar } : null),
      now: this.serverNow,
      isShown: (roomId) => this.visible && this.snap.activeKey === conversationKey(2, roomId),
      notify: (n) => {
        if (n.kind === "kicked") this.toast(w.groupKicked?.(n.name) ?? n.name, "warning");
        else if (n.kind === "dissolved") this.toast(w.groupDissolved?.(n.name) ?? n.name, "warning");
        else this.toast(w.groupAdded?.(n.name) ?? n.name, "info");
      },
      onSessionEnded: (text) => this.patch({ ended: { code: -1003, text } }),
    });
    this.groups.subscribe(() => this.patch({ groups: this.groups.getSnapshot() }));
    this.rooms = new RoomState({
      api: opts.api,
      live: () => this.live,
      me: () => (this.snap.me ? { id: this.snap.me.id, nickname: this.snap.me.username, avatar: this.snap.me.avatar } : null),
      now: this.serverNow,
      isShown: (roomId) => this.snap.activeKey === conversationKey(1, roomId),
      notify: (n) => {
        const text = w.room?.(n);
        if (text) this.toast(text, n.kind === "muted" || n.kind === "closed" || n.kind === "deleted" ? "warning" : "info");
      },
      onSessionEnded: (text) => this.patch({ ended: { code: -1003, text } }),
    });
    this.rooms.subscribe(() => this.patch({ rooms: this.rooms.getSnapshot() }));
    this.packets = new PacketBook({
      api: opts.api,
      me: () => this.snap.me?.id ?? null,
      now: this.serverNow,
      notify: (n) => {
        if (n.kind === "refunded") this.toast(w.packetRefunded?.(n.amount, n.code) ?? `${n.amount} ${n.code}`.trim(), "info");
        else this.toast(w.packetOpened?.(n.name) ?? n.name, "info");
      },
    });
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  /** the server's clock, as far as we know it */
  serverNow = () => Date.now() + this.clockOffset;

  async start() {
    try {
      const me = await this.m.user.tokenLogin.mutate();
      if (this.disposed) return;
      this.patch({ me: { ...me, id: String(me.id), uid: String(me.uid) }, phase: "ready" });
    } catch (err) {
      if (this.disposed) return;
      if (appCodeOf(err) === -1003) return this.patch({ ended: { code: -1003, text: errorText(err) } });
      return this.patch({ phase: "error", error: errorText(err) });
    }
    const make = this.opts.createLive ?? ((o: LiveClientOptions) => new LiveClient(o));
    this.live = make({
      locale: this.opts.locale(),
      onFrame: (f) => this.onFrame(f),
      onState: (s) => this.patch({ live: s }),
      // a new socket is in no chat room: the one on screen is joined again before the outbox goes
      onHello: () => this.rooms.onHello(),
      onOpen: (hello) => this.onOpen(hello.serverTime),
      onSessionEnded: (code, reason) => {
        const why = this.endedFrame;
        this.patch({ ended: { code: why?.code ?? code, text: why?.content || reason } });
      },
    });
    this.live.start();
    void this.loadFriends();
    void this.loadRequests();
    void this.groups.load();
    void this.rooms.load();
  }

  dispose() {
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const s of this.stores.values()) s.dispose();
    this.stores.clear();
    this.groups.dispose();
    this.rooms.dispose();
    this.packets.dispose();
    this.live?.stop();
    this.listeners.clear();
  }

  /** stop the socket before signing out (so it is not seen as "ended elsewhere") */
  stopLive() {
    this.live?.stop();
  }

  // ---- the list ---------------------------------------------------------------------------

  async loadFriends() {
    const seq = ++this.friendsSeq;
    this.patch({ friendsLoading: true });
    try {
      const [list, unread] = await Promise.all([this.m.friend.list.query({ type: 3 }), this.m.friend.unread.query()]);
      if (seq !== this.friendsSeq || this.disposed) return;
      const counts = new Map(unread.infos.map((u) => [String(u.id), u]));
      const old = new Map(this.snap.rows.map((r) => [r.key, r]));
      const rows: ConversationRow[] = [];
      for (const raw of list.userList) {
        if (raw.isDelete === 2) continue;
        const friend = { ...raw, id: String(raw.id) };
        const key = conversationKey(3, friend.id);
        const { lastLog, unread: unreadN } = freshestLast(counts.get(friend.id), old.get(key));
        rows.push({ key, friend, unread: this.snap.activeKey === key && this.visible ? 0 : unreadN, lastLog, activeAt: lastLog?.datetime ?? friend.addTime ?? 0 });
      }
      rows.sort(byOrder);
      // friends no longer there: their open chats go
      for (const key of [...this.stores.keys()]) if (!rows.some((r) => r.key === key)) this.dropStore(key);
      this.patch({ rows, friendsLoading: false, friendsError: null });
      if (this.snap.activeKey && !rows.some((r) => r.key === this.snap.activeKey)) this.patch({ activeKey: null });
      const active = this.snap.activeKey;
      if (active) this.markRead(active);
    } catch (err) {
      if (seq !== this.friendsSeq || this.disposed) return;
      if (appCodeOf(err) === -1003) return this.patch({ ended: { code: -1003, text: errorText(err) } });
      this.patch({ friendsLoading: false, friendsError: errorText(err) });
    }
  }

  /** report someone's message to the admins (report.create); the server decides what may be reported */
  report(input: { id: string; msgId: string; reason: string }) {
    return this.opts.api.report.create.mutate(input);
  }

  async loadRequests() {
    this.patch({ requestsLoading: true });
    try {
      const res = await this.m.chat33.applyList.query({ id: "", number: 50 });
      if (this.disposed) return;
      const requests = res.applyList.map(normalizeApply);
      this.patch({ requests, requestsLoading: false, requestsError: null, pendingRequests: this.countPending(requests) });
    } catch (err) {
      if (this.disposed) return;
      this.patch({ requestsLoading: false, requestsError: errorText(err) });
    }
  }

  row(friendId: string): ConversationRow | undefined {
    return this.snap.rows.find((r) => r.key === conversationKey(3, friendId));
  }

  // ---- one chat ---------------------------------------------------------------------------

  /** the store of a friend chat (made on first use) */
  storeFor(friendId: string): ConversationStore | null {
    const me = this.snap.me;
    if (!me || !this.live) return null;
    const key = conversationKey(3, friendId);
    let s = this.stores.get(key);
    if (!s) {
      s = new ConversationStore({
        api: this.opts.api,
        live: this.live as LiveClient,
        channel: friendChannel(this.opts.api, friendId, me.id),
        isMine: (e) => e.fromId === me.id && e.fromType !== "system",
        me: { fromType: "member", fromId: me.id, nickname: me.username, avatar: me.avatar },
        now: this.serverNow,
      });
      const store = s;
      // my own messages (and their acks) move the list's preview too
      store.subscribe(() => this.onStoreChange(key, store));
      this.stores.set(key, s);
    }
    return s;
  }

  /** show this friend's chat: load it (or what came meanwhile) and mark it read */
  open(friendId: string): ConversationStore | null {
    const key = conversationKey(3, friendId);
    const store = this.storeFor(friendId);
    if (!store) return null;
    const previous = this.snap.activeKey;
    this.patch({ activeKey: key });
    if (previous && previous !== key) this.leftChat(previous);
    this.live?.setActive(true);
    if (!this.started.has(key)) {
      this.started.add(key);
      void store.loadLatest().then(() => this.markRead(key));
    } else {
      store.catchUp().then(
        () => this.markRead(key),
        () => {},
      );
      this.markRead(key);
    }
    return store;
  }

  /** show a group's chat: load it (or what came meanwhile), its info, and mark it read */
  openGroup(roomId: string): ConversationStore | null {
    const key = conversationKey(2, roomId);
    if (!this.snap.me || !this.live) return null;
    const previous = this.snap.activeKey;
    this.patch({ activeKey: key });
    if (previous && previous !== key) this.leftChat(previous);
    this.live.setActive(true);
    return this.groups.open(roomId);
  }

  /** show a chat room: this socket joins it (and leaves the one shown before), its history and info */
  openRoom(roomId: string): ConversationStore | null {
    const key = conversationKey(1, roomId);
    if (!this.snap.me || !this.live) return null;
    const previous = this.snap.activeKey;
    this.patch({ activeKey: key });
    if (previous && previous !== key) this.leftChat(previous);
    this.live.setActive(true);
    return this.rooms.show(roomId);
  }

  close() {
    const previous = this.snap.activeKey;
    this.patch({ activeKey: null });
    if (previous) this.leftChat(previous);
  }

  /** the page became visible or hidden: read marks only go while someone looks */
  setVisible(visible: boolean) {
    this.visible = visible;
    if (visible && this.snap.activeKey) this.markRead(this.snap.activeKey);
  }

  /** a chat went off screen: a group I am no longer in is forgotten then; a room is left */
  private leftChat(key: string) {
    if (key.startsWith("2:")) this.groups.closed(key.slice(2));
    if (key.startsWith("1:")) this.rooms.hide(key.slice(2));
  }

  /** tell the server (eventType 44) that I read this chat up to its newest message from my friend */
  markRead(key: string) {
    if (key.startsWith("2:")) return this.groups.markRead(key.slice(2));
    if (key.startsWith("1:")) return; // chat rooms keep no read marks
    if (!this.visible || this.snap.activeKey !== key || !this.live) return;
    const store = this.stores.get(key);
    const row = this.snap.rows.find((r) => r.key === key);
    if (!row) return;
    let logId = store?.lastPeerLogId ?? null;
    const last = row.lastLog;
    if (last && last.fromId !== this.snap.me?.id && isNewerId(last.logId, logId)) logId = last.logId;
    if (row.unread) this.patchRow(key, { unread: 0 });
    if (!logId) return;
    const done = this.lastMarked.get(key);
    if (done && !isNewerId(logId, done)) return;
    this.lastMarked.set(key, logId);
    this.live
      .request({ eventType: 44, channelType: 3, targetId: row.friend.id, logId })
      .catch(() => {
        if (this.lastMarked.get(key) === logId) this.lastMarked.delete(key);
      });
  }

  // ---- live -------------------------------------------------------------------------------

  private onOpen(serverTime: number) {
    this.clockOffset = serverTime - Date.now();
    this.opens++;
    if (this.opens === 1) return;
    // back after a drop: what we missed, in order and once, for every chat we hold; fresh counts
    const active = this.snap.activeKey;
    const keys = [...this.stores.keys()].sort((a, b) => (a === active ? -1 : b === active ? 1 : 0));
    for (const key of keys) {
      if (!this.started.has(key)) continue;
      this.stores
        .get(key)!
        .catchUp()
        .then(
          () => this.markRead(key),
          () => {},
        );
    }
    void this.loadFriends();
    void this.loadRequests();
    this.groups.onReconnect();
    this.rooms.onReconnect();
  }

  private onFrame(f: ServerFrame) {
    const me = this.snap.me;
    if (!me) return;
    // red packets (50, 51) are nobody else's; then rooms: their 24 and 3 carry groupId, which a
    // group's handler would take for its own
    if (this.packets.onFrame(f)) return;
    if (this.rooms.onFrame(f)) return;
    if (this.groups.onFrame(f)) return;
    switch (f.eventType as number) {
      case 0: {
        if (!("logId" in f)) return; // a failure: the store that sent it has it
        const entry = f as unknown as StoredEntry;
        if (entry.channelType !== 3) return;
        const key = conversationKeyOf(entry, me.id);
        const store = this.stores.get(key);
        store?.receive(entry);
        this.noteMessage(key, entry);
        return;
      }
      case 10: {
        const { logId, operateType, userId } = f as Extract<ServerFrame, { eventType: 10 }>;
        for (const s of this.stores.values()) s.applyRevoke(logId, operateType, userId);
        const row = this.snap.rows.find((r) => r.lastLog?.logId === logId);
        if (row?.lastLog) {
          if (operateType === 1) this.patchRow(row.key, { lastLog: recalledCopy(row.lastLog, userId) });
          else this.scheduleRefresh(); // the preview is now an older message: the server knows which
        }
        return;
      }
      case 44: {
        const r = f as { readerId?: string; targetId: string; logId: string; channelType: number };
        if (r.channelType !== 3 || !r.readerId) return;
        if (String(r.readerId) === me.id) {
          // I read it on another device
          const key = conversationKey(3, String(r.targetId));
          const row = this.snap.rows.find((x) => x.key === key);
          if (row && (!row.lastLog || !isNewerId(row.lastLog.logId, r.logId))) this.patchRow(key, { unread: 0 });
          return;
        }
        this.stores.get(conversationKey(3, String(r.readerId)))?.applyPeerRead(String(r.logId));
        return;
      }
      case 3: {
        // muted everywhere by an admin (a group's own mute carries channelType 2: the groups took it)
        const m = f as Extract<ServerFrame, { eventType: 3 }>;
        const until = m.mutedLastTime > 0 ? m.mutedTime + m.mutedLastTime : 0;
        for (const s of this.stores.values()) s.setMutedUntil(until);
        this.groups.refreshOpen();
        this.rooms.onGlobalMute(until);
        const w = this.opts.words;
        if (until > 0) this.toast(w.muted?.(until) ?? "", "warning");
        else this.toast(w.unmuted?.() ?? "", "info");
        return;
      }
      case 23: {
        // an application to join a group: to the applicant and the group's owners and admins
        const a = normalizeApply(f as unknown as TApplyRaw);
        const requests = [a, ...this.snap.requests.filter((x) => applyKey(x) !== applyKey(a))];
        this.patch({ requests, pendingRequests: this.countPending(requests) });
        const w = this.opts.words;
        const mine = a.senderInfo.id === me.id;
        if (a.status === 1 && !mine) this.toast(w.groupApplication?.(a.senderInfo.name, a.receiveInfo.name) ?? a.senderInfo.name, "request");
        if (mine && a.status === 3) {
          this.toast(w.groupApproved?.(a.receiveInfo.name) ?? a.receiveInfo.name, "accepted");
          void this.groups.load();
        }
        if (mine && a.status === 2) this.toast(w.groupRefused?.(a.receiveInfo.name) ?? a.receiveInfo.name, "info");
        return;
      }
      case 31: {
        const a = normalizeApply(f as unknown as TApplyRaw);
        const requests = [a, ...this.snap.requests.filter((x) => applyKey(x) !== applyKey(a))];
        this.patch({ requests, pendingRequests: this.countPending(requests) });
        if (a.status === 1 && a.receiveInfo.id === me.id) this.toast(this.opts.words.newRequest(a.senderInfo.name), "request");
        if (a.status === 3) {
          if (a.senderInfo.id === me.id) this.toast(this.opts.words.requestAccepted(a.receiveInfo.name), "accepted");
          void this.loadFriends();
        }
        return;
      }
      case 45: {
        // a friendship ended (on another device of mine, or the friend deleted me): the list
        // drops them and their open chat closes
        void this.loadFriends();
        return;
      }
      case 101: {
        const e = f as { code: number; content: string };
        this.endedFrame = { code: e.code, content: e.content };
        return;
      }
    }
  }

  /** a stored message of a friend chat, live or my ack: the list's preview, unread and order */
  private noteMessage(key: string, entry: StoredEntry) {
    const row = this.snap.rows.find((r) => r.key === key);
    if (!row) {
      this.scheduleRefresh(); // a friend we do not list yet (just became friends)
      return;
    }
    if (row.lastLog && !isNewerId(entry.logId, row.lastLog.logId)) return;
    const mine = entry.fromId === this.snap.me?.id;
    const looking = this.snap.activeKey === key && this.visible;
    this.patchRow(key, {
      lastLog: entry,
      activeAt: Math.max(row.activeAt, entry.datetime),
      unread: mine ? row.unread : looking ? 0 : row.unread + 1,
    });
    if (!mine && looking) this.markRead(key);
  }

  private onStoreChange(key: string, store: ConversationStore) {
    // my acked messages move the preview (the ack frame comes through onFrame as well; this
    // also catches what a catch-up brought)
    const items = store.getSnapshot().items;
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i];
      if (!it.logId) continue;
      const row = this.snap.rows.find((r) => r.key === key);
      if (!row) return;
      if (row.lastLog?.logId === it.logId) {
        if (!!row.lastLog.recalled !== !!it.recalled) this.patchRow(key, { lastLog: { ...row.lastLog, msg: it.msg, recalled: it.recalled ? true : undefined } });
        return;
      }
      if (row.lastLog && !isNewerId(it.logId, row.lastLog.logId)) return;
      const entry: StoredEntry = {
        logId: it.logId,
        msgId: it.msgId,
        channelType: 3,
        fromId: it.fromId,
        fromType: it.fromType,
        targetId: it.mine ? row.friend.id : (this.snap.me?.id ?? ""),
        msgType: it.msgType,
        msg: it.msg,
        datetime: it.datetime,
        senderInfo: it.senderInfo,
        ...(it.recalled ? { recalled: true as const } : {}),
      };
      this.noteMessage(key, entry);
      return;
    }
  }

  /** a refresh of the list soon (several events in a row make one request) */
  private scheduleRefresh() {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.loadFriends();
    }, 250);
  }

  // ---- friends ----------------------------------------------------------------------------

  search(markId: string): Promise<TSearchResult> {
    return this.m.chat33.search.query({ markId: markId.trim() });
  }

  async addFriend(id: string, reason: string, remark?: string) {
    await this.m.friend.add.mutate({ id, reason, ...(remark ? { remark } : {}) });
    void this.loadRequests();
  }

  /** answer a request: `requesterId` is the user who asked */
  async respond(requesterId: string, agree: boolean) {
    await this.m.friend.response.mutate({ id: requesterId, agree: agree ? 1 : 2 });
    await Promise.all([this.loadRequests(), agree ? this.loadFriends() : Promise.resolve()]);
  }

  /** an owner's or admin's answer to someone who asked to join a group */
  async respondToGroup(a: TApply, agree: boolean) {
    const roomId = a.roomId ?? a.receiveInfo.id;
    await this.groups.approve(roomId, a.senderInfo.id, agree);
    const requests = this.snap.requests.map((x) => (applyKey(x) === applyKey(a) ? { ...x, status: agree ? 3 : 2 } : x));
    this.patch({ requests, pendingRequests: this.countPending(requests) });
    void this.loadRequests();
  }

  /** ask to join a group found by its Parley ID; true when I am in at once (an open group) */
  async applyToGroup(roomId: string, reason: string) {
    const joined = await this.groups.apply(roomId, reason);
    if (!joined) void this.loadRequests();
    return joined;
  }

  async deleteFriend(id: string) {
    await this.m.friend.delete.mutate({ id });
    const key = conversationKey(3, id);
    this.dropStore(key);
    this.patch({ rows: this.snap.rows.filter((r) => r.key !== key), ...(this.snap.activeKey === key ? { activeKey: null } : {}) });
  }

  async setRemark(id: string, remark: string) {
    await this.m.friend.setRemark.mutate({ id, remark });
    this.patchFriend(id, { remark });
  }

  async setMuted(id: string, muted: boolean) {
    await this.m.friend.setNoDisturbing.mutate({ id, setNoDisturbing: muted ? 1 : 2 });
    this.patchFriend(id, { noDisturbing: muted ? 1 : 2 });
  }

  async setPinned(id: string, pinned: boolean) {
    await this.m.friend.stickyOnTop.mutate({ id, stickyOnTop: pinned ? 1 : 2 });
    this.patchFriend(id, { onTop: pinned ? 1 : 2 });
  }

  // ---- me ---------------------------------------------------------------------------------

  async editNickname(nickname: string) {
    await this.m.user.editNickname.mutate({ nickname });
    if (this.snap.me) this.patch({ me: { ...this.snap.me, username: nickname } });
  }

  /** upload a picture, then make it my avatar */
  async editAvatar(file: Blob) {
    const res = await fetch("/api/upload", { method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream", "x-parley-locale": this.opts.locale() } });
    let body: { url?: string; message?: string } = {};
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    if (!res.ok || !body.url) throw new Error(body.message ?? `upload failed (${res.status})`);
    await this.m.user.editAvatar.mutate({ avatar: body.url });
    if (this.snap.me) this.patch({ me: { ...this.snap.me, avatar: body.url } });
  }

  async setPassword(password: string, oldPassword?: string) {
    await this.m.user.setPassword.mutate({ password, ...(oldPassword ? { oldPassword } : {}) });
  }

  dismissToast() {
    this.patch({ toast: null });
  }

  // ---- internals --------------------------------------------------------------------------

  private toast(text: string, kind: "request" | "accepted" | "info" | "warning") {
    this.patch({ toast: { id: ++this.toastSeq, text, kind } });
  }

  private countPending(requests: TApply[]) {
    const me = this.snap.me?.id;
    // a friend request to me; an application to a group I run (the server lists those to its owners and admins)
    return requests.filter((r) => r.status === 1 && (r.type === 1 ? r.senderInfo.id !== me : r.receiveInfo.id === me)).length;
  }

  private dropStore(key: string) {
    this.stores.get(key)?.dispose();
    this.stores.delete(key);
    this.started.delete(key);
    this.lastMarked.delete(key);
  }

  private patchFriend(id: string, p: Partial<TFriend>) {
    const key = conversationKey(3, id);
    const row = this.snap.rows.find((r) => r.key === key);
    if (row) this.patchRow(key, { friend: { ...row.friend, ...p } });
  }

  private patchRow(key: string, p: Partial<ConversationRow>) {
    const rows = this.snap.rows.map((r) => (r.key === key ? { ...r, ...p } : r)).sort(byOrder);
    this.patch({ rows });
  }

  private patch(p: Partial<MessengerSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}

/** the unread count the tab title shows (muted chats do not count, as in every messenger) */
export function titleUnread(rows: ConversationRow[], groups: GroupRow[] = []): number {
  return rows.reduce((n, r) => n + (r.friend.noDisturbing === 1 ? 0 : r.unread), 0) + groupsUnread(groups);
}

/** one conversation of the list: a friend's or a group's */
export type ListEntry = { kind: "friend"; key: string; row: ConversationRow; pinned: boolean; activeAt: number } | { kind: "group"; key: string; row: GroupRow; pinned: boolean; activeAt: number };

/** friends and groups in one list: pinned first, then the newest activity */
export function mergedList(rows: ConversationRow[], groups: GroupRow[]): ListEntry[] {
  const all: ListEntry[] = [
    ...rows.map((row) => ({ kind: "friend" as const, key: row.key, row, pinned: row.friend.onTop === 1, activeAt: row.activeAt })),
    ...groups.map((row) => ({ kind: "group" as const, key: row.key, row, pinned: row.group.onTop === 1, activeAt: row.activeAt })),
  ];
  return all.sort(pinnedFirst((e) => e.pinned));
}
